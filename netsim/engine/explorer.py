"""Too small, too big, just right (seed 000): the same network trained with several
learning rates from IDENTICAL initial weights, side by side.

Each rate is one Trainer run (a loop over runs, not one batched computation: the Trainer
is the single source of truth for sgd/minibatch/batch, momentum and schedules, so each
curve is exactly what pressing Train would give). The verdict reads the epoch errors:

    diverged     the weights or the error stopped being finite
    converged    the error reached settings.target_error
    oscillating  too big: the error went up in at least OSCILLATING of the epochs of the
                 last half, or ended above where it started (it jumped out of the valley)
    slow         a target_error is set and was not reached, though the error fell
    ok           no target_error is set and the error fell
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np

from .dataset import Dataset
from .network import Network
from .settings import TrainingSettings
from .trainer import Trainer

OSCILLATING = 0.25  # share of late epochs in which the error went up
MAX_SWEEP = 50


@dataclass
class Exploration:
    learning_rate: float
    history: list[float] = field(default_factory=list)  # epoch errors
    verdict: str = "ok"  # diverged | oscillating | converged | slow | ok
    stopped: str = "max_epochs"  # as TrainResult.stopped

    @property
    def final(self) -> float:
        """The last epoch error; inf when the run diverged."""
        if self.verdict == "diverged" or not self.history:
            return math.inf
        return self.history[-1]

    def __repr__(self) -> str:
        return (f"Exploration(α={self.learning_rate:g}, {len(self.history)} epochs, "
                f"final {self.final:.4g}, {self.verdict})")


def verdict(history: list[float], stopped: str, target: float | None) -> str:
    if stopped == "diverged" or not all(map(math.isfinite, history)):
        return "diverged"
    if stopped == "target_error":
        return "converged"
    late = np.diff(history[len(history) // 2:])
    if (late.size and np.mean(late > 0) >= OSCILLATING) or history[-1] > history[0]:
        return "oscillating"
    return "slow" if target is not None else "ok"


def explore(network: Network, dataset: Dataset, learning_rates, settings: TrainingSettings,
            epochs: int | None = None) -> list[Exploration]:
    """One run per learning rate, each from the network's current weights, for `epochs`
    epochs (default settings.max_epochs), stopping early at target_error or divergence."""
    w0 = np.asarray(network.weights(), dtype=float)
    runs = []
    for lr in learning_rates:
        trainer = Trainer(network, dataset, replace(settings, learning_rate=float(lr)),
                          weights=w0)
        result = trainer.run(epochs)
        judged = verdict(result.history, result.stopped, settings.target_error)
        runs.append(Exploration(float(lr), list(result.history), judged, result.stopped))
    return runs


def sweep(network: Network, dataset: Dataset, learning_rates, settings: TrainingSettings,
          epochs: int | None = None) -> np.ndarray:
    """The final epoch error for each of up to MAX_SWEEP learning rates (inf: diverged)."""
    rates = list(learning_rates)
    if not 1 <= len(rates) <= MAX_SWEEP:
        raise ValueError(f"a sweep takes 1 to {MAX_SWEEP} learning rates, not {len(rates)}")
    return np.array([run.final for run in explore(network, dataset, rates, settings, epochs)])

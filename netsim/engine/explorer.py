"""Too small, too big, just right (seed 000): the same network trained with several
learning rates from IDENTICAL initial weights, side by side. And seed 001's "tanh often
trains better than sigmoid": copies whose hidden neurons take sigmoid, tanh or ReLU,
from the same weights, side by side (compare_activations).

All the rates train as ONE computation (clones.Clones), epoch by epoch side by side, not
one run after another: every copy sees the same rows in the same order (one shuffle per
epoch from settings.seed, as Trainer draws it), so each curve is what pressing Train
with that rate would give; the tests hold every curve to an independent Trainer run. A
copy that diverges or reaches the target error stops there, keeping its last finite
weights, while the others go on.

The verdict reads the epoch errors:

    diverged     the weights or the error stopped being finite
    converged    the error reached settings.target_error
    oscillating  too big: the error went up by more than RISE of itself in at least
                 OSCILLATING of the epochs of the last half, or ended more than RISE above
                 where it started (it jumped out of the valley)
    overshot     too big at first: the first epoch left the error above its value before
                 training (the steps jumped past the valley), though it came down later
    slow         a target_error is set and was not reached, though the error fell
    ok           no target_error is set and the error fell
"""
from __future__ import annotations

import math
from typing import Callable
from dataclasses import dataclass, field

import numpy as np

from .clones import Clones
from .compiled import Compiled
from .gradcheck import mean_error
from .dataset import Dataset
from .network import Network
from .settings import TrainingSettings
from .trainer import TrainingError, problem

OSCILLATING = 0.25  # share of late epochs in which the error went up
# A rise counts when the error grows by more than RISE of itself in one epoch. Steps that
# jump across a valley move the error by a sizeable part of itself (near the floor each
# step multiplies the distance to it by |1 − α·J″|): the rises of the examples' too-big
# rates are 1% to 70% of the error. A run resting on a plateau or a saddle still wobbles,
# by a hundred-millionth of the error (XOR at α = 0.2 rises by 2e-9 at J = 1/8): that is
# no oscillation. 0.1% sits between the two, a decade below the smallest real swing,
# and a rise of 0.1% of J is under a pixel on a plot a few hundred pixels high.
RISE = 1e-3
MAX_SWEEP = 50
COMPARED = ("sigmoid", "tanh", "relu")  # the hidden activations compare_activations tries


@dataclass
class Exploration:
    learning_rate: float
    history: list[float] = field(default_factory=list)  # epoch errors
    verdict: str = "ok"  # diverged | oscillating | overshot | converged | slow | ok
    stopped: str = "max_epochs"  # as TrainResult.stopped
    activation: str | None = None  # the hidden neurons' activation (compare_activations)

    @property
    def final(self) -> float:
        """The last epoch error; inf when the run diverged."""
        if self.verdict == "diverged" or not self.history:
            return math.inf
        return self.history[-1]

    def __repr__(self) -> str:
        what = f"{self.activation}, " if self.activation else ""
        return (f"Exploration({what}α={self.learning_rate:g}, {len(self.history)} epochs, "
                f"final {self.final:.4g}, {self.verdict})")


def verdict(history: list[float], stopped: str, target: float | None,
            start: float | None = None) -> str:
    """The verdict on a run's epoch errors; `start` is the error before training."""
    if stopped == "diverged" or not all(map(math.isfinite, history)):
        return "diverged"
    if stopped == "target_error":
        return "converged"
    late = np.asarray(history[len(history) // 2:], dtype=float)
    rises = np.diff(late) > RISE * late[:-1]
    if history and ((rises.size and np.mean(rises) >= OSCILLATING)
                    or history[-1] > (1 + RISE) * history[0]):  # (none: stopped at once)
        return "oscillating"
    if start is not None and history and history[0] > start:
        return "overshot"
    return "slow" if target is not None else "ok"


def explore(network: Network, dataset: Dataset, learning_rates, settings: TrainingSettings,
            epochs: int | None = None,
            progress: Callable[[int, int], None] | None = None,
            should_stop: Callable[[], bool] | None = None) -> list[Exploration]:
    """One run per learning rate, all from the network's current weights, for `epochs`
    epochs (default settings.max_epochs), each stopping early at target_error or
    divergence. progress(epoch, epochs) follows every epoch; should_stop() is asked before
    every epoch, and when it says yes every run ends "cancelled" where it is."""
    rates = np.asarray([float(r) for r in learning_rates], dtype=float)
    reason = problem(network, dataset, settings)
    if reason:
        raise TrainingError(reason)
    if rates.size == 0:
        return []
    runs = [Exploration(float(r)) for r in rates]
    clones = Clones(network, dataset, settings, rates=rates)
    _train_together([(clones, runs)], settings.max_epochs if epochs is None else epochs,
                    progress, should_stop)
    start = mean_error(Compiled(network, dataset.inputs, dataset.targets, settings.loss),
                       dataset.training())
    for run in runs:
        run.verdict = verdict(run.history, run.stopped, settings.target_error, start)
    return runs


def _train_together(groups, total: int, progress, should_stop) -> None:
    """Train each group's Clones epoch by epoch side by side, the group's Explorations
    (one per copy) keeping each copy's epoch errors and why it stopped."""
    for epoch in range(total):
        if not any(clones.active.any() for clones, _ in groups):
            break
        if should_stop and should_stop():
            for clones, runs in groups:
                for k in np.flatnonzero(clones.active):
                    runs[k].stopped = "cancelled"
            break
        for clones, runs in groups:
            if not clones.active.any():
                continue
            trained, errors, stopped = clones.train_epoch(epoch)
            for k in trained:
                if stopped.get(k) != "diverged":
                    runs[k].history.append(float(errors[k]))
            for k, why in stopped.items():
                runs[k].stopped = why
        if progress:
            progress(epoch + 1, total)


def compare_activations(network: Network, dataset: Dataset, settings: TrainingSettings,
                        activations=COMPARED, epochs: int | None = None,
                        progress: Callable[[int, int], None] | None = None,
                        should_stop: Callable[[], bool] | None = None) -> list[Exploration]:
    """Seed 001: "tanh often trains better than sigmoid". One run per activation, each on
    a copy of the network whose hidden neurons all take that activation (the outputs keep
    theirs), all from the network's current weights and the same rows in the same order,
    side by side, stopping as explore() does. Each run's `activation` names it."""
    hidden = [n.id for n in network.neurons.values() if n.role == "hidden"]
    if not hidden:
        raise TrainingError("the network has no hidden neurons whose activation could change")
    reason = problem(network, dataset, settings)
    if reason:
        raise TrainingError(reason)
    groups, starts = [], []
    for name in activations:
        copy = network.copy()
        for nid in hidden:
            copy.set_activation(nid, name)
        runs = [Exploration(settings.learning_rate, activation=name)]
        groups.append((Clones(copy, dataset, settings, rates=[settings.learning_rate]), runs))
        starts.append(mean_error(Compiled(copy, dataset.inputs, dataset.targets,
                                          settings.loss), dataset.training()))
    _train_together(groups, settings.max_epochs if epochs is None else epochs, progress,
                    should_stop)
    out = []
    for (_, [run]), start in zip(groups, starts):
        run.verdict = verdict(run.history, run.stopped, settings.target_error, start)
        out.append(run)
    return out


def best(runs: list[Exploration]) -> Exploration | None:
    """The run that did best: the first to converge (fewest epochs), else the lowest
    final error; None when every run diverged."""
    converged = [r for r in runs if r.verdict == "converged"]
    if converged:
        return min(converged, key=lambda r: len(r.history))
    finite = [r for r in runs if math.isfinite(r.final)]
    return min(finite, key=lambda r: r.final) if finite else None


def sweep(network: Network, dataset: Dataset, learning_rates, settings: TrainingSettings,
          epochs: int | None = None) -> np.ndarray:
    """The final epoch error for each of up to MAX_SWEEP learning rates (inf: diverged)."""
    rates = list(learning_rates)
    if not 1 <= len(rates) <= MAX_SWEEP:
        raise ValueError(f"a sweep takes 1 to {MAX_SWEEP} learning rates, not {len(rates)}")
    return np.array([run.final for run in explore(network, dataset, rates, settings, epochs)])

"""Too small, too big, just right (seed 000): the same network trained with several
learning rates from IDENTICAL initial weights, side by side.

All the rates train as ONE computation: the network is compiled once with a stack of K
weight sets (Compiled.stack), and every forward and backward pass runs the K copies in
the same matmuls, each copy stepping with its own learning rate. Every copy sees the same
rows in the same order (one shuffle per epoch from settings.seed, as Trainer draws it),
so each curve is what pressing Train with that rate would give; the tests hold every
curve to an independent Trainer run. A copy that diverges or reaches the target error
stops there, keeping its last finite weights, while the others go on.

The verdict reads the epoch errors:

    diverged     the weights or the error stopped being finite
    converged    the error reached settings.target_error
    oscillating  too big: the error went up in at least OSCILLATING of the epochs of the
                 last half, or ended above where it started (it jumped out of the valley)
    slow         a target_error is set and was not reached, though the error fell
    ok           no target_error is set and the error fell
"""
from __future__ import annotations

import math
from typing import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from .compiled import Compiled
from .dataset import Dataset
from .network import Network
from .settings import TrainingSettings
from .trainer import TrainingError, problem

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
    clones = Clones(network, dataset, settings, rates)
    total = settings.max_epochs if epochs is None else epochs
    for epoch in range(total):
        if not clones.active.any():
            break
        if should_stop and should_stop():
            for k in np.flatnonzero(clones.active):
                runs[k].stopped = "cancelled"
            break
        for k, err, stopped in clones.train_epoch(epoch):
            if stopped != "diverged":
                runs[k].history.append(err)
            if stopped:
                runs[k].stopped = stopped
        if progress:
            progress(epoch + 1, total)
    for run in runs:
        run.verdict = verdict(run.history, run.stopped, settings.target_error)
    return runs


class Clones:
    """K copies of one network, each with its own learning rate, trained together."""

    def __init__(self, network: Network, dataset: Dataset, settings: TrainingSettings,
                 rates: np.ndarray):
        self.settings = [replace(settings, learning_rate=float(r)) for r in rates]
        self.target = settings.target_error
        dataset = dataset.training()  # as Trainer: the held-out test rows are not trained on
        self.compiled = Compiled(network, dataset.inputs, dataset.targets, settings.loss)
        self.compiled.stack(len(rates))
        self.params = self.compiled.params()
        self.velocity = [np.zeros_like(p.weights) for p in self.params]
        self.active = np.ones(len(rates), dtype=bool)
        self.x, self.y = dataset.x.copy(), dataset.y.copy()
        size = {"sgd": 1, "minibatch": settings.batch_size, "batch": len(dataset)}
        self.batch = min(size[settings.mode], len(dataset))
        self.shuffle, self.momentum = settings.shuffle, settings.momentum
        self.rng = np.random.default_rng(settings.seed)  # the draws Trainer makes

    def train_epoch(self, epoch: int) -> list[tuple[int, float, str | None]]:
        """One epoch for every active copy: (copy, epoch error, why it stopped or None)."""
        n = len(self.x)
        order = self.rng.permutation(n) if self.shuffle else np.arange(n)
        rates = np.array([s.learning_rate_at(epoch) for s in self.settings])
        rates[~self.active] = 0.0
        before = [p.weights.copy() for p in self.params], [v.copy() for v in self.velocity]
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for start in range(0, n, self.batch):
                rows = order[start:start + self.batch]
                self._step(self.x[rows], self.y[rows], rates)
            state = self.compiled.forward(self.x)
            errors = np.mean(self.compiled.row_errors(state, self.y), axis=-1)
        finite = np.isfinite(errors) & np.all(
            [np.isfinite(p.weights).all(axis=(-2, -1)) for p in self.params], axis=0)
        idle = ~self.active | ~finite  # these keep the weights they had before the epoch
        report = []
        for k in np.flatnonzero(self.active):
            stopped = None
            if not finite[k]:
                stopped = "diverged"
            elif self.target is not None and errors[k] <= self.target:
                stopped = "target_error"
            report.append((int(k), float(errors[k]), stopped))
            if stopped:
                self.active[k] = False
        for p, v, w0, v0 in zip(self.params, self.velocity, *before):
            p.weights[idle] = w0[idle]
            v[idle] = v0[idle]
        return report

    def _step(self, x: np.ndarray, y: np.ndarray, rates: np.ndarray) -> None:
        state = self.compiled.forward(x)
        grads = self.compiled.backward(state, y)
        scale = (rates / len(x))[:, None, None]  # the average gradient over the batch
        for p, g, v in zip(self.params, grads, self.velocity):
            g *= scale
            if p.mask is not None:
                g *= p.mask
            if self.momentum:
                v *= self.momentum
                v -= g
                p.weights += v
            else:
                p.weights -= g

    def weights(self) -> np.ndarray:
        """(K, connections): every copy's weights in the network's connection order."""
        return self.compiled.get_weights()


def sweep(network: Network, dataset: Dataset, learning_rates, settings: TrainingSettings,
          epochs: int | None = None) -> np.ndarray:
    """The final epoch error for each of up to MAX_SWEEP learning rates (inf: diverged)."""
    rates = list(learning_rates)
    if not 1 <= len(rates) <= MAX_SWEEP:
        raise ValueError(f"a sweep takes 1 to {MAX_SWEEP} learning rates, not {len(rates)}")
    return np.array([run.final for run in explore(network, dataset, rates, settings, epochs)])

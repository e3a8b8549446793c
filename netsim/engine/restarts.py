"""Random restarts side by side (seed 002): R runs from R random starts trained as one
stacked computation (clones.Clones), not one Trainer after another.

Run r starts from the weights initial_weights draws with seed (settings.seed, r), as in
trainer.train_with_restarts, and every run sees the rows in the same order: Trainer
draws one shuffle per epoch from settings.seed, the same for every run, and so does
Clones. So each run here is the run train_with_restarts trains: the same epochs and
epoch errors (up to rounding: the tests hold them to 1e-12), each run stopping on its
own at the target error or when it diverges (keeping its last finite weights), and the
best run chosen alike (the lowest final training error, the first of equals).

The stacked arrays grow with the runs; runs of a big network go in groups of as many as
GROUP_BYTES holds, one group after another (a 784-128-10 network on 10,000 rows: one run
a group; XOR: all 1,000 at once). should_stop() is asked before every epoch; when it
says yes, the runs under way end where they are ("cancelled", as a stopped Trainer run)
and the groups not begun are not trained.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .clones import Clones
from .dataset import Dataset
from .init import initial_weights
from .network import Network
from .settings import TrainingSettings
from .trainer import (RestartResult, TrainingError, TrainResult, batch_size, diverged_text,
                      gradient_warnings, problem, reached_text)

GROUP_BYTES = 256 * 2 ** 20  # the stacked arrays of the runs training together, at most


@dataclass
class Side:
    """Where runs side by side are: runs first .. first + count - 1 (from 0) of `runs`
    have trained `epoch` of at most `epochs` epochs each."""
    first: int
    count: int
    runs: int
    epoch: int
    epochs: int
    trained: int  # epochs trained so far by all the runs together
    latest: np.ndarray  # every run's last epoch error so far (inf: none yet)

    @property
    def best(self) -> float:
        """The lowest last epoch error among the runs (inf: none yet)."""
        return float(self.latest.min())

    def __repr__(self) -> str:
        return (f"Side(runs {self.first + 1}-{self.first + self.count} of {self.runs}, "
                f"epoch {self.epoch} of {self.epochs}, best {self.best:.6g})")


def group_size(network: Network, dataset: Dataset, settings: TrainingSettings,
               runs: int) -> int:
    """How many runs train together: as many as GROUP_BYTES holds, counting for each its
    weights (with velocity, the copies kept against divergence and the gradients), the
    values of every neuron over the rows of an epoch error, and those of a batch
    through the forward and backward passes."""
    rows, neurons = len(dataset), len(network.neurons)
    batch = batch_size(settings, len(dataset.training()))
    floats = 6 * len(network.connections) + 3 * neurons * rows + 6 * neurons * batch
    return max(1, min(runs, GROUP_BYTES // (8 * floats)))


def train_side_by_side(network: Network, dataset: Dataset, settings: TrainingSettings,
                       restarts: int | None = None,
                       progress: Callable[[Side], None] | None = None,
                       should_stop: Callable[[], bool] | None = None) -> RestartResult:
    """train_with_restarts, with the runs trained side by side. progress(side) follows
    every epoch (the same Side, updated)."""
    runs = settings.restarts if restarts is None else restarts
    if runs < 1:
        raise TrainingError("restarts must be at least 1")
    reason = problem(network, dataset, settings)
    if reason:
        raise TrainingError(reason)
    warnings = gradient_warnings(network, dataset, settings)
    group = group_size(network, dataset, settings, runs)
    side = Side(0, 0, runs, 0, settings.max_epochs, 0, np.full(runs, math.inf))
    results: list[TrainResult] = []
    errors: list[float] = []
    best_w = None
    for first in range(0, runs, group):
        if first and should_stop and should_stop():
            break
        side.first, side.count, side.epoch = first, min(group, runs - first), 0
        starts = np.array([initial_weights(network, settings.init, settings.init_scale,
                                           [settings.seed, r])
                           for r in range(first, first + side.count)])
        found, weights = _Group(network, dataset, settings, starts).train(
            side, progress, should_stop)
        finals = [math.inf if r.error is None else r.error for r in found]
        k = int(np.argmin(finals))
        if best_w is None or finals[k] < min(errors):
            best_w = weights[k]
        for r in found:
            r.warnings = list(warnings)
        results += found
        errors += finals
        if any(r.stopped == "cancelled" for r in found):
            break
    return RestartResult(int(np.argmin(errors)), best_w, errors, results)


class _Group:
    """Runs training together, and the record of their epochs."""

    def __init__(self, network: Network, dataset: Dataset, settings: TrainingSettings,
                 starts: np.ndarray):
        self.settings = settings
        self.clones = Clones(network, dataset, settings, weights=starts)
        self.errors: list[np.ndarray] = []  # per epoch, every run's epoch error
        self.tests: list[np.ndarray] = []  # the same on the held-out rows
        self.ends: dict[int, tuple[str, int, str]] = {}  # run -> why, epochs, message

    def __repr__(self) -> str:
        return f"_Group({self.clones!r}, {len(self.errors)} epochs)"

    def train(self, side: Side, progress, should_stop) -> tuple[list[TrainResult], np.ndarray]:
        """Train every run to its end; returns their results and final weights."""
        clones, latest = self.clones, side.latest[side.first:side.first + side.count]
        for epoch in range(self.settings.max_epochs):
            if not clones.active.any():
                break
            if should_stop and should_stop():
                for k in np.flatnonzero(clones.active):
                    self.ends[int(k)] = ("cancelled", epoch, "training was stopped")
                break
            trained, errors, stopped = clones.train_epoch(epoch)
            self._record(epoch, errors, stopped)
            side.epoch, side.trained = epoch + 1, side.trained + len(trained)
            np.copyto(latest, errors, where=~np.isnan(errors))
            if progress:
                progress(side)
        return self._results(), clones.weights()

    def _record(self, epoch: int, errors: np.ndarray, stopped: dict[int, str]) -> None:
        tests = self.clones.test_errors()
        for k, why in stopped.items():
            if why == "diverged":
                rate = self.clones.rates_at(epoch)[k]
                self.ends[k] = (why, epoch, diverged_text(epoch + 1, errors[k], rate))
                errors[k] = math.nan  # no epoch error: the weights are those from before
            else:
                target = self.settings.target_error
                self.ends[k] = (why, epoch + 1, reached_text(target, epoch + 1))
        self.errors.append(errors)
        if tests is not None:
            self.tests.append(tests)

    def _results(self) -> list[TrainResult]:
        done, runs = len(self.errors), len(self.clones.rates)
        # run by run, each run's epochs side by side in memory (a quick tolist)
        errors = np.array(self.errors, dtype=float).reshape(done, runs).T.copy()
        tests = np.array(self.tests, dtype=float).reshape(len(self.tests), runs).T.copy()
        out = []
        for k in range(runs):
            why, epochs, message = self.ends.get(k, ("max_epochs", done, None))
            history = errors[k, :epochs].tolist()
            out.append(TrainResult(epochs, history[-1] if history else None, history, why,
                                   message, test_history=tests[k, :epochs].tolist()
                                   if self.tests else []))
        return out

"""Clones: K copies of one network, each with its own learning rate, trained together.

Every epoch draws one order of the rows (from settings.seed, as Trainer does) and takes
every active copy through it. Two ways, chosen by the amount of work:

- stacked: the network compiled once with K weight sets (Compiled.stack); every forward
  and backward pass runs the K copies in the same matmuls. It pays one set of NumPy calls
  for all K copies, so it wins when there are many copies or much arithmetic;
- lockstep: a tiny network, few copies: NumPy's per-call cost would dwarf the arithmetic,
  so each copy runs the epoch through the generated straight-line kernel (kernel.py)
  that Trainer itself uses, one copy after the other within the epoch.

Either way a copy that diverges keeps the weights from before that epoch and stops, as
does one that reaches the target error (with its weights).
"""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from .compiled import Compiled
from .dataset import Dataset
from .kernel import ScalarKernel
from .network import Network
from .settings import TrainingSettings
from .trainer import SCALAR_BATCH, SCALAR_LIMIT, batch_size

LOCKSTEP_WORK = 200  # copies x connections up to which the lockstep way is quicker

Report = list[tuple[int, float, str | None]]  # (copy, epoch error, why it stopped or None)


class Clones:
    def __init__(self, network: Network, dataset: Dataset, settings: TrainingSettings,
                 rates: np.ndarray):
        self.settings = [replace(settings, learning_rate=float(r)) for r in rates]
        self.target = settings.target_error
        dataset = dataset.training()  # as Trainer: the held-out test rows are not trained on
        self.compiled = Compiled(network, dataset.inputs, dataset.targets, settings.loss)
        self.active = np.ones(len(rates), dtype=bool)
        self.x, self.y = dataset.x.copy(), dataset.y.copy()
        self.batch = batch_size(settings, len(dataset))
        self.shuffle, self.momentum = settings.shuffle, settings.momentum
        self.rng = np.random.default_rng(settings.seed)  # the draws Trainer makes
        connections = len(network.connections)
        self.lockstep = (self.batch <= SCALAR_BATCH and connections <= SCALAR_LIMIT
                         and len(rates) * connections <= LOCKSTEP_WORK)
        if self.lockstep:
            self.kernel = ScalarKernel(network, dataset.inputs, dataset.targets,
                                       settings.loss, settings.momentum > 0)
            start = [float(w) for w in self.compiled.get_weights()]
            self.w = [start[:] for _ in rates]
            self.v = [[0.0] * len(start) for _ in rates]
            self.xl, self.yl = self.x.tolist(), self.y.tolist()
        else:
            self.compiled.stack(len(rates))
            self.params = self.compiled.params()
            self.velocity = [np.zeros_like(p.weights) for p in self.params]

    def __repr__(self) -> str:
        way = "lockstep" if self.lockstep else "stacked"
        return f"Clones({len(self.settings)} copies, {way}, {self.active.sum()} active)"

    def train_epoch(self, epoch: int) -> Report:
        """One epoch for every active copy."""
        n = len(self.x)
        order = self.rng.permutation(n) if self.shuffle else np.arange(n)
        rates = np.array([s.learning_rate_at(epoch) for s in self.settings])
        rates[~self.active] = 0.0
        if self.lockstep:
            errors, finite = self._lockstep_epoch(order, rates)
        else:
            errors, finite = self._stacked_epoch(order, rates)
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
        return report

    def weights(self) -> np.ndarray:
        """(K, connections): every copy's weights in the network's connection order."""
        if self.lockstep:
            return np.array(self.w)
        return self.compiled.get_weights()

    # ---- lockstep: the generated kernel, copy by copy --------------------------------
    def _lockstep_epoch(self, order: np.ndarray, rates: np.ndarray):
        errors = np.full(len(rates), math.nan)
        finite = np.ones(len(rates), dtype=bool)
        rows = order.tolist()
        for k in np.flatnonzero(self.active):
            before = self.w[k][:], self.v[k][:]
            args = (self.xl, self.yl, rows, self.w[k], self.v[k], float(rates[k]),
                    self.momentum)
            try:
                if self.batch == 1:
                    self.kernel.sgd_epoch(*args)
                else:
                    self.kernel.batch_epoch(*args, self.batch)
                errors[k] = self.kernel.epoch_error(self.xl, self.yl, self.w[k])
                finite[k] = math.isfinite(errors[k]) and all(map(math.isfinite, self.w[k]))
            except (OverflowError, FloatingPointError):
                finite[k] = False
            if not finite[k]:
                self.w[k][:], self.v[k][:] = before
        return errors, finite

    # ---- stacked: K weight sets in the same matmuls ----------------------------------
    def _stacked_epoch(self, order: np.ndarray, rates: np.ndarray):
        before = [p.weights.copy() for p in self.params], [v.copy() for v in self.velocity]
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for start in range(0, len(order), self.batch):
                rows = order[start:start + self.batch]
                self._step(self.x[rows], self.y[rows], rates)
            state = self.compiled.forward(self.x)
            errors = np.mean(self.compiled.row_errors(state, self.y), axis=-1)
        finite = np.isfinite(errors) & np.all(
            [np.isfinite(p.weights).all(axis=(-2, -1)) for p in self.params], axis=0)
        idle = ~self.active | ~finite  # these keep the weights they had before the epoch
        for p, v, w0, v0 in zip(self.params, self.velocity, *before):
            p.weights[idle] = w0[idle]
            v[idle] = v0[idle]
        return errors, finite

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

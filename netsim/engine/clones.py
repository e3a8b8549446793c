"""Clones: K copies of one network trained together, each with its own learning rate and
its own initial weights (the step-size explorer gives them one start and K rates, random
restarts K starts and one rate).

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

from . import perceptron
from .compiled import Compiled
from .dataset import Dataset
from .kernel import ScalarKernel
from .network import Network
from .settings import TrainingSettings
from .trainer import TrainingError, batch_size, kernel_penalty, piece_penalties, scalar

LOCKSTEP_WORK = 200  # copies x connections up to which the lockstep way is quicker

# One epoch of every copy: the copies that trained in it, every copy's epoch error (nan
# for those that did not train), and the copies that stopped in it with why
# ("diverged" or "target_error").
Report = tuple[np.ndarray, np.ndarray, dict[int, str]]


class Clones:
    def __init__(self, network: Network, dataset: Dataset, settings: TrainingSettings,
                 rates=None, weights=None):
        """K copies: `rates` (K learning rates; default settings.learning_rate for every
        copy) and `weights` ((K, connections) initial weights in connection order;
        default the network's own for every copy). K is the length of whichever is
        given; both given, they must agree."""
        if settings.mode == "perceptron":  # its rule goes one network at a time
            raise TrainingError(perceptron.SIDE_BY_SIDE)
        copies = len(rates) if rates is not None else len(weights)
        rates = np.full(copies, settings.learning_rate) if rates is None else \
            np.asarray(rates, dtype=float)
        if weights is not None and len(weights) != copies:
            raise ValueError(f"{copies} learning rates but {len(weights)} sets of weights")
        # The schedule gives each distinct rate its rate of the epoch (settings.
        # learning_rate_at), worked out once per distinct rate, not once per copy.
        distinct, self.rate_of = np.unique(rates, return_inverse=True)
        self.schedules = [replace(settings, learning_rate=float(r)) for r in distinct]
        self.rates = rates
        self.target = settings.target_error
        self.test = dataset.testing()  # the held-out rows, or None
        dataset = dataset.training()  # as Trainer: the held-out test rows are not trained on
        self.compiled = Compiled(network, dataset.inputs, dataset.targets, settings.loss)
        self.active = np.ones(copies, dtype=bool)
        self.x, self.y = dataset.x.copy(), dataset.y.copy()
        self.batch = batch_size(settings, len(dataset))
        self.shuffle, self.momentum = settings.shuffle, settings.momentum
        self.rng = np.random.default_rng(settings.seed)  # the draws Trainer makes
        connections = len(network.connections)
        self.lockstep = scalar(network, self.batch) and copies * connections <= LOCKSTEP_WORK
        if self.lockstep:
            self.kernel = ScalarKernel(network, dataset.inputs, dataset.targets,
                                       settings.loss, settings.momentum > 0,
                                       kernel_penalty(network, settings))
            start = self.compiled.get_weights() if weights is None else weights
            self.w = [[float(v) for v in w] for w in np.broadcast_to(
                start, (copies, connections))]
            self.v = [[0.0] * connections for _ in range(copies)]
            self.xl, self.yl = self.x.tolist(), self.y.tolist()
            if self.test is not None:
                self.test_xl, self.test_yl = self.test.x.tolist(), self.test.y.tolist()
        else:
            self.compiled.stack(copies)
            if weights is not None:
                self.compiled.set_weights(weights)
            self.params = self.compiled.params()
            self.velocity = [np.zeros_like(p.weights) for p in self.params]
            self.penalties = piece_penalties(self.params, settings)

    def __repr__(self) -> str:
        way = "lockstep" if self.lockstep else "stacked"
        return f"Clones({len(self.rates)} copies, {way}, {self.active.sum()} active)"

    def rates_at(self, epoch: int) -> np.ndarray:
        """Every copy's learning rate in this epoch (settings.learning_rate_at)."""
        return np.array([s.learning_rate_at(epoch) for s in self.schedules])[self.rate_of]

    def train_epoch(self, epoch: int) -> Report:
        """One epoch for every active copy."""
        n = len(self.x)
        order = self.rng.permutation(n) if self.shuffle else np.arange(n)
        rates = self.rates_at(epoch)  # (the stopped copies train on, then go back)
        active = self.active
        trained = np.flatnonzero(active)
        if self.lockstep:
            errors, finite = self._lockstep_epoch(order, rates)
        else:
            errors, finite = self._stacked_epoch(order, rates)
        if len(trained) < len(active):
            errors[~active] = math.nan
        stopped: dict[int, str] = {}
        if not finite.all():  # (rare)
            diverged = active & ~finite
            stopped.update((int(k), "diverged") for k in np.flatnonzero(diverged))
            active &= ~diverged
        if self.target is not None:
            reached = active & (errors <= self.target)
            if reached.any():
                stopped.update((int(k), "target_error") for k in np.flatnonzero(reached))
                active &= ~reached
        return trained, errors, stopped

    def weights(self) -> np.ndarray:
        """(K, connections): every copy's weights in the network's connection order."""
        if self.lockstep:
            return np.array(self.w)
        return self.compiled.get_weights()

    def test_errors(self) -> np.ndarray | None:
        """(K,): every copy's mean loss over the held-out rows with its current weights,
        as Trainer.test_error (None without held-out rows)."""
        if self.test is None:
            return None
        if self.lockstep:
            out = []
            for w in self.w:
                try:
                    out.append(self.kernel.epoch_error(self.test_xl, self.test_yl, w))
                except OverflowError:  # finite weights, but held-out rows far off: inf
                    out.append(math.inf)
            return np.array(out)
        return self._mean_errors(self.test.x, self.test.y)

    def _mean_errors(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """(K,): every copy's mean row loss over these rows. The sum over the rows is
        one matrix-vector product: NumPy's sum along a short last axis pays for every
        one of the K rows (1,000 copies of 4 rows: 33 us against 3)."""
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            state = self.compiled.forward(x)
            return (self.compiled.row_errors(state, y) @ np.ones(len(x))) / len(x)

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
        before = ([np.copy(p.weights, order="K") for p in self.params],
                  [np.copy(v, order="K") for v in self.velocity])
        # each copy's rate; one number when they share it (restarts): a (K, 1, 1) factor
        # costs more than the product
        rate = float(rates[0]) if (rates == rates[0]).all() else rates[:, None, None]
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for start in range(0, len(order), self.batch):
                rows = order[start:start + self.batch] if self.shuffle else \
                    slice(start, start + self.batch)  # rows in file order: no copies
                self._step(self.x[rows], self.y[rows], rate)
        errors = self._mean_errors(self.x, self.y)
        finite = np.isfinite(errors)
        if not all(np.isfinite(p.weights).all() for p in self.params):  # (rare) which?
            for p in self.params:
                finite &= np.isfinite(p.weights).reshape(len(finite), -1).all(axis=1)
        idle = ~self.active | ~finite  # these keep the weights they had before the epoch
        if idle.any():
            for p, v, w0, v0 in zip(self.params, self.velocity, *before):
                p.weights[idle] = w0[idle]
                v[idle] = v0[idle]
        return errors, finite

    def _step(self, x: np.ndarray, y: np.ndarray, rate) -> None:
        state = self.compiled.forward(x)
        grads = self.compiled.backward(state, y)
        scale = rate / len(x)  # the average gradient over the batch, times the rate
        for p, g, v, pen in zip(self.params, grads, self.velocity, self.penalties):
            g *= scale
            if pen:  # (rate is a number or one per copy, (K, 1, 1))
                g += rate * pen.term(p.weights)
            if p.mask is not None:
                g *= p.mask
            if self.momentum:
                v *= self.momentum
                v -= g
                p.weights += v
            else:
                p.weights -= g

"""Training: sgd, minibatch and batch gradient descent (seed 001), with learning-rate
schedules, momentum, shuffling, early stopping, divergence checks and random restarts;
and the perceptron rule (seed 000, perceptron.py) for one layer of sign or step neurons.

One epoch visits every training row once. The epoch error is the mean over those rows of
the per-row loss, computed with the weights at the end of the epoch. Rows the dataset holds
out for testing are never trained on; when there are some, the test error (the same mean
over the test rows, with the same weights) is kept for every epoch too.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from . import perceptron
from .activations import FLAT_ACTIVATIONS
from .compiled import Compiled
from .dataset import Dataset
from .init import initial_weights
from .kernel import ScalarKernel
from .network import Network
from .settings import TrainingSettings
from .text import connection_name

# Networks up to this many connections, in batches of up to SCALAR_BATCH rows, train in
# generated Python (kernel.py); the rest go through the NumPy blocks (compiled.py).
SCALAR_LIMIT = 400
SCALAR_BATCH = 32


def scalar(network: Network, rows: int) -> bool:
    """Whether batches of `rows` rows train through the generated kernel: a small network
    without a softmax group (the kernel writes out one neuron at a time)."""
    return (rows <= SCALAR_BATCH and len(network.connections) <= SCALAR_LIMIT
            and ScalarKernel.handles(network))


class TrainingError(ValueError):
    """Training cannot start; the message says why in one line."""


class Diverged(ArithmeticError):
    """The weights or the error stopped being finite numbers."""


def diverged_text(epoch: int, error: float, rate: float) -> str:
    """Why a run stopped in `epoch` (from 1), for a person."""
    return (f"training diverged in epoch {epoch}: the error became {error} with learning "
            f"rate {rate:g}; the weights from before that epoch are kept (try a smaller "
            f"learning rate)")


@dataclass
class TrainResult:
    epochs: int  # epochs run
    error: float | None  # final epoch error (None if no epoch ran)
    history: list[float] = field(default_factory=list)  # one epoch error per epoch
    stopped: str = "max_epochs"  # max_epochs | target_error | diverged | cancelled
    message: str | None = None  # why it stopped early, for a person
    warnings: list[str] = field(default_factory=list)
    test_history: list[float] = field(default_factory=list)  # test error per epoch (split)
    restarts: list["TrainResult"] = field(default_factory=list)  # each restart's own run
    best_restart: int | None = None  # with restarts: the index of the run kept
    # for class targets, where the training process measured it: (epoch, accuracy on the
    # training rows, on the held-out rows or nan), in epoch order (jobs/accuracy.py)
    accuracy: list[tuple[int, float, float]] = field(default_factory=list)

    def __repr__(self) -> str:
        err = "none" if self.error is None else f"{self.error:.6g}"
        test = f", test error {self.test_history[-1]:.6g}" if self.test_history else ""
        return f"TrainResult({self.epochs} epochs, error {err}{test}, {self.stopped})"


def reached_text(target: float, epoch: int) -> str:
    return f"reached the target error {target:g} in epoch {epoch}"


def problem(network: Network, dataset: Dataset | None, settings: TrainingSettings) -> str | None:
    """Why this network cannot be trained on this dataset with these settings, or None."""
    if dataset is None or len(dataset) == 0:
        return "there is no training data: the dataset has no rows"
    if len(dataset.training()) == 0:
        return "every row is held out for testing: there is no row to train on"
    return (settings.problem() or dataset.problem(network)
            or loss_problem(network, dataset, settings.loss)
            or (perceptron.problem(network, settings) if settings.mode == "perceptron"
                else None))


def loss_problem(network: Network, dataset: Dataset, loss: str) -> str | None:
    """Why `loss` cannot be worked out for these outputs and targets, or None."""
    if loss == "cross_entropy":
        # J is −Σ y ln o over a softmax group, or the binary form over sigmoid outputs:
        # one or the other, never both (squared error says how to add any outputs up).
        acts = [network.neurons[t].activation for t in dataset.targets]
        group = "softmax" in acts
        for t, act in zip(dataset.targets, acts):
            if group and act != "softmax":
                return (f"cross_entropy on a softmax group cannot mix in other outputs, but "
                        f"{network.neurons[t].name} uses {act}; make every output softmax or "
                        f"use squared_error")
            if not group and act != "sigmoid":
                return (f"cross_entropy needs sigmoid output neurons, but {network.neurons[t].name}"
                        f" uses {act}; use squared_error or make it sigmoid")
        y = dataset.y
        if y.size and (y.min() < 0 or y.max() > 1):
            return "cross_entropy needs targets between 0 and 1"
    return None


def gradient_warnings(network: Network, dataset: Dataset,
                      settings: TrainingSettings | None = None) -> list[str]:
    """Warn about trainable connections whose gradient is 0 because every path from them
    to a target passes through a step or sign neuron (their derivative is 0 everywhere);
    none in perceptron mode, whose rule needs no gradient."""
    if settings is not None and settings.mode == "perceptron":
        return []
    targets = set(dataset.targets)
    open_path: set[str] = set()  # computing neurons with a step-free path to a target
    for nid in reversed(network.topological_order()):
        n = network.neurons[nid]
        if not n.computes or n.activation in FLAT_ACTIVATIONS:
            continue
        if nid in targets or any(c.target in open_path for c in network.outgoing(nid)):
            open_path.add(nid)
    reaches = set(open_path)
    for nid in reversed(network.topological_order()):
        if any(c.target in reaches for c in network.outgoing(nid)) or nid in targets:
            reaches.add(nid)
    blocked = [c for c in network.connections
               if c.trainable and c.target not in open_path and c.target in reaches]
    if not blocked:
        return []
    flat = sorted({network.neurons[c.target].activation for c in blocked
                   if network.neurons[c.target].activation in FLAT_ACTIVATIONS}
                  | {n.activation for n in network.neurons.values()
                     if n.activation in FLAT_ACTIVATIONS and n.id in reaches})
    steps = sorted({network.neurons[c.target].name for c in blocked
                    if network.neurons[c.target].activation in FLAT_ACTIVATIONS}
                   | {n.name for n in network.neurons.values()
                      if n.activation in FLAT_ACTIVATIONS and n.id in reaches})
    kinds = " or ".join(flat)
    names = ", ".join(connection_name(network, c.key) for c in blocked[:4])
    more = f" and {len(blocked) - 4} more" if len(blocked) > 4 else ""
    has = "has" if len(flat) == 1 else "have"
    advice = " (train with mode perceptron)" if perceptron.problem(
        network, TrainingSettings()) is None else ""
    return [f"{len(blocked)} trainable connection(s) ({names}{more}) reach the outputs only "
            f"through {kinds} neurons ({', '.join(steps)}); {kinds} {has} derivative 0, so "
            f"their gradient is always 0 and they will not learn{advice}"]


def batch_size(settings: TrainingSettings, rows: int) -> int:
    """The rows each update averages over (seed 001): 1 in sgd mode, settings.batch_size
    in minibatch mode, every row in batch mode; never more than the `rows` trained on."""
    size = {"sgd": 1, "minibatch": settings.batch_size, "batch": rows,
            "perceptron": 1}[settings.mode]
    return min(size, rows)


@dataclass(frozen=True)
class Penalty:
    """L1 and L2 regularisation: the term l2·w + l1·sign(w) each update adds to the mean
    dJ/dw of the weights in `decay` (1 where it applies: trainable, and from a bias neuron
    only with regularise_bias; None: every weight)."""
    l1: float = 0.0
    l2: float = 0.0
    decay: np.ndarray | None = None

    def __bool__(self) -> bool:
        return bool(self.l1 or self.l2)

    def term(self, weights: np.ndarray) -> np.ndarray:
        """l2·w + l1·sign(w), where it applies (0 elsewhere)."""
        out = self.l2 * weights if self.l2 else np.zeros_like(weights)
        if self.l1:
            out += self.l1 * np.sign(weights)
        if self.decay is not None:
            out *= self.decay
        return out


def decay_mask(network: Network, settings: TrainingSettings) -> np.ndarray:
    """Per connection, in connection order: 1.0 where the L1/L2 penalty applies."""
    bias = {nid for nid, n in network.neurons.items() if n.role == "bias"}
    return np.fromiter((c.trainable and (settings.regularise_bias or c.source not in bias)
                        for c in network.connections), float, len(network.connections))


def piece_penalties(params, settings: TrainingSettings) -> list[Penalty]:
    """The penalty of each parameter array of Compiled.params(): a bias piece (segment −1)
    is left out unless settings.regularise_bias; frozen connections never decay."""
    out = []
    for p in params:
        decay = p.mask
        if p.segment < 0 and not settings.regularise_bias:
            decay = np.zeros(p.weights.shape[-2:])
        out.append(Penalty(settings.l1, settings.l2, decay))
    return out


def kernel_penalty(network: Network, settings: TrainingSettings) -> Penalty:
    """The penalty as the scalar kernel writes it out: per connection in `decay`."""
    if not settings.regularised:
        return Penalty()
    return Penalty(settings.l1, settings.l2, decay_mask(network, settings))


def descend(weights: np.ndarray, velocity: np.ndarray, gradient_sum: np.ndarray, rows: int,
            learning_rate: float, momentum: float, mask: np.ndarray | None = None,
            penalty: Penalty | None = None) -> np.ndarray:
    """One update, in place, from the sum of dJ/dw over a batch of `rows` rows (seed 001:
    the average of the proposed updates):

        dw = -alpha * mean dJ/dw            w <- w + dw
        with momentum mu:  v <- mu * v + dw,  w <- w + v   (v: the last step taken)

    With a `penalty` (L1/L2), mean dJ/dw + l2·w + l1·sign(w) in place of mean dJ/dw, from
    the weights before the update. `mask` (1 where a weight learns, 0 where it is frozen)
    zeroes the frozen ones' step. `gradient_sum` is overwritten; returns the step added to
    the weights (with momentum, that is `velocity` itself). The scalar kernel (kernel.py)
    writes out the same rule."""
    step = gradient_sum
    step *= -learning_rate / rows
    if penalty:
        step -= learning_rate * penalty.term(weights)
    if mask is not None:
        step *= mask
    if momentum:
        velocity *= momentum
        velocity += step
        step = velocity
    weights += step
    return step


class Trainer:
    """Trains a copy of the network's weights; `apply_to` writes them back."""

    def __init__(self, network: Network, dataset: Dataset, settings: TrainingSettings,
                 weights=None):
        reason = problem(network, dataset, settings)
        if reason:
            raise TrainingError(reason)
        self.network, self.settings = network, settings
        self.dataset = dataset.training()  # the rows trained on
        self.test = dataset.testing()  # the held-out rows, or None
        self.compiled = Compiled(network, dataset.inputs, dataset.targets, settings.loss)
        if weights is not None:
            self.compiled.set_weights(weights)
        self.warnings = gradient_warnings(network, dataset, settings)
        self.epoch = 0
        self.history: list[float] = []
        self.test_history: list[float] = []  # only with held-out rows
        self._rng = np.random.default_rng(settings.seed)
        self._x, self._y = self.dataset.x.copy(), self.dataset.y.copy()
        self.batch_size = batch_size(settings, len(self.dataset))
        self._kernel = None
        self._rule = perceptron.Rule(self.compiled) if settings.mode == "perceptron" else None
        if self._rule is None and scalar(network, self.batch_size):
            self._kernel = ScalarKernel(network, dataset.inputs, dataset.targets,
                                        settings.loss, settings.momentum > 0,
                                        kernel_penalty(network, settings))
            self._w = [float(v) for v in self.compiled.get_weights()]
            self._v = [0.0] * len(self._w)
            self._xl, self._yl = self._x.tolist(), self._y.tolist()
            if self.test is not None:
                self._test_xl, self._test_yl = self.test.x.tolist(), self.test.y.tolist()
        self._params = self.compiled.params()
        self._velocity = [np.zeros_like(p.weights) for p in self._params]
        self._penalties = piece_penalties(self._params, settings)

    def __repr__(self) -> str:
        path = "perceptron rule" if self._rule else \
            "scalar kernel" if self._kernel else "numpy blocks"
        return f"Trainer({self.settings.mode}, batch {self.batch_size}, {path}, epoch {self.epoch})"

    # ---- weights -------------------------------------------------------------------
    def weights(self) -> np.ndarray:
        if self._kernel:
            return np.array(self._w)
        return self.compiled.get_weights()

    def set_weights(self, w) -> None:
        self.compiled.set_weights(w)
        if self._kernel:
            self._w = [float(v) for v in np.asarray(w, dtype=float)]
            self._v = [0.0] * len(self._w)
        for v in self._velocity:
            v[:] = 0.0

    def _restore(self, state) -> None:
        weights, velocity = state
        if self._kernel:
            self._w, self._v = weights, velocity
            return
        for p, w, v, old in zip(self._params, weights, self._velocity, velocity):
            p.weights[...] = w
            v[...] = old

    def apply_to(self, network: Network) -> None:
        network.set_weights(self.weights())

    # ---- epochs --------------------------------------------------------------------
    def _order(self) -> np.ndarray:
        n = len(self.dataset)
        return self._rng.permutation(n) if self.settings.shuffle else np.arange(n)

    def error(self) -> float:
        """Mean per-row loss over the training rows with the current weights."""
        if self._kernel:
            return self._kernel.epoch_error(self._xl, self._yl, self._w)
        return self._mean_error(self._x, self._y)

    def test_error(self) -> float | None:
        """Mean per-row loss over the held-out rows with the current weights (None
        without held-out rows)."""
        if self.test is None:
            return None
        if self._kernel:
            try:
                return self._kernel.epoch_error(self._test_xl, self._test_yl, self._w)
            except OverflowError:  # finite weights, but held-out rows far off: inf
                return math.inf
        return self._mean_error(self.test.x, self.test.y)

    def _mean_error(self, x: np.ndarray, y: np.ndarray) -> float:
        with np.errstate(over="ignore", invalid="ignore"):
            state = self.compiled.forward(x)
            return float(np.mean(self.compiled.row_errors(state, y)))

    def train_epoch(self) -> float:
        """One pass over the data; returns the epoch error. Raises Diverged, in which case
        the weights are those from before this epoch."""
        lr = self.settings.learning_rate_at(self.epoch)
        order = self._order()
        try:
            if self._kernel:
                before = (self._w[:], self._v[:])
                args = (self._xl, self._yl, order.tolist(), self._w, self._v, lr,
                        self.settings.momentum)
                if self.batch_size == 1:
                    self._kernel.sgd_epoch(*args)
                else:
                    self._kernel.batch_epoch(*args, self.batch_size)
                err = self._kernel.epoch_error(self._xl, self._yl, self._w)
                finite = math.isfinite(err) and all(map(math.isfinite, self._w))
            else:
                before = ([p.weights.copy() for p in self._params],
                          [v.copy() for v in self._velocity])
                self._numpy_epoch(order, lr)
                err = self.error()
                finite = math.isfinite(err) and all(
                    np.isfinite(p.weights).all() for p in self._params)
        except (OverflowError, FloatingPointError):
            err, finite = math.inf, False
        if not finite:
            self._restore(before)
            raise Diverged(diverged_text(self.epoch + 1, err, lr))
        self.epoch += 1
        self.history.append(err)
        if self.test is not None:
            self.test_history.append(self.test_error())
        return err

    def _numpy_epoch(self, order: np.ndarray, lr: float) -> None:
        if self._rule is not None:
            self._rule.epoch(self._x, self._y, order.tolist(), lr)
            return
        mu = self.settings.momentum
        ordered = not self.settings.shuffle  # rows in file order: slices, no copies
        with np.errstate(over="ignore", invalid="ignore"):
            for start in range(0, len(order), self.batch_size):
                rows = slice(start, start + self.batch_size) if ordered else \
                    order[start:start + self.batch_size]
                x, y = self._x[rows], self._y[rows]
                state = self.compiled.forward(x)
                grads = self.compiled.backward(state, y)  # summed over the batch's rows
                for p, g, v, pen in zip(self._params, grads, self._velocity, self._penalties):
                    descend(p.weights, v, g, len(x), lr, mu, p.mask, pen)

    def run(self, epochs: int | None = None,
            progress: Callable[[int, float], None] | None = None,
            should_stop: Callable[[], bool] | None = None) -> TrainResult:
        """Train up to `epochs` more epochs (default: settings.max_epochs) or until the
        epoch error reaches settings.target_error, Diverged, or should_stop() is true."""
        total = self.settings.max_epochs if epochs is None else epochs
        target = self.settings.target_error
        result = TrainResult(0, None, warnings=list(self.warnings))
        start = len(self.history)
        for _ in range(total):
            if should_stop and should_stop():
                result.stopped, result.message = "cancelled", "training was stopped"
                break
            try:
                err = self.train_epoch()
            except Diverged as exc:
                result.stopped, result.message = "diverged", str(exc)
                break
            if progress:
                progress(self.epoch, err)
            if target is not None and err <= target:
                result.stopped = "target_error"
                result.message = reached_text(target, self.epoch)
                break
        result.history = self.history[start:]
        result.test_history = self.test_history[start:]
        result.epochs = len(result.history)
        result.error = result.history[-1] if result.history else None
        return result


@dataclass
class RestartResult:
    best: int  # index of the best run
    weights: np.ndarray  # the best run's final weights
    errors: list[float]  # final epoch error of every run (inf if it diverged)
    results: list[TrainResult]


def train_with_restarts(network: Network, dataset: Dataset, settings: TrainingSettings,
                        restarts: int | None = None,
                        progress: Callable[[int, int, float], None] | None = None,
                        should_stop: Callable[[], bool] | None = None,
                        started: Callable[[int, Trainer], None] | None = None
                        ) -> RestartResult:
    """Seed 002: run backpropagation R times from different random initial weights and keep
    the best (by the training error). Run r starts from weights drawn with seed
    (settings.seed, r); started(r, trainer), if given, is told before run r trains.
    One run after another, each of which can be watched; restarts.train_side_by_side
    trains the same runs side by side, an order of magnitude sooner for a small network."""
    runs = settings.restarts if restarts is None else restarts
    if runs < 1:
        raise TrainingError("restarts must be at least 1")
    errors, results, best_w = [], [], None
    for r in range(runs):
        w0 = initial_weights(network, settings.init, settings.init_scale, [settings.seed, r])
        trainer = Trainer(network, dataset, settings, weights=w0)
        if started:
            started(r, trainer)
        res = trainer.run(should_stop=should_stop)
        # A diverged run keeps its last finite epoch; diverging in the first epoch is inf.
        err = res.error if res.error is not None else math.inf
        errors.append(err)
        results.append(res)
        if best_w is None or err < min(errors[:-1], default=math.inf):
            best_w = trainer.weights()
        if progress:
            progress(r + 1, runs, err)
        if res.stopped == "cancelled":
            break
    best = int(np.argmin(errors))
    return RestartResult(best, best_w, errors, results)

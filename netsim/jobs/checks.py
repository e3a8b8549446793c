"""Why a training run stopped making progress, in words for a student (no Qt).

With a huge learning rate (alpha = 100 on XOR) sigmoid neurons saturate: their net input
is so large that sigma(z) is 0 or 1 to many digits and sigma'(z) = sigma(z)(1 - sigma(z))
is almost 0, so every delta that passes through them is almost 0 and the error sticks
(near 0.25 on XOR). The weights stay finite, so the trainer sees no divergence. These
helpers notice it: `Plateau` while the run goes on (the error no longer moves), and
`stall_report` after it, which also names the saturated neurons.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netsim.engine.activations import ACTIVATIONS
from netsim.engine.compiled import Compiled
from netsim.engine.dataset import Dataset
from netsim.engine.network import Network
from netsim.engine.perceptron import misclassified
from netsim.engine.settings import TrainingSettings
from netsim.engine.text import readable

FLAT_EPOCHS = 1000  # the error is compared with its value this many epochs earlier ...
FLAT_TOLERANCE = 1e-6  # ... and counts as flat when it moved less than this, relatively
LARGE_LEARNING_RATE = 10.0  # above this a stuck sigmoid network is blamed on the step size
SATURATED = 0.01  # f'(z) below this fraction of its largest value: saturated
NO_PROGRESS_EPOCHS = 20  # a shorter run is too short to say that the error did not fall
SAMPLE_ROWS = 1000  # rows looked at to find saturated neurons
# The largest value of each activation's derivative (relu's "saturation" is a dead neuron;
# softmax's is the diagonal of its Jacobian, o_k(1 - o_k), at most 1/4 where o_k = 1/2).
DERIVATIVE_MAX = {"sigmoid": 0.25, "tanh": 1.0, "softplus": 1.0, "relu": 1.0, "softmax": 0.25}


class Plateau:
    """Notices that the epoch error has stopped falling: every FLAT_EPOCHS epochs it
    compares the error with the one FLAT_EPOCHS earlier. Reaching the target is never
    a plateau."""

    def __init__(self, target: float | None = None, epochs: int = FLAT_EPOCHS,
                 tolerance: float = FLAT_TOLERANCE):
        self.target, self.epochs, self.tolerance = target, epochs, tolerance
        self._mark: float | None = None  # the error at the last checkpoint
        self._count = 0

    def __repr__(self) -> str:
        return f"Plateau(every {self.epochs} epochs, tolerance {self.tolerance:g})"

    def update(self, error: float) -> bool:
        """Record one epoch's error; True when the error has stopped falling."""
        self._count += 1
        if self._mark is None:
            self._mark = error
            return False
        if (self._count - 1) % self.epochs:  # compare epochs 1, 1 + N, 1 + 2N, ...
            return False
        if self.target is not None and error <= self.target:
            return False
        flat = abs(self._mark - error) <= self.tolerance * max(abs(error), 1e-12)
        self._mark = error
        return flat

    def read(self, history: list[float]) -> bool:
        """update() with every epoch error of `history` not read before, looking only at
        the checkpoints; True if one of them found the error flat."""
        flat = False
        start = self._count
        if start < len(history) and self._mark is None:
            flat = self.update(history[start])
            start += 1
        # the next checkpoint is epoch 1 + kN (1-based), i.e. index kN
        first = -(-start // self.epochs) * self.epochs
        for i in range(first, len(history), self.epochs):
            self._count = i  # update() counts this one
            flat = self.update(history[i]) or flat
        self._count = max(self._count, len(history))
        return flat


def saturated_neurons(network: Network, dataset: Dataset, weights=None,
                      loss: str = "squared_error") -> list[str]:
    """Names of the neurons whose derivative is almost 0 on every row (of the first
    SAMPLE_ROWS), with `weights` (default: the network's own). A softmax output's is the
    diagonal o_k(1 - o_k) of its group's Jacobian. Outputs under cross-entropy are left
    out: their delta y - o does not pass through f'."""
    net = network  # read, never changed: the weights go into the compiled form only
    compiled = Compiled(net, dataset.inputs, dataset.targets, loss)
    if weights is not None:
        compiled.set_weights(np.asarray(weights, dtype=float))
    with np.errstate(over="ignore", invalid="ignore"):
        state = compiled.forward(dataset.x[:SAMPLE_ROWS])
    names = []
    # Cross-entropy's delta at an output is y - o, f' cancels: a flat output passes it on.
    passing = set(dataset.targets) if loss == "cross_entropy" else set()
    for nid in net.topological_order():
        neuron = net.neurons[nid]
        top = DERIVATIVE_MAX.get(neuron.activation or "")
        if not neuron.computes or top is None or nid not in compiled.where or nid in passing:
            continue
        seg, j = compiled.where[nid]
        z, out = state.z[seg - 1][:, j], state.out[seg][:, j]
        with np.errstate(over="ignore", invalid="ignore"):
            slope = ACTIVATIONS[neuron.activation].df(z, out)
        if len(slope) and np.all(np.nan_to_num(slope) < SATURATED * top):
            names.append(neuron.name)
    return names


def _names(items: list[str], most: int = 4) -> str:
    shown = ", ".join(items[:most])
    return shown + (f" and {len(items) - most} more" if len(items) > most else "")


def stall_report(history: list[float], settings: TrainingSettings, saturated: list[str],
                 plateau: bool) -> str | None:
    """A sentence saying that (and why) the error stopped falling, or None if it did
    not. `plateau`: the run was stopped because the error no longer moved."""
    if not history:
        return None
    error, epochs = history[-1], len(history)
    target = settings.target_error
    if target is not None and error <= target:
        return None
    no_progress = _no_progress(history)
    if not (plateau or no_progress):
        return None
    rate = settings.learning_rate
    if saturated:
        if rate >= LARGE_LEARNING_RATE or no_progress:
            why = f"learning rate {rate:g} is probably too large"
        else:
            why = "try smaller initial weights or random restarts"
        one = len(saturated) == 1
        return (f"the error stopped falling: the neurons saturated ({why}); "
                f"{_names(saturated)} {'is' if one else 'are'} on the flat part of "
                f"{'its' if one else 'their'} activation for every row, so almost no "
                f"gradient passes (error {readable(error)})")
    if no_progress:
        hint = (f"learning rate {rate:g} is probably too large" if rate >= LARGE_LEARNING_RATE
                else "try another learning rate or random restarts")
        return f"the error did not fall: it went from {readable(history[0])} to {readable(error)} ({hint})"
    if target is None:
        return (f"the error stopped falling: training has converged at error {readable(error)}; "
                f"more epochs would not change it")
    return (f"the error stopped falling at {readable(error)}, above the target {readable(target)}: "
            f"training settled in a minimum; try random restarts or another learning rate")


def _no_progress(history: list[float]) -> bool:
    """The run was long enough to tell, and its error did not fall at all."""
    return len(history) >= NO_PROGRESS_EPOCHS and history[-1] >= history[0]


@dataclass
class Stall:
    """Why a finished run stopped making progress: `text` as stall_report says it;
    `failed` when the run learnt nothing (its neurons saturated, or the error did not
    fall), as opposed to having converged."""
    text: str
    failed: bool


def run_stall(network: Network, dataset: Dataset, weights, settings: TrainingSettings,
              history: list[float], plateau: bool) -> Stall | None:
    """stall_report for a run that ended with `weights`, naming its saturated neurons; the
    app's status line and `netsim train` both judge a run with it. A perceptron run that
    ended with rows still wrong did not converge (perceptron_stall)."""
    if settings.mode == "perceptron":
        return perceptron_stall(network, dataset, weights, history)
    saturated = saturated_neurons(network, dataset, weights, settings.loss)
    text = stall_report(history, settings, saturated, plateau)
    if text is None:
        return None
    return Stall(text, bool(saturated) or _no_progress(history))


def perceptron_stall(network: Network, dataset: Dataset, weights,
                     history: list[float]) -> Stall | None:
    """The perceptron rule either stops with every training row right or never stops (the
    convergence theorem): rows still wrong mean it did not converge, which is a failure."""
    compiled = Compiled(network, dataset.inputs, dataset.targets)
    compiled.set_weights(np.asarray(weights, dtype=float))
    rows = dataset.training()
    wrong = misclassified(compiled, rows.x, rows.y)
    if not history or not wrong:
        return None
    epochs = len(history)
    return Stall(f"the perceptron rule did not converge: after {epochs:,} "
                 f"epoch{'s' if epochs != 1 else ''} {wrong} of {len(rows)} training rows are "
                 f"still wrong; the rule converges only when a line (a plane) separates the "
                 f"targets: perhaps none does, as for XOR", True)


def is_finite(weights) -> bool:
    return bool(np.all(np.isfinite(np.asarray(weights, dtype=float))))

"""The error landscape along one or two weights, with every other weight fixed.

J(w) is the mean epoch error 1/N Σ_rows J_row over the training rows (rows held out for
testing are left out, as in training). Along one connection it is a curve, whose
tangent at the current weight w0 has slope dJ/dw (from backprop). Gradient descent on that
one weight alone is

    w_{k+1} = w_k − α · dJ/dw(w_k)

and when α is too big the step jumps past the valley floor: J goes up (overshoot).
Along two connections J is a surface over a grid, and the path moves both weights.

The points of a curve or a surface are evaluated together: the network is compiled with
a stack of weight sets (Compiled.stack), one per point, and a single forward pass gives
J at every point, in chunks that keep the arrays to about STACK_VALUES numbers. The
descent path is a sequence (each step needs the one before), one pass per step.
"""
from __future__ import annotations

import copy
from contextlib import contextmanager

from dataclasses import dataclass

import numpy as np

from .compiled import Compiled
from .dataset import Dataset
from .gradcheck import mean_error, mean_gradient
from .network import Network

Key = tuple[str, str]
STACK_VALUES = 4_000_000  # numbers held at once by a stacked pass: weights + values
NEWTON_STEPS = 4  # refinements of a valley's floor, from the lowest point of the grid
CURVATURE_STEP = 1e-4  # h of the central difference (g(w + h) − g(w − h)) / 2h


@dataclass
class Tangent:
    w0: float  # the connection's current weight
    j0: float  # J(w0)
    slope: float  # dJ/dw at w0

    def at(self, w):
        """The tangent line J(w0) + slope·(w − w0)."""
        return self.j0 + self.slope * (np.asarray(w, dtype=float) - self.w0)

    def __repr__(self) -> str:
        return f"Tangent(w0={self.w0:.6g}, J={self.j0:.6g}, slope={self.slope:.6g})"


@dataclass
class DescentPath:
    keys: list[Key]  # the connections that move
    weights: np.ndarray  # (steps + 1, len(keys)): w_0, w_1, ...
    errors: np.ndarray  # (steps + 1,): J(w_k)
    slopes: np.ndarray  # (steps + 1, len(keys)): dJ/dw at w_k
    learning_rate: float

    def crossings(self, floor: float) -> int:
        """How many steps of a one-weight path land on the other side of w = floor than
        the point they start from (overshoot: each such step jumps past the floor)."""
        side = np.sign(self.weights[:, 0] - floor)
        return int(np.count_nonzero(side[1:] * side[:-1] < 0))

    def __repr__(self) -> str:
        return (f"DescentPath({len(self.errors) - 1} steps of α={self.learning_rate:g} on "
                f"{len(self.keys)} weight(s), J {self.errors[0]:.4g} -> {self.errors[-1]:.4g})")


class _Probe:
    """A compiled copy of the network whose weights we move one connection at a time."""

    def __init__(self, network: Network, dataset: Dataset, loss: str):
        self.network, self.source, self.loss = network, dataset, loss
        self.compiled = Compiled(network, dataset.inputs, dataset.targets, loss)
        self.dataset = dataset.training()
        self.w0 = self.compiled.get_weights()
        self.index = {c.key: i for i, c in enumerate(network.connections)}

    def at(self, keys: list[Key], values) -> np.ndarray:
        """All weights, with `keys` set to `values`."""
        w = self.w0.copy()
        for k, v in zip(keys, values):
            w[self.index[tuple(k)]] = v
        return w

    def error(self, keys: list[Key], values) -> float:
        self.compiled.set_weights(self.at(keys, values))
        return mean_error(self.compiled, self.dataset)

    def errors(self, keys: list[Key], points: np.ndarray) -> np.ndarray:
        """J at many points at once: points[i] holds the values of `keys`."""
        net = self.compiled.network
        per_copy = len(net.connections) + len(self.dataset) * (len(net.neurons) + 1)
        chunk = int(max(1, min(len(points), STACK_VALUES // per_copy)))
        cols = [self.index[tuple(k)] for k in keys]
        out = []
        for start in range(0, len(points), chunk):
            part = points[start:start + chunk]
            # a copy of the compiled network (compiling again costs as much per chunk)
            stacked = copy.deepcopy(self.compiled, memo={id(net): net})
            stacked.stack(len(part))
            w = np.tile(self.w0, (len(part), 1))
            w[:, cols] = part
            stacked.set_weights(w)
            with np.errstate(over="ignore", invalid="ignore"):
                state = stacked.forward(self.dataset.x)
                out.append(np.mean(stacked.row_errors(state, self.dataset.y), axis=-1))
        return np.concatenate(out) if out else np.zeros(0)

    def slopes(self, keys: list[Key], values) -> np.ndarray:
        self.compiled.set_weights(self.at(keys, values))
        with np.errstate(over="ignore", invalid="ignore"):
            g = mean_gradient(self.compiled, self.dataset)
        return g[[self.index[tuple(k)] for k in keys]]


_shared: list[_Probe] = []  # the probes of the shared() blocks under way, innermost last


@contextmanager
def shared(network: Network, dataset: Dataset, loss: str = "squared_error"):
    """Within it, the functions below compile `network` once between them (a view drawing
    a curve, its tangent, its valley and a path per rate on a 100,000-connection network
    would otherwise compile it six times). Every probe sets the weights it evaluates, so
    sharing changes no number."""
    _shared.append(_Probe(network, dataset, loss))
    try:
        yield
    finally:
        _shared.pop()


def _probe(network: Network, dataset: Dataset, loss: str) -> _Probe:
    for probe in reversed(_shared):
        if probe.network is network and probe.source is dataset and probe.loss == loss:
            return probe
    return _Probe(network, dataset, loss)


def curve(network: Network, dataset: Dataset, key: Key, ws,
          loss: str = "squared_error") -> np.ndarray:
    """J(w) for each w in ws, the connection `key` set to w and the rest fixed."""
    probe = _probe(network, dataset, loss)
    return probe.errors([key], np.asarray(ws, dtype=float).reshape(-1, 1))


def surface(network: Network, dataset: Dataset, key_a: Key, key_b: Key, wa, wb,
            loss: str = "squared_error") -> np.ndarray:
    """J over the grid: result[i, j] = J(w_a = wa[i], w_b = wb[j])."""
    probe = _probe(network, dataset, loss)
    wa, wb = np.asarray(wa, dtype=float).ravel(), np.asarray(wb, dtype=float).ravel()
    grid_a, grid_b = np.meshgrid(wa, wb, indexing="ij")
    points = np.column_stack([grid_a.ravel(), grid_b.ravel()])
    return probe.errors([key_a, key_b], points).reshape(len(wa), len(wb))


def tangent(network: Network, dataset: Dataset, key: Key,
            loss: str = "squared_error") -> Tangent:
    probe = _probe(network, dataset, loss)
    w0 = float(probe.w0[probe.index[tuple(key)]])
    return Tangent(w0, probe.error([key], [w0]), float(probe.slopes([key], [w0])[0]))


@dataclass
class Valley:
    """The floor of J along one weight, and what its curvature says about step sizes.

    Near the floor J(w) ≈ J(w*) + ½·c·(w − w*)², so one descent step multiplies the
    distance to the floor by (1 − α·c): for α < 1/c the steps close in from one side, for
    1/c < α < 2/c each step lands past the floor (overshoot) and the steps zig-zag in,
    and for α > 2/c they zig-zag out."""
    w: float  # where J is lowest along the weight (in the range looked at)
    j: float  # J there
    curvature: float  # c = d²J/dw² there

    @property
    def overshoot_rate(self) -> float:
        """α above which a step lands past the floor: 1/c."""
        return 1.0 / self.curvature

    @property
    def diverge_rate(self) -> float:
        """α above which the steps move away from the floor: 2/c."""
        return 2.0 / self.curvature

    def __repr__(self) -> str:
        return (f"Valley(w={self.w:.6g}, J={self.j:.6g}, J''={self.curvature:.6g}: "
                f"overshoots above α={self.overshoot_rate:.4g})")


def valley(network: Network, dataset: Dataset, key: Key, ws,
           loss: str = "squared_error", js=None) -> Valley | None:
    """The lowest point of J along `key` among the weights ws (increasing; js: J at each,
    if already known), refined by Newton steps on the back-propagated slope, with its
    curvature (central difference of the slope); None when J is lowest at an end of ws
    (no floor in view) or does not curve up there."""
    ws = np.asarray(ws, dtype=float)
    probe = _probe(network, dataset, loss)
    js = probe.errors([key], ws.reshape(-1, 1)) if js is None else np.asarray(js, float)
    if not np.isfinite(js).any():
        return None
    i = int(np.nanargmin(js))
    if i in (0, len(ws) - 1):
        return None
    low, high = ws[i - 1], ws[i + 1]
    w, c = ws[i], 0.0
    for _ in range(NEWTON_STEPS):
        c = _curvature(probe, key, w)
        if not c > 0:
            return None
        w = min(high, max(low, w - float(probe.slopes([key], [w])[0]) / c))
    c = _curvature(probe, key, w)
    return Valley(w, probe.error([key], [w]), c) if c > 0 else None


def _curvature(probe: _Probe, key: Key, w: float) -> float:
    h = CURVATURE_STEP * max(1.0, abs(w))
    up, down = probe.slopes([key], [w + h])[0], probe.slopes([key], [w - h])[0]
    return float(up - down) / (2 * h)


@dataclass
class Secants:
    """Secants of J along one weight from w0, one per step Δx (seed 001: dJ/dw is the
    limit of ΔJ/Δx as Δx shrinks). The gap |ΔJ/Δx − dJ/dw| first falls with Δx (the
    secant leans less and less away from the tangent) and then grows again: J(w0 + Δx)
    and J(w0) agree in more and more of their digits, and what is left of their
    difference is rounding, divided by a tiny Δx."""
    w0: float
    j0: float  # J(w0)
    tangent: float  # dJ/dw at w0, by backprop
    dx: np.ndarray  # the steps Δx
    j: np.ndarray  # J(w0 + Δx) for each

    @property
    def slopes(self) -> np.ndarray:
        """ΔJ/Δx = (J(w0 + Δx) − J(w0)) / Δx for each Δx."""
        return (self.j - self.j0) / self.dx

    @property
    def gaps(self) -> np.ndarray:
        """|ΔJ/Δx − dJ/dw| for each Δx."""
        return np.abs(self.slopes - self.tangent)

    def __repr__(self) -> str:
        return f"Secants({len(self.dx)} from w0={self.w0:.6g}, dJ/dw={self.tangent:.6g})"


def secants(network: Network, dataset: Dataset, key: Key, dxs,
            loss: str = "squared_error") -> Secants:
    """The secants from the current weight of `key` to that weight plus each Δx in dxs
    (none of them 0). J(w0) and every J(w0 + Δx) come from one pass, computed alike, so
    that what differs between them is the weight alone."""
    dxs = np.asarray(dxs, dtype=float).ravel()
    if not np.all(np.isfinite(dxs)) or np.any(dxs == 0):
        raise ValueError("a secant's step Δx must be a number other than 0")
    probe = _probe(network, dataset, loss)
    w0 = float(probe.w0[probe.index[tuple(key)]])
    js = probe.errors([key], np.append(w0, w0 + dxs).reshape(-1, 1))
    slope = float(probe.slopes([key], [w0])[0])
    return Secants(w0, float(js[0]), slope, dxs, js[1:])


def _descend(network, dataset, keys, learning_rate, steps, loss) -> DescentPath:
    probe = _probe(network, dataset, loss)
    w = probe.w0[[probe.index[tuple(k)] for k in keys]]
    ws, js, gs = [], [], []
    for k in range(steps + 1):
        ws.append(w.copy())
        js.append(probe.error(keys, w))
        gs.append(probe.slopes(keys, w))
        if not (np.isfinite(js[-1]) and np.isfinite(gs[-1]).all()):
            break  # diverged: the path ends at the first non-finite point
        if k < steps:
            w = w - learning_rate * gs[-1]
    return DescentPath([tuple(k) for k in keys], np.array(ws), np.array(js), np.array(gs),
                       learning_rate)


def descent_path(network: Network, dataset: Dataset, key: Key, learning_rate: float,
                 steps: int, loss: str = "squared_error") -> DescentPath:
    """Full-batch gradient descent on one weight: steps + 1 points w_0 ... w_steps."""
    return _descend(network, dataset, [key], learning_rate, steps, loss)


def descent_path_2d(network: Network, dataset: Dataset, key_a: Key, key_b: Key,
                    learning_rate: float, steps: int,
                    loss: str = "squared_error") -> DescentPath:
    """The same on two weights at once: (w_a, w_b) −= α·(dJ/dw_a, dJ/dw_b)."""
    return _descend(network, dataset, [key_a, key_b], learning_rate, steps, loss)

"""Gradient check: back-propagation against central finite differences.

For each connection w the mean epoch error J(w) = 1/N Σ_rows J_row (over the training
rows: rows held out for testing are not part of J) is evaluated twice
with w nudged by ±h (every other weight fixed) and

    numeric  = (J(w + h) − J(w − h)) / 2h        (seed 001: f'(x) ≈ Δy/Δx)
    analytic = dJ/dw from one backward pass, divided by N
    relative = |analytic − numeric| / max(|analytic|, |numeric|, tiny)

The central difference is off by O(h²) on smooth functions; at a kink (relu at 0, step
everywhere) it means nothing, and for a step the gradient is 0 both ways.

A big network is checked on a sample (`most`): the connections with the steepest
gradients (where a wrong backward pass shows most) and as many more drawn at random.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .compiled import Compiled
from .dataset import Dataset
from .network import Network

TINY = 1e-12  # floor of the denominator: two zeros agree with relative error 0


@dataclass
class GradientCheck:
    keys: list[tuple[str, str]]  # connection keys, in the network's order
    analytic: np.ndarray  # dJ/dw from backprop, one per connection
    numeric: np.ndarray  # the central difference, one per connection
    relative: np.ndarray  # |a − n| / max(|a|, |n|, tiny)
    h: float
    total: int = 0  # connections in the network (more than len(keys) for a sample)

    @property
    def sampled(self) -> bool:
        return self.total > len(self.keys)

    @property
    def worst(self) -> int:
        """Index of the connection with the largest relative error."""
        return int(np.argmax(self.relative)) if self.relative.size else -1

    @property
    def max_relative(self) -> float:
        return float(self.relative.max()) if self.relative.size else 0.0

    @property
    def worst_key(self) -> tuple[str, str] | None:
        return self.keys[self.worst] if self.keys else None

    def __repr__(self) -> str:
        where = "" if self.worst_key is None else " at {} \u2192 {}".format(*self.worst_key)
        return (f"GradientCheck({len(self.keys)} connections, h={self.h:g}, "
                f"max relative error {self.max_relative:.3g}{where})")


def mean_error(compiled: Compiled, dataset: Dataset) -> float:
    """J = 1/N Σ_rows J_row with the compiled network's current weights."""
    with np.errstate(over="ignore", invalid="ignore"):
        state = compiled.forward(dataset.x)
        return float(np.mean(compiled.row_errors(state, dataset.y)))


def mean_gradient(compiled: Compiled, dataset: Dataset) -> np.ndarray:
    """dJ/dw of the mean error, one per connection (backward sums over rows: divide by N)."""
    state = compiled.forward(dataset.x)
    return compiled.scatter(compiled.backward(state, dataset.y)) / len(dataset)


def sample(analytic: np.ndarray, most: int, seed: int = 0) -> np.ndarray:
    """Indices of at most `most` connections, in order: the most//2 steepest |dJ/dw| and
    the rest drawn at random (numpy default_rng(seed)) from the others."""
    n = analytic.size
    if n <= most:
        return np.arange(n)
    steep = np.argsort(-np.abs(analytic), kind="stable")[:most // 2]
    others = np.setdiff1d(np.arange(n), steep)
    drawn = np.random.default_rng(seed).choice(others, size=most - steep.size, replace=False)
    return np.sort(np.concatenate([steep, drawn]))


class Cancelled(Exception):
    """The check was stopped before it ended (its progress callback said so)."""


def gradient_check(network: Network, dataset: Dataset, loss: str = "squared_error",
                   h: float = 1e-6, most: int | None = None,
                   progress: Callable[[int, int], bool] | None = None) -> GradientCheck:
    """Check every connection, or a `sample` of `most` of them. `progress(done, total)`
    is called before each connection; when it returns False the check raises Cancelled."""
    dataset = dataset.training()
    compiled = Compiled(network, dataset.inputs, dataset.targets, loss)
    w0 = compiled.get_weights()
    analytic = mean_gradient(compiled, dataset)
    chosen = sample(analytic, most) if most is not None else np.arange(w0.size)
    numeric = np.zeros(chosen.size)
    w = w0.copy()
    for k, i in enumerate(chosen):
        if progress is not None and not progress(k, chosen.size):
            raise Cancelled
        w[i] = w0[i] + h
        compiled.set_weights(w)
        up = mean_error(compiled, dataset)
        w[i] = w0[i] - h
        compiled.set_weights(w)
        down = mean_error(compiled, dataset)
        w[i] = w0[i]
        numeric[k] = (up - down) / (2 * h)
    compiled.set_weights(w0)
    analytic = analytic[chosen]
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numeric)), TINY)
    relative = np.abs(analytic - numeric) / scale
    keys = [network.connections[i].key for i in chosen]
    return GradientCheck(keys, analytic, numeric, relative, h, w0.size)

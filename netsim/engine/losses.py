"""Loss functions J(y, o) for one row, summed over the output neurons.

``grad`` returns dJ/dnet for the output neurons, given targets y, outputs o, net inputs z
and the output activation's derivative f'(z); seed 000's delta is its negative,
``output_delta``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .activations import _softplus

Array = np.ndarray


@dataclass(frozen=True)
class Loss:
    name: str
    value: Callable[[Array, Array, Array], Array]  # value(y, o, z) -> J per row
    grad: Callable[[Array, Array, Array, Array], Array]  # (y, o, z, f'(z)) -> dJ/dnet
    formula: str

    def output_delta(self, y: Array, o: Array, z: Array, dfz: Array) -> Array:
        """delta = -dJ/dnet (seed 000)."""
        return -self.grad(y, o, z, dfz)

    def __repr__(self) -> str:
        return f"Loss({self.name!r}: {self.formula})"


def _over_outputs(j: Array) -> Array:
    """Σ_k over the last axis. With one output that is the value itself: NumPy's sum
    along an axis of length 1 would still pay for every row (for 1,000 stacked copies
    of XOR, 4 rows, 20 us against 1)."""
    return j[..., 0] if j.shape[-1] == 1 else np.sum(j, axis=-1)


# J = 1/2 Σ_k (y_k − o_k)²  ->  dJ/do = −(y − o)  ->  dJ/dnet = (o − y)·f'(z), δ = (y − o)·f'(z)
SQUARED_ERROR = Loss(
    "squared_error",
    lambda y, o, z: 0.5 * _over_outputs((y - o) ** 2),
    lambda y, o, z, dfz: (o - y) * dfz,
    "J = ½·Σ (y − o)²",
)


# J = −Σ_k [y ln o + (1 − y) ln(1 − o)] with o = σ(z). Written in z it is
# Σ_k [softplus(z) − y·z], which never takes the log of 0; and dJ/dz = o − y,
# so δ = y − o (the σ' of the output cancels).
CROSS_ENTROPY = Loss(
    "cross_entropy",
    lambda y, o, z: _over_outputs(_softplus(z) - y * z),
    lambda y, o, z, dfz: o - y,
    "J = −Σ [y·ln o + (1 − y)·ln(1 − o)]",
)

LOSSES: dict[str, Loss] = {loss.name: loss for loss in (SQUARED_ERROR, CROSS_ENTROPY)}


def get(name: str) -> Loss:
    try:
        return LOSSES[name]
    except KeyError:
        known = ", ".join(LOSSES)
        raise ValueError(f"unknown loss {name!r} (known: {known})") from None

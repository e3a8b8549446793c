"""Loss functions J(y, o) for one row, summed over the output neurons.

``grad`` returns dJ/dnet for the output neurons, given targets y, outputs o, net inputs z
and the output activation's derivative f'(z); seed 000's delta is its negative,
``output_delta``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .activations import _softplus, log_softmax

Array = np.ndarray


@dataclass(frozen=True)
class Loss:
    name: str
    value: Callable[[Array, Array, Array], Array]  # value(y, o, z) -> J per row
    grad: Callable[[Array, Array, Array, Array], Array]  # (y, o, z, f'(z)) -> dJ/dnet
    formula: str
    # Each output's own term of J (value is their sum over the last axis).
    terms: Callable[[Array, Array, Array], Array]
    # On a softmax group: each member's term of J, given the targets y (0 where a member
    # has no target column), the group's outputs o and net inputs z, and `has` (True
    # where a member has a target column) ...
    group_terms: Callable[[Array, Array, Array, Array], Array]
    # ... and dJ/dnet of every member, through the softmax's whole Jacobian.
    group_grad: Callable[[Array, Array, Array, Array], Array]
    group_formula: str

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


def _squared_terms(y: Array, o: Array, z: Array) -> Array:
    return 0.5 * (y - o) ** 2


def _through_softmax(dj_do: Array, o: Array) -> Array:
    """dJ/dnet_j = Σ_k dJ/do_k · ∂o_k/∂net_j = o_j·(dJ/do_j − Σ_k dJ/do_k·o_k): the
    softmax's Jacobian o_k(δ_kj − o_j) applied to dJ/do (the last axis is the group)."""
    return o * (dj_do - np.sum(dj_do * o, axis=-1, keepdims=True))


# J = 1/2 Σ_k (y_k − o_k)²  ->  dJ/do = −(y − o)  ->  dJ/dnet = (o − y)·f'(z), δ = (y − o)·f'(z)
# On a softmax group every output depends on every net input: dJ/dnet_j goes through the
# whole Jacobian, o_j·((o_j − y_j) − Σ_k (o_k − y_k)·o_k) over the members with targets.
SQUARED_ERROR = Loss(
    "squared_error",
    lambda y, o, z: 0.5 * _over_outputs((y - o) ** 2),
    lambda y, o, z, dfz: (o - y) * dfz,
    "J = ½·Σ (y − o)²",
    _squared_terms,
    lambda y, o, z, has: np.where(has, _squared_terms(y, o, z), 0.0),
    lambda y, o, z, has: _through_softmax(np.where(has, o - y, 0.0), o),
    "J = ½·Σ (y − o)²",
)


def _binary_terms(y: Array, o: Array, z: Array) -> Array:
    return _softplus(z) - y * z


# J = −Σ_k [y ln o + (1 − y) ln(1 − o)] with o = σ(z). Written in z it is
# Σ_k [softplus(z) − y·z], which never takes the log of 0; and dJ/dz = o − y,
# so δ = y − o (the σ' of the output cancels).
# On a softmax group it is the categorical cross-entropy J = −Σ_k y_k ln o_k, with
# ln o_k = net_k − ln Σ_j e^(net_j) (never ln 0), and dJ/dnet_j = o_j·Σ_k y_k − y_j:
# with one-hot targets (Σ y = 1) δ_j = y_j − o_j.
CROSS_ENTROPY = Loss(
    "cross_entropy",
    lambda y, o, z: _over_outputs(_binary_terms(y, o, z)),
    lambda y, o, z, dfz: o - y,
    "J = −Σ [y·ln o + (1 − y)·ln(1 − o)]",
    _binary_terms,
    lambda y, o, z, has: -y * log_softmax(z),
    lambda y, o, z, has: o * np.sum(y, axis=-1, keepdims=True) - y,
    "J = −Σ y·ln o",
)

LOSSES: dict[str, Loss] = {loss.name: loss for loss in (SQUARED_ERROR, CROSS_ENTROPY)}


def get(name: str) -> Loss:
    try:
        return LOSSES[name]
    except KeyError:
        known = ", ".join(LOSSES)
        raise ValueError(f"unknown loss {name!r} (known: {known})") from None

"""Activation functions, each with its derivative beside it.

Every function works element-wise on NumPy arrays. The derivative is given the net input
``z`` and the already computed output ``o = f(z)``, so sigmoid and tanh can use the cheap
forms o(1-o) and 1-o^2 the seeds derive.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    name: str
    f: Callable[[Array], Array]
    df: Callable[[Array, Array], Array]  # df(z, o) = f'(z), with o = f(z)
    glyph: str  # short symbol drawn inside a neuron
    formula: str  # readable definition
    derivative: str  # readable derivative

    def __repr__(self) -> str:
        return f"Activation({self.name!r}: {self.formula})"


def _sigmoid(z: Array) -> Array:
    # 1 / (1 + e^-z). For z < -709 e^-z overflows to inf and the result is 0, which is
    # sigma(z) to double precision, so that overflow is expected and not reported.
    e = np.negative(z, dtype=float)
    with np.errstate(over="ignore"):
        np.exp(e, out=e)
    e += 1.0
    return np.reciprocal(e, out=e)


def _softplus(z: Array) -> Array:
    # log(1 + e^z) = max(z, 0) + log(1 + e^-|z|)
    z = np.asarray(z, dtype=float)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


LEAKY_SLOPE = 0.01

IDENTITY = Activation(
    "identity", lambda z: np.asarray(z, dtype=float) * 1.0,
    lambda z, o: np.ones_like(z, dtype=float),
    "id", "f(z) = z", "f'(z) = 1")

SIGMOID = Activation(
    "sigmoid", _sigmoid,
    lambda z, o: o * (1.0 - o),  # σ'(z) = σ(z)(1 - σ(z))
    "σ", "σ(z) = 1 / (1 + e^(−z))", "σ'(z) = σ(z)·(1 − σ(z))")

TANH = Activation(
    "tanh", np.tanh,
    lambda z, o: 1.0 - o * o,  # tanh'(z) = 1 - tanh(z)^2
    "tanh", "tanh(z)", "tanh'(z) = 1 − tanh(z)²")

RELU = Activation(
    "relu", lambda z: np.maximum(np.asarray(z, dtype=float), 0.0),
    lambda z, o: (np.asarray(z) > 0).astype(float),  # relu'(0) = 0 by convention
    "ReLU", "relu(z) = max(0, z)", "relu'(z) = 1 if z > 0 else 0")

LEAKY_RELU = Activation(
    "leaky_relu",
    lambda z: np.where(np.asarray(z) > 0, z, LEAKY_SLOPE * np.asarray(z, dtype=float)),
    lambda z, o: np.where(np.asarray(z) > 0, 1.0, LEAKY_SLOPE),
    "LReLU", "f(z) = z if z > 0 else 0.01·z", "f'(z) = 1 if z > 0 else 0.01")

SOFTPLUS = Activation(
    "softplus", _softplus,
    lambda z, o: _sigmoid(z),  # d/dz log(1 + e^z) = σ(z)
    "SP", "softplus(z) = ln(1 + e^z)", "softplus'(z) = σ(z)")

STEP = Activation(
    "step", lambda z: (np.asarray(z) >= 0).astype(float),
    lambda z, o: np.zeros_like(z, dtype=float),  # flat everywhere: no gradient passes
    "step", "step(z) = 1 if z ≥ 0 else 0", "step'(z) = 0")

# The perceptron's sign(wᵀx) (seed 000), as ±1: sign(0) = +1, so that sign(z) = 2·step(z) − 1
# and a net input of exactly 0 is on the same side for both (np.sign would give 0 there).
SIGN = Activation(
    "sign", lambda z: np.where(np.asarray(z) >= 0, 1.0, -1.0),
    lambda z, o: np.zeros_like(z, dtype=float),  # flat everywhere: no gradient passes
    "sgn", "sign(z) = +1 if z ≥ 0 else −1", "sign'(z) = 0")

# Activations whose derivative is 0 everywhere: backpropagation cannot move the weights into
# them (the perceptron rule, settings.mode "perceptron", trains them instead).
FLAT_ACTIVATIONS = ("step", "sign")


def softmax(z: Array) -> Array:
    """e^z_k / Σ_j e^z_j over the last axis, computed from z − max z so that no exp
    overflows (the result is the same: the factor e^−max cancels)."""
    z = np.asarray(z, dtype=float)
    e = z - np.max(z, axis=-1, keepdims=True)
    np.exp(e, out=e)
    e /= np.sum(e, axis=-1, keepdims=True)
    return e


def log_softmax(z: Array) -> Array:
    """ln softmax(z) over the last axis: z − max − ln Σ e^(z − max), never ln 0."""
    z = np.asarray(z, dtype=float)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))


# A softmax output's value depends on every output of its group, so it is not an
# element-wise function: `f` takes the group's net inputs along the last axis, and `df`
# is the diagonal of the Jacobian, ∂o_k/∂net_k = o_k(1 − o_k) (the whole Jacobian,
# ∂o_k/∂net_j = o_k(δ_kj − o_j), is what the backward pass uses: losses.py).
SOFTMAX = Activation(
    "softmax", softmax,
    lambda z, o: o * (1.0 - o),
    "soft", "o_k = e^(net_k) / Σ_j e^(net_j)", "∂o_k/∂net_j = o_k·(δ_kj − o_j)")

ACTIVATIONS: dict[str, Activation] = {
    a.name: a for a in (IDENTITY, SIGMOID, TANH, RELU, LEAKY_RELU, SOFTPLUS, STEP, SIGN, SOFTMAX)
}
# Activations of a whole group of output neurons rather than of one neuron.
GROUP_ACTIVATIONS = ("softmax",)

DEFAULT_ACTIVATION = "sigmoid"


def get(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r} (known: {known})") from None

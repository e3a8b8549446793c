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

ACTIVATIONS: dict[str, Activation] = {
    a.name: a for a in (IDENTITY, SIGMOID, TANH, RELU, LEAKY_RELU, SOFTPLUS, STEP)
}

DEFAULT_ACTIVATION = "sigmoid"


def get(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        known = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r} (known: {known})") from None

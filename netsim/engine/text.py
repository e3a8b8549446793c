"""How numbers and names read wherever a person sees them (no Qt).

Numbers get a real minus sign (U+2212, "−0.533", never the hyphen of "-0.533") and a short
exponent (2.5e−07); a connection reads "x1 → y", with the neurons as the canvas shows them:
by label, else by id.
"""
from __future__ import annotations

import math

MINUS = "\u2212"
ARROW = "\u2192"


def _finite(value: float) -> str | None:
    if math.isfinite(value):
        return None
    return "nan" if math.isnan(value) else ("\u221e" if value > 0 else MINUS + "\u221e")


def _short_exponent(text: str, strip_zeros: bool) -> str:
    mantissa, exponent = text.split("e")
    if strip_zeros and "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{int(exponent)}"


def number(value: float | None, digits: int = 4) -> str:
    """A computed value with `digits` significant digits, trailing zeros kept (1.250,
    0.7773, 0.001339), a real minus sign and a short exponent (2.5e−07)."""
    if value is None:
        return ""
    if (odd := _finite(value)) is not None:
        return odd
    if value == 0:
        return "0"
    text = f"{value:#.{digits}g}"
    if "e" in text:
        text = _short_exponent(text, True)
    elif text.endswith("."):
        text = text[:-1]
    return text.replace("-", MINUS)


def readable(value: float, digits: int = 6) -> str:
    """A value as %g writes it, `digits` significant digits without trailing zeros
    (−0.533, 0.25, 1e−05), with a real minus sign; never "−0"."""
    if (odd := _finite(value)) is not None:
        return odd
    text = f"{value:.{digits}g}"
    if "e" in text:
        text = _short_exponent(text, False)
    if float(text.replace(MINUS, "-")) == 0:
        return "0"
    return text.replace("-", MINUS)


def neuron_name(network, nid: str) -> str:
    """A neuron as the canvas shows it: its label, else its id (an unknown id as is)."""
    neuron = network.neurons.get(nid)
    return neuron.name if neuron is not None else nid


def connection_name(network, key: tuple[str, str]) -> str:
    """'x1 → y', by label where the neurons have one."""
    return f"{neuron_name(network, key[0])} {ARROW} {neuron_name(network, key[1])}"


def weight_symbol(label: str | None) -> str:
    """A weight in a formula: "w", or the connection's label as seed 001 names its weights
    ("w7"); a label of several words goes in parentheses ("(left weight)"), so that
    ∂J/∂(left weight) reads as one symbol."""
    words = (label or "").split()
    if not words:
        return "w"
    return words[0] if len(words) == 1 else f"({' '.join(words)})"

"""How the canvas looks: sizes, fonts and colours, in one place.

Sizes are in scene units (one unit is one pixel at zoom 1). Text and background colours
come from the palette, so the canvas follows light and dark themes; the role and sign
hues are fixed mid-tones that read on both.
"""
from __future__ import annotations

import math

from PySide6.QtGui import QColor, QFont, QPalette

NEURON_RADIUS = 26.0
NEURON_OUTLINE = 2.5
SELECTION_RING = 6.0  # gap between circle and selection ring
NAME_GAP = 6.0  # between circle and the name under it

ARROW_MIN_WIDTH = 1.0
ARROW_MAX_WIDTH = 6.0
ARROW_WIDTH_SCALE = 2.0  # |w| at which an arrow is ~3/4 of the way to its widest
ARROWHEAD_LENGTH = 11.0
ARROWHEAD_HALF_WIDTH = 5.5
ARROW_GAP = 2.0  # space between an arrow's tip and the target circle
GRID = 20.0  # the background's dot grid, and what "snap to grid" snaps to

FONT_FAMILY = "DejaVu Sans"
GLYPH_PIXELS = 15
NAME_PIXELS = 13
WEIGHT_PIXELS = 12
MIN_TEXT_PIXELS = 4.0  # text that would be drawn smaller than this is left out
PILL_PADDING_X = 5.0
PILL_PADDING_Y = 1.5

# Strong hue of each role: outline, and a tint of it fills the circle.
ROLE_HUES = {
    "input": QColor("#2e9a4e"),
    "bias": QColor("#3b6fd4"),
    "output": QColor("#d2453e"),
}
ROLE_TINT = 0.22  # share of the hue in the fill; the rest is the palette's base colour
POSITIVE = QColor("#2b7fc4")
NEGATIVE = QColor("#e0642a")
REFUSED = QColor("#d81b1b")  # a connection that may not be made, while it is dragged
ACCEPTED = QColor("#1e9e4a")  # one that may
# The input plane's colour scale, low -> middle -> high at evenly spaced stops: the
# Decision Map (0 blue, 0.5 white, 1 orange) and the neurons' heat maps share it.
PLANE_COLORS = ("#8fb0ec", "#ffffff", "#f2aa82")


def font(pixels: int, bold: bool = False) -> QFont:
    f = QFont(FONT_FAMILY)
    f.setPixelSize(pixels)
    f.setBold(bold)
    return f


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """t of a mixed into (1 - t) of b."""
    return QColor.fromRgbF(a.redF() * t + b.redF() * (1 - t),
                           a.greenF() * t + b.greenF() * (1 - t),
                           a.blueF() * t + b.blueF() * (1 - t))


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


def text_color(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Text)


def base_color(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Base)


def role_outline(role: str, palette: QPalette) -> QColor:
    hue = ROLE_HUES.get(role)
    if hue is None:  # hidden: neutral, a soft version of the text colour
        return mix(text_color(palette), base_color(palette), 0.55)
    return hue.lighter(125) if is_dark(palette) else hue


def role_fill(role: str, palette: QPalette) -> QColor:
    hue = ROLE_HUES.get(role)
    if hue is None:
        return mix(text_color(palette), base_color(palette), 0.04)
    return mix(hue, base_color(palette), ROLE_TINT)


def weight_color(weight: float, palette: QPalette) -> QColor:
    """Blue for positive, orange for negative, grey for zero."""
    if weight == 0:
        return mix(text_color(palette), base_color(palette), 0.4)
    hue = POSITIVE if weight > 0 else NEGATIVE
    return hue.lighter(120) if is_dark(palette) else hue


def weight_width(weight: float) -> float:
    """Arrow width growing with |w| and saturating: 1 px at 0, 6 px for large weights."""
    span = ARROW_MAX_WIDTH - ARROW_MIN_WIDTH
    return ARROW_MIN_WIDTH + span * math.tanh(abs(weight) / ARROW_WIDTH_SCALE)


def format_weight(weight: float) -> str:
    """A short readable number with a real minus sign: 0.15, −1.5, 20, 0.123, 2.5e−05."""
    a = abs(weight)
    if a == 0:
        text = "0"
    elif a >= 1000 or a < 0.001:
        text = f"{weight:.2g}".replace("e-0", "e-").replace("e+0", "e").replace("e+", "e")
    else:
        text = f"{weight:.3f}".rstrip("0").rstrip(".")
    return text.replace("-", "\u2212")


# ---- step-through values ---------------------------------------------------------------
# A neuron's output fills it on one scale (violet below 0, amber above, full at |o| = 1);
# during the backward pass δ and −∂J/∂w use a second scale: green where the value should
# grow, pink where it should shrink, relative to the largest magnitude of the row.
VALUE_PIXELS = 11
TAG_GAP = 7.0  # between a neuron's circle (its selection ring) and its value tag
OUTPUT_POSITIVE = QColor("#f0a202")
OUTPUT_NEGATIVE = QColor("#7c5cd6")
GROW = QColor("#12a37b")
SHRINK = QColor("#d9366f")
PULSE_RADIUS = 5.5
OUTPUT_SHARE = 0.85  # share of the hue in the fill at |o| = 1


def output_fill(value: float, palette: QPalette) -> QColor:
    """A neuron's fill for output `value`: the base colour at 0, amber (violet below 0)
    growing with |value| up to 1."""
    t = min(abs(value), 1.0) if math.isfinite(value) else 1.0
    hue = OUTPUT_POSITIVE if value >= 0 else OUTPUT_NEGATIVE
    return mix(hue, base_color(palette), OUTPUT_SHARE * t)


def push_strength(value: float, scale: float) -> float:
    """0..1: |value| against the row's largest; the square root keeps small ones visible."""
    if not scale or not math.isfinite(value) or not math.isfinite(scale):
        return 0.0
    return math.sqrt(min(abs(value) / scale, 1.0))


def push_fill(value: float, scale: float, palette: QPalette) -> QColor:
    """A neuron's fill for δ `value` during the backward pass."""
    hue = GROW if value >= 0 else SHRINK
    return mix(hue, base_color(palette), 0.75 * push_strength(value, scale))


def push_color(value: float, palette: QPalette) -> QColor:
    """Text colour for a δ or a weight change: green when positive, pink when negative."""
    if value == 0:
        return mix(text_color(palette), base_color(palette), 0.6)
    hue = GROW if value > 0 else SHRINK
    return hue.lighter(135) if is_dark(palette) else hue.darker(125)

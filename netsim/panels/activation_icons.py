"""Tiny pictures of each activation's curve f(z) over z in [-4, 4], for combo boxes.

Each curve is scaled to its own height, with the axes z = 0 and f = 0 drawn faintly, so
that sigmoid (above the axis) and tanh (through it) look different although their shapes
are alike. A group activation (softmax) has no curve of one variable: its icon shows one
output o_1 against its net input z with one other output's net input held at 0, i.e.
e^z / (e^z + e^0), and its tooltip says so.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPalette, QPen, QPixmap

from ..engine.activations import GROUP_ACTIVATIONS, get

Z_LIMIT = 4.0
SAMPLES = 81  # odd, so that z = 0 is a sample and the step's jump is sharp
ICON_SIZE = QSize(28, 16)
PIXEL_RATIO = 2.0  # drawn at twice the size, so the icons stay crisp on high-DPI screens


def curve_points(name: str, samples: int = SAMPLES) -> tuple[np.ndarray, np.ndarray]:
    """z and f(z) for the activation `name`, z evenly spaced over [-4, 4]."""
    z = np.linspace(-Z_LIMIT, Z_LIMIT, samples)
    if name in GROUP_ACTIVATIONS:  # o_1 of the group (z, 0)
        return z, np.asarray(get(name).f(np.column_stack([z, np.zeros_like(z)]))[:, 0])
    return z, np.asarray(get(name).f(z), dtype=float)


def activation_tip(name: str) -> str:
    """The tooltip of an activation's entry: its formula, and what the icon shows when
    that is not simply f(z)."""
    act = get(name)
    if name in GROUP_ACTIVATIONS:
        return (f"{act.formula} over all {name} outputs\nIcon: o_1 against net_1, with one "
                f"other output's net input held at 0: e^z / (e^z + 1)")
    return act.formula


def curve_path(name: str, rect: QRectF) -> tuple[QPainterPath, float]:
    """The curve scaled into `rect`, and the y of the axis f = 0 inside it."""
    z, f = curve_points(name)
    low, high = min(f.min(), 0.0), max(f.max(), 0.0)
    span = high - low or 1.0

    def y(v: float) -> float:
        return rect.bottom() - (v - low) / span * rect.height()

    path = QPainterPath()
    for i, (zi, fi) in enumerate(zip(z, f)):
        point = QPointF(rect.left() + (zi + Z_LIMIT) / (2 * Z_LIMIT) * rect.width(), y(fi))
        if i == 0:
            path.moveTo(point)
        else:
            path.lineTo(point)
    return path, y(0.0)


def curve_pixmap(name: str, color: QColor, size: QSize = ICON_SIZE) -> QPixmap:
    pixmap = QPixmap(size * PIXEL_RATIO)
    pixmap.setDevicePixelRatio(PIXEL_RATIO)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(1.5, 1.5, size.width() - 3.0, size.height() - 3.0)
    path, axis_y = curve_path(name, rect)
    faint = QColor(color)
    faint.setAlphaF(0.35)
    painter.setPen(QPen(faint, 1.0))
    painter.drawLine(QPointF(rect.left(), axis_y), QPointF(rect.right(), axis_y))
    painter.drawLine(QPointF(rect.center().x(), rect.top()), QPointF(rect.center().x(), rect.bottom()))
    pen = QPen(color, 1.6)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.drawPath(path)
    painter.end()
    return pixmap


def activation_icon(name: str, palette: QPalette) -> QIcon:
    """An icon of the curve in the palette's text colour."""
    return QIcon(curve_pixmap(name, palette.color(QPalette.ColorRole.Text)))

"""Pulse: a small glowing dot that runs along an arrow when its level fires.

A child of its ConnectionItem (which stays at the scene origin, so the dot's position is
a scene point). The overlay moves every running pulse from one animation; a pulse draws
nothing else and takes no clicks.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QRadialGradient
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from . import style

GLOW = 2.2  # the glow reaches this many radii


class Pulse(QGraphicsItem):
    def __init__(self, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.color = QColor(style.OUTPUT_POSITIVE)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setVisible(False)

    def __repr__(self) -> str:
        return f"Pulse(at ({self.x():g}, {self.y():g}), {'shown' if self.isVisible() else 'hidden'})"

    def set_color(self, color: QColor) -> None:
        if color != self.color:
            self.color = QColor(color)
            self.update()

    def boundingRect(self) -> QRectF:
        r = style.PULSE_RADIUS * GLOW
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = style.PULSE_RADIUS
        glow = QRadialGradient(QPointF(0, 0), r * GLOW)
        edge = QColor(self.color)
        edge.setAlphaF(0.0)
        middle = QColor(self.color)
        middle.setAlphaF(0.45)
        glow.setColorAt(0.0, middle)
        glow.setColorAt(1.0, edge)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(glow))
        painter.drawEllipse(QPointF(0, 0), r * GLOW, r * GLOW)
        painter.setPen(QPen(self.color.darker(140), 1.2))
        painter.setBrush(QBrush(self.color))
        painter.drawEllipse(QPointF(0, 0), r, r)

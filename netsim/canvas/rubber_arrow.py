"""RubberArrow: the arrow that follows the mouse while a connection is dragged.

It starts at the edge of the source neuron and ends at the mouse, or at the edge of the
neuron under the mouse. Over a neuron it may connect to, the arrow and a ring around the
target are green; over one it may not (a cycle, an input or bias
neuron, a duplicate, the source itself) they are red and dashed, with a cross on the arrow.
Over no neuron the arrow is drawn in a soft text colour. Its colours differ from the
blue and orange of weights, so the arrow being dragged never looks like one already made.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from . import style
from .neuron_item import NeuronItem

WIDTH = 2.5
EDGE = style.NEURON_RADIUS + style.NEURON_OUTLINE / 2
RING = style.NEURON_RADIUS + style.SELECTION_RING
CROSS = 7.0  # radius of the refusal badge


class RubberArrow(QGraphicsItem):
    def __init__(self, source: NeuronItem) -> None:
        super().__init__()
        self.source = source
        self.target: NeuronItem | None = None
        self.refused = False
        self.end = QPointF(source.pos())
        self.setZValue(3)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def __repr__(self) -> str:
        target = self.target.neuron_id if self.target else None
        return f"RubberArrow({self.source.neuron_id} -> {target}, refused={self.refused})"

    def set_end(self, point: QPointF, target: NeuronItem | None, refused: bool) -> None:
        """Follow the mouse at `point`; `target` is the neuron under it, if any."""
        self.prepareGeometryChange()
        self.end, self.target, self.refused = QPointF(point), target, bool(refused)
        self.update()

    def line(self) -> QLineF:
        """Tail to tip, in scene coordinates (empty while the mouse is over the source)."""
        a = self.source.pos()
        b = self.target.pos() if self.target is not None else self.end
        length = QLineF(a, b).length()
        back = EDGE + style.ARROW_GAP if self.target is not None else 0.0
        if length <= EDGE + back + 1:
            return QLineF(a, a)
        ux, uy = (b.x() - a.x()) / length, (b.y() - a.y()) / length
        return QLineF(a.x() + ux * EDGE, a.y() + uy * EDGE, b.x() - ux * back, b.y() - uy * back)

    # ---- Qt overrides --------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        rect = QRectF(self.source.pos(), self.end).normalized()
        if self.target is not None:
            t = self.target.pos()
            rect = rect.united(QRectF(t.x() - RING, t.y() - RING, 2 * RING, 2 * RING))
        margin = style.ARROWHEAD_LENGTH + WIDTH + CROSS
        return rect.adjusted(-margin, -margin, margin, margin)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        palette = self.scene().palette() if self.scene() else QPalette()
        if self.refused:
            color = style.REFUSED
        elif self.target is not None:
            color = style.ACCEPTED
        else:
            color = style.mix(style.text_color(palette), style.base_color(palette), 0.75)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        dash = Qt.PenStyle.DashLine if self.refused else Qt.PenStyle.SolidLine
        if self.target is not None:
            painter.setPen(QPen(color, 2.0, dash))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(self.target.pos(), RING, RING)
        line = self.line()
        if line.length() == 0:
            return
        ux, uy = line.dx() / line.length(), line.dy() / line.length()
        base = line.p2() - QPointF(ux, uy) * style.ARROWHEAD_LENGTH
        shaft = QLineF(line.p1(), line.p2() - QPointF(ux, uy) * style.ARROWHEAD_LENGTH * 0.6)
        underlay = style.base_color(palette)  # keeps the dashes readable over other arrows
        underlay.setAlphaF(0.85)
        painter.setPen(QPen(underlay, WIDTH + 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        painter.drawLine(shaft)
        painter.setPen(QPen(color, WIDTH, dash, Qt.PenCapStyle.FlatCap))
        painter.drawLine(shaft)
        normal = QPointF(-uy, ux) * style.ARROWHEAD_HALF_WIDTH
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color))
        painter.drawPolygon(QPolygonF([line.p2(), base + normal, base - normal]))
        if self.refused:
            self._paint_cross(painter, line.center(), palette)

    @staticmethod
    def _paint_cross(painter: QPainter, centre: QPointF, palette: QPalette) -> None:
        painter.setPen(QPen(style.base_color(palette), 1.5))
        painter.setBrush(QBrush(style.REFUSED))
        painter.drawEllipse(centre, CROSS, CROSS)
        d = CROSS * 0.45 * math.sqrt(2) / 1.2
        painter.setPen(QPen(style.base_color(palette), 2.0, Qt.PenStyle.SolidLine,
                            Qt.PenCapStyle.RoundCap))
        painter.drawLine(centre + QPointF(-d, -d), centre + QPointF(d, d))
        painter.drawLine(centre + QPointF(-d, d), centre + QPointF(d, -d))

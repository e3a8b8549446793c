"""ConnectionItem: an arrow from the edge of the source circle to the edge of the target.

Width grows with |w| and colour shows the sign; frozen (non-trainable) connections are
dashed. The weight is written in a WeightLabel placed at `label_fraction` of the way
back from the arrow's tip towards its tail. Geometry lives in scene coordinates (the item
stays at the origin) and follows the two NeuronItems through `update_geometry()`.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPainterPathStroker, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyle, QStyleOptionGraphicsItem, QWidget

from ..engine.network import Connection
from ..plaintext import guessed, one_line
from ..engine.text import ARROW, readable
from . import style
from .neuron_item import NeuronItem
from .pulse import Pulse
from .weight_label import WeightLabel

DEFAULT_LABEL_FRACTION = 0.37  # of the arrow's length, measured from its tip
PICK_WIDTH = 10.0  # the arrow can be clicked this close to its line


def weight_text(connection: Connection) -> str:
    number = style.format_weight(connection.weight)
    return f"{one_line(connection.label)} = {number}" if connection.label else number


class ConnectionItem(QGraphicsItem):
    def __init__(self, connection: Connection, source: NeuronItem, target: NeuronItem) -> None:
        super().__init__()
        self.key = connection.key
        self.source_item, self.target_item = source, target
        self.weight = math.nan
        self.trainable = True
        self.text = ""
        self.label = WeightLabel(self.key)
        self.label_fraction = DEFAULT_LABEL_FRACTION
        self._tail = QPointF()
        self._tip = QPointF()
        self.pulse: Pulse | None = None  # while stepping: the dot that runs along the arrow
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setZValue(0)
        source.add_connection(self)
        target.add_connection(self)
        self.update_from(connection)
        self.update_geometry()

    def __repr__(self) -> str:
        return f"ConnectionItem({self.key[0]} -> {self.key[1]}, {self.text!r})"

    def detach(self) -> None:
        """Forget the two neuron items (before this item leaves the scene)."""
        self.source_item.remove_connection(self)
        self.target_item.remove_connection(self)

    # ---- model -> item -------------------------------------------------------------
    def update_from(self, connection: Connection) -> None:
        """Show the connection's current weight, label and trainability."""
        weight, trainable = float(connection.weight), bool(connection.trainable)
        text = weight_text(connection)
        if (weight, trainable, text) == (self.weight, self.trainable, self.text):
            return
        self.weight, self.trainable, self.text = weight, trainable, text
        self.label.set_text(text, weight)
        name = f" ({connection.label})" if connection.label else ""
        frozen = ", frozen" if not trainable else ""
        self.setToolTip(guessed(f"{self.key[0]} {ARROW} {self.key[1]}{name}: "
                                f"w = {readable(weight)}{frozen}"))
        self.update()

    def color(self) -> QColor:
        scene = self.scene()
        return style.weight_color(self.weight, scene.palette() if scene else QPalette())

    def pen_width(self) -> float:
        return style.weight_width(self.weight)

    def update_geometry(self) -> None:
        """Recompute the arrow from the neurons' current positions."""
        self.prepareGeometryChange()
        a, b = self.source_item.pos(), self.target_item.pos()
        line = QLineF(a, b)
        length = line.length()
        edge = style.NEURON_RADIUS + style.NEURON_OUTLINE / 2
        if length <= 2 * edge + style.ARROW_GAP:
            self._tail = self._tip = QPointF(a)
        else:
            ux, uy = (b.x() - a.x()) / length, (b.y() - a.y()) / length
            self._tail = QPointF(a.x() + ux * edge, a.y() + uy * edge)
            back = edge + style.ARROW_GAP
            self._tip = QPointF(b.x() - ux * back, b.y() - uy * back)
        self.place_label(self.label_fraction)

    def place_label(self, fraction: float) -> None:
        self.label_fraction = fraction
        self.label.setPos(self.point_at(fraction))

    def point_at(self, fraction: float) -> QPointF:
        """The point `fraction` of the way from the tip back to the tail."""
        return self._tip + (self._tail - self._tip) * fraction

    def value_pulse(self) -> Pulse:
        """The arrow's pulse dot, made (hidden) the first time it is asked for."""
        if self.pulse is None:
            self.pulse = Pulse(self)
        return self.pulse

    def segment(self) -> QLineF:
        """The visible arrow, tail to tip, in scene coordinates."""
        return QLineF(self._tail, self._tip)

    def head_rect(self) -> QRectF:
        """The arrowhead's bounding box in scene coordinates."""
        return self._head()[0].boundingRect()

    def _head(self) -> tuple[QPolygonF, QPointF]:
        """The arrowhead polygon and where the shaft should stop under it."""
        width = self.pen_width()
        length = style.ARROWHEAD_LENGTH + 1.2 * width
        half = style.ARROWHEAD_HALF_WIDTH + 0.6 * width
        line = self.segment()
        n = line.length() or 1.0
        ux, uy = line.dx() / n, line.dy() / n
        base = self._tip - QPointF(ux, uy) * length
        normal = QPointF(-uy, ux) * half
        head = QPolygonF([self._tip, base + normal, base - normal])
        return head, self._tip - QPointF(ux, uy) * (length * 0.6)

    # ---- Qt overrides --------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        margin = style.ARROWHEAD_HALF_WIDTH + 1.2 * style.ARROW_MAX_WIDTH + 4
        return QRectF(self._tail, self._tip).normalized().adjusted(-margin, -margin, margin, margin)

    def shape(self) -> QPainterPath:
        path = QPainterPath(self._tail)
        path.lineTo(self._tip)
        stroker = QPainterPathStroker()
        stroker.setWidth(max(PICK_WIDTH, self.pen_width()))
        shape = stroker.createStroke(path)
        shape.addPolygon(self._head()[0])
        return shape

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.label.set_highlighted(bool(value))
        return super().itemChange(change, value)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if self._tail == self._tip:
            return
        palette = self.scene().palette() if self.scene() else QPalette()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        width = self.pen_width()
        head, shaft_end = self._head()
        if option.state & QStyle.StateFlag.State_Selected:
            halo = QColor(palette.color(QPalette.ColorRole.Highlight))
            halo.setAlphaF(0.45)
            pen = QPen(halo, width + 7, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawLine(QLineF(self._tail, self._tip))
        color = style.weight_color(self.weight, palette)
        pen = QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap)
        if not self.trainable:
            pen.setDashPattern([6.0 / width, 4.0 / width])
        painter.setPen(pen)
        painter.drawLine(QLineF(self._tail, shaft_end))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color))
        painter.drawPolygon(head)

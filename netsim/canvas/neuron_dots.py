"""NeuronDots: a big network's neurons, zoomed out, painted by one item as plain discs.

Zoomed out so far that no name or glyph can be read (below DOT_ZOOM), a thousand
NeuronItems painting themselves one by one would cost more than all the connections.
Then the items stay (they are still hovered, clicked, selected and dragged) but paint
nothing (ItemHasNoContents), and this item paints every neuron as a disc in its role's
colours, filled by its value while a row is stepped through, ringed when selected.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from . import style

# below this zoom (where names and glyphs are too small to read) a big network's neurons
# are discs painted in bulk
DOT_ZOOM = style.MIN_TEXT_PIXELS / style.NAME_PIXELS
R = style.NEURON_RADIUS


class NeuronDots(QGraphicsItem):
    def __init__(self, items: dict) -> None:
        super().__init__()
        self.items = items  # neuron id -> NeuronItem (the drawing's own dict)
        self.on = False
        self._rect = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(1)

    def __repr__(self) -> str:
        return f"NeuronDots({len(self.items)} neurons, {'on' if self.on else 'off'})"

    def set_on(self, on: bool) -> None:
        """Paint the discs (and the items nothing), or leave the items to paint."""
        if on == self.on:
            return
        self.on = on
        for item in self.items.values():
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, on)
            item.update()
        self.update()

    def geometry_changed(self) -> None:
        """The neurons moved: cover them all again."""
        self.prepareGeometryChange()
        rect = QRectF()
        for item in self.items.values():
            rect = rect.united(QRectF(item.x() - R, item.y() - R, 2 * R, 2 * R))
        ring = style.SELECTION_RING + style.NEURON_OUTLINE
        self._rect = rect.adjusted(-ring, -ring, ring, ring) if not rect.isEmpty() else rect
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if not self.on:
            return
        palette = self.scene().palette() if self.scene() else QPalette()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        exposed = option.exposedRect.adjusted(-2 * R, -2 * R, 2 * R, 2 * R)
        pens, brushes = {}, {}
        highlight = QPen(palette.color(QPalette.ColorRole.Highlight), 3.0 * 2)
        for item in self.items.values():
            at = item.pos()
            if not exposed.contains(at):
                continue
            role = item.role
            if role not in pens:
                pens[role] = QPen(style.role_outline(role, palette), style.NEURON_OUTLINE * 2)
                brushes[role] = QBrush(style.role_fill(role, palette))
            painter.setPen(highlight if item.isSelected() else pens[role])
            painter.setBrush(QBrush(item.value_fill) if item.value_fill is not None
                             else brushes[role])
            painter.drawEllipse(QPointF(at), R, R)

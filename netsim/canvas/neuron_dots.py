"""NeuronDots: a big network's neurons, zoomed out, painted by one item as plain discs.

Zoomed out so far that no name or glyph can be read (below DOT_ZOOM), a thousand
NeuronItems painting themselves one by one would cost more than all the connections.
Then the items stay (they are still hovered, clicked, selected and dragged) but paint
nothing (ItemHasNoContents), and this item paints every neuron as a disc in its role's
colours, filled by its value while a row is stepped through, ringed when selected.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from . import style

# below this zoom (where names and glyphs are too small to read) a big network's neurons
# are discs painted in bulk
DOT_ZOOM = style.MIN_TEXT_PIXELS / style.NAME_PIXELS
R = style.NEURON_RADIUS
MAX_SPRITES = 512  # discs kept ready to stamp (colours × states × zooms)


class NeuronDots(QGraphicsItem):
    def __init__(self, items: dict) -> None:
        super().__init__()
        self.items = items  # neuron id -> NeuronItem (the drawing's own dict)
        self.on = False
        self._rect = QRectF()
        self._sprites: dict[tuple, QPixmap] = {}  # discs by role, selection, fill, scale
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
        exposed = option.exposedRect.adjusted(-2 * R, -2 * R, 2 * R, 2 * R)
        to_device = painter.worldTransform()
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(to_device)
        painter.save()
        painter.resetTransform()  # the discs are stamped in device pixels
        for item in self.items.values():
            at = item.pos()
            if not exposed.contains(at):
                continue
            fill = item.value_fill
            key = (item.role, item.isSelected(), fill.rgba() if fill is not None else None,
                   round(scale * 64))
            sprite = self._sprites.get(key)
            if sprite is None:
                sprite = self._sprites[key] = disc(item.role, item.isSelected(), fill, scale,
                                                   palette)
            half = sprite.width() / 2 / sprite.devicePixelRatio()
            centre = to_device.map(at)
            painter.drawPixmap(QPointF(centre.x() - half, centre.y() - half), sprite)
        painter.restore()
        if len(self._sprites) > MAX_SPRITES:
            self._sprites.clear()


def disc(role: str, selected: bool, fill: QColor | None, scale: float,
         palette: QPalette) -> QPixmap:
    """A neuron's disc at `scale` device pixels per scene unit, on a transparent pixmap."""
    ring = style.SELECTION_RING + style.NEURON_OUTLINE if selected else style.NEURON_OUTLINE
    size = max(2, math.ceil(2 * (R + ring) * scale) + 2)
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.translate(size / 2, size / 2)
    painter.scale(scale, scale)
    if selected:
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 6.0))
    else:
        painter.setPen(QPen(style.role_outline(role, palette), style.NEURON_OUTLINE * 2))
    painter.setBrush(QBrush(fill) if fill is not None else QBrush(style.role_fill(role, palette)))
    painter.drawEllipse(QPointF(0, 0), R, R)
    painter.end()
    return pixmap

"""NeuronDots: a big network's neurons, zoomed out, painted by one item as plain discs.

Zoomed out so far that no name or glyph can be read (below DOT_ZOOM), a thousand
NeuronItems painting themselves one by one would cost more than all the connections.
Then the items stay (they are still hovered, clicked, selected and dragged) but paint
nothing (ItemHasNoContents), and this item paints every neuron as a disc in its role's
colours, filled by its value while a row is stepped through, ringed when selected.
"""
from __future__ import annotations

import math

import numpy as np
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
        self._order: list = []  # the neuron items, as their centres are in _at
        self._at = np.zeros((0, 2))
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
        self._order = list(self.items.values())
        self._at = np.array([(item.x(), item.y()) for item in self._order], float).reshape(-1, 2)
        if len(self._at):
            ring = R + style.SELECTION_RING + style.NEURON_OUTLINE
            (x0, y0), (x1, y1) = self._at.min(axis=0) - ring, self._at.max(axis=0) + ring
            self._rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        else:
            self._rect = QRectF()
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if not self.on or not len(self._at):
            return
        palette = self.scene().palette() if self.scene() else QPalette()
        e = option.exposedRect.adjusted(-2 * R, -2 * R, 2 * R, 2 * R)
        to_device = painter.worldTransform()
        scale = QStyleOptionGraphicsItem.levelOfDetailFromTransform(to_device)
        x, y = self._at[:, 0], self._at[:, 1]
        shown = np.flatnonzero((x >= e.left()) & (x <= e.right()) & (y >= e.top())
                               & (y <= e.bottom()))
        # where each centre lands in device pixels (the view only scales and moves)
        device_x = x[shown] * to_device.m11() + to_device.m31()
        device_y = y[shown] * to_device.m22() + to_device.m32()
        zoom_key = round(scale * 64)
        painter.save()
        painter.resetTransform()  # the discs are stamped in device pixels
        for k, dx, dy in zip(shown.tolist(), device_x.tolist(), device_y.tolist()):
            item = self._order[k]
            fill = item.value_fill
            selected = item.isSelected()
            key = (item.role, selected, fill.rgba() if fill is not None else None, zoom_key)
            sprite = self._sprites.get(key)
            if sprite is None:
                sprite = self._sprites[key] = disc(item.role, selected, fill, scale, palette)
            half = sprite.width() / 2 / sprite.devicePixelRatio()
            painter.drawPixmap(QPointF(dx - half, dy - half), sprite)
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

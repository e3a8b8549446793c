"""WeightLabel: a connection's weight written in a small pill, readable where arrows cross.

It is a top-level scene item (not a child of its arrow) so that every label stacks above
every arrow. Its origin is the centre of the pill.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from . import style


class WeightLabel(QGraphicsItem):
    def __init__(self, key: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.key = key  # the connection it labels: a click on the label means that connection
        self.text = ""
        self.weight = 0.0
        self.highlighted = False  # its connection is selected
        self._font = style.font(style.WEIGHT_PIXELS)
        self._rect = QRectF()
        self.setZValue(2)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def __repr__(self) -> str:
        return f"WeightLabel({self.text!r})"

    def set_text(self, text: str, weight: float) -> None:
        if text != self.text:
            self.prepareGeometryChange()
            self.text = text
            metrics = QFontMetricsF(self._font)
            w = metrics.horizontalAdvance(text) + 2 * style.PILL_PADDING_X
            h = metrics.height() + 2 * style.PILL_PADDING_Y
            w = max(w, 1.8 * h)  # short numbers get a pill, not a circle
            self._rect = QRectF(-w / 2, -h / 2, w, h)
        self.weight = weight
        self.update()

    def set_highlighted(self, highlighted: bool) -> None:
        if highlighted != self.highlighted:
            self.highlighted = highlighted
            self.update()

    def pill_rect(self) -> QRectF:
        """The pill in item coordinates (centred on the origin)."""
        return QRectF(self._rect)

    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1, -1, 1, 1)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        palette = self.scene().palette() if self.scene() else QPalette()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        background = style.base_color(palette)
        background.setAlphaF(0.92)
        border = style.mix(style.weight_color(self.weight, palette), style.base_color(palette), 0.7)
        pen = QPen(border, 1.0)
        if self.highlighted:
            highlight = palette.color(QPalette.ColorRole.Highlight)
            background = style.mix(highlight, style.base_color(palette), 0.18)
            pen = QPen(highlight, 2.0)
        painter.setPen(pen)
        painter.setBrush(QBrush(background))
        radius = self._rect.height() / 2
        painter.drawRoundedRect(self._rect, radius, radius)
        painter.setFont(self._font)
        painter.setPen(style.text_color(palette))
        painter.drawText(self._rect, Qt.AlignmentFlag.AlignCenter, self.text)

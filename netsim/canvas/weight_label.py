"""WeightLabel: a connection's weight written in a small pill, readable where arrows cross.

It is a top-level scene item (not a child of its arrow) so that every label stacks above
every arrow. Its origin is the centre of the weight's line.

While a row is being stepped through, a second, smaller line under the weight shows the
connection's number of the moment (w·x, ∂J/∂w, old → new); the pill grows downwards to
hold it, so the weight stays where it was. The room the second line will need during
the row is reserved (`reserve_detail`) and `pill_rect()` reports that room, so labels
are placed once per row and never overlap as numbers appear. `clear_detail` gives back
the one-line pill exactly as before.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from . import style

DETAIL_PADDING_X = 7.0


class WeightLabel(QGraphicsItem):
    def __init__(self, key: tuple[str, str] | None = None) -> None:
        super().__init__()
        self.key = key  # the connection it labels: a click on the label means that connection
        self.text = ""
        self.weight = 0.0
        self.highlighted = False  # its connection is selected
        self._font = style.font(style.WEIGHT_PIXELS)
        self._rect = QRectF()  # the pill as drawn now
        self.detail = ""  # while stepping: the second line
        self.detail_color: QColor | None = None
        self._detail_font = style.font(style.VALUE_PIXELS)
        self._reserved = 0.0  # width kept for the second line; 0: none kept
        self._room = QRectF()  # the pill with the reserved second line
        self.setZValue(2)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def __repr__(self) -> str:
        return f"WeightLabel({self.text!r})" if not self.detail else \
            f"WeightLabel({self.text!r}, {self.detail!r})"

    def set_text(self, text: str, weight: float) -> None:
        if text != self.text:
            self.text = text
            self._resize()
        self.weight = weight
        self.update()

    def _pill(self, detail_width: float) -> QRectF:
        metrics = QFontMetricsF(self._font)
        w = metrics.horizontalAdvance(self.text) + 2 * style.PILL_PADDING_X
        h = metrics.height() + 2 * style.PILL_PADDING_Y
        w = max(w, 1.8 * h)  # short numbers get a pill, not a circle
        rect = QRectF(-w / 2, -h / 2, w, h)
        if detail_width:
            w = max(w, detail_width + 2 * DETAIL_PADDING_X)
            extra = QFontMetricsF(self._detail_font).height()
            rect = QRectF(-w / 2, -h / 2, w, h + extra)
        return rect

    def _resize(self) -> None:
        drawn = self._pill(QFontMetricsF(self._detail_font).horizontalAdvance(self.detail)
                           if self.detail else 0.0)
        room = self._pill(self._reserved).united(drawn)
        if drawn != self._rect:
            self.prepareGeometryChange()
            self._rect = drawn
        self._room = room

    # ---- step-through values -------------------------------------------------------
    def reserve_detail(self, texts: list[str]) -> bool:
        """Keep room for a second line holding any of `texts`; True if the room grew."""
        metrics = QFontMetricsF(self._detail_font)
        width = max([metrics.horizontalAdvance(t) for t in texts if t] + [self._reserved])
        if width == self._reserved:
            return False
        self._reserved = width
        self._resize()
        return True

    def set_detail(self, text: str, color: QColor | None = None) -> None:
        if (text, color) != (self.detail, self.detail_color):
            self.detail, self.detail_color = text, color
            self._resize()
            self.update()

    def clear_detail(self) -> None:
        self.detail, self.detail_color, self._reserved = "", None, 0.0
        self._resize()
        self.update()

    def set_highlighted(self, highlighted: bool) -> None:
        if highlighted != self.highlighted:
            self.highlighted = highlighted
            self.update()

    def pill_rect(self) -> QRectF:
        """The room the pill takes, in item coordinates: the one-line pill is centred on
        the origin; while stepping, the reserved second line hangs below it."""
        return QRectF(self._room)

    def drawn_rect(self) -> QRectF:
        """The pill as drawn now (smaller than pill_rect() until the row's numbers show)."""
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
        line = QFontMetricsF(self._font).height() + 2 * style.PILL_PADDING_Y
        radius = line / 2 if not self.detail else 8.0
        painter.drawRoundedRect(self._rect, radius, radius)
        painter.setFont(self._font)
        painter.setPen(style.text_color(palette))
        top = QRectF(self._rect.left(), -line / 2, self._rect.width(), line)
        painter.drawText(top, Qt.AlignmentFlag.AlignCenter, self.text)
        if self.detail:
            painter.setFont(self._detail_font)
            painter.setPen(self.detail_color if self.detail_color is not None
                           else style.text_color(palette))
            below = QRectF(self._rect.left(), line / 2 - style.PILL_PADDING_Y - 0.5,
                           self._rect.width(), self._rect.bottom() - line / 2)
            painter.drawText(below, Qt.AlignmentFlag.AlignCenter, self.detail)

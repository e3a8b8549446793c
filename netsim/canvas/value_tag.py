"""ValueTag: a neuron's numbers while stepping, in a small card above its circle.

A child of the NeuronItem, so it moves with it. Each line has its own colour (None: the
palette's text colour). The card hugs the lines it shows and grows upwards from its
origin, the centre of its bottom edge. The room it will need during a row is reserved
(`reserve`, only growing) and reported by `card_rect()`, so that the weight labels are
placed around it once per row and nothing overlaps as the numbers appear.
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from . import style

Line = tuple[str, QColor | None]
PADDING_X, PADDING_Y = 6.0, 2.5


class ValueTag(QGraphicsItem):
    def __init__(self, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        self.lines: list[Line] = []
        self.active = False  # its numbers were revealed by the stage shown now
        self._font = style.font(style.VALUE_PIXELS)
        self._metrics = QFontMetricsF(self._font)
        self._reserved = QSizeF(0, 0)
        self._rect = QRectF()
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def __repr__(self) -> str:
        return f"ValueTag({self.text()!r})"

    def text(self) -> str:
        return "\n".join(text for text, _ in self.lines)

    def _size(self, texts: list[str], count: int | None = None) -> QSizeF:
        if not texts:
            return QSizeF(0, 0)
        width = max(self._metrics.horizontalAdvance(t) for t in texts)
        lines = len(texts) if count is None else count
        return QSizeF(width + 2 * PADDING_X, lines * self._metrics.height() + 2 * PADDING_Y)

    def reserve(self, line_sets: list[list[str]]) -> bool:
        """Make room for each of these sets of lines too; True if the card grew."""
        texts = [t for lines in line_sets for t in lines]
        count = max((len(lines) for lines in line_sets), default=0)
        size = self._size(texts, count).expandedTo(self._reserved)
        if size == self._reserved:
            return False
        self._reserved = size
        self._resize()
        return True

    def reset(self) -> None:
        """Forget the reserved room and the lines."""
        self._reserved = QSizeF(0, 0)
        self.lines = []
        self._resize()

    def set_lines(self, lines: list[Line], active: bool = False) -> None:
        if lines == self.lines and active == self.active:
            return
        self.lines, self.active = list(lines), active
        self._resize()
        self.update()

    def card_rect(self) -> QRectF:
        """The room kept for the card (at least the card as drawn), in item coordinates."""
        size = self._reserved.expandedTo(self._rect.size())
        return QRectF(-size.width() / 2, -size.height(), size.width(), size.height())

    def drawn_rect(self) -> QRectF:
        return QRectF(self._rect)

    def _resize(self) -> None:
        size = self._size([t for t, _ in self.lines])
        rect = QRectF(-size.width() / 2, -size.height(), size.width(), size.height())
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = rect

    # ---- Qt overrides --------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return self._rect.adjusted(-1.5, -1.5, 1.5, 1.5)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        if not self.lines or option.levelOfDetailFromTransform(painter.worldTransform()) \
                * style.WEIGHT_PIXELS < style.MIN_TEXT_PIXELS:
            return  # none, or too small to read: the neuron's fill shows its value
        palette = self.scene().palette() if self.scene() else QPalette()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        text = style.text_color(palette)
        background = style.base_color(palette)
        background.setAlphaF(0.94)
        border = style.mix(text, style.base_color(palette), 0.7 if self.active else 0.25)
        painter.setPen(QPen(border, 1.5 if self.active else 1.0))
        painter.setBrush(QBrush(background))
        painter.drawRoundedRect(self._rect, 5.0, 5.0)
        painter.setFont(self._font)
        height = self._metrics.height()
        top = self._rect.top() + PADDING_Y
        for i, (line, color) in enumerate(self.lines):
            painter.setPen(color if color is not None else text)
            painter.drawText(QRectF(self._rect.left(), top + i * height, self._rect.width(), height),
                             Qt.AlignmentFlag.AlignCenter, line)

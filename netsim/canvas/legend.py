"""ValueLegend: a small widget explaining the two colour scales used while stepping.

    output      a neuron's fill while the row goes forward: violet below 0, amber above
    δ, −∂J/∂w   fills and numbers during the backward pass: pink should shrink, green
                should grow, strongest for the row's largest

It paints with the same functions the canvas uses (style.output_fill, style.push_fill),
so it cannot drift from the drawing, and it follows the palette.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QLinearGradient, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from . import style

BAR_WIDTH, BAR_HEIGHT = 120.0, 10.0
NAME_WIDTH = 72.0
ROW = 30.0
MARGIN = 4.0

# (name, left end, right end, colour at t in [-1, 1])
SCALES = [
    ("output", "\u22121", "1", lambda t, p: style.output_fill(t, p)),
    ("\u03b4, \u2212\u2202J/\u2202w", "shrink", "grow", lambda t, p: style.push_fill(t, 1.0, p)),
]


class ValueLegend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setToolTip("While stepping: a neuron's fill shows its output going forward and "
                        "its \u03b4 going backward; \u03b4 and \u2212\u2202J/\u2202w are "
                        "scaled to the largest of the row.")

    def __repr__(self) -> str:
        return "ValueLegend()"

    def texts(self) -> list[str]:
        """What the legend says, one entry per scale."""
        return [f"{name}: {left} \u2026 0 \u2026 {right}" for name, left, right, _ in SCALES]

    def sizeHint(self) -> QSize:
        return QSize(int(NAME_WIDTH + BAR_WIDTH + 2 * MARGIN + 8), int(len(SCALES) * ROW + 2 * MARGIN))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, event) -> None:
        palette = self.palette()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        name_font, tick_font = style.font(12), style.font(10)
        text = palette.color(QPalette.ColorRole.WindowText)
        faint = style.mix(text, palette.color(QPalette.ColorRole.Window), 0.65)
        bar_left = MARGIN + NAME_WIDTH
        bar_width = max(40.0, self.width() - bar_left - MARGIN - 4)
        tick_height = QFontMetricsF(tick_font).height()
        for i, (name, left, right, color) in enumerate(SCALES):
            top = MARGIN + i * ROW
            painter.setFont(name_font)
            painter.setPen(text)
            painter.drawText(QRectF(MARGIN, top, NAME_WIDTH - 6, BAR_HEIGHT + 4),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
            bar = QRectF(bar_left, top + 2, bar_width, BAR_HEIGHT)
            gradient = QLinearGradient(QPointF(bar.left(), 0), QPointF(bar.right(), 0))
            for k in range(9):
                t = -1.0 + k / 4.0
                gradient.setColorAt(k / 8.0, color(t, palette))
            painter.setPen(QPen(faint, 1.0))
            painter.setBrush(QBrush(gradient))
            painter.drawRoundedRect(bar, 3.0, 3.0)
            painter.setFont(tick_font)
            painter.setPen(faint)
            under = QRectF(bar.left(), bar.bottom() + 1, bar.width(), tick_height)
            painter.drawText(under, Qt.AlignmentFlag.AlignLeft, left)
            painter.drawText(under, Qt.AlignmentFlag.AlignHCenter, "0")
            painter.drawText(under, Qt.AlignmentFlag.AlignRight, right)
        painter.end()

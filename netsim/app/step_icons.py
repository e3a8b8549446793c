"""Icons for the step-through actions, drawn with QPainter on a 32 × 32 grid like the
canvas tools' icons: |◀ step back, ▶| step, ▶ play, ❚❚ pause, ▶▶| step row, ↻ step
epoch, ■ stop."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

SIZE = 64  # drawn large; Qt scales icons down smoothly
INK = QColor("#3a3a3a")
GO = QColor("#1f8f4e")
HALT = QColor("#c23b32")


def _triangle(painter: QPainter, left: float, right: float, top: float = 7, bottom: float = 25,
              pointing_right: bool = True) -> None:
    mid = (top + bottom) / 2
    if pointing_right:
        points = [QPointF(left, top), QPointF(right, mid), QPointF(left, bottom)]
    else:
        points = [QPointF(right, top), QPointF(left, mid), QPointF(right, bottom)]
    painter.drawPolygon(QPolygonF(points))


def _bar(painter: QPainter, x: float) -> None:
    painter.drawRoundedRect(QRectF(x, 7, 3.5, 18), 1, 1)


def _draw(name: str, painter: QPainter) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(INK))
    if name == "back":
        _bar(painter, 6)
        _triangle(painter, 10, 26, pointing_right=False)
    elif name == "step":
        _triangle(painter, 6, 22)
        _bar(painter, 22.5)
    elif name == "play":
        painter.setBrush(QBrush(GO))
        _triangle(painter, 8, 26, 5, 27)
    elif name == "pause":
        painter.drawRoundedRect(QRectF(8, 6, 5.5, 20), 1.5, 1.5)
        painter.drawRoundedRect(QRectF(18.5, 6, 5.5, 20), 1.5, 1.5)
    elif name == "row":
        _triangle(painter, 3, 15)
        _triangle(painter, 13, 25)
        _bar(painter, 25.5)
    elif name == "epoch":
        painter.setPen(QPen(INK, 3.2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        path = QPainterPath()
        path.arcMoveTo(QRectF(6, 6, 20, 20), 60)
        path.arcTo(QRectF(6, 6, 20, 20), 60, 290)
        painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(INK))
        painter.drawPolygon(QPolygonF([QPointF(16, 2.5), QPointF(24, 7.5), QPointF(15.5, 12)]))
    elif name == "stop":
        painter.setBrush(QBrush(HALT))
        painter.drawRoundedRect(QRectF(8, 8, 16, 16), 2.5, 2.5)


def icon(name: str) -> QIcon:
    pixmap = QPixmap(SIZE, SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.scale(SIZE / 32, SIZE / 32)
    _draw(name, painter)
    painter.end()
    return QIcon(pixmap)

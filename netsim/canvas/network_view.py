"""NetworkView: the antialiased view on a NetworkScene, with fit-to-window and wheel zoom.

Until the person zooms, the view keeps the whole network fitted as the window resizes.
Dragging the background pans. The background is the palette's base colour with a faint
dot grid, so light and dark themes both look right.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPalette, QPen, QTransform
from PySide6.QtWidgets import QFrame, QGraphicsView

from . import style
from .network_scene import NetworkScene

FIT_MARGIN = 36.0  # scene units kept free around the network when fitting
MAX_FIT_SCALE = 1.6  # small networks are not blown up beyond this
MIN_SCALE, MAX_SCALE = 0.05, 8.0
WHEEL_STEP = 1.0015  # zoom factor per 1/8 degree of wheel rotation
GRID = 24.0  # dot grid spacing in scene units
GRID_MIN_SCALE = 0.45  # below this zoom the dots would crowd: leave them out


class NetworkView(QGraphicsView):
    def __init__(self, scene: NetworkScene | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setScene(scene if scene is not None else NetworkScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self._auto_fit = True

    def __repr__(self) -> str:
        return f"NetworkView(zoom {self.zoom():.2f}, auto fit {self._auto_fit})"

    def network_scene(self) -> NetworkScene:
        return self.scene()

    def zoom(self) -> float:
        return self.transform().m11()

    def fit(self) -> None:
        """Show the whole network with a margin, and keep it fitted on resizes."""
        self._auto_fit = True
        rect = self.network_scene().network_rect()
        if rect.isEmpty():
            return
        rect = rect.adjusted(-FIT_MARGIN, -FIT_MARGIN, FIT_MARGIN, FIT_MARGIN)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom() > MAX_FIT_SCALE:
            self.setTransform(QTransform.fromScale(MAX_FIT_SCALE, MAX_FIT_SCALE))
        self.centerOn(rect.center())

    def zoom_by(self, factor: float) -> None:
        factor = min(max(factor, MIN_SCALE / self.zoom()), MAX_SCALE / self.zoom())
        self._auto_fit = False
        self.scale(factor, factor)

    # ---- Qt overrides --------------------------------------------------------------
    def wheelEvent(self, event) -> None:
        delta = event.angleDelta().y()
        if delta:
            self.zoom_by(WHEEL_STEP ** delta)
            event.accept()
        else:
            super().wheelEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()

    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        painter.fillRect(rect, base)
        if self.zoom() < GRID_MIN_SCALE:
            return
        dot = style.mix(palette.color(QPalette.ColorRole.Text), base, 0.16)
        pen = QPen(dot, 2.0)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        left = math.floor(rect.left() / GRID) * GRID
        top = math.floor(rect.top() / GRID) * GRID
        xs = [left + i * GRID for i in range(int((rect.right() - left) / GRID) + 1)]
        ys = [top + j * GRID for j in range(int((rect.bottom() - top) / GRID) + 1)]
        painter.drawPoints([QPointF(x, y) for y in ys for x in xs])

"""NetworkView: the antialiased view on a NetworkScene: zoom, fit, pan, rubber band.

Until the person zooms or pans, the view keeps the whole network fitted as the window
resizes. The wheel zooms under the mouse; Ctrl+= / Ctrl+- zoom about the centre and
Ctrl+0 fits (the window's menu actions call the same methods). The middle button, or
the left button while Space is held, pans. A drag on empty canvas selects an area.
The background is the palette's base colour with a faint dot grid, the same grid that
"snap to grid" snaps to, so light and dark themes both look right.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter, QPalette, QPen, QTransform
from PySide6.QtWidgets import QFrame, QGraphicsView

from . import style
from .inline_editor import FONT_PIXELS as EDITOR_PIXELS, InlineEditor
from .network_scene import NetworkScene
from .tools import ADD_ROLES, CONNECT

FIT_MARGIN = 36.0  # scene units kept free around the network when fitting
MAX_FIT_SCALE = 1.6  # small networks are not blown up beyond this
MIN_SCALE, MAX_SCALE = 0.05, 8.0
WHEEL_STEP = 1.0015  # zoom factor per 1/8 degree of wheel rotation
ZOOM_STEP = 1.25  # per Zoom In / Zoom Out
GRID = style.GRID  # dot grid spacing in scene units
GRID_MIN_SCALE = 0.45  # below this zoom the dots would crowd: leave them out
ZOOM_IN_KEYS = (Qt.Key.Key_Equal, Qt.Key.Key_Plus)


class NetworkView(QGraphicsView):
    def __init__(self, scene: NetworkScene | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setScene(scene if scene is not None else NetworkScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)
        # The dot grid is drawn once per zoom and size, not on every repaint (training
        # repaints the canvas many times a second); a new palette redraws it.
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheBackground)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        # The band selects what it wholly contains: arrows merely passing through stay out.
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.ContainsItemShape)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._auto_fit = True
        self._space = False  # Space is held: the left button pans
        self._pan_from: QPoint | None = None  # where the last pan step ended, while panning
        self._pan_button = Qt.MouseButton.NoButton
        self._tool_cursor = Qt.CursorShape.ArrowCursor
        self._fit_zoom = 1.0  # the zoom of the last fit
        self.editor: InlineEditor | None = None

    def __repr__(self) -> str:
        return f"NetworkView(zoom {self.zoom():.2f}, auto fit {self._auto_fit})"

    def network_scene(self) -> NetworkScene:
        return self.scene()

    # ---- zoom ----------------------------------------------------------------------
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
        self._fit_zoom = self.zoom()
        self._report_view()

    def min_zoom(self) -> float:
        """The farthest the view zooms out: MIN_SCALE, or half the fitted zoom of a
        network too big to fit at MIN_SCALE."""
        return min(MIN_SCALE, self._fit_zoom / 2)

    def zoom_by(self, factor: float) -> None:
        """Zoom by `factor` about the centre of the view, never past min_zoom() and
        MAX_SCALE (and never the other way: zooming out of a view already below
        MIN_SCALE does not zoom in)."""
        zoom = self.zoom()
        factor = max(factor, min(1.0, self.min_zoom() / zoom))
        factor = min(factor, max(1.0, MAX_SCALE / zoom))
        self._auto_fit = False
        if factor != 1.0:
            self.scale(factor, factor)
        self._report_view()

    def _report_view(self) -> None:
        """Tell the scene what it shows, so that it can give connections in view items
        of their own when they are few enough to read."""
        scene = self.network_scene()
        if scene is not None:  # none while the view is torn down
            scene.set_view(self.mapToScene(self.viewport().rect()).boundingRect(), self.zoom())

    def zoom_at(self, factor: float, point: QPointF) -> None:
        """Zoom by `factor`, keeping what is under viewport `point` where it is (the
        wheel's own position: the cursor may not be known, e.g. on a tablet or in tests)."""
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        fixed = self.mapToScene(point.toPoint())
        self.zoom_by(factor)
        moved = QPointF(self.mapFromScene(fixed)) - point
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() + round(moved.x()))
        v.setValue(v.value() + round(moved.y()))
        self.setTransformationAnchor(anchor)

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def reset_zoom(self) -> None:
        """Actual size: one scene unit per pixel."""
        self.zoom_by(1 / self.zoom())


    # ---- tools, snapping, inline editing -------------------------------------------
    def set_tool(self, tool: str) -> None:
        """Tell the scene, and show the tool in the mouse cursor."""
        self.network_scene().set_tool(tool)
        if tool in ADD_ROLES:
            self._tool_cursor = Qt.CursorShape.CrossCursor
        elif tool == CONNECT:
            self._tool_cursor = Qt.CursorShape.PointingHandCursor
        else:
            self._tool_cursor = Qt.CursorShape.ArrowCursor
        self._update_cursor()

    def set_snap(self, snap: bool) -> None:
        """Snap placed and dragged neurons to the 20-unit grid."""
        self.network_scene().set_snap(snap)

    def snap(self) -> bool:
        return self.network_scene().snap

    def open_editor(self, point: QPointF, text: str, placeholder: str = "") -> InlineEditor:
        """An InlineEditor centred on scene point `point` (one at a time)."""
        self.close_editor()
        pixels = round(min(max(EDITOR_PIXELS * self.zoom(), EDITOR_PIXELS), 2 * EDITOR_PIXELS))
        self.editor = InlineEditor(self.viewport(), text, self.mapFromScene(point), placeholder,
                                   self, pixels)
        return self.editor

    def close_editor(self) -> None:
        """Close the inline editor without committing what it holds."""
        if self.editor is not None:
            self.editor.finish()
            self.editor = None

    # ---- panning -------------------------------------------------------------------
    def panning(self) -> bool:
        return self._pan_from is not None

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the picture by (dx, dy) pixels (it follows the mouse when panning)."""
        self._auto_fit = False
        h, v = self.horizontalScrollBar(), self.verticalScrollBar()
        h.setValue(h.value() - round(dx))
        v.setValue(v.value() - round(dy))

    def _update_cursor(self) -> None:
        if self.panning():
            shape = Qt.CursorShape.ClosedHandCursor
        elif self._space:
            shape = Qt.CursorShape.OpenHandCursor
        else:
            shape = self._tool_cursor
        self.viewport().setCursor(shape)

    # ---- Qt overrides --------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        button = event.button()
        space_drag = button == Qt.MouseButton.LeftButton and self._space
        if button == Qt.MouseButton.MiddleButton or space_drag:
            self._pan_from, self._pan_button = event.position().toPoint(), button
            self._update_cursor()
        else:
            super().mousePressEvent(event)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            point = event.position().toPoint()
            delta = point - self._pan_from
            self._pan_from = point
            self.pan_by(delta.x(), delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            if event.button() == self._pan_button:
                self._pan_from = None
                self._update_cursor()
        else:
            super().mouseReleaseEvent(event)
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is None and not self._space:
            super().mouseDoubleClickEvent(event)
        event.accept()

    def wheelEvent(self, event) -> None:
        delta = event.angleDelta().y()
        if delta:
            self.zoom_at(WHEEL_STEP ** delta, event.position())
            event.accept()
        else:
            super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, ctrl = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self._space = True
                self._update_cursor()
        elif ctrl and key in ZOOM_IN_KEYS:
            self.zoom_in()
        elif ctrl and key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif ctrl and key == Qt.Key.Key_0:
            self.fit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space:
            if not event.isAutoRepeat():
                self._space = False
                self._update_cursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def focusOutEvent(self, event) -> None:
        self._space = False  # its release goes elsewhere
        self._update_cursor()
        super().focusOutEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()
        else:
            self._report_view()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._report_view()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.resetCachedContent()
        super().changeEvent(event)

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

"""NetworkScene: the drawn network (NetworkDrawing, network_drawing.py) that reports
what the person does to it.

The scene never changes the network. Mouse and keys become intents (signals below) that
a controller (netsim.app.editor) turns into undo commands: place a neuron, connect two,
move the selection, nudge it, delete it, edit a weight or a name, open a context menu.
While a drag is under way the items move on their own; the document changes on release.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtWidgets import QGraphicsSceneMouseEvent

from . import style
from .connection_item import PICK_WIDTH, ConnectionItem
from .gestures import ConnectGesture, MoveGesture
from .network_drawing import NetworkDrawing
from .neuron_item import NeuronItem
from .tools import ADD_ROLES, CONNECT, SELECT
from .weight_label import WeightLabel

NUDGE, FINE_NUDGE = 10.0, 1.0  # arrow keys move the selection this far (with Shift: fine)
ARROW_KEYS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
              Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}


class NetworkScene(NetworkDrawing):
    place_requested = Signal(str, QPointF)  # role, where (already snapped)
    connect_hovered = Signal(str, str, str)  # source, target ("" if none), refusal ("" if none)
    connect_requested = Signal(str, str)  # source, target ("" when released over no neuron)
    move_finished = Signal(object, object)  # {id: position before}, {id: position after}
    nudge_requested = Signal(float, float)  # dx, dy for the selected neurons
    delete_requested = Signal()
    edit_requested = Signal(str, object)  # "neuron", id | "connection", (source, target)
    # kind ("neuron", "connection", "canvas"), id or key or None, scene point, screen point
    context_menu_requested = Signal(str, object, QPointF, QPoint)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.tool = SELECT
        self.snap = False
        self._move: MoveGesture | None = None
        self._connect: ConnectGesture | None = None
        self._click: NeuronItem | ConnectionItem | None = None  # pressed, already selected

    # ---- tools and snapping --------------------------------------------------------
    def set_tool(self, tool: str) -> None:
        """What a click on the canvas does (see tools.py)."""
        if tool != self.tool:
            self.cancel_gesture()
            self.tool = tool

    def set_snap(self, snap: bool) -> None:
        self.snap = bool(snap)

    def snap_point(self, point: QPointF) -> QPointF:
        """`point`, on the nearest grid point when snapping is on."""
        if not self.snap:
            return QPointF(point)
        g = style.GRID
        return QPointF(round(point.x() / g) * g, round(point.y() / g) * g)

    # ---- what is where -------------------------------------------------------------
    def hit(self, point: QPointF) -> NeuronItem | ConnectionItem | None:
        """The neuron or connection a click at `point` means (a weight label means its
        connection), topmost first; on a big network, a line the layer drew there gets
        an item of its own."""
        for item in self.items(point):
            if isinstance(item, NeuronItem | ConnectionItem):
                return item
            if isinstance(item, WeightLabel) and item.key in self.connection_items:
                return self.connection_items[item.key]
        if self.layer is not None:
            views = self.views()
            zoom = views[0].transform().m11() if views else 1.0
            row = self.layer.pick(point, PICK_WIDTH / 2 / max(zoom, 1e-9))
            if row is not None:
                return self.connection_item(self.layer.arrays.keys[row])
        return None

    def neuron_at(self, point: QPointF) -> NeuronItem | None:
        for item in self.items(point):
            if isinstance(item, NeuronItem):
                return item
        return None

    @staticmethod
    def describe(item) -> tuple[str, object]:
        """("neuron", id), ("connection", key) or ("canvas", None)."""
        if isinstance(item, NeuronItem):
            return "neuron", item.neuron_id
        if isinstance(item, ConnectionItem):
            return "connection", item.key
        return "canvas", None

    # ---- drags ---------------------------------------------------------------------
    def dragging(self) -> bool:
        return self._move is not None or self._connect is not None

    def cancel_gesture(self) -> None:
        """Drop a drag under way: moved neurons go back, the rubber arrow goes away."""
        move, connect = self._move, self._connect
        self._move = self._connect = self._click = None
        if move is not None:
            move.cancel()
        if connect is not None:
            connect.remove()

    def _press_item(self, item, event: QGraphicsSceneMouseEvent) -> None:
        """Selection on a press on `item`: Ctrl toggles it; a press on an item not yet
        selected selects just it; a press on a selected one keeps the selection (to drag
        it all) until the release shows it was a click."""
        if event.button() == Qt.MouseButton.LeftButton and \
                event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            item.setSelected(not item.isSelected())
            return
        if item.isSelected():
            self._click = item if event.button() == Qt.MouseButton.LeftButton else None
        else:
            self.select(*self._as_selection(item))

    @staticmethod
    def _as_selection(item) -> tuple[list, list]:
        kind, ident = NetworkScene.describe(item)
        return ([ident], []) if kind == "neuron" else ([], [ident])

    # ---- Qt overrides --------------------------------------------------------------
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.cancel_gesture()
        point, button = event.scenePos(), event.button()
        item = self.hit(point)
        left = button == Qt.MouseButton.LeftButton
        if left and item is None and self.tool in ADD_ROLES and self.network is not None:
            self.place_requested.emit(ADD_ROLES[self.tool], self.snap_point(point))
            event.accept()
            return
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if left and isinstance(item, NeuronItem) and (self.tool == CONNECT or alt):
            self._connect = ConnectGesture(self, item, point)
            self.connect_hovered.emit(self._connect.source, "", "")
            event.accept()
            return
        if item is None:
            super().mousePressEvent(event)  # clears the selection; the view starts a rubber band
            if not left:
                event.accept()  # no rubber band for the other buttons
            return
        self._press_item(item, event)
        if left and isinstance(item, NeuronItem) and item.isSelected():
            self._move = MoveGesture(self, event)
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._connect is not None:
            if self._connect.move(event.scenePos()):
                c = self._connect
                self.connect_hovered.emit(c.source, c.target, c.reason)
            event.accept()
        elif self._move is not None:
            self._move.move(event)
            if self._move.started:
                self._click = None
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        move, connect, click = self._move, self._connect, self._click
        self._move = self._connect = self._click = None  # before the intents: they redraw
        if connect is not None:
            connect.move(event.scenePos())
            connect.remove()
            if connect.left_source:
                self.connect_requested.emit(connect.source, connect.target)
            else:  # a click on a neuron with the Connect tool: say what to do
                self.connect_hovered.emit(connect.source, "", "")
        elif move is not None and move.started:
            old, new = move.moved()
            if new:
                self.move_finished.emit(old, new)
        elif click is not None and click.scene() is self:
            self.select(*self._as_selection(click))  # a click on part of a selection
        else:
            super().mouseReleaseEvent(event)
        event.accept()

    def mouseDoubleClickEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.cancel_gesture()
        item = self.hit(event.scenePos())
        if item is not None and event.button() == Qt.MouseButton.LeftButton:
            self.select(*self._as_selection(item))
            self.edit_requested.emit(*self.describe(item))
        event.accept()

    def contextMenuEvent(self, event) -> None:
        self.cancel_gesture()
        item = self.hit(event.scenePos())
        if item is None:
            self.select([], [])
        elif not item.isSelected():
            self.select(*self._as_selection(item))
        kind, ident = self.describe(item)
        self.context_menu_requested.emit(kind, ident, event.scenePos(), event.screenPos())
        event.accept()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if self.focusItem() is not None:
            super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_requested.emit()
            event.accept()
        elif key in ARROW_KEYS and self.selection()[0]:
            step = FINE_NUDGE if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else NUDGE
            dx, dy = ARROW_KEYS[key]
            self.nudge_requested.emit(dx * step, dy * step)
            event.accept()
        elif key == Qt.Key.Key_Escape and self.dragging():
            self.cancel_gesture()
            event.accept()
        else:
            super().keyPressEvent(event)

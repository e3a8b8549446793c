"""NetworkScene: draws a Network with one item per neuron and one per connection, and
reports what the person does to it.

`set_document(doc)` draws the document's network and follows its `changed` signal, so
that every command (and its undo) shows at once; `set_network(network)` draws a network
for reading only. `refresh()` brings the items in step with the network in place,
adding or removing items only for neurons and connections that appeared or went away.
Neurons without a position are placed by auto_layout.

The scene never changes the network. Mouse and keys become intents (signals below) that
a controller (netsim.app.editor) turns into undo commands: place a neuron, connect two,
move the selection, nudge it, delete it, edit a weight or a name, open a context menu.
While a drag is under way the items move on their own; the document changes on release.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSceneMouseEvent

from ..document.document import DATASET, EVERYTHING, POSITIONS, SETTINGS, WEIGHTS, Change, Document
from ..engine.layout import auto_layout
from ..engine.network import Network
from . import style
from .connection_item import ConnectionItem
from .gestures import ConnectGesture, MoveGesture
from .label_layout import place_labels
from .neuron_item import NeuronItem
from .tools import ADD_ROLES, CONNECT, SELECT
from .weight_label import WeightLabel

PAN_MARGIN = 1500.0  # scene space around the network, so that the view can pan freely
NUDGE, FINE_NUDGE = 10.0, 1.0  # arrow keys move the selection this far (with Shift: fine)
ARROW_KEYS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
              Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}


class _Keepout:
    """Room that weight labels keep off, in the form place_labels reads a neuron in
    (shape, name_rect, pos): the value tags shown over neurons while stepping."""

    def __init__(self, rect: QRectF) -> None:
        self._rect = rect

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self._rect)
        return path

    def name_rect(self) -> QRectF:
        return QRectF()

    def pos(self) -> QPointF:
        return QPointF()


class NetworkScene(QGraphicsScene):
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
        self.network: Network | None = None
        self.document: Document | None = None
        self.neuron_items: dict[str, NeuronItem] = {}
        self.connection_items: dict[tuple[str, str], ConnectionItem] = {}
        self.tool = SELECT
        self.snap = False
        self._show_weights = True
        self._scene_rect_set = False
        self._move: MoveGesture | None = None
        self._connect: ConnectGesture | None = None
        self._click: NeuronItem | ConnectionItem | None = None  # pressed, already selected

    def __repr__(self) -> str:
        return f"NetworkScene({len(self.neuron_items)} neurons, {len(self.connection_items)} connections)"

    # ---- building ------------------------------------------------------------------
    def set_document(self, doc: Document | None) -> None:
        """Draw `doc`'s network and keep the drawing in step with every change to it."""
        if doc is self.document:
            return
        if self.document is not None:
            self.document.changed.disconnect(self._on_document_changed)
        self.document = doc
        if doc is not None:
            doc.changed.connect(self._on_document_changed)
        self.set_network(doc.network if doc is not None else None)

    def set_network(self, network: Network | None) -> None:
        """Draw `network` (None: draw nothing), replacing whatever was drawn."""
        self.cancel_gesture()
        for key in list(self.connection_items):
            self._remove_connection(key)
        for nid in list(self.neuron_items):
            self._remove_neuron(nid)
        self.network = network
        self._scene_rect_set = False
        self.refresh()

    def _on_document_changed(self, change: Change) -> None:
        if change.kind in (DATASET, SETTINGS):
            return  # nothing drawn depends on them
        if change.kind == WEIGHTS and change.ids:  # numbers only: touch just those arrows
            for key in change.ids:
                item = self.connection_items.get(tuple(key))
                if item is not None and self.network.has_connection(*key):
                    item.update_from(self.network.connection(*key))
            return
        if change.kind == EVERYTHING:
            self.set_network(self.document.network)
            return
        self.cancel_gesture()  # what a drag started from has changed under it
        self.refresh()
        if change.kind == POSITIONS:
            self.place_labels()

    def refresh(self) -> None:
        """Bring every item in step with the network, reusing the items that exist.

        Weight labels are re-placed only when the drawing's geometry changed (items
        added, removed or moved); a refresh that only changes numbers leaves them be.
        """
        network = self.network
        if network is None:
            return
        moved = False
        for key in [k for k in self.connection_items if not network.has_connection(*k)]:
            self._remove_connection(key)
            moved = True
        for nid in [n for n in self.neuron_items if n not in network.neurons]:
            self._remove_neuron(nid)
            moved = True
        positions = self._positions(network)
        for nid, neuron in network.neurons.items():
            item = self.neuron_items.get(nid)
            if item is None:
                item = self.neuron_items[nid] = NeuronItem(neuron)
                self.addItem(item)
            else:
                item.update_from(neuron)
            pos = QPointF(*positions[nid])
            if item.pos() != pos:
                item.setPos(pos)  # its connections follow through itemChange
                moved = True
        for c in network.connections:
            item = self.connection_items.get(c.key)
            if item is None:
                item = ConnectionItem(c, self.neuron_items[c.source], self.neuron_items[c.target])
                self.connection_items[c.key] = item
                self.addItem(item)
                self.addItem(item.label)
                item.label.setVisible(self._show_weights)
                moved = True
            else:
                item.update_from(c)
        if moved:
            self.place_labels()
        if moved or not self._scene_rect_set:
            self._grow_scene_rect()

    def _grow_scene_rect(self) -> None:
        """The network with a wide margin to pan in. While a network is being edited the
        rect only grows: shrinking it could scroll the view under the person's mouse."""
        rect = self.network_rect().adjusted(-PAN_MARGIN, -PAN_MARGIN, PAN_MARGIN, PAN_MARGIN)
        if self._scene_rect_set:
            rect = rect.united(self.sceneRect())
        self.setSceneRect(rect)
        self._scene_rect_set = True

    def _positions(self, network: Network) -> dict[str, tuple[float, float]]:
        missing = any(n.position is None for n in network.neurons.values())
        layout = auto_layout(network) if missing else {}
        return {nid: tuple(n.position) if n.position is not None else layout[nid]
                for nid, n in network.neurons.items()}

    def _remove_connection(self, key: tuple[str, str]) -> None:
        item = self.connection_items.pop(key)
        item.detach()
        self.removeItem(item.label)
        self.removeItem(item)

    def _remove_neuron(self, nid: str) -> None:
        self.removeItem(self.neuron_items.pop(nid))

    # ---- weights -------------------------------------------------------------------
    @property
    def show_weights(self) -> bool:
        return self._show_weights

    def set_show_weights(self, show: bool) -> None:
        self._show_weights = bool(show)
        for item in self.connection_items.values():
            item.label.setVisible(self._show_weights)

    def place_labels(self) -> None:
        """Choose where along its arrow each weight label sits (see label_layout), clear
        of the neurons' value tags while a row is stepped through."""
        neurons = list(self.neuron_items.values())
        keepouts = [_Keepout(rect) for rect in (n.value_rect() for n in neurons)
                    if not rect.isEmpty()]
        place_labels(list(self.connection_items.values()), neurons + keepouts)

    # ---- geometry ------------------------------------------------------------------
    def network_rect(self) -> QRectF:
        """The area the drawn network covers: neurons, names, arrows and labels."""
        rect = QRectF()
        for item in self.items():
            if item.isVisible():
                rect = rect.united(item.sceneBoundingRect())
        return rect

    # ---- selection -----------------------------------------------------------------
    def selection(self) -> tuple[list[str], list[tuple[str, str]]]:
        """The selected neuron ids and connection keys, in network order."""
        if self.network is None:
            return [], []
        ids = [nid for nid in self.network.neurons
               if nid in self.neuron_items and self.neuron_items[nid].isSelected()]
        keys = [c.key for c in self.network.connections
                if c.key in self.connection_items and self.connection_items[c.key].isSelected()]
        return ids, keys

    def select(self, neuron_ids, connection_keys=()) -> None:
        """Select exactly these neurons and connections (unknown ones are skipped);
        selectionChanged is emitted once, if anything changed."""
        before = self.selection()
        with QSignalBlocker(self):
            self.clearSelection()
            for nid in neuron_ids:
                if nid in self.neuron_items:
                    self.neuron_items[nid].setSelected(True)
            for key in connection_keys:
                if tuple(key) in self.connection_items:
                    self.connection_items[tuple(key)].setSelected(True)
        if self.selection() != before:
            self.selectionChanged.emit()

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
        connection), topmost first."""
        for item in self.items(point):
            if isinstance(item, NeuronItem | ConnectionItem):
                return item
            if isinstance(item, WeightLabel) and item.key in self.connection_items:
                return self.connection_items[item.key]
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
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange:
            self.update()  # items take their colours from the palette as they paint
        return super().event(event)

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

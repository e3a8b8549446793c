"""NetworkDrawing: draws a Network with one item per neuron and one per connection.

`set_document(doc)` draws the document's network and follows its `changed` signal, so
that every command (and its undo) shows at once; `set_network(network)` draws a network
for reading only. `refresh()` brings the items in step with the network in place,
adding or removing items only for neurons and connections that appeared or went away.
Neurons without a position are placed by auto_layout. The drawing also places the weight
labels, knows the area the network covers, and selects items.

The drawing never changes the network. What the person does to it (mouse and keys) is
NetworkScene's, in network_scene.py, which builds on this class.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSignalBlocker
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsScene

from ..document.document import DATASET, EVERYTHING, POSITIONS, SETTINGS, WEIGHTS, Change, Document
from ..engine.layout import auto_layout
from ..engine.network import Network
from .connection_item import ConnectionItem
from .label_layout import place_labels
from .neuron_item import NeuronItem

PAN_MARGIN = 1500.0  # scene space around the network, so that the view can pan freely


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


class NetworkDrawing(QGraphicsScene):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.network: Network | None = None
        self.document: Document | None = None
        self.neuron_items: dict[str, NeuronItem] = {}
        self.connection_items: dict[tuple[str, str], ConnectionItem] = {}
        self._show_weights = True
        self._scene_rect_set = False

    def __repr__(self) -> str:
        return (f"{type(self).__name__}({len(self.neuron_items)} neurons, "
                f"{len(self.connection_items)} connections)")

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

    # ---- drags ---------------------------------------------------------------------
    def cancel_gesture(self) -> None:
        """Drop a drag under way before the items change (a drawing alone has none)."""

    # ---- Qt overrides --------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange:
            self.update()  # items take their colours from the palette as they paint
        return super().event(event)

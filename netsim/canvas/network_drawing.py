"""NetworkDrawing: draws a Network with one item per neuron and, up to SMALL_NETWORK
connections, one per connection.

A bigger network's connections are painted in bulk by one ConnectionLayer from NumPy
arrays (connection_layer.py); a connection gets an item of its own (arrow, weight label,
clicks, the step-through's numbers) only while it is selected, asked for
(`connection_item`), or in view when the view is zoomed in so far that at most
ITEM_LIMIT connections show (`set_view`, which the view calls as it pans and zooms).
So nothing is built per connection out of view, and `connection_items` holds just the
connections that have items.

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

from operator import attrgetter

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSignalBlocker, Signal
from PySide6.QtGui import QPainterPath
from PySide6.QtWidgets import QGraphicsScene

from ..document.document import (DATASET, EVERYTHING, NEURONS, POSITIONS, SETTINGS, STRUCTURE,
                                 WEIGHTS, Change, Document)
from ..engine.layout import auto_layout, image_of
from ..engine.network import Network
from . import style
from .connection_arrays import ConnectionArrays
from .connection_item import ConnectionItem
from .connection_layer import ConnectionLayer
from .label_layout import place_labels
from .neuron_dots import DOT_ZOOM, NeuronDots
from .neuron_item import NeuronItem

PAN_MARGIN = 1500.0  # scene space around the network, so that the view can pan freely
SMALL_NETWORK = 1000  # up to this many connections, each is an item of its own
ITEM_LIMIT = 300  # a bigger network's connections in view become items below this many
ITEM_ZOOM = 0.45  # ... and from this zoom up, where their weight labels can be read
BULK_LABEL_SEARCH = 60  # labels placed with care among a big network's lines


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
    items_made = Signal()  # connections got items of their own (they show no numbers yet)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        # Few items, some long and diagonal: a BSP index would file each arrow into
        # thousands of cells.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.network: Network | None = None
        self.document: Document | None = None
        self.neuron_items: dict[str, NeuronItem] = {}
        self.connection_items: dict[tuple[str, str], ConnectionItem] = {}
        self.layer: ConnectionLayer | None = None  # a big network's connections, in bulk
        self.dots: NeuronDots | None = None  # ... and its neurons, zoomed out
        self._view: tuple[QRectF, float] | None = None  # what the view shows, at what zoom
        self._hovered: str | None = None
        self._rebuild = True  # the layer's arrays must be built again (structure changed)
        self._refreshing = False  # refresh() is placing the neurons
        self._show_weights = True
        self._scene_rect_set = False
        self.selectionChanged.connect(self._on_selection_changed)

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
        self._drop_layer()
        self.network = network
        self._scene_rect_set = False
        self._view = None  # until the view shows the new network (it fits it)
        self.refresh()

    def _on_document_changed(self, change: Change) -> None:
        if change.kind in (DATASET, SETTINGS):
            return  # nothing drawn depends on them
        if change.kind == WEIGHTS and change.ids:  # numbers only: touch just those arrows
            if self.layer is not None:
                self._layer_weights(change.ids)
            for key in change.ids if len(change.ids) <= len(self.connection_items) \
                    else list(self.connection_items):
                item = self.connection_items.get(tuple(key))
                if item is not None and self.network.has_connection(*key):
                    item.update_from(self.network.connection(*key))
            return
        if change.kind == WEIGHTS and self.layer is not None:  # any weight: read them all
            self._layer_weights(self.layer.arrays.keys)
            for key, item in self.connection_items.items():
                item.update_from(self.network.connection(*key))
            return
        if change.kind == EVERYTHING:
            self.set_network(self.document.network)
            return
        if change.kind in (STRUCTURE, NEURONS):
            self._rebuild = True  # connections came or went, a role changed the columns
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
        bulk = len(network.connections) > SMALL_NETWORK
        for key in [k for k in self.connection_items if not network.has_connection(*k)]:
            self._remove_connection(key)
            moved = True
        if not bulk and self.layer is not None:
            self._drop_layer()
        for nid in [n for n in self.neuron_items if n not in network.neurons]:
            self._remove_neuron(nid)
            moved = True
        positions = self._positions(network)
        self._refreshing = True  # the layer takes every new position at once, below
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
        self._refreshing = False
        if bulk:
            moved |= self._refresh_layer(positions)
        else:
            for c in network.connections:
                item = self.connection_items.get(c.key)
                if item is None:
                    self._add_connection_item(c)
                    moved = True
                else:
                    item.update_from(c)
        if moved:
            self.place_labels()
        if moved or not self._scene_rect_set:
            self._grow_scene_rect()

    def _add_connection_item(self, c) -> ConnectionItem:
        item = ConnectionItem(c, self.neuron_items[c.source], self.neuron_items[c.target])
        self.connection_items[c.key] = item
        self.addItem(item)
        self.addItem(item.label)
        item.label.setVisible(self._show_weights)
        return item

    # ---- big networks: the connection layer ---------------------------------------
    def _refresh_layer(self, positions) -> bool:
        """Bring the layer and the connections' own items in step; whether anything
        was added or removed."""
        network = self.network
        if self.layer is None or self._rebuild:
            self._drop_layer()
            arrays = ConnectionArrays(network, positions, style.NEURON_RADIUS + style.NEURON_OUTLINE / 2,
                                      style.ARROW_GAP)
            self.layer = ConnectionLayer(arrays)
            self.addItem(self.layer)
            self.dots = NeuronDots(self.neuron_items)
            self.addItem(self.dots)
            self._rebuild = False
        else:
            arrays = self.layer.arrays
            arrays.positions[:] = [positions[nid] for nid in arrays.ids]
            arrays.update_segments()
            arrays.weight[:] = self._weights()
            arrays.trainable[:] = np.fromiter(map(attrgetter("trainable"), network.connections),
                                              bool, len(arrays))
            arrays.weights_changed()
            self.layer.geometry_changed()
        self.dots.geometry_changed()
        self._use_dots()
        for key, item in self.connection_items.items():
            item.update_from(network.connection(*key))
        self.layer.set_fans(self._fans())
        return self.sync_items(place=False)

    def _drop_layer(self) -> None:
        if self.layer is not None:
            self.dots.set_on(False)
            self.removeItem(self.layer)
            self.removeItem(self.dots)
            self.layer = self.dots = None
        self._rebuild = True

    def _use_dots(self) -> None:
        """Discs painted in bulk while the view is zoomed out below DOT_ZOOM."""
        if self.dots is not None:
            self.dots.set_on(self._view is not None and self._view[1] < DOT_ZOOM)

    def _layer_weights(self, keys) -> None:
        arrays = self.layer.arrays
        if len(keys) * 4 >= len(arrays):  # most of them (a training run): read all at once
            if len(self.network.connections) == len(arrays):
                arrays.weight[:] = self._weights()
        else:
            for key in keys:
                i = arrays.index.get(tuple(key))
                if i is not None:
                    arrays.weight[i] = self.network.connection(*key).weight
        arrays.weights_changed()  # the bands' colours are summed again
        self.layer.update()

    def _weights(self) -> np.ndarray:
        """Every weight in connection order (the document's array, read once per change)."""
        if self.document is not None:
            return self.document.weight_array()
        connections = self.network.connections
        return np.fromiter(map(attrgetter("weight"), connections), float, len(connections))

    def _hide_item_rows(self) -> None:
        """The layer leaves the connections that have items of their own to them."""
        self.layer.set_hidden(self.layer.arrays.index[k] for k in self.connection_items)

    def set_view(self, rect: QRectF, zoom: float) -> None:
        """The view shows `rect` at `zoom`: connections in it get items of their own
        when few enough show (see ITEM_LIMIT)."""
        self._view = (QRectF(rect), float(zoom))
        self._use_dots()
        self.sync_items()

    def sync_items(self, place: bool = True) -> bool:
        """Give items to the connections that should have them and take them from the
        others; whether any came or went."""
        if self.layer is None or self.network is None:
            return False
        arrays = self.layer.arrays
        wanted = {k for k, item in self.connection_items.items() if item.isSelected()}
        if self._view is not None and self._view[1] >= ITEM_ZOOM:
            r = self._view[0]
            rows = np.flatnonzero(arrays.in_box((r.left(), r.top(), r.right(), r.bottom())))
            if len(rows) <= ITEM_LIMIT:
                wanted.update(arrays.keys[i] for i in rows)
        gone = [k for k in self.connection_items if k not in wanted]
        new = [k for k in wanted if k not in self.connection_items]
        for key in gone:
            self._remove_connection(key)
        for key in new:
            self._add_connection_item(self.network.connection(*key))
        self._hide_item_rows()
        if new and place:
            self.place_labels()
        if new:
            self.items_made.emit()
        return bool(gone or new)

    def connection_item(self, key: tuple[str, str]) -> ConnectionItem:
        """The item of connection `key`, made if it has none (kept while selected)."""
        key = tuple(key)
        item = self.connection_items.get(key)
        if item is None:
            item = self._add_connection_item(self.network.connection(*key))
            if self.layer is not None:
                self._hide_item_rows()
            self.place_labels()
            self.items_made.emit()
        return item

    def neuron_moved(self, item: NeuronItem) -> None:
        """A neuron item moved (a drag): the layer's lines follow it. While refresh()
        places the neurons the layer waits, then takes every position at once."""
        if self._refreshing:
            return
        if self.layer is not None and self.layer.arrays.neuron_index(item.neuron_id) is not None:
            self.layer.arrays.move(item.neuron_id, (item.x(), item.y()))
            self.layer.geometry_changed()
            self.dots.geometry_changed()

    def hover_neuron(self, nid: str | None) -> None:
        """The mouse is over neuron `nid` (None: over none): its fan is highlighted."""
        self._hovered = nid
        if self.layer is not None:
            self.layer.set_fans(self._fans())

    def _fans(self) -> list[str]:
        ids = [nid for nid, item in self.neuron_items.items() if item.isSelected()]
        if self._hovered is not None and self._hovered not in ids:
            ids.append(self._hovered)
        return ids

    def _on_selection_changed(self) -> None:
        if self.layer is not None:
            self.layer.set_fans(self._fans())
            self.sync_items()

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
        dataset = self.document.dataset if self.document is not None else None
        layout = auto_layout(network, *image_of(dataset)) if missing else {}
        return {nid: tuple(n.position) if n.position is not None else layout[nid]
                for nid, n in network.neurons.items()}

    def _remove_connection(self, key: tuple[str, str]) -> None:
        item = self.connection_items.pop(key)
        item.detach()
        self.removeItem(item.label)
        self.removeItem(item)

    def _remove_neuron(self, nid: str) -> None:
        if nid == self._hovered:
            self._hovered = None
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
        connections = list(self.connection_items.values())
        # Among a big network's lines every label meets every other line: searching
        # would cost labels × lines × places, so beyond a few labels they take their
        # first place.
        search = self.layer is None or len(connections) <= BULK_LABEL_SEARCH
        place_labels(connections, neurons + keepouts, search)

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
        if self.layer is not None:  # items only for some: in the layer's (network) order
            index = self.layer.arrays.index
            keys = sorted((k for k, item in self.connection_items.items() if item.isSelected()),
                          key=lambda k: index.get(k, len(index)))
        else:
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
                if self.layer is not None and self.network.has_connection(*key):
                    self.connection_item(key)
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

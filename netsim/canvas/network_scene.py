"""NetworkScene: draws a Network with one item per neuron and one per connection.

`set_network(network)` builds the items once; `refresh()` brings them in step with the
network in place (weights, colours, labels, roles, positions), adding or removing items
only for neurons and connections that appeared or went away. The scene reads the
network and never changes it. Neurons without a position are placed by auto_layout.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF
from PySide6.QtWidgets import QGraphicsScene

from ..engine.layout import auto_layout
from ..engine.network import Network
from .connection_item import ConnectionItem
from .label_layout import place_labels
from .neuron_item import NeuronItem

PAN_MARGIN = 1500.0  # scene space around the network, so that the view can pan freely


class NetworkScene(QGraphicsScene):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.network: Network | None = None
        self.neuron_items: dict[str, NeuronItem] = {}
        self.connection_items: dict[tuple[str, str], ConnectionItem] = {}
        self._show_weights = True

    def __repr__(self) -> str:
        return f"NetworkScene({len(self.neuron_items)} neurons, {len(self.connection_items)} connections)"

    # ---- building ------------------------------------------------------------------
    def set_network(self, network: Network | None) -> None:
        """Draw `network` (None: draw nothing), replacing whatever was drawn."""
        for key in list(self.connection_items):
            self._remove_connection(key)
        for nid in list(self.neuron_items):
            self._remove_neuron(nid)
        self.network = network
        self.refresh()

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
            self.setSceneRect(self.network_rect().adjusted(-PAN_MARGIN, -PAN_MARGIN, PAN_MARGIN, PAN_MARGIN))

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
        """Choose where along its arrow each weight label sits (see label_layout)."""
        place_labels(list(self.connection_items.values()), list(self.neuron_items.values()))

    # ---- geometry ------------------------------------------------------------------
    def network_rect(self) -> QRectF:
        """The area the drawn network covers: neurons, names, arrows and labels."""
        rect = QRectF()
        for item in self.items():
            if item.isVisible():
                rect = rect.united(item.sceneBoundingRect())
        return rect

    # ---- Qt overrides --------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.PaletteChange:
            self.update()  # items take their colours from the palette as they paint
        return super().event(event)

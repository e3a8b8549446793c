"""The two mouse drags of the canvas, each an object that lives from press to release.

MoveGesture drags the selected neurons: their items follow the mouse (the arrows follow
the items) and on release the scene reports the old and new positions in one intent.
ConnectGesture drags a RubberArrow from a neuron and keeps track of the neuron under the
mouse and of why the network would refuse that connection. Neither touches the network.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication, QGraphicsSceneMouseEvent

from .neuron_item import NeuronItem
from .rubber_arrow import RubberArrow


class MoveGesture:
    def __init__(self, scene, event: QGraphicsSceneMouseEvent) -> None:
        self.scene = scene
        self.press_scene = event.scenePos()
        self.press_screen = event.screenPos()
        self.items = [item for item in scene.neuron_items.values() if item.isSelected()]
        self.start = {item.neuron_id: QPointF(item.pos()) for item in self.items}
        self.started = False  # only once the mouse went further than a click's wobble

    def __repr__(self) -> str:
        return f"MoveGesture({sorted(self.start)}, started={self.started})"

    def move(self, event: QGraphicsSceneMouseEvent) -> None:
        if not self.started:
            wobble = (event.screenPos() - self.press_screen).manhattanLength()
            if wobble < QApplication.startDragDistance():
                return
            self.started = True
        delta = event.scenePos() - self.press_scene
        for item in self.items:
            item.setPos(self.scene.snap_point(self.start[item.neuron_id] + delta))

    def moved(self) -> tuple[dict, dict]:
        """({id: position before}, {id: position now}) of the neurons that moved; the
        positions before are the network's (None for a neuron placed by auto layout)."""
        network = self.scene.network
        old, new = {}, {}
        for item in self.items:
            if item.scene() is not None and item.pos() != self.start[item.neuron_id]:
                old[item.neuron_id] = network.neurons[item.neuron_id].position
                new[item.neuron_id] = (item.x(), item.y())
        return old, new

    def cancel(self) -> None:
        """Put the items back where they were."""
        for item in self.items:
            if item.scene() is not None:
                item.setPos(self.start[item.neuron_id])


class ConnectGesture:
    def __init__(self, scene, source: NeuronItem, point: QPointF) -> None:
        self.scene = scene
        self.source = source.neuron_id
        self.target = ""  # the neuron under the mouse, if any
        self.reason = ""  # why source -> target is refused; empty if it may be made
        self.left_source = False  # a press and release on the source alone is a click
        self.arrow = RubberArrow(source)
        scene.addItem(self.arrow)
        self.arrow.set_end(point, None, False)

    def __repr__(self) -> str:
        return f"ConnectGesture({self.source} -> {self.target or '?'}, {self.reason!r})"

    def move(self, point: QPointF) -> bool:
        """Follow the mouse; True if the target or the verdict changed."""
        item = self.scene.neuron_at(point)
        target = item.neuron_id if item is not None else ""
        reason = (self.scene.network.refusal(self.source, target) or "") if target else ""
        self.arrow.set_end(point, item, bool(reason))
        self.left_source = self.left_source or target != self.source
        changed = (target, reason) != (self.target, self.reason)
        self.target, self.reason = target, reason
        return changed

    def remove(self) -> None:
        if self.arrow.scene() is not None:
            self.scene.removeItem(self.arrow)

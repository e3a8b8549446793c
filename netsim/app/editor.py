"""Editor: the controller that turns what the person does on the canvas into undo commands.

The scene reports intents (place a neuron here, connect these two, these neurons moved,
delete the selection, edit this weight, a context menu here); the Editor checks each one
against the network, pushes one command (or one macro) on the document's undo stack and
says in `status` what happened or why nothing did. The document then tells the scene to
redraw. The context menus are built in editor_menus.py from the methods below, which the
window's menus may call too.
"""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, QPoint, QPointF, Signal
from PySide6.QtWidgets import QMenu

from ..canvas import style
from ..canvas.network_scene import NetworkScene
from ..canvas.network_view import NetworkView
from ..canvas.tools import SELECT, ToolActions, hint
from ..document import Document
from ..document.commands import (AddNeuron, Connect, Delete, MoveNeurons, NameConnection,
                                 SetNeuron, SetTrainable, SetWeight, ShowInOutputs,
                                 shown_in_outputs)
from ..engine import Connection, Neuron
from ..engine.activations import GROUP_ACTIVATIONS
from ..engine.network import SOURCE_ROLES, Network
from ..engine.text import ARROW, connection_name, neuron_name
from ..panels import activation_rules
from ..panels.connection_editor import WEIGHT_LIMIT
from ..panels.edits import push_all
from ..panels.neuron_editor import role_refusal as roles_refusal
from ..panels.number_field import parse_number
from .editor_menus import build_menu

PREFIXES = {"input": "x", "hidden": "h", "output": "y", "bias": "b"}
BIAS_OFFSET = (-90.0, 90.0)  # where "Add Bias Neuron" puts the bias: left of and below
COLUMN_TOLERANCE = style.NEURON_RADIUS  # neurons this close in x stand in one column


class DragNeurons(MoveNeurons):
    """A mouse drag: one undo step of its own, never merged with the next move."""

    def id(self) -> int:
        return -1


def neuron_id(network: Network, role: str) -> str:
    """x1, x2, ... for inputs and h1, h2, ... for hidden neurons; the first output and
    the first bias are plain y and b (as in the seeds), later ones y1, b1, ..."""
    prefix = PREFIXES[role]
    if role in ("output", "bias") and prefix not in network.neurons:
        return prefix
    return network.new_id(prefix)


def role_refusal(network: Network, nid: str, role: str) -> str | None:
    """Why neuron `nid` may not take `role`, in the engine's words (as the inspector
    says it), or None. Only input and bias (a neuron with incoming connections) and a
    softmax output's other roles refuse anything, so the engine is asked, on a copy, only
    then."""
    neuron = network.neurons[nid]
    if ((role in SOURCE_ROLES and network.incoming(nid))
            or (role != "output" and neuron.activation in GROUP_ACTIVATIONS)):
        return roles_refusal(network, [nid], role)
    return None


def next_layer(network: Network, nid: str, positions: dict[str, QPointF]) -> list[str]:
    """The neurons one topological level after `nid`; if there are none, the nearest
    column of neurons to its right (by x position). In network order."""
    levels = network.levels()
    after = {n for n, level in levels.items() if level == levels[nid] + 1}
    if not after:
        x0 = positions[nid].x()
        right = {n: p.x() for n, p in positions.items() if p.x() > x0 + COLUMN_TOLERANCE}
        if right:
            nearest = min(right.values())
            after = {n for n, x in right.items() if x <= nearest + COLUMN_TOLERANCE}
    return [n for n in network.neurons if n in after]


class Editor(QObject):
    status = Signal(str)

    def __init__(self, scene: NetworkScene, view: NetworkView, tools: ToolActions,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene, self.view, self.tools = scene, view, tools
        self.document: Document | None = None
        self.default_weight = 0.0  # of a new connection; the person types the real one
        self.menu: QMenu | None = None  # the context menu last shown
        view.addActions(tools.actions)  # the one-key tool shortcuts work on the canvas
        view.set_tool(tools.current)
        tools.tool_changed.connect(self._on_tool_changed)
        tools.action(SELECT).triggered.connect(self._on_select_triggered)
        scene.place_requested.connect(self.place)
        scene.connect_hovered.connect(self._on_connect_hovered)
        scene.connect_requested.connect(self.connect)
        scene.move_finished.connect(self._on_move_finished)
        scene.nudge_requested.connect(self.nudge)
        scene.delete_requested.connect(self.delete_selection)
        scene.edit_requested.connect(self._on_edit_requested)
        scene.context_menu_requested.connect(self.show_menu)

    def __repr__(self) -> str:
        return f"Editor({self.document!r}, tool={self.tools.current!r})"

    def set_document(self, doc: Document | None) -> None:
        """Edit `doc` (the scene draws it and follows its changes)."""
        self.view.close_editor()
        if self.menu is not None:
            self.menu.close()  # its actions name neurons of the old document
        self.document = doc
        self.scene.set_document(doc)

    # ---- helpers -------------------------------------------------------------------
    @property
    def network(self) -> Network:
        return self.document.network

    def _push(self, command) -> None:
        self.document.undo_stack.push(command)

    def positions(self) -> dict[str, QPointF]:
        """Where each neuron is drawn (file positions, or the automatic layout)."""
        return {nid: item.pos() for nid, item in self.scene.neuron_items.items()}

    def role_refusal(self, nid: str, role: str) -> str | None:
        return role_refusal(self.network, nid, role)

    def activation_refusal(self, nid: str, name: str) -> str | None:
        return activation_rules.refusal(self.network, [nid], name)

    def next_layer(self, nid: str) -> list[str]:
        return next_layer(self.network, nid, self.positions())

    # ---- tools ---------------------------------------------------------------------
    def _on_tool_changed(self, tool: str) -> None:
        self.view.set_tool(tool)
        self.status.emit(hint(tool))

    def _on_select_triggered(self) -> None:
        """Select/Move chosen again, or Esc: also drop a drag under way."""
        if self.scene.dragging():
            self.scene.cancel_gesture()
            self.status.emit("Cancelled")

    # ---- neurons -------------------------------------------------------------------
    def place(self, role: str, point: QPointF) -> str | None:
        """Add a neuron of `role` at `point` and select it; its id, or None."""
        if self.document is None:
            return None
        nid = neuron_id(self.network, role)
        activation = None if role in SOURCE_ROLES else "sigmoid"
        self._push(AddNeuron(self.document, Neuron(nid, role, activation, None,
                                                   (point.x(), point.y()))))
        self.scene.select([nid], [])
        self.status.emit(f"Added {role} neuron {nid}")
        return nid

    def set_role(self, nid: str, role: str) -> bool:
        reason = role_refusal(self.network, nid, role)
        if reason:
            self.status.emit(reason)
            return False
        if self.network.neurons[nid].role != role:
            self._push(SetNeuron(self.document, nid, "role", role))
        return True

    def set_activation(self, nid: str, name: str) -> None:
        """Give `nid` the activation `name` (softmax: the whole output layer; see
        activation_rules), as one undo step, or say why not."""
        reason = activation_rules.refusal(self.network, [nid], name)
        if reason:
            self.status.emit(reason)
            return
        plan = activation_rules.plan(self.network, [nid], name)
        if not plan.ids:
            return
        text = f"Set the activation of {self.network.neurons[nid].name} to {name}"
        push_all(self.document.undo_stack,
                 [SetNeuron(self.document, n, "activation", name) for n in plan.ids], text)
        if plan.note:
            self.status.emit(f"{text}; {plan.note}")

    def rename(self, nid: str, text: str) -> None:
        """Set the label; empty text clears it (the id shows again)."""
        neuron = self.network.neurons.get(nid)
        if neuron is None:
            self.status.emit("That neuron is gone")
            return
        label = text.strip() or None
        if label != neuron.label:
            self._push(SetNeuron(self.document, nid, "label", label))

    # ---- connections ---------------------------------------------------------------
    def _on_connect_hovered(self, source: str, target: str, reason: str) -> None:
        if reason:
            self.status.emit(reason)
        elif target:
            self.status.emit("Release to connect "
                             + connection_name(self.network, (source, target)))
        else:
            self.status.emit(f"Drag from {neuron_name(self.network, source)} to a hidden or "
                             "output neuron")

    def connect(self, source: str, target: str) -> bool:
        """Connect source -> target with the default weight, unless the network refuses
        (then say why). Released over no neuron, `target` is ""."""
        if self.document is None:
            return False
        if not target:
            self.status.emit("No connection made: release the drag over a hidden or "
                             "output neuron")
            return False
        reason = self.network.refusal(source, target)
        if reason:
            self.status.emit(reason)
            return False
        self._push(Connect(self.document, Connection(source, target, self.default_weight)))
        self.status.emit(f"Connected {connection_name(self.network, (source, target))}; "
                         "double-click the arrow to type its weight")
        return True

    def set_weight(self, key: tuple[str, str], text: str) -> bool:
        """The weight typed as `text`; refused (nothing changes, nothing is clamped) unless
        a finite number within the inspector's limits, read by the same rules."""
        if not self.network.has_connection(*key):
            self.status.emit("That connection is gone")
            return False
        old = self.network.connection(*key).weight
        try:
            value = parse_number(text, -WEIGHT_LIMIT, WEIGHT_LIMIT, "weight")
        except ValueError as e:
            self.status.emit(f"Weight of {connection_name(self.network, key)} not changed: {e}")
            return False
        if value != old:
            self._push(SetWeight(self.document, key, value))
        return True

    def shown_in_outputs(self, nid: str) -> bool:
        """The Outputs dock shows hidden neuron `nid` as a column."""
        return nid in shown_in_outputs(self.document)

    def show_in_outputs(self, nid: str, shown: bool) -> None:
        if self.shown_in_outputs(nid) != shown:
            self._push(ShowInOutputs(self.document, nid, shown))

    def set_frozen(self, key: tuple[str, str], frozen: bool) -> None:
        if self.network.connection(*key).trainable == frozen:
            self._push(SetTrainable(self.document, key, not frozen))

    def connect_to_next_layer(self, nid: str) -> int:
        """Connect `nid` to every neuron of the next layer it may connect to (one undo
        step); how many connections were made."""
        targets = [t for t in next_layer(self.network, nid, self.positions())
                   if not self.network.refusal(nid, t)]
        name = self.network.neurons[nid].name
        if not targets:
            self.status.emit(f"Nothing to connect: no neuron in the layer after {name} "
                             "can take a connection from it")
            return 0
        stack = self.document.undo_stack
        stack.beginMacro(f"Connect {name} to the next layer")
        for t in targets:
            self._push(Connect(self.document, Connection(nid, t, self.default_weight)))
        stack.endMacro()
        self.status.emit(f"Connected {name} to {', '.join(targets)}")
        return len(targets)

    def add_bias_neuron(self, nid: str) -> str | None:
        """A new bias neuron left of and below `nid`, connected to it (one undo step)."""
        neuron = self.network.neurons[nid]
        if not neuron.computes:
            self.status.emit(f"{neuron.name} is a {neuron.role} neuron: "
                             "only hidden and output neurons take a bias")
            return None
        here = self.positions()[nid]
        point = self.scene.snap_point(here + QPointF(*BIAS_OFFSET))
        bias = neuron_id(self.network, "bias")
        stack = self.document.undo_stack
        stack.beginMacro(f"Add bias neuron {bias} to {neuron.name}")
        self._push(AddNeuron(self.document,
                             Neuron(bias, "bias", None, None, (point.x(), point.y()))))
        self._push(Connect(self.document, Connection(bias, nid, self.default_weight)))
        stack.endMacro()
        self.scene.select([bias], [])
        self.status.emit(f"Added bias neuron {bias} {ARROW} {neuron.name}")
        return bias

    # ---- moving and deleting -------------------------------------------------------
    def _on_move_finished(self, old: dict, new: dict) -> None:
        if self.document is not None:
            self._push(DragNeurons(self.document, old, new))

    def nudge(self, dx: float, dy: float) -> None:
        """Move the selected neurons by (dx, dy); nudges in a row are one undo step."""
        ids = self.scene.selection()[0]
        if self.document is None or not ids:
            return
        drawn = self.positions()
        old = {nid: self.network.neurons[nid].position for nid in ids}
        new = {nid: (drawn[nid].x() + dx, drawn[nid].y() + dy) for nid in ids}
        self._push(MoveNeurons(self.document, old, new))

    def delete_selection(self) -> None:
        """Delete the selected neurons (with their connections) and connections."""
        if self.document is None:
            return
        ids, keys = self.scene.selection()
        if not ids and not keys:
            self.status.emit("Nothing is selected to delete")
            return
        self.delete(ids, keys)

    def delete(self, ids, keys=()) -> None:
        command = Delete(self.document, ids, keys)
        self._push(command)
        self.status.emit(command.text())

    # ---- inline editing ------------------------------------------------------------
    def _on_edit_requested(self, kind: str, ident) -> None:
        if kind == "neuron":
            self.edit_label(ident)
        elif kind == "connection":
            self.edit_weight(ident)

    def edit_weight(self, key: tuple[str, str]) -> None:
        """Type the weight of `key` in place, over its label."""
        item = self.scene.connection_item(key)
        weight = self.network.connection(*key).weight
        editor = self.view.open_editor(item.label.scenePos(), repr(weight), "weight")
        editor.committed.connect(partial(self._on_weight_typed, editor, key))
        self.status.emit(f"Type the weight of {connection_name(self.network, key)}; "
                         "Enter sets it, Esc cancels")

    def _on_weight_typed(self, editor, key: tuple[str, str], text: str) -> None:
        if self.set_weight(key, text):
            editor.finish()
        else:
            editor.refuse()

    def edit_connection_name(self, key: tuple[str, str]) -> None:
        """Type the name of connection `key` (seed 001's w7) in place, over its label."""
        item = self.scene.connection_item(key)
        label = self.network.connection(*key).label
        editor = self.view.open_editor(item.label.scenePos(), label or "", "name, e.g. w7")
        editor.committed.connect(partial(self._on_connection_name_typed, editor, key))
        self.status.emit(f"Type a name for {connection_name(self.network, key)} (e.g. w7); "
                         "empty clears it, Esc cancels")

    def _on_connection_name_typed(self, editor, key: tuple[str, str], text: str) -> None:
        editor.finish()
        self.name_connection(key, text)

    def name_connection(self, key: tuple[str, str], text: str) -> None:
        """Name the connection; empty text clears the name."""
        if not self.network.has_connection(*key):
            self.status.emit("That connection is gone")
            return
        label = text.strip() or None
        if label != self.network.connection(*key).label:
            self._push(NameConnection(self.document, key, label))

    def edit_label(self, nid: str) -> None:
        """Type the name of neuron `nid` in place, over its name."""
        item = self.scene.neuron_items[nid]
        neuron = self.network.neurons[nid]
        point = item.pos() + item.name_rect().center()
        editor = self.view.open_editor(point, neuron.label or "", nid)
        editor.committed.connect(partial(self._on_label_typed, editor, nid))
        self.status.emit(f"Type a name for {nid}; empty shows the id, Esc cancels")

    def _on_label_typed(self, editor, nid: str, text: str) -> None:
        editor.finish()
        self.rename(nid, text)

    # ---- context menus -------------------------------------------------------------
    def show_menu(self, kind: str, ident, point: QPointF, screen: QPoint) -> None:
        """The context menu for a neuron, a connection or the canvas, at `screen`."""
        if self.document is None:
            return
        if self.menu is not None:
            self.menu.deleteLater()
        self.menu = build_menu(self, kind, ident, point)
        self.menu.popup(screen)

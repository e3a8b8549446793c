"""The canvas's context menus, built from the Editor's methods.

Neuron: Rename…, Role ▸, Activation ▸ (softmax only where the network can take it),
Connect to All in Next Layer, Add Bias Neuron, Show in Outputs (hidden neurons), Delete.
Connection: Set Weight…, Name…, Frozen, Delete. Canvas: Add Input/Hidden/Output/Bias Here.
What the network would refuse is shown disabled, with the reason as the tooltip and in the
status bar when hovered. `build_menu` is what a right-click uses; tests call it directly.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu

from ..canvas import tools
from ..engine import ACTIVATIONS, ROLES
from ..panels.activation_icons import activation_tip
from ..plaintext import guessed

ROLE_ORDER = ("input", "hidden", "output", "bias")
assert set(ROLE_ORDER) == set(ROLES)
ADD_TOOL = {role: tool for tool, role in tools.ADD_ROLES.items()}


def build_menu(editor, kind: str, ident, point: QPointF) -> QMenu:
    """The context menu for ("neuron", id), ("connection", key) or ("canvas", None)."""
    menu = QMenu(editor.view)
    if kind == "neuron":
        _neuron_menu(editor, menu, ident)
    elif kind == "connection":
        _connection_menu(editor, menu, ident)
    else:
        _canvas_menu(editor, menu, point)
    for each in [menu, *menu.findChildren(QMenu)]:
        each.setToolTipsVisible(True)
        each.hovered.connect(lambda action: _on_hovered(editor, action))
    return menu


def _on_hovered(editor, action: QAction) -> None:
    if not action.isEnabled() and action.statusTip():
        editor.status.emit(action.statusTip())


def _add(menu: QMenu, text: str, slot, *args, reason: str = "") -> QAction:
    """An action calling slot(*args); disabled, with `reason` as its tooltip, if given."""
    action = menu.addAction(text)
    action.triggered.connect(lambda *_: slot(*args))
    if reason:
        _refuse(action, reason)
    return action


def _refuse(action: QAction, reason: str) -> None:
    action.setEnabled(False)
    action.setToolTip(guessed(reason))  # the reason may quote a name
    action.setStatusTip(reason)


def _neuron_menu(editor, menu: QMenu, nid: str) -> None:
    network = editor.network
    neuron = network.neurons[nid]
    _add(menu, "Rename\u2026", editor.edit_label, nid)

    roles = menu.addMenu("Role")
    group = QActionGroup(roles)
    for role in ROLE_ORDER:
        action = _add(roles, role, editor.set_role, nid, role)
        action.setCheckable(True)
        action.setChecked(role == neuron.role)
        action.setActionGroup(group)
        reason = editor.role_refusal(nid, role)
        if reason:
            _refuse(action, reason)

    activations = menu.addMenu("Activation")
    if neuron.computes:
        group = QActionGroup(activations)
        for name in ACTIVATIONS:
            action = _add(activations, name, editor.set_activation, nid, name)
            action.setCheckable(True)
            action.setChecked(name == neuron.activation)
            action.setActionGroup(group)
            action.setToolTip(activation_tip(name))
            reason = editor.activation_refusal(nid, name)
            if reason:
                _refuse(action, reason)
    else:
        activations.setEnabled(False)
        _refuse(activations.menuAction(),
                f"{neuron.name} is a{'n' if neuron.role == 'input' else ''} {neuron.role} "
                "neuron: it has no activation")

    menu.addSeparator()
    targets = [t for t in editor.next_layer(nid) if not network.refusal(nid, t)]
    reason = "" if targets else \
        f"No neuron in the layer after {neuron.name} can take a connection from it"
    action = _add(menu, "Connect to All in Next Layer", editor.connect_to_next_layer, nid,
                  reason=reason)
    if targets:
        action.setToolTip(guessed(f"Connect {neuron.name} to {', '.join(targets)}"))
    reason = "" if neuron.computes else \
        f"{neuron.name} is a {neuron.role} neuron: only hidden and output neurons take a bias"
    _add(menu, "Add Bias Neuron", editor.add_bias_neuron, nid, reason=reason)
    shown = menu.addAction("Show in Outputs")
    shown.setCheckable(True)
    shown.setChecked(editor.shown_in_outputs(nid))
    shown.setToolTip("Show this hidden neuron's output on every row as a column of the "
                     "Outputs dock, beside the network's outputs")
    shown.toggled.connect(lambda on: editor.show_in_outputs(nid, on))
    if neuron.role != "hidden":
        _refuse(shown, f"{neuron.name} is a{'n' if neuron.role[0] in 'aeiou' else ''} "
                f"{neuron.role} neuron: the Outputs dock shows hidden neurons as columns")
    menu.addSeparator()
    _add(menu, "Delete", _delete_with_selection, editor, [nid], [])


def _connection_menu(editor, menu: QMenu, key: tuple[str, str]) -> None:
    connection = editor.network.connection(*key)
    _add(menu, "Set Weight\u2026", editor.edit_weight, key)
    name = _add(menu, "Name\u2026", editor.edit_connection_name, key)
    name.setToolTip("Name the weight, as seed 001 names them w1 \u2026 w12: the formulas "
                    "of the Equations dock and the step-through use the name")
    frozen = menu.addAction("Frozen")
    frozen.setCheckable(True)
    frozen.setChecked(not connection.trainable)
    frozen.setToolTip("A frozen weight keeps its value while the network trains")
    frozen.toggled.connect(lambda checked: editor.set_frozen(key, checked))
    menu.addSeparator()
    _add(menu, "Delete", _delete_with_selection, editor, [], [key])


def _canvas_menu(editor, menu: QMenu, point: QPointF) -> None:
    where = editor.scene.snap_point(point)
    for role in ROLE_ORDER:
        action = _add(menu, f"Add {role.capitalize()} Here", editor.place, role, where)
        action.setIcon(tools.icon(ADD_TOOL[role]))


def _delete_with_selection(editor, ids: list, keys: list) -> None:
    """Delete what was right-clicked, with the rest of the selection if it is part of it."""
    selected_ids, selected_keys = editor.scene.selection()
    if set(ids) <= set(selected_ids) and set(keys) <= set(selected_keys):
        ids, keys = selected_ids, selected_keys
    editor.delete(ids, keys)

"""NeuronEditor: the inspector's section for one or several selected neurons.

Label (one neuron only), role and activation. With several neurons a field shows their
common value or is blank ("mixed"), and a change applies to all of them as one undo
step. A role the engine refuses is refused with its reason and the combo goes back. An
activation the neurons may not take (softmax on a hidden neuron) is shown disabled with
the reason as its tooltip, and refused with it if chosen all the same; choosing softmax
for one output chooses it for the output layer (activation_rules.py), and says so.
"""
from __future__ import annotations

import copy

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit

from ..document.commands import SetNeuron
from ..engine.activations import ACTIVATIONS
from ..engine.network import Network, NetworkError
from ..plaintext import guessed, mnemonic
from . import activation_rules
from .activation_icons import ICON_SIZE, activation_icon, activation_tip
from .edits import common, names, push_all
from .number_field import MIXED

ROLE_ORDER = ("input", "hidden", "output", "bias")


def role_refusal(network: Network, ids: list[str], role: str) -> str | None:
    """Why the neurons `ids` may not all take `role`, or None (asks the engine, on a copy
    of the neurons and of the connections into `ids`: all that a role depends on, and
    quick to copy in a network of a hundred thousand connections)."""
    trial = Network({nid: copy.copy(n) for nid, n in network.neurons.items()},
                    [copy.copy(c) for nid in dict.fromkeys(ids) for c in network.incoming(nid)])
    try:
        for nid in ids:
            trial.set_role(nid, role)
    except NetworkError as e:
        return str(e)
    return None


class NeuronEditor(QGroupBox):
    refused = Signal(str)  # a change was not made; the sentence says why
    edited = Signal()  # a change was pushed
    said = Signal(str)  # a change was pushed; the sentence says what it did beyond the asked

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.doc = None
        self.ids: list[str] = []
        form = self.form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.id_label = QLabel()
        self.id_label.setTextFormat(Qt.TextFormat.PlainText)
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label_edit = QLineEdit()
        self.role_combo = QComboBox()
        for role in ROLE_ORDER:
            self.role_combo.addItem(role, role)
        self.role_combo.setPlaceholderText(MIXED)
        self.activation_combo = QComboBox()
        self.activation_combo.setIconSize(ICON_SIZE)
        for name in ACTIVATIONS:
            self.activation_combo.addItem(name, name)
        self._draw_icons()
        self.activation_combo.setPlaceholderText(MIXED)
        self.formula_label = QLabel()
        self.formula_label.setWordWrap(True)
        self.formula_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.links_label = QLabel()
        form.addRow("Id", self.id_label)
        form.addRow("Label", self.label_edit)
        form.addRow("Role", self.role_combo)
        form.addRow("Activation", self.activation_combo)
        form.addRow("", self.formula_label)
        form.addRow("Connections", self.links_label)
        self.label_edit.editingFinished.connect(self._on_label_edited)
        self.role_combo.activated.connect(self._on_role_activated)
        self.activation_combo.activated.connect(self._on_activation_activated)

    def __repr__(self) -> str:
        return f"NeuronEditor({self.ids})"

    def _draw_icons(self) -> None:
        for i in range(self.activation_combo.count()):
            name = self.activation_combo.itemData(i)
            self.activation_combo.setItemIcon(i, activation_icon(name, self.palette()))

    # ---- showing -------------------------------------------------------------------
    def show_neurons(self, doc, ids: list[str]) -> None:
        """Edit the neurons `ids` of `doc` (a new target: typing in progress is dropped)."""
        self.doc, self.ids = doc, list(ids)
        self.label_edit.setModified(False)
        self.refresh()

    def refresh(self) -> None:
        """Show the document's current values, keeping text the user is still typing."""
        if self.doc is None or not self.ids:
            return
        net = self.doc.network
        neurons = [net.neurons[nid] for nid in self.ids]
        single = len(neurons) == 1
        self.setTitle(f"Neuron {mnemonic(neurons[0].name)}" if single
                      else f"{len(neurons)} neurons")
        self.id_label.setText(names(self.ids))
        self.label_edit.setEnabled(single)
        if not self.label_edit.isModified():
            self.label_edit.setText((neurons[0].label or "") if single else "")
        self.label_edit.setPlaceholderText(
            "none: the id is shown" if single else "one neuron at a time")
        self._show_choice(self.role_combo, common(n.role for n in neurons))
        computing = [n for n in neurons if n.computes]
        activation = common(n.activation for n in computing)
        self.activation_combo.setEnabled(bool(computing))
        self.activation_combo.setToolTip(
            "" if computing else "Input and bias neurons have no activation")
        self.activation_combo.setPlaceholderText(MIXED if computing else "none")
        self._show_choice(self.activation_combo, activation)
        self._offer_activations([n.id for n in computing])
        if activation is not None:
            act = ACTIVATIONS[activation]
            self.formula_label.setText(f"{act.formula}\n{act.derivative}")
        else:
            self.formula_label.setText("")
        self.formula_label.setVisible(activation is not None)
        incoming = sum(len(net.incoming(nid)) for nid in self.ids)
        outgoing = sum(len(net.outgoing(nid)) for nid in self.ids)
        self.links_label.setText(f"{incoming} in \u00b7 {outgoing} out")

    def _offer_activations(self, ids: list[str]) -> None:
        """Enable the activations the neurons `ids` may take; the others say why not."""
        model = self.activation_combo.model()
        for i in range(self.activation_combo.count()):
            name = self.activation_combo.itemData(i)
            reason = activation_rules.refusal(self.doc.network, ids, name) if ids else None
            model.item(i).setEnabled(reason is None)
            self.activation_combo.setItemData(i, guessed(reason) if reason else activation_tip(name),
                                              Qt.ItemDataRole.ToolTipRole)  # reason names neurons

    @staticmethod
    def _show_choice(combo: QComboBox, value) -> None:
        combo.setCurrentIndex(-1 if value is None else combo.findData(value))

    # ---- editing -------------------------------------------------------------------
    def _on_label_edited(self) -> None:
        if not self.label_edit.isModified() or len(self.ids) != 1:
            return
        self.label_edit.setModified(False)
        nid = self.ids[0]
        text = self.label_edit.text().strip()
        if text == (self.doc.network.neurons[nid].label or ""):
            self.refresh()
            return
        self.doc.undo_stack.push(SetNeuron(self.doc, nid, "label", text))
        self.edited.emit()

    def _on_role_activated(self, index: int) -> None:
        role = self.role_combo.itemData(index)
        net = self.doc.network
        ids = [nid for nid in self.ids if net.neurons[nid].role != role]
        if not ids:
            return
        reason = role_refusal(net, ids, role)
        if reason:
            self.refresh()
            self.refused.emit(f"Role not changed: {reason}")
            return
        push_all(self.doc.undo_stack, [SetNeuron(self.doc, nid, "role", role) for nid in ids],
                 f"Set the role of {len(ids)} neurons to {role}")
        self.edited.emit()

    def _on_activation_activated(self, index: int) -> None:
        name = self.activation_combo.itemData(index)
        net = self.doc.network
        ids = [nid for nid in self.ids if net.neurons[nid].computes]
        reason = activation_rules.refusal(net, ids, name)
        if reason:
            self.refresh()
            self.refused.emit(f"Activation not changed: {reason}")
            return
        plan = activation_rules.plan(net, ids, name)
        if not plan.ids:
            return
        text = (f"Set the activation of {len(plan.ids)} neurons to {name}" if len(plan.ids) > 1
                else f"Set the activation of {net.neurons[plan.ids[0]].name} to {name}")
        push_all(self.doc.undo_stack,
                 [SetNeuron(self.doc, nid, "activation", name) for nid in plan.ids], text)
        self.edited.emit()
        if plan.note:
            self.said.emit(f"{text}; {plan.note}")

    # ---- Qt overrides --------------------------------------------------------------
    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._draw_icons()  # the curves take the text colour
        super().changeEvent(event)

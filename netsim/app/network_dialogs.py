"""Dialogs of the Network menu: Add Layer and Randomize Weights.

Each dialog edits a small frozen dataclass (LayerSpec, RandomizeSpec): `spec()` reads the
fields. ask_layer() and ask_randomize() run a dialog and return its spec, or None when it
was cancelled; tests replace them, or set a dialog's fields and call accept().
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox,
                               QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget)

from ..engine.activations import ACTIVATIONS, DEFAULT_ACTIVATION, GROUP_ACTIVATIONS
from ..engine.network import SOURCE_ROLES
from ..engine.settings import INITS
from ..panels.activation_icons import ICON_SIZE, activation_icon, activation_tip
from ..panels.refusal import RefusalLabel
from ..plaintext import guessed

MAX_LAYER = 1000
MAX_SEED = 2 ** 31 - 1
LAYER_ROLES = ("hidden", "output", "input", "bias")
INIT_NAMES = {"uniform": "Uniform", "normal": "Normal", "xavier": "Xavier (Glorot)"}


@dataclass(frozen=True)
class LayerSpec:
    count: int = 2
    role: str = "hidden"
    activation: str = DEFAULT_ACTIVATION
    connect: bool = True  # fully connected from the sources
    bias: bool = False  # add a bias neuron feeding the new layer
    random: bool = False  # random initial weights, else zero
    scale: float = 0.5  # random weights ~ U(-scale, scale)
    seed: int = 0
    feed: bool = True  # a hidden layer feeds what its sources fed, in their place


@dataclass(frozen=True)
class RandomizeSpec:
    method: str = "uniform"
    scale: float = 0.5
    seed: int = 0


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _scale_box(value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(0.001, 100.0)
    box.setDecimals(3)
    box.setSingleStep(0.1)
    box.setValue(value)
    return box


def _seed_box(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, MAX_SEED)
    box.setValue(value)
    return box


Describe = Callable[[str], tuple[str, str]]
Refuse = Callable[[LayerSpec], str | None]


class AddLayerDialog(QDialog):
    def __init__(self, describe: str | Describe, parent: QWidget | None = None,
                 spec: LayerSpec = LayerSpec(), refuse: Refuse | None = None) -> None:
        """`describe(role)` says which neurons a layer of that role would be connected
        from, and which it would feed in their place ("" for none); a plain string says
        the first alone. `refuse(spec)` says why a layer may not be added (None: it may):
        the reason is shown in red and OK is disabled until the fields change."""
        super().__init__(parent)
        self.describe = describe if callable(describe) else (lambda _role: (describe, ""))
        self.refuse = refuse or (lambda _spec: None)
        self.setWindowTitle("Add Layer")
        self.count_box = QSpinBox()
        self.count_box.setRange(1, MAX_LAYER)
        self.count_box.setValue(spec.count)
        self.role_combo = QComboBox()
        for role in LAYER_ROLES:
            self.role_combo.addItem(role, role)
        self.role_combo.setCurrentIndex(self.role_combo.findData(spec.role))
        self.activation_combo = QComboBox()
        self.activation_combo.setIconSize(ICON_SIZE)
        for i, name in enumerate(ACTIVATIONS):
            self.activation_combo.addItem(activation_icon(name, self.palette()), name, name)
            self.activation_combo.setItemData(i, activation_tip(name), Qt.ItemDataRole.ToolTipRole)
        self.activation_combo.setCurrentIndex(self.activation_combo.findData(spec.activation))
        self.connect_box = QCheckBox("Fully connected from:")
        self.connect_box.setChecked(spec.connect)
        self.sources_label = QLabel()
        self.sources_label.setWordWrap(True)
        self.sources_label.setTextFormat(Qt.TextFormat.PlainText)
        self.feed_box = QCheckBox("Feeding:")
        self.feed_box.setChecked(spec.feed)
        self.feed_box.setToolTip("Put the layer between its sources and what they feed: "
                                 "their connections to those neurons go to the new layer")
        self.feeds_label = QLabel()
        self.feeds_label.setWordWrap(True)
        self.feeds_label.setTextFormat(Qt.TextFormat.PlainText)
        self.bias_box = QCheckBox("Add a bias neuron feeding the new layer")
        self.bias_box.setChecked(spec.bias)
        self.weights_combo = QComboBox()
        self.weights_combo.addItem("Zero", False)
        self.weights_combo.addItem("Random, uniform in [\u2212scale, scale]", True)
        self.weights_combo.setCurrentIndex(int(spec.random))
        self.scale_box = _scale_box(spec.scale)
        self.seed_box = _seed_box(spec.seed)
        self.message = RefusalLabel()
        self.buttons = _buttons(self)
        form = QFormLayout()
        form.addRow("Neurons", self.count_box)
        form.addRow("Role", self.role_combo)
        form.addRow("Activation", self.activation_combo)
        form.addRow(self.connect_box, self.sources_label)
        form.addRow(self.feed_box, self.feeds_label)
        form.addRow("", self.bias_box)
        form.addRow("Initial weights", self.weights_combo)
        form.addRow("Scale", self.scale_box)
        form.addRow("Seed", self.seed_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.count_box.valueChanged.connect(self._update_enabled)
        self.activation_combo.currentIndexChanged.connect(self._update_enabled)
        self.role_combo.currentIndexChanged.connect(self._update_enabled)
        self.connect_box.toggled.connect(self._update_enabled)
        self.feed_box.toggled.connect(self._update_enabled)
        self.bias_box.toggled.connect(self._update_enabled)
        self.weights_combo.currentIndexChanged.connect(self._update_enabled)
        self._update_enabled()
        layout.activate()  # settle the size now (see MainWindow)

    def _update_enabled(self) -> None:
        role = self.role_combo.currentData()
        computes = role not in SOURCE_ROLES
        sources, feeds = self.describe(role)
        self.sources_label.setText(sources)
        self.feeds_label.setText(feeds or "nothing: the layer comes after the others")
        self.activation_combo.setEnabled(computes)
        self.connect_box.setEnabled(computes)
        self.sources_label.setEnabled(computes and self.connect_box.isChecked())
        can_feed = bool(feeds) and self.connect_box.isChecked()
        self.feed_box.setEnabled(can_feed)
        self.feeds_label.setEnabled(can_feed and self.feed_box.isChecked())
        self.bias_box.setEnabled(computes)
        links = computes and (self.connect_box.isChecked() or self.bias_box.isChecked())
        self.weights_combo.setEnabled(links)
        random = links and self.weights_combo.currentData()
        self.scale_box.setEnabled(random)
        self.seed_box.setEnabled(random)
        self._offer_activations()
        reason = self.refuse(self.spec())
        if reason:
            self.message.show_refusal(reason)
        else:
            self.message.clear_refusal()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(reason is None)

    def _offer_activations(self) -> None:
        """The group activations (softmax) only for an output layer; on another role their
        entry is disabled and says why, in refuse's words."""
        role = self.role_combo.currentData()
        model = self.activation_combo.model()
        for name in GROUP_ACTIVATIONS:
            i = self.activation_combo.findData(name)
            reason = None if role == "output" else self.refuse(replace(self.spec(), activation=name))
            model.item(i).setEnabled(reason is None)
            self.activation_combo.setItemData(i, guessed(reason) if reason else activation_tip(name),
                                              Qt.ItemDataRole.ToolTipRole)  # reason names neurons

    def spec(self) -> LayerSpec:
        role = self.role_combo.currentData()
        computes = role not in SOURCE_ROLES
        return LayerSpec(self.count_box.value(), role,
                         self.activation_combo.currentData(),
                         computes and self.connect_box.isChecked(),
                         computes and self.bias_box.isChecked(),
                         bool(self.weights_combo.currentData()),
                         self.scale_box.value(), self.seed_box.value(),
                         self.feed_box.isChecked())


class RandomizeDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, spec: RandomizeSpec = RandomizeSpec()) -> None:
        super().__init__(parent)
        self.setWindowTitle("Randomize Weights")
        self.setMinimumWidth(360)
        self.method_combo = QComboBox()
        for method in INITS:
            self.method_combo.addItem(INIT_NAMES.get(method, method), method)
        self.method_combo.setCurrentIndex(max(self.method_combo.findData(spec.method), 0))
        self.scale_box = _scale_box(spec.scale)
        self.seed_box = _seed_box(spec.seed)
        note = QLabel("Uniform: w in [\u2212scale, scale]\n"
                      "Normal: mean 0, standard deviation scale\n"
                      "Xavier: w in [\u2212a, a], a = \u221a(6 / (fan-in + fan-out))\n"
                      "Frozen connections keep their weights.")
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form = QFormLayout()
        form.addRow("Method", self.method_combo)
        form.addRow("Scale", self.scale_box)
        form.addRow("Seed", self.seed_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(_buttons(self))
        self.method_combo.currentIndexChanged.connect(self._update_enabled)
        self._update_enabled()
        layout.activate()  # settle the size now (see MainWindow)

    def _update_enabled(self) -> None:
        self.scale_box.setEnabled(self.method_combo.currentData() != "xavier")

    def spec(self) -> RandomizeSpec:
        return RandomizeSpec(self.method_combo.currentData(), self.scale_box.value(),
                             self.seed_box.value())


def ask_layer(parent: QWidget, describe: Describe,
              refuse: Refuse | None = None) -> LayerSpec | None:
    dialog = AddLayerDialog(describe, parent, refuse=refuse)
    return dialog.spec() if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_randomize(parent: QWidget, spec: RandomizeSpec) -> RandomizeSpec | None:
    dialog = RandomizeDialog(parent, spec)
    return dialog.spec() if dialog.exec() == QDialog.DialogCode.Accepted else None

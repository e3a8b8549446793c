"""TrainingPanel: the training settings of the shown document, and the run controls.

Every edit is one undo step (SetTraining). A typed value that is not a number, not finite,
not whole where a count is asked for, or that TrainingSettings.problem() refuses (a
negative learning rate, momentum 1.5) is refused with a one-line message, shown in red
here and emitted on `status`; the field goes back and nothing changes (never clamped).
The panel follows the document's `changed` signal, so an undo shows at once.

Regularisation: λ₂ (L2, weight decay) and λ₁ (L1), each update's extra pull
λ₂·w + λ₁·sign w on the trainable weights, and whether it reaches the weights from bias
neurons (a checkbox, enabled once λ₁ or λ₂ is set).

The run controls (set_actions) and the run's status line (show_status) are optional: the
app gives the panel the training controller's actions and messages.
"""
from __future__ import annotations

import math
import re
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QToolButton, QVBoxLayout, QWidget)

from ..document.document import refollow
from ..document.settings_commands import LABELS, SetTraining
from ..engine import perceptron
from ..engine.losses import LOSSES
from ..engine.settings import INITS, MODES, RANGES, SCHEDULES, TrainingSettings
from ..plaintext import guessed

from .number_field import MINUS, NumberField, parse_number
from .refusal import RefusalLabel
from .scrolled import fill_with_scrolled

NONE = "none"

MODE_NAMES = {"sgd": "SGD (one row)", "minibatch": "Mini-batch", "batch": "Batch (all rows)",
              "perceptron": "Perceptron rule"}
MODE_TIPS = {
    "sgd": "Backpropagation, one update after every row",
    "minibatch": "Backpropagation, one update per batch of rows, with their mean ∂J/∂w",
    "batch": "Backpropagation, one update per epoch, with the mean ∂J/∂w of every row",
    "perceptron": "The perceptron rule (seed 000): after every row w ← w + α·"
                  "(y − ŷ)·x, no gradient; for sign or step output neurons fed "
                  "by inputs only. It stops changing once every row is right, and never "
                  "does when no line separates the targets (XOR)",
}
# Settings the perceptron rule has no use for: their fields are off in that mode.
NOT_PERCEPTRON = ("momentum", "l1", "l2", "restarts")
SCHEDULE_NAMES = {"constant": "Constant", "step": "Step decay", "inverse_time": "Inverse time"}
INIT_NAMES = {"uniform": "Uniform U(\u2212a, a)", "normal": "Normal N(0, \u03c3)",
              "xavier": "Xavier / Glorot"}
LOSS_NAMES = {"squared_error": "Squared error", "cross_entropy": "Cross-entropy"}
TIPS = {
    "learning_rate": "\u03b1: the step size, w \u2190 w \u2212 \u03b1\u00b7\u2202J/\u2202w",
    "mode": "How many rows each weight update averages over, or the perceptron rule "
            "w ← w + α·(y − ŷ)·x for sign or step outputs",
    "batch_size": "Rows per update in mini-batch mode",
    "momentum": "\u03bc in [0, 1): v \u2190 \u03bc\u00b7v \u2212 \u03b1\u00b7\u2202J/\u2202w, w \u2190 w + v",
    "loss": "The error J of one row",
    "shuffle": "Visit the rows in a new random order every epoch (from the seed)",
    "schedule": "How \u03b1 changes with the epoch t",
    "decay_rate": "step: \u03b1\u00b7rate^\u230at/steps\u230b; inverse time: \u03b1/(1 + rate\u00b7t/steps)",
    "decay_steps": "Epochs per decay step",
    "max_epochs": "Run stops after this many epochs",
    "target_error": "Run stops once the epoch error is at most this (empty: none)",
    "seed": "Random seed for shuffling and for random initial weights",
    "init": "How random initial weights are drawn (Randomize Weights, restarts)",
    "init_scale": "uniform: the limit a; normal: the standard deviation \u03c3",
    "restarts": "Run trains this many times from random weights and keeps the best",
    "l2": "\u03bb\u2082, weight decay: \u0394w = \u2212\u03b1\u00b7(\u2202J/\u2202w + "
          "\u03bb\u2082\u00b7w), the gradient of J + \u03bb\u2082/2\u00b7\u03a3 w\u00b2 "
          "(0: off)",
    "l1": "\u03bb\u2081: \u0394w = \u2212\u03b1\u00b7(\u2202J/\u2202w + \u03bb\u2081\u00b7"
          "sign w), the gradient of J + \u03bb\u2081\u00b7\u03a3 |w| (0: off)",
    "regularise_bias": "Let \u03bb\u2081 and \u03bb\u2082 pull the weights from bias neurons "
                       "towards 0 too (off: only the other trainable weights)",
}
_FIELD_NAMES = re.compile(r"\b(" + "|".join(LABELS) + r")\b")  # learning_rate, ...
COUNTS = ("batch_size", "decay_steps", "max_epochs", "seed", "restarts")


def short(x: float) -> str:
    text = repr(x) if x != int(x) or abs(x) >= 1e16 else str(int(x))
    return text.replace("-", MINUS)


def settings_refusal(settings: TrainingSettings, changes: dict) -> str | None:
    """Why `changes` may not be made to `settings` (a sentence), or None."""
    reason = replace(settings, **changes).problem()
    if reason is None:
        return None
    reason = _FIELD_NAMES.sub(lambda m: LABELS[m.group(0)], reason)
    reason = re.sub(r"(?<![\w-])-(?=\d)", MINUS, reason)  # "not -1": a minus sign
    return reason[:1].upper() + reason[1:]


class SettingField(NumberField):
    """A NumberField for one setting: whole numbers only for counts; `optional` fields
    take an empty text as None."""
    cleared = Signal()

    def __init__(self, name: str, optional: bool = False) -> None:
        what = LABELS[name]
        # Any finite number is read; TrainingSettings.problem() then refuses one outside
        # the setting's range (RANGES) with the range named, never clamping it.
        super().__init__(-math.inf, math.inf, what, 0 if name in COUNTS else 6)
        self.name, self.optional = name, optional
        self.tip = f"{TIPS[name]}\nAccepts {str(RANGES[name]).replace('-', MINUS)}" + \
            (" or empty" if optional else "")

    def set_value(self, value) -> None:
        super().set_value(value)
        if value is None:
            self.setPlaceholderText(NONE)
        else:  # the shortest text that reads back as the value: 0.5, not 0.500000
            self.setText(short(float(value)))
        self.setToolTip(self.tip)

    def _on_editing_finished(self) -> None:
        if self.optional and self.isModified() and not self.text().strip():
            self.setModified(False)
            if self.value() is not None:
                self.cleared.emit()
            return
        if self.name in COUNTS and self.isModified():
            text = self.text().strip()
            try:
                value = parse_number(text, self.low, self.high, self.what)
            except ValueError:
                pass  # NumberField refuses it and says why
            else:
                if value != int(value):
                    self.setModified(False)
                    self.revert()
                    self.refused.emit(f"\u201c{text}\u201d is not a whole number: the "
                                      f"{self.what} must be one")
                    return
        super()._on_editing_finished()


class TrainingPanel(QWidget):
    status = Signal(str)  # one-line messages: refusals

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.fields: dict[str, SettingField] = {}
        self.combos: dict[str, QComboBox] = {}
        self.run_bar = QHBoxLayout()
        self.run_bar.setContentsMargins(0, 0, 0, 0)
        self.run_status = QLabel()
        self.run_status.setTextFormat(Qt.TextFormat.PlainText)
        self.run_status.setWordWrap(True)
        self.run_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.run_status.setVisible(False)
        self.message = RefusalLabel()

        step = self._group("Step size", [
            ("Learning rate", self._field("learning_rate")),
            ("Schedule", self._combo("schedule", SCHEDULES, SCHEDULE_NAMES)),
            ("Decay", self._decay_row()),
            ("Momentum", self._field("momentum")),
        ])
        batches = self._group("Batches", [
            ("Mode", self._combo("mode", MODES, MODE_NAMES)),
            ("Batch size", self._field("batch_size")),
            ("Loss", self._combo("loss", tuple(LOSSES), LOSS_NAMES)),
            ("", self._shuffle_box()),
        ])
        stopping = self._group("Stop after", [
            ("Max epochs", self._field("max_epochs")),
            ("Target error", self._field("target_error", optional=True)),
        ])
        start = self._group("Initial weights", [
            ("Method", self._combo("init", INITS, INIT_NAMES)),
            ("Scale", self._field("init_scale")),
            ("Seed", self._field("seed")),
            ("Restarts", self._field("restarts")),
        ])
        penalty = self._group("Regularisation", [
            ("L2 (\u03bb\u2082)", self._field("l2")),
            ("L1 (\u03bb\u2081)", self._field("l1")),
            ("", self._bias_box()),
        ])
        self.groups = [step, batches, penalty, stopping, start]
        self._align_labels(self.groups)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setSpacing(6)
        layout.addLayout(self.run_bar)
        layout.addWidget(self.run_status)
        for widget in (self.message, *self.groups):
            layout.addWidget(widget)
        layout.addStretch(1)
        outer = fill_with_scrolled(self, content)
        self._show()
        outer.activate()  # settle the minimum size before a native window exists

    def __repr__(self) -> str:
        return f"TrainingPanel({self.doc!r})"

    # ---- building ----------------------------------------------------------------------
    def _group(self, title: str, rows) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setContentsMargins(8, 6, 8, 6)
        form.setVerticalSpacing(4)
        for label, widget in rows:
            form.addRow(label, widget)
        box.form = form
        return box

    @staticmethod
    def _align_labels(groups: list[QGroupBox]) -> None:
        """One label width for all groups, so that their fields line up."""
        labels = []
        for group in groups:
            for row in range(group.form.rowCount()):
                item = group.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if item is not None and item.widget() is not None:
                    labels.append(item.widget())
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(width)

    def _field(self, name: str, optional: bool = False) -> SettingField:
        field = SettingField(name, optional)
        field.committed.connect(lambda value, n=name: self._on_committed(n, value))
        field.cleared.connect(lambda n=name: self._change({n: None}))
        field.refused.connect(self._on_refused)
        self.fields[name] = field
        return field

    def _combo(self, name: str, values, names: dict) -> QComboBox:
        combo = QComboBox()
        for value in values:
            combo.addItem(names.get(value, value), value)
            if name == "mode":
                combo.setItemData(combo.count() - 1, MODE_TIPS[value],
                                  Qt.ItemDataRole.ToolTipRole)
        combo.setToolTip(TIPS[name])
        combo.activated.connect(lambda index, n=name: self._on_chosen(n, index))
        self.combos[name] = combo
        return combo

    def _decay_row(self) -> QWidget:
        """Decay rate and decay steps on one line: [0.5] every [100] epochs."""
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self._field("decay_rate"), 3)
        self.every_label = QLabel("every")
        line.addWidget(self.every_label)
        line.addWidget(self._field("decay_steps"), 2)
        return row

    def _shuffle_box(self) -> QCheckBox:
        self.shuffle_box = QCheckBox("Shuffle rows every epoch")
        self.shuffle_box.setToolTip(TIPS["shuffle"])
        self.shuffle_box.clicked.connect(lambda on: self._change({"shuffle": bool(on)}))
        return self.shuffle_box

    def _bias_box(self) -> QCheckBox:
        self.bias_box = QCheckBox("Regularise bias weights")
        self.bias_box.setToolTip(TIPS["regularise_bias"])
        self.bias_box.clicked.connect(lambda on: self._change({"regularise_bias": bool(on)}))
        return self.bias_box

    def set_actions(self, actions: list[QAction]) -> None:
        """Show buttons for the run actions (Run, Pause, Stop, Train N Epochs)."""
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.run_bar.addWidget(button)
        self.run_bar.addStretch(1)

    def show_status(self, text: str) -> None:
        """The training run's latest message (progress, outcome)."""
        self.run_status.setText(text)
        self.run_status.setVisible(bool(text))

    # ---- the document ------------------------------------------------------------------
    def set_document(self, doc) -> None:
        """Show `doc`'s settings; what was said about the document before is cleared."""
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        for field in self.fields.values():
            field.setModified(False)
        self.clear_message()
        self.show_status("")
        self._show()

    def _on_document_changed(self, _change) -> None:
        self._show()

    def _show(self) -> None:
        """Show the document's settings, keeping text the user is still typing."""
        settings = self.doc.file.training if self.doc is not None else TrainingSettings()
        for name, field in self.fields.items():
            if not field.is_editing():
                field.set_value(getattr(settings, name))
        for name, combo in self.combos.items():
            combo.setCurrentIndex(combo.findData(getattr(settings, name)))
        self._show_perceptron_entry()
        self.shuffle_box.setChecked(settings.shuffle)
        self.bias_box.setChecked(settings.regularise_bias)
        self.bias_box.setEnabled(settings.regularised)  # it says what λ₁, λ₂ reach
        self.fields["batch_size"].setEnabled(settings.mode == "minibatch")
        decays = settings.schedule != "constant"
        for widget in (self.fields["decay_rate"], self.every_label, self.fields["decay_steps"]):
            widget.setEnabled(decays)
        self.fields["init_scale"].setEnabled(settings.init != "xavier")
        for name in NOT_PERCEPTRON:
            self.fields[name].setEnabled(settings.mode != "perceptron")
        for group in self.groups:
            group.setEnabled(self.doc is not None)

    def _show_perceptron_entry(self) -> None:
        """The perceptron rule is offered only for a network it can train: otherwise its
        entry is off (Qt's keys pass over it) with the reason as its tooltip."""
        combo = self.combos["mode"]
        i = combo.findData("perceptron")
        reason = None if self.doc is None else \
            perceptron.problem(self.doc.file.network, TrainingSettings())
        combo.model().item(i).setEnabled(reason is None)
        combo.setItemData(i, MODE_TIPS["perceptron"] if reason is None else
                          guessed(reason[:1].upper() + reason[1:]),
                          Qt.ItemDataRole.ToolTipRole)  # the reason names neurons

    # ---- editing -----------------------------------------------------------------------
    def _on_committed(self, name: str, value: float) -> None:
        self._change({name: int(value) if name in COUNTS else float(value)})

    def _on_chosen(self, name: str, index: int) -> None:
        self._change({name: self.combos[name].itemData(index)})

    def _change(self, changes: dict) -> None:
        """Push one SetTraining, or refuse with the reason."""
        if self.doc is None:
            return
        settings = self.doc.file.training
        changes = {k: v for k, v in changes.items() if getattr(settings, k) != v}
        if not changes:
            self._show()
            return
        reason = settings_refusal(settings, changes) or self._perceptron_refusal(changes)
        if reason:
            self._show()
            self._on_refused(reason)
            return
        self.clear_message()
        self.doc.undo_stack.push(SetTraining(self.doc, changes))

    def _perceptron_refusal(self, changes: dict) -> str | None:
        """Why the perceptron rule cannot train the document's network with `changes`
        made (a sentence), or None; only when choosing the mode, so that a network being
        built can still be changed (training refuses it then, in the same words)."""
        if changes.get("mode") != "perceptron":
            return None
        reason = perceptron.problem(self.doc.file.network,
                                    replace(self.doc.file.training, **changes))
        return None if reason is None else reason[:1].upper() + reason[1:]

    def _on_refused(self, text: str) -> None:
        self.message.show_refusal(text)
        self.status.emit(text)

    def clear_message(self) -> None:
        self.message.clear_refusal()

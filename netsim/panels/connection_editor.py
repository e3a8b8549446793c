"""ConnectionEditor: the inspector's section for one or several selected connections.

Weight (typed: refused unless a finite number in range; or dragged on a slider, one drag
being one undo step) and trainable. With several connections the weight and trainable
fields show the common value or "mixed", and a change applies to all as one undo step.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QSlider, QWidget)

from ..document.commands import NameConnection, SetTrainable, SetWeight, SetWeights
from ..engine.text import ARROW, connection_name
from ..plaintext import mnemonic
from .edits import common, names, push_all
from .number_field import NumberField, format_number, format_range

WEIGHT_LIMIT = 1e6  # typed weights must lie in [-WEIGHT_LIMIT, WEIGHT_LIMIT]
SLIDER_RANGE = 10.0  # the slider spans [-10, 10], or [-2|w|, 2|w|] when that is wider
SLIDER_STEPS = 1000  # slider positions on each side of zero


def slider_range(weight: float) -> float:
    return max(SLIDER_RANGE, 2.0 * abs(weight))


def arrow(key: tuple[str, str]) -> str:
    return f"{key[0]} {ARROW} {key[1]}"


class ConnectionEditor(QGroupBox):
    refused = Signal(str)
    edited = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.doc = None
        self.keys: list[tuple[str, str]] = []
        self._range = SLIDER_RANGE
        self._dragging = False  # a slider drag's undo macro is open
        form = self.form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.ends_label = QLabel()
        self.ends_label.setTextFormat(Qt.TextFormat.PlainText)
        self.ends_label.setWordWrap(True)
        self.weight_field = NumberField(-WEIGHT_LIMIT, WEIGHT_LIMIT, "weight")
        self.name_field = QLineEdit()
        self.name_field.setPlaceholderText("e.g. w7")
        self.name_field.setToolTip("The weight's name, as seed 001 names them w1 \u2026 w12: "
                                   "the formulas of the Equations dock and the step-through "
                                   "use it. Empty: no name")
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(-SLIDER_STEPS, SLIDER_STEPS)
        self.slider.setPageStep(SLIDER_STEPS // 10)
        self.low_label, self.high_label = QLabel(), QLabel()
        for label in (self.low_label, self.high_label):
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        slider_row = self.slider_row = QWidget()
        row = QHBoxLayout(slider_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.low_label)
        row.addWidget(self.slider, 1)
        row.addWidget(self.high_label)
        self.trainable_box = QCheckBox("trainable")
        self.trainable_box.setToolTip("Unchecked: the weight is frozen and training leaves it alone")
        form.addRow("Between", self.ends_label)
        form.addRow("Weight", self.weight_field)
        form.addRow("Name", self.name_field)
        form.addRow("", slider_row)
        form.addRow("Training", self.trainable_box)
        self.weight_field.committed.connect(self._on_weight_committed)
        self.weight_field.refused.connect(self._on_weight_refused)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.slider.sliderReleased.connect(self.end_drag)
        self.trainable_box.clicked.connect(self._on_trainable_clicked)
        self.name_field.editingFinished.connect(self._on_name_edited)

    def __repr__(self) -> str:
        return f"ConnectionEditor({[arrow(k) for k in self.keys]})"

    # ---- showing -------------------------------------------------------------------
    def show_connections(self, doc, keys: list[tuple[str, str]]) -> None:
        """Edit the connections `keys` of `doc` (a new target: typing in progress is dropped)."""
        self.end_drag()
        self.doc, self.keys = doc, [tuple(k) for k in keys]
        self.weight_field.setModified(False)
        self.refresh()

    def refresh(self) -> None:
        """Show the document's current values, keeping text the user is still typing."""
        if self.doc is None or not self.keys:
            return
        conns = [self.doc.network.connection(*k) for k in self.keys]
        single = len(conns) == 1
        net = self.doc.network
        self.setTitle(f"Connection {mnemonic(connection_name(net, self.keys[0]))}" if single
                      else f"{len(conns)} connections")
        self.ends_label.setText(names([connection_name(net, k) for k in self.keys[:3]], 3,
                                      len(self.keys)))  # not 100,000 names for 3
        self.form.setRowVisible(self.ends_label, not single)
        self.form.setRowVisible(self.slider_row, single)  # drags set one weight
        self.form.setRowVisible(self.name_field, single)  # a name is one weight's
        if single and not self.name_field.isModified():  # (not while being typed)
            self.name_field.setText(conns[0].label or "")
        weight = common(c.weight for c in conns)
        if not self.weight_field.is_editing():
            self.weight_field.set_value(weight)
        if not self.slider.isSliderDown():  # the scale stays put under a dragging hand
            self._range = slider_range(weight if single else 0.0)
            self.low_label.setText(format_range(-self._range))
            self.high_label.setText(format_range(self._range))
        self.slider.blockSignals(True)
        self.slider.setValue(round(weight / self._range * SLIDER_STEPS) if single else 0)
        self.slider.blockSignals(False)
        trainable = common(c.trainable for c in conns)
        self.trainable_box.setTristate(trainable is None)
        self.trainable_box.setCheckState(
            Qt.CheckState.PartiallyChecked if trainable is None
            else Qt.CheckState.Checked if trainable else Qt.CheckState.Unchecked)

    # ---- editing -------------------------------------------------------------------
    def _on_weight_committed(self, value: float) -> None:
        net = self.doc.network
        keys = [k for k in self.keys if net.connection(*k).weight != value]
        if len(self.keys) == 1 and keys:
            self.doc.undo_stack.push(SetWeight(self.doc, keys[0], value))
        elif keys:
            self.doc.undo_stack.push(SetWeights(
                self.doc, {k: value for k in keys},
                f"Set {len(keys)} weights to {format_number(value)}"))
        self.refresh()
        self.edited.emit()

    def _on_name_edited(self) -> None:
        if len(self.keys) != 1 or self.doc is None:
            return
        key = self.keys[0]
        label = self.name_field.text().strip() or None
        self.name_field.setModified(False)
        if self.doc.network.has_connection(*key) and \
                label != self.doc.network.connection(*key).label:
            self.doc.undo_stack.push(NameConnection(self.doc, key, label))
            self.edited.emit()

    def _on_weight_refused(self, reason: str) -> None:
        self.refused.emit(f"Weight not changed: {reason}")

    def _on_slider_value_changed(self, position: int) -> None:
        if len(self.keys) != 1:
            return
        key = self.keys[0]
        weight = round(position / SLIDER_STEPS * self._range, 6)
        if weight == self.doc.network.connection(*key).weight:
            return
        if self.slider.isSliderDown() and not self._dragging:
            # One drag is one undo step: a macro around the merged SetWeight, so that
            # the next drag of the same weight does not merge into this one.
            self.doc.undo_stack.beginMacro(f"Drag weight {connection_name(self.doc.network, key)}")
            self._dragging = True
        self.doc.undo_stack.push(SetWeight(self.doc, key, weight, merge=True))
        self.edited.emit()

    def end_drag(self) -> None:
        """Close the undo macro of a slider drag, if one is open."""
        if self._dragging:
            self._dragging = False
            self.doc.undo_stack.endMacro()

    def _on_trainable_clicked(self) -> None:
        value = self.trainable_box.checkState() == Qt.CheckState.Checked
        net = self.doc.network
        keys = [k for k in self.keys if net.connection(*k).trainable != value]
        if keys:
            verb = "Unfreeze" if value else "Freeze"
            push_all(self.doc.undo_stack, [SetTrainable(self.doc, k, value) for k in keys],
                     f"{verb} {len(keys)} connections")
            self.edited.emit()
        self.refresh()

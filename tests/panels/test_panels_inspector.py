"""Inspector: shows the selection, edits it through undo commands, refuses nonsense."""
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionSlider

from netsim.document.commands import AddNeuron, SetTrainable, SetWeight
from netsim.engine import Neuron
from netsim.io.fileformat import dumps
from netsim.panels.inspector import HINT, Inspector
from panel_fixtures import show_panel


@pytest.fixture
def inspector(qtbot, doc):
    return show_panel(qtbot, Inspector(), doc, (300, 500))


def retype(qtbot, line_edit, text):
    """Select all, type `text` key by key, press Enter."""
    qtbot.keyClick(line_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line_edit, text)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)


def drag_slider(slider, fractions):
    """Press the slider's handle, move the mouse through `fractions` of the groove, release."""
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    handle = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                           QStyle.SubControl.SC_SliderHandle, slider)
    y = handle.center().y()

    def send(kind, x, buttons):
        button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else Qt.MouseButton.LeftButton
        local = QPointF(x, y)
        event = QMouseEvent(kind, local, QPointF(slider.mapToGlobal(QPoint(int(x), y))),
                            button, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(slider, event)

    x = handle.center().x()
    send(QEvent.Type.MouseButtonPress, x, Qt.MouseButton.LeftButton)
    for f in fractions:
        x = f * slider.width()
        send(QEvent.Type.MouseMove, x, Qt.MouseButton.LeftButton)
    send(QEvent.Type.MouseButtonRelease, x, Qt.MouseButton.NoButton)


def test_nothing_selected_shows_a_hint(inspector):
    assert inspector.hint.isVisible() and inspector.hint.text() == HINT
    assert not inspector.neuron_editor.isVisible() and not inspector.connection_editor.isVisible()


def test_a_selected_neuron_shows_its_values(inspector):
    inspector.set_selection(["h1"], [])
    editor = inspector.neuron_editor
    assert editor.isVisible() and not inspector.hint.isVisible()
    assert editor.title() == "Neuron h1" and editor.id_label.text() == "h1"
    assert editor.role_combo.currentData() == "hidden"
    assert editor.activation_combo.currentData() == "sigmoid"
    assert editor.activation_combo.isEnabled()
    assert "σ(z)" in editor.formula_label.text()
    assert editor.links_label.text() == "3 in · 1 out"


def test_input_and_bias_neurons_have_no_activation_to_edit(inspector):
    inspector.set_selection(["b"], [])
    editor = inspector.neuron_editor
    assert editor.label_edit.text() == "bias"
    assert editor.role_combo.currentData() == "bias"
    assert not editor.activation_combo.isEnabled()
    assert editor.activation_combo.currentIndex() == -1
    assert editor.activation_combo.placeholderText() == "none"


def test_a_selected_connection_shows_its_values(inspector):
    inspector.set_selection([], [("x1", "h1")])
    editor = inspector.connection_editor
    assert editor.isVisible() and editor.title() == "Connection x1 → h1"
    assert editor.weight_field.text() == "0.250000"
    assert editor.trainable_box.checkState() == Qt.CheckState.Checked
    assert editor.slider.value() == 25  # 0.25 of [-10, 10] in 1000 steps a side


def test_typing_a_weight_pushes_one_set_weight(qtbot, inspector, doc):
    inspector.set_selection([], [("x1", "h1")])
    retype(qtbot, inspector.connection_editor.weight_field, "-0.75")
    assert doc.network.connection("x1", "h1").weight == -0.75
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.text(0) == "Set weight x1 → h1 to \u22120.75"
    assert not inspector.message.isVisible()


@pytest.mark.parametrize("text, words", [
    ("abc", "is not a number"), ("nan", "not a finite number"), ("1e999", "too large"),
    ("2e6", "out of range"), ("inf", "not a finite number"),
])
def test_nonsense_weights_are_refused_with_a_message(qtbot, inspector, doc, text, words):
    before = dumps(doc.file)
    inspector.set_selection([], [("x1", "h1")])
    retype(qtbot, inspector.connection_editor.weight_field, text)
    assert dumps(doc.file) == before and doc.undo_stack.count() == 0
    assert inspector.message.isVisible() and words in inspector.message.text()
    assert inspector.statuses == [inspector.message.text()]
    assert inspector.connection_editor.weight_field.text() == "0.250000"


def test_a_slider_drag_is_one_undo_step(qtbot, inspector, doc):
    inspector.set_selection([], [("x1", "h1")])
    slider = inspector.connection_editor.slider
    values = []
    slider.valueChanged.connect(values.append)
    drag_slider(slider, [0.6, 0.7, 0.8, 0.9])
    assert len(set(values)) >= 3
    weight = doc.network.connection("x1", "h1").weight
    assert weight == pytest.approx(slider.value() / 100) and weight > 5
    assert doc.undo_stack.count() == 1 and doc.undo_stack.text(0) == "Drag weight x1 → h1"
    assert inspector.connection_editor.weight_field.text() == f"{weight:.6f}"
    drag_slider(slider, [0.3, 0.2])
    assert doc.undo_stack.count() == 2  # a second drag is its own step
    doc.undo_stack.undo()
    assert doc.network.connection("x1", "h1").weight == weight
    doc.undo_stack.undo()
    assert doc.network.connection("x1", "h1").weight == 0.25
    assert slider.value() == 25 and inspector.connection_editor.weight_field.text() == "0.250000"


def test_a_refused_role_is_refused_with_the_reason_and_the_combo_goes_back(qtbot, inspector, doc):
    before = dumps(doc.file)
    inspector.set_selection(["h1"], [])
    combo = inspector.neuron_editor.role_combo
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # hidden -> input
    assert dumps(doc.file) == before and doc.undo_stack.count() == 0
    assert combo.currentData() == "hidden"
    assert "incoming connections" in inspector.message.text()
    assert inspector.statuses and "incoming connections" in inspector.statuses[-1]


def test_an_allowed_role_change(qtbot, inspector, doc):
    inspector.set_selection(["h1"], [])
    qtbot.keyClick(inspector.neuron_editor.role_combo, Qt.Key.Key_Down)  # hidden -> output
    assert doc.network.neurons["h1"].role == "output"
    assert doc.undo_stack.text(0) == "Make h1 an output neuron"


def test_choosing_an_activation(qtbot, inspector, doc):
    inspector.set_selection(["h1"], [])
    editor = inspector.neuron_editor
    qtbot.keyClick(editor.activation_combo, Qt.Key.Key_Down)  # sigmoid -> tanh
    assert doc.network.neurons["h1"].activation == "tanh"
    assert doc.undo_stack.count() == 1 and "tanh" in editor.formula_label.text()


def test_typing_a_label(qtbot, inspector, doc):
    inspector.set_selection(["h1"], [])
    editor = inspector.neuron_editor
    qtbot.keyClicks(editor.label_edit, "OR")
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Return)
    assert doc.network.neurons["h1"].label == "OR" and editor.title() == "Neuron OR"
    doc.undo_stack.undo()
    assert doc.network.neurons["h1"].label is None
    assert editor.label_edit.text() == "" and editor.title() == "Neuron h1"


def test_several_neurons_show_mixed_and_change_together_in_one_step(qtbot, inspector, doc):
    before = dumps(doc.file)
    inspector.set_selection(["h1", "h2", "y", "x1"], [])
    editor = inspector.neuron_editor
    assert editor.title() == "4 neurons"
    assert editor.role_combo.currentIndex() == -1  # mixed
    assert editor.activation_combo.currentData() == "sigmoid"  # common to those that compute
    assert not editor.label_edit.isEnabled()
    qtbot.keyClick(editor.activation_combo, Qt.Key.Key_Down)
    net = doc.network
    assert [net.neurons[n].activation for n in ("h1", "h2", "y", "x1")] == ["tanh"] * 3 + [None]
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.text(0) == "Set the activation of 3 neurons to tanh"
    doc.undo_stack.undo()
    assert dumps(doc.file) == before
    assert editor.activation_combo.currentData() == "sigmoid"


def test_a_role_refused_for_one_of_several_neurons_changes_none(qtbot, inspector, doc):
    before = dumps(doc.file)
    inspector.set_selection(["h1", "h2"], [])
    qtbot.keyClick(inspector.neuron_editor.role_combo, Qt.Key.Key_Up)  # -> input
    assert dumps(doc.file) == before and inspector.message.isVisible()


def test_several_connections_take_one_weight_in_one_step(qtbot, inspector, doc):
    before = dumps(doc.file)
    keys = [("x1", "h1"), ("x2", "h1"), ("b", "h1")]
    inspector.set_selection([], keys)
    editor = inspector.connection_editor
    assert editor.title() == "3 connections"
    assert editor.weight_field.text() == "" and editor.weight_field.placeholderText() == "mixed"
    assert not editor.slider_row.isVisible()
    retype(qtbot, editor.weight_field, "1.5")
    assert [doc.network.connection(*k).weight for k in keys] == [1.5] * 3
    assert editor.weight_field.text() == "1.500000"
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert dumps(doc.file) == before and editor.weight_field.text() == ""


def test_several_connections_freeze_together_in_one_step(qtbot, inspector, doc):
    keys = [("x1", "h1"), ("x2", "h1")]
    doc.undo_stack.push(SetTrainable(doc, ("x1", "h1"), False))
    inspector.set_selection([], keys)
    box = inspector.connection_editor.trainable_box
    assert box.checkState() == Qt.CheckState.PartiallyChecked
    on_box = QPoint(8, box.height() // 2)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=on_box)  # mixed -> checked: unfreeze all
    assert all(doc.network.connection(*k).trainable for k in keys)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=on_box)  # checked -> unchecked: freeze
    assert not any(doc.network.connection(*k).trainable for k in keys)
    assert box.checkState() == Qt.CheckState.Unchecked
    assert doc.undo_stack.count() == 3 and doc.undo_stack.text(2) == "Freeze 2 connections"
    doc.undo_stack.undo()
    assert all(doc.network.connection(*k).trainable for k in keys)
    assert box.checkState() == Qt.CheckState.Checked


def test_the_inspector_follows_undo_and_redo(qtbot, inspector, doc):
    inspector.set_selection([], [("x1", "h1")])
    field = inspector.connection_editor.weight_field
    retype(qtbot, field, "2")
    doc.undo_stack.undo()
    assert field.text() == "0.250000"
    doc.undo_stack.redo()
    assert field.text() == "2.000000"


def test_text_being_typed_survives_changes_made_elsewhere(qtbot, inspector, doc):
    inspector.set_selection([], [("x1", "h1")])
    field = inspector.connection_editor.weight_field
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, "0.5")
    doc.undo_stack.push(SetWeight(doc, ("x2", "h1"), 3.0))  # e.g. a training step
    assert field.text() == "0.5"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert doc.network.connection("x1", "h1").weight == 0.5


def test_what_no_longer_exists_leaves_the_inspector(qtbot, inspector, doc):
    doc.undo_stack.push(AddNeuron(doc, Neuron("h3", "hidden", "relu")))
    inspector.set_selection(["h3"], [])
    assert inspector.neuron_editor.title() == "Neuron h3"
    doc.undo_stack.undo()
    assert inspector.neuron_ids == [] and inspector.hint.isVisible()


def test_a_refusal_message_goes_away_on_the_next_edit_or_selection(qtbot, inspector):
    inspector.set_selection([], [("x1", "h1")])
    field = inspector.connection_editor.weight_field
    retype(qtbot, field, "abc")
    assert inspector.message.isVisible()
    retype(qtbot, field, "1")
    assert not inspector.message.isVisible()
    retype(qtbot, field, "abc")
    inspector.set_selection(["h1"], [])
    assert not inspector.message.isVisible()


def test_no_document(qtbot, inspector):
    inspector.set_document(None)
    inspector.set_selection(["h1"], [("x1", "h1")])
    assert inspector.hint.isVisible()


def test_many_connections_are_named_by_the_first_three_and_their_count(inspector, doc):
    inspector.set_selection([], [c.key for c in doc.network.connections])
    editor = inspector.connection_editor
    assert editor.title() == "9 connections"
    assert editor.ends_label.text() == "x1 \u2192 h1, x2 \u2192 h1, bias \u2192 h1, \u2026 (9)"

"""Typing a weight or a name in place: Enter sets it, Esc cancels, nonsense is refused."""
import pytest
from PySide6.QtCore import Qt

import mouse
from editing import Bench

KEY = ("x1", "h1")


@pytest.mark.parametrize("text", ["abc", "nan", "inf", "-inf", "1e999", "", "0.5.1", "2e6", "0,5"])
def test_a_weight_that_is_not_a_finite_number_is_refused(qtbot, text):
    bench = Bench.example(qtbot)
    count = bench.stack.count()
    editor = bench.type_weight(KEY, text)
    assert bench.network.connection(*KEY).weight == 0.25  # never clamped, never changed
    assert bench.stack.count() == count
    assert bench.status.startswith("Weight of x1 \u2192 h1 not changed: ")
    assert (f"\u201c{text}\u201d" if text else "Type a number") in bench.status
    assert editor.isVisible() and editor.selectedText() == text  # to be corrected
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert bench.view.hasFocus()


@pytest.mark.parametrize("text, value", [("-0.5", -0.5), ("\u22122.25", -2.25), ("1e-3", 0.001),
                                         (" 3 ", 3.0), ("123456.5", 123456.5), ("1e6", 1e6)])
def test_typed_weights(qtbot, text, value):
    bench = Bench.example(qtbot)
    editor = bench.type_weight(KEY, text)
    assert bench.network.connection(*KEY).weight == value
    assert bench.stack.text(bench.stack.count() - 1).startswith("Set weight x1 \u2192 h1")
    assert not editor.isVisible()
    assert bench.scene.connection_items[KEY].weight == value
    bench.stack.undo()
    assert bench.network.connection(*KEY).weight == 0.25
    assert bench.scene.connection_items[KEY].label.text == "0.25"


def test_the_editor_starts_with_the_exact_weight_selected(qtbot):
    bench = Bench.example(qtbot)
    editor = bench.open_weight_editor(KEY)
    assert editor.text() == "0.25" and editor.selectedText() == "0.25"
    assert editor.hasFocus()
    label = bench.scene.connection_items[KEY].label
    assert editor.geometry().contains(bench.view.mapFromScene(label.scenePos()))


def test_escape_cancels_and_the_same_value_is_no_step(qtbot):
    bench = Bench.example(qtbot)
    count = bench.stack.count()
    editor = bench.type_weight(KEY, "7", key_press=Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert bench.network.connection(*KEY).weight == 0.25
    bench.type_weight(KEY, "0.25")
    assert bench.stack.count() == count


def test_clicking_elsewhere_commits(qtbot):
    bench = Bench.example(qtbot)
    editor = bench.open_weight_editor(KEY)
    editor.selectAll()
    qtbot.keyClicks(editor, "0.75")
    bench.view.setFocus()  # what a click on the canvas does to the focus
    assert not editor.isVisible()
    assert bench.network.connection(*KEY).weight == 0.75


def test_double_click_on_the_arrow_line_edits_it_too(qtbot):
    bench = Bench.example(qtbot)
    item = bench.scene.connection_items[("x2", "h2")]
    mouse.double_click(bench.view, item.point_at(0.8))
    assert bench.view.editor is not None and bench.view.editor.text() == "0.1"
    assert bench.scene.selection() == ([], [("x2", "h2")])


def test_rename_and_clear_the_label(qtbot):
    bench = Bench.example(qtbot)
    editor = bench.rename("h1", "OR")
    assert not editor.isVisible()
    assert bench.network.neurons["h1"].label == "OR"
    assert bench.scene.neuron_items["h1"].name == "OR"
    assert bench.stack.text(bench.stack.count() - 1) == "Rename h1 to OR"
    bench.rename("b", "")
    assert bench.network.neurons["b"].label is None
    assert bench.scene.neuron_items["b"].name == "b"
    bench.stack.undo()
    assert bench.scene.neuron_items["b"].name == "bias"


def test_rename_editor_shows_the_label_or_the_id_as_placeholder(qtbot):
    bench = Bench.example(qtbot)
    mouse.double_click(bench.view, bench.centre("b"))
    assert bench.view.editor.text() == "bias"
    qtbot.keyClick(bench.view.editor, Qt.Key.Key_Escape)
    mouse.double_click(bench.view, bench.centre("h2"))
    assert bench.view.editor.text() == "" and bench.view.editor.placeholderText() == "h2"
    count = bench.stack.count()
    qtbot.keyClick(bench.view.editor, Qt.Key.Key_Return)  # nothing typed: nothing changes
    assert bench.stack.count() == count

"""Seed 001 names its weights w1 … w12: a connection's name (its label) stands for w in
the formulas of the Equations dock and in the step-through's numbers on the canvas."""
import pytest
from PySide6.QtCore import QPointF, Qt

from editing import Bench
from netsim.app.editor_menus import build_menu
from test_app_editor_menus import actions

from netsim import paths
from netsim.canvas.value_overlay import connection_detail
from netsim.document import Document
from netsim.document.commands import NameConnection
from netsim.engine.step_values import number, short
from netsim.engine.stepper import Stepper
from netsim.engine.text import weight_symbol
from netsim.engine.trace import trace
from netsim.panels.connection_editor import ConnectionEditor
from netsim.panels.equations import EquationPanel

MINUS, DOT, DELTA = "\u2212", "\u00b7", "\u03b4"


@pytest.fixture
def panel(qtbot):
    p = EquationPanel()
    qtbot.addWidget(p)
    p.resize(420, 700)
    return p


@pytest.fixture
def seed_001(qapp):
    doc = Document.open(paths.example("two-two-two"))
    return doc, Stepper(doc.network, doc.dataset, doc.file.training.learning_rate)


def test_a_weights_symbol_is_w_or_its_name():
    assert weight_symbol(None) == weight_symbol("") == weight_symbol("  ") == "w"
    assert weight_symbol("w7") == weight_symbol(" w7\n") == "w7"
    assert weight_symbol("left  weight") == "(left weight)"


def test_the_formulas_say_w1_to_w12_as_seed_001_writes_them(panel, seed_001):
    doc, stepper = seed_001
    t = trace(doc.network, doc.dataset, 0)
    while not stepper.row_done:
        stepper.step()
    panel.set_stepper(stepper)
    panel.set_selection(["h1"], [("h1", "o1")])
    text = panel.text()
    i1, i2 = (short(v) for v in doc.dataset.x[0])
    # in_h1 = out_i1·w1 + out_i2·w3 + w5, seed 001's line, with the engine's numbers
    assert (f"neth1 = w1{DOT}xi1 + w3{DOT}xi2 + w5 = 0.15{DOT}{i1} + 0.2{DOT}{i2} + "
            f"0.35{DOT}1 = {number(t.neurons['h1'].net)}") in text
    d1, d2 = (number(t.neurons[o].delta) for o in ("o1", "o2"))
    d1, d2 = (f"({d})" if d.startswith(MINUS) else d for d in (d1, d2))
    assert f"(w7{DOT}{DELTA}o1 + w8{DOT}{DELTA}o2) = " in text
    assert f"(0.4{DOT}{d1} + 0.5{DOT}{d2})" in text
    assert "w7 = 0.4" in text
    assert f"\u2202J/\u2202w7 = {MINUS}{DELTA}o1{DOT}x = " in text
    gradient = -t.neurons["o1"].delta * t.neurons["h1"].output
    assert f" = {number(gradient)}\n" in text
    assert f"\u0394w7 = {MINUS}\u03b1{DOT}\u2202J/\u2202w7 = \u03b1{DOT}{DELTA}o1{DOT}x = " in text
    assert "new w7 = w7 + \u0394w7 = 0.4 + " in text
    assert "\u2202J/\u2202w " not in text and "new w " not in text


def test_without_names_the_formulas_keep_w_and_the_sum_sign(panel, qapp):
    doc = Document.open(paths.example("xor-worked-example"))
    stepper = Stepper(doc.network, doc.dataset, 0.5)
    while not stepper.row_done:
        stepper.step()
    panel.set_stepper(stepper)
    panel.set_selection(["h1"], [("h1", "y")])
    text = panel.text()
    assert f"neth1 = \u03a3 w{DOT}x = " in text and "new w = w + \u0394w = " in text


def test_the_step_through_on_the_canvas_names_the_weight(seed_001):
    doc, stepper = seed_001
    while stepper.connection(("h1", "o1")).gradient is None:
        stepper.step()
    text, _ = connection_detail(stepper, ("h1", "o1"))
    assert text == f"\u2202J/\u2202w7 {number(stepper.connection(('h1', 'o1')).gradient)}"


def test_naming_in_the_connection_editor_is_one_undo_step(qtbot, seed_001):
    doc, _ = seed_001
    editor = ConnectionEditor()
    qtbot.addWidget(editor)
    editor.show_connections(doc, [("h1", "o1")])
    assert editor.name_field.text() == "w7"
    editor.name_field.clear()
    qtbot.keyClicks(editor.name_field, "  w_seven ")
    qtbot.keyClick(editor.name_field, Qt.Key.Key_Return)
    assert doc.network.connection("h1", "o1").label == "w_seven"
    assert doc.undo_stack.text(doc.undo_stack.count() - 1) == "Name h1 \u2192 o1 w_seven"
    editor.name_field.clear()
    qtbot.keyClick(editor.name_field, Qt.Key.Key_Return)  # empty: no name
    assert doc.network.connection("h1", "o1").label is None
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.network.connection("h1", "o1").label == "w7"
    editor.refresh()  # as the Inspector does after every change
    assert editor.name_field.text() == "w7"
    editor.show_connections(doc, [("h1", "o1"), ("h2", "o1")])
    assert not editor.name_field.isVisibleTo(editor)  # a name is one weight's


def test_a_name_given_while_stepping_reaches_the_formulas_without_stopping(qtbot, make_window):
    window = make_window()
    window.open_example(paths.example("two-two-two"))
    window.stepping.step()
    window.stepping.step()
    stepper = window.stepping.stepper
    assert stepper is not None
    window.scene.select([], [("h1", "o1")])
    doc = window.document
    doc.undo_stack.push(NameConnection(doc, ("h1", "o1"), "v"))
    assert window.stepping.stepper is stepper  # still stepping, where it was
    qtbot.waitUntil(lambda: "v = 0.4" in window.equations.text())
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: "w7 = 0.4" in window.equations.text())


def test_the_connections_menu_names_it_in_place(qtbot):
    bench = Bench.example(qtbot)  # the XOR worked example: no names
    key = ("h1", "y")
    actions(build_menu(bench.editor, "connection", key, QPointF()))["Name\u2026"].trigger()
    editor = bench.view.editor
    assert editor is not None and editor.text() == ""
    assert editor.placeholderText() == "name, e.g. w7"
    qtbot.keyClicks(editor, "w5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert bench.network.connection(*key).label == "w5"
    assert bench.scene.connection_items[key].label.text.startswith("w5 = ")
    assert bench.stack.text(bench.stack.count() - 1) == "Name h1 \u2192 y w5"
    bench.stack.undo()
    assert bench.network.connection(*key).label is None

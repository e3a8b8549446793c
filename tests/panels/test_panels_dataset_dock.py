"""Dataset dock: the table follows the document; every edit is one SetDataset undo step;
nonsense is refused with a message and changes nothing."""
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from netsim import paths
from netsim.document import Document
from netsim.document.commands import AddNeuron, Delete, SetNeuron
from netsim.document.dataset_commands import SetDataset
from netsim.engine import Neuron
from netsim.engine.datasets import fit_to, generate, truth_table
from netsim.panels.dataset_dialogs import GenerateDialog
from netsim.panels.dataset_dock import DatasetDock
from panel_fixtures import show_panel

XOR_ROWS = [[1, 0, 1], [0, 0, 0], [0, 1, 1], [1, 1, 0]]


def make_dock(qtbot, doc):
    dock = DatasetDock()
    return show_panel(qtbot, dock, doc)


@pytest.fixture
def dock(qtbot, doc):
    return make_dock(qtbot, doc)


def headers(dock):
    model = dock.model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def cells(dock):
    model = dock.model
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def type_into_cell(qtbot, dock, row, column, text):
    """Select the cell, type over it key by key as a person would, press Enter."""
    table = dock.table
    index = dock.model.index(row, column)
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)  # start editing
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The delegate commits and closes the editor from a queued call, and the dock pushes
    # the command from another (so that the table never resets under an open editor).
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)
    QApplication.processEvents()


def test_the_table_shows_inputs_then_targets_with_neuron_names(dock):
    assert headers(dock) == ["x1\ninput", "x2\ninput", "y\ntarget"]
    assert cells(dock) == [["1", "0", "1"], ["0", "0", "0"], ["0", "1", "1"], ["1", "1", "0"]]
    assert dock.pages.currentIndex() == 1 and not dock.problem.isVisible()


def test_typing_a_number_is_one_undo_step(qtbot, dock, doc):
    type_into_cell(qtbot, dock, 2, 0, "0.5")
    assert doc.dataset.rows[2, 0] == 0.5
    assert doc.undo_stack.count() == 1 and doc.undo_stack.text(0) == "Edit row 2, x1 = 0.5"
    assert dock.model.index(2, 0).data() == "0.5"
    type_into_cell(qtbot, dock, 3, 2, "-1.25")
    assert doc.dataset.rows[3, 2] == -1.25 and doc.undo_stack.text(1) == "Edit row 3, y = \u22121.25"
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    np.testing.assert_array_equal(doc.dataset.rows, XOR_ROWS)
    assert cells(dock)[2] == ["0", "1", "1"]


def test_a_real_minus_sign_is_a_minus(qtbot, dock, doc):
    assert dock.model.setData(dock.model.index(0, 1), "\u22120.5")
    qtbot.waitUntil(lambda: doc.undo_stack.count() == 1)
    assert doc.dataset.rows[0, 1] == -0.5 and dock.model.index(0, 1).data() == "\u22120.5"


@pytest.mark.parametrize("text, words", [
    ("abc", "\u201cabc\u201d is not a number"), ("nan", "not a finite number"),
    ("inf", "not a finite number"), ("1e999", "too large"), ("", "Type a number"),
    ("0,5", "use a dot for decimals"),
])
def test_a_typed_value_that_is_not_a_finite_number_is_refused(qtbot, dock, doc, text, words):
    type_into_cell(qtbot, dock, 1, 1, text)
    np.testing.assert_array_equal(doc.dataset.rows, XOR_ROWS)
    assert doc.undo_stack.count() == 0
    assert dock.message.isVisible() and words in dock.message.text()
    assert dock.message.text().startswith("Row 1, x2: ")  # as the row header says
    assert dock.model.headerData(1, Qt.Orientation.Vertical) == "1"
    assert dock.statuses == [dock.message.text()]
    assert dock.model.index(1, 1).data() == "0"


def test_a_good_edit_clears_the_refusal(qtbot, dock, doc):
    type_into_cell(qtbot, dock, 0, 0, "abc")
    assert dock.message.isVisible()
    type_into_cell(qtbot, dock, 0, 0, "2")
    assert not dock.message.isVisible() and doc.dataset.rows[0, 0] == 2


def test_add_row_and_remove_rows(qtbot, dock, doc):
    assert not dock.remove_button.isEnabled()
    qtbot.mouseClick(dock.add_button, Qt.MouseButton.LeftButton)
    assert len(doc.dataset) == 5 and doc.undo_stack.text(0) == "Add 1 row"
    np.testing.assert_array_equal(doc.dataset.rows[4], [0, 0, 0])
    assert dock.table.selected_rows() == [4] and dock.remove_button.isEnabled()
    # select cells in rows 2 and 4 (1-based) and remove those rows
    selection = dock.table.selectionModel()
    dock.table.clearSelection()
    for row in (1, 3):
        selection.select(dock.model.index(row, 1), selection.SelectionFlag.Select)
    qtbot.mouseClick(dock.remove_button, Qt.MouseButton.LeftButton)
    assert doc.undo_stack.text(1) == "Remove 2 rows"
    np.testing.assert_array_equal(doc.dataset.rows, [XOR_ROWS[0], XOR_ROWS[2], [0, 0, 0]])
    doc.undo_stack.undo()
    np.testing.assert_array_equal(doc.dataset.rows, XOR_ROWS + [[0, 0, 0]])
    doc.undo_stack.undo()
    np.testing.assert_array_equal(doc.dataset.rows, XOR_ROWS)
    assert dock.model.rowCount() == 4


@pytest.mark.parametrize("name", ["AND", "OR", "NAND", "XOR"])
def test_built_in_truth_tables_load_and_undo_restores(dock, doc, name):
    doc.undo_stack.push(SetDataset(doc, fit_to(doc.network, generate("spiral", 9)), "before"))
    before = doc.dataset.rows.copy()
    assert dock.builtin_button.isEnabled()
    dock.builtin_actions[name].trigger()
    np.testing.assert_array_equal(doc.dataset.rows, truth_table(name))
    assert doc.dataset.inputs == ["x1", "x2"] and doc.dataset.targets == ["y"]
    assert doc.undo_stack.text(1) == f"Load {name} truth table"
    assert dock.model.rowCount() == 4
    assert dock.statuses == [f"Loaded the {name} truth table onto x1, x2 \u2192 y"]
    doc.undo_stack.undo()
    np.testing.assert_array_equal(doc.dataset.rows, before)
    assert dock.model.rowCount() == 9


def test_the_menu_lists_the_built_in_data(dock):
    menu = dock.builtin_button.menu()
    texts = [a.text() for a in menu.actions()]
    assert texts == ["AND truth table", "OR truth table", "NAND truth table", "XOR truth table",
                     "NOT (one input)", "Parity", "Function to Fit", "", "Iris", "Digits 8x8"]
    parity, fits = menu.actions()[5].menu(), menu.actions()[6].menu()
    assert [a.text() for a in parity.actions()][:2] == ["2 bits (4 rows)", "3 bits (8 rows)"]
    assert [a.text() for a in parity.actions()][-1] == "10 bits (1,024 rows)"
    assert [a.text() for a in fits.actions()] == [
        "sin x", "x\u00b2", "|x|", "step (0 below x = 0, 1 from it)"]


def test_truth_tables_and_generators_need_two_inputs_and_an_output(qtbot):
    doc = Document.open(paths.example("seed-002-network"))  # one input
    dock = make_dock(qtbot, doc)
    assert dock.builtin_button.isEnabled()  # NOT and the functions take one input
    assert not dock.generate_button.isEnabled()
    assert "two input neurons" in dock.generate_button.toolTip()
    dock.load_truth_table("XOR")  # asked anyway (e.g. by a menu elsewhere): refused
    assert "at least two input neurons" in dock.message.text()
    assert doc.undo_stack.count() == 0


def test_generate_asks_for_settings_and_loads_points(qtbot, dock, doc):
    dock.ask_generate = lambda: ("moons", 50, 0.2, 7)
    qtbot.mouseClick(dock.generate_button, Qt.MouseButton.LeftButton)
    expected = fit_to(doc.network, generate("moons", 50, 0.2, 7))
    np.testing.assert_array_equal(doc.dataset.rows, expected.rows)
    assert doc.undo_stack.text(0) == "Generate 50 points (moons)"
    assert dock.model.rowCount() == 50
    doc.undo_stack.undo()
    np.testing.assert_array_equal(doc.dataset.rows, XOR_ROWS)


def test_generate_cancelled_changes_nothing(qtbot, dock, doc):
    dock.ask_generate = lambda: None
    qtbot.mouseClick(dock.generate_button, Qt.MouseButton.LeftButton)
    assert doc.undo_stack.count() == 0


@pytest.mark.parametrize("kind", ["blobs", "circle", "spiral"])
def test_every_generator_loads(dock, doc, kind):
    dock.generate(kind, 30, 0.05, 1)
    np.testing.assert_array_equal(doc.dataset.rows[:, :3],
                                  fit_to(doc.network, generate(kind, 30, 0.05, 1)).rows)
    assert doc.undo_stack.text(0) == f"Generate 30 points ({kind})"


def test_the_generate_dialog_reports_its_fields(qtbot):
    dialog = GenerateDialog("x1, x2 \u2192 y")
    qtbot.addWidget(dialog)
    assert dialog.values() == ("blobs", 200, 0.1, 0)
    dialog.kind_combo.setCurrentIndex(3)
    dialog.points_spin.setValue(80)
    dialog.noise_spin.setValue(0.25)
    dialog.seed_spin.setValue(42)
    assert dialog.values() == ("spiral", 80, 0.25, 42)


def test_a_network_without_a_dataset_offers_to_create_one(qtbot, dock, doc):
    doc.undo_stack.push(SetDataset(doc, None, "Remove the dataset"))
    assert dock.pages.currentIndex() == 0 and dock.create_button.isVisible()
    assert "no dataset yet" in dock.hint.text() and "(x1, x2 \u2192 y)" in dock.hint.text()
    assert not dock.add_button.isEnabled() and not dock.export_button.isEnabled()
    qtbot.mouseClick(dock.create_button, Qt.MouseButton.LeftButton)
    assert doc.dataset.inputs == ["x1", "x2"] and doc.dataset.targets == ["y"]
    np.testing.assert_array_equal(doc.dataset.rows, [[0, 0, 0]])
    assert doc.undo_stack.text(1) == "Create a dataset"
    assert dock.pages.currentIndex() == 1 and headers(dock) == ["x1\ninput", "x2\ninput",
                                                                "y\ntarget"]
    doc.undo_stack.undo()
    assert doc.dataset is None and dock.pages.currentIndex() == 0


def test_an_empty_network_cannot_have_a_dataset_yet(qtbot):
    dock = make_dock(qtbot, Document())
    assert dock.pages.currentIndex() == 0 and not dock.create_button.isEnabled()
    assert "Add input and output neurons" in dock.hint.text()


def test_columns_follow_neurons_added_renamed_and_deleted(qtbot, dock, doc):
    doc.undo_stack.push(AddNeuron(doc, Neuron("x3", "input")))
    assert headers(dock) == ["x1\ninput", "x2\ninput", "x3\nno column", "y\ntarget"]
    assert dock.model.index(0, 2).data() == ""
    assert dock.problem.isVisible() and "input neuron x3 has no column" in dock.problem.text()
    assert dock.fix_button.isVisible()
    qtbot.mouseClick(dock.fix_button, Qt.MouseButton.LeftButton)
    assert doc.dataset.inputs == ["x1", "x2", "x3"]
    np.testing.assert_array_equal(doc.dataset.rows[:, 2], 0)
    assert doc.undo_stack.text(1) == "Add a column for x3"
    assert headers(dock)[2] == "x3\ninput" and not dock.problem.isVisible()
    doc.undo_stack.push(SetNeuron(doc, "x3", "label", "size"))
    assert headers(dock)[2] == "size\ninput"
    doc.undo_stack.push(Delete(doc, ["x2"]))
    assert headers(dock) == ["x1\ninput", "size\ninput", "y\ntarget"]
    np.testing.assert_array_equal(doc.dataset.rows[:, 0], [1, 0, 0, 1])
    doc.undo_stack.undo()
    assert headers(dock) == ["x1\ninput", "x2\ninput", "size\ninput", "y\ntarget"]


def test_typing_into_a_missing_column_adds_it(qtbot, dock, doc):
    doc.undo_stack.push(AddNeuron(doc, Neuron("z", "output")))
    assert headers(dock)[-1] == "z\nno column"
    assert not dock.problem.isVisible()  # an output without a target column is allowed
    type_into_cell(qtbot, dock, 1, 3, "1")
    assert doc.dataset.targets == ["y", "z"]
    np.testing.assert_array_equal(doc.dataset.rows[:, 3], [0, 1, 0, 0])
    assert doc.undo_stack.text(1) == "Edit row 1, z = 1" and headers(dock)[-1] == "z\ntarget"


def test_undo_of_an_edit_elsewhere_shows_at_once(dock, doc):
    doc.undo_stack.push(SetDataset(doc, fit_to(doc.network, truth_table("AND")), "x"))
    assert cells(dock)[3] == ["1", "1", "1"]
    doc.undo_stack.undo()
    assert cells(dock)[3] == ["1", "1", "0"]


def test_a_new_document_replaces_the_old_one(qtbot, dock, doc):
    other = Document.open(paths.example("two-two-two"))
    dock.set_document(other)
    assert headers(dock) == ["i1\ninput", "i2\ninput", "o1\ntarget", "o2\ntarget"]
    doc.undo_stack.push(SetDataset(doc, None, "x"))  # the old document no longer shows
    assert dock.pages.currentIndex() == 1
    dock.set_document(None)
    assert dock.pages.currentIndex() == 0 and dock.hint.text() == "No network is open."

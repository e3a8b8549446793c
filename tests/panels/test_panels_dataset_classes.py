"""Dataset dock: a CSV file with a class column becomes one-hot targets; a softmax group
is offered when the network has no output per class, and made with the dataset as one
undo step; input scaling from the import dialog and from the dock."""
import numpy as np
import pytest
from PySide6.QtCore import Qt

from netsim import paths
from netsim.document import Document
from netsim.engine.scaling import fit_scaling
from netsim.io.shipped import shipped
from netsim.panels.dataset_dialogs import CsvImportDialog
from netsim.panels.dataset_dock import DatasetDock
from panel_fixtures import show_panel

FLOWERS = "x1,x2,kind\n1,2,rose\n3,4,tulip\n5,6,rose\n7,8,iris\n"


@pytest.fixture
def doc(qapp):
    return Document.open(paths.example("xor-worked-example"))  # x1, x2, b, h1, h2 -> y


@pytest.fixture
def dock(qtbot, doc):
    dock = show_panel(qtbot, DatasetDock(), doc)
    dock.asked = []
    return dock


def answer(dock, path, group=True, scaling_index=0, column=True):
    """Choose `path`; answer the questions; in the preview pick a scaling and import."""
    dock.ask_import_path = lambda: str(path)
    dock.ask_softmax_group = lambda classes, outputs: dock.asked.append(
        ("group", classes, outputs)) or group
    dock.ask_class_column = lambda name: dock.asked.append(("column", name)) or column

    def confirm(dialog):
        assert isinstance(dialog, CsvImportDialog)
        dock.summary = dialog.summary.text()
        dock.preview_headers = [dialog.header(c) for c in range(dialog.table.columnCount())]
        dialog.scaling_combo.setCurrentIndex(scaling_index)
        return True
    dock.confirm_import = confirm


def click_import(qtbot, dock):
    qtbot.mouseClick(dock.import_button, Qt.MouseButton.LeftButton)


def test_a_class_column_makes_a_softmax_group_and_the_dataset_in_one_undo_step(
        qtbot, tmp_path, dock, doc):
    path = tmp_path / "flowers.csv"
    path.write_text(FLOWERS)
    before = doc.network.copy()
    answer(dock, path, scaling_index=2)  # min-max
    click_import(qtbot, dock)
    assert dock.asked == [("group", ["iris", "rose", "tulip"], 1)]
    assert dock.summary == (
        "4 rows: inputs x1, x2 \u2192 targets iris, rose, tulip. 3 classes from the class "
        "column, one target each: 1 in the row's class, 0 in the others. Creates a softmax "
        "group of 3 output neurons, one per class, in place of y. Replaces the current "
        "dataset (4 rows).")
    assert dock.preview_headers[2:] == ["iris\ntarget", "rose\ntarget", "tulip\ntarget"]
    net = doc.network
    outputs = net.ids("output")
    assert outputs == ["o1", "o2", "o3"] and "y" not in net.neurons
    assert [net.neurons[o].label for o in outputs] == ["iris", "rose", "tulip"]
    assert {net.neurons[o].activation for o in outputs} == {"softmax"}
    for o in outputs:  # fed as y was: from h1, h2 and the bias
        assert sorted(c.source for c in net.incoming(o)) == ["b", "h1", "h2"]
    data = doc.dataset
    assert data.targets == outputs
    np.testing.assert_array_equal(data.rows, [[1, 2, 0, 1, 0], [3, 4, 0, 0, 1],
                                              [5, 6, 0, 1, 0], [7, 8, 1, 0, 0]])
    assert data.scaling.method == "minmax"
    np.testing.assert_array_equal(data.x, [[0, 0], [1 / 3, 1 / 3], [2 / 3, 2 / 3], [1, 1]])
    assert doc.undo_stack.count() == 1 and doc.undo_stack.text(0) == "Import flowers.csv"
    doc.undo_stack.undo()
    assert net.ids("output") == ["y"] and doc.network.neurons.keys() == before.neurons.keys()
    assert sorted(c.key for c in doc.network.connections) == \
        sorted(c.key for c in before.connections)
    np.testing.assert_array_equal(doc.dataset.rows, [[1, 0, 1], [0, 0, 0], [0, 1, 1], [1, 1, 0]])


def test_declining_the_group_refuses_in_one_line_and_changes_nothing(qtbot, tmp_path, dock, doc):
    path = tmp_path / "flowers.csv"
    path.write_text(FLOWERS)
    answer(dock, path, group=False)
    click_import(qtbot, dock)
    assert dock.message.text() == ("Cannot import flowers.csv: 3 classes need 3 output "
                                   "neurons, one per class; the network has 1")
    assert doc.undo_stack.count() == 0 and doc.network.ids("output") == ["y"]


def test_a_column_of_numbers_is_read_as_classes_when_marked(qtbot, tmp_path, dock, doc):
    path = tmp_path / "digits.csv"
    path.write_text("x1,x2,digit\n1,2,10\n3,4,2\n5,6,2\n")
    answer(dock, path)
    click_import(qtbot, dock)
    assert dock.asked == [("column", "digit"), ("group", ["2", "10"], 1)]
    np.testing.assert_array_equal(doc.dataset.y, [[0, 1], [1, 0], [1, 0]])
    assert [doc.network.neurons[o].label for o in doc.network.ids("output")] == ["2", "10"]


def test_not_marking_the_column_keeps_the_loader_message(qtbot, tmp_path, dock, doc):
    path = tmp_path / "digits.csv"
    path.write_text("x1,x2,digit\n1,2,10\n3,4,2\n")
    answer(dock, path, column=False)
    click_import(qtbot, dock)
    assert dock.message.text() == ("Cannot import digits.csv: line 1: column 'digit' names "
                                   "no neuron of the network")
    assert doc.undo_stack.count() == 0


@pytest.mark.parametrize("text, message", [
    ("x1,x2,kind\n1,2,rose\n3,4,\n", "line 3: the class (column 'kind') is empty"),
    ("x1,x2,kind\n1,2,rose\n3,4,rose\n",
     "the class column 'kind' holds only one class ('rose'); a classifier needs two or more"),
    ("x1,x2,kind\n" + "".join(f"1,2,n{k}\n" for k in range(10_000)),
     "the class column 'kind' holds 10,000 different names; netsim takes at most 100 classes"),
    ("x1,x2,kind\n1,2,rose\n3,x,tulip\n", "line 3: cell 2 is 'x', not a number"),
])
def test_bad_class_files_are_refused_in_one_line(qtbot, tmp_path, dock, doc, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    answer(dock, path)
    click_import(qtbot, dock)
    assert dock.message.text() == f"Cannot import bad.csv: {message}"
    assert doc.undo_stack.count() == 0 and dock.asked == []


def test_the_shipped_iris_file_imports_onto_the_iris_example_by_label(qtbot, dock):
    doc = Document.open(paths.example("iris-softmax"))
    dock.set_document(doc)
    answer(dock, paths.resources_dir() / "data" / "iris.csv", scaling_index=1)
    click_import(qtbot, dock)
    assert dock.asked == []  # the outputs are labelled with the species: no question
    iris = shipped("iris")
    np.testing.assert_array_equal(doc.dataset.raw_x, iris.x)
    np.testing.assert_array_equal(doc.dataset.y, iris.one_hot()[1])
    assert doc.dataset.scaling == fit_scaling(iris.x, "standardise")


def test_the_dock_scales_and_unscales_the_inputs_as_undo_steps(qtbot, dock, doc):
    assert dock.scaling_button.text() == "Scaling: None"
    assert not dock.scaling_actions[None].isEnabled()
    dock.scaling_actions["standardise"].trigger()
    assert doc.undo_stack.text(0) == "Standardise the inputs"
    np.testing.assert_array_equal(doc.dataset.x, [[1, -1], [-1, -1], [-1, 1], [1, 1]])
    assert dock.scaling_button.text() == "Scaling: Standardised"
    assert dock.model.index(0, 1).data() == "0"  # the table shows the raw value
    dock.scaling_actions[None].trigger()
    assert doc.dataset.scaling is None and doc.undo_stack.text(1) == "Remove the input scaling"
    assert dock.scaling_button.text() == "Scaling: None"
    doc.undo_stack.undo()
    assert doc.dataset.scaling.method == "standardise"
    doc.undo_stack.undo()
    assert doc.dataset.scaling is None

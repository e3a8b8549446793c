"""The Built-in menu's NOT, parity, functions to fit, iris and digits: each loads as one
undo step when its shape fits the network, and is refused in one line when it does not."""
import numpy as np
import pytest

from netsim.document import Document
from netsim.engine import Network
from netsim.engine.datasets import function_points, parity
from netsim.io.fileformat import NetworkFile
from netsim.io.shipped import shipped
from netsim.panels.dataset_dock import DatasetDock
from panel_fixtures import show_panel


def layered(inputs: int, outputs: int) -> Document:
    net = Network()
    for k in range(inputs):
        net.add_neuron(f"x{k + 1}", "input")
    for k in range(outputs):
        net.add_neuron(f"o{k + 1}", "output", activation="sigmoid")
        for i in range(inputs):
            net.connect(f"x{i + 1}", f"o{k + 1}", 0.1)
    return Document(NetworkFile(net))


def dock_on(qtbot, doc) -> DatasetDock:
    return show_panel(qtbot, DatasetDock(), doc)


def test_parity_loads_every_row_as_one_undo_step(qtbot):
    doc = layered(3, 1)
    dock = dock_on(qtbot, doc)
    dock.builtin_actions["parity 3"].trigger()
    x, y = parity(3)
    np.testing.assert_array_equal(doc.dataset.rows, np.column_stack([x, y]))
    assert doc.dataset.inputs == ["x1", "x2", "x3"] and doc.dataset.targets == ["o1"]
    assert doc.undo_stack.text(0) == "Load 3-bit parity"
    assert dock.statuses == ["Loaded 3-bit parity: 8 rows onto x1, x2, x3 \u2192 o1"]
    assert dock.model.rowCount() == 8
    doc.undo_stack.undo()
    assert doc.dataset is None


def test_a_shape_that_does_not_fit_is_refused_in_one_line(qtbot):
    doc = layered(2, 1)
    dock = dock_on(qtbot, doc)
    dock.builtin_actions["parity 4"].trigger()
    assert dock.message.text() == ("Cannot load 4-bit parity: it has 4 inputs and 1 target; "
                                   "the network has 2 input neurons and 1 output neuron")
    dock.builtin_actions["iris"].trigger()
    assert dock.message.text() == ("Cannot load Iris, 3 classes: it has 4 inputs and 3 "
                                   "targets; the network has 2 input neurons and 1 output "
                                   "neuron")
    assert doc.undo_stack.count() == 0 and doc.dataset is None


def test_not_and_functions_go_onto_one_input(qtbot):
    doc = layered(1, 1)
    dock = dock_on(qtbot, doc)
    dock.builtin_actions["NOT"].trigger()
    np.testing.assert_array_equal(doc.dataset.rows, [[0, 1], [1, 0]])
    dock.builtin_actions["sin"].trigger()
    x, y = function_points("sin", 50)
    np.testing.assert_array_equal(doc.dataset.rows, np.column_stack([x, y]))
    assert doc.undo_stack.text(1) == "Load sin x"
    assert dock.statuses[-1] == ("Loaded sin x from \u22123.14 to 3.14: 50 rows onto x1 "
                                 "\u2192 o1")
    dock.builtin_actions["step"].trigger()
    assert doc.undo_stack.text(2) == "Load step"
    np.testing.assert_array_equal(doc.dataset.y[:, 0], (np.linspace(-1, 1, 50) >= 0) * 1.0)


@pytest.mark.parametrize("key, inputs, classes, image", [
    ("iris", 4, 3, None), ("digits", 64, 10, (8, 8))])
def test_shipped_data_load_as_one_hot_targets(qtbot, key, inputs, classes, image):
    doc = layered(inputs, classes)
    dock = dock_on(qtbot, doc)
    dock.builtin_actions[key].trigger()
    data = shipped(key)
    np.testing.assert_array_equal(doc.dataset.x, data.x)
    np.testing.assert_array_equal(doc.dataset.y, data.one_hot()[1])
    assert doc.dataset.image == image
    assert doc.dataset.targets == [f"o{k + 1}" for k in range(classes)]
    assert dock.model.rowCount() == len(data.labels)

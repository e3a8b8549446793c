"""The inspector's activation choice and the softmax group: offered only where the engine
can compute it, the engine's reason on the disabled entry, the output layer changed as
one undo step, and the role of a softmax output refused with the engine's sentence."""
import copy

import pytest
import three_classes
from PySide6.QtCore import Qt

from netsim.document import Document
from netsim.engine.network import NetworkError
from netsim.io.fileformat import dumps
from netsim.panels.activation_icons import activation_tip
from netsim.panels.activation_rules import LONE
from netsim.panels.inspector import Inspector
from panel_fixtures import show_panel


def entry(combo, name):
    i = combo.findData(name)
    return combo.model().item(i).isEnabled(), combo.itemData(i, Qt.ItemDataRole.ToolTipRole)


def engine_reason(network, call, *args):
    with pytest.raises(NetworkError) as refused:
        getattr(network.copy(), call)(*args)
    return str(refused.value)


@pytest.fixture
def sigmoid_doc(qapp):
    return Document(three_classes.network_file("sigmoid"))


@pytest.fixture
def softmax_doc(qapp):
    return Document(three_classes.network_file())


def test_softmax_is_disabled_on_a_hidden_neuron_with_the_engines_reason(qtbot, softmax_doc):
    inspector = show_panel(qtbot, Inspector(), softmax_doc, (300, 500))
    inspector.set_selection(["h1"], [])
    combo = inspector.neuron_editor.activation_combo
    assert entry(combo, "softmax") == (
        False, engine_reason(softmax_doc.network, "set_activation", "h1", "softmax"))
    assert entry(combo, "tanh") == (True, "tanh(z)")
    before = dumps(softmax_doc.file)
    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last entry, softmax, is passed over
    assert combo.currentData() == "sign" and softmax_doc.network.neurons["h1"].activation == "sign"
    softmax_doc.undo_stack.undo()
    assert dumps(softmax_doc.file) == before


def test_a_softmax_entry_reached_anyway_is_refused_in_one_line(qtbot, softmax_doc):
    """Qt's keys pass over a disabled entry; were it chosen all the same (a stale list),
    the editor refuses it with the engine's words and changes nothing."""
    inspector = show_panel(qtbot, Inspector(), softmax_doc, (300, 500))
    inspector.set_selection(["h2"], [])
    before = dumps(softmax_doc.file)
    combo = inspector.neuron_editor.activation_combo
    combo.activated.emit(combo.findData("softmax"))
    reason = engine_reason(softmax_doc.network, "set_activation", "h2", "softmax")
    assert inspector.message.text() == f"Activation not changed: {reason}"
    assert inspector.statuses == [inspector.message.text()]
    assert dumps(softmax_doc.file) == before and softmax_doc.undo_stack.count() == 0
    assert combo.currentData() == "tanh"


def test_softmax_for_one_output_sets_the_output_layer_in_one_step(qtbot, sigmoid_doc):
    inspector = show_panel(qtbot, Inspector(), sigmoid_doc, (300, 500))
    before = dumps(sigmoid_doc.file)
    inspector.set_selection(["y2"], [])
    combo = inspector.neuron_editor.activation_combo
    assert entry(combo, "softmax") == (True, activation_tip("softmax"))
    qtbot.keyClick(combo, Qt.Key.Key_End)  # sigmoid -> softmax, by key
    net = sigmoid_doc.network
    assert [net.neurons[y].activation for y in ("y1", "y2", "y3")] == ["softmax"] * 3
    assert sigmoid_doc.undo_stack.count() == 1
    assert sigmoid_doc.undo_stack.text(0) == "Set the activation of 3 neurons to softmax"
    assert inspector.statuses == [
        "Set the activation of 3 neurons to softmax; also setosa, virginica: the outputs "
        "form one softmax group (a group of one output is always 1)"]
    assert combo.currentData() == "softmax"
    assert "\u03a3_j e^(net_j)" in inspector.neuron_editor.formula_label.text()
    sigmoid_doc.undo_stack.undo()
    assert dumps(sigmoid_doc.file) == before


def test_taking_one_of_two_out_of_the_group_takes_both(qtbot, softmax_doc):
    doc = softmax_doc
    doc.set_neuron("y3", "activation", "sigmoid")  # a group of two: setosa, versicolor
    inspector = show_panel(qtbot, Inspector(), doc, (300, 500))
    inspector.set_selection(["y1"], [])
    qtbot.keyClick(inspector.neuron_editor.activation_combo, Qt.Key.Key_Home)  # -> identity
    net = doc.network
    assert [net.neurons[y].activation for y in ("y1", "y2", "y3")] == \
        ["identity", "identity", "sigmoid"]
    assert inspector.statuses == [
        "Set the activation of 2 neurons to identity; also versicolor, which alone would be a "
        "softmax group of one output (always 1)"]
    doc.undo_stack.undo()
    assert [net.neurons[y].activation for y in ("y1", "y2", "y3")] == \
        ["softmax", "softmax", "sigmoid"]


def test_a_lone_output_is_not_offered_softmax(qtbot, doc):
    """XOR has one output: softmax over it would always be 1."""
    inspector = show_panel(qtbot, Inspector(), doc, (300, 500))
    inspector.set_selection(["y"], [])
    assert entry(inspector.neuron_editor.activation_combo, "softmax") == (
        False, LONE.format(name="y"))


def test_a_softmax_outputs_role_change_is_refused_with_the_engines_sentence(qtbot, softmax_doc):
    inspector = show_panel(qtbot, Inspector(), softmax_doc, (300, 500))
    before = dumps(softmax_doc.file)
    inspector.set_selection(["y1"], [])
    combo = inspector.neuron_editor.role_combo
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # output -> hidden
    reason = engine_reason(softmax_doc.network, "set_role", "y1", "hidden")
    assert inspector.message.text() == f"Role not changed: {reason}"
    assert reason == ("setosa is a softmax output: softmax is for output neurons only "
                      "(setosa would compute it over the whole output group); change its activation first")
    assert combo.currentData() == "output" and dumps(softmax_doc.file) == before


def test_an_output_that_feeds_another_neuron_is_not_offered_softmax(qtbot, sigmoid_doc):
    net = sigmoid_doc.network
    sigmoid_doc.network.add_neuron("h9", "hidden", "tanh")
    sigmoid_doc.network.connect("y1", "h9", 0.5)
    inspector = show_panel(qtbot, Inspector(), sigmoid_doc, (300, 500))
    inspector.set_selection(["y1"], [])
    trial = copy.deepcopy(net)
    assert entry(inspector.neuron_editor.activation_combo, "softmax") == (
        False, engine_reason(trial, "set_activation", "y1", "softmax"))
    inspector.set_selection(["y2"], [])  # y2 may: the group is y2, y3 (y1 stays sigmoid)
    qtbot.keyClick(inspector.neuron_editor.activation_combo, Qt.Key.Key_End)
    assert [net.neurons[y].activation for y in ("y1", "y2", "y3")] == \
        ["sigmoid", "softmax", "softmax"]

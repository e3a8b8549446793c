"""Undo commands change only the document, tell the views, and undo exactly."""
import pytest

from netsim import paths
from netsim.document import Document
from netsim.document.commands import (AddNeuron, Connect, Delete, MoveNeurons, SetAllWeights,
                                      SetNeuron, SetPositions, SetTrainable, SetWeight,
                                      SetWeights)
from netsim.document.document import WEIGHTS, Change
from netsim.engine import Connection, Neuron
from netsim.io.fileformat import dumps


@pytest.fixture
def doc(qapp):
    d = Document.open(paths.example("xor-worked-example"))
    d.seen = []
    d.changed.connect(d.seen.append)
    return d


def push(doc, command):
    doc.undo_stack.push(command)
    return command


def test_every_command_undoes_to_the_same_file(doc):
    start = dumps(doc.file)
    commands = [
        AddNeuron(doc, Neuron("h3", "hidden", "tanh", None, (100.0, 50.0))),
        Connect(doc, Connection("x1", "h3", 0.5)),
        Connect(doc, Connection("h3", "y", -0.25)),
        SetWeight(doc, ("x1", "h1"), 0.75),
        SetTrainable(doc, ("x2", "h1"), False),
        SetNeuron(doc, "h1", "activation", "relu"),
        SetNeuron(doc, "h1", "label", "OR"),
        MoveNeurons(doc, {"h1": (240.0, 0.0)}, {"h1": (250.0, 10.0)}),
        SetPositions(doc, {"h2": (1.0, 2.0), "y": (3.0, 4.0)}, "Auto layout"),
        SetWeights(doc, {("h1", "y"): 1.5, ("b", "y"): -2.0}, "Randomize weights"),
        SetAllWeights(doc, [0.5, -0.5, 1.0, 2.0, -2.0, 0.0, 0.125, 3.0, -1.0, 0.25, 4.0],
                      "Update weights (row 0)"),  # the 9 connections and the 2 new ones
        Delete(doc, ["h2"], [("x1", "h1")]),
        SetNeuron(doc, "x2", "role", "hidden"),
    ]
    states = [start]
    for c in commands:
        push(doc, c)
        states.append(dumps(doc.file))
    assert doc.modified
    for state in reversed(states[:-1]):
        doc.undo_stack.undo()
        assert dumps(doc.file) == state
    assert not doc.modified
    for state in states[1:]:
        doc.undo_stack.redo()
        assert dumps(doc.file) == state


def test_texts_are_readable(doc):
    texts = [
        (SetWeight(doc, ("x1", "h1"), 0.25), "Set weight x1 → h1 to 0.25"),
        (Connect(doc, Connection("x1", "y", 1.0)), "Connect x1 → y"),
        (Delete(doc, ["h1"]), "Delete neuron h1 and 4 connections"),
        (Delete(doc, [], [("x1", "h1")]), "Delete connection x1 → h1"),
        (Delete(doc, ["h1", "h2"]), "Delete 2 neurons and 8 connections"),
        (SetNeuron(doc, "h1", "activation", "tanh"), "Set activation of h1 to tanh"),
        (SetNeuron(doc, "h1", "label", "OR"), "Rename h1 to OR"),
        (SetNeuron(doc, "h1", "role", "output"), "Make h1 an output neuron"),
        (SetTrainable(doc, ("b", "y"), False), "Freeze bias → y"),
        (AddNeuron(doc, Neuron("h3", "hidden", "sigmoid")), "Add hidden neuron h3"),
        (MoveNeurons(doc, {"h1": (0, 0)}, {"h1": (1, 1)}), "Move h1"),
    ]
    for command, text in texts:
        assert command.text() == text


def test_nudges_merge_and_slider_drags_merge(doc):
    push(doc, MoveNeurons(doc, {"h1": (240.0, 0.0)}, {"h1": (241.0, 0.0)}))
    push(doc, MoveNeurons(doc, {"h1": (241.0, 0.0)}, {"h1": (242.0, 0.0)}))
    assert doc.undo_stack.count() == 1
    push(doc, SetWeight(doc, ("x1", "h1"), 0.3, merge=True))
    push(doc, SetWeight(doc, ("x1", "h1"), 0.4, merge=True))
    push(doc, SetWeight(doc, ("x1", "h1"), 0.5))
    assert doc.undo_stack.count() == 3
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert doc.network.connection("x1", "h1").weight == 0.25
    doc.undo_stack.undo()
    assert doc.network.neurons["h1"].position == (240.0, 0.0)


def test_deleting_a_dataset_neuron_drops_its_column_and_undo_restores_it(doc):
    rows = doc.dataset.rows.copy()
    push(doc, Delete(doc, ["x2"]))
    assert doc.dataset.inputs == ["x1"] and doc.dataset.rows.tolist() == rows[:, [0, 2]].tolist()
    dumps(doc.file)  # still a valid file
    doc.undo_stack.undo()
    assert doc.dataset.inputs == ["x1", "x2"] and (doc.dataset.rows == rows).all()
    push(doc, SetNeuron(doc, "y", "role", "hidden"))
    assert doc.dataset.targets == []
    doc.undo_stack.undo()
    assert doc.dataset.targets == ["y"] and doc.network.neurons["y"].activation == "sigmoid"


def test_views_hear_every_change(doc):
    push(doc, SetWeight(doc, ("x1", "h1"), 0.5))
    push(doc, MoveNeurons(doc, {"h1": (240.0, 0.0)}, {"h1": (0.0, 0.0)}))
    kinds = [c.kind for c in doc.seen]
    assert kinds == ["weights", "positions"]
    assert doc.seen[0].ids == (("x1", "h1"),)


def test_save_marks_clean_and_sets_the_path(doc, tmp_path):
    push(doc, SetWeight(doc, ("x1", "h1"), 0.5))
    assert doc.modified and doc.title == "xor-worked-example.netsim"
    doc.save(tmp_path / "mine.netsim")
    assert not doc.modified and doc.title == "mine.netsim"
    assert Document.open(tmp_path / "mine.netsim").network.connection("x1", "h1").weight == 0.5


def test_deleting_a_dataset_neuron_keeps_the_test_split(doc):
    held_out = [False, True, False, True]
    doc.file.dataset = doc.dataset.with_test(held_out)
    push(doc, Delete(doc, ["x2"]))
    assert doc.dataset.test.tolist() == held_out
    doc.undo_stack.undo()
    assert doc.dataset.test.tolist() == held_out and doc.dataset.inputs == ["x1", "x2"]
    push(doc, Delete(doc, ["x1", "x2", "y"]))  # no column left: no rows, no split
    assert len(doc.dataset) == 0 and doc.dataset.test.tolist() == []


def test_all_weights_at_once_in_connection_order(doc):
    before = doc.network.weights()
    new = [0.1 * i for i in range(len(before))]
    doc.seen.clear()
    push(doc, SetAllWeights(doc, new, "Update weights (row 0)"))
    assert doc.network.weights() == new
    assert doc.seen == [Change(WEIGHTS, ())]  # no ids: any weight may have changed
    doc.undo_stack.undo()
    assert doc.network.weights() == before
    doc.undo_stack.redo()
    assert doc.network.weights() == new
    with pytest.raises(ValueError, match="expected 9 weights, got 2"):
        doc.set_all_weights([1.0, 2.0])
    assert doc.network.weights() == new

"""The scene follows a document: every command, and its undo, shows at once, in place."""
import pytest
from PySide6.QtCore import QPointF

from netsim import paths
from netsim.canvas.network_scene import NetworkScene
from netsim.document import Document
from netsim.document.commands import (AddNeuron, Connect, Delete, MoveNeurons, SetNeuron,
                                      SetTrainable, SetWeight, SetWeights)
from netsim.engine import Connection, Neuron


@pytest.fixture
def doc(qapp):
    return Document.open(paths.example("xor-worked-example"))


@pytest.fixture
def scene(qapp, doc):
    s = NetworkScene()
    s.set_document(doc)
    yield s
    s.set_document(None)


def test_commands_and_undo_redraw_in_place(scene, doc):
    stack = doc.undo_stack
    items = dict(scene.neuron_items)
    arrows = dict(scene.connection_items)
    stack.push(AddNeuron(doc, Neuron("h3", "hidden", "tanh", None, (240.0, 320.0))))
    stack.push(Connect(doc, Connection("h3", "y", 0.5)))
    assert scene.neuron_items["h3"].glyph == "tanh"
    assert scene.connection_items[("h3", "y")].label.text == "0.5"
    stack.push(SetWeight(doc, ("x1", "h1"), -2.0))
    stack.push(SetTrainable(doc, ("x2", "h1"), False))
    stack.push(SetNeuron(doc, "h1", "label", "OR"))
    stack.push(MoveNeurons(doc, {"y": (480.0, 80.0)}, {"y": (500.0, 100.0)}))
    assert scene.connection_items[("x1", "h1")].label.text == "\u22122"
    assert scene.connection_items[("x2", "h1")].trainable is False
    assert scene.neuron_items["h1"].name == "OR"
    assert scene.neuron_items["y"].pos() == QPointF(500, 100)
    stack.push(Delete(doc, ["h2"]))
    assert "h2" not in scene.neuron_items and ("x1", "h2") not in scene.connection_items
    stack.setIndex(0)
    assert set(scene.neuron_items) == set(doc.network.neurons)
    assert set(scene.connection_items) == {c.key for c in doc.network.connections}
    assert scene.connection_items[("x1", "h1")] is arrows[("x1", "h1")]  # reused, not rebuilt
    assert scene.neuron_items["x1"] is items["x1"]
    assert scene.connection_items[("x1", "h1")].label.text == "0.25"
    assert scene.neuron_items["y"].pos() == QPointF(480, 80)
    stack.setIndex(stack.count())
    assert "h2" not in scene.neuron_items and "h3" in scene.neuron_items


def test_many_weights_at_once(scene, doc):
    doc.undo_stack.push(SetWeights(doc, {c.key: 1.5 for c in doc.network.connections}, "Set all"))
    assert {i.label.text for i in scene.connection_items.values()} == {"1.5"}


def test_swapping_and_dropping_the_document(scene, doc):
    other = Document.open(paths.example("two-two-two"))
    scene.set_document(other)
    assert set(scene.neuron_items) == set(other.network.neurons)
    doc.undo_stack.push(Delete(doc, ["h1"]))  # the old document is no longer followed
    assert "h1" in scene.neuron_items
    scene.set_document(None)
    assert scene.items() == [] and scene.network is None
    other.undo_stack.push(Delete(other, ["h1"]))
    assert scene.items() == []


def test_selection_in_network_order_and_select(scene, doc):
    seen = []
    scene.selectionChanged.connect(lambda: seen.append(scene.selection()))
    scene.select(["y", "x1", "nope"], [("h2", "y"), ("x1", "h1"), ("a", "b")])
    assert scene.selection() == (["x1", "y"], [("x1", "h1"), ("h2", "y")])
    assert len(seen) == 1  # one signal for the whole change
    scene.select(["x1", "y"], [("x1", "h1"), ("h2", "y")])
    assert len(seen) == 1  # nothing changed
    doc.undo_stack.push(Delete(doc, ["y"]))
    assert scene.selection() == (["x1"], [("x1", "h1")])
    scene.select([], [])
    assert scene.selection() == ([], [])


def test_snap_point(scene):
    assert scene.snap_point(QPointF(33, -47)) == QPointF(33, -47)
    scene.set_snap(True)
    assert scene.snap_point(QPointF(33, -47)) == QPointF(40, -40)
    assert scene.snap_point(QPointF(9.9, 10.1)) == QPointF(0, 20)


def test_hit_prefers_neurons_then_labels_then_arrows(scene):
    h1 = scene.neuron_items["h1"]
    assert scene.hit(h1.pos()) is h1
    arrow = scene.connection_items[("x1", "h1")]
    assert scene.hit(arrow.label.scenePos()) is arrow
    assert scene.hit(arrow.point_at(0.9)) is arrow
    assert scene.hit(QPointF(700, 700)) is None

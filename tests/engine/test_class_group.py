"""The softmax group planned for class targets: one softmax output per class, labelled
with its class, fed as the old outputs were; nothing changes until it is applied."""
import numpy as np
import pytest

from netsim import paths
from netsim.engine import Network
from netsim.engine.class_group import plan_group
from netsim.engine.layout import ROW_SPACING
from netsim.engine.onehot import class_outputs
from netsim.io import load


def test_the_group_replaces_the_outputs_and_is_fed_as_they_were():
    net = load(paths.example("xor-worked-example")).network  # h1, h2, b -> y at (480, 80)
    keys = sorted(c.key for c in net.connections)
    plan = plan_group(net, ["a", "b", "c"], seed=3)
    assert sorted(c.key for c in net.connections) == keys  # planning changes nothing
    assert plan.removed == ["y"] and plan.outputs == ["o1", "o2", "o3"]
    assert [(n.role, n.activation, n.label) for n in plan.neurons] == [
        ("output", "softmax", "a"), ("output", "softmax", "b"), ("output", "softmax", "c")]
    x, y = net.neurons["y"].position
    assert [n.position for n in plan.neurons] == [
        (x, y - ROW_SPACING), (x, y), (x, y + ROW_SPACING)]
    sources = [c.source for c in net.incoming("y")]
    assert [c.key for c in plan.connections] == [(s, t) for t in plan.outputs for s in sources]
    expected = np.random.default_rng(3).uniform(-0.5, 0.5, 9)
    np.testing.assert_array_equal([c.weight for c in plan.connections], expected)
    applied = plan.applied_to(net)
    assert applied.ids("output") == ["o1", "o2", "o3"] and "y" in net.neurons
    assert class_outputs(applied, ["a", "b", "c"]) == ["o1", "o2", "o3"]
    assert class_outputs(applied, ["c", "a", "b"]) == ["o3", "o1", "o2"]  # by label


def test_without_outputs_the_last_hidden_layer_and_the_bias_feed_it():
    net = Network()
    for nid in ("x1", "x2"):
        net.add_neuron(nid, "input")
    net.add_neuron("b", "bias")
    net.add_neuron("h1", "hidden")
    net.add_neuron("h2", "hidden")
    net.add_neuron("o1", "hidden")  # an id the plan must not take
    net.connect("x1", "h1")
    net.connect("h1", "h2")
    net.connect("x2", "o1")
    plan = plan_group(net, ["p", "q"])
    assert plan.removed == [] and plan.outputs == ["o2", "o3"]
    assert sorted({c.source for c in plan.connections}) == ["b", "h2", "o1"]


def test_inputs_feed_it_when_there_is_nothing_else():
    net = Network()
    net.add_neuron("x", "input")
    plan = plan_group(net, ["p", "q"])
    assert [c.key for c in plan.connections] == [("x", "o1"), ("x", "o2")]
    with pytest.raises(ValueError, match="^the network has no neurons to feed a softmax group"):
        plan_group(Network(), ["p", "q"])

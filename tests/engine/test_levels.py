"""The forward pass's levels and seed 002's layered / not layered, against hand-worked
networks and against the levels Compiled and the step-through compute in."""
import numpy as np
import pytest

from builders import random_dag, random_data, seed000_network
from netsim import paths
from netsim.engine import Dataset, Network
from netsim.engine.compiled import Compiled
from netsim.engine.levels import levels_of
from netsim.engine.stepper import Stepper
from netsim.io.fileformat import load


def seed002_non_layered() -> Network:
    """Seed 002's example of a network that cannot be divided into layers: edges 1 → 2,
    2 → 3 and 1 → 3."""
    net = Network()
    net.add_neuron("n1", "input", label="1")
    net.add_neuron("n2", "hidden", "sigmoid", label="2")
    net.add_neuron("n3", "output", "sigmoid", label="3")
    for s, t in (("n1", "n2"), ("n2", "n3"), ("n1", "n3")):
        net.connect(s, t, 0.5)
    return net


def test_seed000_is_layered_with_its_shared_bias_aside():
    got = levels_of(seed000_network())
    assert got.members == [["x1", "x2"], ["h1", "h2"], ["y"]]
    assert got.level["b"] == 0  # b → y goes from level 0 to 2, but b is a bias neuron
    assert got.layered and got.verdict() == "layered" and got.first_skip() is None


def test_seed002s_example_is_not_layered_and_names_the_skip():
    got = levels_of(seed002_non_layered())
    assert got.members == [["n1"], ["n2"], ["n3"]]
    assert not got.layered
    assert got.skips.tolist() == [2]
    assert got.verdict() == "not layered: 1 \u2192 3 skips a level"


def test_the_count_of_further_skips_is_said():
    net = seed002_non_layered()
    net.add_neuron("n4", "output", "sigmoid", label="4")
    for s in ("n1", "n2", "n3"):
        net.connect(s, "n4", 0.1)
    got = levels_of(net)
    assert got.members == [["n1"], ["n2"], ["n3"], ["n4"]]
    assert got.skips.tolist() == [2, 3, 4]  # 1 → 3, 1 → 4, 2 → 4
    assert got.verdict() == "not layered: 1 \u2192 3 skips a level (and 2 more)"


def test_a_neuron_without_incoming_connections_computes_at_level_1():
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("h", "hidden", "relu")  # nothing in: f(0), at level 1
    net.add_neuron("y", "output", "sigmoid")
    net.connect("h", "y", 1.0)
    net.connect("x", "y", 1.0)
    got = levels_of(net)
    assert got.members == [["x"], ["h"], ["y"]]
    assert got.verdict() == "not layered: x \u2192 y skips a level"


def test_the_seed002_example_file_is_layered():
    got = levels_of(load(paths.example("seed-002-network")).network)
    assert [len(m) for m in got.members] == [1, 2, 2, 1]
    assert got.layered


@pytest.mark.parametrize("seed", range(6))
def test_levels_are_those_compiled_and_the_step_through_compute_in(seed):
    rng = np.random.default_rng(seed)
    net, inputs, outputs = random_dag(rng)
    got = levels_of(net)
    compiled = Compiled(net)
    for lv, block in enumerate(compiled.blocks, start=1):
        assert got.members[lv] == [n for n in net.neurons if n in block.ids]
    assert got.members[0] == net.ids("input")
    data = random_data(rng, inputs, outputs)
    assert Stepper(net, data).level == got.level
    assert any(n in got.level for n in net.ids("bias"))
    layered = all(got.level[c.target] == got.level[c.source] + 1 for c in net.connections
                  if net.neurons[c.source].role != "bias")
    assert got.layered == layered


def test_the_step_through_reveals_what_an_unfed_neuron_feeds_one_level_later():
    """h has no incoming connections: it computes f(0) at level 1, so y, which h feeds,
    comes at level 2 in the step-through as in Compiled (it used to share level 1)."""
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("h", "hidden", "relu")
    net.add_neuron("y", "output", "sigmoid")
    net.connect("h", "y", 1.0)
    net.connect("x", "y", 1.0)
    stepper = Stepper(net, Dataset(["x"], ["y"], np.array([[1.0, 0.0]])))
    assert stepper.level == {"x": 0, "h": 1, "y": 2}
    assert stepper.depth == 2 and stepper.by_level == {0: ["x"], 1: ["h"], 2: ["y"]}
    assert [b.ids for b in Compiled(net).blocks] == [["h"], ["y"]]

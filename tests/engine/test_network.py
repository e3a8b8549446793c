"""The network graph: roles, refusals with their reasons, levels, and no Qt."""
import subprocess
import sys

import pytest
from builders import seed000_network

from netsim.engine import Network, NetworkError


def test_refusals_name_the_reason():
    net = seed000_network()
    net.add_neuron("h3", "hidden")
    cases = {
        ("h1", "h1"): "connection h1 → h1 would connect h1 to itself",
        ("h1", "x1"): "connection h1 → x1 goes into input neuron x1; only hidden and output neurons receive connections",
        ("h1", "b"): "connection h1 → b goes into bias neuron b; only hidden and output neurons receive connections",
        ("x1", "h1"): "duplicate connection x1 → h1",
        ("y", "h1"): "connection y → h1 closes the cycle h1 → y → h1",
        ("x1", "nope"): "connection x1 → nope names an unknown neuron 'nope'",
    }
    for (s, t), reason in cases.items():
        assert net.refusal(s, t) == reason
        with pytest.raises(NetworkError, match=f"^{reason}$".replace("(", r"\(")):
            net.connect(s, t)
    assert net.refusal("h1", "h3") is None
    net.connect("h1", "h3")
    net.connect("h3", "h2")
    assert net.refusal("h2", "h1") == "connection h2 → h1 closes the cycle h1 → h3 → h2 → h1"
    assert net.refusal("y", "h3") == "connection y → h3 closes the cycle h3 → h2 → y → h3"


def test_non_layered_levels_and_order():
    net = seed000_network()
    net.connect("x1", "y", 0.5)  # a skip connection
    assert net.levels() == {"x1": 0, "x2": 0, "b": 0, "h1": 1, "h2": 1, "y": 2}
    order = net.topological_order()
    for c in net.connections:
        assert order.index(c.source) < order.index(c.target)


def test_removing_a_neuron_removes_its_connections():
    net = seed000_network()
    removed = net.remove_neuron("h1")
    assert {c.key for c in removed} == {("x1", "h1"), ("x2", "h1"), ("b", "h1"), ("h1", "y")}
    assert len(net.connections) == 5 and not net.incoming("h1")
    assert net.refusal("x1", "h1") == "connection x1 → h1 names an unknown neuron 'h1'"


def test_roles_and_activations():
    net = seed000_network()
    assert net.neurons["b"].activation is None and net.neurons["h1"].activation == "sigmoid"
    with pytest.raises(NetworkError, match="h1 has incoming connections; an input neuron cannot"):
        net.set_role("h1", "input")
    with pytest.raises(NetworkError, match="unknown role 'middle' for neuron z"):
        net.add_neuron("z", "middle")
    with pytest.raises(NetworkError, match="duplicate neuron id 'h1'"):
        net.add_neuron("h1", "hidden")
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        net.set_activation("h1", "swish")
    net.set_role("y", "hidden")
    assert net.neurons["y"].activation == "sigmoid"
    assert net.new_id("h") == "h3"
    assert repr(net) == "Network(2 input, 1 bias, 3 hidden; 9 connections)"


def test_engine_and_io_never_import_qt():
    code = ("import sys, netsim.engine, netsim.engine.trainer, netsim.engine.kernel, netsim.io; "
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph'))]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_activations_are_never_dropped_or_guessed_silently():
    net = Network()
    with pytest.raises(NetworkError, match="bias neuron b has no activation \\(got 'tanh'\\)"):
        net.add_neuron("b", "bias", "tanh")
    with pytest.raises(NetworkError, match="unknown activation '' for neuron h"):
        net.add_neuron("h", "hidden", "")
    assert net.add_neuron("h", "hidden").activation == "sigmoid"


def test_the_topological_order_follows_every_change_of_structure():
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("h", "hidden")
    net.add_neuron("y", "output")
    net.connect("x", "y")
    assert net.topological_order() == ["x", "h", "y"]
    net.connect("y", "h")  # h now comes after y
    assert net.topological_order() == ["x", "y", "h"]
    net.disconnect("y", "h")
    assert net.topological_order() == ["x", "h", "y"]
    net.add_neuron("a", "hidden")
    assert net.topological_order() == ["x", "h", "a", "y"]  # a has no inputs: ready at once
    net.reorder(["a", "x", "h", "y"], [])
    assert net.topological_order() == ["a", "x", "h", "y"]
    net.remove_neuron("a")
    order = net.topological_order()
    order.append("z")  # a copy: the cached order stays
    assert net.topological_order() == ["x", "h", "y"]


def test_many_connections_go_in_one_pass_or_none_goes():
    net = Network()
    for nid in ("a", "b"):
        net.add_neuron(nid, "input")
    for nid in ("h1", "h2"):
        net.add_neuron(nid, "hidden")
    for s in ("a", "b"):
        for t in ("h1", "h2"):
            net.connect(s, t, 1.0)
    with pytest.raises(NetworkError, match="no connection b -> a"):
        net.disconnect_many([("a", "h1"), ("b", "a")])
    assert len(net.connections) == 4
    gone = net.disconnect_many([("a", "h1"), ("b", "h2")])
    assert [c.key for c in gone] == [("a", "h1"), ("b", "h2")]
    assert [c.key for c in net.connections] == [("a", "h2"), ("b", "h1")]
    assert [c.key for c in net.incoming("h1")] == [("b", "h1")]
    assert [c.key for c in net.outgoing("a")] == [("a", "h2")]
    assert not net.has_connection("a", "h1")


def test_weights_of_many_connections_are_set_in_one_pass_or_not_at_all():
    net = seed000_network()
    keys = [("h2", "y"), ("x1", "h1")]
    net.set_weights_of(keys, [0.5, -2.0])
    assert net.connection("h2", "y").weight == 0.5 and net.connection("x1", "h1").weight == -2.0
    with pytest.raises(NetworkError, match="expected 2 weights, got 3"):
        net.set_weights_of(keys, [1.0, 2.0, 3.0])
    with pytest.raises(NetworkError, match="no connection y -> h2"):
        net.set_weights_of([("x1", "h1"), ("y", "h2")], [7.0, 7.0])
    assert net.connection("x1", "h1").weight == -2.0  # nothing set


def test_the_same_keys_find_their_connections_again_after_the_structure_changes():
    net = seed000_network()
    keys = [("h1", "y"), ("b", "y")]
    net.set_weights_of(keys, [1.0, 2.0])
    net.disconnect("h1", "y")
    net.connect("h1", "y", 0.0)  # a new Connection object under the same key
    net.set_weights_of(keys, [3.0, 4.0])
    assert net.connection("h1", "y").weight == 3.0 and net.connection("b", "y").weight == 4.0
def test_a_copy_has_every_field_and_shares_nothing_that_changes():
    net = seed000_network()
    net.neurons["h1"].label, net.neurons["h1"].position = "OR", (240.0, 10.0)
    net.connection("x1", "h1").label = "w1"
    net.connection("b", "y").trainable = False
    copied = net.copy()
    assert copied.neurons == net.neurons and copied.connections == net.connections
    assert all(copied.neurons[n] is not net.neurons[n] for n in net.neurons)
    copied.set_weight("x1", "h1", 9.0)
    copied.set_role("h1", "output")
    assert net.connection("x1", "h1").weight == 0.25 and net.neurons["h1"].role == "hidden"
    assert copied.connection("x1", "h1") is copied.incoming("h1")[0]  # its own indexes

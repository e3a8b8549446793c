import itertools
import math
import subprocess
import sys

from netsim import paths
from netsim.engine.layout import COLUMN_SPACING, ROW_SPACING, auto_layout, columns
from netsim.engine.network import Network
from netsim.io.fileformat import load

C, R = COLUMN_SPACING, ROW_SPACING


def xor_without_positions() -> Network:
    net = Network()
    for nid in ("x1", "x2"):
        net.add_neuron(nid, "input")
    net.add_neuron("b", "bias")
    for nid in ("h1", "h2"):
        net.add_neuron(nid, "hidden")
    net.add_neuron("y", "output")
    for s, t in [("x1", "h1"), ("x2", "h1"), ("b", "h1"), ("x1", "h2"), ("x2", "h2"),
                 ("b", "h2"), ("h1", "y"), ("h2", "y"), ("b", "y")]:
        net.connect(s, t, 0.5)
    return net


def test_spacing_constants():
    assert (C, R) == (220.0, 130.0)


def test_exact_coordinates_of_a_small_network():
    # column 0: x1 x2 b (tallest, starts at y = 0); column 1: h1 h2, centred on it;
    # column 2: y, centred.
    assert auto_layout(xor_without_positions()) == {
        "x1": (0.0, 0.0), "x2": (0.0, 130.0), "b": (0.0, 260.0),
        "h1": (220.0, 65.0), "h2": (220.0, 195.0),
        "y": (440.0, 130.0),
    }


def test_bias_feeding_only_a_later_level_sits_before_it_at_the_bottom():
    net = Network()
    net.add_neuron("b2", "bias")  # first in the file, but feeds only the output
    net.add_neuron("x", "input")
    net.add_neuron("h", "hidden")
    net.add_neuron("o", "output")
    net.connect("x", "h")
    net.connect("h", "o")
    net.connect("b2", "o")
    assert columns(net) == [["x"], ["h", "b2"], ["o"]]
    assert auto_layout(net) == {"x": (0.0, 65.0), "h": (C, 0.0), "b2": (C, 130.0), "o": (2 * C, 65.0)}


def test_unconnected_bias_and_input_stay_in_column_zero():
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("b", "bias")
    net.add_neuron("o", "output")
    net.connect("x", "o")
    assert columns(net) == [["x", "b"], ["o"]]


def test_skip_connections_put_neurons_by_longest_path():
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("h1", "hidden")
    net.add_neuron("h2", "hidden")
    net.add_neuron("o", "output")
    net.connect("x", "h1")
    net.connect("h1", "h2")
    net.connect("x", "o")  # skip
    net.connect("h2", "o")
    assert columns(net) == [["x"], ["h1"], ["h2"], ["o"]]


def test_empty_network():
    assert auto_layout(Network()) == {}


def test_seed_002_network_has_no_overlaps():
    net = load(paths.example("seed-002-network")).network
    for neuron in net.neurons.values():
        neuron.position = None
    pos = auto_layout(net)
    assert set(pos) == set(net.neurons)
    assert columns(net) == [["n1", "n2"], ["n3", "n4", "n5"], ["n6", "n7", "n8"], ["n9"]]
    for a, b in itertools.combinations(pos.values(), 2):
        assert math.dist(a, b) >= min(C, R)
    assert all(x >= 0 and y >= 0 for x, y in pos.values())


def test_layout_does_not_import_qt():
    code = "import sys, netsim.engine.layout; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

import itertools
import math
import subprocess
import sys

import numpy as np
import pytest

from netsim import paths
from netsim.engine import Dataset
from netsim.engine.layout import WRAP, COLUMN_SPACING, ROW_SPACING, auto_layout, columns, image_of
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


# ---- big layers: wrapped ----------------------------------------------------------------
def layered(sizes, bias=True) -> Network:
    """Fully connected layers of these sizes (x, h1, h2 ..., y), a bias neuron per layer
    feeding the next one."""
    net = Network()
    prev: list[str] = []
    for li, n in enumerate(sizes):
        last = li == len(sizes) - 1
        role = "input" if li == 0 else "output" if last else "hidden"
        prefix = "x" if li == 0 else "y" if last else f"h{li}_"
        ids = [net.add_neuron(f"{prefix}{i}", role).id for i in range(n)]
        for t in ids:
            for s in prev:
                net.connect(s, t, 0.0)
        prev = ids + ([net.add_neuron(f"b{li}", "bias").id] if bias and not last else [])
    return net


def extent(pos):
    xs, ys = zip(*pos.values())
    return max(xs) - min(xs), max(ys) - min(ys)


def min_distance(pos) -> float:
    p = np.array(list(pos.values()))
    d = np.hypot(*(p[:, None, :] - p[None, :, :]).transpose(2, 0, 1))
    return d[np.triu_indices(len(p), 1)].min()


def layer_spans(net, pos, sizes):
    """(left, right) x of each layer's neurons, biases left out."""
    groups = [[f"x{i}" for i in range(sizes[0])]]
    groups += [[f"h{li}_{i}" for i in range(n)] for li, n in enumerate(sizes[1:-1], 1)]
    groups.append([f"y{i}" for i in range(sizes[-1])])
    return [(min(pos[n][0] for n in g), max(pos[n][0] for n in g)) for g in groups]


def test_wrap_threshold_is_sixteen_and_sixteen_stay_one_column():
    assert WRAP == 16
    net = layered((15, 16), bias=True)  # column 0: 15 inputs and a bias: 16
    pos = auto_layout(net)
    assert pos == {**{f"x{i}": (0.0, i * R) for i in range(15)}, "b0": (0.0, 15 * R),
                   **{f"y{i}": (C, i * R) for i in range(16)}}


def test_nine_inputs_wrap_into_a_three_by_three_grid_with_a_low_threshold():
    net = layered((9, 1), bias=False)
    # grid 3 x 3 (row-major, 130 apart), 260 tall; the output one gap (220) to the right,
    # centred; 480 wide is wider than 3:2 already, so the gap stays 220
    assert auto_layout(net, wrap=4) == {
        **{f"x{i}": (130.0 * (i % 3), 130.0 * (i // 3)) for i in range(9)},
        "y0": (480.0, 130.0)}
    assert auto_layout(net) == _column_layout(net)  # the default threshold leaves it a column


def _column_layout(net):
    cols = columns(net)
    tallest = max(len(c) for c in cols)
    return {nid: (c * C, ((tallest - 1) - (len(col) - 1)) * R / 2 + r * R)
            for c, col in enumerate(cols) for r, nid in enumerate(col)}


def test_sixty_four_inputs_make_an_eight_by_eight_grid_with_the_bias_below():
    pos = auto_layout(layered((64, 10)))
    # column 0: 8 rows of inputs + the bias row = 9 rows; column 1: 10 outputs, the
    # tallest (1170). The grid is 910 wide; with the gap of 220 the picture would be
    # 1130 wide, narrower than 3:2 of 1170 (1755), so the gap widens to 1755 - 910 = 845.
    assert pos == {
        **{f"x{i}": (130.0 * (i % 8), 65.0 + 130.0 * (i // 8)) for i in range(64)},
        "b0": (910.0, 65.0 + 8 * 130.0),
        **{f"y{k}": (1755.0, 130.0 * k) for k in range(10)}}


def test_image_shape_places_the_pixels_in_its_grid_in_the_pixel_order():
    net = layered((6, 2), bias=False)
    pixels = [f"x{i}" for i in (5, 4, 3, 2, 1, 0)]  # the dataset's columns, reversed
    pos = auto_layout(net, image=(2, 3), pixels=pixels)
    # pixel k at (row k // 3, column k % 3); 2 rows (130 tall), 2 outputs centred
    assert pos == {"x5": (0.0, 0.0), "x4": (130.0, 0.0), "x3": (260.0, 0.0),
                   "x2": (0.0, 130.0), "x1": (130.0, 130.0), "x0": (260.0, 130.0),
                   "y0": (480.0, 0.0), "y1": (480.0, 130.0)}
    # pixels default to the network's order; 3 rows are 260 tall, and 130 + 220 is
    # narrower than 3:2 of it (390): the gap widens to put the outputs at x = 390
    assert auto_layout(net, image=(3, 2)) == {
        "x0": (0.0, 0.0), "x1": (130.0, 0.0), "x2": (0.0, 130.0), "x3": (130.0, 130.0),
        "x4": (0.0, 260.0), "x5": (130.0, 260.0), "y0": (390.0, 65.0), "y1": (390.0, 195.0)}


def test_image_that_is_not_the_inputs_is_left_out():
    net = layered((6, 2), bias=False)
    today = auto_layout(net)
    assert today == _column_layout(net)
    assert auto_layout(net, image=(2, 2)) == today  # 4 pixels, 6 inputs
    assert auto_layout(net, image=(2, 3), pixels=["x0", "x1", "x2", "x3", "x4", "y0"]) == today


def test_image_of_a_dataset():
    assert image_of(None) == (None, None)
    data = Dataset(["x1", "x0"], ["y"], np.zeros((1, 3)))
    assert image_of(data) == (None, None)
    data.image = (1, 2)
    assert image_of(data) == ((1, 2), ["x1", "x0"])


def test_hidden_layers_of_64_wrap_into_four_columns_of_16():
    sizes = (2, 64, 64, 64, 1)
    net = layered(sizes)
    pos = auto_layout(net)
    for li in (1, 2, 3):
        xs = sorted({pos[f"h{li}_{i}"][0] for i in range(64)})
        assert [b - a for a, b in zip(xs, xs[1:])] == [130.0] * 3
        for s, x in enumerate(xs):  # filled top to bottom, then the next sub-column
            assert [pos[f"h{li}_{16 * s + r}"] for r in range(16)] == \
                [(x, pos[f"h{li}_0"][1] + 130.0 * r) for r in range(16)]
        assert pos[f"b{li}"] == (xs[-1], pos[f"h{li}_15"][1] + 130.0)  # below, right-most
    assert pos["b0"] == (0.0, pos["x1"][1] + 130.0)  # small input column as today
    width, height = extent(pos)
    assert (width, height) == (1.5 * 16 * 130.0, 16 * 130.0)


def test_bias_feeding_a_later_level_of_a_wrapped_network_goes_below_the_block_before_it():
    net = layered((40, 30, 2))
    net.add_neuron("late", "bias")
    net.connect("late", "y0")
    pos = auto_layout(net)
    block = [pos[f"h1_{i}"] for i in range(30)]
    right = max(x for x, _ in block)
    bottom = max(y for _, y in block)
    assert pos["b1"] == (right, bottom + 130.0) and pos["late"] == (right, bottom + 260.0)


@pytest.mark.parametrize("sizes, image", [((784, 128, 10), (28, 28)), ((784, 128, 10), None),
                                          ((784, 300, 100, 10), (28, 28)),
                                          ((2, 64, 64, 64, 1), None), ((20,) * 5, None)])
def test_big_networks_are_legible_at_fit(sizes, image):
    net = layered(sizes)
    pos = auto_layout(net, image=image)
    assert set(pos) == set(net.neurons)
    assert min_distance(pos) >= 130.0  # never overlap (neurons are 52 across)
    assert all(x >= 0 and y >= 0 for x, y in pos.values())
    spans = layer_spans(net, pos, sizes)
    for (_, right), (left, _) in zip(spans, spans[1:]):  # layers never interleave
        assert left - right >= C
    width, height = extent(pos)
    assert 4 / 3 <= width / height <= 1.6


def test_784_inputs_make_a_28_by_28_grid_as_tall_as_the_picture():
    net = layered((784, 128, 10))
    pos = auto_layout(net, image=(28, 28))
    top = pos["x0"][1]
    assert [pos[f"x{k}"] for k in range(784)] == \
        [(130.0 * (k % 28), top + 130.0 * (k // 28)) for k in range(784)]
    assert pos["b0"] == (27 * 130.0, top + 28 * 130.0)
    width, height = extent(pos)
    assert height == 28 * 130.0  # the grid and its bias row are the tallest column
    hidden_xs = {pos[f"h1_{i}"][0] for i in range(128)}
    assert len(hidden_xs) == 5  # 128 in 5 sub-columns of at most 26
    assert width == 1.5 * height

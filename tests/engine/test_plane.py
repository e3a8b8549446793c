"""The input plane: its range, its points, and every neuron's output over it, checked
against seed 000's formulas written out by hand."""
import numpy as np

from builders import random_dag
from netsim.engine import Dataset, Network
from netsim.engine.compiled import Compiled
from netsim.engine.plane import GRID, Plane, grid_points, neuron_outputs, plane


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_the_range_is_the_data_plus_a_quarter_of_its_span_each_side():
    x = np.array([[0.0, -2.0], [4.0, 2.0]])
    a, b = plane(x)
    assert len(a) == len(b) == GRID
    assert (a[0], a[-1]) == (-1.0, 5.0)  # span 4: 1 more each side
    assert (b[0], b[-1]) == (-3.0, 3.0)


def test_a_narrow_or_missing_range_is_one_wide():
    (a,) = plane(np.array([[2.0], [2.0]]), width=1)
    assert (a[0], a[-1]) == (1.5, 2.5)
    a, b = plane(None)
    assert (a[0], a[-1]) == (b[0], b[-1]) == (-0.25, 1.25)  # 0..1 widened to a span of 1.5


def test_grid_points_run_along_the_second_axis_first():
    points = grid_points((np.array([1.0, 2.0]), np.array([10.0, 20.0, 30.0])))
    assert points.tolist() == [[1, 10], [1, 20], [1, 30], [2, 10], [2, 20], [2, 30]]
    assert grid_points((np.array([1.0, 2.0]),)).tolist() == [[1.0], [2.0]]


def test_axes_follow_the_datasets_column_order(xor_net):
    data = Dataset(["x2", "x1"], ["y"], [[0.0, 4.0, 1.0], [2.0, 0.0, 0.0]])
    grid = Plane.of(xor_net, data)
    assert grid.inputs == ["x2", "x1"]
    assert (grid.axes[0][0], grid.axes[0][-1]) == (-0.5, 2.5)  # x2: 0..2
    assert (grid.axes[1][0], grid.axes[1][-1]) == (-1.0, 5.0)  # x1: 0..4
    assert grid.data.tolist() == [[0.0, 4.0], [2.0, 0.0]]


def test_data_for_other_inputs_give_the_default_range(xor_net):
    grid = Plane.of(xor_net, Dataset(["a", "b"], ["y"], [[5.0, 5.0, 1.0]]))
    assert grid.inputs == ["x1", "x2"] and grid.data is None
    assert grid.axes[0][0] == -0.25
    assert Plane.of(xor_net, None, width=1) is None  # two inputs, not one


def test_every_neuron_over_the_plane_is_seed_000_by_hand(xor_net, xor_data):
    grid = Plane.of(xor_net, xor_data)
    out = neuron_outputs(Compiled(xor_net, grid.inputs), grid)
    assert set(out) == {"h1", "h2", "y"}
    a, b = np.meshgrid(*grid.axes, indexing="ij")  # a[i, j] = axes[0][i], b[i, j] = axes[1][j]
    h1 = sigmoid(0.25 * a + 0.20 * b + 1.0)
    h2 = sigmoid(0.15 * a + 0.10 * b + 1.0)
    y = sigmoid(0.30 * h1 + 0.40 * h2 + 1.0)
    for nid, expected in (("h1", h1), ("h2", h2), ("y", y)):
        assert out[nid].shape == (GRID, GRID)
        np.testing.assert_allclose(out[nid], expected, rtol=1e-12)


def test_one_input_gives_a_line():
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("h", "hidden", "tanh")
    net.add_neuron("y", "output", "identity")
    net.connect("x", "h", 2.0)
    net.connect("h", "y", -3.0)
    data = Dataset(["x"], ["y"], [[-1.0, 0.0], [1.0, 0.0]])
    grid = Plane.of(net, data, width=1)
    out = neuron_outputs(Compiled(net, grid.inputs), grid)
    (x,) = grid.axes
    assert (x[0], x[-1]) == (-1.5, 1.5)
    np.testing.assert_allclose(out["h"], np.tanh(2 * x), rtol=1e-12)
    np.testing.assert_allclose(out["y"], -3 * np.tanh(2 * x), rtol=1e-12)


def test_a_dag_with_skips_matches_one_row_at_a_time():
    net, _, _ = random_dag(np.random.default_rng(5), n_in=2, n_hidden=4, n_out=2)
    grid = Plane.of(net, None)
    compiled = Compiled(net, grid.inputs)
    out = neuron_outputs(compiled, grid)
    points = grid.points()
    for k in (0, 1234, GRID * GRID - 1):
        one = compiled.forward(points[k:k + 1])
        for nid in out:
            np.testing.assert_allclose(out[nid].reshape(-1)[k], compiled.value(one, nid)[0],
                                       rtol=1e-12)

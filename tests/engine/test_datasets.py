"""Ready-made datasets: exact truth tables, reproducible point clouds, fitting onto networks."""
import subprocess
import sys

import numpy as np
import pytest

from builders import seed000_network
from netsim.engine import Network
from netsim.engine.datasets import GENERATORS, fit_problem, fit_to, generate, truth_table

INPUTS = [[0, 0], [0, 1], [1, 0], [1, 1]]


@pytest.mark.parametrize("name, targets", [
    ("AND", [0, 0, 0, 1]), ("OR", [0, 1, 1, 1]), ("NAND", [1, 1, 1, 0]), ("XOR", [0, 1, 1, 0]),
])
def test_truth_tables_are_exact_and_in_truth_table_order(name, targets):
    rows = truth_table(name)
    assert rows.shape == (4, 3) and rows.dtype == float
    np.testing.assert_array_equal(rows[:, :2], INPUTS)
    np.testing.assert_array_equal(rows[:, 2], targets)
    np.testing.assert_array_equal(truth_table(name.lower()), rows)


def test_an_unknown_truth_table_is_refused():
    with pytest.raises(ValueError, match="unknown truth table 'NOR'"):
        truth_table("NOR")


@pytest.mark.parametrize("kind", GENERATORS)
@pytest.mark.parametrize("n", [2, 7, 200])
def test_point_clouds_have_n_rows_and_balanced_classes(kind, n):
    rows = generate(kind, n, noise=0.1, seed=3)
    assert rows.shape == (n, 3)
    assert set(np.unique(rows[:, 2])) <= {0.0, 1.0}
    assert np.sum(rows[:, 2] == 0) == n // 2 and np.sum(rows[:, 2] == 1) == n - n // 2
    assert np.all(np.isfinite(rows))


@pytest.mark.parametrize("kind", GENERATORS)
def test_the_same_seed_gives_the_same_points_and_another_seed_others(kind):
    a = generate(kind, 50, 0.2, seed=11)
    np.testing.assert_array_equal(a, generate(kind, 50, 0.2, seed=11))
    assert not np.array_equal(a, generate(kind, 50, 0.2, seed=12))


@pytest.mark.parametrize("kind", GENERATORS)
def test_the_classes_are_shuffled_not_one_after_the_other(kind):
    cls = generate(kind, 200, 0.0, seed=0)[:, 2]
    assert 0 < cls[:100].sum() < 100


def test_circle_without_noise_puts_class_1_in_the_disc_and_class_0_in_the_ring():
    rows = generate("circle", 400, noise=0.0, seed=1)
    r = np.hypot(rows[:, 0], rows[:, 1])
    inner, ring = r[rows[:, 2] == 1], r[rows[:, 2] == 0]
    assert inner.max() <= 0.5 + 1e-12
    assert ring.min() >= 0.7 - 1e-12 and ring.max() <= 1.0 + 1e-12


def test_moons_without_noise_lie_on_their_half_circles():
    rows = generate("moons", 300, noise=0.0, seed=2)
    upper, lower = rows[rows[:, 2] == 0, :2], rows[rows[:, 2] == 1, :2]
    np.testing.assert_allclose(np.hypot(*(upper - [-0.25, -0.125]).T), 0.5, rtol=1e-12)
    np.testing.assert_allclose(np.hypot(*(lower - [0.25, 0.125]).T), 0.5, rtol=1e-12)
    assert np.all(upper[:, 1] >= -0.125 - 1e-12) and np.all(lower[:, 1] <= 0.125 + 1e-12)


def test_spiral_arms_without_noise_are_half_a_turn_apart():
    rows = generate("spiral", 300, noise=0.0, seed=4)
    r = np.hypot(rows[:, 0], rows[:, 1])
    assert r.min() >= 0.05 - 1e-12 and r.max() <= 1.0 + 1e-12
    # On arm k the angle is 3.5π·r + kπ (mod 2π).
    expected = 3.5 * np.pi * r + np.pi * rows[:, 2]
    diff = np.angle(np.exp(1j * (np.arctan2(rows[:, 1], rows[:, 0]) - expected)))
    np.testing.assert_allclose(diff, 0.0, atol=1e-9)


def test_blobs_sit_around_their_centres():
    rows = generate("blobs", 2000, noise=0.0, seed=5)
    np.testing.assert_allclose(rows[rows[:, 2] == 0, :2].mean(axis=0), [-0.5, -0.5], atol=0.03)
    np.testing.assert_allclose(rows[rows[:, 2] == 1, :2].mean(axis=0), [0.5, 0.5], atol=0.03)
    np.testing.assert_allclose(rows[:, :2].std(axis=0), np.hypot(0.5, 0.3), rtol=0.05)


def test_noise_is_gaussian_jitter_of_that_standard_deviation():
    clean = generate("circle", 5000, noise=0.0, seed=6)
    noisy = generate("circle", 5000, noise=0.2, seed=6)
    np.testing.assert_array_equal(clean[:, 2], noisy[:, 2])
    np.testing.assert_allclose((noisy - clean)[:, :2].std(axis=0), 0.2, rtol=0.05)


@pytest.mark.parametrize("args, message", [
    (("rings", 10, 0.1, 0), "unknown generator"),
    (("moons", 1, 0.1, 0), "number of points"),
    (("moons", 2.5, 0.1, 0), "number of points"),
    (("moons", 10, -0.1, 0), "noise"),
    (("moons", 10, float("nan"), 0), "noise"),
    (("moons", 10, 0.1, -1), "seed"),
])
def test_bad_generator_arguments_are_refused(args, message):
    with pytest.raises(ValueError, match=message):
        generate(*args)


def test_fit_to_maps_columns_onto_the_first_inputs_and_output():
    net = seed000_network()
    data = fit_to(net, truth_table("XOR"))
    assert data.inputs == ["x1", "x2"] and data.targets == ["y"]
    np.testing.assert_array_equal(data.rows, truth_table("XOR"))
    assert data.problem(net) is None


def test_fit_to_gives_further_inputs_zeros_and_leaves_further_outputs_out():
    net = Network()
    for nid in ("a", "b", "c"):
        net.add_neuron(nid, "input")
    net.add_neuron("o1", "output")
    net.add_neuron("o2", "output")
    data = fit_to(net, generate("moons", 10))
    assert data.inputs == ["a", "b", "c"] and data.targets == ["o1"]
    np.testing.assert_array_equal(data.x[:, 2], 0.0)
    np.testing.assert_array_equal(data.rows[:, [0, 1, 3]], generate("moons", 10))
    assert data.problem(net) is None


def test_fit_to_needs_two_inputs_and_an_output():
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("y", "output")
    assert fit_problem(net) == "the network needs at least two input neurons"
    with pytest.raises(ValueError, match="two input neurons"):
        fit_to(net, truth_table("AND"))
    net.add_neuron("x2", "input")
    net.remove_neuron("y")
    assert fit_problem(net) == "the network needs an output neuron"


def test_datasets_import_no_qt():
    code = ("import sys, netsim.engine.datasets; "
            "print(any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

"""Random restarts side by side: every run is the run train_with_restarts trains one
after another, in every training mode, with groups, progress and Stop."""
import math
from dataclasses import replace

import numpy as np
import pytest

from builders import linear_network, random_dag, random_data
from netsim import paths
from netsim.engine import Dataset, Network, TrainingSettings
from netsim.engine import clones as clones_module
from netsim.engine import restarts as restarts_module
from netsim.engine.compiled import Compiled
from netsim.engine.init import initial_weights
from netsim.engine.restarts import Side, group_size, train_side_by_side
from netsim.engine.trainer import TrainingError, train_with_restarts
from netsim.io import fileformat

EXACT = dict(rtol=0, atol=1e-12)


@pytest.fixture(params=["stacked", "lockstep"])
def way(request, monkeypatch):
    """Both ways Clones trains: one stack of matmuls, or the generated kernel run by run."""
    monkeypatch.setattr(clones_module, "LOCKSTEP_WORK",
                        -1 if request.param == "stacked" else 10 ** 9)
    return request.param


def example(name, **changes):
    nf = fileformat.load(paths.example(name))
    return nf.network, nf.dataset, replace(nf.training, **changes)


def assert_same_runs(side, alone, tolerance=EXACT):
    """The runs side by side are the runs one after another, to rounding."""
    assert side.best == alone.best
    np.testing.assert_allclose(side.errors, alone.errors, **tolerance)
    np.testing.assert_allclose(side.weights, alone.weights, **tolerance)
    assert len(side.results) == len(alone.results)
    for a, b in zip(side.results, alone.results):
        assert (a.epochs, a.stopped, a.warnings) == (b.epochs, b.stopped, b.warnings)
        if a.stopped != "diverged":  # (that message says what the error became: inf, nan)
            assert a.message == b.message
        np.testing.assert_allclose(a.history, b.history, **tolerance)
        np.testing.assert_allclose(a.test_history, b.test_history, **tolerance)
        assert (a.error is None) == (b.error is None)


CASES = {
    # the worked example as saved: sgd, rows in order, target 0.01 (some runs reach it)
    "sgd-target": ("xor-worked-example", dict(max_epochs=2500, restarts=24)),
    "cross-entropy": ("xor-cross-entropy", dict(max_epochs=1500, restarts=24)),
    "minibatch-shuffle-momentum": ("seed-002-network", dict(
        mode="minibatch", batch_size=4, shuffle=True, seed=5, momentum=0.6,
        max_epochs=300, restarts=20, init="normal", init_scale=0.7)),
    "batch-step-schedule": ("two-two-two", dict(
        mode="batch", schedule="step", decay_rate=0.7, decay_steps=40, max_epochs=300,
        restarts=25, init="xavier")),
    "sgd-inverse-time-shuffle": ("xor-worked-example", dict(
        schedule="inverse_time", decay_rate=2.0, decay_steps=50, shuffle=True, seed=9,
        max_epochs=400, restarts=25, target_error=None, learning_rate=2.0)),
    "perceptron-minibatch": ("and-perceptron", dict(
        mode="minibatch", batch_size=3, momentum=0.3, max_epochs=200, restarts=70)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_run_is_the_run_one_after_another(case, way):
    name, changes = CASES[case]
    network, dataset, settings = example(name, **changes)
    side = train_side_by_side(network, dataset, settings)
    alone = train_with_restarts(network, dataset, settings)
    assert_same_runs(side, alone)
    if case == "sgd-target":  # both ends of the worked example's spread are there
        assert {r.stopped for r in side.results} == {"target_error", "max_epochs"}


def test_held_out_rows_give_each_run_its_test_history(way):
    network, dataset, settings = example("seed-002-network", max_epochs=150, restarts=30)
    split = dataset.with_test(np.arange(len(dataset)) % 3 == 0)
    side = train_side_by_side(network, split, settings)
    assert_same_runs(side, train_with_restarts(network, split, settings))
    assert all(len(r.test_history) == 150 for r in side.results)


def test_runs_that_diverge_stop_on_their_own(way):
    # y = w·x on rows with mean x² = 5: batch descent diverges for α above 0.4 whatever
    # the start, and from a start near the floor (|w − 0.6| small) it lasts longer.
    net = linear_network()
    data = Dataset(["x"], ["y"], [[1.0, 0.5], [3.0, 1.9]])
    settings = TrainingSettings(mode="batch", learning_rate=0.45, max_epochs=3000,
                                restarts=40, init_scale=3.0, target_error=1e-3)
    side = train_side_by_side(net, data, settings)
    # the errors grow to 1e307 before they overflow: equal to 1e-12 of themselves
    assert_same_runs(side, train_with_restarts(net, data, settings), dict(rtol=1e-12))
    assert {r.stopped for r in side.results} == {"diverged"}
    assert len({r.epochs for r in side.results}) > 10  # each at its own epoch
    assert side.results[0].message.startswith(
        f"training diverged in epoch {side.results[0].epochs + 1}: the error became ")


def test_a_random_network_with_frozen_weights(way):
    rng = np.random.default_rng(4)
    net, ins, outs = random_dag(rng, ["sigmoid", "tanh", "relu"], "sigmoid")
    net.connections[2].trainable = False
    data = random_data(rng, ins, outs, rows=6, unit=True)
    settings = TrainingSettings(mode="minibatch", batch_size=4, shuffle=True, seed=2,
                                momentum=0.4, max_epochs=120, restarts=12, init="xavier")
    side = train_side_by_side(net, data, settings)
    assert_same_runs(side, train_with_restarts(net, data, settings))
    assert side.weights[2] == net.connections[2].weight


def test_runs_go_in_groups_when_memory_says_so(monkeypatch):
    network, dataset, settings = example("xor-worked-example", max_epochs=60, restarts=10,
                                         target_error=None)
    per_run = 8 * (6 * 9 + 3 * 6 * 4 + 6 * 6 * 1)  # weights, the epoch's rows, a batch
    monkeypatch.setattr(restarts_module, "GROUP_BYTES", 4 * per_run + 7)
    assert group_size(network, dataset, settings, 10) == 4
    seen = []
    side = train_side_by_side(network, dataset, settings,
                              progress=lambda s: seen.append((s.first, s.count, s.epoch)))
    assert_same_runs(side, train_with_restarts(network, dataset, settings))
    assert [g for g in dict.fromkeys((f, c) for f, c, _ in seen)] == [(0, 4), (4, 4), (8, 2)]


def test_group_size_counts_weights_rows_and_batch():
    rng = np.random.default_rng(0)
    net = Network()
    ins = [net.add_neuron(f"x{i}", "input").id for i in range(64)]
    net.add_neuron("b", "bias")
    hidden = [net.add_neuron(f"h{j}", "hidden", "sigmoid").id for j in range(64)]
    outs = [net.add_neuron(f"o{k}", "output", "sigmoid").id for k in range(10)]
    for t in hidden:
        for s in ins + ["b"]:
            net.connect(s, t, 0.0)
    for t in outs:
        for s in hidden + ["b"]:
            net.connect(s, t, 0.0)
    data = Dataset(ins, outs, rng.random((10000, 74)))
    settings = TrainingSettings(mode="minibatch", batch_size=64)
    floats = 6 * (64 * 65 + 10 * 65) + 3 * 139 * 10000 + 6 * 139 * 64
    assert group_size(net, data, settings, 1000) == 256 * 2 ** 20 // (8 * floats) == 7
    xor_net, xor_data, xor_settings = example("xor-worked-example")
    assert group_size(xor_net, xor_data, xor_settings, 1000) == 1000


def test_progress_follows_every_epoch():
    network, dataset, settings = example("xor-worked-example", max_epochs=30, restarts=50,
                                         target_error=None)
    seen = []

    def progress(side):
        assert isinstance(side, Side)
        seen.append((side.epoch, side.trained, side.best))
    found = train_side_by_side(network, dataset, settings, progress=progress)
    assert [e for e, _, _ in seen] == list(range(1, 31))
    assert [t for _, t, _ in seen] == [50 * e for e in range(1, 31)]
    assert seen[-1][2] == min(found.errors)


def test_stop_ends_every_run_where_it_is(way):
    network, dataset, settings = example("xor-worked-example", max_epochs=500, restarts=30)
    asked = []
    found = train_side_by_side(network, dataset, settings,
                               should_stop=lambda: asked.append(1) or len(asked) > 40)
    assert [r.stopped for r in found.results] == ["cancelled"] * 30
    assert {r.epochs for r in found.results} == {40}
    assert {r.message for r in found.results} == {"training was stopped"}
    alone = train_with_restarts(network, dataset, replace(settings, max_epochs=40))
    np.testing.assert_allclose(found.errors, alone.errors, **EXACT)
    assert found.best == alone.best


def test_stop_in_a_later_group_leaves_the_rest_out(monkeypatch):
    network, dataset, settings = example("xor-worked-example", max_epochs=50, restarts=9,
                                         target_error=None)
    monkeypatch.setattr(restarts_module, "group_size", lambda *args: 4)
    asked = []
    found = train_side_by_side(network, dataset, settings,
                               should_stop=lambda: asked.append(1) or len(asked) > 70)
    # group 1: 50 epochs (50 asks + 1 between groups); group 2: stopped at epoch 19
    assert [r.stopped for r in found.results] == ["max_epochs"] * 4 + ["cancelled"] * 4
    assert [r.epochs for r in found.results] == [50] * 4 + [19] * 4
    alone = train_with_restarts(network, dataset, settings, 4)
    np.testing.assert_allclose(found.errors[:4], alone.errors, **EXACT)


def test_stopped_before_any_epoch():
    network, dataset, settings = example("xor-worked-example", restarts=5)
    found = train_side_by_side(network, dataset, settings, should_stop=lambda: True)
    assert [(r.epochs, r.error, r.stopped) for r in found.results] == [(0, None, "cancelled")] * 5
    assert found.errors == [math.inf] * 5 and found.best == 0


def test_what_cannot_train_is_refused():
    network, dataset, settings = example("xor-worked-example")
    with pytest.raises(TrainingError, match="restarts must be at least 1"):
        train_side_by_side(network, dataset, settings, 0)
    with pytest.raises(TrainingError, match="the dataset has no rows"):
        train_side_by_side(network, None, settings, 3)
    with pytest.raises(TrainingError, match="momentum must be at least 0 and below 1"):
        train_side_by_side(network, dataset, replace(settings, momentum=2.0), 3)


def test_each_run_starts_from_its_own_seed():
    network, dataset, settings = example("xor-worked-example", max_epochs=1, restarts=40,
                                         learning_rate=0.0, target_error=None)
    found = train_side_by_side(network, dataset, settings)  # α = 0: the starts themselves
    for r in (0, 17, 39):
        w0 = initial_weights(network, settings.init, settings.init_scale, [settings.seed, r])
        compiled = Compiled(network, dataset.inputs, dataset.targets)
        compiled.set_weights(w0)
        state = compiled.forward(dataset.x)
        assert found.errors[r] == pytest.approx(
            compiled.row_errors(state, dataset.y).mean(), rel=1e-15)


@pytest.mark.parametrize("small", [0, 10 ** 6], ids=["matmul", "side-by-side-and-einsum"])
@pytest.mark.parametrize("seed", [8, 9, 10])
def test_stacked_products_either_way_are_the_network_alone(small, seed, monkeypatch):
    # The stacked products by matmul (one BLAS call per copy), or the small network's
    # ways: the inputs times all blocks side by side in one call, the copies' own
    # values through einsum or written out (a sum of one or two products). Every way
    # gives each copy what the network alone gives.
    from netsim.engine import compiled as compiled_module
    monkeypatch.setattr(compiled_module, "SMALL", small)
    monkeypatch.setattr(compiled_module, "EINSUM", small)
    rng = np.random.default_rng(seed)
    net, ins, outs = random_dag(rng)
    data = random_data(rng, ins, outs)
    weights = rng.normal(size=(4, len(net.connections)))
    stacked = Compiled(net, ins, outs)
    stacked.stack(4)
    stacked.set_weights(weights)
    with np.errstate(over="ignore"):
        state = stacked.forward(data.x)
        grads = stacked.scatter(stacked.backward(state, data.y))
        for k in range(4):
            alone = Compiled(net, ins, outs)
            alone.set_weights(weights[k])
            one = alone.forward(data.x)
            np.testing.assert_allclose(stacked.outputs(state)[k], alone.outputs(one), **EXACT)
            np.testing.assert_allclose(grads[k], alone.scatter(alone.backward(one, data.y)),
                                       **EXACT)

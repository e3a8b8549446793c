"""Too small, too big, just right: one training run per learning rate from the same weights."""
import math
from dataclasses import replace

import numpy as np
import pytest

from builders import linear_network, random_dag, random_data
from netsim.engine import TrainingSettings
from netsim.engine.compiled import Compiled
from netsim.engine import clones as clones_module
from netsim.engine.clones import Clones
from netsim import paths
from netsim.engine.explorer import MAX_SWEEP, RISE, explore, sweep, verdict
from netsim.io import fileformat
from netsim.engine.trainer import Trainer, TrainingError

RATES = [0.05, 0.5, 5.0, 100.0]


@pytest.fixture(params=["lockstep", "stacked"])
def way(request, monkeypatch):
    """Both ways of training the copies: the generated kernel copy by copy, and the
    stacked matmuls."""
    monkeypatch.setattr(clones_module, "LOCKSTEP_WORK",
                        10 ** 9 if request.param == "lockstep" else -1)
    return request.param


@pytest.mark.parametrize("settings", [
    TrainingSettings(mode="sgd"),
    TrainingSettings(mode="minibatch", batch_size=2, shuffle=True, seed=7, momentum=0.5),
    TrainingSettings(mode="batch", schedule="step", decay_steps=20),
], ids=["sgd", "minibatch", "batch"])
def test_each_curve_is_an_independent_trainer_run(settings, way):
    rng = np.random.default_rng(11)
    net, ins, outs = random_dag(rng, ["sigmoid", "tanh"], "sigmoid")
    data = random_data(rng, ins, outs, rows=6, unit=True)
    runs = explore(net, data, [0.1, 1.0, 4.0], settings, 60)
    assert [r.learning_rate for r in runs] == [0.1, 1.0, 4.0]
    for run in runs:
        alone = Trainer(net.copy(), data, replace(settings, learning_rate=run.learning_rate))
        expected = alone.run(60).history
        assert len(run.history) == len(expected) == 60
        np.testing.assert_allclose(run.history, expected, rtol=0, atol=1e-10)


def test_runs_start_from_identical_weights(xor_net, xor_data):
    before = xor_net.weights()
    runs = explore(xor_net, xor_data, [0.5, 0.5], TrainingSettings(), 20)
    assert runs[0].history == runs[1].history
    assert xor_net.weights() == before  # the network itself is not trained


def test_xor_verdicts(xor_net, xor_data):
    # Full-batch descent on seed 000's XOR network, target 0.01, 2000 epochs:
    # 0.05 and 0.5 sit on the plateau J = 1/8 (every output 0.5), 5 gets there, and 100
    # overshoots so that the error goes up in many late epochs.
    settings = TrainingSettings(mode="batch", target_error=0.01)
    runs = explore(xor_net, xor_data, RATES, settings, 2000)
    assert [r.verdict for r in runs] == ["slow", "slow", "converged", "oscillating"]
    assert runs[2].final <= 0.01 and runs[2].stopped == "target_error"
    assert len(runs[2].history) < 2000
    assert runs[0].final > runs[2].final


def test_xor_sgd_with_a_huge_rate_ends_worse_than_it_began(xor_net, xor_data):
    run = explore(xor_net, xor_data, [100.0], TrainingSettings(), 500)[0]
    assert run.history[-1] > run.history[0] and run.verdict == "oscillating"
    calm = explore(xor_net, xor_data, [0.5], TrainingSettings(), 500)[0]
    assert calm.verdict == "ok"  # no target: falling is all we can say


def test_a_linear_network_diverges_with_a_huge_rate():
    rng = np.random.default_rng(2)
    net, ins, outs = random_dag(rng, ["identity"], "identity")
    data = random_data(rng, ins, outs)
    runs = explore(net, data, [1e-3, 1e3], TrainingSettings(mode="batch"), 200)
    assert runs[0].verdict == "ok"
    assert runs[1].verdict == "diverged" and runs[1].stopped == "diverged"
    assert runs[1].final == math.inf


def worked_example():
    nf = fileformat.load(paths.example("xor-worked-example"))
    return nf.network, nf.dataset, nf.training


def late_rises(run):
    """Each rise of the error between epochs of the last half, relative to the error."""
    late = np.asarray(run.history[len(run.history) // 2:])
    rel = np.diff(late) / late[:-1]
    return rel[rel > 0], late.size - 1


def test_resting_on_the_plateau_is_not_oscillating():
    # The worked example as saved (SGD, rows in order) at α = 0.2 for 3,000 epochs rests
    # on XOR's plateau J = 1/8: the error rises in most late epochs, by a hundred-
    # millionth of itself. That is no oscillation: the run is just slow.
    network, dataset, settings = worked_example()
    run = explore(network, dataset, [0.2], settings, 3000)[0]
    rises, epochs = late_rises(run)
    assert rises.size / epochs > 0.8 and rises.max() < 1e-7
    assert abs(run.final - 0.125) < 1e-4
    assert run.verdict == "slow"


def test_a_run_that_jumps_across_the_valley_is_oscillating():
    # The same at α = 20 (past 1/J'' = 16 along the output bias): from epoch 1,500 to
    # 3,000 the error goes up in every other epoch, by more than a tenth of itself.
    network, dataset, settings = worked_example()
    run = explore(network, dataset, [20.0], settings, 3000)[0]
    rises, epochs = late_rises(run)
    assert rises.size / epochs > 0.49 and np.median(rises) > 0.1
    assert run.verdict == "oscillating"


def test_no_sweep_rate_on_the_plateau_is_called_oscillating():
    # The sweep's default range on the worked example for 3,000 epochs: the rates that
    # stay on the plateau are slow, not oscillating (α ≈ 0.18 was before).
    network, dataset, settings = worked_example()
    runs = explore(network, dataset, np.geomspace(0.01, 10, 20), settings, 3000)
    assert {r.verdict for r in runs} == {"slow", "converged"}


def test_verdict_rules():
    assert verdict([1.0, 0.5], "diverged", None) == "diverged"
    assert verdict([1.0, 0.1], "target_error", 0.2) == "converged"
    assert verdict([1.0, 0.5, 0.6, 0.4, 0.5, 0.3], "max_epochs", None) == "oscillating"
    # rises of RISE of the error or less do not count, nor does ending that little higher
    flat = [1.0, 0.5, 0.5 * (1 + RISE), 0.5, 0.5 * (1 + RISE), 0.5]
    assert verdict(flat, "max_epochs", None) == "ok"
    bumpy = [1.0, 0.5, 0.5 * (1 + 2 * RISE), 0.5, 0.5 * (1 + 2 * RISE), 0.5]
    assert verdict(bumpy, "max_epochs", None) == "oscillating"
    jumped = [1.0, 1.5, 1.4, 1.3, 1.2, 1.1]
    assert verdict(jumped + [1.0 * (1 + RISE)], "max_epochs", None) == "ok"
    assert verdict(jumped + [1.0 * (1 + 2 * RISE)], "max_epochs", None) == "oscillating"
    assert verdict([1.0, 0.9, 0.8, 0.7], "max_epochs", 0.1) == "slow"
    assert verdict([1.0, 0.9, 0.8, 0.7], "max_epochs", None) == "ok"
    # the first epoch above the error before training: the steps jumped past the valley
    assert verdict([1.3, 0.9, 0.8, 0.7], "max_epochs", 0.1, start=1.0) == "overshot"
    assert verdict([0.95, 0.9, 0.8, 0.7], "max_epochs", 0.1, start=1.0) == "slow"
    assert verdict([1.3, 0.9, 0.8, 1.4], "max_epochs", None, start=1.0) == "oscillating"


def test_sweep_is_the_explorers_finals(xor_net, xor_data):
    rates = np.geomspace(0.01, 100, MAX_SWEEP)
    settings = TrainingSettings(mode="batch")
    finals = sweep(xor_net, xor_data, rates, settings, 30)
    runs = explore(xor_net, xor_data, rates, settings, 30)
    assert finals.shape == (MAX_SWEEP,)
    np.testing.assert_array_equal(finals, [r.final for r in runs])
    with pytest.raises(ValueError, match="1 to 50"):
        sweep(xor_net, xor_data, np.ones(MAX_SWEEP + 1), settings, 1)


def test_a_stacked_network_computes_each_copy_as_the_network_alone():
    # Compiled.stack(K): K weight sets in one forward and backward pass. Each copy's
    # outputs, errors and gradients equal those of the network compiled alone with them.
    rng = np.random.default_rng(5)
    net, ins, outs = random_dag(rng)
    data = random_data(rng, ins, outs)
    weights = rng.normal(size=(3, len(net.connections)))
    stacked = Compiled(net, ins, outs)
    stacked.stack(3)
    stacked.set_weights(weights)
    np.testing.assert_array_equal(stacked.get_weights(), weights)
    with np.errstate(over="ignore"):
        state = stacked.forward(data.x)
        grads = stacked.scatter(stacked.backward(state, data.y))
        errors = stacked.row_errors(state, data.y)
        for k in range(3):
            alone = Compiled(net, ins, outs)
            alone.set_weights(weights[k])
            one = alone.forward(data.x)
            np.testing.assert_allclose(stacked.outputs(state)[k], alone.outputs(one),
                                       rtol=0, atol=1e-12)
            np.testing.assert_allclose(errors[k], alone.row_errors(one, data.y),
                                       rtol=0, atol=1e-12)
            np.testing.assert_allclose(grads[k], alone.scatter(alone.backward(one, data.y)),
                                       rtol=0, atol=1e-12)


@pytest.mark.parametrize("settings", [
    TrainingSettings(mode="sgd", target_error=0.07),
    TrainingSettings(mode="minibatch", batch_size=3, shuffle=True, seed=3, momentum=0.5),
], ids=["sgd-target", "minibatch-momentum"])
def test_every_copy_ends_with_the_weights_of_its_own_run(xor_net, xor_data, settings, way):
    # 0.5 crawls, 5 goes on, 20 reaches the sgd target 0.07 and stops there. (Not 50: on
    # XOR sgd with α = 50 is chaotic, and the 1e-17 by which a different summation order
    # rounds differently grows to 1e-3 by epoch 166, in any two implementations.)
    rates = [0.5, 5.0, 20.0]
    clones = Clones(xor_net, xor_data, settings, np.array(rates))
    assert clones.lockstep == (way == "lockstep")
    stopped = [None] * 3
    for epoch in range(300):
        for k, why in clones.train_epoch(epoch)[2].items():
            stopped[k] = stopped[k] or why
    for k, rate in enumerate(rates):
        alone = Trainer(xor_net.copy(), xor_data, replace(settings, learning_rate=rate))
        result = alone.run(300)
        assert (stopped[k] or "max_epochs") == result.stopped
        np.testing.assert_allclose(clones.weights()[k], alone.weights(), rtol=0, atol=1e-9)


def test_progress_and_stopping(xor_net, xor_data):
    seen = []
    runs = explore(xor_net, xor_data, [0.1, 1.0], TrainingSettings(), 50,
                   progress=lambda e, n: seen.append((e, n)),
                   should_stop=lambda: len(seen) >= 7)
    assert seen == [(e, 50) for e in range(1, 8)]
    assert [len(r.history) for r in runs] == [7, 7]
    assert [r.stopped for r in runs] == ["cancelled", "cancelled"]


def test_a_network_that_cannot_train_is_refused(xor_net, xor_data):
    with pytest.raises(TrainingError, match="learning_rate must be from 0 to 1000000"):
        explore(xor_net, xor_data, [0.1], TrainingSettings(learning_rate=-1.0), 5)


def test_held_out_rows_are_not_trained_on(xor_net, xor_data, way):
    split = xor_data.with_test(np.array([False, True, False, False]))
    settings = TrainingSettings(mode="batch")
    run = explore(xor_net, split, [2.0], settings, 40)[0]
    alone = Trainer(xor_net.copy(), split.training(), replace(settings, learning_rate=2.0))
    np.testing.assert_allclose(run.history, alone.run(40).history, rtol=0, atol=1e-12)


def test_the_way_follows_the_work(xor_net, xor_data):
    settings = TrainingSettings()
    assert Clones(xor_net, xor_data, settings, np.ones(3)).lockstep  # 3 x 9 connections
    assert not Clones(xor_net, xor_data, settings, np.ones(50)).lockstep  # 50 x 9
    batch = TrainingSettings(mode="minibatch", batch_size=64)
    rows = np.tile(xor_data.rows, (20, 1))
    big_batches = type(xor_data)(xor_data.inputs, xor_data.targets, rows)
    assert not Clones(xor_net, big_batches, batch, np.ones(3)).lockstep  # 64-row batches


def test_a_diverging_copy_keeps_its_last_finite_weights(way):
    # A linear network: above α = 0.4 batch descent diverges (curvature mean(x²) = 5).
    from netsim.engine import Dataset
    net = linear_network()
    data = Dataset(["x"], ["y"], [[1.0, 2.0], [3.0, 1.0]])
    settings = TrainingSettings(mode="batch")
    runs = explore(net, data, [0.1, 1000.0], settings, 300)
    assert runs[0].verdict == "ok" and runs[1].verdict == "diverged"
    alone = Trainer(net.copy(), data, replace(settings, learning_rate=1000.0)).run(300)
    assert alone.stopped == "diverged" and runs[1].history == pytest.approx(alone.history)

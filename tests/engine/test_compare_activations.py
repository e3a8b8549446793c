"""Seed 001: "tanh often trains better than sigmoid": copies of a network whose hidden
neurons take sigmoid, tanh or ReLU, trained from the same weights side by side."""
from dataclasses import replace

import numpy as np
import pytest

from builders import random_dag, random_data
from netsim import paths
from netsim.engine import TrainingSettings
from netsim.engine.explorer import COMPARED, best, compare_activations
from netsim.engine.trainer import Trainer, TrainingError
from netsim.io import fileformat


@pytest.mark.parametrize("settings", [
    TrainingSettings(mode="sgd", learning_rate=0.3),
    TrainingSettings(mode="minibatch", batch_size=2, shuffle=True, seed=7, momentum=0.5),
], ids=["sgd", "minibatch"])
def test_each_curve_is_the_trainer_run_of_the_network_with_that_activation(settings):
    rng = np.random.default_rng(5)
    net, ins, outs = random_dag(rng, ["sigmoid"], "sigmoid")
    data = random_data(rng, ins, outs, rows=6, unit=True)
    before = net.weights()
    runs = compare_activations(net, data, settings, epochs=40)
    assert [r.activation for r in runs] == list(COMPARED) == ["sigmoid", "tanh", "relu"]
    hidden = net.ids("hidden")
    assert hidden
    for run in runs:
        copy = net.copy()
        for nid in hidden:
            copy.set_activation(nid, run.activation)
        expected = Trainer(copy, data, settings).run(40).history
        np.testing.assert_allclose(run.history, expected, rtol=0, atol=1e-10)
        assert run.learning_rate == settings.learning_rate
    assert net.weights() == before  # the network itself is not trained
    assert {net.neurons[n].activation for n in hidden} == {"sigmoid"}


def test_on_seed_002s_network_tanh_ends_far_below_sigmoid():
    nf = fileformat.load(paths.example("seed-002-network"))  # sgd, α = 0.05, 2000 epochs
    runs = compare_activations(nf.network, nf.dataset, nf.training)
    final = {r.activation: r.final for r in runs}
    assert all(len(r.history) == 2000 and r.verdict == "ok" for r in runs)
    assert final["tanh"] < final["sigmoid"] / 100
    assert best(runs).activation == "tanh"


def test_on_the_sine_fit_tanh_converges_first_and_is_the_best():
    nf = fileformat.load(paths.example("sin-fit"))  # target error 0.0005
    runs = compare_activations(nf.network, nf.dataset, nf.training)
    assert [r.verdict for r in runs] == ["converged"] * 3
    epochs = {r.activation: len(r.history) for r in runs}
    assert epochs["tanh"] < epochs["relu"] < epochs["sigmoid"]
    assert best(runs).activation == "tanh"
    assert all(r.final <= nf.training.target_error for r in runs)


def test_best_is_the_lowest_final_error_when_none_converges():
    nf = fileformat.load(paths.example("xor-worked-example"))
    runs = compare_activations(nf.network, nf.dataset, nf.training, epochs=200)
    assert all(r.verdict == "slow" for r in runs)
    assert best(runs) is min(runs, key=lambda r: r.final)


def test_a_network_without_hidden_neurons_is_refused():
    nf = fileformat.load(paths.example("and-perceptron"))
    with pytest.raises(TrainingError, match="no hidden neurons"):
        compare_activations(nf.network, nf.dataset, nf.training or TrainingSettings(), epochs=3)

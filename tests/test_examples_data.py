"""The examples of real data (iris, digits, sin x, parity) and the perceptrons: built by
packaging/build_examples.py, exactly as shipped, and each learns with its saved settings."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from netsim import paths
from netsim.engine.trainer import Trainer
from netsim.io import load
from netsim.io.shipped import shipped

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from digits_bench import accuracy  # noqa: E402


def build_script():
    spec = importlib.util.spec_from_file_location("build_examples",
                                                  ROOT / "packaging" / "build_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_rebuilds_every_example_byte_for_byte(tmp_path):
    script = build_script()
    script.main(folder=tmp_path)
    for name in script.BUILDERS:
        assert (tmp_path / f"{name}.netsim").read_bytes() == \
            paths.example(name).read_bytes(), name


def trained(name: str):
    nf = load(paths.example(name))
    trainer = Trainer(nf.network, nf.dataset, nf.training)
    result = trainer.run()
    nf.network.set_weights(trainer.weights())
    return nf, result


def test_iris_is_a_4_8_3_softmax_with_a_20_percent_test_split():
    nf = load(paths.example("iris-softmax"))
    net, data = nf.network, nf.dataset
    assert [len(net.ids(r)) for r in ("input", "hidden", "output")] == [4, 8, 3]
    assert [net.neurons[o].label for o in net.ids("output")] == \
        ["setosa", "versicolor", "virginica"]
    assert {net.neurons[o].activation for o in net.ids("output")} == {"softmax"}
    assert nf.training.loss == "cross_entropy" and data.test_count == 30
    assert data.scaling.method == "standardise"
    np.testing.assert_array_equal(data.raw_x, shipped("iris").x)  # the raw values stored


def test_digits_is_a_64_32_10_image_softmax_that_learns_with_its_settings():
    nf = load(paths.example("digits-softmax"))
    net = nf.network
    assert [len(net.ids(r)) for r in ("input", "hidden", "output")] == [64, 32, 10]
    assert nf.dataset.image == (8, 8) and nf.dataset.test_count == 359
    assert nf.training.loss == "cross_entropy"
    nf, result = trained("digits-softmax")
    assert result.epochs == nf.training.max_epochs
    assert accuracy(nf) >= 0.95  # 97.8 % on this machine; the benchmark times it


def test_parity_needs_its_hidden_layer_and_learns_with_it():
    nf, result = trained("parity-4bit")
    assert result.stopped != "max_epochs" and result.error <= nf.training.target_error
    assert len(nf.network.ids("hidden")) == 8 and len(nf.dataset) == 16


def test_sin_fit_reaches_its_target_error():
    nf, result = trained("sin-fit")
    assert [len(nf.network.ids(r)) for r in ("input", "hidden", "output")] == [1, 8, 1]
    assert nf.network.neurons[nf.network.ids("output")[0]].activation == "identity"
    assert result.error <= nf.training.target_error


def test_the_apps_training_process_trains_digits_like_netsim_train():
    from netsim.jobs.worker import TrainingJob
    nf = load(paths.example("digits-softmax"))
    job = TrainingJob(nf.network, nf.dataset, nf.training)  # the scaled dataset is sent along
    job.start()
    assert job.wait(120)
    expected, result = trained("digits-softmax")
    assert job.result.history == result.history
    nf.network.set_weights(job.weights)
    assert accuracy(nf) == accuracy(expected) >= 0.95

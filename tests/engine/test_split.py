"""A test split: rows held out of training, and the test error the trainer keeps."""
import math

import numpy as np
import pytest
from builders import XOR_ROWS, random_dag, random_data

from netsim.engine import Dataset, TrainingSettings
from netsim.engine.compiled import Compiled
from netsim.engine.gradcheck import gradient_check
from netsim.engine import landscape
from netsim.engine.trainer import Trainer, TrainingError, problem, train_with_restarts

ROWS = [[float(i), float(-i), float(i % 2)] for i in range(10)]


@pytest.fixture(params=["kernel", "numpy"])
def path(request, monkeypatch):
    if request.param == "numpy":
        monkeypatch.setattr("netsim.engine.trainer.SCALAR_LIMIT", 0)
    return request.param


def ten_rows(test=None):
    return Dataset(["x1", "x2"], ["y"], ROWS, test)


# ---- the dataset -----------------------------------------------------------------------
def test_no_row_is_held_out_by_default():
    data = ten_rows()
    assert data.test.dtype == bool and data.test.tolist() == [False] * 10
    assert data.test_count == 0 and data.test_rows == []
    assert data.training() is data and data.testing() is None


def test_training_and_testing_take_the_rows_apart():
    test = [False, True, False, False, True, False, False, False, False, True]
    data = ten_rows(test)
    assert data.test_rows == [1, 4, 9] and data.test_count == 3
    train, held = data.training(), data.testing()
    np.testing.assert_array_equal(train.rows, np.array(ROWS)[[0, 2, 3, 5, 6, 7, 8]])
    np.testing.assert_array_equal(held.rows, np.array(ROWS)[[1, 4, 9]])
    assert train.test.tolist() == [False] * 7 and held.test.tolist() == [False] * 3
    assert (train.inputs, train.targets) == (["x1", "x2"], ["y"])
    assert repr(data) == ("Dataset(10 rows, 3 held out for testing; inputs ['x1', 'x2'], "
                          "targets ['y'])")


def test_the_mask_needs_one_value_per_row():
    with pytest.raises(ValueError, match=r"one value per row \(10\), not 9"):
        ten_rows([False] * 9)


def test_copy_keeps_the_mask_and_does_not_share_it():
    data = ten_rows([True] + [False] * 9)
    copy = data.copy()
    assert copy.test_rows == [0]
    copy.test[1] = True
    assert data.test_rows == [0]


def test_split_holds_out_rounded_fraction_chosen_by_the_seed():
    data = ten_rows()
    split = data.split(0.25, seed=3)  # round(2.5) = 2
    expected = np.random.default_rng(3).choice(10, size=2, replace=False)
    assert split.test_rows == sorted(int(i) for i in expected)
    assert data.test_count == 0  # the original is left alone
    assert split.split(0.3, seed=3).test_count == 3
    assert data.split(0.0).test_count == 0
    assert data.split(0.5, seed=1).test_rows == data.split(0.5, seed=1).test_rows
    assert data.split(0.5, seed=1).test_rows != data.split(0.5, seed=2).test_rows


@pytest.mark.parametrize("fraction, message", [
    (0.96, "holding out 96% of 10 rows leaves no row to train on"),
    (1.0, "holding out 100% of 10 rows leaves no row to train on"),
    (-0.1, "the test fraction must be between 0 and 1, not -0.1"),
    (math.nan, "the test fraction must be between 0 and 1, not nan"),
])
def test_split_refuses_a_fraction_that_leaves_nothing_to_train(fraction, message):
    with pytest.raises(ValueError) as info:
        ten_rows().split(fraction)
    assert str(info.value) == message


def test_every_row_held_out_cannot_train():
    data = Dataset(["x1", "x2"], ["y"], XOR_ROWS, [True] * 4)
    assert problem(None, data, TrainingSettings()) == (
        "every row is held out for testing: there is no row to train on")


# ---- training --------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["sgd", "minibatch", "batch"])
def test_training_uses_only_the_training_rows(path, mode):
    rng = np.random.default_rng(11)
    net, ins, outs = random_dag(rng, ["tanh", "sigmoid"])
    data = random_data(rng, ins, outs, rows=9).split(0.34, seed=2)  # 3 rows held out
    settings = TrainingSettings(learning_rate=0.1, mode=mode, batch_size=2, momentum=0.3,
                                shuffle=True, seed=5, max_epochs=30)
    split = Trainer(net, data, settings)
    alone = Trainer(net, data.training(), settings)
    got, expected = split.run(), alone.run()
    np.testing.assert_allclose(split.weights(), alone.weights(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(got.history, expected.history, rtol=0, atol=1e-12)
    assert len(got.test_history) == 30 and expected.test_history == []
    # The last test error is the engine's mean error on the held-out rows, final weights.
    compiled = Compiled(net, ins, outs, settings.loss)
    compiled.set_weights(split.weights())
    held = data.testing()
    errors = compiled.row_errors(compiled.forward(held.x), held.y)
    assert got.test_history[-1] == pytest.approx(float(np.mean(errors)), rel=0, abs=1e-15)
    assert split.test_error() == got.test_history[-1]
    on_test_rows = Trainer(net, held, settings, weights=split.weights())
    assert got.test_history[-1] == on_test_rows.error()  # exactly the same sum


def test_the_test_error_is_the_mean_loss_on_the_test_rows_each_epoch(xor_net):
    data = Dataset(["x1", "x2"], ["y"], XOR_ROWS, [False, False, False, True])
    trainer = Trainer(xor_net, data, TrainingSettings(mode="batch", max_epochs=1))
    trainer.run()
    compiled = Compiled(xor_net, ["x1", "x2"], ["y"])
    compiled.set_weights(trainer.weights())
    out = compiled.outputs(compiled.forward(np.array([[1.0, 1.0]])))[0, 0]
    assert trainer.test_history == [0.5 * (0.0 - out) ** 2]


def test_without_a_split_there_is_no_test_history(xor_net, xor_data):
    result = Trainer(xor_net, xor_data, TrainingSettings(max_epochs=3)).run()
    assert result.test_history == []


def test_restarts_keep_the_best_by_training_error_and_each_test_history(xor_net):
    data = Dataset(["x1", "x2"], ["y"], XOR_ROWS * 2, [False] * 6 + [True] * 2)
    settings = TrainingSettings(max_epochs=20, restarts=3)
    found = train_with_restarts(xor_net, data, settings)
    alone = train_with_restarts(xor_net, data.training(), settings)
    assert found.errors == alone.errors and found.best == alone.best
    assert all(len(r.test_history) == 20 for r in found.results)


def test_started_is_told_of_each_run(xor_net, xor_data):
    seen = []
    train_with_restarts(xor_net, xor_data, TrainingSettings(max_epochs=2), 3,
                        started=lambda r, trainer: seen.append((r, trainer.epoch)))
    assert seen == [(0, 0), (1, 0), (2, 0)]


def test_a_refused_split_dataset_says_why(xor_net):
    data = Dataset(["x1", "x2"], ["y"], XOR_ROWS, [True] * 4)
    with pytest.raises(TrainingError, match="every row is held out"):
        Trainer(xor_net, data, TrainingSettings())


# ---- the plots' numbers use the training rows ------------------------------------------
def test_gradient_check_and_landscape_use_the_training_rows(xor_net):
    data = Dataset(["x1", "x2"], ["y"], XOR_ROWS, [True, False, False, True])
    check, alone = gradient_check(xor_net, data), gradient_check(xor_net, data.training())
    np.testing.assert_array_equal(check.analytic, alone.analytic)
    key = ("h1", "y")
    np.testing.assert_array_equal(landscape.curve(xor_net, data, key, [0.0, 0.3, 1.0]),
                                  landscape.curve(xor_net, data.training(), key,
                                                  [0.0, 0.3, 1.0]))
    assert landscape.tangent(xor_net, data, key).slope == \
        landscape.tangent(xor_net, data.training(), key).slope

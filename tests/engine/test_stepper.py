"""Stepper: seed 000's example stage by stage; the numbers are engine.trace's, revealed in
the seeds' order; back() returns exactly; rows and epochs match the sgd trainer."""
import subprocess
import sys

import numpy as np
import pytest
from builders import XOR_ROWS

from netsim.engine import Dataset, TrainingSettings
from netsim.engine.stepper import (BACKWARD, ERROR, FORWARD, INPUT, UPDATE, Stage, Stepper,
                                   number, plain)
from netsim.engine.trace import trace
from netsim.engine.trainer import Trainer

ALPHA = 0.5


@pytest.fixture
def data():
    return Dataset(["x1", "x2"], ["y"], XOR_ROWS)


@pytest.fixture
def stepper(xor_net, data):
    return Stepper(xor_net, data, ALPHA, "squared_error", row=0)


def test_the_stages_follow_the_seed(stepper):
    assert stepper.stages == [Stage(INPUT), Stage(FORWARD, 1), Stage(FORWARD, 2), Stage(ERROR),
                              Stage(BACKWARD, 2), Stage(BACKWARD, 1), Stage(UPDATE)]
    assert stepper.stage is None and stepper.row == 0
    assert stepper.neuron("h1").output is None and stepper.error() is None
    seen = [str(stepper.step()) for _ in range(7)]
    assert seen == ["input", "forward 1", "forward 2", "error", "backward 2", "backward 1",
                    "update"]


def test_each_stage_reveals_the_trace_numbers(stepper, xor_net, data):
    t = trace(xor_net, data, 0)
    stepper.step()  # input
    assert stepper.neuron("x1").output == 1.0 and stepper.neuron("b").output == 1.0
    assert stepper.neuron("h1").output is None
    assert stepper.connection(("x1", "h1")).source_output == 1.0
    assert stepper.connection(("x1", "h1")).product is None
    stepper.step()  # forward 1
    h1 = stepper.neuron("h1")
    assert (h1.net, h1.output, h1.delta) == (t.neurons["h1"].net, t.neurons["h1"].output, None)
    assert stepper.connection(("x1", "h1")).product == 0.25 * 1.0
    assert stepper.neuron("y").output is None
    assert stepper.connection(("h1", "y")).product is None
    assert stepper.active() == (["h1", "h2"], [("x1", "h1"), ("x2", "h1"), ("b", "h1"),
                                               ("x1", "h2"), ("x2", "h2"), ("b", "h2")])
    stepper.step()  # forward 2
    assert stepper.neuron("y").output == t.outputs["y"]
    assert stepper.connection(("h1", "y")).product == 0.3 * t.neurons["h1"].output
    assert stepper.neuron("y").target is None and stepper.error() is None
    stepper.step()  # error
    y = stepper.neuron("y")
    assert (y.target, y.share) == (1.0, pytest.approx(t.error, rel=1e-15))
    assert stepper.error() == t.error
    assert y.delta is None
    stepper.step()  # backward 2: the output's delta, the gradients into it
    assert stepper.neuron("y").delta == t.neurons["y"].delta
    assert stepper.neuron("h1").delta is None
    grads = {(c.source, c.target): c.gradient for c in t.connections}
    assert stepper.connection(("h1", "y")).gradient == grads["h1", "y"]
    assert stepper.connection(("x1", "h1")).gradient is None
    stepper.step()  # backward 1
    for nid in ("h1", "h2"):
        assert stepper.neuron(nid).delta == t.neurons[nid].delta
    assert stepper.connection(("x1", "h1")).gradient == grads["x1", "h1"]
    assert stepper.connection(("x1", "h1")).new_weight is None
    assert stepper.weights() == {c.key: c.weight for c in xor_net.connections}
    stepper.step()  # update
    for c in xor_net.connections:
        new = t.updated_weight(c.source, c.target, ALPHA)
        assert stepper.connection(c.key).new_weight == new
        assert stepper.connection(c.key).weight == c.weight  # the row's own weight
        assert stepper.weights()[c.key] == new


def test_the_update_matches_seed_000(stepper):
    stepper.step_row()
    w = stepper.weights()
    assert w["h1", "y"] == pytest.approx(0.3 + ALPHA * 0.025776652 * 0.77729986, rel=1e-7)
    assert w["x2", "h1"] == 0.2  # x2 = 0: no change


def test_back_returns_exactly(stepper):
    states = []
    for _ in range(10):  # across the update and into the next row
        states.append((stepper.row, stepper.index, stepper.weights(), stepper.neuron("y"),
                       stepper.connection(("h1", "y"))))
        stepper.step()
    assert stepper.row == 1 and stepper.stage == Stage(FORWARD, 2)
    for state in reversed(states):
        assert stepper.back()
        assert (stepper.row, stepper.index, stepper.weights(), stepper.neuron("y"),
                stepper.connection(("h1", "y"))) == state
    assert not stepper.back() and not stepper.can_back()
    # the compiled weights came back too: the same steps give the same numbers
    first = stepper.step_row() and stepper.weights()
    stepper.back()
    assert stepper.step_row() and stepper.weights() == first


def test_rows_wrap_and_count_epochs(stepper):
    for _ in range(4):
        stepper.step_row()
    assert (stepper.row, stepper.epoch, stepper.row_done) == (3, 0, True)
    stepper.step()
    assert (stepper.row, stepper.epoch, stepper.stage) == (0, 1, Stage(INPUT))


def test_step_epoch_is_one_sgd_epoch(xor_net, data):
    trainer = Trainer(xor_net, data, TrainingSettings(learning_rate=ALPHA, mode="sgd"))
    trainer.train_epoch()
    expected = trainer.weights()
    stepper = Stepper(xor_net, data, ALPHA)
    stepper.step()
    stepper.step()  # part way into row 0: step_epoch finishes it, then rows 1..3
    stepper.step_epoch()
    assert (stepper.row, stepper.row_done, stepper.epoch) == (3, True, 0)
    np.testing.assert_allclose(list(stepper.weights().values()), expected, rtol=1e-12)
    stepper.step_epoch()  # at the end of an epoch: the whole next epoch
    trainer.train_epoch()
    assert (stepper.row, stepper.epoch) == (3, 1)
    np.testing.assert_allclose(list(stepper.weights().values()), trainer.weights(), rtol=1e-12)
    stepper.back()
    np.testing.assert_allclose(list(stepper.weights().values()), expected, rtol=0)


def test_rows_held_out_for_testing_are_never_stepped_through(xor_net, data):
    split = data.with_test([False, True, False, True])  # rows 1 and 3 held out
    trainer = Trainer(xor_net, split, TrainingSettings(learning_rate=ALPHA, mode="sgd"))
    stepper = Stepper(xor_net, split, ALPHA, row=1)  # a held-out start: the next row
    assert stepper.order == [0, 2] and stepper.row == 2
    with pytest.raises(ValueError, match="^row 3 is held out for testing, and stepping "
                                         "trains only on the training rows$"):
        stepper.set_row(3)
    stepper.set_row(0)
    seen = []
    for _ in range(4):
        stepper.step_row()
        seen.append((stepper.row, stepper.epoch))
    assert seen == [(0, 0), (2, 0), (0, 1), (2, 1)]
    trainer.train_epoch()
    trainer.train_epoch()  # two epochs over the training rows, as the stepper did
    np.testing.assert_allclose(list(stepper.weights().values()), trainer.weights(), rtol=1e-12)
    stepper.step_epoch()  # the end of an epoch: the whole next one, rows 0 and 2
    trainer.train_epoch()
    assert (stepper.row, stepper.epoch) == (2, 2) and stepper.next_row() == 0
    np.testing.assert_allclose(list(stepper.weights().values()), trainer.weights(), rtol=1e-12)


def test_set_row_and_its_trace(stepper, xor_net, data):
    stepper.set_row(2)
    assert stepper.row == 2 and stepper.stage is None
    assert "Row 2" in stepper.describe() and "x2 = 1" in stepper.describe()
    stepper.step_row()
    t = trace(xor_net, data, 2)
    assert stepper.trace.error == t.error
    stepper.back()
    stepper.back()
    assert stepper.row == 0
    with pytest.raises(ValueError, match="out of range"):
        stepper.set_row(4)


def test_frozen_connections_keep_their_weight(xor_net, data):
    xor_net.connection("h1", "y").trainable = False
    stepper = Stepper(xor_net, data, ALPHA)
    stepper.step_row()
    assert stepper.weights()["h1", "y"] == 0.3
    assert ("h1", "y") not in stepper.active()[1]


def test_cross_entropy_shares_sum_to_j(rng_net):
    net, ds = rng_net
    stepper = Stepper(net, ds, 0.1, "cross_entropy", row=1)
    for _ in range(stepper.index_of(Stage(ERROR)) + 1):
        stepper.step()
    t = trace(net, ds, 1, "cross_entropy")
    shares = [stepper.neuron(o).share for o in ds.targets]
    assert sum(shares) == pytest.approx(t.error, rel=1e-12)
    assert stepper.error() == t.error


@pytest.fixture
def rng_net():
    from builders import random_dag, random_data
    rng = np.random.default_rng(3)
    net, ins, outs = random_dag(rng, output_activation="sigmoid")
    return net, random_data(rng, ins, outs, unit=True)


def test_any_dag_steps_level_by_level(rng_net):
    net, ds = rng_net
    stepper = Stepper(net, ds, 0.1)
    levels = stepper.level
    stepper.step()  # input
    for stage in stepper.stages[1:stepper.depth + 1]:
        assert stepper.step() == stage
        ids, keys = stepper.active()
        assert ids and all(levels[n] == stage.level for n in ids)
        assert all(levels[k[1]] == stage.level for k in keys)
        # a neuron fires only after all its sources
        for n in ids:
            assert all(stepper.neuron(c.source).output is not None for c in net.incoming(n))


def test_refuses_what_cannot_train(xor_net):
    with pytest.raises(ValueError, match="no training data"):
        Stepper(xor_net, Dataset(["x1", "x2"], ["y"]), ALPHA)


def test_number_formats():
    assert number(1.25) == "1.250" and number(0.7772998611746911) == "0.7773"
    assert number(0.0013386185791917666) == "0.001339" and number(-0.02) == "\u22120.02000"
    assert number(2.5e-7) == "2.5e\u22127" and number(0.0) == "0" and number(12345.6) == "1.235e4"
    assert plain(1.0) == "1" and plain(0.25) == "0.25" and plain(-1.5) == "\u22121.5"


def test_the_stepper_needs_no_qt():
    code = ("import sys, netsim.engine.stepper; "
            "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0

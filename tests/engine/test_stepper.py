"""Stepper: seed 000's example stage by stage; the numbers are engine.trace's, revealed in
the seeds' order; back() returns exactly; rows and epochs match the sgd trainer."""
import subprocess
import sys

import numpy as np
import pytest
from big_networks import fan
from builders import XOR_ROWS

from netsim import paths
from netsim.engine import Dataset, TrainingSettings
from netsim.engine.step_values import (ACCUMULATE, BACKWARD, ERROR, FORWARD, INPUT, UPDATE,
                                       Stage, number, plain)
from netsim.engine.stepper import Stepper
from netsim.io import fileformat
from netsim.engine.trace import NeuronTrace, trace
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


# ---- the training mode, momentum, schedule and shuffling (seed 001) ----------------------
def example(name):
    """An example's network and dataset. Seed 001's 2-2-2 network comes with its one row;
    two more rows (made up, targets in (0, 1)) give its batches more than one row."""
    nf = fileformat.load(paths.example(name))
    data = nf.dataset
    if name == "two-two-two":
        data = Dataset(data.inputs, data.targets,
                       data.rows + [[0.9, 0.2, 0.3, 0.6], [0.4, 0.8, 0.7, 0.1]])
    return nf.network, data


def weights_of(stepper):
    return np.array(list(stepper.weights().values()))


RULES = {  # mode, batch size, momentum, schedule (decaying every epoch)
    "sgd": ("sgd", 1, 0.0, "constant"),
    "sgd momentum step": ("sgd", 1, 0.9, "step"),
    "minibatch 2": ("minibatch", 2, 0.0, "constant"),
    "minibatch 3 momentum inverse": ("minibatch", 3, 0.9, "inverse_time"),
    "batch": ("batch", 1, 0.0, "constant"),
    "batch momentum step": ("batch", 1, 0.5, "step"),
    "batch inverse": ("batch", 1, 0.0, "inverse_time"),
}


@pytest.mark.parametrize("name", ["xor-worked-example", "two-two-two"])
@pytest.mark.parametrize("rule", RULES, ids=list(RULES))
def test_step_epoch_ends_on_the_trainers_weights_in_every_mode(name, rule):
    mode, size, mu, schedule = RULES[rule]
    net, data = example(name)
    settings = TrainingSettings(learning_rate=0.5, mode=mode, batch_size=size, momentum=mu,
                                schedule=schedule, decay_rate=0.5, decay_steps=1)
    stepper, trainer = Stepper(net, data, settings), Trainer(net, data, settings)
    for epoch in range(4):  # the schedule's rate and the momentum carry across epochs
        stepper.step_epoch()
        trainer.train_epoch()
        assert (stepper.epoch, stepper.row, stepper.row_done) == (epoch, len(data) - 1, True)
        np.testing.assert_allclose(weights_of(stepper), trainer.weights(), rtol=1e-12, atol=1e-15)
    assert stepper.numbers.learning_rate == settings.learning_rate_at(3)


def test_batch_rows_accumulate_and_the_last_row_updates_with_the_mean(xor_net, xor_data):
    """Seed 001: batch mode saves up each row's dJ/dw and applies the average once."""
    traces = [trace(xor_net, xor_data, r) for r in range(4)]
    grads = [{(c.source, c.target): c.gradient for c in t.connections} for t in traces]
    before = {c.key: c.weight for c in xor_net.connections}
    stepper = Stepper(xor_net, xor_data, TrainingSettings(learning_rate=ALPHA, mode="batch"))
    assert stepper.batch_size == 4 and stepper.stages[-2:] == [Stage(ACCUMULATE), Stage(UPDATE)]
    key = ("h1", "y")
    for r in range(4):
        for _ in range(stepper.index_of(Stage(BACKWARD, 1)) + 1):
            stepper.step()
        assert stepper.row == r and stepper.connection(key).gradient == grads[r][key]
        assert stepper.connection(key).gradient_sum is None  # not before accumulate
        assert stepper.row_stages == stepper.stages[:-1 if r < 3 else None]
        stepper.step()  # accumulate
        assert stepper.stage == Stage(ACCUMULATE) and stepper.row_done == (r < 3)
        total = sum(g[key] for g in grads[:r + 1])
        v = stepper.connection(key)
        assert v.sum_before == pytest.approx(total - grads[r][key], rel=1e-14)
        assert v.gradient_sum == pytest.approx(total, rel=1e-14)
        assert v.mean_gradient == pytest.approx(total / (r + 1), rel=1e-14)
        assert v.new_weight is None and stepper.summed == r + 1
        assert stepper.weights() == before  # every row of the batch uses the same weights
        assert stepper.trace.connections[6].weight == 0.3
    stepper.step()  # update, after the last row only
    assert stepper.stage == Stage(UPDATE) and stepper.row_done
    for c in xor_net.connections:
        mean = sum(g[c.key] for g in grads) / 4
        v = stepper.connection(c.key)
        assert v.step == pytest.approx(-ALPHA * mean, rel=1e-13)
        assert v.new_weight == pytest.approx(c.weight - ALPHA * mean, rel=1e-14)
        assert stepper.weights()[c.key] == v.new_weight
    assert stepper.weights()[key] == pytest.approx(0.3 - ALPHA * sum(g[key] for g in grads) / 4)
    stepper.step()  # the next epoch's first row: a new batch, its sum from 0
    assert (stepper.row, stepper.epoch, stepper.summed) == (0, 1, 0)


def test_minibatches_update_after_each_batchs_last_row(xor_net, xor_data):
    settings = TrainingSettings(learning_rate=ALPHA, mode="minibatch", batch_size=3)
    stepper = Stepper(xor_net, xor_data, settings)
    updates = []
    for _ in range(2 * 4):  # two epochs, row by row
        before = stepper.weights()
        stepper.step_row()
        updates.append((stepper.row, stepper.batch(), stepper.weights() != before))
    assert updates == [(0, (0, 2), False), (1, (0, 2), False), (2, (0, 2), True),
                       (3, (3, 3), True)] * 2  # rows 0-2, then row 3 alone


def test_momentum_adds_the_last_step(xor_net, xor_data):
    mu = 0.9
    settings = TrainingSettings(learning_rate=ALPHA, mode="sgd", momentum=mu)
    stepper = Stepper(xor_net, xor_data, settings)
    stepper.step_row()
    first = stepper.connection(("h1", "y"))
    assert first.previous_step == 0.0 and first.step == -ALPHA * first.gradient
    stepper.step_row()
    second = stepper.connection(("h1", "y"))
    assert second.previous_step == first.step
    assert second.step == pytest.approx(mu * first.step - ALPHA * second.gradient, rel=1e-14)
    assert second.new_weight == second.weight + second.step


def test_the_schedule_sets_each_epochs_rate(xor_net, xor_data):
    settings = TrainingSettings(learning_rate=ALPHA, schedule="step", decay_rate=0.5,
                                decay_steps=1)
    stepper = Stepper(xor_net, xor_data, settings)
    rates = []
    for _ in range(3):
        stepper.step_epoch()
        rates.append((stepper.learning_rate, stepper.numbers.learning_rate))
    assert rates == [(0.5, 0.5), (0.25, 0.25), (0.125, 0.125)]
    g = stepper.connection(("h1", "y"))
    assert g.step == -0.125 * g.gradient


def test_shuffled_epochs_follow_the_trainers_order(xor_net, xor_data):
    settings = TrainingSettings(learning_rate=ALPHA, mode="minibatch", batch_size=2,
                                momentum=0.5, shuffle=True, seed=7)
    rng = np.random.default_rng(7)
    orders = [rng.permutation(4).tolist() for _ in range(3)]
    assert orders[0] != [0, 1, 2, 3]
    stepper, trainer = Stepper(xor_net, xor_data, settings), Trainer(xor_net, xor_data, settings)
    seen = []
    for _ in range(3 * 4):
        stepper.step_row()
        seen.append(stepper.row)
    assert seen == orders[0] + orders[1] + orders[2]
    for _ in range(3):
        trainer.train_epoch()
    np.testing.assert_allclose(weights_of(stepper), trainer.weights(), rtol=1e-12, atol=1e-15)
    assert "rows shuffled (seed 7): " + ", ".join(map(str, orders[2])) in stepper.mode_line()


def test_picking_a_row_keeps_or_drops_the_batchs_sum(xor_net, xor_data):
    stepper = Stepper(xor_net, xor_data, TrainingSettings(learning_rate=ALPHA, mode="batch"))
    stepper.step_row()  # row 0 summed
    assert stepper.set_row(2) == 0 and stepper.summed == 1  # later in the batch: kept
    stepper.step_row()
    assert stepper.summed == 2
    assert stepper.set_row(1) == 2 and stepper.summed == 0  # back: the sum starts again
    stepper.step_epoch()  # rows 1, 2 and 3, then the update with their mean
    grads = [{(c.source, c.target): c.gradient for c in trace(xor_net, xor_data, r).connections}
             for r in (1, 2, 3)]
    v = stepper.connection(("h1", "y"))
    assert stepper.numbers.count == 3
    assert v.new_weight == pytest.approx(0.3 - ALPHA * sum(g["h1", "y"] for g in grads) / 3,
                                         rel=1e-14)
    assert "of the 3 rows summed so far" in stepper.mode_line()
    for _ in range(4):
        stepper.back()
    assert (stepper.row, stepper.summed, stepper.stage) == (0, 1, Stage(ACCUMULATE))
    stepper.back()
    assert (stepper.row, stepper.summed, stepper.stage) == (0, 0, None)


def test_back_over_a_batch_update_returns_exactly(xor_net, xor_data):
    settings = TrainingSettings(learning_rate=ALPHA, mode="batch", momentum=0.9)
    stepper = Stepper(xor_net, xor_data, settings)
    stepper.step_epoch()
    after_one = stepper.weights()
    stepper.step_epoch()
    stepper.back()
    assert stepper.weights() == after_one
    stepper.step_epoch()  # the velocity came back too: the same second epoch
    trainer = Trainer(xor_net, xor_data, settings)
    trainer.train_epoch()
    trainer.train_epoch()
    np.testing.assert_allclose(weights_of(stepper), trainer.weights(), rtol=1e-12, atol=1e-15)


def test_the_words_say_what_the_mode_does(xor_net, xor_data):
    settings = TrainingSettings(learning_rate=ALPHA, mode="batch", momentum=0.9,
                                schedule="inverse_time", decay_rate=1.0, decay_steps=1)
    stepper = Stepper(xor_net, xor_data, settings)
    stepper.step_epoch()
    stepper.step()  # epoch 2, row 0: input
    assert stepper.mode_line() == (
        "Batch: row 0 is 1 of 4 in the batch; one update after row 3, with the mean "
        "\u2202J/\u2202w \u00b7 \u03b1 = 0.25 in epoch 2 (inverse-time schedule) \u00b7 "
        "momentum \u03bc = 0.9")
    while stepper.stage != Stage(ACCUMULATE):
        stepper.step()
    assert stepper.describe() == ("Row 0 \u00b7 accumulate: \u2202J/\u2202w summed over 1 of "
                                  "the batch's 4 rows; the update comes after row 3")
    stepper.step_epoch()
    assert stepper.describe() == ("Row 3 \u00b7 update: 9 weights changed by \u2212\u03b1\u00b7"
                                  "mean \u2202J/\u2202w over 4 rows (\u03b1 = 0.25, \u03bc = 0.9)")
    sgd = Stepper(xor_net, xor_data, ALPHA)
    assert sgd.mode_line() == "SGD: the weights change after every row \u00b7 \u03b1 = 0.5"
    one = Stepper(xor_net, xor_data, TrainingSettings(mode="minibatch", batch_size=1))
    assert one.mode_line().startswith("Mini-batch of 1 row: the weights change after every row")
    assert ACCUMULATE not in [s.kind for s in one.stages]


def test_follows_the_settings_that_decide_a_step(xor_net, xor_data):
    settings = TrainingSettings(learning_rate=ALPHA, mode="batch")
    stepper = Stepper(xor_net, xor_data, settings)
    settings.mode = "sgd"  # the stepper keeps its own copy
    assert stepper.settings.mode == "batch"
    for same in ({"max_epochs": 7}, {"seed": 3}, {"batch_size": 2}, {"decay_rate": 0.1}):
        # what a whole run needs, or what this mode, order and schedule do not use
        assert stepper.follows(TrainingSettings(**{"learning_rate": ALPHA, "mode": "batch",
                                                   **same})), same
    for change in ({"mode": "sgd"}, {"momentum": 0.5}, {"schedule": "step"}, {"shuffle": True},
                   {"learning_rate": 0.4}, {"loss": "cross_entropy"}):
        other = TrainingSettings(**{"learning_rate": ALPHA, "mode": "batch", **change})
        assert not stepper.follows(other), change


def test_picking_a_row_before_the_batchs_update_drops_the_whole_sum(xor_net, xor_data):
    stepper = Stepper(xor_net, xor_data, TrainingSettings(learning_rate=ALPHA, mode="batch"))
    for _ in range(3):
        stepper.step_row()  # rows 0-2 summed
    stepper.step()  # row 3: input
    while stepper.stage != Stage(ACCUMULATE):
        stepper.step()  # row 3 summed too; its update (the batch's) is the next stage
    assert stepper.row == 3 and not stepper.row_done
    assert stepper.set_row(1) == 4 and stepper.summed == 0
    assert stepper.weights() == {c.key: c.weight for c in xor_net.connections}


def test_picking_a_row_after_a_finished_epoch_begins_the_next(xor_net, xor_data):
    settings = TrainingSettings(learning_rate=ALPHA, schedule="step", decay_rate=0.5,
                                decay_steps=1)
    stepper = Stepper(xor_net, xor_data, settings)
    stepper.step_epoch()
    assert stepper.set_row(2) == 0
    assert (stepper.row, stepper.epoch, stepper.learning_rate) == (2, 1, 0.25)
    stepper.step_row()
    assert stepper.numbers.learning_rate == 0.25
    stepper.back()
    stepper.back()
    assert (stepper.row, stepper.epoch, stepper.row_done) == (3, 0, True)


def test_large_batches_match_the_trainers_numpy_blocks(xor_net):
    """Batches of more than SCALAR_BATCH rows train through Compiled's blocks, which sum
    dJ/dw in another order than row by row: the same weights to 1e-12 still."""
    rng = np.random.default_rng(0)
    rows = [[a, b, float((a > 0.5) != (b > 0.5))] for a, b in rng.random((90, 2))]
    data = Dataset(["x1", "x2"], ["y"], rows)
    settings = TrainingSettings(learning_rate=2.0, mode="minibatch", batch_size=40,
                                momentum=0.8, shuffle=True, seed=4, schedule="inverse_time",
                                decay_steps=2)
    stepper, trainer = Stepper(xor_net, data, settings), Trainer(xor_net, data, settings)
    assert repr(trainer) == "Trainer(minibatch, batch 40, numpy blocks, epoch 0)"
    for _ in range(3):
        stepper.step_epoch()
        trainer.train_epoch()
    assert stepper.numbers.count == 10  # the epoch's last batch: rows 80-89 of the order
    np.testing.assert_allclose(weights_of(stepper), trainer.weights(), rtol=1e-12, atol=1e-15)


def test_the_status_line_summarises_long_lists():
    net, data = fan()  # 20 inputs, 10 outputs
    stepper = Stepper(net, data, 0.5)
    assert stepper.describe() == ("Row 0 (x1 = 1, x2 = 1, x3 = 1, x4 = 1, x5 = 1, \u2026 24 more "
                                  "\u2026, y9 = 0): ready; step to put its inputs in")
    stepper.step()
    assert stepper.describe() == ("Row 0 \u00b7 input: x1 = 1, x2 = 1, x3 = 1, x4 = 1, x5 = 1, "
                                  "\u2026 14 more \u2026, x20 = 1")
    stepper.step()
    stepper.step()
    assert stepper.describe() == ("Row 0 \u00b7 forward, level 2 of 2: y0, y1, y2, y3, y4, "
                                  "\u2026 4 more \u2026, y9 fire")
    stepper.step()
    stepper.step()
    assert stepper.describe() == ("Row 0 \u00b7 backward, level 2: \u03b4 of y0, y1, y2, y3, y4, "
                                  "\u2026 4 more \u2026, y9")
    stepper.step()
    stepper.step()  # the update: every weight into h moves (x = 1), and every one out of it
    assert stepper.describe() == "Row 0 \u00b7 update: 31 weights changed (\u03b1 = 0.5)"


def test_the_arrays_show_what_the_stage_reveals(stepper):
    ids = stepper.ids
    assert ids == ["x1", "x2", "b", "h1", "h2", "y"]
    assert np.isnan(stepper.neuron_outputs()).all()  # nothing revealed yet
    stepper.step()
    stepper.step()  # forward 1
    outputs = stepper.neuron_outputs()
    for nid, value in zip(ids, outputs):
        known = stepper.neuron(nid).output
        assert np.isnan(value) if known is None else value == known
    assert np.isnan(outputs[ids.index("y")]) and outputs[ids.index("b")] == 1.0
    assert np.isnan(stepper.neuron_deltas()).all()
    assert stepper.keys_into(1) == stepper.active()[1]
    assert stepper.keys_into(2) == [("h1", "y"), ("h2", "y"), ("b", "y")]
    for _ in range(3):  # error, backward 2
        stepper.step()
    deltas = stepper.neuron_deltas()
    assert deltas[ids.index("y")] == stepper.neuron("y").delta
    assert np.isnan(deltas[[ids.index(n) for n in ("x1", "x2", "b", "h1", "h2")]]).all()
    before = stepper.weight_array()
    stepper.step()
    stepper.step()  # the update
    weights = stepper.weight_array()
    assert weights is not before and not weights.flags.writeable
    assert weights.tolist() == list(stepper.weights().values())
    assert stepper.network.weights() == weights.tolist()  # the copy has them when asked
    assert stepper.graph is stepper.network
    stepper.back()
    assert stepper.weight_array() is before and stepper.network.weights() == before.tolist()


def test_a_trace_reads_its_arrays_one_neuron_or_connection_at_a_time(xor_net, data):
    t = trace(xor_net, data, 0)
    assert len(t.connections) == 9 and list(t.neurons) == ["x1", "x2", "b", "h1", "h2", "y"]
    first = t.connections[0]
    assert (first.source, first.target, first.weight) == ("x1", "h1", 0.25)
    assert first.gradient == t.gradients[0] == -t.neurons["h1"].delta * 1.0
    assert [c.key for c in xor_net.connections] == [(c.source, c.target) for c in t.connections]
    assert t.connections[-2:] == [t.connections[7], t.connections[8]]
    assert t.neurons["b"] == NeuronTrace(None, 1.0, None)
    assert t.neurons["x2"].output == 0.0 and t.neurons["x2"].delta is None
    assert t.outputs["y"] == t.neurons["y"].output == t.neurons.output[5]
    with pytest.raises(KeyError, match="no connection x1 -> y"):
        t.updated_weight("x1", "y", 0.5)


def test_the_scales_are_the_largest_delta_and_gradient_of_the_row(stepper, xor_net, data):
    assert stepper.scales() == (0.0, 0.0)
    stepper.step()
    t = trace(xor_net, data, 0)
    assert stepper.scales() == (max(abs(t.neurons[n].delta) for n in ("h1", "h2", "y")),
                                max(abs(c.gradient) for c in t.connections))


def test_a_big_network_keeps_its_last_moves(monkeypatch):
    from netsim.engine import stepper as module
    net, data = fan()  # 31 connections: room for 3 moves
    monkeypatch.setattr(module, "HISTORY_NUMBERS", 31 * 3)
    monkeypatch.setattr(module, "MIN_HISTORY", 2)
    stepper = Stepper(net, data, 0.5)
    seen = []
    for _ in range(5):
        seen.append((stepper.index, stepper.neuron("h")))
        stepper.step()
    for index, values in reversed(seen[2:]):
        assert stepper.back() and (stepper.index, stepper.neuron("h")) == (index, values)
    assert not stepper.back() and not stepper.can_back()
    assert stepper.index == 1  # forward 1, where the oldest move kept began


def test_the_ready_line_names_the_neurons_and_says_the_inputs_will_be_scaled():
    from netsim import paths
    from netsim.io.fileformat import load
    nf = load(paths.example("iris-softmax"))
    stepper = Stepper(nf.network, nf.dataset, nf.training)
    raw = nf.dataset.rows[stepper.row].tolist()
    assert stepper.describe() == (
        f"Row {stepper.row} (sepal_length = {raw[0]:g}, sepal_width = {raw[1]:g}, "
        f"petal_length = {raw[2]:g}, petal_width = {raw[3]:g}, setosa = {raw[4]:g}, "
        f"versicolor = {raw[5]:g}, virginica = {raw[6]:g}): ready; step to put its inputs "
        f"in, standardised as they go in")

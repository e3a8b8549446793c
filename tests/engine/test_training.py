"""Training modes (seed 001), schedules, momentum, stopping, divergence, restarts."""
import math

import numpy as np
import pytest
from builders import XOR_ROWS, random_dag, random_data, seed000_network

from netsim.engine import Dataset, Network, TrainingSettings
from netsim.engine.compiled import Compiled
from netsim.engine.init import initial_weights
from netsim.engine.trace import trace
from netsim.engine.trainer import Trainer, TrainingError, gradient_warnings, train_with_restarts


def gradient(net, data, rows, loss="squared_error"):
    """Per-row gradients dJ/dw from independent traces, one row per line."""
    return np.array([[c.gradient for c in trace(net, data, r, loss).connections] for r in rows])


@pytest.fixture(params=["kernel", "numpy"])
def path(request, monkeypatch):
    if request.param == "numpy":
        monkeypatch.setattr("netsim.engine.trainer.SCALAR_LIMIT", 0)
    return request.param


def test_batch_step_is_the_average_of_per_row_gradients(xor_net, xor_data):
    w0 = np.array(xor_net.weights())
    expected = w0 - 0.5 * gradient(xor_net, xor_data, range(4)).mean(axis=0)
    trainer = Trainer(xor_net, xor_data, TrainingSettings(mode="batch", max_epochs=1))
    trainer.run()
    np.testing.assert_allclose(trainer.weights(), expected, rtol=1e-13)


def test_minibatch_averages_each_batch_and_the_last_partial_one():
    rng = np.random.default_rng(5)
    net, ins, outs = random_dag(rng, ["tanh", "sigmoid"])
    data = random_data(rng, ins, outs, rows=7)
    expected = net.copy()
    for rows in ([0, 1, 2], [3, 4, 5], [6]):  # batch_size 3 over 7 rows: 3 + 3 + 1
        step = gradient(expected, data, rows).mean(axis=0)
        expected.set_weights(np.array(expected.weights()) - 0.2 * step)
    settings = TrainingSettings(learning_rate=0.2, mode="minibatch", batch_size=3, max_epochs=1)
    trainer = Trainer(net, data, settings)
    trainer.run()
    np.testing.assert_allclose(trainer.weights(), expected.weights(), rtol=1e-12)


def test_sgd_on_one_row_is_one_manual_update(xor_net, path):
    data = Dataset(["x1", "x2"], ["y"], [[0.0, 1.0, 1.0]])
    t = trace(xor_net, data)
    trainer = Trainer(xor_net, data, TrainingSettings(learning_rate=0.7, max_epochs=1))
    trainer.run()
    expected = [t.updated_weight(c.source, c.target, 0.7) for c in t.connections]
    np.testing.assert_allclose(trainer.weights(), expected, rtol=1e-13)


def test_sgd_updates_after_every_row(xor_net, xor_data, path):
    expected = xor_net.copy()
    for r in range(4):
        t = trace(expected, xor_data, r)
        expected.set_weights([t.updated_weight(c.source, c.target, 0.5) for c in t.connections])
    trainer = Trainer(xor_net, xor_data, TrainingSettings(max_epochs=1))
    trainer.run()
    np.testing.assert_allclose(trainer.weights(), expected.weights(), rtol=1e-12)


@pytest.mark.parametrize("mode, batch", [("sgd", 1), ("minibatch", 3), ("batch", 1)])
def test_frozen_connections_never_change(xor_net, xor_data, mode, batch, path):
    xor_net.connection("h1", "y").trainable = False
    xor_net.connection("b", "h2").trainable = False
    settings = TrainingSettings(mode=mode, batch_size=batch, momentum=0.5, max_epochs=50)
    trainer = Trainer(xor_net, xor_data, settings)
    trainer.run()
    w = dict(zip([c.key for c in xor_net.connections], trainer.weights()))
    assert w["h1", "y"] == 0.3 and w["b", "h2"] == 1.0
    assert w["h2", "y"] != 0.4


def test_momentum_follows_its_formula(xor_net, path):
    data = Dataset(["x1", "x2"], ["y"], [[1.0, 0.0, 1.0]])
    lr, mu = 0.5, 0.9
    net, v = xor_net.copy(), np.zeros(9)
    for _ in range(3):  # v <- mu v - lr g;  w <- w + v
        g = gradient(net, data, [0])[0]
        v = mu * v - lr * g
        net.set_weights(np.array(net.weights()) + v)
    trainer = Trainer(xor_net, data, TrainingSettings(learning_rate=lr, momentum=mu, max_epochs=3))
    trainer.run()
    np.testing.assert_allclose(trainer.weights(), net.weights(), rtol=1e-12)


def test_epoch_error_uses_the_weights_at_the_end_of_the_epoch(xor_net, xor_data, path):
    trainer = Trainer(xor_net, xor_data, TrainingSettings(max_epochs=3))
    result = trainer.run()
    trainer.apply_to(xor_net)
    errors = [trace(xor_net, xor_data, r).error for r in range(4)]
    assert result.error == pytest.approx(np.mean(errors), rel=1e-12)
    assert len(result.history) == 3 and result.epochs == 3


def test_xor_learns_with_a_fixed_seed(xor_net, xor_data):
    xor_net.set_weights(initial_weights(xor_net, "uniform", 1.0, 0))
    settings = TrainingSettings(learning_rate=0.5, max_epochs=20000, target_error=0.01, seed=0)
    result = Trainer(xor_net, xor_data, settings).run()
    assert result.stopped == "target_error" and result.error < 0.01
    assert result.message == f"reached the target error 0.01 in epoch {result.epochs}"


def test_xor_trains_the_same_way_twice(xor_net, xor_data):
    settings = TrainingSettings(max_epochs=200, shuffle=True, seed=3)
    a = Trainer(xor_net, xor_data, settings).run().history
    b = Trainer(xor_net, xor_data, settings).run().history
    c = Trainer(xor_net, xor_data, TrainingSettings(max_epochs=200, shuffle=True, seed=4)).run()
    assert a == b and a != c.history


def test_divergence_stops_naming_the_epoch_and_keeps_finite_weights(path):
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("y", "output", "identity")
    net.connect("x", "y", 0.5)
    data = Dataset(["x"], ["y"], [[3.0, 1.0], [-2.0, 0.5]])
    trainer = Trainer(net, data, TrainingSettings(learning_rate=1e3, max_epochs=500))
    result = trainer.run()
    assert result.stopped == "diverged"
    n = result.epochs + 1
    assert result.message.startswith(f"training diverged in epoch {n}: the error became ")
    assert "learning rate 1000" in result.message
    w = trainer.weights()
    assert np.isfinite(w).all() and math.isfinite(result.error)
    # the kept weights are those after the last finite epoch
    replay = Trainer(net, data, TrainingSettings(learning_rate=1e3, max_epochs=result.epochs))
    replay.run()
    np.testing.assert_array_equal(replay.weights(), w)


def test_a_step_neuron_in_the_way_gives_a_warning():
    net = seed000_network()
    net.set_activation("h1", "step")
    data = Dataset(["x1", "x2"], ["y"], XOR_ROWS)
    warnings = gradient_warnings(net, data)
    assert len(warnings) == 1
    assert warnings[0].startswith("3 trainable connection(s) (x1 → h1, x2 → h1, b → h1)")
    assert "step neurons (h1)" in warnings[0]
    assert Trainer(net, data, TrainingSettings(max_epochs=1)).run().warnings == warnings
    net.set_activation("y", "step")  # now nothing can learn
    assert gradient_warnings(net, data)[0].startswith("9 trainable connection(s)")
    assert gradient_warnings(seed000_network(), data) == []


def test_schedules():
    s = TrainingSettings(learning_rate=0.8, schedule="step", decay_rate=0.5, decay_steps=10)
    assert [s.learning_rate_at(t) for t in (0, 9, 10, 25)] == [0.8, 0.8, 0.4, 0.2]
    s = TrainingSettings(learning_rate=0.8, schedule="inverse_time", decay_rate=1.0, decay_steps=4)
    assert [s.learning_rate_at(t) for t in (0, 4, 12)] == [0.8, 0.4, 0.2]
    assert TrainingSettings(learning_rate=0.3).learning_rate_at(1000) == 0.3


def test_a_schedule_changes_the_step_each_epoch(xor_net, path):
    data = Dataset(["x1", "x2"], ["y"], [[1.0, 0.0, 1.0]])
    net = xor_net.copy()
    for lr in (0.5, 0.25, 0.125):
        g = gradient(net, data, [0])[0]
        net.set_weights(np.array(net.weights()) - lr * g)
    settings = TrainingSettings(learning_rate=0.5, schedule="step", decay_rate=0.5,
                                decay_steps=1, max_epochs=3)
    trainer = Trainer(xor_net, data, settings)
    trainer.run()
    np.testing.assert_allclose(trainer.weights(), net.weights(), rtol=1e-12)


def test_stopping_and_cancelling(xor_net, xor_data):
    trainer = Trainer(xor_net, xor_data, TrainingSettings(max_epochs=7))
    assert trainer.run().epochs == 7
    seen = []
    result = trainer.run(epochs=100, progress=lambda e, err: seen.append(e),
                         should_stop=lambda: len(seen) >= 4)
    assert result.stopped == "cancelled" and result.epochs == 4 and seen == [8, 9, 10, 11]


def test_refusals_before_training(xor_net, xor_data):
    cases = [
        (TrainingSettings(learning_rate=-1), "learning_rate must be from 0 to 1000000, not -1"),
        (TrainingSettings(mode="adam"), "unknown mode 'adam' (known: sgd, minibatch, batch, perceptron)"),
        (TrainingSettings(learning_rate=math.inf), "learning_rate must be a finite number, not inf"),
        (TrainingSettings(loss="cross_entropy"), None),
    ]
    for settings, message in cases:
        if message is None:
            Trainer(xor_net, xor_data, settings)
        else:
            with pytest.raises(TrainingError, match=f"^{message}$".replace("(", r"\(").replace(")", r"\)")):
                Trainer(xor_net, xor_data, settings)
    xor_net.set_activation("y", "tanh")
    with pytest.raises(TrainingError, match="cross_entropy needs sigmoid output neurons, but y uses tanh"):
        Trainer(xor_net, xor_data, TrainingSettings(loss="cross_entropy"))
    with pytest.raises(TrainingError, match="the dataset has no rows"):
        Trainer(xor_net, Dataset(["x1", "x2"], ["y"], []), TrainingSettings())


def test_cross_entropy_value():
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("y", "output", "sigmoid")
    net.connect("x", "y", 2.0)
    data = Dataset(["x"], ["y"], [[0.5, 0.25]])
    o = 1 / (1 + math.exp(-1.0))
    t = trace(net, data, loss="cross_entropy")
    assert t.error == pytest.approx(-(0.25 * math.log(o) + 0.75 * math.log(1 - o)), rel=1e-13)
    assert t.neurons["y"].delta == pytest.approx(0.25 - o, rel=1e-13)


def test_initialisation(xor_net):
    xor_net.connection("b", "y").trainable = False
    w = initial_weights(xor_net, "uniform", 0.3, 7)
    assert np.all(np.abs(w[:8]) <= 0.3) and w[8] == 1.0
    np.testing.assert_array_equal(w, initial_weights(xor_net, "uniform", 0.3, 7))
    assert not np.array_equal(w, initial_weights(xor_net, "uniform", 0.3, 8))
    x = initial_weights(xor_net, "xavier", 1.0, 1)
    # x1 -> h1: fan_in(h1) = 3, fan_out(x1) = 2: limit sqrt(6 / 5)
    assert abs(x[0]) <= math.sqrt(6 / 5) and abs(x[6]) <= math.sqrt(6 / 4)
    n = initial_weights(xor_net, "normal", 2.0, 1)
    assert n.std() > 0.5 and n[8] == 1.0


def test_restarts_keep_the_best_run(xor_net, xor_data):
    settings = TrainingSettings(max_epochs=300, restarts=5, init="uniform", init_scale=1.0)
    result = train_with_restarts(xor_net, xor_data, settings)
    assert len(result.errors) == 5 and result.best == int(np.argmin(result.errors))
    compiled = Compiled(xor_net, ["x1", "x2"], ["y"])
    compiled.set_weights(result.weights)
    state = compiled.forward(xor_data.x)
    assert compiled.row_errors(state, xor_data.y).mean() == pytest.approx(min(result.errors))
    assert len(set(result.errors)) == 5  # every run started from other weights

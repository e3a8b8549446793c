"""L1 and L2 regularisation: one update against the formula
w <- w - alpha * (dJ/dw + l2 * w + l1 * sign(w)), bias connections only when asked, frozen
ones never; and every training path (kernel, NumPy blocks, stepper, clones) agreeing."""
import numpy as np
import pytest
from builders import XOR_ROWS, random_dag, random_data, seed000_network

from netsim.engine import Dataset, TrainingSettings
from netsim.engine.clones import Clones
from netsim.engine.stepper import Stepper
from netsim.engine.trace import trace
from netsim.engine.trainer import Trainer

ROW = Dataset(["x1", "x2"], ["y"], [[0.35, 0.9, 0.5]])


@pytest.mark.parametrize("scalar", [True, False])
@pytest.mark.parametrize("bias", [False, True])
def test_one_update_is_the_formula(scalar, bias, monkeypatch):
    if not scalar:
        monkeypatch.setattr("netsim.engine.trainer.SCALAR_LIMIT", 0)
    net = seed000_network()
    alpha, l1, l2 = 0.5, 0.03, 0.2
    t = trace(net, ROW, 0)
    settings = TrainingSettings(learning_rate=alpha, l1=l1, l2=l2, regularise_bias=bias,
                                max_epochs=1)
    trainer = Trainer(net, ROW, settings)
    assert (trainer._kernel is not None) == scalar
    trainer.run()
    for c, new in zip(t.connections, trainer.weights()):
        decays = bias or c.source != "b"
        penalty = (l2 * c.weight + l1 * np.sign(c.weight)) if decays else 0.0
        assert new == pytest.approx(c.weight - alpha * (c.gradient + penalty), abs=1e-15)
    # the seed's first weight, by hand: w = 0.30 (h1 -> y)
    h1y = t.connections[6]
    assert (h1y.source, h1y.target) == ("h1", "y")
    expected = 0.30 - 0.5 * (h1y.gradient + 0.2 * 0.30 + 0.03)
    assert trainer.weights()[6] == pytest.approx(expected, abs=1e-15)


def test_frozen_connections_do_not_decay():
    net = seed000_network()
    net.connection("x1", "h1").trainable = False
    trainer = Trainer(net, ROW, TrainingSettings(learning_rate=0.5, l2=0.5, l1=0.1,
                                                 max_epochs=3))
    trainer.run()
    assert trainer.weights()[0] == 0.25


def test_the_reported_error_is_the_datas_own():
    net = seed000_network()
    trainer = Trainer(net, ROW, TrainingSettings(learning_rate=0.0, l2=0.7, max_epochs=1))
    assert trainer.run().error == pytest.approx(trace(net, ROW, 0).error, abs=1e-16)


@pytest.mark.parametrize("mode, batch", [("sgd", 1), ("minibatch", 3), ("batch", 1)])
@pytest.mark.parametrize("momentum", [0.0, 0.8])
@pytest.mark.parametrize("bias", [False, True])
def test_kernel_numpy_stepper_and_clones_agree(mode, batch, momentum, bias, monkeypatch):
    rng = np.random.default_rng(7)
    net, ins, outs = random_dag(rng, ["sigmoid", "tanh"])
    net.connections[2].trainable = False
    data = random_data(rng, ins, outs, rows=7, unit=True)
    settings = TrainingSettings(learning_rate=0.1, mode=mode, batch_size=batch,
                                momentum=momentum, shuffle=True, seed=2, max_epochs=4,
                                l1=0.01, l2=0.05, regularise_bias=bias)
    fast = Trainer(net, data, settings)
    assert fast._kernel is not None
    fast.run()
    stepper = Stepper(net, data, settings)
    for _ in range(4):
        stepper.step_epoch()
    lockstep = Clones(net, data, settings, rates=[0.1])
    stacked = Clones(net, data, settings, rates=[0.1] * 40)
    assert lockstep.lockstep and not stacked.lockstep
    for epoch in range(4):
        lockstep.train_epoch(epoch)
        stacked.train_epoch(epoch)
    monkeypatch.setattr("netsim.engine.trainer.SCALAR_LIMIT", 0)
    slow = Trainer(net, data, settings)
    assert slow._kernel is None
    slow.run()
    np.testing.assert_allclose(fast.weights(), slow.weights(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(stepper.weight_array(), slow.weights(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(lockstep.weights()[0], slow.weights(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(stacked.weights()[39], slow.weights(), rtol=0, atol=1e-12)


def test_l2_shrinks_the_weights_of_xor():
    net = seed000_network()
    data = Dataset(["x1", "x2"], ["y"], XOR_ROWS)
    plain = Trainer(net, data, TrainingSettings(learning_rate=0.5, max_epochs=300))
    plain.run()
    decayed = Trainer(net, data, TrainingSettings(learning_rate=0.5, max_epochs=300, l2=0.01))
    decayed.run()
    assert np.sum(decayed.weights() ** 2) < np.sum(plain.weights() ** 2)


def test_settings_refuse_negative_rates():
    assert TrainingSettings(l2=-0.1).problem() == "l2 must be from 0 to 1000000, not -0.1"
    assert TrainingSettings(l1=float("nan")).problem() == "l1 must be a finite number, not nan"

"""The softmax output group: its outputs, the categorical cross-entropy and squared error
through the whole Jacobian, against formulas worked out by hand and central differences."""
import math

import numpy as np
import pytest
from builders import ELEMENTWISE, random_dag, random_data, two_level_softmax
from test_gradients import kinks_near, numeric_gradient

from netsim.engine import Dataset, Network, TrainingSettings
from netsim.engine.activations import FLAT_ACTIVATIONS, log_softmax, softmax
from netsim.engine.clones import Clones
from netsim.engine.compiled import Compiled
from netsim.engine.network import NetworkError
from netsim.engine.stepper import Stepper
from netsim.engine.trace import trace
from netsim.engine.trainer import Trainer, TrainingError, problem

SMOOTH = [name for name in ELEMENTWISE if name not in FLAT_ACTIVATIONS]  # no flat step/sign


def three_classes() -> Network:
    """x1, x2 and a bias straight into three softmax outputs: net_k = w_k·x + b_k."""
    net = Network()
    for nid in ("x1", "x2"):
        net.add_neuron(nid, "input")
    net.add_neuron("b", "bias")
    for nid in ("a", "c", "d"):
        net.add_neuron(nid, "output", "softmax")
    weights = {"a": (1.0, 0.0, 0.0), "c": (0.0, 0.5, -0.3), "d": (0.2, -1.0, 0.0)}
    for t, (w1, w2, wb) in weights.items():
        net.connect("x1", t, w1)
        net.connect("x2", t, w2)
        net.connect("b", t, wb)
    return net


def row(x1=1.0, x2=0.4, y=(0.0, 1.0, 0.0)) -> Dataset:
    return Dataset(["x1", "x2"], ["a", "c", "d"], [[x1, x2, *y]])


def nets_of(x1=1.0, x2=0.4):
    return np.array([1.0 * x1, 0.5 * x2 - 0.3, 0.2 * x1 - 1.0 * x2])


def test_outputs_are_e_to_the_net_over_the_sum_and_sum_to_1():
    t = trace(three_classes(), row(), 0, "cross_entropy")
    z = nets_of()  # 1.0, -0.1, -0.2
    e = [math.exp(v) for v in z]
    for k, nid in enumerate("acd"):
        assert t.neurons[nid].net == pytest.approx(z[k], abs=1e-15)
        assert t.outputs[nid] == pytest.approx(e[k] / sum(e), rel=1e-14)
    assert sum(t.outputs.values()) == pytest.approx(1.0, abs=1e-15)


def test_cross_entropy_is_minus_log_of_the_true_class_and_delta_is_y_minus_o():
    t = trace(three_classes(), row(), 0, "cross_entropy")
    z = nets_of()
    o = np.exp(z) / np.exp(z).sum()
    assert t.error == pytest.approx(-math.log(o[1]), rel=1e-14)
    assert t.shares == pytest.approx({"a": 0.0, "c": -math.log(o[1]), "d": 0.0}, rel=1e-14)
    y = np.array([0.0, 1.0, 0.0])
    for k, nid in enumerate("acd"):
        assert t.neurons[nid].delta == pytest.approx(y[k] - o[k], abs=1e-15)
    # dJ/dw = -delta_target * output_source: x1 = 1.0, x2 = 0.4, bias 1
    for c in t.connections:
        source = {"x1": 1.0, "x2": 0.4, "b": 1.0}[c.source]
        k = "acd".index(c.target)
        assert c.gradient == pytest.approx(-(y[k] - o[k]) * source, abs=1e-15)


def test_squared_error_on_the_group_goes_through_the_whole_jacobian():
    t = trace(three_classes(), row(), 0, "squared_error")
    z = nets_of()
    o = np.exp(z) / np.exp(z).sum()
    y = np.array([0.0, 1.0, 0.0])
    assert t.error == pytest.approx(0.5 * np.sum((y - o) ** 2), rel=1e-14)
    # dJ/dnet_k = o_k((o_k - y_k) - Σ_j (o_j - y_j) o_j); delta is its negative
    dnet = o * ((o - y) - np.sum((o - y) * o))
    for k, nid in enumerate("acd"):
        assert t.neurons[nid].delta == pytest.approx(-dnet[k], abs=1e-15)


def test_a_huge_net_input_does_not_overflow():
    net = three_classes()
    net.set_weight("x1", "a", 1000.0)
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        t = trace(net, row(x1=2.0), 0, "cross_entropy")
    assert t.outputs["a"] == 1.0 and t.outputs["c"] == 0.0
    # J = -ln o_c = net_a - net_c (to double precision: the others are e^-2000)
    assert t.error == pytest.approx(2000.0 - (0.5 * 0.4 - 0.3), rel=1e-15)
    np.testing.assert_allclose(softmax(np.array([[1000.0, 0.0]])), [[1.0, 0.0]])
    np.testing.assert_allclose(log_softmax(np.array([[1000.0, 0.0]])), [[0.0, -1000.0]])


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
@pytest.mark.parametrize("seed", range(6))
def test_backprop_matches_central_differences_with_a_group_over_several_levels(loss, seed):
    rng = np.random.default_rng(100 + seed)
    for _ in range(50):
        net, ins, outs = random_dag(rng, SMOOTH, "softmax", n_out=3)
        data = random_data(rng, ins, outs, rows=5, unit=True)
        compiled = Compiled(net, data.inputs, data.targets, loss)
        if not kinks_near(compiled, data.x):
            break
    w0 = compiled.get_weights()
    analytic = compiled.scatter(compiled.backward(compiled.forward(data.x), data.y))
    numeric = numeric_gradient(compiled, w0, data.x, data.y)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)
    assert np.allclose(compiled.outputs(compiled.forward(data.x)).sum(axis=1), 1.0)


def test_a_group_over_two_levels_is_one_softmax():
    net = two_level_softmax()
    data = Dataset(["x"], ["o1", "o2"], [[0.5, 1.0, 0.0]])
    t = trace(net, data, 0, "cross_entropy")
    z = np.array([0.15, -1.1 * math.tanh(0.35)])
    o = np.exp(z) / np.exp(z).sum()
    assert [t.outputs["o1"], t.outputs["o2"]] == pytest.approx(list(o), rel=1e-14)
    assert t.neurons["o2"].delta == pytest.approx(0.0 - o[1], abs=1e-15)


def test_a_mixed_network_sums_its_terms_under_squared_error():
    net = three_classes()
    net.add_neuron("r", "output", "identity")
    net.connect("x1", "r", 2.0)
    data = Dataset(["x1", "x2"], ["a", "c", "d", "r"], [[1.0, 0.4, 0.0, 1.0, 0.0, 1.5]])
    t = trace(net, data, 0, "squared_error")
    z = nets_of()
    o = np.exp(z) / np.exp(z).sum()
    assert t.error == pytest.approx(0.5 * np.sum((np.array([0, 1, 0]) - o) ** 2)
                                    + 0.5 * (1.5 - 2.0) ** 2, rel=1e-14)
    assert t.neurons["r"].delta == pytest.approx(1.5 - 2.0)


def test_cross_entropy_refuses_to_mix_the_group_with_other_outputs():
    net = three_classes()
    net.add_neuron("r", "output", "sigmoid")
    net.connect("x1", "r", 2.0)
    data = Dataset(["x1", "x2"], ["a", "c", "d", "r"], [[1.0, 0.4, 0.0, 1.0, 0.0, 1.0]])
    reason = problem(net, data, TrainingSettings(loss="cross_entropy"))
    assert reason == ("cross_entropy on a softmax group cannot mix in other outputs, but r "
                      "uses sigmoid; make every output softmax or use squared_error")
    assert problem(net, data, TrainingSettings(loss="squared_error")) is None
    with pytest.raises(TrainingError):
        Trainer(net, data, TrainingSettings(loss="cross_entropy"))


def test_softmax_is_for_outputs_that_feed_nothing():
    net = three_classes()
    with pytest.raises(NetworkError, match="softmax is for output neurons only"):
        net.add_neuron("h", "hidden", "softmax")
    net.add_neuron("h", "hidden", "sigmoid")
    with pytest.raises(NetworkError, match="softmax is for output neurons only"):
        net.set_activation("h", "softmax")
    with pytest.raises(NetworkError, match="cannot feed another neuron"):
        net.connect("a", "h", 1.0)
    assert net.refusal("a", "c") == ("connection a \u2192 c: a is a softmax output, whose value "
                                     "depends on the whole group, so it cannot feed another "
                                     "neuron")
    with pytest.raises(NetworkError, match="change its activation first"):
        net.set_role("a", "hidden")
    net.add_neuron("o", "output", "sigmoid")
    net.connect("o", "h", 1.0)
    with pytest.raises(NetworkError, match="cannot feed another neuron"):
        net.set_activation("o", "softmax")


def iris_like(rng, rows=12):
    net = Network()
    for i in range(3):
        net.add_neuron(f"x{i}", "input")
    net.add_neuron("b", "bias")
    for j in range(4):
        net.add_neuron(f"h{j}", "hidden", "tanh")
    for k in range(3):
        net.add_neuron(f"o{k}", "output", "softmax")
    for j in range(4):
        for s in ("x0", "x1", "x2", "b"):
            net.connect(s, f"h{j}", float(rng.normal(0, 0.7)))
    for k in range(3):
        for s in ("h0", "h1", "h2", "h3", "b"):
            net.connect(s, f"o{k}", float(rng.normal(0, 0.7)))
    x = rng.normal(0, 1, (rows, 3))
    y = np.eye(3)[rng.integers(0, 3, rows)]
    return net, Dataset(["x0", "x1", "x2"], ["o0", "o1", "o2"], np.hstack([x, y]))


@pytest.mark.parametrize("mode", ["sgd", "minibatch", "batch"])
def test_stepping_an_epoch_ends_on_the_trainers_weights(mode):
    net, data = iris_like(np.random.default_rng(3))
    settings = TrainingSettings(learning_rate=0.3, loss="cross_entropy", mode=mode,
                                batch_size=5, momentum=0.5, shuffle=True, seed=4, max_epochs=2,
                                l2=0.01, l1=0.001)
    trainer = Trainer(net, data, settings)
    trainer.run()
    stepper = Stepper(net, data, settings)
    stepper.step_epoch()
    stepper.step_epoch()
    np.testing.assert_allclose(stepper.weight_array(), trainer.weights(), rtol=0, atol=1e-13)


def test_cross_entropy_training_lowers_the_error_and_clones_agree():
    net, data = iris_like(np.random.default_rng(5), rows=30)
    settings = TrainingSettings(learning_rate=0.2, loss="cross_entropy", mode="minibatch",
                                batch_size=4, max_epochs=20)
    trainer = Trainer(net, data, settings)
    result = trainer.run()
    assert result.history[-1] < result.history[0] * 0.9
    clones = Clones(net, data, settings, rates=[0.2, 0.2])
    assert not clones.lockstep
    for epoch in range(20):
        _, errors, _ = clones.train_epoch(epoch)
    np.testing.assert_allclose(errors, [result.error] * 2, rtol=1e-12)
    np.testing.assert_allclose(clones.weights()[1], trainer.weights(), rtol=1e-11, atol=1e-13)

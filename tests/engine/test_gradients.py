"""Back-propagated gradients against central finite differences (seed 001's
f'(x) ~ (f(x + dx) - f(x - dx)) / 2dx), on random non-layered DAGs, for every activation
and both losses; and the generated training kernel against the NumPy passes, in every mode."""
import numpy as np
import pytest
from builders import ELEMENTWISE, random_dag, random_data

from netsim.engine import ACTIVATIONS, TrainingSettings
from netsim.engine.compiled import Compiled
from netsim.engine.trainer import Trainer

H = 1e-6


def numeric_gradient(compiled: Compiled, w0, x, y):
    def loss(w):
        compiled.set_weights(w)
        return compiled.row_errors(compiled.forward(x), y).sum()

    grad = np.zeros_like(w0)
    for i in range(len(w0)):
        wp, wm = w0.copy(), w0.copy()
        wp[i] += H
        wm[i] -= H
        grad[i] = (loss(wp) - loss(wm)) / (2 * H)
    compiled.set_weights(w0)
    return grad


def kinks_near(compiled, x):
    """True if a relu/leaky/step/sign neuron sits within finite-difference reach of its kink."""
    state = compiled.forward(x)
    for b, z in zip(compiled.blocks, state.z):
        for act, js in b.groups:
            if act.name in ("relu", "leaky_relu", "step", "sign") and np.any(np.abs(z[:, js]) < 1e-3):
                return True
    return False


CASES = [(name, "squared_error") for name in ELEMENTWISE] + [("mixed", "squared_error"),
                                                           ("mixed", "cross_entropy")]


@pytest.mark.parametrize("activation, loss", CASES)
@pytest.mark.parametrize("seed", range(4))
def test_backprop_matches_central_differences(activation, loss, seed):
    rng = np.random.default_rng(seed)
    acts = None if activation == "mixed" else [activation]
    out_act = "sigmoid" if loss == "cross_entropy" else None
    for _ in range(50):  # draw again while a kink is within finite-difference reach
        net, ins, outs = random_dag(rng, acts, out_act)
        data = random_data(rng, ins, outs, rows=5, unit=loss == "cross_entropy")
        compiled = Compiled(net, data.inputs, data.targets, loss)
        w0 = compiled.get_weights()
        if not kinks_near(compiled, data.x):
            break
    else:
        raise AssertionError("no random network without a kink near the data")
    analytic = compiled.scatter(compiled.backward(compiled.forward(data.x), data.y))
    numeric = numeric_gradient(compiled, w0, data.x, data.y)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


def test_relu_and_step_derivatives_at_zero():
    assert ACTIVATIONS["relu"].df(np.array([0.0]), np.array([0.0]))[0] == 0.0
    z = np.array([-2.0, 0.0, 3.0])
    assert np.all(ACTIVATIONS["step"].df(z, ACTIVATIONS["step"].f(z)) == 0.0)


def test_sign_is_plus_or_minus_one_with_sign_of_zero_plus_one_and_a_flat_derivative():
    sign = ACTIVATIONS["sign"]
    z = np.array([-2.0, -1e-300, 0.0, -0.0, 1e-300, 3.0])
    np.testing.assert_array_equal(sign.f(z), [-1.0, -1.0, 1.0, 1.0, 1.0, 1.0])
    # sign = 2·step − 1 everywhere, so both put a net input of exactly 0 on the same side
    np.testing.assert_array_equal(sign.f(z), 2 * ACTIVATIONS["step"].f(z) - 1)
    assert np.all(sign.df(z, sign.f(z)) == 0.0)


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_each_derivative_matches_its_function(name):
    act = ACTIVATIONS[name]
    z = np.array([-3.1, -1.2, -0.4, 0.3, 0.9, 2.7])
    numeric = (act.f(z + H) - act.f(z - H)) / (2 * H)
    np.testing.assert_allclose(act.df(z, act.f(z)), numeric, rtol=1e-6, atol=1e-9)


def test_sigmoid_and_softplus_do_not_overflow():
    z = np.array([-1000.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        np.testing.assert_array_equal(ACTIVATIONS["sigmoid"].f(z), [0.0, 1.0])
        np.testing.assert_array_equal(ACTIVATIONS["softplus"].f(z), [0.0, 1000.0])


@pytest.mark.parametrize("mode, batch", [("sgd", 1), ("minibatch", 4), ("batch", 1)])
@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
@pytest.mark.parametrize("momentum", [0.0, 0.9])
@pytest.mark.parametrize("seed", range(3))
def test_kernel_equals_numpy(mode, batch, loss, momentum, seed, monkeypatch):
    rng = np.random.default_rng(10 + seed)
    out_act = "sigmoid" if loss == "cross_entropy" else None
    acts = ["sigmoid", "tanh", "softplus", "identity", "leaky_relu", "relu"]
    net, ins, outs = random_dag(rng, acts, out_act)
    net.connections[3].trainable = False
    data = random_data(rng, ins, outs, rows=6, unit=True)
    settings = TrainingSettings(learning_rate=0.1, loss=loss, momentum=momentum, max_epochs=5,
                                shuffle=True, seed=seed, mode=mode, batch_size=batch)
    fast = Trainer(net, data, settings)
    assert fast._kernel is not None
    history = fast.run().history
    monkeypatch.setattr("netsim.engine.trainer.SCALAR_LIMIT", 0)
    slow = Trainer(net, data, settings)
    assert slow._kernel is None
    np.testing.assert_allclose(slow.run().history, history, rtol=1e-10)
    np.testing.assert_allclose(slow.weights(), fast.weights(), rtol=1e-10, atol=1e-13)


def test_a_neuron_without_incoming_connections_feeds_the_next_level():
    # h2 has no incoming connections: it outputs f(0) = 0.5 and still feeds y.
    from netsim.engine import Dataset, Network
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("h1", "hidden", "sigmoid")
    net.add_neuron("h2", "hidden", "sigmoid")
    net.add_neuron("y", "output", "identity")
    net.connect("x", "h1", 1.0)
    net.connect("h2", "y", 2.0)
    net.connect("h1", "y", 1.0)
    compiled = Compiled(net, ["x"], ["y"])
    out = compiled.outputs(compiled.forward(np.array([[0.0]])))
    assert out[0, 0] == pytest.approx(2.0 * 0.5 + 0.5)
    data = Dataset(["x"], ["y"], [[0.0, 1.0]])
    analytic = compiled.scatter(compiled.backward(compiled.forward(data.x), data.y))
    np.testing.assert_allclose(analytic, numeric_gradient(compiled, compiled.get_weights(),
                                                          data.x, data.y), rtol=1e-6)

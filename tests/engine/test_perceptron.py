"""The perceptron (seed 000): sign(wᵀx), the rule w ← w + α (y − ŷ) x, row by row, and
what it can learn (AND, NOT) and what it never can (XOR), with the examples' numbers."""
import numpy as np
import pytest

from netsim import paths
from netsim.engine import Dataset, Network, TrainingSettings
from netsim.engine.explorer import explore
from netsim.engine.kernel import ScalarKernel
from netsim.engine.perceptron import misclassified
from netsim.engine.stepper import Stepper
from netsim.engine.trainer import Trainer, TrainingError, gradient_warnings
from netsim.io import load

NEEDS = "perceptron training needs sign or step output neurons fed by inputs only"


def rule_by_hand(weights, rows, f, alpha, epochs, order=None):
    """An independent perceptron: plain Python floats, one output, the bias last.
    Returns the weights after each epoch and the rows wrong after each epoch."""
    w = list(weights)
    after, wrong = [], []
    for e in range(epochs):
        for r in (order[e] if order else range(len(rows))):
            *x, y = rows[r]
            x = x + [1.0]
            o = f(sum(wi * xi for wi, xi in zip(w, x)))
            w = [wi + alpha * (y - o) * xi for wi, xi in zip(w, x)]
        after.append(list(w))
        wrong.append(sum(f(sum(wi * xi for wi, xi in zip(w, list(r[:-1]) + [1.0]))) != r[-1]
                         for r in rows))
    return after, wrong


def step(z):
    return 1.0 if z >= 0 else 0.0


def sign(z):
    return 1.0 if z >= 0 else -1.0


def test_and_from_the_examples_weights_is_learnt_in_exactly_five_epochs():
    nf = load(paths.example("and-perceptron"))
    assert nf.training.mode == "perceptron" and nf.network.weights() == [0.0, 0.0, 0.0]
    # By hand, α = 0.5, w = (w1, w2, b), step(0) = 1; a wrong row adds ±0.5·(x1, x2, 1):
    #  epoch 1: (0,0)→1 wrong: b −0.5; (1,1)→0 wrong: all +0.5   → (0.5, 0.5, 0)   3 wrong
    #  epoch 2: (0,0), (0,1) wrong: −; (1,1) wrong: +            → (1, 0.5, −0.5)  2 wrong
    #  epoch 3: (0,1), (1,0) wrong: −; (1,1) wrong: +            → (1, 0.5, −1)    1 wrong
    #  epoch 4: (1,0) wrong: −; (1,1) wrong: +                   → (1, 1, −1)      2 wrong
    #  epoch 5: (0,1) wrong: −                                   → (1, 0.5, −1.5)  0 wrong
    # J = ½·wrong/4 at the end of each epoch (step outputs: (y − ŷ)² = 1 per wrong row).
    after, wrong = rule_by_hand([0.0, 0.0, 0.0], nf.dataset.rows.tolist(), step, 0.5, 5)
    assert wrong == [3, 2, 1, 2, 0]
    assert after[-1] == [1.0, 0.5, -1.5]
    trainer = Trainer(nf.network, nf.dataset, nf.training)
    result = trainer.run()
    assert (result.epochs, result.stopped) == (5, "target_error")
    assert result.history == [0.375, 0.25, 0.125, 0.25, 0.0]
    assert result.history == [0.5 * k / 4 for k in wrong]
    assert trainer.weights().tolist() == after[-1]
    assert result.warnings == []  # no "gradient is 0" warning: the rule needs none
    assert misclassified(trainer.compiled, nf.dataset.x, nf.dataset.y) == 0


def test_not_with_a_sign_output_is_learnt_in_two_epochs():
    nf = load(paths.example("not-perceptron"))
    # sign(0) = +1: x = 0 is right at once; x = 1 → +1, wrong, y − ŷ = −2: (w, b) −1 each;
    # epoch 2: x = 0 → sign(−1) = −1, wrong, +2·0.5: b = 0 → (−1, 0): both right.
    after, wrong = rule_by_hand([0.0, 0.0], nf.dataset.rows.tolist(), sign, 0.5, 2)
    assert wrong == [1, 0] and after == [[-1.0, -1.0], [-1.0, 0.0]]
    result = Trainer(nf.network, nf.dataset, nf.training).run()
    assert (result.epochs, result.stopped) == (2, "target_error")
    assert result.history == [2.0 * 1 / 2, 0.0]  # sign: (y − ŷ)² = 4, J = ½·4 per wrong row


def test_xor_never_converges_and_its_error_curve_never_reaches_zero():
    nf = load(paths.example("xor-perceptron"))
    assert nf.training.shuffle and nf.training.max_epochs == 1000
    trainer = Trainer(nf.network, nf.dataset, nf.training)
    result = trainer.run()
    assert (result.epochs, result.stopped) == (1000, "max_epochs")
    history = np.array(result.history)
    assert history.min() > 0
    # 1, 2 or 3 of the 4 rows wrong every epoch (sign: J = 2·wrong/4), never 0 or 4
    assert set(history.tolist()) == {0.5, 1.0, 1.5}
    # the same rows in the same shuffled orders, by hand
    rng = np.random.default_rng(nf.training.seed)
    orders = [rng.permutation(4).tolist() for _ in range(1000)]
    after, wrong = rule_by_hand([0.0] * 3, nf.dataset.rows.tolist(), sign, 0.5, 1000, orders)
    assert history.tolist() == [2.0 * k / 4 for k in wrong]
    assert trainer.weights().tolist() == after[-1]


@pytest.mark.parametrize("f, low, fn", [("step", 0.0, step), ("sign", -1.0, sign)])
def test_xor_in_row_order_from_any_start_never_converges(f, low, fn):
    net = single_layer(f, [0.3, -0.7, 0.1])
    rows = [[0, 0, low], [0, 1, 1], [1, 0, 1], [1, 1, low]]
    data = Dataset(["x1", "x2"], ["y"], rows)
    result = Trainer(net, data, TrainingSettings(mode="perceptron", target_error=0.0)).run()
    assert result.stopped == "max_epochs" and min(result.history) > 0
    after, wrong = rule_by_hand([0.3, -0.7, 0.1], rows, fn, 0.5, 1000)
    assert min(wrong) > 0 and result.history[-1] == 0.5 * (1 - low) ** 2 * wrong[-1] / 4


def single_layer(activation="step", weights=(0.0, 0.0, 0.0)):
    net = Network()
    net.add_neuron("x1", "input")
    net.add_neuron("x2", "input")
    net.add_neuron("b", "bias")
    net.add_neuron("y", "output", activation)
    for source, w in zip(("x1", "x2", "b"), weights):
        net.connect(source, "y", w)
    return net


AND_ROWS = [[0, 0, 0], [0, 1, 0], [1, 0, 0], [1, 1, 1]]


def test_a_frozen_weight_keeps_its_value_and_the_others_follow_the_rule():
    net = single_layer()
    net.connection("b", "y").trainable = False
    net.connection("b", "y").weight = -1.5
    trainer = Trainer(net, Dataset(["x1", "x2"], ["y"], AND_ROWS),
                      TrainingSettings(mode="perceptron", target_error=0.0))
    result = trainer.run()
    # with b fixed at −1.5 only (1, 1) is ever wrong, and it adds 0.5 to w1 and w2:
    # epoch 1 ends at (0.5, 0.5), net(1, 1) = −0.5, still wrong (J = ½·1/4); epoch 2 at
    # (1, 1), where net(1, 1) = 0.5 and net(1, 0) = −0.5: every row right
    assert result.history == [0.125, 0.0]
    assert trainer.weights().tolist() == [1.0, 1.0, -1.5]


@pytest.mark.parametrize("change, message", [
    (lambda n: n.set_activation("y", "sigmoid"), f"{NEEDS}, but y uses sigmoid"),
    (lambda n: (n.add_neuron("h", "hidden", "step"), n.connect("x1", "h", 1.0),
                n.connect("h", "y", 1.0)), f"{NEEDS}, but h is a hidden neuron"),
    (lambda n: (n.add_neuron("z", "output", "step"), n.connect("z", "y", 1.0)),
     f"{NEEDS}, but z feeds y"),
])
def test_networks_the_rule_cannot_train_are_refused_in_one_line(change, message):
    net = single_layer()
    change(net)
    targets = ["y", "z"] if "z" in net.neurons else ["y"]
    rows = [r + [0] * (len(targets) - 1) for r in AND_ROWS]
    with pytest.raises(TrainingError) as info:
        Trainer(net, Dataset(["x1", "x2"], targets, rows), TrainingSettings(mode="perceptron"))
    assert str(info.value) == message


@pytest.mark.parametrize("settings, message", [
    (dict(momentum=0.9), "perceptron training has no momentum: set momentum to 0"),
    (dict(l2=0.01), "perceptron training has no L1/L2 penalty: set l1 and l2 to 0"),
    (dict(restarts=3), "perceptron training runs once, from the network's weights: set "
                       "restarts to 1"),
])
def test_settings_the_rule_has_no_use_for_are_refused(settings, message):
    with pytest.raises(TrainingError) as info:
        Trainer(single_layer(), Dataset(["x1", "x2"], ["y"], AND_ROWS),
                TrainingSettings(mode="perceptron", **settings))
    assert str(info.value) == message


def test_the_step_size_explorer_refuses_the_perceptron_mode():
    with pytest.raises(TrainingError, match="^the perceptron rule trains one network at a time, so its learning rates "):
        explore(single_layer(), Dataset(["x1", "x2"], ["y"], AND_ROWS),
                [0.1, 0.5], TrainingSettings(mode="perceptron"))


@pytest.mark.parametrize("activation", ["step", "sign"])
def test_backpropagation_does_not_move_a_sign_or_step_perceptron(activation):
    # sign' = step' = 0: every ∂J/∂w is 0, so sgd leaves the weights where they are (in
    # the generated kernel and in the NumPy blocks alike), and says why
    net = single_layer(activation, [0.5, -0.25, 0.125])
    low = 0.0 if activation == "step" else -1.0
    data = Dataset(["x1", "x2"], ["y"], [[a, b, y if y else low] for a, b, y in AND_ROWS])
    assert ScalarKernel.handles(net)
    for mode in ("sgd", "batch"):
        trainer = Trainer(net, data, TrainingSettings(mode=mode, max_epochs=3))
        result = trainer.run()
        assert trainer.weights().tolist() == [0.5, -0.25, 0.125]
        assert len(set(result.history)) == 1
    warning, = gradient_warnings(net, data)
    assert warning.endswith(f"through {activation} neurons (y); {activation} has derivative 0, "
                            f"so their gradient is always 0 and they will not learn "
                            f"(train with mode perceptron)")


def test_the_kernel_and_the_numpy_blocks_agree_on_sign(monkeypatch):
    net = single_layer("sign", [0.5, -0.5, 0.0])  # (1, 1) has net input exactly 0: +1
    data = Dataset(["x1", "x2"], ["y"], [[0, 0, 1], [0, 1, -1], [1, 0, 1], [1, 1, -1]])
    kernel = Trainer(net, data, TrainingSettings())
    assert "scalar kernel" in repr(kernel)
    monkeypatch.setattr("netsim.engine.trainer.SCALAR_LIMIT", 0)
    blocks = Trainer(net, data, TrainingSettings())
    assert "numpy blocks" in repr(blocks)
    # outputs +1, −1, +1, +1: only (1, 1) is wrong, (y − ŷ)² = 4, J = 2 / 4
    assert kernel.error() == blocks.error() == 0.5


def test_stepping_through_an_epoch_is_the_rule_and_ends_on_the_trainers_weights():
    nf = load(paths.example("and-perceptron"))
    stepper = Stepper(nf.network, nf.dataset, nf.training)
    assert [str(s) for s in stepper.stages] == ["input", "forward 1", "error", "update"]
    assert stepper.mode_line() == ("Perceptron: after every row, w \u2190 w + \u03b1\u00b7"
                                   "(y \u2212 \u0177)\u00b7x (no backward pass: a right row "
                                   "changes nothing) \u00b7 \u03b1 = 0.5")
    stepper.step()
    stepper.step()
    assert stepper.describe() == "Row 0 \u00b7 forward, level 1 of 1: AND fire"
    assert stepper.neuron("y").output == 1.0 and stepper.neuron("y").net == 0.0
    stepper.step()
    assert stepper.describe() == ("Row 0 \u00b7 error: y \u2212 \u0177 = 0 \u2212 1 = "
                                  "\u22121 for AND; J = 0.5000")
    assert stepper.neuron("y").delta is None and stepper.connection(("b", "y")).gradient is None
    stepper.step()
    assert stepper.describe() == ("Row 0 \u00b7 update: 1 weight changed by \u03b1\u00b7(y "
                                  "\u2212 \u0177)\u00b7x (\u03b1 = 0.5)")
    bias, x1 = stepper.connection(("b", "y")), stepper.connection(("x1", "y"))
    assert (bias.step, bias.new_weight) == (-0.5, -0.5)  # 0.5·(0 − 1)·1
    assert (x1.step, x1.new_weight) == (0.0, 0.0)  # 0.5·(0 − 1)·0
    assert bias.mean_gradient is None  # no ∂J/∂w in this rule
    for _ in range(5):
        stepper.step_epoch()
    trainer = Trainer(nf.network, nf.dataset, nf.training)
    trainer.run()
    assert stepper.weight_array().tolist() == trainer.weights().tolist() == [1.0, 0.5, -1.5]


def test_stepping_the_shuffled_xor_follows_the_trainer_epoch_by_epoch():
    nf = load(paths.example("xor-perceptron"))
    stepper = Stepper(nf.network, nf.dataset, nf.training)
    trainer = Trainer(nf.network, nf.dataset, nf.training)
    for _ in range(25):
        stepper.step_epoch()
        trainer.train_epoch()
        assert stepper.weight_array().tolist() == trainer.weights().tolist()

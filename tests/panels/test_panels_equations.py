"""EquationPanel: the selected neuron's or connection's equations with the live numbers, in
seed 000's notation, with the right derivative for every activation and loss."""
import math

import pytest

from big_networks import fan
from netsim import paths
from netsim.document import Document
from netsim.engine import Dataset, Network, TrainingSettings
from netsim.engine.step_values import ERROR, Stage, number
from netsim.engine.stepper import Stepper
from netsim.engine.trace import trace
from netsim.panels.equations import HINT_OFF, HINT_SELECT, MAX_SHOWN, EquationPanel

MINUS, DOT = "\u2212", "\u00b7"


@pytest.fixture
def panel(qtbot):
    p = EquationPanel()
    qtbot.addWidget(p)
    p.resize(360, 600)
    return p


@pytest.fixture
def xor(qapp):
    doc = Document.open(paths.example("xor-worked-example"))
    return doc, Stepper(doc.network, doc.dataset, 0.5)


def test_hints(panel, xor):
    assert panel.text() == HINT_OFF
    doc, stepper = xor
    panel.set_stepper(stepper)
    assert "Row 0 (x1 = 1, x2 = 0, y = 1): ready" in panel.text()
    assert HINT_SELECT in panel.text()
    panel.set_selection(["h1"], [("x1", "h1")])
    assert "Its value comes at forward level 1." in panel.text()
    assert "Its numbers come once the row's inputs are in." in panel.text()
    panel.set_stepper(None)
    assert panel.text() == HINT_OFF


def test_the_numbers_appear_stage_by_stage(panel, xor):
    doc, stepper = xor
    t = trace(doc.network, doc.dataset, 0)
    panel.set_selection(["y"], [("h2", "y")])
    stepper.step()
    stepper.step()
    panel.set_stepper(stepper)
    assert "w\u00b7x comes at forward level 2." in panel.text()
    stepper.step()
    panel.set_stepper(stepper)
    h1, h2 = number(t.neurons["h1"].output), number(t.neurons["h2"].output)
    assert f"nety = \u03a3 w\u00b7x = 0.3\u00b7{h1} + 0.4\u00b7{h2} + 1\u00b71 = " \
           f"{number(t.neurons['y'].net)}" in panel.text()
    assert "Jy" not in panel.text()
    stepper.step()
    panel.set_stepper(stepper)
    o = number(t.outputs["y"])
    assert f"Jy = \u00bd(y {MINUS} o)\u00b2 = \u00bd(1 {MINUS} {o})\u00b2 = {number(t.error)}" \
        in panel.text()
    stepper.step()
    panel.set_stepper(stepper)
    assert (f"\u03b4y = o(1 {MINUS} o)\u00b7(y {MINUS} o) = {o}\u00b7(1 {MINUS} {o})\u00b7"
            f"(1 {MINUS} {o}) = {number(t.neurons['y'].delta)}") in panel.text()
    assert "The weight changes at the update stage." in panel.text()
    stepper.step_row()
    panel.set_stepper(stepper)
    new = t.updated_weight("h2", "y", 0.5)
    assert f"= {number(new)}" in panel.text().split("new w")[1]


def one_neuron(activation: str, weight: float, loss_target: float = 1.0):
    """x -> h (activation) -> y (sigmoid), with a bias into h."""
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("b", "bias")
    net.add_neuron("h", "hidden", activation)
    net.add_neuron("y", "output", "sigmoid")
    net.connect("x", "h", weight)
    net.connect("b", "h", 0.1)
    net.connect("h", "y", 0.8)
    return net, Dataset(["x"], ["y"], [[1.0, loss_target]])


DERIVATIVES = {  # activation, weight -> what the panel says about f'
    ("sigmoid", 1.0): "o(1 \u2212 o)\u00b7\u03a3 w\u00b7\u03b4 = {o}\u00b7(1 \u2212 {o})\u00b7(0.8\u00b7{dy})",
    ("tanh", 1.0): "(1 \u2212 o\u00b2)\u00b7\u03a3 w\u00b7\u03b4 = (1 \u2212 {o}\u00b2)\u00b7(0.8\u00b7{dy})",
    ("relu", 1.0): "relu\u2032({net}) = 1 (net > 0)",
    ("relu", -1.0): "relu\u2032({net}) = 0 (net \u2264 0)",
    ("leaky_relu", -1.0): "lrelu\u2032({net}) = 0.01 (net \u2264 0)",
    ("leaky_relu", 1.0): "lrelu\u2032({net}) = 1 (net > 0)",
    ("identity", 1.0): "id\u2032({net}) = 1 (always)",
    ("softplus", 1.0): "softplus\u2032({net}) = {sig} (\u03c3({net}))",
    ("step", 1.0): "step\u2032({net}) = 0 (step is flat)",
    ("sign", 1.0): "sign\u2032({net}) = 0 (sign is flat)",
}


@pytest.mark.parametrize("activation, weight", list(DERIVATIVES))
def test_each_activation_has_its_derivative(panel, activation, weight):
    net, data = one_neuron(activation, weight)
    stepper = Stepper(net, data, 0.5)
    stepper.step_row()
    panel.set_stepper(stepper)
    panel.set_selection(["h"])
    t = trace(net, data, 0)
    h = t.neurons["h"]
    sig = number(1.0 / (1.0 + math.exp(-h.net)))  # softplus' = σ, by hand
    expected = DERIVATIVES[activation, weight].format(
        o=number(h.output), net=number(h.net), dy=number(t.neurons["y"].delta), sig=sig)
    text = panel.text()
    assert expected in text
    assert "\u03b4h = " in text and text.split("\u03b4h = ")[1].split("\n")[0].endswith(
        f"= {number(h.delta)}")


def test_cross_entropy_output_delta_is_y_minus_o(panel, xor):
    doc, _ = xor
    stepper = Stepper(doc.network, doc.dataset, 0.5, "cross_entropy")
    stepper.step_row()
    panel.set_stepper(stepper)
    panel.set_selection(["y"])
    t = trace(doc.network, doc.dataset, 0, "cross_entropy")
    o = number(t.outputs["y"])
    text = panel.text()
    assert f"\u03b4y = y {MINUS} o = 1 {MINUS} {o} = {number(t.neurons['y'].delta)}" in text
    assert (f"Jy = {MINUS}[y\u00b7ln o + (1 {MINUS} y)\u00b7ln(1 {MINUS} o)] = "
            f"{MINUS}[1\u00b7ln {o} + (1 {MINUS} 1)\u00b7ln(1 {MINUS} {o})] = {number(t.error)}") in text


def test_inputs_bias_and_many_selected(panel, xor):
    doc, stepper = xor
    stepper.step()
    panel.set_stepper(stepper)
    panel.set_selection(["x1", "b"], [c.key for c in doc.network.connections])
    text = panel.text()
    assert "x1 = 1 (row 0)" in text and "bias = 1, always" in text
    assert f"and {2 + 9 - MAX_SHOWN} more selected" in text
    assert "x = x1 = 1" in text and "x = the bias = 1" in text


def test_negative_factors_get_parentheses(panel):
    net, data = one_neuron("tanh", -1.0)
    stepper = Stepper(net, data, 0.5)
    for _ in range(stepper.index_of(Stage(ERROR))):
        stepper.step()
    panel.set_stepper(stepper)
    panel.set_selection(["h"], [("h", "y")])
    out = number(trace(net, data, 0).neurons["h"].output)
    assert out.startswith(MINUS)
    assert f"0.8{DOT}({out})" in panel.text()
    assert "(\u22121)\u00b71" in panel.text()  # the weight -1 times x = 1


def batch_stepper(doc, **settings):
    return Stepper(doc.network, doc.dataset, TrainingSettings(learning_rate=0.5, **settings))


def test_batch_mode_sums_the_rows_and_updates_with_the_mean(panel, xor):
    """Seed 001: XOR in batch mode, connection h1 → y; every row uses w = 0.3."""
    doc, _ = xor
    grads = [next(c.gradient for c in trace(doc.network, doc.dataset, r).connections
                  if (c.source, c.target) == ("h1", "y")) for r in range(4)]
    stepper = batch_stepper(doc, mode="batch")
    panel.set_stepper(stepper)
    panel.set_selection([], [("h1", "y")])
    stepper.step_row()  # row 0, through accumulate
    panel.set_stepper(stepper)
    text = panel.text()
    assert ("Batch: row 0 is 1 of 4 in the batch; one update after row 3, with the mean "
            "\u2202J/\u2202w \u00b7 \u03b1 = 0.5") in text
    assert f"\u03a3\u2202J/\u2202w over 1 row = {number(grads[0])}" in text
    assert number(grads[0]) == "\u22120.02004"  # seed 000: −0.02578·0.7773
    assert "The weight changes after row 3, the batch's last, by the mean." in text
    assert "\u0394w" not in text and "w = 0.3\n" in text
    stepper.step_epoch()  # rows 1-3, then the update
    panel.set_stepper(stepper)
    text = panel.text()
    total, mean = sum(grads), sum(grads) / 4
    assert (f"\u03a3\u2202J/\u2202w over 4 rows = {number(sum(grads[:3]))} + "
            f"{number(grads[3])} = {number(total)}") in text
    assert f"mean(\u2202J/\u2202w) = \u03a3\u2202J/\u2202w / 4 = {number(total)} / 4 = " \
           f"{number(mean)}" in text
    assert f"\u0394w = {MINUS}\u03b1{DOT}mean(\u2202J/\u2202w) = {MINUS}0.5{DOT}{number(mean)} = " \
           f"{number(-0.5 * mean)}" in text
    assert f"new w = w + \u0394w = 0.3 + ({number(-0.5 * mean)}) = {number(0.3 - 0.5 * mean)}" \
        in text
    # the same numbers, written out
    assert ("\u03a3\u2202J/\u2202w over 4 rows = 0.04864 + 0.09633 = 0.1450\n"
            "mean(\u2202J/\u2202w) = \u03a3\u2202J/\u2202w / 4 = 0.1450 / 4 = 0.03624\n"
            "\u0394w = \u2212\u03b1\u00b7mean(\u2202J/\u2202w) = \u22120.5\u00b70.03624 = "
            "\u22120.01812\n"
            "new w = w + \u0394w = 0.3 + (\u22120.01812) = 0.2819") in text


def test_momentum_adds_the_last_step_to_the_update(panel, xor):
    doc, _ = xor
    stepper = batch_stepper(doc, mode="batch", momentum=0.9)
    panel.set_selection([], [("h1", "y")])
    stepper.step_epoch()
    first = stepper.connection(("h1", "y")).step
    stepper.step_epoch()
    panel.set_stepper(stepper)
    v = stepper.connection(("h1", "y"))
    assert v.previous_step == first
    assert (f"\u0394w = {MINUS}\u03b1{DOT}mean(\u2202J/\u2202w) + \u03bc{DOT}\u0394wprev = "
            f"{MINUS}0.5{DOT}{number(v.mean_gradient)} + 0.9{DOT}({number(first)}) = "
            f"{number(v.step)}") in panel.text()
    assert number(v.step) == number(-0.5 * v.mean_gradient + 0.9 * first) == "\u22120.03458"
    sgd = batch_stepper(doc, momentum=0.9)
    sgd.step_row()
    sgd.step_row()
    panel.set_stepper(sgd)
    v = sgd.connection(("h1", "y"))
    d = number(sgd.neuron("y").delta)
    assert number(v.previous_step) == "0.01002"  # row 0's step, seed 000's Δw
    assert (f"\u0394w = {MINUS}\u03b1{DOT}\u2202J/\u2202w + \u03bc{DOT}\u0394wprev = "
            f"\u03b1{DOT}\u03b4y{DOT}x + \u03bc{DOT}\u0394wprev = 0.5{DOT}({d}){DOT}"
            f"{number(v.source_output)} + 0.9{DOT}0.01002 = {number(v.step)}") in panel.text()
    assert number(v.step) == number(0.5 * sgd.neuron("y").delta * v.source_output
                                    + 0.9 * v.previous_step)


def test_a_long_sum_shows_its_first_terms_how_many_more_and_its_last(panel):
    net, data = fan()
    stepper = Stepper(net, data, 0.5)
    for _ in range(stepper.index_of(Stage(ERROR)) + 3):  # through backward 1
        stepper.step()
    panel.set_stepper(stepper)
    panel.set_selection(["h"])
    t = trace(net, data, 0)
    h = t.neurons["h"]
    # 21 terms: the first five, the 15 left out, the bias's; the sum is the whole one
    assert number(h.net) == "2.600"
    assert (f"neth = \u03a3 w{DOT}x = 0.01{DOT}1 + 0.02{DOT}1 + 0.03{DOT}1 + 0.04{DOT}1 + "
            f"0.05{DOT}1 + \u2026 15 more terms \u2026 + 0.5{DOT}1 = 2.600") in panel.text()
    # δ of h sums over its ten successors: five, the 4 left out, the last
    def delta(nid):  # as a factor: negative ones in parentheses
        text = number(t.neurons[nid].delta)
        return f"({text})" if text.startswith(MINUS) else text
    o = number(h.output)
    first = " + ".join(f"{w}{DOT}{delta(f'y{k}')}" for k, w in enumerate(["0.1", "0.2", "0.3",
                                                                           "0.4", "0.5"]))
    assert (f"\u03b4h = o(1 {MINUS} o){DOT}\u03a3 w{DOT}\u03b4 = {o}{DOT}(1 {MINUS} {o}){DOT}"
            f"({first} + \u2026 4 more terms \u2026 + 1{DOT}{delta('y9')}) = {number(h.delta)}") \
        in panel.text()


def test_a_sum_of_up_to_eight_terms_is_written_out(panel):
    net, data = one_neuron("sigmoid", 1.0)
    for i in range(2, 8):  # h gets seven more inputs: eight terms with x's
        net.add_neuron(f"x{i}", "input")
        net.connect(f"x{i}", "h", 0.5)
    columns = ["x"] + [f"x{i}" for i in range(2, 8)]
    data = Dataset(columns, ["y"], [[1.0] * 7 + [1.0]])
    stepper = Stepper(net, data, 0.5)
    stepper.step()
    stepper.step()
    panel.set_stepper(stepper)
    panel.set_selection(["h"])
    terms = [f"{factor_of(c.weight)}{DOT}1" for c in net.incoming("h")]
    assert len(terms) == 8 and "more terms" not in panel.text()
    assert " + ".join(terms) in panel.text()


def factor_of(weight: float) -> str:
    return f"({MINUS}{-weight:g})" if weight < 0 else f"{weight:g}"


def test_the_perceptron_rule_shows_y_minus_y_hat_and_its_update_with_the_numbers(panel):
    # NOT, sign(0) = +1, α = 0.5, weights 0: row 0 (x = 0, y = +1) is right; row 1
    # (x = 1, y = −1) gets +1: y − ŷ = −2, Δw = 0.5·(−2)·1 = −1 for both weights
    doc = Document.open(paths.example("not-perceptron"))
    stepper = Stepper(doc.network, doc.dataset, doc.file.training)
    panel.set_stepper(stepper)
    panel.set_selection(["y"], [("x1", "y")])
    stepper.step_row()
    stepper.step()  # row 1: its inputs
    stepper.step()  # forward
    panel.set_stepper(stepper)
    text = panel.text()
    assert "outNOT = sign(netNOT) = sign(0) = 1\n" in text
    assert "y \u2212 \u0177 comes at the error stage.\n" in text
    assert "\u03b4" not in text.split("NOT  output")[1]  # no δ in this rule
    stepper.step()  # error
    panel.set_stepper(stepper)
    text = panel.text()
    assert f"eNOT = y {MINUS} \u0177 = {MINUS}1 {MINUS} 1 = {MINUS}2\n" in text
    assert f"JNOT = \u00bd(y {MINUS} \u0177)\u00b2 = \u00bd({MINUS}1 {MINUS} 1)\u00b2 = 2.000\n" \
        in text
    assert "No \u03b4 and no \u2202J/\u2202w" in text
    assert "The weight changes at the update stage." in text
    stepper.step()  # update
    panel.set_stepper(stepper)
    text = panel.text()
    assert f"\u0394w = \u03b1{DOT}(y {MINUS} \u0177){DOT}x = 0.5{DOT}({MINUS}2){DOT}1 = {MINUS}1\n" \
        in text
    assert f"new w = w + \u0394w = 0 + ({MINUS}1) = {MINUS}1" in text
    assert stepper.weight_array().tolist() == [-1.0, -1.0]

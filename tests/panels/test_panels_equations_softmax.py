"""The Equations dock on a softmax output group and with L1/L2: e^net over the group's
sum, the categorical cross-entropy, δ = y − o or squared error through the Jacobian, and
the penalty's term in the update; every number against softmax_net's independent
computation and the stepper's own."""
import math

import numpy as np
import pytest
from softmax_net import Expected, dataset, network

from netsim.engine import Dataset, TrainingSettings
from netsim.engine.step_values import BACKWARD, ERROR, FORWARD, Stage, number
from netsim.engine.stepper import Stepper
from netsim.panels.equations import EquationPanel

MINUS, DOT = "\u2212", "\u00b7"


def factor(text: str) -> str:
    return f"({text})" if text.startswith(MINUS) else text


@pytest.fixture
def panel(qtbot):
    p = EquationPanel()
    qtbot.addWidget(p)
    p.resize(420, 700)
    p.show()
    qtbot.waitExposed(p)
    return p


def stepper_at(stage: Stage | None, loss: str, **settings) -> Stepper:
    """A stepper on the softmax network, stepped to `stage` (None: the row's last)."""
    s = Stepper(network(), dataset(), TrainingSettings(learning_rate=0.5, loss=loss, **settings))
    if stage is None:
        s.step_row()
    else:
        for _ in range(s.index_of(stage) + 1):
            s.step()
    return s


def shown(panel, stepper, neurons=(), connections=()) -> str:
    panel.set_stepper(stepper)
    panel.set_selection(neurons, connections)
    return panel.text()


@pytest.mark.parametrize("loss", ["cross_entropy", "squared_error"])
def test_forward_writes_e_to_the_net_over_the_groups_sum(panel, loss):
    ex = Expected(loss)
    s = stepper_at(Stage(FORWARD, 1), loss)
    text = shown(panel, s, ["a", "c"])
    e = {t: number(v) for t, v in ex.e.items()}
    total = number(ex.total)
    assert f"\u03a3j exp(netj) over a, c, d = {e['a']} + {e['c']} + {e['d']} = {total}" in text
    for t in ("a", "c"):
        assert (f"out{t} = exp(net{t}) / \u03a3j exp(netj) = e{number(ex.net[t])} / {total} = "
                f"{e[t]} / {total} = {number(ex.o[t])}") in text
    # written out: net_c = −0.3·0.5 + 0.6·(−1) + 0.2 = −0.55, e^−0.55 = 0.5769
    assert "outc = exp(netc) / \u03a3j exp(netj) = e\u22120.5500 / 3.643 = 0.5769 / 3.643 = 0.1584" \
        in text
    assert "softmax over a, c, d" in text.splitlines()[0]  # the overview: where it is
    assert s.describe() == \
        "Row 0 \u00b7 forward, level 1 of 1: a, c, d fire; softmax over a, c, d"


def test_cross_entropy_error_and_delta(panel):
    ex = Expected("cross_entropy")
    s = stepper_at(Stage(ERROR), "cross_entropy")
    text = shown(panel, s, ["a", "c"])
    o = {t: number(v) for t, v in ex.o.items()}
    assert (f"J = {MINUS}\u03a3 y{DOT}ln o = {MINUS}(0{DOT}ln {o['a']} + 1{DOT}ln {o['c']} + "
            f"0{DOT}ln {o['d']}) = {number(-math.log(ex.o['c']))}") in text
    assert f"Jc = {MINUS}y{DOT}ln o = {MINUS}1{DOT}ln {o['c']} = {number(ex.shares['c'])}" in text
    assert f"Ja = {MINUS}y{DOT}ln o = {MINUS}0{DOT}ln {o['a']} = 0" in text
    assert "\u03b4 comes at backward level 1." in text
    s.step()  # backward 1
    text = shown(panel, s, ["a", "c"])
    assert f"\u03b4c = y {MINUS} o = 1 {MINUS} {o['c']} = {number(ex.delta['c'])}" in text
    assert f"\u03b4a = y {MINUS} o = 0 {MINUS} {o['a']} = {number(ex.delta['a'])}" in text
    assert number(ex.delta["c"]) == "0.8416"
    assert s.describe() == ("Row 0 \u00b7 backward, level 1: \u03b4 of a, c, d "
                            "(softmax: \u03b4 = y \u2212 o)")


def test_squared_error_delta_goes_through_the_jacobian(panel):
    ex = Expected("squared_error")
    s = stepper_at(Stage(BACKWARD, 1), "squared_error")
    text = shown(panel, s, ["c", "d"])
    o = {t: number(v) for t, v in ex.o.items()}
    # J as for any outputs: ½Σ (y − o)²
    assert f"J = \u00bd\u03a3 (y \u2212 o)\u00b2 = {number(ex.error)}" in text
    assert f"Jc = \u00bd(y {MINUS} o)\u00b2 = \u00bd(1 {MINUS} {o['c']})\u00b2 = " \
           f"{number(ex.shares['c'])}" in text
    total = number(ex.jacobian_sum)
    assert (f"\u03a3j (oj {MINUS} yj){DOT}oj = ({o['a']} {MINUS} 0){DOT}{o['a']} + "
            f"({o['c']} {MINUS} 1){DOT}{o['c']} + ({o['d']} {MINUS} 0){DOT}{o['d']} = "
            f"{total}") in text
    for t, y in (("c", "1"), ("d", "0")):
        assert (f"\u03b4{t} = {MINUS}o{DOT}((o {MINUS} y) {MINUS} \u03a3j (oj {MINUS} yj)"
                f"{DOT}oj) = {MINUS}{o[t]}{DOT}(({o[t]} {MINUS} {y}) {MINUS} {factor(total)}) = "
                f"{number(ex.delta[t])}") in text
    assert "o(1 \u2212 o)" not in text  # no element-wise derivative
    assert s.describe().endswith("(through the softmax's Jacobian)")


def slot(s, key):
    return s.slots[key]


@pytest.mark.parametrize("loss", ["cross_entropy", "squared_error"])
def test_the_update_adds_the_penalty_with_its_numbers(panel, loss):
    ex = Expected(loss)
    l1, l2 = 0.001, 0.01
    s = stepper_at(None, loss, l1=l1, l2=l2)
    text = shown(panel, s, [], [("x2", "c"), ("x1", "c"), ("b", "c")])
    for key, w in ((("x2", "c"), "0.6"), (("x1", "c"), "(\u22120.3)")):
        g, step = ex.gradient(*key), ex.step(*key, 0.5, l1, l2)
        sign = "1" if w == "0.6" else "(\u22121)"
        assert (f"\u0394w = {MINUS}\u03b1{DOT}(\u2202J/\u2202w + \u03bb\u2082{DOT}w + "
                f"\u03bb\u2081{DOT}sign w) = {MINUS}0.5{DOT}({number(g)} + 0.01{DOT}{w} + "
                f"0.001{DOT}{sign}) = {number(step)}") in text
        new = s.numbers.new_weights[slot(s, key)]
        np.testing.assert_allclose(new, ex.weight(*key) + step, rtol=1e-13)
        assert f"new w = w + \u0394w = {w.strip('()')} + {factor(number(step))} = " \
               f"{number(new)}" in text
    # the bias weight: no penalty without Regularise bias weights, and a line says so
    g = ex.gradient("b", "c")
    assert f"= 0.5{DOT}{factor(number(ex.delta['c']))}{DOT}1 = {number(-0.5 * g)}" in text
    assert "\u03bb\u2081, \u03bb\u2082 leave bias weights alone" in text
    assert s.numbers.new_weights[slot(s, ("b", "c"))] == pytest.approx(0.2 - 0.5 * g, rel=1e-13)
    assert s.describe().endswith("by \u2212\u03b1\u00b7(\u2202J/\u2202w + \u03bb\u2082\u00b7w + "
                                 "\u03bb\u2081\u00b7sign w) (\u03b1 = 0.5, \u03bb\u2082 = 0.01, "
                                 "\u03bb\u2081 = 0.001)")
    assert "weight penalty \u03bb\u2082 = 0.01, \u03bb\u2081 = 0.001 (not on bias weights)" \
        in s.mode_line()


def test_with_regularise_bias_the_bias_weight_decays_too(panel):
    ex = Expected("cross_entropy")
    s = stepper_at(None, "cross_entropy", l2=0.1, regularise_bias=True)
    text = shown(panel, s, [], [("b", "d")])
    step = ex.step("b", "d", 0.5, l2=0.1)
    assert (f"\u0394w = {MINUS}\u03b1{DOT}(\u2202J/\u2202w + \u03bb\u2082{DOT}w) = "
            f"{MINUS}0.5{DOT}({number(ex.gradient('b', 'd'))} + 0.1{DOT}(\u22120.5)) = "
            f"{number(step)}") in text
    assert "leave bias weights alone" not in text and "\u03bb\u2081" not in text
    new = s.numbers.new_weights[slot(s, ("b", "d"))]
    np.testing.assert_allclose(new, -0.5 + step, rtol=1e-13)
    assert f"= {number(new)}" in text.split("new w")[1]
    assert "(bias weights too)" in s.mode_line()


def test_without_a_penalty_the_update_reads_as_before(panel):
    ex = Expected("cross_entropy")
    s = stepper_at(None, "cross_entropy")
    text = shown(panel, s, [], [("x1", "a")])
    d = factor(number(ex.delta["a"]))
    assert (f"\u0394w = {MINUS}\u03b1{DOT}\u2202J/\u2202w = \u03b1{DOT}\u03b4a{DOT}x = "
            f"0.5{DOT}{d}{DOT}0.5 = {number(-0.5 * ex.gradient('x1', 'a'))}") in text
    assert "\u03bb" not in text and "\u03bb" not in s.mode_line() + s.describe()


def test_batch_mode_adds_the_penalty_to_the_mean(panel):
    """Two copies of the row, batch mode with momentum: the mean is the row's ∂J/∂w."""
    ex = Expected("squared_error")
    data = dataset()
    data = type(data)(data.inputs, data.targets, np.vstack([data.rows, data.rows]))
    s = Stepper(network(), data, TrainingSettings(learning_rate=0.5, loss="squared_error",
                                                  mode="batch", momentum=0.9, l1=0.02))
    s.step_epoch()
    text = shown(panel, s, [], [("x1", "d")])
    g = ex.gradient("x1", "d")
    step = -0.5 * (g + 0.02 * 1)  # w = 0.5 > 0; no earlier step for momentum
    assert (f"\u0394w = {MINUS}\u03b1{DOT}(mean(\u2202J/\u2202w) + \u03bb\u2081{DOT}sign w) + "
            f"\u03bc{DOT}\u0394wprev = {MINUS}0.5{DOT}({number(g)} + 0.02{DOT}1) + 0.9{DOT}0 = "
            f"{number(step)}") in text
    new = s.numbers.new_weights[slot(s, ("x1", "d"))]
    np.testing.assert_allclose(new, 0.5 + step, rtol=1e-12)
    assert f"new w = w + \u0394w = 0.5 + {factor(number(step))} = {number(new)}" in text


def test_a_huge_net_input_is_written_shifted_by_the_largest(panel):
    """e^800 overflows: the dock writes e^(net − m) as the engine computes it."""
    net = network()
    net.set_weight("x1", "a", 1600.0)  # net_a = 1600·0.5 + (−0.4)·(−1) + 0.1 = 800.5
    s = Stepper(net, dataset(), TrainingSettings(learning_rate=0.5, loss="cross_entropy"))
    s.step()
    s.step()
    text = shown(panel, s, ["c"])
    top = 800.5
    assert f"m = max net = {number(top)} (enet would overflow" in text
    e_c = math.exp(-0.55 - top)
    assert f"outc = exp(netc \u2212 m) / \u03a3j exp(netj \u2212 m) = e{number(-0.55)} \u2212 " \
           f"{number(top)} / 1.000 = {number(e_c)} / 1.000 = {number(e_c)}" in text


def test_targets_that_do_not_sum_to_1_give_y_minus_o_times_their_sum(panel):
    """δ_k = y_k − o_k·Σ y (−dJ/dnet of −Σ y ln o); y − o only for one-hot targets."""
    data = Dataset(["x1", "x2"], ["a", "c", "d"], [[0.5, -1.0, 0.5, 0.5, 0.5]])
    s = Stepper(network(), data, TrainingSettings(learning_rate=0.5, loss="cross_entropy"))
    for _ in range(s.index_of(Stage(BACKWARD, 1)) + 1):
        s.step()
    o_a = Expected("cross_entropy").o["a"]  # the outputs do not depend on the targets
    text = shown(panel, s, ["a"])
    assert (f"\u03b4a = y {MINUS} o{DOT}\u03a3 y = 0.5 {MINUS} {number(o_a)}{DOT}1.5 = "
            f"{number(0.5 - 1.5 * o_a)} (the targets sum to 1.5, not 1)") in text


def test_names_in_the_group_lines_are_plain_text(panel):
    net = network()
    net.neurons["a"].label = "<b>set&osa</b>"
    s = Stepper(net, dataset(), TrainingSettings(learning_rate=0.5, loss="squared_error"))
    s.step_row()
    text = shown(panel, s, ["a"])
    assert "over <b>set&osa</b>, c, d = " in text
    assert "out<b>set&osa</b> = exp(net<b>set&osa</b>) / " in text
    assert "\u03b4<b>set&osa</b> = \u2212o\u00b7((o \u2212 y)" in text

"""The quiz's questions and verdicts on seed 000's XOR worked example, every answer the
engine's number and every slip recognised from the number typed."""
import math
from dataclasses import replace

import numpy as np
import pytest

from netsim import paths
from netsim.document import Document
from netsim.engine import TrainingSettings
from netsim.engine import quiz
from netsim.engine.stepper import Stepper
from netsim.engine.trace import trace

SIG = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731


@pytest.fixture
def xor(qapp):
    doc = Document.open(paths.example("xor-worked-example"))
    return doc, Stepper(doc.network, doc.dataset, 0.5)


def to(stepper, stage: str):
    """Step until the NEXT step reveals `stage` ("forward 1", "error", ...)."""
    stepper.step()  # the inputs
    while str(stepper.stages[stepper.index + 1]) != stage:
        stepper.step()


def ask(stepper, neurons=(), keys=()):
    return {q.symbol: q for q in quiz.questions(stepper, neurons, keys)}


def test_before_the_inputs_nothing_is_asked(xor):
    _, s = xor
    assert quiz.questions(s, ["h1"]) == []  # nothing revealed yet: the inputs come next
    s.step()
    assert quiz.next_stage(s) == 1


def test_forward_asks_net_then_out_of_the_selected_neuron(xor):
    _, s = xor
    to(s, "forward 1")
    qs = quiz.questions(s, ["h1"])
    assert [q.symbol for q in qs] == ["net h1", "out h1"]
    assert qs[0].answer == pytest.approx(0.25 * 1 + 0.2 * 0 + 1, abs=1e-15)  # 1.25
    assert qs[1].answer == pytest.approx(SIG(1.25), rel=1e-15)
    assert [q.prompt for q in qs] == ["What is net h1?", "What is out h1?"]
    assert all(q.stage == s.index + 1 for q in qs)


def test_each_stage_asks_its_own_numbers(xor):
    doc, s = xor
    t = trace(doc.network, doc.dataset, 0)
    y, h1 = t.neurons["y"], t.neurons["h1"]
    to(s, "error")
    [j] = quiz.questions(s, ["y"])
    assert j.symbol == "J y" and j.answer == pytest.approx(0.5 * (1 - y.output) ** 2, rel=1e-14)
    s.step()
    [d] = quiz.questions(s, ["y"])
    assert d.symbol == "\u03b4 y" and d.answer == pytest.approx(
        y.output * (1 - y.output) * (1 - y.output), rel=1e-14)
    [g] = quiz.questions(s, [], [("h1", "y")])
    assert g.symbol == "\u2202J/\u2202w(h1 \u2192 y)"
    assert g.answer == pytest.approx(-y.delta * h1.output, rel=1e-14)
    to(s, "update")
    [w] = quiz.questions(s, [], [("h1", "y")])
    assert w.symbol == "the new w(h1 \u2192 y)"
    assert w.answer == pytest.approx(0.3 + 0.5 * y.delta * h1.output, rel=1e-14)


def test_without_a_selection_it_picks_the_same_one_each_time(xor):
    _, s = xor
    to(s, "forward 1")
    first = quiz.questions(s)
    assert first and first[0].target in ("h1", "h2")
    assert quiz.questions(s) == first  # the same row and stage: the same pick
    s.back()
    s.step()
    assert quiz.questions(s) == first


def test_the_tolerance_is_one_per_cent_or_one_thousandth():
    t = quiz.Tolerance()
    assert str(t) == "within 1 % or 0.001"
    assert t.accepts(1.009, 1.0) and not t.accepts(1.011, 1.0)
    assert t.accepts(0.0259, 0.0255) and not t.accepts(0.0266, 0.0255)  # 0.001 is wider
    assert quiz.Tolerance(0.05, 0).accepts(1.049, 1.0)
    for bad in (-0.01, math.nan, math.inf):
        with pytest.raises(ValueError, match="tolerance must be a number"):
            quiz.Tolerance(bad, 0.001)


def verdict(s, q, typed):
    return quiz.judge(s, q, typed)


def test_a_right_answer_and_the_slips_of_the_forward_pass(xor):
    _, s = xor
    to(s, "forward 1")
    net, out = quiz.questions(s, ["h1"])
    assert verdict(s, net, 1.25).right and verdict(s, net, 1.26).right  # within 1 %
    v = verdict(s, net, -1.25)
    assert not v.right and v.why == "The sign is flipped."
    assert verdict(s, net, 0.25).why == ("The bias is left out: its weight times 1 belongs "
                                         "in the sum.")
    assert verdict(s, out, 1.25).why == "That is net; out = \u03c3(net)."
    assert verdict(s, out, math.tanh(1.25)).why == "That is tanh(net); h1 uses sigmoid."
    assert verdict(s, out, 0.5).why == ""  # a number no slip gives: no guess
    assert verdict(s, out, SIG(1.25)).right


def test_the_slips_of_the_error_and_the_deltas(xor):
    doc, s = xor
    t = trace(doc.network, doc.dataset, 0)
    o = t.neurons["y"].output
    to(s, "error")
    [j] = quiz.questions(s, ["y"])
    assert verdict(s, j, 1 - o).why == "That is y \u2212 o, the error; J = \u00bd(y \u2212 o)\u00b2."
    assert verdict(s, j, (1 - o) ** 2).why == "The \u00bd is missing: J = \u00bd(y \u2212 o)\u00b2."
    s.step()
    [d] = quiz.questions(s, ["y"])
    assert verdict(s, d, 1 - o).why == "f\u2032(net) is left out: \u03b4 = f\u2032(net)\u00b7(\u2026)."
    assert verdict(s, d, (1 - o * o) * (1 - o)).why == (
        "Wrong derivative: 1 \u2212 o\u00b2 is tanh's derivative; \u03c3\u2032 = o(1 \u2212 o).")


def test_a_hidden_delta_with_the_updated_weights_is_named(qapp):
    # seed 000: "we use the original weights, not the updated weights"
    doc = Document.open(paths.example("xor-worked-example"))
    s = Stepper(doc.network, doc.dataset, 20.0)  # a big step: the new weights differ a lot
    t = trace(doc.network, doc.dataset, 0)
    to(s, "backward 1")
    [d] = quiz.questions(s, ["h1"])
    h1, y = t.neurons["h1"], t.neurons["y"]
    new_w = 0.3 + 20.0 * y.delta * h1.output
    updated = h1.output * (1 - h1.output) * new_w * y.delta
    assert d.answer == pytest.approx(h1.output * (1 - h1.output) * 0.3 * y.delta, rel=1e-14)
    fine = quiz.Tolerance(0.01, 1e-6)  # δ of a hidden neuron is small: 0.001 is too loose
    assert quiz.judge(s, d, updated, fine).why.startswith(
        "That uses the updated weights; backprop uses the weights from before the update")
    assert quiz.judge(s, d, d.answer * 1.005, fine).right


def test_the_slips_of_the_gradient_and_the_update(xor):
    doc, s = xor
    t = trace(doc.network, doc.dataset, 0)
    y, h1 = t.neurons["y"], t.neurons["h1"]
    to(s, "backward 2")
    [g] = quiz.questions(s, [], [("h1", "y")])
    assert verdict(s, g, -y.delta).why.startswith("x is left out")
    to(s, "update")
    [w] = quiz.questions(s, [], [("h1", "y")])
    step = 0.5 * y.delta * h1.output
    assert verdict(s, w, 0.3).why == "That is the weight before the update: new w = w + \u0394w."
    assert verdict(s, w, 0.3 - step).why.startswith("\u0394w's sign is flipped")
    assert verdict(s, w, step).why == "That is \u0394w alone: new w = w + \u0394w."


def test_batch_mode_asks_the_mean_and_knows_the_sum(qapp):
    doc = Document.open(paths.example("xor-worked-example"))
    settings = replace(doc.file.training or TrainingSettings(), mode="batch")
    s = Stepper(doc.network, doc.dataset, settings)
    s.step_row()  # row 0 into the batch's sum
    to(s, "accumulate")  # row 1
    [m] = quiz.questions(s, [], [("h1", "y")])
    after = s.connection(("h1", "y"), s.index + 1)
    assert m.symbol == "the mean \u2202J/\u2202w(h1 \u2192 y) of the batch so far"
    assert m.answer == after.gradient_sum / 2 == after.mean_gradient
    assert verdict(s, m, after.gradient_sum).why == ("That is the sum; the mean divides it "
                                                     "by the 2 rows.")


def test_a_softmax_groups_outputs_are_asked_and_judged(qapp):
    doc = Document.open(paths.example("iris-softmax"))
    s = Stepper(doc.network, doc.dataset, doc.file.training)
    t = trace(doc.network, doc.dataset, s.row)
    outputs = doc.dataset.targets
    to(s, f"forward {s.depth}")
    net, out = quiz.questions(s, [outputs[1]])
    assert out.answer == pytest.approx(t.neurons[outputs[1]].output, rel=1e-14)
    nets = np.array([t.neurons[o].net for o in outputs])
    assert out.answer == pytest.approx(np.exp(nets[1]) / np.exp(nets).sum(), rel=1e-12)
    assert verdict(s, out, out.answer).right
    assert verdict(s, out, net.answer).why == "That is net; out = softmax(net)."

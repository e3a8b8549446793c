"""Quiz: before the step-through reveals a stage, the learner predicts one of its numbers.

A learner who only watches numbers appear learns less than one who has to predict them.
Before each reveal, `questions` names the numbers the next stage will show for the
selected neuron or connection (or, when the selection shows nothing then, for one that
the stage lights, picked the same way every time for the same row and stage):

    forward l      net_h, then out_h of a neuron of level l
    error          J_y, an output's share of the row's error
    backward l     δ_h of a neuron of level l, or ∂J/∂w of a connection into it
    accumulate     (mini-batch, batch) the mean ∂J/∂w of the batch's rows so far
    update         the new weight w + Δw

Every answer is the engine's own number (the stepper's trace). `judge` accepts a typed
number within a tolerance (relative 1 % or absolute 1e-3 by default) and, on a miss,
says where the answer went wrong when the number gives it away: the sign flipped, the
weight before the update used where the new one belongs (or the updated weights used
in backprop, where the seeds use the original ones), a wrong derivative (f′ left out, or
another activation's), the bias left out of net, x left out of ∂J/∂w, the batch's sum
instead of its mean, net for out, y − o for J.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from . import activations
from .step_values import ACCUMULATE, BACKWARD, ERROR, FORWARD, UPDATE, Key
from .text import ARROW, neuron_name, readable, weight_symbol

NET, OUT, SHARE, DELTA, GRADIENT, MEAN, NEW_WEIGHT = (
    "net", "out", "J", "delta", "gradient", "mean", "new weight")
RELATIVE, ABSOLUTE = 0.01, 1e-3  # the default tolerance: 1 % of the answer, or 0.001


@dataclass(frozen=True)
class Tolerance:
    relative: float = RELATIVE  # a share of |answer|
    absolute: float = ABSOLUTE

    def __post_init__(self) -> None:
        for name in ("relative", "absolute"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value >= 0):
                raise ValueError(f"the {name} tolerance must be a number ≥ 0, not {value}")

    def accepts(self, typed: float, answer: float) -> bool:
        """Within `relative` of the answer or within `absolute` of it, whichever is wider."""
        if not (math.isfinite(typed) and math.isfinite(answer)):
            return typed == answer
        return abs(typed - answer) <= max(self.relative * abs(answer), self.absolute)

    def __str__(self) -> str:
        return f"within {readable(100 * self.relative, 4)} % or {readable(self.absolute, 4)}"


@dataclass(frozen=True)
class Question:
    quantity: str  # NET, OUT, SHARE, DELTA, GRADIENT, MEAN or NEW_WEIGHT
    target: str | Key  # a neuron id, or a connection key
    symbol: str  # what is asked, as the Equations dock writes it: "net h1", "∂J/∂w7"
    answer: float  # the engine's number
    stage: int  # the stage index that reveals it

    @property
    def prompt(self) -> str:
        return f"What is {self.symbol}?"

    def __repr__(self) -> str:
        return f"Question({self.symbol} = {self.answer:.6g})"


@dataclass(frozen=True)
class Verdict:
    right: bool
    typed: float
    answer: float
    why: str = ""  # on a miss: where the answer went wrong, when the number tells


def _connection_symbol(stepper, key: Key) -> str:
    """∂J/∂w's w: the connection's name (w7), else w with its ends: w(h1 → y)."""
    label = stepper.graph.connection(*key).label
    if label:
        return weight_symbol(label)
    g = stepper.graph
    return f"w({neuron_name(g, key[0])} {ARROW} {neuron_name(g, key[1])})"


def _neuron_questions(stepper, nid: str, kind: str, index: int) -> list[Question]:
    v = stepper.neuron(nid, index)
    name = neuron_name(stepper.graph, nid)
    if kind == FORWARD and v.net is not None:
        return [Question(NET, nid, f"net {name}", v.net, index),
                Question(OUT, nid, f"out {name}", v.output, index)]
    if kind == ERROR and v.share is not None:
        return [Question(SHARE, nid, f"J {name}", v.share, index)]
    if kind == BACKWARD and v.delta is not None:
        return [Question(DELTA, nid, f"\u03b4 {name}", v.delta, index)]
    return []


def _connection_questions(stepper, key: Key, kind: str, index: int) -> list[Question]:
    v = stepper.connection(key, index)
    w = _connection_symbol(stepper, key)
    if kind == BACKWARD and v.gradient is not None:
        return [Question(GRADIENT, key, f"\u2202J/\u2202{w}", v.gradient, index)]
    if kind == ACCUMULATE and v.mean_gradient is not None and v.trainable:
        return [Question(MEAN, key, f"the mean \u2202J/\u2202{w} of the batch so far",
                         v.mean_gradient, index)]
    if kind == UPDATE and v.new_weight is not None and v.trainable:
        return [Question(NEW_WEIGHT, key, f"the new {w}", v.new_weight, index)]
    return []


def next_stage(stepper) -> int | None:
    """The stage index the next step reveals in this row; None when the next step begins
    another row (its inputs are given, not asked)."""
    if stepper.numbers is None or stepper.index < 0 or stepper.row_done:
        return None
    return stepper.index + 1


def questions(stepper, neurons=(), keys=()) -> list[Question]:
    """What to ask before the next reveal: about the selected neurons and connections
    the next stage shows (the first of them that it does), else about one of the
    neurons or connections it lights, picked by the row and the stage (the same pick
    every time they come back). Empty when the next step shows nothing to predict."""
    index = next_stage(stepper)
    if index is None:
        return []
    kind = stepper.stages[index].kind
    for nid in neurons:
        if nid in stepper.level:
            asked = _neuron_questions(stepper, nid, kind, index)
            if asked:
                return asked
    for key in keys:
        if tuple(key) in stepper.slots:
            asked = _connection_questions(stepper, tuple(key), kind, index)
            if asked:
                return asked
    lit_neurons, lit_keys = stepper.active(index)
    if kind == BACKWARD and lit_keys and stepper.position % 2:  # every other row: a ∂J/∂w
        lit_neurons = []
    pick = np.random.default_rng([stepper.epoch, stepper.position, index])
    for nid in pick.permutation(np.asarray(lit_neurons, dtype=object)).tolist():
        if stepper.graph.neurons[nid].computes:
            asked = _neuron_questions(stepper, nid, kind, index)
            if asked:
                return asked
    if lit_keys:
        for i in pick.permutation(len(lit_keys)).tolist():
            asked = _connection_questions(stepper, tuple(lit_keys[i]), kind, index)
            if asked:
                return asked
    return []


def judge(stepper, question: Question, typed: float,
          tolerance: Tolerance = Tolerance()) -> Verdict:
    """Right when `typed` is within the tolerance of the answer; on a miss, the first of
    the usual slips that gives `typed` (within the same tolerance) says what went wrong."""
    answer = question.answer
    if tolerance.accepts(typed, answer):
        return Verdict(True, typed, answer)
    for value, why in _slips(stepper, question):
        if value is not None and math.isfinite(value) and tolerance.accepts(typed, value) \
                and not tolerance.accepts(value, answer):
            return Verdict(False, typed, answer, why)
    return Verdict(False, typed, answer)


# ---- the usual slips -----------------------------------------------------------------
def _slips(stepper, q: Question) -> list[tuple[float | None, str]]:
    slips = [(-q.answer, "The sign is flipped.")]
    maker = {NET: _net_slips, OUT: _out_slips, SHARE: _share_slips, DELTA: _delta_slips,
             GRADIENT: _gradient_slips, MEAN: _mean_slips, NEW_WEIGHT: _new_weight_slips}
    return slips + maker[q.quantity](stepper, q)


def _net_slips(stepper, q: Question) -> list:
    g, nid = stepper.graph, q.target
    bias = sum(stepper.connection(c.key, q.stage).weight for c in g.incoming(nid)
               if g.neurons[c.source].role == "bias")
    return [(q.answer - bias, "The bias is left out: its weight times 1 belongs in the sum.")
            if bias else (None, "")]


def _out_slips(stepper, q: Question) -> list:
    n = stepper.graph.neurons[q.target]
    net = stepper.neuron(q.target, q.stage).net
    f = "\u03c3" if n.activation == "sigmoid" else n.activation
    slips = [(net, f"That is net; out = {f}(net).")]
    if n.activation == "softmax":
        return slips
    for other in ("sigmoid", "tanh", "relu"):
        if other != n.activation:
            value = float(activations.get(other).f(np.asarray([net]))[0])
            slips.append((value, f"That is {other}(net); {neuron_name(stepper.graph, n.id)} "
                                 f"uses {n.activation}."))
    return slips


def _share_slips(stepper, q: Question) -> list:
    v = stepper.neuron(q.target, q.stage)
    if stepper.loss.name != "squared_error" or v.target is None:
        return []
    e = v.target - v.output
    return [(e, "That is y − o, the error; J = ½(y − o)²."),
            (e * e, "The ½ is missing: J = ½(y − o)².")]


def _derivatives(n, net: float, out: float) -> list[tuple[float, str]]:
    """Other derivatives a learner might use for neuron `n`, each with what it is."""
    wrong = []
    if n.activation == "sigmoid":
        wrong.append((net * (1 - net), "o(1 − o) takes the output o, not net"))
        wrong.append((1 - out * out, "1 − o² is tanh's derivative; σ′ = o(1 − o)"))
    elif n.activation == "tanh":
        wrong.append((out * (1 - out), "o(1 − o) is σ's derivative; tanh′ = 1 − o²"))
        wrong.append((1 - net * net, "1 − o² takes the output o, not net"))
    return wrong


def _delta_slips(stepper, q: Question) -> list:
    g, nid = stepper.graph, q.target
    n = g.neurons[nid]
    v = stepper.neuron(nid, q.stage)
    if n.activation == "softmax":
        return []
    d = float(activations.get(n.activation).df(np.asarray([v.net]), np.asarray([v.output]))[0])
    slips = []
    if d != 0 and math.isfinite(d):
        rest = q.answer / d  # (y − o) or Σ w·δ: what f′ multiplies
        slips.append((rest, "f′(net) is left out: δ = f′(net)·(…)."))
        slips += [(f * rest, f"Wrong derivative: {why}.")
                  for f, why in _derivatives(n, v.net, v.output)]
    numbers = stepper.numbers
    out = g.outgoing(nid)
    if out and numbers is not None and numbers.new_weights is not None \
            and stepper.loss.name == "squared_error":
        # Σ w·δ with the weights after this row's update: seed 000 uses the original ones
        new = sum((numbers.new_weights[stepper.slots[c.key]] - stepper.connection(
            c.key, q.stage).weight) * stepper.trace.neurons[c.target].delta for c in out)
        if new:
            slips.append((q.answer + d * new,
                          "That uses the updated weights; backprop uses the weights from "
                          "before the update (seed 000: the original weights)."))
    return slips


def _gradient_slips(stepper, q: Question) -> list:
    v = stepper.connection(q.target, q.stage)
    delta = stepper.trace.neurons[q.target[1]].delta
    return [(-delta, "x is left out: ∂J/∂w = −δ·x, x the output of the connection's "
                     "source."),
            (v.source_output, "That is x alone: ∂J/∂w = −δ·x.")]


def _mean_slips(stepper, q: Question) -> list:
    v = stepper.connection(q.target, q.stage)
    count = stepper.numbers.count
    return [(v.gradient_sum, f"That is the sum; the mean divides it by the {count} rows.")
            if count > 1 else (None, ""),
            (v.gradient, "That is this row's ∂J/∂w; the mean is over the batch's rows so "
                         "far.") if count > 1 else (None, "")]


def _new_weight_slips(stepper, q: Question) -> list:
    v = stepper.connection(q.target, q.stage)
    return [(v.weight, "That is the weight before the update: new w = w + Δw."),
            (v.weight - v.step, "Δw's sign is flipped: Δw = −α·∂J/∂w, so new w = w + Δw."),
            (v.step, "That is Δw alone: new w = w + Δw.")]

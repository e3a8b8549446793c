"""EquationPanel: the equations behind the selected neurons and connections, filled in
with the numbers the step-through has revealed so far, in seed 000's notation:

    net_h1 = Σ w·x = 0.25·1 + 0.2·0 + 1·1 = 1.250
    out_h1 = σ(net_h1) = σ(1.250) = 0.7773
    δ_y    = o(1 − o)·(y − o) = 0.8230·(1 − 0.8230)·(1 − 0.8230) = 0.02578
    δ_h1   = o(1 − o)·Σ w·δ = 0.7773·(1 − 0.7773)·(0.3·0.02578) = 0.001339
    ∂J/∂w  = −δ_y·x = −0.02578·0.7773 = −0.02004
    Δw     = −α·∂J/∂w = α·δ_y·x = 0.5·0.02578·0.7773 = 0.01002
    new w  = w + Δw = 0.3 + 0.01002 = 0.3100

In mini-batch and batch mode (seed 001) each row's ∂J/∂w joins the batch's sum, and the
batch's last row updates with the mean; with momentum the last step is added:

    Σ∂J/∂w over 2 rows = −0.01922 + (−0.004110) = −0.02333
    mean(∂J/∂w) = Σ∂J/∂w / 2 = −0.02333 / 2 = −0.01167
    Δw     = −α·mean(∂J/∂w) + μ·Δw_prev = −0.5·(−0.01167) + 0.9·0.002 = 0.007633

The first line of the panel says what the steps do in the training mode.

A sum of more than MOST_TERMS terms (a neuron fed by 784 inputs and a bias) shows its
first five, how many are left out and its last; the result after "=" is still the whole
sum, the engine's:

    net_h = Σ w·x = 0.01·0.5 + 0.02·0 + 0.05·1 + 0.04·0.9 + 0.03·0.1
                    + … 779 more terms … + 0.2·1 = 1.234

Every result after "=" is the engine's own number (engine.trace through the Stepper),
formatted as on the canvas; the factors before it are the trace's numbers too. Each
activation brings its own derivative (σ: o(1 − o); tanh: 1 − o²; relu: 1 if net > 0
else 0; leaky relu: 1 or 0.01; identity: 1; softplus: σ(net); step: 0), and with
cross-entropy the output's δ is y − o. A softmax output is exp(net) over its group's sum,
its δ comes through the group, and with L1/L2 an update adds λ₂·w + λ₁·sign w to ∂J/∂w
(equation_group.py writes those lines). In perceptron mode there is no δ: the error stage
shows y − ŷ and the update Δw = α·(y − ŷ)·x (equation_perceptron.py). The panel only
reads: `set_stepper` after every move and `set_selection` when the canvas selection
changes.
"""
from __future__ import annotations

from html import escape

import numpy as np
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QTextBrowser, QVBoxLayout, QWidget

from ..canvas.legend import ValueLegend
from ..engine import activations
from ..engine.step_values import MINUS, MOST_LISTED, number, plain, short, summarised
from ..engine.stepper import Stepper
from ..engine.text import weight_symbol
from .equation_group import GroupLines
from .equation_perceptron import PerceptronLines

HINT_OFF = "Press Step (F10) to go through a row of the dataset stage by stage."
HINT_SELECT = "Select a neuron or a connection to see its equations with the numbers."
MAX_SHOWN = 6
MOST_TERMS = MOST_LISTED  # a longer sum shows its first terms, how many more, and its last
NAMES = {"sigmoid": "\u03c3", "tanh": "tanh", "relu": "relu", "leaky_relu": "lrelu",
         "softplus": "softplus", "step": "step", "sign": "sign", "identity": "id",
         "softmax": "softmax"}
DOT, ARROW, PRIME = "\u00b7", "\u2192", "\u2032"


def sub(symbol: str, name: str) -> str:
    return f"{symbol}<sub>{escape(name)}</sub>"


def factor(text: str) -> str:
    """A number as a factor: negative ones in parentheses."""
    return f"({text})" if text.startswith(MINUS) else text


class _Writer(GroupLines, PerceptronLines):
    """Builds the HTML for one stepper; `faint` is the colour of the hints."""

    def __init__(self, stepper: Stepper, faint: str) -> None:
        self.s, self.faint = stepper, faint
        self.net = stepper.graph

    def hint(self, text: str) -> str:
        return f'<p style="margin-top:0; margin-bottom:0; margin-left:14px; color:{self.faint}">{text}</p>'

    @staticmethod
    def line(text: str) -> str:
        return f'<p style="margin-top:0; margin-bottom:1px; margin-left:14px">{text}</p>'

    @staticmethod
    def head(text: str) -> str:
        return f'<p style="margin-top:12px; margin-bottom:3px">{text}</p>'

    def value(self, nid: str, v: float) -> str:
        """A neuron's output as a factor: data as given, computed ones to 4 digits."""
        return plain(v) if not self.net.neurons[nid].computes else number(v)

    def name(self, nid: str) -> str:
        return self.net.neurons[nid].name

    def w(self, key) -> str:
        """The weight of `key` in a formula: w, or its label (seed 001's w1 … w12)."""
        return escape(weight_symbol(self.net.connection(*key).label))

    def named_terms(self, connections, term) -> str | None:
        """The sum's terms with the weights by name, `term(c, w)` each, when every one
        of the `connections` has a label (seed 001: out_i1·w1 + out_i2·w3 + w5); None
        otherwise or when the sum is too long to list."""
        if not connections or len(connections) > MOST_TERMS \
                or not all(c.label for c in connections):
            return None
        return " + ".join(term(c, self.w(c.key)) for c in connections)

    def source_symbol(self, nid: str) -> str | None:
        """A source neuron's output in a named sum: x_i1, out_h1, or None for a bias."""
        n = self.net.neurons[nid]
        if n.role == "bias":
            return None
        return sub("x" if n.role == "input" else "out", n.name)

    # ---- neurons -------------------------------------------------------------------
    def neuron(self, nid: str) -> str:
        n = self.net.neurons[nid]
        kind = "" if n.name == n.role else n.role
        if n.computes:
            formula = escape(activations.get(n.activation).formula)
            kind = f"{kind} {DOT} {formula}" if kind else formula
        head = self.head(f"<b>{escape(n.name)}</b> &nbsp;<span style='color:{self.faint}'>{kind}</span>")
        v = self.s.neuron(nid)
        level = self.s.level[nid]
        if n.role == "bias":
            return head + self.line(f"{escape(n.name)} = 1, always")
        if v.output is None:
            when = "the input stage" if level == 0 else f"forward level {level}"
            return head + self.hint(f"Its value comes at {when}.")
        if n.role == "input":
            return head + self.line(f"{escape(n.name)} = {plain(v.output)} "
                                    f"<span style='color:{self.faint}'>(row {self.s.row})</span>")
        parts = [head] + [self.line(x) for x in self._forward(nid, v)]
        if self.s.rule is not None:
            return "".join(parts + self.perceptron_neuron(nid, v))
        if v.target is not None:
            parts.append(self.line(self._error(nid, v)))
        if v.delta is None:
            parts.append(self.hint(f"\u03b4 comes at backward level {level}."))
        else:
            parts += [self.line(x) for x in self._delta(nid, v)]
        return "".join(parts)

    def _forward(self, nid: str, v) -> list[str]:
        n = self.net.neurons[nid]
        terms = []
        for c in summarised(self.net.incoming(nid), MOST_TERMS, "more terms"):
            if isinstance(c, str):  # "… 779 more terms …"
                terms.append(c)
                continue
            cv = self.s.connection(c.key)
            terms.append(f"{factor(short(cv.weight))}{DOT}{factor(self.value(c.source, cv.source_output))}")
        net = sub("net", n.name)
        sums = " + ".join(terms) if terms else "0"
        named = self.named_terms(
            self.net.incoming(nid),
            lambda c, w: w if self.source_symbol(c.source) is None else
            f"{w}{DOT}{self.source_symbol(c.source)}")
        symbols = named if named is not None else f"\u03a3 w{DOT}x"
        first = f"{net} = {symbols} = {sums} = <b>{number(v.net)}</b>"
        if n.activation == "softmax":
            return [first] + self.softmax_lines(nid, v)
        f = NAMES[n.activation]
        # step and sign give exact whole numbers: 1, not 1.000
        out = plain(v.output) if n.activation in activations.FLAT_ACTIVATIONS else number(v.output)
        return [first,
                f"{sub('out', n.name)} = {f}({net}) = {f}({number(v.net)}) = <b>{out}</b>"]

    def _error(self, nid: str, v) -> str:
        if self.net.neurons[nid].activation == "softmax":
            line = self.softmax_error(nid, v)
            if line is not None:
                return line
        y, o = plain(v.target), number(v.output)
        j = sub("J", self.name(nid))
        if self.s.loss.name == "cross_entropy":
            return (f"{j} = {MINUS}[y{DOT}ln o + (1 {MINUS} y){DOT}ln(1 {MINUS} o)] = "
                    f"{MINUS}[{y}{DOT}ln {o} + (1 {MINUS} {y}){DOT}ln(1 {MINUS} {o})] = "
                    f"<b>{number(v.share)}</b>")
        return (f"{j} = \u00bd(y {MINUS} o)\u00b2 = \u00bd({y} {MINUS} {o})\u00b2 = "
                f"<b>{number(v.share)}</b>")

    def _derivative(self, nid: str, v) -> tuple[str, str, str | None]:
        """f′ as symbols, as numbers, and a line saying what it is (or None)."""
        n = self.net.neurons[nid]
        o = number(v.output)
        if n.activation == "sigmoid":
            return f"o(1 {MINUS} o)", f"{factor(o)}{DOT}(1 {MINUS} {o})", None
        if n.activation == "tanh":
            return f"(1 {MINUS} o\u00b2)", f"(1 {MINUS} {factor(o)}\u00b2)", None
        act = activations.get(n.activation)
        d = float(act.df(np.asarray([v.net]), np.asarray([v.output]))[0])
        f = NAMES[n.activation] + PRIME
        why = {"relu": "net > 0" if v.net > 0 else "net \u2264 0",
               "leaky_relu": "net > 0" if v.net > 0 else "net \u2264 0",
               "identity": "always", "step": "step is flat", "sign": "sign is flat",
               "softplus": f"\u03c3({number(v.net)})"}[n.activation]
        # relu, leaky relu, identity and step have exact constant slopes: 1, 0.01, 0
        d_text = number(d) if n.activation == "softplus" else plain(d)
        say = f"{f}({number(v.net)}) = <b>{d_text}</b> <span style='color:{self.faint}'>({why})</span>"
        return f"{f}(net)", factor(d_text), say

    def _delta(self, nid: str, v) -> list[str]:
        n = self.net.neurons[nid]
        if n.activation == "softmax":  # (a softmax output feeds no other neuron)
            return self.softmax_delta(nid, v)
        fsym, fnum, say = self._derivative(nid, v)
        out = self.net.outgoing(nid)
        named = self.named_terms(out, lambda c, w: f"{w}{DOT}{sub(chr(0x3b4), self.name(c.target))}")
        succ_sym = f"\u03a3 w{DOT}\u03b4" if named is None else f"({named})"
        succ_num = "(" + " + ".join(
            c if isinstance(c, str) else  # "… 61 more terms …"
            f"{factor(short(self.s.connection(c.key).weight))}{DOT}"
            f"{factor(number(self.s.neuron(c.target).delta))}"
            for c in summarised(out, MOST_TERMS, "more terms")) + ")"
        target = v.target is not None
        y, o = plain(v.target) if target else "", number(v.output)
        if target and self.s.loss.name == "cross_entropy":
            sym, num = f"y {MINUS} o", f"{y} {MINUS} {o}"
            if out:
                sym, num = f"{sym} + {fsym}{DOT}{succ_sym}", f"{num} + {fnum}{DOT}{succ_num}"
        elif target:
            err_sym, err_num = f"(y {MINUS} o)", f"({y} {MINUS} {o})"
            if out:
                err_sym, err_num = f"({err_sym} + {succ_sym})", f"({err_num} + {succ_num})"
            sym, num = f"{fsym}{DOT}{err_sym}", f"{fnum}{DOT}{err_num}"
        else:
            sym = f"{fsym}{DOT}{succ_sym}"
            num = f"{fnum}{DOT}{succ_num if out else '0'}"
        lines = [say] if say else []
        lines.append(f"{sub(chr(0x3b4), n.name)} = {sym} = {num} = <b>{number(v.delta)}</b>")
        return lines

    # ---- connections ---------------------------------------------------------------
    def connection(self, key) -> str:
        source, target = key
        cv = self.s.connection(key)
        frozen = "" if cv.trainable else f" <span style='color:{self.faint}'>(frozen)</span>"
        w = self.w(key)
        head = self.head(f"<b>{escape(self.name(source))} {ARROW} {escape(self.name(target))}</b>"
                         f" &nbsp;{w} = {short(cv.weight)}{frozen}")
        if cv.source_output is None:
            return head + self.hint("Its numbers come once the row's inputs are in.")
        parts = [head]
        x = self.value(source, cv.source_output)
        src = self.net.neurons[source]
        what = {"bias": "the bias", "input": escape(src.name)}.get(src.role, sub("out", src.name))
        parts.append(self.line(f"x = {what} = {x}"))
        if cv.product is None:
            parts.append(self.hint(f"{w}{DOT}x comes at forward level {self.s.level[target]}."))
            return "".join(parts)
        weight = factor(short(cv.weight))
        parts.append(self.line(f"{w}{DOT}x = {weight}{DOT}{factor(x)} = "
                               f"<b>{number(cv.product)}</b>"))
        if self.s.rule is not None:
            return "".join(parts + self.perceptron_connection(key, cv, x))
        grad = f"\u2202J/\u2202{w}"
        if cv.gradient is None:
            parts.append(self.hint(f"{grad} comes at backward level {self.s.level[target]}."))
            return "".join(parts)
        d = sub("\u03b4", self.name(target))
        delta = factor(number(self.s.neuron(target).delta))
        parts.append(self.line(f"{grad} = {MINUS}{d}{DOT}x = {MINUS}{delta}{DOT}{factor(x)}"
                               f" = <b>{number(cv.gradient)}</b>"))
        if cv.gradient_sum is None:
            parts.append(self.hint(
                "The weight changes at the update stage." if self.s.batch_size == 1 else
                f"{grad} joins the batch's sum at the accumulate stage."))
        elif not cv.trainable:
            parts.append(self.line(f"frozen: {w} stays {short(cv.weight)}"))
        elif self.s.batch_size == 1:
            alpha = plain(self.s.numbers.learning_rate)
            penalty = self.penalty_terms(cv, key, w)
            if penalty is None:
                parts.append(self.line(
                    f"\u0394{w} = {MINUS}\u03b1{DOT}{grad}{self._momentum(w=w)} = "
                    f"\u03b1{DOT}{d}{DOT}x{self._momentum(w=w)} = {alpha}{DOT}{delta}{DOT}"
                    f"{factor(x)}{self._momentum(cv)} = <b>{number(cv.step)}</b>"))
            else:
                parts.append(self.line(self._penalised_step(cv, grad, cv.gradient, penalty,
                                                            w)))
            parts.append(self.line(self._new_weight(cv, w)))
            parts += [p for p in (self.penalty_note(key),) if p]
        else:
            parts += self._batch_update(cv, key, w)
        return "".join(parts)

    def _momentum(self, cv=None, w: str = "w") -> str:
        """ + μ·Δw_prev (with momentum; with the numbers when `cv` is given), or ""."""
        mu = self.s.settings.momentum
        if not mu:
            return ""
        if cv is None:
            return f" + \u03bc{DOT}\u0394{w}<sub>prev</sub>"
        return f" + {plain(mu)}{DOT}{factor(number(cv.previous_step))}"

    @staticmethod
    def _new_weight(cv, w: str = "w") -> str:
        return (f"new {w} = {w} + \u0394{w} = {short(cv.weight)} + {factor(number(cv.step))} = "
                f"<b>{number(cv.new_weight)}</b>")

    def _penalised_step(self, cv, grad: str, value: float, penalty, w: str = "w") -> str:
        """Δw = −α·(∂J/∂w + λ₂·w + λ₁·sign w) (+ μ·Δw_prev) with the numbers."""
        alpha = plain(self.s.numbers.learning_rate)
        sym, num = penalty
        return (f"\u0394{w} = {MINUS}\u03b1{DOT}({grad}{sym}){self._momentum(w=w)} = "
                f"{MINUS}{alpha}{DOT}({number(value)}{num}){self._momentum(cv)} = "
                f"<b>{number(cv.step)}</b>")

    def _batch_update(self, cv, key, w: str = "w") -> list[str]:
        """Mini-batch and batch, as paragraphs: the batch's running sum and mean of
        ∂J/∂w, and after its last row the update with the mean:
        Δw = −α·mean(∂J/∂w) (+ μ·Δw_prev)."""
        n = self.s.numbers.count
        total = f"\u03a3\u2202J/\u2202{w} over {n} row{'s' if n != 1 else ''}"
        if n == 1:
            lines = [f"{total} = <b>{number(cv.gradient_sum)}</b>"]
        else:
            lines = [f"{total} = {number(cv.sum_before)} + {factor(number(cv.gradient))} = "
                     f"<b>{number(cv.gradient_sum)}</b>"]
        mean = f"mean(\u2202J/\u2202{w})"
        lines.append(f"{mean} = \u03a3\u2202J/\u2202{w} / {n} = {number(cv.gradient_sum)} / {n} = "
                     f"<b>{number(cv.mean_gradient)}</b>")
        lines = [self.line(x) for x in lines]
        if cv.step is None:
            last = self.s.batch_rows()[-1]
            when = "at the update stage" if last == self.s.row else \
                f"after row {last}, the batch's last"
            return lines + [self.hint(f"The weight changes {when}, by the mean.")]
        alpha = plain(self.s.numbers.learning_rate)
        penalty = self.penalty_terms(cv, key, w)
        if penalty is None:
            lines.append(self.line(f"\u0394{w} = {MINUS}\u03b1{DOT}{mean}{self._momentum(w=w)} = "
                                   f"{MINUS}{alpha}{DOT}{factor(number(cv.mean_gradient))}"
                                   f"{self._momentum(cv)} = <b>{number(cv.step)}</b>"))
        else:
            lines.append(self.line(self._penalised_step(cv, mean, cv.mean_gradient, penalty,
                                                        w)))
        lines.append(self.line(self._new_weight(cv, w)))
        return lines + [p for p in (self.penalty_note(key),) if p]

    def overview(self) -> str:
        parts = [f'<p style="margin-top:0; margin-bottom:3px"><b>{escape(self.s.describe())}</b></p>']
        parts.append(self.line(escape(self.s.mode_line())))  # what the steps do in this mode
        j = self.s.error()
        if j is not None and self.s.compiled.group and self.s.loss.name == "cross_entropy":
            parts.append(self.line(self.group_error()))
        elif j is not None:
            loss = "\u00bd\u03a3 (y \u2212 o)\u00b2" if self.s.loss.name == "squared_error" \
                else "\u2212\u03a3 [y ln o + (1 \u2212 y) ln(1 \u2212 o)]"
            parts.append(self.line(f"J = {loss} = <b>{number(j)}</b>"))
        return "".join(parts)


def section(stepper: Stepper, target, faint: str) -> str:
    """The HTML the panel shows for one neuron (an id) or connection (a key) now: its
    formulas with the numbers revealed so far (the quiz shows it after a miss)."""
    w = _Writer(stepper, faint)
    html = w.connection(tuple(target)) if isinstance(target, tuple) else w.neuron(target)
    return f'<div style="font-size:13px">{html}</div>'


class EquationPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stepper: Stepper | None = None
        self.neuron_ids: list[str] = []
        self.connection_keys: list[tuple[str, str]] = []
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setFrameShape(QFrame.Shape.NoFrame)
        self.legend = ValueLegend()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.legend)
        self.refresh()
        layout.activate()

    def __repr__(self) -> str:
        return f"EquationPanel({len(self.neuron_ids)} neurons, {len(self.connection_keys)} connections)"

    def set_stepper(self, stepper: Stepper | None) -> None:
        """Show this stepper's numbers (call again after every move; None: not stepping)."""
        self.stepper = stepper
        self.refresh()

    def set_selection(self, neuron_ids, connection_keys=()) -> None:
        self.neuron_ids = list(neuron_ids)
        self.connection_keys = [tuple(k) for k in connection_keys]
        self.refresh()

    def text(self) -> str:
        return self.browser.toPlainText()

    def refresh(self) -> None:
        self.browser.setHtml(self.html())

    def html(self) -> str:
        faint = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        s = self.stepper
        if s is None:
            return f'<p style="color:{faint}">{HINT_OFF}</p>'
        w = _Writer(s, faint)
        sections = [w.overview()]
        ids = [n for n in self.neuron_ids if n in s.level]
        keys = [k for k in self.connection_keys if s.graph.has_connection(*k)]
        shown = [("n", n) for n in ids] + [("c", k) for k in keys]
        for kind, ident in shown[:MAX_SHOWN]:
            sections.append(w.neuron(ident) if kind == "n" else w.connection(ident))
        if len(shown) > MAX_SHOWN:
            sections.append(w.hint(f"and {len(shown) - MAX_SHOWN} more selected"))
        if not shown:
            sections.append(w.hint(HINT_SELECT))
        return f'<div style="font-size:13px">{"".join(sections)}</div>'

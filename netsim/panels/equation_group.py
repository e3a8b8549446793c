"""The Equations dock's lines for a softmax output group and for the L1/L2 penalty of an
update, filled in with the row's numbers (a mixin of equations._Writer).

A softmax output's value is its e^net over the group's sum, and its δ comes through the
group (losses.py), not through an element-wise f′(net):

    Σ_j exp(net_j) over a, c, d = 2.718 + 0.9048 + 0.8187 = 4.442
    out_a = exp(net_a) / Σ_j exp(net_j) = e^1.000 / 4.442 = 2.718 / 4.442 = 0.6119
    J_a   = −y·ln o = −1·ln 0.6119 = 0.4912                      (cross-entropy)
    δ_a   = y − o = 1 − 0.6119 = 0.3881
    Σ_j (o_j − y_j)·o_j = (0.6119 − 1)·0.6119 + … = −0.1626      (squared error)
    δ_a   = −o·((o − y) − Σ_j (o_j − y_j)·o_j) = −0.6119·((0.6119 − 1) − (−0.1626)) = 0.1380

The symbols read exp(net_a) (Qt's rich text cannot put a subscript inside a superscript),
the numbers e^1.000. When a net input is too large for e^net (above EXP_LIMIT) every one
is written as exp(net − m) with m the group's largest net input, as the engine computes
it; the quotient is the same.

With L1/L2 the update reads Δw = −α·(∂J/∂w + λ₂·w + λ₁·sign w) with the numbers, on the
connections the penalty applies to (trainable, and from a bias neuron only with
regularise_bias); elsewhere a line says why it does not.
"""
from __future__ import annotations

import math
from html import escape

from ..engine.step_values import MINUS, MOST_LISTED, number, plain, short, summarised

DOT = "\u00b7"
SIGMA = "\u03a3"
EXP_LIMIT = 700.0  # e^710 overflows a float
L1, L2 = "\u03bb\u2081", "\u03bb\u2082"


def factor(text: str) -> str:
    """A number as a factor: negative ones in parentheses."""
    return f"({text})" if text.startswith(MINUS) else text


def exp_of(power: str) -> str:
    return f"e<sup>{power}</sup>"


class GroupLines:
    """Lines about the softmax group and the penalty; needs the writer's `s` (the
    Stepper), `net`, `faint`, `name()` and `hint()`."""

    # ---- the group -----------------------------------------------------------------
    def shown(self, nid: str) -> str:
        """A neuron's name as HTML text."""
        return escape(self.name(nid))

    def group(self) -> list[str]:
        return self.s.compiled.group

    def _group_numbers(self) -> tuple[list[float], list[float], list[float | None]]:
        """The group's net inputs, outputs and targets (None: no target column), in
        group order, from the row's trace."""
        t = self.s.numbers.trace
        members = self.group()
        return ([t.neurons[j].net for j in members], [t.neurons[j].output for j in members],
                [t.targets.get(j) for j in members])

    def softmax_lines(self, nid: str, v) -> list[str]:
        """Σ e^net over the group, then out = e^net / Σ e^net with the numbers."""
        members = self.group()
        nets, _, _ = self._group_numbers()
        top = max(nets)
        shift = top > EXP_LIMIT
        m = top if shift else 0.0
        powers = [math.exp(z - m) for z in nets]
        total = math.fsum(powers)
        power = "" if not shift else f" {MINUS} m"
        lines = []
        if shift:
            lines.append(f"m = max net = <b>{number(top)}</b> "
                         f"<span style='color:{self.faint}'>(e<sup>net</sup> would overflow: "
                         f"exp(net {MINUS} m) gives the same quotient)</span>")
        terms = " + ".join(c if isinstance(c, str) else number(c)
                           for c in summarised(powers, MOST_LISTED, "more terms"))
        names = ", ".join(summarised([self.shown(j) for j in members], MOST_LISTED, "more"))
        lines.append(f"{SIGMA}<sub>j</sub> exp(net<sub>j</sub>{power}) over {names} = {terms} = "
                     f"<b>{number(total)}</b>")
        k = members.index(nid)
        own = number(v.net) if not shift else f"{number(v.net)} {MINUS} {number(top)}"
        name = self.shown(nid)
        lines.append(
            f"out<sub>{name}</sub> = exp(net<sub>{name}</sub>{power}) / "
            f"{SIGMA}<sub>j</sub> exp(net<sub>j</sub>{power}) = {exp_of(own)} / "
            f"{number(total)} = {number(powers[k])} / {number(total)} = "
            f"<b>{number(v.output)}</b>")
        return lines

    def softmax_error(self, nid: str, v) -> str | None:
        """J's term of a softmax output under cross-entropy, −y·ln o (None: squared
        error, whose term reads as for any output)."""
        if self.s.loss.name != "cross_entropy":
            return None
        return (f"J<sub>{self.shown(nid)}</sub> = {MINUS}y{DOT}ln o = {MINUS}{plain(v.target)}"
                f"{DOT}ln {number(v.output)} = <b>{number(v.share)}</b>")

    def group_error(self) -> str:
        """The categorical cross-entropy of the row with its numbers."""
        _, outs, ys = self._group_numbers()
        terms = [f"{plain(y)}{DOT}ln {number(o)}" for o, y in zip(outs, ys) if y is not None]
        terms = summarised(terms, MOST_LISTED, "more terms")
        return (f"J = {MINUS}{SIGMA} y{DOT}ln o = {MINUS}({' + '.join(terms)}) = "
                f"<b>{number(self.s.error())}</b>")

    def softmax_delta(self, nid: str, v) -> list[str]:
        """δ of a softmax output: y − o (cross-entropy, one-hot targets), or squared
        error's dJ/do through the softmax's whole Jacobian."""
        name = self.shown(nid)
        d = f"\u03b4<sub>{name}</sub>"
        _, outs, ys = self._group_numbers()
        o = number(v.output)
        y = plain(v.target) if v.target is not None else "0"
        if self.s.loss.name == "cross_entropy":
            total = math.fsum(t for t in ys if t is not None)
            if total == 1:
                return [f"{d} = y {MINUS} o = {y} {MINUS} {o} = <b>{number(v.delta)}</b>"]
            return [f"{d} = y {MINUS} o{DOT}{SIGMA} y = {y} {MINUS} {factor(o)}{DOT}"
                    f"{plain(total)} = <b>{number(v.delta)}</b> "
                    f"<span style='color:{self.faint}'>(the targets sum to {plain(total)},"
                    f" not 1)</span>"]
        # squared error: dJ/dnet_k = o_k·((o_k − y_k) − Σ_j (o_j − y_j)·o_j)
        pairs = [(oj, yj) for oj, yj in zip(outs, ys) if yj is not None]
        total = math.fsum((oj - yj) * oj for oj, yj in pairs)
        terms = [c if isinstance(c, str) else
                 f"({number(c[0])} {MINUS} {plain(c[1])}){DOT}{number(c[0])}"
                 for c in summarised(pairs, MOST_LISTED, "more terms")]
        oj, yj = "o<sub>j</sub>", "y<sub>j</sub>"
        sum_sym = f"{SIGMA}<sub>j</sub> ({oj} {MINUS} {yj}){DOT}{oj}"
        own = f"({o} {MINUS} {y})" if v.target is not None else "0"
        lines = [f"{sum_sym} = {' + '.join(terms)} = <b>{number(total)}</b>",
                 f"{d} = {MINUS}o{DOT}((o {MINUS} y) {MINUS} {sum_sym}) = "
                 f"{MINUS}{factor(o)}{DOT}({own} {MINUS} {factor(number(total))}) = "
                 f"<b>{number(v.delta)}</b>"]
        if v.target is None:
            lines.append(self.hint(f"{name} has no target: its o {MINUS} y counts as 0."))
        return lines

    # ---- the penalty ---------------------------------------------------------------
    def penalty_terms(self, cv, key, w: str = "w") -> tuple[str, str] | None:
        """" + λ₂·w + λ₁·sign w" as symbols and as numbers, when L1/L2 apply to the
        connection `key`; None otherwise."""
        st = self.s.settings
        if not st.regularised or not self.s.penalised(key):
            return None
        sym, num = "", ""
        if st.l2:
            sym += f" + {L2}{DOT}{w}"
            num += f" + {plain(st.l2)}{DOT}{factor(short(cv.weight))}"
        if st.l1:
            sign = (cv.weight > 0) - (cv.weight < 0)
            sym += f" + {L1}{DOT}sign {w}"
            num += f" + {plain(st.l1)}{DOT}{factor(plain(sign))}"
        return sym, num

    def penalty_note(self, key) -> str | None:
        """Why L1/L2 leave this connection's weight alone, when they are set."""
        st = self.s.settings
        if not st.regularised or self.s.penalised(key):
            return None
        return self.hint(f"{L1}, {L2} leave bias weights alone (Regularise bias weights "
                         f"is off).")

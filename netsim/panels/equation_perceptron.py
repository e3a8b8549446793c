"""The Equations dock's lines for the perceptron rule (training mode "perceptron", seed
000), filled in with the step-through's numbers:

    e_AND = y − ŷ = 0 − 1 = −1                    (from the error stage)
    Δw    = α·(y − ŷ)·x = 0.5·(−1)·1 = −0.5       (at the update)
    new w = w + Δw = 0 + (−0.5) = −0.5

There is no δ and no ∂J/∂w: sign and step are flat, and the rule uses y − ŷ itself.
A mixin of the panel's writer (equations._Writer), like equation_group.GroupLines.
"""
from __future__ import annotations

from html import escape

from ..engine.step_values import MINUS, number, plain, short

DOT, HAT = "\u00b7", "\u0177"
NO_GRADIENT = (f"No \u03b4 and no \u2202J/\u2202w: the perceptron rule moves each weight "
               f"by \u03b1{DOT}(y {MINUS} {HAT}){DOT}x.")


def _factor(text: str) -> str:
    return f"({text})" if text.startswith(MINUS) else text


class PerceptronLines:
    """Lines of the perceptron rule; needs the writer's `s`, `line`, `hint`, `name`."""

    def miss(self, nid: str, v) -> str:
        """e = y − ŷ of an output at the error stage (the rule's error, not a δ)."""
        return (f"e<sub>{escape(self.name(nid))}</sub> = y {MINUS} {HAT} = "
                f"{plain(v.target)} {MINUS} {_factor(plain(v.output))} = "
                f"<b>{plain(v.target - v.output)}</b>")

    def perceptron_neuron(self, nid: str, v) -> list[str]:
        """After the forward lines of an output: its J, its error y − ŷ, and the rule."""
        if v.target is None:
            return [self.hint(f"y {MINUS} {HAT} comes at the error stage.")]
        return [self.line(self.perceptron_share(nid, v)), self.line(self.miss(nid, v)),
                self.hint(NO_GRADIENT)]

    def perceptron_share(self, nid: str, v) -> str:
        return (f"J<sub>{escape(self.name(nid))}</sub> = \u00bd(y {MINUS} {HAT})\u00b2 = "
                f"\u00bd({plain(v.target)} {MINUS} {plain(v.output)})\u00b2 = "
                f"<b>{number(v.share)}</b>")

    def perceptron_connection(self, key, cv, x: str) -> list[str]:
        """After w·x of a connection: the rule's Δw and the new weight, once known."""
        target = self.s.neuron(key[1])
        if target.target is None:
            return [self.hint(f"y {MINUS} {HAT} comes at the error stage, the update after it.")]
        lines = [self.line(self.miss(key[1], target))]
        if cv.step is None:
            return lines + [self.hint("The weight changes at the update stage.")]
        w = self.w(key)  # w, or the connection's name (w7)
        if not cv.trainable:
            return lines + [self.line(f"frozen: {w} stays {short(cv.weight)}")]
        alpha = plain(self.s.numbers.learning_rate)
        error = plain(target.target - target.output)
        lines.append(self.line(
            f"\u0394{w} = \u03b1{DOT}(y {MINUS} {HAT}){DOT}x = {alpha}{DOT}{_factor(error)}{DOT}"
            f"{_factor(x)} = <b>{plain(cv.step)}</b>"))
        lines.append(self.line(
            f"new {w} = {w} + \u0394{w} = {short(cv.weight)} + {_factor(plain(cv.step))} = "
            f"<b>{plain(cv.new_weight)}</b>"))
        return lines

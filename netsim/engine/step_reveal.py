"""What a Stepper has revealed: the values known about a neuron or a connection at a
stage, J, the neurons and connections a stage lights, and the words for where it is
(a status line, and what the training mode does with the row).

A stage reveals part of the row's numbers (engine.trace, run by the Stepper): the inputs,
then the levels firing one by one, J, the deltas and dJ/dw from the last level back, the
batch's running sum of dJ/dw and the update. The numbers are the Stepper's (stepper.py,
whose class builds on this one); here is only how much of them each stage shows.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from .scaling import SCALED
from .step_values import (ACCUMULATE, BACKWARD, ERROR, FORWARD, INPUT, MODE_NAMES, UPDATE,
                          ConnectionValues, Key, NeuronValues, Stage, listing, number, plain)


class StepReveal:
    """The reading half of Stepper: every method reads the stepper's state, none moves it."""

    # ---- what is revealed ----------------------------------------------------------
    def index_of(self, stage: Stage) -> int:
        return self.stages.index(stage)

    # Stage indexes: input 0, forward l at l, error at L + 1, backward l at 2L + 2 - l,
    # then accumulate (batches of more than one row) and update (L = depth).
    def _fired(self, level: int, index: int) -> bool:
        return 0 <= index and level <= index

    def _error_done(self, index: int) -> bool:
        return index >= self.depth + 1

    def _backward_done(self, level: int, index: int) -> bool:
        # (the perceptron rule has no backward pass: no δ and no ∂J/∂w to reveal)
        return level > 0 and index >= 2 * self.depth + 2 - level and self.rule is None

    def neuron(self, nid: str, index: int | None = None) -> NeuronValues:
        """What is known about neuron `nid` at stage `index` (default: now)."""
        index = self._state.index if index is None else index
        numbers = self._state.numbers
        if numbers is None or index < 0:
            return NeuronValues()
        t, level = numbers.trace.neurons[nid], self.level[nid]
        if not self._fired(level, index):
            return NeuronValues()
        target = share = delta = None
        if self._error_done(index) and nid in numbers.shares:
            target, share = numbers.trace.targets[nid], numbers.shares[nid]
        if self._backward_done(level, index):
            delta = t.delta
        return NeuronValues(t.output, t.net, target, share, delta)

    def connection(self, key: Key, index: int | None = None) -> ConnectionValues:
        """What is known about connection `key` at stage `index` (default: now)."""
        index = self._state.index if index is None else index
        key = tuple(key)
        i = self.slots[key]
        numbers = self._state.numbers
        trainable = bool(self.trainable[i])
        if numbers is None or index < 0:
            return ConnectionValues(float(self._state.weights[i]), trainable)
        t = numbers.trace
        weight = float(t.connections.weights[i])
        source, target = self.level[key[0]], self.level[key[1]]
        x = float(t.neurons.output[self._gather.index[key[0]]]) \
            if self._fired(source, index) else None
        product = weight * x if x is not None and self._fired(target, index) else None
        gradient = float(t.gradients[i]) if self._backward_done(target, index) else None
        values = ConnectionValues(weight, trainable, x, product, gradient)
        if index >= self._sum_index and self.rule is None:
            total = float(numbers.sums[i])
            values = replace(values, sum_before=float(numbers.sums_before[i]),
                             gradient_sum=total, mean_gradient=total / numbers.count)
        if index == len(self.stages) - 1 and numbers.steps is not None:
            values = replace(values, previous_step=float(numbers.previous_steps[i]),
                             step=float(numbers.steps[i]), new_weight=float(numbers.new_weights[i]))
        return values

    def penalised(self, key: Key) -> bool:
        """Whether the L1/L2 penalty pulls connection `key`'s weight at an update
        (trainable, and from a bias neuron only with regularise_bias)."""
        return bool(self._penalty) and bool(self._penalty.decay[self.slots[tuple(key)]])

    def error(self, index: int | None = None) -> float | None:
        """J of this row, from the error stage on."""
        index = self._state.index if index is None else index
        numbers = self._state.numbers
        if numbers is None or not self._error_done(index):
            return None
        return numbers.trace.error

    def active(self, index: int | None = None) -> tuple[list[str], list[Key]]:
        """The neurons and connections whose numbers stage `index` reveals."""
        index = self._state.index if index is None else index
        if index < 0:
            return [], []
        stage = self.stages[index]
        if stage.kind == INPUT:
            return list(self.by_level[0]), []
        if stage.kind == ERROR:
            return list(self.dataset.targets), []
        if stage.kind in (ACCUMULATE, UPDATE):
            if self._learning is None:
                self._learning = [k for k, t in zip(self.keys, self.trainable.tolist()) if t]
            return [], list(self._learning)
        return list(self.by_level[stage.level]), list(self.keys_into(stage.level))

    def keys_into(self, level: int) -> list[Key]:
        """The connections into the neurons of `level`, in connection order (kept: do not
        change the list)."""
        if level not in self._into:
            self._into.update({lv: [] for lv in range(self.depth + 1)})
            for key in self.keys:
                self._into[self.level[key[1]]].append(key)
        return self._into[level]

    # ---- arrays (for drawing many neurons and connections at once) -------------------
    def neuron_outputs(self, index: int | None = None) -> np.ndarray:
        """Every neuron's output known at stage `index` (default: now), in neuron order
        (`ids`); NaN where it is not revealed yet."""
        return self._by_level(lambda t: t.neurons.output, self._fired, index)

    def neuron_deltas(self, index: int | None = None) -> np.ndarray:
        """Every neuron's δ known at stage `index`, in neuron order; NaN where not known
        (not revealed yet, or an input or bias neuron)."""
        return self._by_level(lambda t: t.neurons.delta, self._backward_done, index)

    def scales(self) -> tuple[float, float]:
        """The largest |δ| among the row's computing neurons and the largest |∂J/∂w| among
        its connections (0, 0 before the row's numbers): where colour scales end."""
        numbers = self._state.numbers
        if numbers is None:
            return 0.0, 0.0
        t = numbers.trace
        deltas = np.abs(t.neurons.delta[self._gather.computes])
        gradients = np.abs(t.gradients)
        return (float(deltas.max()) if deltas.size else 0.0,
                float(gradients.max()) if gradients.size else 0.0)

    def _by_level(self, values, known, index: int | None) -> np.ndarray:
        index = self._state.index if index is None else index
        numbers = self._state.numbers
        out = np.full(len(self.ids), np.nan)
        if numbers is None or index < 0:
            return out
        levels = self._level_array
        shown = np.asarray([known(lv, index) for lv in range(self.depth + 1)], dtype=bool)
        mask = shown[levels]
        out[mask] = values(numbers.trace)[mask]
        return out

    # ---- words ---------------------------------------------------------------------
    def describe(self) -> str:
        """One line on where the stepper is, for a status bar."""
        row = f"Row {self.row}"
        stage = self.stage
        if stage is None:
            values = listing([f"{self.graph.neurons[n].name} = {plain(v)}" for n, v in
                              zip(self.dataset.inputs + self.dataset.targets,
                                  self.dataset.rows[self.row].tolist())])
            scaled = "" if self.dataset.scaling is None else \
                f", {SCALED[self.dataset.scaling.method]} as they go in"
            return f"{row} ({values}): ready; step to put its inputs in{scaled}"
        names = lambda ids: listing([self.graph.neurons[n].name for n in ids])  # noqa: E731
        if stage.kind == INPUT:
            ins = listing([f"{self.graph.neurons[n].name} = {plain(v)}"
                           for n, v in zip(self.dataset.inputs, self.dataset.x[self.row].tolist())])
            return f"{row} \u00b7 input: {ins}"
        if stage.kind == FORWARD:
            fire = f"{names(self.by_level[stage.level])} fire"
            group = self.compiled.group
            if set(group) & set(self.by_level[stage.level]):
                fire += f"; softmax over {names(group)}"
            return f"{row} \u00b7 forward, level {stage.level} of {self.depth}: {fire}"
        if stage.kind == ERROR:
            if self.rule is not None:
                return f"{row} \u00b7 error: {self._misses()}; J = {number(self.trace.error)}"
            return f"{row} \u00b7 error: J = {number(self.trace.error)}"
        if stage.kind == BACKWARD:
            level = self.by_level[stage.level]
            how = ""
            if set(self.compiled.group) & set(level):
                how = (" (softmax: \u03b4 = y \u2212 o)" if self.loss.name == "cross_entropy"
                       else " (through the softmax's Jacobian)")
            return f"{row} \u00b7 backward, level {stage.level}: \u03b4 of {names(level)}{how}"
        n = self.numbers
        if self.rule is not None:
            changed = int(np.count_nonzero(n.steps))
            weights = "weight" if changed == 1 else "weights"
            return (f"{row} \u00b7 update: {changed} {weights} changed by "
                    f"\u03b1\u00b7(y \u2212 \u0177)\u00b7x (\u03b1 = {plain(n.learning_rate)})")
        if stage.kind == ACCUMULATE:
            first, last = self.batch()
            after = "comes next" if self._ends_batch(self.position) else \
                f"comes after row {self.epoch_order(self.epoch)[last]}"
            return (f"{row} \u00b7 accumulate: \u2202J/\u2202w summed over {n.count} of the "
                    f"batch's {last - first + 1} rows; the update {after}")
        changed = int(np.count_nonzero(n.new_weights != n.trace.connections.weights))
        grad = "\u2202J/\u2202w" if self.batch_size == 1 else "mean \u2202J/\u2202w"
        over = "" if self.batch_size == 1 else f" over {n.count} rows"
        penalty = self._penalty_words()
        how = "" if self.batch_size == 1 and not penalty else \
            f" by \u2212\u03b1\u00b7({grad}{penalty[0]}){over}" if penalty else \
            f" by \u2212\u03b1\u00b7{grad}{over}"
        rates = f"\u03b1 = {plain(n.learning_rate)}"
        if self.settings.momentum:
            rates += f", \u03bc = {plain(self.settings.momentum)}"
        if penalty:
            rates += f", {penalty[1]}"
        return f"{row} \u00b7 update: {changed} weights changed{how} ({rates})"

    def mode_line(self) -> str:
        """What the steps do in the training mode, and where the row stands in its batch:
        "Batch: row 1 is 2 of 4 in the batch; one update after row 3, with the mean
        ∂J/∂w · α = 0.5"."""
        st, order = self.settings, self.epoch_order(self.epoch)
        if self.rule is not None:
            parts = ["Perceptron: after every row, w \u2190 w + \u03b1\u00b7(y \u2212 \u0177)"
                     "\u00b7x (no backward pass: a right row changes nothing)"]
        elif self.batch_size == 1:
            name = "SGD" if st.mode == "sgd" else f"{MODE_NAMES[st.mode]} of 1 row"
            parts = [f"{name}: the weights change after every row"]
        else:
            first, last = self.batch()
            name = "Batch" if st.mode == "batch" else f"Mini-batch of {self.batch_size}"
            text = (f"{name}: row {self.row} is {self.position - first + 1} of "
                    f"{last - first + 1} in the batch; one update after row {order[last]}, "
                    f"with the mean \u2202J/\u2202w")
            usual = self.position - first + (self.index >= self._sum_index)
            if self.summed != usual:  # a row was picked: the sum began again
                text += f" of the {self.summed} row{'s' if self.summed != 1 else ''} summed so far"
            parts = [text]
        rate = f"\u03b1 = {plain(self.learning_rate)}"
        if st.schedule != "constant":
            rate += f" in epoch {self.epoch + 1} ({st.schedule.replace('_', '-')} schedule)"
        parts.append(rate)
        if st.momentum:
            parts.append(f"momentum \u03bc = {plain(st.momentum)}")
        penalty = self._penalty_words()
        if penalty:
            bias = "bias weights too" if st.regularise_bias else "not on bias weights"
            parts.append(f"weight penalty {penalty[1]} ({bias})")
        if st.shuffle:
            rows = ", ".join(map(str, order[:8])) + (", \u2026" if len(order) > 8 else "")
            parts.append(f"rows shuffled (seed {st.seed}): {rows}")
        return " \u00b7 ".join(parts)

    def _misses(self) -> str:
        """y − ŷ of each output, "y − ŷ = 1 − 0 = 1 for AND", summarised past a few."""
        t = self.trace
        terms = [f"{plain(t.targets[k])} \u2212 {plain(t.outputs[k])} = "
                 f"{plain(t.targets[k] - t.outputs[k])} for {self.graph.neurons[k].name}"
                 for k in self.dataset.targets]
        return "y \u2212 \u0177 = " + listing(terms)

    def _penalty_words(self) -> tuple[str, str] | tuple[()]:
        """L1/L2 as the update's extra terms, " + λ₂·w + λ₁·sign w", and their values,
        "λ₂ = 0.01, λ₁ = 0.001"; () without them."""
        st = self.settings
        terms, values = [], []
        if st.l2:
            terms.append(" + \u03bb\u2082\u00b7w")
            values.append(f"\u03bb\u2082 = {plain(st.l2)}")
        if st.l1:
            terms.append(" + \u03bb\u2081\u00b7sign w")
            values.append(f"\u03bb\u2081 = {plain(st.l1)}")
        return ("".join(terms), ", ".join(values)) if terms else ()

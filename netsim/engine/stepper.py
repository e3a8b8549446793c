"""Step-through training: one dataset row at a time, stage by stage, as seed 000 works it.

The stages of one row, in the seeds' order:

    input         the row's values are put on the input neurons
    forward l     level l fires: net input and output of its neurons (l = 1 .. L)
    error         J, and for each output its target, its output and its share of J
    backward l    the deltas of level l and dJ/dw of the connections into it (l = L .. 1)
    update        every trainable weight takes its step:  w <- w - alpha * dJ/dw

Every number comes from engine.trace, run once per row with the weights from before the
update (seed 000: "we use the original weights, not the updated weights"); the stepper
only decides how much of it has been revealed. It works on its own copy of the network,
whose weights change at each update. Every move (step, step_row, step_epoch, set_row)
is kept in a history, so back() returns exactly to the state before it, weights included.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import losses
from .compiled import Compiled
from .dataset import Dataset
from .network import Network
from .settings import TrainingSettings
from .trace import ConnectionTrace, Trace, trace_compiled
from .text import MINUS, number
from .trainer import problem

INPUT, FORWARD, ERROR, BACKWARD, UPDATE = "input", "forward", "error", "backward", "update"

Key = tuple[str, str]


def plain(value: float) -> str:
    """A given value (an input, a target, a weight as stored) as short as it reads:
    1, 0, 0.25, −1.5, 0.123457."""
    if value == 0:
        return "0"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value)).replace("-", MINUS)
    text = f"{value:.6g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", MINUS)


def short(value: float) -> str:
    """A weight before its update: as given when that is short (0.3, 0.25, −1.5), else
    like number() (0.3100), so that "0.3 → 0.3099" and "0.3100 → 0.3199" both read."""
    text = plain(value)
    digits = text.lstrip(MINUS).replace(".", "").lstrip("0")
    return text if "e" not in text and len(digits) <= 4 else number(value)


@dataclass(frozen=True)
class Stage:
    kind: str  # input | forward | error | backward | update
    level: int = 0  # for forward and backward

    def __str__(self) -> str:
        return f"{self.kind} {self.level}" if self.kind in (FORWARD, BACKWARD) else self.kind


@dataclass(frozen=True)
class NeuronValues:
    """What is known about one neuron at some stage; None = not revealed yet."""
    output: float | None = None
    net: float | None = None  # computing neurons only
    target: float | None = None  # dataset targets, from the error stage on
    share: float | None = None  # this output's part of J, from the error stage on
    delta: float | None = None  # computing neurons, after their backward level


@dataclass(frozen=True)
class ConnectionValues:
    """What is known about one connection at some stage; None = not revealed yet."""
    weight: float  # the weight this row uses (from before the update)
    trainable: bool
    source_output: float | None = None  # x, once the source has fired
    product: float | None = None  # w·x, once the target's level fired
    gradient: float | None = None  # dJ/dw = −δ_target·x, after the target's backward level
    new_weight: float | None = None  # after the update stage


@dataclass(frozen=True)
class RowNumbers:
    """Engine numbers for one row, with the connections by key and J split by output."""
    row: int
    trace: Trace
    connections: dict[Key, ConnectionTrace]
    shares: dict[str, float]  # J of each dataset target alone (they sum to J)
    new_weights: dict[Key, float]  # after the update; frozen connections keep theirs


@dataclass(frozen=True)
class _State:
    row: int
    index: int  # into Stepper.stages; -1: the row is chosen but nothing shown yet
    epoch: int  # epochs completed (rows wrapped from the last back to the first)
    weights: tuple[float, ...]  # the stepper's weights now, in connection order
    numbers: RowNumbers | None = field(default=None, compare=False)


class Stepper:
    def __init__(self, network: Network, dataset: Dataset, learning_rate: float = 0.5,
                 loss: str = "squared_error", row: int = 0):
        reason = problem(network, dataset,
                         TrainingSettings(learning_rate=float(learning_rate), loss=loss))
        if reason:
            raise ValueError(reason)
        self.network = network.copy()
        self.dataset = dataset.copy()
        self.learning_rate = float(learning_rate)
        self.loss = losses.get(loss)
        self.compiled = Compiled(self.network, self.dataset.inputs, self.dataset.targets, loss)
        self.level = self._levels()
        self.depth = max(self.level.values(), default=0)
        self.by_level = {lv: [n for n in self.network.neurons if self.level[n] == lv]
                         for lv in range(self.depth + 1)}
        depth = self.depth
        self.stages = ([Stage(INPUT)] + [Stage(FORWARD, lv) for lv in range(1, depth + 1)]
                       + [Stage(ERROR)] + [Stage(BACKWARD, lv) for lv in range(depth, 0, -1)]
                       + [Stage(UPDATE)])
        self._slot = {c.key: i for i, c in enumerate(self.network.connections)}
        # Rows held out for testing are never trained on, here as in Trainer: an epoch
        # steps through the training rows in order.
        held_out = set(self.dataset.test_rows)
        self.order = [r for r in range(len(self.dataset)) if r not in held_out]
        start = self._check_row(row, held_out_too=True)
        if start in held_out:  # begin at the next training row
            start = self.next_row(start)
        self._state = _State(start, -1, 0, tuple(self.network.weights()))
        self._history: list[_State] = []

    def __repr__(self) -> str:
        return f"Stepper(row {self.row}, {self.stage or 'ready'}, epoch {self.epoch})"

    def _levels(self) -> dict[str, int]:
        """Sources at 0; a computing neuron at 1 + its highest source, and at least 1
        (one without incoming connections computes f(0) with the first level)."""
        levels = self.network.levels()
        return {n: max(1, lv) if self.network.neurons[n].computes else 0
                for n, lv in levels.items()}

    def _check_row(self, row: int, held_out_too: bool = False) -> int:
        if not 0 <= row < len(self.dataset):
            raise ValueError(f"row {row} is out of range: the dataset has {len(self.dataset)} rows")
        if not held_out_too and row not in self.order:
            raise ValueError(f"row {row} is held out for testing, and stepping trains only "
                             f"on the training rows")
        return int(row)

    def next_row(self, row: int | None = None) -> int:
        """The training row after `row` (default: the current one), wrapping round."""
        row = self.row if row is None else row
        return next((r for r in self.order if r > row), self.order[0])

    # ---- where it is ---------------------------------------------------------------
    @property
    def row(self) -> int:
        return self._state.row

    @property
    def index(self) -> int:
        """The stage reached in this row: an index into `stages`, -1 before the first."""
        return self._state.index

    @property
    def stage(self) -> Stage | None:
        return self.stages[self._state.index] if self._state.index >= 0 else None

    @property
    def epoch(self) -> int:
        return self._state.epoch

    @property
    def numbers(self) -> RowNumbers | None:
        """The engine's numbers for the row being shown (None before its first stage)."""
        return self._state.numbers

    @property
    def trace(self) -> Trace | None:
        return self._state.numbers.trace if self._state.numbers else None

    def weights(self) -> dict[Key, float]:
        """The weights now (after an update: the updated ones)."""
        return {c.key: w for c, w in zip(self.network.connections, self._state.weights)}

    def can_back(self) -> bool:
        return bool(self._history)

    @property
    def row_done(self) -> bool:
        return self._state.index == len(self.stages) - 1

    # ---- moving --------------------------------------------------------------------
    def step(self) -> Stage:
        """Reveal the next stage; after the update, the next row (wrapping) begins."""
        self._history.append(self._state)
        self._advance()
        return self.stage

    def step_row(self) -> Stage:
        """Finish the current row through its update (a finished row: do the next one)."""
        self._history.append(self._state)
        self._advance()
        while not self.row_done:
            self._advance()
        return self.stage

    def step_epoch(self) -> Stage:
        """Finish the current row, then one sgd update for each remaining row of the
        epoch; shows the last row's update. At the end of an epoch: a whole epoch."""
        self._history.append(self._state)
        last = self.order[-1]
        whole = self.row_done and self.row == last
        if not self.row_done:
            while not self.row_done:
                self._advance()
        elif whole:
            self._run_row()
        while self.row != last:
            self._run_row()
        return self.stage

    def set_row(self, row: int) -> None:
        """Show row `row` next (nothing revealed yet); the weights stay as they are."""
        row = self._check_row(row)
        if (row, -1) == (self._state.row, self._state.index):
            return
        self._history.append(self._state)
        s = self._state
        self._state = _State(row, -1, s.epoch, s.weights)

    def back(self) -> bool:
        """Return to the state before the last move, weights and all; False if none."""
        if not self._history:
            return False
        state = self._history.pop()
        if state.weights != self._state.weights:
            self._set_weights(state.weights)
        self._state = state
        return True

    def _advance(self) -> None:
        s = self._state
        if s.index == -1:
            self._state = _State(s.row, 0, s.epoch, s.weights, self._numbers(s.row))
        elif s.index == len(self.stages) - 1:
            row = self.next_row()
            epoch = s.epoch + (row <= s.row)  # wrapped round: an epoch is complete
            self._state = _State(row, 0, epoch, s.weights, self._numbers(row))
        else:
            index = s.index + 1
            weights = s.weights
            if self.stages[index].kind == UPDATE:
                weights = self._update(s.numbers)
            self._state = _State(s.row, index, s.epoch, weights, s.numbers)

    def _run_row(self) -> None:
        """The next row in one go: trace, then update (no stages shown on the way)."""
        s = self._state
        row = self.next_row()
        epoch = s.epoch + (row <= s.row)
        numbers = self._numbers(row)
        weights = self._update(numbers)
        self._state = _State(row, len(self.stages) - 1, epoch, weights, numbers)

    def _numbers(self, row: int) -> RowNumbers:
        t = trace_compiled(self.compiled, self.dataset.x[row], self.dataset.y[row])
        conns = {(c.source, c.target): c for c in t.connections}
        shares = {}
        for nid, y in t.targets.items():
            o, z = t.outputs[nid], t.neurons[nid].net
            shares[nid] = float(self.loss.value(np.array([[y]]), np.array([[o]]),
                                                np.array([[z]]))[0])
        new = {c.key: (conns[c.key].weight - self.learning_rate * conns[c.key].gradient
                       if c.trainable else conns[c.key].weight)
               for c in self.network.connections}
        return RowNumbers(row, t, conns, shares, new)

    def _update(self, numbers: RowNumbers) -> tuple[float, ...]:
        weights = tuple(numbers.new_weights[c.key] for c in self.network.connections)
        self._set_weights(weights)
        return weights

    def _set_weights(self, weights: tuple[float, ...]) -> None:
        self.network.set_weights(weights)
        self.compiled.set_weights(weights)

    # ---- what is revealed ----------------------------------------------------------
    def index_of(self, stage: Stage) -> int:
        return self.stages.index(stage)

    # Stage indexes: input 0, forward l at l, error at L + 1, backward l at 2L + 2 - l,
    # update at 2L + 2 (L = depth).
    def _fired(self, level: int, index: int) -> bool:
        return 0 <= index and level <= index

    def _error_done(self, index: int) -> bool:
        return index >= self.depth + 1

    def _backward_done(self, level: int, index: int) -> bool:
        return level > 0 and index >= 2 * self.depth + 2 - level

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
        numbers = self._state.numbers
        trainable = self.network.connection(*key).trainable
        if numbers is None or index < 0:
            return ConnectionValues(self._state.weights[self._slot[key]], trainable)
        c = numbers.connections[key]
        source, target = self.level[key[0]], self.level[key[1]]
        x = numbers.trace.neurons[key[0]].output if self._fired(source, index) else None
        product = c.weight * x if x is not None and self._fired(target, index) else None
        gradient = c.gradient if self._backward_done(target, index) else None
        new = numbers.new_weights[key] if index == len(self.stages) - 1 else None
        return ConnectionValues(c.weight, trainable, x, product, gradient, new)

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
        net = self.network
        if stage.kind == INPUT:
            return list(self.by_level[0]), []
        if stage.kind == ERROR:
            return list(self.dataset.targets), []
        if stage.kind == UPDATE:
            return [], [c.key for c in net.connections if c.trainable]
        ids = self.by_level[stage.level]
        inside = set(ids)
        return list(ids), [c.key for c in net.connections if c.target in inside]

    # ---- words ---------------------------------------------------------------------
    def describe(self) -> str:
        """One line on where the stepper is, for a status bar."""
        row = f"Row {self.row}"
        stage = self.stage
        if stage is None:
            values = ", ".join(f"{n} = {plain(v)}" for n, v in
                               zip(self.dataset.inputs + self.dataset.targets,
                                   self.dataset.rows[self.row]))
            return f"{row} ({values}): ready; step to put its inputs in"
        names = lambda ids: ", ".join(self.network.neurons[n].name for n in ids)  # noqa: E731
        if stage.kind == INPUT:
            ins = ", ".join(f"{self.network.neurons[n].name} = {plain(v)}"
                            for n, v in zip(self.dataset.inputs, self.dataset.x[self.row]))
            return f"{row} \u00b7 input: {ins}"
        if stage.kind == FORWARD:
            return (f"{row} \u00b7 forward, level {stage.level} of {self.depth}: "
                    f"{names(self.by_level[stage.level])} fire")
        if stage.kind == ERROR:
            return f"{row} \u00b7 error: J = {number(self.trace.error)}"
        if stage.kind == BACKWARD:
            return (f"{row} \u00b7 backward, level {stage.level}: "
                    f"\u03b4 of {names(self.by_level[stage.level])}")
        changed = sum(1 for c in self.network.connections
                      if self.numbers.new_weights[c.key] != self.numbers.connections[c.key].weight)
        return (f"{row} \u00b7 update: {changed} weights changed "
                f"(\u03b1 = {plain(self.learning_rate)})")

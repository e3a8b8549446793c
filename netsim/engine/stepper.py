"""Step-through training: one dataset row at a time, stage by stage, as seeds 000 and 001
work it, in the training mode, momentum and schedule of the document's settings.

The stages of one row, in the seeds' order:

    input         the row's values are put on the input neurons
    forward l     level l fires: net input and output of its neurons (l = 1 .. L)
    error         J, and for each output its target, its output and its share of J
    backward l    the deltas of level l and dJ/dw of the connections into it (l = L .. 1)
    accumulate    (mini-batch and batch) dJ/dw joins the batch's running sum:
                  sum and mean of dJ/dw over the batch's rows so far
    update        every trainable weight takes its step (sgd: after every row; mini-batch
                  and batch: only after the batch's last row, with the mean):
                      dw = -alpha_t * mean dJ/dw  (+ mu * dw_prev with momentum)
                      w <- w + dw

In perceptron mode (seed 000, perceptron.py) a row has no backward pass: input, forward 1,
error (y − o of each output), update (w <- w + alpha_t (y − o) x, after every row).

alpha_t is the schedule's rate for the epoch, and the step is the trainer's own
(trainer.descend), so stepping through an epoch ends on exactly the weights of one
Trainer epoch. Rows come in the trainer's order: file order, or with shuffling the same
permutations, drawn from the same seed, epoch after epoch.

Every number comes from engine.trace, run once per row with the weights from before the
update (seed 000: "we use the original weights, not the updated weights"); the stepper
only decides how much of it has been revealed (what each stage shows, and the words for
it, are StepReveal's, in step_reveal.py, which Stepper builds on). It works on its own
copy of the network, whose weights change at each update. Every move (step, step_row,
step_epoch, set_row) is kept in a history, so back() returns exactly to the state before
it, weights included (the last HISTORY_NUMBERS / connections moves, and at least
MIN_HISTORY: 100 on 784-128-10, a million on XOR).

A network of a hundred thousand connections steps as fast as a small one: a row's
numbers are NumPy arrays (RowNumbers, Trace), read one neuron or connection at a time
only where asked, and nothing on a step walks every connection in Python. What to ask:

    neuron(nid, index), connection(key, index)   what is known about one of them
    active(index)            the neurons and connections the stage reveals (lists)
    keys_into(level)         the connections into a level, in connection order (cached)
    ids, keys                the neuron order and connection order of every array below
    slots                    connection key -> its index in `keys`
    neuron_outputs(index)    every output known at the stage, NaN where not yet known
    neuron_deltas(index)     every δ known at the stage, NaN where not (or a source)
    scales()                 the largest |δ| and |∂J/∂w| of the row (colour scales)
    weight_array()           the weights now (read-only; a new array when they change)
    trainable                True per connection that learns
    numbers.trace.gradients  every ∂J/∂w of the row; numbers.sums, .steps, .new_weights ...
    graph                    the stepper's copy of the neurons and connections (for names
                             and links; `network` is the same with the weights now)
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace

import numpy as np

from . import losses, perceptron
from .compiled import Compiled
from .dataset import Dataset
from .levels import levels_of
from .network import Network
from .settings import TrainingSettings
from .step_reveal import StepReveal
from .step_values import (ACCUMULATE, BACKWARD, ERROR, FORWARD, INPUT, UPDATE, Key, RowNumbers,
                          Stage)
from .trace import Gather, Trace, trace_compiled
from .trainer import batch_size, descend, kernel_penalty, problem

HISTORY_NUMBERS = 10_000_000  # back() goes back at most this / connections moves ...
MIN_HISTORY = 100  # ... but at least this many

# The settings that decide what a step does (the rest only matter to whole runs).
_RULE = ("learning_rate", "loss", "mode", "batch_size", "momentum", "shuffle", "seed",
         "schedule", "decay_rate", "decay_steps", "l1", "l2", "regularise_bias")


def _rule(settings: TrainingSettings) -> dict:
    """The settings a step follows, without those its mode, order and schedule ignore."""
    unused = set()
    if settings.mode != "minibatch":
        unused.add("batch_size")
    if not settings.shuffle:
        unused.add("seed")
    if settings.schedule == "constant":
        unused |= {"decay_rate", "decay_steps"}
    if not settings.regularised:
        unused.add("regularise_bias")
    return {name: getattr(settings, name) for name in _RULE if name not in unused}


def _frozen(values) -> np.ndarray:
    """A float array that nothing can change: states share them instead of copying."""
    array = np.array(values, dtype=float)
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class _State:
    epoch: int  # epochs completed (rows wrapped from the last back to the first)
    position: int  # of the row in its epoch's order
    index: int  # into Stepper.stages; -1: the row is chosen but nothing shown yet
    weights: np.ndarray  # the stepper's weights now, in connection order (read-only)
    velocity: np.ndarray  # the last step of each weight (momentum's memory)
    sums: np.ndarray  # Σ dJ/dw over the rows of this batch before this row
    count: int  # how many rows that is
    numbers: RowNumbers | None = None


class Stepper(StepReveal):
    """Steps through training on `dataset` with `settings` (a TrainingSettings, or just a
    learning rate for sgd with `loss`), from `row` (default: the first row of the epoch)."""

    def __init__(self, network: Network, dataset: Dataset,
                 settings: TrainingSettings | float = 0.5, loss: str | None = None,
                 row: int | None = None):
        if isinstance(settings, TrainingSettings):
            settings = replace(settings, **({"loss": loss} if loss else {}))
        else:
            settings = TrainingSettings(learning_rate=float(settings),
                                        loss=loss or "squared_error")
        reason = problem(network, dataset, settings)
        if reason:
            raise ValueError(reason)
        self.settings = settings
        self.graph = network.copy()  # neurons and connections; its weights are not kept
        self._synced = True  # ... unless asked for as `network`
        self.dataset = dataset.copy()
        self.loss = losses.get(settings.loss)
        self.compiled = Compiled(self.graph, self.dataset.inputs, self.dataset.targets,
                                 settings.loss)
        self.level = self._levels()
        self.depth = max(self.level.values(), default=0)
        self.by_level = {lv: [n for n in self.graph.neurons if self.level[n] == lv]
                         for lv in range(self.depth + 1)}
        # Rows held out for testing are never trained on, here as in Trainer: an epoch
        # steps through the training rows, in file order or shuffled as the trainer does.
        held_out = set(self.dataset.test_rows)
        self.order = [r for r in range(len(self.dataset)) if r not in held_out]
        self.batch_size = batch_size(settings, len(self.order))
        depth = self.depth
        # the perceptron rule: no backward pass (its Rule gives each row's update)
        self.rule = perceptron.Rule(self.compiled) if settings.mode == "perceptron" else None
        backward = [] if self.rule else [Stage(BACKWARD, lv) for lv in range(depth, 0, -1)]
        self.stages = ([Stage(INPUT)] + [Stage(FORWARD, lv) for lv in range(1, depth + 1)]
                       + [Stage(ERROR)] + backward
                       + ([Stage(ACCUMULATE)] if self.batch_size > 1 else []) + [Stage(UPDATE)])
        self._sum_index = len(self.stages) - (2 if self.batch_size > 1 else 1)
        self.ids = list(self.graph.neurons)  # the neuron order of neuron arrays
        self.keys = [c.key for c in self.graph.connections]  # ... and connection order
        self.slots = {key: i for i, key in enumerate(self.keys)}  # key -> its index
        trainable = np.array([1.0 if c.trainable else 0.0 for c in self.graph.connections])
        self._mask = None if trainable.all() else trainable
        self._penalty = kernel_penalty(self.graph, settings)  # L1/L2, per connection
        self.trainable = trainable.astype(bool)  # in connection order
        self._gather = Gather(self.compiled)
        self._into: dict[int, list[Key]] = {}  # the keys into each level, when first asked
        self._learning: list[Key] | None = None  # the trainable keys, when first asked
        self._level_array = np.asarray([self.level[n] for n in self.ids], dtype=np.intp)
        self._rng = np.random.default_rng(settings.seed)  # as Trainer's: the same orders
        self._orders: list[list[int]] = []
        position = 0
        if row is not None:
            start = self._check_row(row, held_out_too=True)
            if start in held_out:  # begin at the next training row
                start = next((r for r in self.order if r > start), self.order[0])
            position = self.epoch_order(0).index(start)
        zeros = _frozen(np.zeros(len(self.keys)))
        self._state = _State(0, position, -1, _frozen(self.graph.weights()), zeros, zeros, 0)
        # Each move kept costs a few arrays of one number per connection: a big network
        # keeps its last moves, a small one (practically) all of them.
        self._history: deque[_State] = deque(
            maxlen=max(MIN_HISTORY, HISTORY_NUMBERS // max(len(self.keys), 1)))

    def __repr__(self) -> str:
        return (f"Stepper({self.settings.mode}, row {self.row}, {self.stage or 'ready'}, "
                f"epoch {self.epoch})")

    def _levels(self) -> dict[str, int]:
        """Sources at 0; a computing neuron at 1 + its highest source, and at least 1
        (one without incoming connections computes f(0) with the first level)."""
        return levels_of(self.graph).level

    def _check_row(self, row: int, held_out_too: bool = False) -> int:
        if not 0 <= row < len(self.dataset):
            raise ValueError(f"row {row} is out of range: the dataset has {len(self.dataset)} rows")
        if not held_out_too and row not in self.order:
            raise ValueError(f"row {row} is held out for testing, and stepping trains only "
                             f"on the training rows")
        return int(row)

    def follows(self, settings: TrainingSettings) -> bool:
        """Whether stepping with `settings` would do what this stepper does."""
        return _rule(settings) == _rule(self.settings)

    # ---- the order of rows and batches ---------------------------------------------
    def epoch_order(self, epoch: int) -> list[int]:
        """The rows of epoch `epoch` (0 = the first), in the order they are trained on:
        Trainer's order, the same permutations from the same seed when shuffling."""
        while len(self._orders) <= epoch:
            n = len(self.order)
            draw = self._rng.permutation(n) if self.settings.shuffle else range(n)
            self._orders.append([self.order[i] for i in draw])
        return self._orders[epoch]

    def batch(self, position: int | None = None) -> tuple[int, int]:
        """The first and last position of the batch holding `position` (default: now)."""
        position = self._state.position if position is None else position
        first = position - position % self.batch_size
        return first, min(first + self.batch_size, len(self.order)) - 1

    def batch_rows(self) -> list[int]:
        """The rows of the current batch, in order."""
        first, last = self.batch()
        return self.epoch_order(self.epoch)[first:last + 1]

    def _ends_batch(self, position: int) -> bool:
        return position == self.batch(position)[1]

    def next_row(self) -> int:
        """The row after the current one (the next epoch's first after the last)."""
        s = self._state
        if s.position + 1 < len(self.order):
            return self.epoch_order(s.epoch)[s.position + 1]
        return self.epoch_order(s.epoch + 1)[0]

    # ---- where it is ---------------------------------------------------------------
    @property
    def network(self) -> Network:
        """The stepper's own copy of the network, with the weights now. (Its neurons and
        connections alone are `graph`, which is quicker: the weights are copied into the
        network only when it is asked for after an update.)"""
        if not self._synced:
            self.graph.set_weights(self._state.weights.tolist())
            self._synced = True
        return self.graph

    @property
    def row(self) -> int:
        return self.epoch_order(self._state.epoch)[self._state.position]

    @property
    def position(self) -> int:
        """Of the row in its epoch's order (0 = the epoch's first row)."""
        return self._state.position

    @property
    def index(self) -> int:
        """The stage reached in this row: an index into `stages`, -1 before the first."""
        return self._state.index

    @property
    def stage(self) -> Stage | None:
        return self.stages[self._state.index] if self._state.index >= 0 else None

    @property
    def row_stages(self) -> list[Stage]:
        """The stages of the current row: without the update unless it ends its batch."""
        return self.stages if self._ends_batch(self._state.position) else self.stages[:-1]

    @property
    def epoch(self) -> int:
        return self._state.epoch

    @property
    def learning_rate(self) -> float:
        """α of the current epoch (the schedule's)."""
        return self.settings.learning_rate_at(self._state.epoch)

    @property
    def summed(self) -> int:
        """The rows of this batch whose dJ/dw are in its sum now."""
        s = self._state
        return s.numbers.count if s.numbers and s.index >= self._sum_index else s.count

    @property
    def numbers(self) -> RowNumbers | None:
        """The engine's numbers for the row being shown (None before its first stage)."""
        return self._state.numbers

    @property
    def trace(self) -> Trace | None:
        return self._state.numbers.trace if self._state.numbers else None

    def weights(self) -> dict[Key, float]:
        """The weights now (after an update: the updated ones)."""
        return dict(zip(self.keys, self._state.weights.tolist()))

    def weight_array(self) -> np.ndarray:
        """The weights now, in connection order (`keys`); read-only, and a new array
        whenever they change."""
        return self._state.weights

    def can_back(self) -> bool:
        return bool(self._history)

    @property
    def row_done(self) -> bool:
        return self._state.index == len(self.row_stages) - 1

    # ---- moving --------------------------------------------------------------------
    def step(self) -> Stage:
        """Reveal the next stage; after the row's last, the next row (wrapping) begins."""
        self._history.append(self._state)
        self._advance()
        return self.stage

    def step_row(self) -> Stage:
        """Finish the current row through its last stage (a finished row: do the next one)."""
        self._history.append(self._state)
        self._advance()
        self._finish_row()
        return self.stage

    def step_epoch(self) -> Stage:
        """Finish the current row, then every remaining row of the epoch, each with its
        accumulation and updates as the mode makes them; shows the epoch's last row
        (whose batch ends there, so with its update). At the end of an epoch: a whole epoch."""
        self._history.append(self._state)
        last = len(self.order) - 1
        if self.row_done and self._state.position == last:
            self._advance()
        self._finish_row()
        while self._state.position != last:
            self._advance()
            self._finish_row()
        return self.stage

    def set_row(self, row: int) -> int:
        """Show row `row` next (nothing revealed yet), at its place in this epoch's order
        (the next epoch's once this one is finished); the weights stay as they are. The
        batch's sum so far is kept when `row` comes after the rows summed, in the same
        batch; otherwise it is dropped and the sum starts again from `row`. Returns how
        many rows' dJ/dw were dropped."""
        row = self._check_row(row)
        s = self._state
        if (row, -1) == (self.row, s.index):
            return 0
        sums, count, after = s.sums, s.count, s.position - 1
        if s.numbers is not None and s.index >= self._sum_index:  # this row is in the sum
            sums, count, after = s.numbers.sums, s.numbers.count, s.position
            if s.index == len(self.stages) - 1:  # and its batch's update came
                count = 0
        epoch = s.epoch + (self.row_done and s.position == len(self.order) - 1)
        position = self.epoch_order(epoch).index(row)
        dropped = 0
        if count and not (epoch == s.epoch and self.batch(position) == self.batch(s.position)
                          and position > after):
            dropped, count = count, 0
        if not count:
            sums = _frozen(np.zeros(len(sums)))
        self._history.append(s)
        self._state = _State(epoch, position, -1, s.weights, s.velocity, sums, count)
        return dropped

    def back(self) -> bool:
        """Return to the state before the last move, weights and all; False if none."""
        if not self._history:
            return False
        state = self._history.pop()
        if state.weights is not self._state.weights:
            self._set_weights(state.weights)
        self._state = state
        return True

    def _advance(self) -> None:
        s = self._state
        if s.index == -1:
            self._state = replace(s, index=0, numbers=self._numbers(s))
        elif self.row_done:
            self._state = self._next_row(s)
        else:
            index = s.index + 1
            if self.stages[index].kind == UPDATE:
                n = s.numbers
                weights = n.new_weights
                velocity = n.steps if self.settings.momentum else s.velocity
                self._set_weights(weights)
                s = replace(s, weights=weights, velocity=velocity)
            self._state = replace(s, index=index)

    def _finish_row(self) -> None:
        while not self.row_done:
            self._advance()

    def _next_row(self, s: _State) -> _State:
        """The state at the first stage of the row after the finished one in `s`."""
        n = s.numbers
        sums, count = n.sums, n.count
        if n.steps is not None:  # the batch ended with an update: a new batch begins
            sums, count = _frozen(np.zeros(len(sums))), 0
        epoch, position = s.epoch, s.position + 1
        if position == len(self.order):
            epoch, position = epoch + 1, 0
        state = _State(epoch, position, 0, s.weights, s.velocity, sums, count)
        return replace(state, numbers=self._numbers(state))

    def _numbers(self, s: _State) -> RowNumbers:
        """The row's trace with the weights of `s`, what it adds to the batch's sum, and
        after the batch's last row the trainer's update (descend)."""
        row = self.epoch_order(s.epoch)[s.position]
        t = trace_compiled(self.compiled, self.dataset.x[row], self.dataset.y[row],
                           self._gather, s.weights)
        shares = dict(t.shares)
        sums = s.sums + t.gradients
        count = s.count + 1
        lr = self.settings.learning_rate_at(s.epoch)
        steps = new = None
        if self.rule is not None:  # w <- w + α (y − o) x, as perceptron.Rule.epoch does
            outputs = np.array([t.outputs[k] for k in self.dataset.targets])
            steps = _frozen(self.rule.steps(self.dataset.x[row], self.dataset.y[row], outputs,
                                            lr))
            new = _frozen(s.weights + steps)
            sums = s.sums
        elif self._ends_batch(s.position):
            new, velocity = np.array(s.weights), np.array(s.velocity)
            steps = _frozen(descend(new, velocity, sums.copy(), count, lr,
                                    self.settings.momentum, self._mask, self._penalty))
            new.flags.writeable = False
        sums.flags.writeable = False
        return RowNumbers(row, t, shares, s.sums, sums, count, lr, s.velocity, steps, new)

    def _set_weights(self, weights: np.ndarray) -> None:
        self.compiled.set_weights(weights)
        self._synced = False

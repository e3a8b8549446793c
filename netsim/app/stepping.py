"""StepController: steps through training one row and one stage at a time, on the canvas.

It keeps an engine Stepper for the shown document, in the document's training mode,
momentum, schedule and row order (seed 001: sgd updates after every row; mini-batch and
batch sum each row's dJ/dw and update once, with the mean, after the batch's last row),
and draws what it has revealed with a ValueOverlay on the scene. A new stepping begins
at the epoch's first row, or at the row picked before it. The update stage really
changes the document: the new weights go on the undo stack as one SetAllWeights ("Update
weights (row 0)", "Update weights (rows 0–3)" for a batch); stepping back over an update
undoes that command when it is still on top of the stack, and otherwise pushes the old
weights back, so values and weights return exactly.

The document stays the source of truth. When it changes from elsewhere (an edit, an
undo, training, another dataset or a setting a step follows: rate, mode, momentum,
schedule, order), the stepper no longer describes it, so stepping stops and the canvas
is plain again; moves and renames leave it be.

The actions, the row picker, the speed slider and the play timer are StepControls'
(netsim.app.step_controls), which this class builds on: here is what they do.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from PySide6.QtCore import QObject, Signal

from ..canvas.network_scene import NetworkScene
from ..canvas.value_overlay import ValueOverlay
from ..document import Document
from ..document.commands import SetAllWeights
from ..document.document import NEURONS, POSITIONS, SETTINGS, WEIGHTS, Change
from ..engine.stepper import Stepper
from .step_controls import StepControls

PULSE_SHARE = 0.7  # of the time between two steps, at most the overlay's own duration


def connect_panel(controller: "StepController", panel) -> None:
    """Keep an EquationPanel in step with the controller's moves. (The window passes it
    the canvas selection too, with the inspector's: panel.set_selection(*scene.selection()).)"""
    controller.stepper_changed.connect(panel.set_stepper)
    panel.set_stepper(controller.stepper)


def rows_text(rows: list[int]) -> str:
    """"row 2", "rows 0–3", or in a shuffled order "rows 3, 0, 2"."""
    if len(rows) == 1:
        return f"row {rows[0]}"
    if rows == list(range(rows[0], rows[-1] + 1)):
        return f"rows {rows[0]}\u2013{rows[-1]}"
    more = ", \u2026" if len(rows) > 6 else ""
    return f"rows {', '.join(map(str, rows[:6]))}{more}"


class StepController(StepControls):
    status = Signal(str)
    stage_changed = Signal(str)  # "input", "forward 1", ..., "update"; "ready"; "" when off
    stepper_changed = Signal(object)  # the Stepper after every move, None when stopped

    def __init__(self, scene: NetworkScene, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.overlay = ValueOverlay(scene, self)
        self.document: Document | None = None
        self.stepper: Stepper | None = None
        self.row = 0  # the row to step through next (the picker's)
        self._picked = False  # the row was picked: a new stepping begins there
        self._pushed: list[SetAllWeights] = []  # this session's updates, oldest first
        self._writing = False  # our own command is changing the document
        self._written = None  # the stepper's weights the document was last given
        # Asked before every Step reveals a stage (the quiz asks first): False holds it
        self.gate: Callable[[], bool] | None = None
        self.set_speed(1.0)
        self._update_actions()

    def __repr__(self) -> str:
        return f"StepController({self.stepper!r})"

    # ---- the document --------------------------------------------------------------
    def set_document(self, doc: Document | None) -> None:
        if doc is self.document:
            return
        self.stop(quiet=True)
        if self.document is not None:
            self.document.changed.disconnect(self._on_document_changed)
        self.document = doc
        self.row, self._picked = 0, False
        if doc is not None:
            doc.changed.connect(self._on_document_changed)
        self._sync_picker()
        self._update_actions()

    def _on_document_changed(self, change: Change) -> None:
        if self._writing:
            return
        if self.stepper is None:
            self._sync_picker()
            return
        if change.kind == POSITIONS:
            return
        if self._still_matches(change):
            if change.kind in (WEIGHTS, NEURONS) and self._relabel(change):
                self.stepper_changed.emit(self.stepper)  # the formulas name them anew
            return
        self.stop(quiet=True)
        self._sync_picker()  # the dataset may have other rows now
        self.status.emit("Stepping stopped: the network, its data or its settings changed")

    def _still_matches(self, change: Change) -> bool:
        """Whether the stepper still describes the document after `change`."""
        kind, net, stepper = change.kind, self.document.network, self.stepper
        if kind == WEIGHTS:
            # A weight change names what it changed (one weight and its undo: one key),
            # so only those connections are compared; many or unnamed: all of them.
            keys = change.ids
            if not keys or len(keys) > len(stepper.keys) // 8:
                return ([c.key for c in net.connections] == stepper.keys
                        and all(c.trainable == t for c, t in
                                zip(net.connections, stepper.trainable.tolist()))
                        and not self._differs())
            return all(net.has_connection(*k) and k in stepper.slots and
                       net.connection(*k).trainable == stepper.trainable[stepper.slots[k]]
                       for k in keys) and not self._differs(keys)
        if kind == SETTINGS:
            return stepper.follows(self.document.file.training)
        if kind == NEURONS:
            mine = stepper.graph.neurons
            return set(net.neurons) == set(mine) and all(
                (n.role, n.activation) == (mine[n.id].role, mine[n.id].activation)
                for n in net.neurons.values())
        return False

    def _relabel(self, change: Change) -> bool:
        """Give the stepper's copy of the network the document's names of what `change`
        touched (a neuron or a connection renamed while stepping); whether any changed."""
        net, mine = self.document.network, self.stepper.graph
        changed = False
        if change.kind == NEURONS:
            for nid in change.ids or list(net.neurons):
                if nid in net.neurons and mine.neurons[nid].label != net.neurons[nid].label:
                    mine.neurons[nid].label, changed = net.neurons[nid].label, True
            return changed
        for c in (net.connection(*k) for k in change.ids) if change.ids else net.connections:
            copy = mine.connection(*c.key)
            if copy.label != c.label:
                copy.label, changed = c.label, True
        return changed

    def _sync_picker(self) -> None:
        doc = self.document
        rows = len(doc.dataset) if doc is not None and doc.dataset is not None else 0
        if self.row >= rows:
            self.row = 0
        self._show_rows(self.row, rows)
        self._show_picture(doc.dataset if doc is not None else None, self.row)

    # ---- stepping ------------------------------------------------------------------
    def _ensure_stepper(self) -> bool:
        if self.stepper is not None:
            return True
        doc = self.document
        if doc is None:
            return False
        if doc.dataset is None:
            self.status.emit("Nothing to step through: the network has no dataset")
            return False
        try:
            self.stepper = Stepper(doc.network, doc.dataset, doc.file.training,
                                   row=self.row if self._picked else None)
        except ValueError as e:
            self.status.emit(f"Cannot step through: {e}")
            return False
        self._pushed = []
        self._written = self.stepper.weight_array()
        return True

    def step(self) -> bool:
        """Show the next stage (the first step starts at the picked row)."""
        if not self._ensure_stepper():
            return False
        if self.gate is not None and not self.gate():
            return False
        self.stepper.step()
        self._after_move(animate=True)
        return True

    def step_row(self) -> bool:
        if not self._ensure_stepper():
            return False
        self.stepper.step_row()
        self._after_move()
        return True

    def step_epoch(self) -> bool:
        if not self._ensure_stepper():
            return False
        s = self.stepper
        first = s.next_row() if s.row_done else s.row  # the first row it finishes
        s.step_epoch()
        order = s.epoch_order(s.epoch)
        rows = rows_text(order[order.index(first):])
        self._after_move(text=f"Update weights (epoch {s.epoch + 1}, {rows})")
        return True

    def back(self) -> bool:
        """Undo the last move: the numbers shown, and the weights if it updated them."""
        if self.stepper is None or not self.stepper.can_back():
            self.status.emit("Nothing to step back to")
            return False
        before = self.stepper.weight_array()
        self.stepper.back()
        if not np.array_equal(self.stepper.weight_array(), before):
            self._restore_weights()
        self._after_move(animate=False)
        return True

    def set_row(self, row: int) -> None:
        """Step through row `row` next (the picker calls this)."""
        if self.stepper is not None and self.stepper.row != row:
            try:
                dropped = self.stepper.set_row(int(row))
            except ValueError as e:  # a row held out for testing
                self.status.emit(str(e)[:1].upper() + str(e)[1:])
                self._sync_picker()
                return
            self.row = int(row)
            self._after_move()
            if dropped:
                rows = f"{dropped} row{'s' if dropped != 1 else ''}"
                self.status.emit(f"Row {row} next: the batch's sum of \u2202J/\u2202w over "
                                 f"{rows} was dropped and starts again from this row")
        else:
            self.row, self._picked = int(row), True
            self._sync_picker()

    def play(self, on: bool) -> None:
        if on and not self._ensure_stepper():
            on = False
        if self.play_action.isChecked() != on:
            self.play_action.setChecked(on)  # comes back here through toggled
            return
        self._show_playing(on)

    def _on_tick(self) -> None:
        if not self.step():
            self.play(False)

    def set_speed(self, speed: float) -> None:
        super().set_speed(speed)
        self.overlay.duration = min(650, round(PULSE_SHARE * self.timer.interval()))

    def stop(self, quiet: bool = False) -> None:
        """Stop stepping: the canvas shows the plain network again (weights stay)."""
        self.play(False)
        was = self.stepper is not None
        self.stepper = None
        self._pushed = []
        if was:  # the next stepping begins an epoch afresh, at its first row
            self.row, self._picked = 0, False
            self._sync_picker()
        self.overlay.clear()
        self._update_actions()
        if was:
            self.stage_changed.emit("")
            self.stepper_changed.emit(None)
            if not quiet:
                self.status.emit("Stepping stopped")

    # ---- after a move --------------------------------------------------------------
    def _after_move(self, animate: bool = False, text: str | None = None) -> None:
        stepper = self.stepper
        self._write_weights(text or f"Update weights ({rows_text(stepper.batch_rows())})")
        self.row = stepper.row
        self._sync_picker()
        self.overlay.show(stepper, animate)
        self._update_actions()
        self.status.emit(stepper.describe())
        self.stage_changed.emit(str(stepper.stage) if stepper.stage else "ready")
        self.stepper_changed.emit(stepper)

    def _differs(self, keys=None) -> bool:
        """Whether the document lacks some of the stepper's weights: of `keys`, or of
        every connection (while stepping, the document has the stepper's connections in
        the stepper's order: a change to them stops it)."""
        stepper, net = self.stepper, self.document.network
        weights = stepper.weight_array()
        if keys is None:
            theirs = np.fromiter((c.weight for c in net.connections), float, len(weights))
            return bool(np.any(theirs != weights))
        return any(net.connection(*k).weight != weights[stepper.slots[k]] for k in keys)

    def _write_weights(self, text: str) -> None:
        """Give the document the stepper's weights when they changed since it was last
        given them (every weight at once: a big network's update is one array)."""
        weights, before = self.stepper.weight_array(), self._written
        if weights is before:
            return
        self._written = weights
        # The document has `before` (what it was last given; a change to it that the
        # stepper does not share stops stepping), so comparing with it is enough.
        if not np.array_equal(weights, before):
            self._push(SetAllWeights(self.document, weights, text), remember=True)

    def _restore_weights(self) -> None:
        """The stepper went back over an update: the document's weights follow."""
        stack = self.document.undo_stack
        top = stack.command(stack.index() - 1) if stack.index() > 0 else None
        if self._pushed and top is self._pushed[-1]:
            self._writing = True
            try:
                stack.undo()
            finally:
                self._writing = False
            self._pushed.pop()
        if self._differs():
            self._push(SetAllWeights(self.document, self.stepper.weight_array(),
                                     f"Step back: restore weights (row {self.stepper.row})"))
        self._written = self.stepper.weight_array()

    def _push(self, command: SetAllWeights, remember: bool = False) -> None:
        self._writing = True
        try:
            self.document.undo_stack.push(command)
        finally:
            self._writing = False
        if remember:
            self._pushed.append(command)

    def _update_actions(self) -> None:
        self._show_stage(self.stepper)

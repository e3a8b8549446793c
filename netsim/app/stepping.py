"""StepController: steps through training one row and one stage at a time, on the canvas.

It keeps an engine Stepper for the shown document, in the document's training mode,
momentum, schedule and row order (seed 001: sgd updates after every row; mini-batch and
batch sum each row's dJ/dw and update once, with the mean, after the batch's last row),
and draws what it has revealed with a ValueOverlay on the scene. A new stepping begins
at the epoch's first row, or at the row picked before it. The update stage really
changes the document: the new weights go on the undo stack as one SetWeights ("Update
weights (row 0)", "Update weights (rows 0–3)" for a batch); stepping back over an update
undoes that command when it is still on top of the stack, and otherwise pushes the old
weights back, so values and weights return exactly.

The document stays the source of truth. When it changes from elsewhere (an edit, an
undo, training, another dataset or a setting a step follows: rate, mode, momentum,
schedule, order), the stepper no longer describes it, so stepping stops and the canvas
is plain again; moves and renames leave it be.

Actions: Step (F10), Step Back (Shift+F10), Play/Pause (F9), Step Row (F11), Step Epoch
(Shift+F11), Stop Stepping (Shift+F9). Play steps on a timer whose speed the slider sets
(0.1× to 10× of one step a second). The row picker shows, and chooses, the row.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QSlider, QSpinBox, QToolBar, QWidget

from ..canvas.network_scene import NetworkScene
from ..canvas.value_overlay import ValueOverlay
from ..document import Document
from ..document.commands import SetWeights
from ..document.document import NEURONS, POSITIONS, SETTINGS, WEIGHTS, Change
from ..engine.stepper import Stepper
from .step_icons import icon

STEP_MS = 1000  # one step a second at 1×
MIN_SPEED, MAX_SPEED = 0.1, 10.0
SLIDER_STEPS = 100  # the slider runs 0..100 over log10(speed) from -1 to 1
PICKER_ROWS = 10_000  # the row picker is wide enough for this many rows
PULSE_SHARE = 0.7  # of the time between two steps, at most the overlay's own duration
STAGE_NAMES = {"input": "Input", "forward": "Forward", "error": "Error",
               "backward": "Backward", "accumulate": "Accumulate", "update": "Update"}


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


def rows_suffix(rows: int) -> str:
    """What the row picker says after the row: its range, '  (0–3)'."""
    return f"  (0\u2013{rows - 1})" if rows > 1 else ""


def speed_of(position: int) -> float:
    """The play speed at a slider position: 0 -> 0.1×, 50 -> 1×, 100 -> 10×."""
    return 10.0 ** (2.0 * position / SLIDER_STEPS - 1.0)


def position_of(speed: float) -> int:
    return round((math.log10(speed) + 1.0) * SLIDER_STEPS / 2.0)


class StepController(QObject):
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
        self.speed = 1.0
        self._pushed: list[SetWeights] = []  # this session's updates, oldest first
        self._writing = False  # our own command is changing the document
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._on_tick)
        self._build_actions()
        self._build_widgets()
        self.set_speed(1.0)
        self._update_actions()

    def __repr__(self) -> str:
        return f"StepController({self.stepper!r})"

    # ---- building ------------------------------------------------------------------
    def _action(self, text: str, slot, keys: str, tip: str, picture: str) -> QAction:
        action = QAction(icon(picture), text, self)
        action.setShortcut(QKeySequence(keys))
        action.setToolTip(f"{tip} ({keys})")
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        self.step_action = self._action("Step", self.step, "F10",
                                        "Show the next stage of the row", "step")
        self.back_action = self._action("Step Back", self.back, "Shift+F10",
                                        "Go back one step, weights and all",
                                        "back")
        self.play_action = QAction(icon("play"), "Play", self)
        self.play_action.setCheckable(True)
        self.play_action.setShortcut(QKeySequence("F9"))
        self.play_action.setToolTip("Step on by itself at the chosen speed (F9)")
        self.play_action.toggled.connect(self.play)
        self.row_action = self._action("Step Row", self.step_row, "F11",
                                       "Finish the row: through its weight update (mini-batch"
                                       " and batch: into the batch's sum)", "row")
        self.epoch_action = self._action("Step Epoch", self.step_epoch, "Shift+F11",
                                         "Finish the epoch: every remaining row, with the "
                                         "updates of the training mode", "epoch")
        self.stop_action = self._action("Stop Stepping", self.stop, "Shift+F9",
                                        "Stop stepping and clear the numbers from the canvas",
                                        "stop")

    def _build_widgets(self) -> None:
        self.row_picker = QSpinBox()
        self.row_picker.setPrefix("Row ")
        self.row_picker.setToolTip("The dataset row being stepped through")
        self.row_picker.setKeyboardTracking(False)
        self.row_picker.valueChanged.connect(self.set_row)
        # One width for every dataset up to PICKER_ROWS rows, so the toolbar does not
        # jump when another document (or dataset) comes in.
        self.row_picker.setRange(0, PICKER_ROWS - 1)
        self.row_picker.setSuffix(rows_suffix(PICKER_ROWS))
        self._picker_width = self.row_picker.sizeHint().width()
        self.row_picker.setFixedWidth(self._picker_width)
        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        self.speed_slider.setRange(0, SLIDER_STEPS)
        self.speed_slider.setFixedWidth(110)
        self.speed_slider.setToolTip("Play speed: 0.1\u00d7 to 10\u00d7")
        self.speed_slider.valueChanged.connect(lambda v: self.set_speed(speed_of(v)))
        self.stage_label = QLabel()
        self.stage_label.setToolTip("The stage of the row shown on the canvas")
        self.stage_label.setMinimumWidth(self.stage_label.fontMetrics().horizontalAdvance(
            "Backward \u00b7 level 10 ") + 8)
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(self.speed_label.fontMetrics().horizontalAdvance("10.0\u00d7 "))

    def actions(self) -> list[QAction]:
        return [self.step_action, self.back_action, self.play_action, self.row_action,
                self.epoch_action, self.stop_action]

    def toolbar(self, parent: QWidget | None = None) -> QToolBar:
        """A toolbar with the actions, the row picker and the speed slider (call once:
        the picker and slider can be in one place only)."""
        bar = QToolBar("Step Through", parent)
        bar.setObjectName("stepToolBar")
        for action in (self.back_action, self.step_action, self.play_action, self.row_action,
                       self.epoch_action):
            bar.addAction(action)
        bar.addSeparator()
        bar.addWidget(self.row_picker)
        bar.addWidget(self.stage_label)
        bar.addSeparator()
        bar.addWidget(QLabel(" Speed "))
        bar.addWidget(self.speed_slider)
        bar.addWidget(self.speed_label)
        bar.addSeparator()
        bar.addAction(self.stop_action)
        return bar

    def menu(self, parent: QWidget | None = None) -> QMenu:
        menu = QMenu("S&tep", parent)
        for action in self.actions():
            menu.addAction(action)
        return menu

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
        if change.kind == POSITIONS or self._still_matches(change.kind):
            return
        self.stop(quiet=True)
        self._sync_picker()  # the dataset may have other rows now
        self.status.emit("Stepping stopped: the network, its data or its settings changed")

    def _still_matches(self, kind: str) -> bool:
        """Whether the stepper still describes the document after a change of `kind`."""
        net, stepper = self.document.network, self.stepper
        if kind == WEIGHTS:
            mine = stepper.network
            return (len(net.connections) == len(mine.connections)
                    and all(c.key == m.key and c.weight == w and c.trainable == m.trainable
                            for c, m, w in zip(net.connections, mine.connections,
                                               stepper.weights().values())))
        if kind == SETTINGS:
            return stepper.follows(self.document.file.training)
        if kind == NEURONS:
            mine = stepper.network.neurons
            return set(net.neurons) == set(mine) and all(
                (n.role, n.activation) == (mine[n.id].role, mine[n.id].activation)
                for n in net.neurons.values())
        return False

    def _sync_picker(self) -> None:
        doc = self.document
        rows = len(doc.dataset) if doc is not None and doc.dataset is not None else 0
        if self.row >= rows:
            self.row = 0
        self.row_picker.blockSignals(True)
        self.row_picker.setRange(0, max(rows - 1, 0))
        self.row_picker.setValue(self.row)
        self.row_picker.setEnabled(rows > 0)
        self.row_picker.setSuffix(rows_suffix(rows))
        self.row_picker.blockSignals(False)
        self.row_picker.setFixedWidth(max(self._picker_width, self.row_picker.sizeHint().width()))

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
        return True

    def step(self) -> bool:
        """Show the next stage (the first step starts at the picked row)."""
        if not self._ensure_stepper():
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
        before = self.stepper.weights()
        self.stepper.back()
        if self.stepper.weights() != before:
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
        self.play_action.setText("Pause" if on else "Play")
        self.play_action.setIcon(icon("pause" if on else "play"))
        if on:
            self.timer.start()
        else:
            self.timer.stop()

    def _on_tick(self) -> None:
        if not self.step():
            self.play(False)

    def set_speed(self, speed: float) -> None:
        self.speed = min(max(float(speed), MIN_SPEED), MAX_SPEED)
        interval = round(STEP_MS / self.speed)
        self.timer.setInterval(interval)
        self.overlay.duration = min(650, round(PULSE_SHARE * interval))
        position = position_of(self.speed)
        if self.speed_slider.value() != position:
            self.speed_slider.blockSignals(True)
            self.speed_slider.setValue(position)
            self.speed_slider.blockSignals(False)
        self.speed_label.setText(f"{self.speed:.1f}\u00d7" if self.speed < 10 else "10\u00d7")

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

    def _differences(self) -> dict:
        net = self.document.network
        return {key: w for key, w in self.stepper.weights().items()
                if net.connection(*key).weight != w}

    def _write_weights(self, text: str) -> None:
        changed = self._differences()
        if changed:
            self._push(SetWeights(self.document, changed, text), remember=True)

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
        changed = self._differences()
        if changed:
            self._push(SetWeights(self.document, changed,
                                  f"Step back: restore weights (row {self.stepper.row})"))

    def _push(self, command: SetWeights, remember: bool = False) -> None:
        self._writing = True
        try:
            self.document.undo_stack.push(command)
        finally:
            self._writing = False
        if remember:
            self._pushed.append(command)

    def _update_actions(self) -> None:
        on = self.stepper is not None
        stage = self.stepper.stage if on else None
        if stage is None:
            self.stage_label.setText("  ready" if on else "")
        else:
            level = f" \u00b7 level {stage.level}" if stage.level else ""
            self.stage_label.setText(f"  {STAGE_NAMES[stage.kind]}{level}")
        self.stage_label.setToolTip(self.stepper.mode_line() if on else
                                    "The stage of the row shown on the canvas")
        self.back_action.setEnabled(on and self.stepper.can_back())
        self.stop_action.setEnabled(on)

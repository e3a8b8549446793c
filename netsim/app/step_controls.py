"""StepControls: the controls of step-through, without the stepping itself.

The six actions (Step F10, Step Back Shift+F10, Play/Pause F9, Step Row F11, Step Epoch
Shift+F11, Stop Stepping Shift+F9), the row picker, the row's inputs as a picture beside
it when they are an image (8 × 8 digits), the stage label, the play timer and its speed
slider (0.1× to 10× of one step a second), and the toolbar and menu that hold them.
What the actions do, and what the picker and label show, is StepController's
(netsim.app.stepping), which builds on this class: it provides step, back, play,
step_row, step_epoch, stop, set_row and _on_tick.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import QLabel, QMenu, QSlider, QSpinBox, QToolBar, QWidget

from ..panels.thumbnails import dataset_range, thumbnail
from .step_icons import icon

STEP_MS = 1000  # one step a second at 1×
MIN_SPEED, MAX_SPEED = 0.1, 10.0
SLIDER_STEPS = 100  # the slider runs 0..100 over log10(speed) from -1 to 1
PICKER_ROWS = 10_000  # the row picker is wide enough for this many rows
PICTURE_PIXELS = 24  # the row's picture is about this tall on the toolbar, at a whole scale
STAGE_NAMES = {"input": "Input", "forward": "Forward", "error": "Error",
               "backward": "Backward", "accumulate": "Accumulate", "update": "Update"}


def rows_suffix(rows: int) -> str:
    """What the row picker says after the row: its range, '  (0–3)'."""
    return f"  (0\u2013{rows - 1})" if rows > 1 else ""


def speed_of(position: int) -> float:
    """The play speed at a slider position: 0 -> 0.1×, 50 -> 1×, 100 -> 10×."""
    return 10.0 ** (2.0 * position / SLIDER_STEPS - 1.0)


def position_of(speed: float) -> int:
    return round((math.log10(speed) + 1.0) * SLIDER_STEPS / 2.0)


class StepControls(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.speed = 1.0
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._on_tick)
        self._build_actions()
        self._build_widgets()

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
        self.row_picture = QLabel()  # the row's inputs as a picture (image datasets)
        self.picture_action: QAction | None = None  # its place on the toolbar
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
        self.picture_action = bar.addWidget(self.row_picture)
        self.picture_action.setVisible(not self.row_picture.pixmap().isNull())
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

    # ---- showing -------------------------------------------------------------------
    def set_speed(self, speed: float) -> None:
        self.speed = min(max(float(speed), MIN_SPEED), MAX_SPEED)
        self.timer.setInterval(round(STEP_MS / self.speed))
        position = position_of(self.speed)
        if self.speed_slider.value() != position:
            self.speed_slider.blockSignals(True)
            self.speed_slider.setValue(position)
            self.speed_slider.blockSignals(False)
        self.speed_label.setText(f"{self.speed:.1f}\u00d7" if self.speed < 10 else "10\u00d7")

    def _show_playing(self, on: bool) -> None:
        self.play_action.setText("Pause" if on else "Play")
        self.play_action.setIcon(icon("pause" if on else "play"))
        if on:
            self.timer.start()
        else:
            self.timer.stop()

    def _show_rows(self, row: int, rows: int) -> None:
        """The picker shows `row` of `rows` (none: disabled), without calling set_row."""
        self.row_picker.blockSignals(True)
        self.row_picker.setRange(0, max(rows - 1, 0))
        self.row_picker.setValue(row)
        self.row_picker.setEnabled(rows > 0)
        self.row_picker.setSuffix(rows_suffix(rows))
        self.row_picker.blockSignals(False)
        self.row_picker.setFixedWidth(max(self._picker_width, self.row_picker.sizeHint().width()))

    def _show_picture(self, dataset, row: int) -> None:
        """Row `row`'s inputs as a picture beside the picker, when the dataset's inputs
        are an image (pixels white to black as in the Dataset dock); nothing otherwise."""
        shape = dataset.image if dataset is not None and 0 <= row < len(dataset) else None
        if shape is None:
            self.row_picture.clear()
            self.row_picture.setToolTip("")
        else:
            lo, hi = dataset_range(dataset)
            scale = max(1, round(PICTURE_PIXELS / max(shape)))
            image = thumbnail(dataset.x[row], shape, lo, hi)
            self.row_picture.setPixmap(QPixmap.fromImage(image.scaled(
                shape[1] * scale, shape[0] * scale, Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.FastTransformation)))
            self.row_picture.setToolTip(f"Row {row}'s inputs as a {shape[0]} \u00d7 "
                                        f"{shape[1]} picture")
        if self.picture_action is not None:
            self.picture_action.setVisible(shape is not None)

    def _show_stage(self, stepper) -> None:
        """The stage label and the actions that need a stepping (stepper None: off)."""
        on = stepper is not None
        stage = stepper.stage if on else None
        if stage is None:
            self.stage_label.setText("  ready" if on else "")
        else:
            level = f" \u00b7 level {stage.level}" if stage.level else ""
            self.stage_label.setText(f"  {STAGE_NAMES[stage.kind]}{level}")
        self.stage_label.setToolTip(stepper.mode_line() if on else
                                    "The stage of the row shown on the canvas")
        self.back_action.setEnabled(on and stepper.can_back())
        self.stop_action.setEnabled(on)

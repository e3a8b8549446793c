"""File ▸ Export ▸ Step-Through…: the dialog that chooses a row, its stages, the frame size,
the speed and the format, and AnimationJob, which draws and writes the frames one at a
time under a progress bar with Cancel (a cancelled export leaves no file behind).

The dialog only chooses; the window asks for the file name (ask_animation_path) and runs
the job. MP4 is offered where imageio-ffmpeg is installed; elsewhere its choice is
disabled, and the dialog says in one line what to install.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QSize, QTimer, Signal
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox,
                               QDoubleSpinBox, QFormLayout, QHBoxLayout, QLabel,
                               QProgressDialog, QRadioButton, QSpinBox, QWidget)

from . import animation
from .animation import Animation, AnimationError, Choice
from .step_frames import StepFrames, preset_range, stage_label, training_row

PRESET_NAMES = {"all": "All stages", "forward": "Forward pass (input to error)",
                "backward": "Backward pass and update (error to the end)", "range": "A range"}
FORMAT_NAMES = {"gif": "Animated GIF", "png": "Animated PNG (APNG)", "mp4": "MP4 video"}


class StepExportDialog(QDialog):
    """Chooses what to export; `choice()` and `kind()` say what was chosen."""

    def __init__(self, document, row: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Step-Through")
        self.document = document
        self.frames: StepFrames | None = None
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.row = QSpinBox()
        self.row.setRange(0, max(0, len(document.dataset) - 1) if document.dataset else 0)
        self.row.setValue(training_row(document.dataset, row))
        self.preset = QComboBox()
        for key, text in PRESET_NAMES.items():
            self.preset.addItem(text, key)
        self.first, self.last = QComboBox(), QComboBox()
        stages = QHBoxLayout()
        for widget in (self.first, QLabel("to"), self.last):
            stages.addWidget(widget)
        self.by_scale = QRadioButton("Scale")
        self.by_pixels = QRadioButton("Pixels")
        self.by_scale.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_scale)
        group.addButton(self.by_pixels)
        self.scale = QDoubleSpinBox()
        self.scale.setRange(*animation.SCALES)
        self.scale.setSingleStep(0.25)
        self.scale.setValue(1.0)
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box in (self.width_box, self.height_box):
            box.setRange(16, animation.MAX_SIDE)
            box.setSuffix(" px")
        self.size_note = QLabel()
        size = QHBoxLayout()
        for widget in (self.by_scale, self.scale, self.by_pixels, self.width_box,
                       QLabel("\u00d7"), self.height_box):
            size.addWidget(widget)
        self.seconds = QDoubleSpinBox()
        self.seconds.setRange(*animation.SECONDS)
        self.seconds.setDecimals(1)
        self.seconds.setSingleStep(0.5)
        self.seconds.setValue(1.5)
        self.seconds.setSuffix(" s per stage")
        self.format = QComboBox()
        for key, text in FORMAT_NAMES.items():
            self.format.addItem(text, key)
        self.mp4_note = QLabel(animation.mp4_missing())
        self._offer_mp4()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export\u2026", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Row", self.row)
        form.addRow("Stages", self.preset)
        form.addRow("", stages)
        form.addRow("Size", size)
        form.addRow("", self.size_note)
        form.addRow("Speed", self.seconds)
        form.addRow("Format", self.format)
        form.addRow("", self.mp4_note)
        form.addRow(self.error)
        form.addRow(buttons)
        self.row.valueChanged.connect(self._on_row_changed)
        self.preset.currentIndexChanged.connect(self._on_preset_changed)
        self.first.activated.connect(self._on_range_picked)
        self.last.activated.connect(self._on_range_picked)
        for signal in (self.by_scale.toggled, self.scale.valueChanged,
                       self.width_box.valueChanged, self.height_box.valueChanged):
            signal.connect(self._show_size)
        self._on_row_changed()

    def __repr__(self) -> str:
        return f"StepExportDialog(row {self.row.value()})"

    def _offer_mp4(self) -> None:
        why = animation.mp4_missing()
        item = self.format.model().item(self.format.findData("mp4"))
        item.setEnabled(not why)
        item.setToolTip(why)
        self.mp4_note.setVisible(bool(why))

    # ---- choices follow each other ---------------------------------------------------
    def _on_row_changed(self) -> None:
        """The row's stages (an update only where the row ends its batch) and frames."""
        if self.frames is not None:
            self.frames.close()
            self.frames = None
        doc = self.document
        try:
            self.frames = StepFrames(doc.network, doc.dataset, doc.file.training,
                                     self.row.value(), self.palette())
        except ValueError as e:
            self.error.setText(f"Cannot export row {self.row.value()}: {e}")
            self.export_button.setEnabled(False)
            return
        self.error.setText("")
        self.export_button.setEnabled(True)
        names = [f"{i}: {stage_label(s)}" for i, s in enumerate(self.frames.stages)]
        for box in (self.first, self.last):
            box.clear()
            box.addItems(names)
        self._on_preset_changed()

    def _on_preset_changed(self) -> None:
        key = self.preset.currentData()
        if self.frames is None or key == "range":
            return
        first, last = preset_range(self.frames.stages, key)
        self.first.setCurrentIndex(first)
        self.last.setCurrentIndex(last)
        self._show_size()

    def _on_range_picked(self) -> None:
        if self.last.currentIndex() < self.first.currentIndex():
            self.last.setCurrentIndex(self.first.currentIndex())
        self.preset.setCurrentIndex(self.preset.findData("range"))
        self._show_size()

    def _show_size(self) -> None:
        pixels = self.by_pixels.isChecked()
        self.scale.setEnabled(not pixels)
        self.width_box.setEnabled(pixels)
        self.height_box.setEnabled(pixels)
        if self.frames is None or self.first.currentIndex() < 0:
            return
        if not pixels:  # the pixel boxes show what the scale makes
            size = self.frames.scaled_size(self.scale.value(), *self.stage_range())
            for box, value in ((self.width_box, size.width()), (self.height_box, size.height())):
                box.blockSignals(True)
                box.setValue(min(max(value, 16), animation.MAX_SIDE))
                box.blockSignals(False)
        count = self.stage_range()[1] - self.stage_range()[0] + 1
        self.size_note.setText(f"{count} frame{'s' if count != 1 else ''} of "
                               f"{self.width_box.value()} \u00d7 {self.height_box.value()} pixels")

    # ---- what was chosen ---------------------------------------------------------------
    def stage_range(self) -> tuple[int, int]:
        return self.first.currentIndex(), self.last.currentIndex()

    def kind(self) -> str:
        return self.format.currentData()

    def choice(self) -> Choice:
        first, last = self.stage_range()
        pixels = self.by_pixels.isChecked()
        return Choice(self.row.value(), "all", first, last,
                      self.width_box.value() if pixels else None,
                      self.height_box.value() if pixels else None,
                      self.scale.value(), self.seconds.value())

    def done(self, result: int) -> None:
        super().done(result)
        if result != QDialog.DialogCode.Accepted and self.frames is not None:
            self.frames.close()
            self.frames = None


class AnimationJob(QObject):
    """Draws and adds one frame per turn of the event loop, under a progress dialog;
    Cancel throws the frames away. `finished(message)`: "" when written, else why not."""

    frame_done = Signal(int)  # frames made so far
    finished = Signal(str)

    def __init__(self, frames: StepFrames, choice: Choice, path: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frames, self.path = frames, path
        first, last = choice.stage_range(frames)
        self.total = last - first + 1
        size: QSize = choice.frame_size(frames, first, last)
        self.animation = Animation(path, size, choice.seconds)  # AnimationError: not started
        self._images = frames.frames(first, last, size)
        self.done = 0
        self.progress = QProgressDialog(f"Drawing {self.total} frames\u2026", "Cancel", 0,
                                        self.total, parent)
        self.progress.setWindowTitle("Export Step-Through")
        self.progress.setMinimumDuration(0)
        self.progress.setAutoReset(False)
        self.progress.setAutoClose(False)
        self.progress.canceled.connect(self._on_canceled)
        self._stopped = False

    def __repr__(self) -> str:
        return f"AnimationJob({self.path!r}, {self.done} of {self.total})"

    def start(self) -> None:
        self.progress.setValue(0)
        self.progress.show()
        QTimer.singleShot(0, self, self._next)

    def _next(self) -> None:
        if self._stopped:
            return
        try:
            if self.done < self.total:
                self.animation.add(next(self._images))
                self.done += 1
                self.progress.setValue(self.done)
                self.frame_done.emit(self.done)
                if not self._stopped:
                    QTimer.singleShot(0, self, self._next)
                return
            self.progress.setLabelText("Writing the file\u2026")
            self.animation.finish()
        except (AnimationError, OSError, ValueError) as e:
            self._end(str(e))
            return
        self._end("")

    def _on_canceled(self) -> None:
        if not self._stopped:
            self._end("cancelled")

    def _end(self, message: str) -> None:
        self._stopped = True
        self.animation.abort()
        self._images.close()
        self.frames.close()
        self.progress.canceled.disconnect(self._on_canceled)
        self.progress.close()
        self.progress.deleteLater()
        self.finished.emit(message)

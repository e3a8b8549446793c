"""ErrorCurve: the epoch error of the training runs, one point per epoch.

Live points come from the controller's `progress` signal (throttled to about 30 a second,
so epochs are skipped); when a run ends its TrainResult replaces them with every epoch.
When the dataset holds rows out for testing, a second curve, "test", shows the error on
those rows (live from the controller's `tested` signal, at the end from
TrainResult.test_history), with a legend above the plot (so that it never hides a curve
or a mark).

The curve keeps its history honest:
- a run started after another continues the epoch axis, and a dashed vertical line marks
  where it began;
- a run with restarts lays its restarts side by side, each begun by a line labelled
  "restart k"; at the end every restart's full history is shown, the one kept labelled
  "(kept)";
- a change of the weights that does not come from training (Randomize Weights, Apply
  Best Weights, a typed weight, an undo) puts a line labelled "reset" where the curve
  ends, and the next run continues the axis after it. Changing the weights back to those
  the curve ended with takes the mark away again.
The line is not drawn across a restart or a reset. A new document, or a change of its
structure or dataset, clears the curve: the old errors no longer describe the network.

For class targets the accuracy on the training rows (and on the held-out rows) is drawn
beside the error against a right-hand axis (accuracy_axis.py), measured from the live
weights at each live point while the curve is in sight, and by the training process
itself over the run (jobs/accuracy.py: as often as costs it at most 5 % of its time,
and at its last epoch), so a run watched from elsewhere still has its curve.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ..document.document import DATASET, EVERYTHING, STRUCTURE, TRAINING, WEIGHTS, refollow
from ..panels.dataset_model import TEST_COLOR

from . import PlainLogAxis, styled_plot
from .accuracy_axis import AccuracyAxis, has_classes
from .export import ask_and_export

CURVE_COLOR = QColor("#3b6fd4")
MARKER_COLOR = QColor("#999999")
RESTART_COLOR = QColor("#6b8f3a")
RESET_COLOR = QColor("#c0392b")
CLEARING = (STRUCTURE, DATASET, EVERYTHING)
RUN, RESTART, RESET = "run", "restart", "reset"  # kinds of mark
LEGEND = (f"<span style='color:{CURVE_COLOR.name()}'>\u2501\u2501 training</span>"
          f"&nbsp;&nbsp;&nbsp;<span style='color:{TEST_COLOR.name()}'>\u2501\u2501 test</span>")


@dataclass
class Mark:
    x: float
    text: str  # "" for the start of a run
    kind: str  # RUN, RESTART or RESET
    line: pg.InfiniteLine


class ErrorCurve(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.controller = None
        self.epochs: list[float] = []
        self.errors: list[float] = []
        self.tests: list[float] = []  # the test error at each epoch (nan: none)
        self.accuracies: list[float] = []  # the training rows' accuracy (nan: not measured)
        self.test_accuracies: list[float] = []  # the held-out rows' accuracy (nan: none)
        self._fresh = False  # the run has written weights not yet measured
        self.in_sight = True  # the dock can be seen (set_in_sight)
        self.gaps: set[int] = set()  # indices whose point is not joined to the one before
        self.run_start = 0  # index in epochs/errors where the current run's points begin
        self.run_base = 0  # epochs before the current run
        self.segment_base = 0  # epochs before the current restart (or run)
        self.restart = 0  # the restart being trained (0: no restarts)
        self.in_run = False
        self.marks: list[Mark] = []
        self.pending_reset: Mark | None = None  # a reset after the curve's last point
        self._trained: np.ndarray | None = None  # the weights the curve ends with
        self.plot = styled_plot(self, axes={"left": PlainLogAxis("left")})
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "epoch")
        item.setLabel("left", "error J")
        self.curve = item.plot(pen=pg.mkPen(CURVE_COLOR, width=2), name="error")
        self.test_curve = item.plot(pen=pg.mkPen(TEST_COLOR, width=2), name="test_error")
        for curve in (self.curve, self.test_curve):
            # a long run has far more epochs than the plot has pixels: draw the peaks of
            # each pixel's epochs (the CSV export still has every epoch)
            curve.setDownsampling(auto=True, method="peak")
            curve.setClipToView(True)
        self.legend = ""  # the legend, as the plot's title: shown with a test curve
        self.accuracy = AccuracyAxis(item, CURVE_COLOR, TEST_COLOR)
        self.log_box = QCheckBox("Log scale")
        self.log_box.setToolTip("Show the error on a logarithmic axis")
        self.log_box.toggled.connect(self._on_log_toggled)
        self.png_button = QPushButton("Export PNG\u2026")
        self.png_button.setToolTip("Save the curve as a picture")
        self.png_button.clicked.connect(lambda: ask_and_export(self, item, "png", "error"))
        self.csv_button = QPushButton("Export CSV\u2026")
        self.csv_button.setToolTip("Save the numbers: epoch and error columns (and the test "
                                   "error's, with a test split)")
        self.csv_button.clicked.connect(lambda: ask_and_export(self, item, "csv", "error"))
        row = QHBoxLayout()
        row.addWidget(self.log_box)
        row.addWidget(self.accuracy.label, 1)
        row.addWidget(self.png_button)
        row.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.plot, 1)
        self._redraw()

    def __repr__(self) -> str:
        return f"ErrorCurve({len(self.epochs)} points, {len(self.marks)} marks)"

    @property
    def markers(self) -> list[pg.InfiniteLine]:
        """The vertical lines, in the order they were drawn."""
        return [m.line for m in self.marks]

    def labels(self) -> list[tuple[float, str]]:
        """(epoch, label) of every vertical line, from left to right."""
        return sorted((m.x, m.text) for m in self.marks)

    # ---- sources -----------------------------------------------------------------------
    def set_document(self, doc) -> None:
        """Follow `doc`; its errors start from nothing."""
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self.clear()

    def connect_training(self, controller) -> None:
        """Plot the runs of a TrainingController (its `tested` and `restarted` signals are
        followed when it has them)."""
        self.controller = controller
        controller.progress.connect(self._on_progress)
        controller.finished.connect(self._on_finished)
        controller.running_changed.connect(self._on_running_changed)
        if hasattr(controller, "tested"):
            controller.tested.connect(self._on_tested)
        if hasattr(controller, "restarted"):
            controller.restarted.connect(self._on_restarted)

    def _on_document_changed(self, change) -> None:
        if change.kind != WEIGHTS:
            self.accuracy.forget()
        if change.kind in CLEARING:
            self.clear()
        elif change.kind == WEIGHTS:
            if change.source == TRAINING:
                self._trained = self._weights()
                self._fresh = True
            else:
                self._check_reset()

    def _weights(self) -> np.ndarray | None:
        """The document's weights, in connection order (read once per change)."""
        return None if self.doc is None else self.doc.weight_array()

    # ---- marks -------------------------------------------------------------------------
    def _mark(self, x: float, text: str, kind: str) -> Mark:
        """A vertical line at x (replacing one already there)."""
        for old in [m for m in self.marks if m.x == x]:
            self._unmark(old)
        color = {RUN: MARKER_COLOR, RESTART: RESTART_COLOR, RESET: RESET_COLOR}[kind]
        style = Qt.PenStyle.DashLine if kind == RUN else Qt.PenStyle.DotLine
        # the label reads upwards along the right of the line, ending near the top
        options = {"position": 0.97, "color": color, "rotateAxis": (1, 0),
                   "anchors": [(1, 0), (1, 0)]}
        line = pg.InfiniteLine(x, angle=90, pen=pg.mkPen(color, width=1.5, style=style),
                               label=text or None, labelOpts=options)
        self.plot.addItem(line)
        mark = Mark(x, text, kind, line)
        self.marks.append(mark)
        return mark

    def _unmark(self, mark: Mark) -> None:
        self.plot.removeItem(mark.line)
        self.marks.remove(mark)
        if mark is self.pending_reset:
            self.pending_reset = None

    def _check_reset(self) -> None:
        """Mark a reset after the curve's last point while the weights differ from those
        it ended with; take the mark away when they are the same again."""
        if not self.epochs or self._trained is None:
            return
        now = self._weights()
        changed = now.shape != self._trained.shape or not np.array_equal(now, self._trained, equal_nan=True)
        if changed and self.pending_reset is None:
            self.pending_reset = self._mark(self.epochs[-1] + 0.5, "reset", RESET)
        elif not changed and self.pending_reset is not None:
            self._unmark(self.pending_reset)

    # ---- the data ----------------------------------------------------------------------
    def clear(self) -> None:
        for mark in list(self.marks):
            self._unmark(mark)
        self.epochs.clear()
        self.errors.clear()
        self.tests.clear()
        self.accuracies.clear()
        self.test_accuracies.clear()
        self._fresh = False
        self.accuracy.show(has_classes(self.doc))
        self.gaps.clear()
        self.run_start = self.run_base = self.segment_base = self.restart = 0
        self.in_run = False
        self._trained = None
        self._redraw()

    def begin_run(self) -> None:
        """A run starts: it continues the epoch axis, marked when runs came before."""
        self.run_start = len(self.epochs)
        self.run_base = self.segment_base = int(self.epochs[-1]) if self.epochs else 0
        self.restart = 0
        self.in_run = True
        if self.pending_reset is not None:  # the run starts after the reset mark
            self.pending_reset = None
            self.gaps.add(self.run_start)
        elif self.epochs:
            self._mark(self.run_base + 0.5, "", RUN)

    def _begin_restart(self, restart: int) -> None:
        """Restart `restart` (from 1) begins where the run's points end."""
        base = int(self.epochs[-1]) if len(self.epochs) > self.run_start else self.run_base
        if len(self.epochs) > self.run_start:
            self.gaps.add(len(self.epochs))
        self.segment_base, self.restart = base, restart
        self._mark(base + 0.5, f"restart {restart}", RESTART)

    def _on_running_changed(self, running: bool) -> None:
        if running and not self.in_run:
            self.begin_run()
        elif not running:
            self.in_run = False

    def _on_restarted(self, restart: int, _restarts: int) -> None:
        if not self.in_run:
            self.begin_run()
        self._begin_restart(restart)

    def _on_progress(self, epoch: int, error: float, _rate: float = 0.0) -> None:
        if not self.in_run:
            self.begin_run()
        x = self.segment_base + epoch
        if len(self.epochs) > self.run_start and x <= self.epochs[-1]:
            # counting from epoch 1 again: a restart began that was not announced
            self._begin_restart(self.restart + 1 if self.restart else 2)
            x = self.segment_base + epoch
        self.epochs.append(float(x))
        self.errors.append(float(error))
        self.tests.append(np.nan)
        self.accuracies.append(np.nan)
        self.test_accuracies.append(np.nan)
        if self._fresh:  # this epoch's weights were written just before
            if self.in_sight:
                self._measure(len(self.epochs) - 1)
            self._fresh = False  # never measured as a later epoch's
        self._redraw()

    def _measure(self, index: int, live: bool = True) -> None:
        """The accuracies of the document's weights, as those of point `index`."""
        self._fresh = False
        got = self.accuracy.measure(self.doc, live)
        if got is not None:
            self.accuracies[index], self.test_accuracies[index] = got

    def set_in_sight(self, seen: bool) -> None:
        """Out of sight, the live points are not measured (the end of a run still is)."""
        self.in_sight = bool(seen)

    def _on_tested(self, epoch: int, error: float) -> None:
        """The test error of the epoch just reported by progress."""
        if self.epochs and len(self.epochs) > self.run_start and \
                self.epochs[-1] == self.segment_base + epoch:
            self.tests[-1] = float(error)
            self._redraw()

    def _on_finished(self, result) -> None:
        """Every epoch of the run (of every restart, with restarts) replaces the live
        points."""
        if not self.in_run:
            self.begin_run()
        measured = {x: (a, t) for x, a, t in zip(self.epochs[self.run_start:],
                                                 self.accuracies[self.run_start:],
                                                 self.test_accuracies[self.run_start:])}
        del self.epochs[self.run_start:], self.errors[self.run_start:]
        del self.tests[self.run_start:]
        del self.accuracies[self.run_start:], self.test_accuracies[self.run_start:]
        self.gaps = {g for g in self.gaps if g <= self.run_start}
        for mark in [m for m in self.marks if m.kind == RESTART and m.x > self.run_base]:
            self._unmark(mark)
        # the training process's measurements (a single run's), beside the live ones
        measured.update((float(self.run_base + epoch), (a, t))
                        for epoch, a, t in result.accuracy)
        runs = list(result.restarts) or [result]
        kept = result.best_restart if len(runs) > 1 else 0
        base = self.run_base
        last = None  # the index of the kept run's last epoch: the weights shown now
        for k, run in enumerate(runs):
            if len(runs) > 1:
                kept = " (kept)" if k == result.best_restart else ""
                self._mark(base + 0.5, f"restart {k + 1}{kept}", RESTART)
                if k and len(self.epochs) > self.run_start:
                    self.gaps.add(len(self.epochs))
            history = [float(e) for e in run.history]
            tests = [float(e) for e in run.test_history] or [np.nan] * len(history)
            self.epochs.extend(float(base + i) for i in range(1, len(history) + 1))
            self.errors.extend(history)
            self.tests.extend(tests[:len(history)])
            for x in self.epochs[len(self.accuracies):]:
                self.accuracies.append(measured.get(x, (np.nan, np.nan))[0])
                self.test_accuracies.append(measured.get(x, (np.nan, np.nan))[1])
            if k == kept and history:
                last = len(self.epochs) - 1
            base += len(history)
        if self._fresh and last is not None:
            self._measure(last, live=False)
        self._fresh = False
        self.in_run = False
        self._trained = self._weights()
        self._redraw()

    def _on_log_toggled(self, on: bool) -> None:
        self.plot.getPlotItem().setLogMode(y=on)
        self._redraw()

    def _redraw(self) -> None:
        x = np.asarray(self.epochs, dtype=float)
        joined = np.ones(len(x), dtype=int)  # joined[i]: point i is joined to the next
        for g in self.gaps:
            if 0 < g <= len(x):
                joined[g - 1] = 0
        for curve, values in ((self.curve, self.errors), (self.test_curve, self.tests)):
            y = np.asarray(values, dtype=float)
            keep = np.isfinite(y)  # a diverged run's inf and nan are not drawn
            if self.log_box.isChecked():
                keep &= y > 0  # log10 of 0 or less is not a number
            curve.setData(x[keep], y[keep], connect=joined[keep])
        self.accuracy.draw(x, [self.accuracies, self.test_accuracies], joined)
        tested = bool(np.isfinite(np.asarray(self.tests, dtype=float)).any())
        legend = LEGEND if tested else ""
        if legend != self.legend:
            self.legend = legend
            self.plot.getPlotItem().setTitle(legend or None, size="9pt")

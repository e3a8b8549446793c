"""ErrorCurve: the epoch error of the training runs, one point per epoch.

Live points come from the controller's `progress` signal (throttled to about 30 a second,
so epochs are skipped); when a run ends its TrainResult.history replaces them with every
epoch. A run started after another continues the epoch axis and a dashed vertical line
marks where it began. A new document, or a change of its structure or dataset, clears
the curve: the old errors no longer describe the network.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ..document.document import DATASET, EVERYTHING, STRUCTURE, refollow

from . import styled_plot
from .export import ask_and_export

CURVE_COLOR = QColor("#3b6fd4")
MARKER_COLOR = QColor("#999999")
CLEARING = (STRUCTURE, DATASET, EVERYTHING)


class ErrorCurve(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.controller = None
        self.epochs: list[float] = []
        self.errors: list[float] = []
        self.run_start = 0  # index in epochs/errors where the current run's points begin
        self.run_base = 0  # epochs before the current run
        self.in_run = False
        self.markers: list[pg.InfiniteLine] = []
        self.plot = styled_plot(self)
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "epoch")
        item.setLabel("left", "error J")
        self.curve = item.plot(pen=pg.mkPen(CURVE_COLOR, width=2), name="error")
        self.log_box = QCheckBox("Log scale")
        self.log_box.toggled.connect(self._on_log_toggled)
        self.png_button = QPushButton("Export PNG\u2026")
        self.png_button.clicked.connect(lambda: ask_and_export(self, item, "png", "error"))
        self.csv_button = QPushButton("Export CSV\u2026")
        self.csv_button.clicked.connect(lambda: ask_and_export(self, item, "csv", "error"))
        row = QHBoxLayout()
        row.addWidget(self.log_box)
        row.addStretch(1)
        row.addWidget(self.png_button)
        row.addWidget(self.csv_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.plot, 1)
        self._redraw()

    def __repr__(self) -> str:
        return f"ErrorCurve({len(self.epochs)} points, {len(self.markers)} restarts marked)"

    # ---- sources -----------------------------------------------------------------------
    def set_document(self, doc) -> None:
        """Follow `doc`; its errors start from nothing."""
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self.clear()

    def connect_training(self, controller) -> None:
        """Plot the runs of a TrainingController."""
        self.controller = controller
        controller.progress.connect(self._on_progress)
        controller.finished.connect(self._on_finished)
        controller.running_changed.connect(self._on_running_changed)

    def _on_document_changed(self, change) -> None:
        if change.kind in CLEARING:
            self.clear()

    # ---- the data ----------------------------------------------------------------------
    def clear(self) -> None:
        for line in self.markers:
            self.plot.removeItem(line)
        self.markers.clear()
        self.epochs.clear()
        self.errors.clear()
        self.run_start = self.run_base = 0
        self.in_run = False
        self._redraw()

    def begin_run(self) -> None:
        """A run starts: it continues the epoch axis, marked when runs came before."""
        self.run_start = len(self.epochs)
        self.run_base = int(self.epochs[-1]) if self.epochs else 0
        self.in_run = True
        if self.epochs:
            line = pg.InfiniteLine(self.run_base + 0.5, angle=90,
                                   pen=pg.mkPen(MARKER_COLOR, width=1,
                                                style=Qt.PenStyle.DashLine))
            self.plot.addItem(line)
            self.markers.append(line)

    def _on_running_changed(self, running: bool) -> None:
        if running and not self.in_run:
            self.begin_run()
        elif not running:
            self.in_run = False

    def _on_progress(self, epoch: int, error: float, _rate: float = 0.0) -> None:
        if not self.in_run:
            self.begin_run()
        x = self.run_base + epoch
        if len(self.epochs) > self.run_start and x <= self.epochs[-1]:
            # a restart inside the run begins again from epoch 1: drop the older try
            del self.epochs[self.run_start:], self.errors[self.run_start:]
        self.epochs.append(float(x))
        self.errors.append(float(error))
        self._redraw()

    def _on_finished(self, result) -> None:
        """Every epoch of the run (its kept try, with restarts) replaces the live points."""
        if not self.in_run:
            self.begin_run()
        history = [float(e) for e in result.history]
        del self.epochs[self.run_start:], self.errors[self.run_start:]
        self.epochs.extend(float(self.run_base + i) for i in range(1, len(history) + 1))
        self.errors.extend(history)
        self.in_run = False
        self._redraw()

    def _on_log_toggled(self, on: bool) -> None:
        self.plot.getPlotItem().setLogMode(y=on)
        self._redraw()

    def _redraw(self) -> None:
        x = np.asarray(self.epochs, dtype=float)
        y = np.asarray(self.errors, dtype=float)
        keep = np.isfinite(y)  # a diverged run's inf and nan are not drawn
        if self.log_box.isChecked():
            keep &= y > 0  # log10 of 0 or less is not a number
        x, y = x[keep], y[keep]
        self.curve.setData(x, y)

"""RestartsView: run backpropagation R times from different initial weights and keep the
best (seed 002's answer to local minima).

Run trains R copies of the document's network, each from weights drawn with the document's
initialisation settings and seed (run r uses seed (seed, r)), and draws a histogram of the
final epoch errors with the best marked. The runs train side by side, as one stacked
computation (engine/restarts.py), in a training process (jobs/worker.TrainingJob, as Train
does), with a progress bar of their epochs and Stop; stopping keeps every run where it is
(a big network's runs train in groups: those of groups not begun are left out).
"Apply Best Weights" puts the best run's weights into the
document as one undo step; it is enabled only while the best run's error is below that of
the network's current weights (after applying, or after training further, it is not), and
its tooltip says why. Nothing else here writes to the document.
"""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QProgressBar, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

from netsim.jobs.worker import Snapshot, TrainingJob
from netsim.document.commands import SetWeights
from netsim.document.document import refollow
from netsim.engine.compiled import Compiled
from netsim.engine.gradcheck import mean_error
from netsim.engine.settings import RANGES
from netsim.engine.trainer import RestartResult, TrainingError
from netsim.panels.refusal import RefusalLabel

from . import styled_plot
from .first_values import FirstValues

# 20 runs of 2,000 epochs spread out on the XOR examples, so the histogram shows why one
# keeps the best: on the worked example 7 runs reach the target 0.01, 9 get below 0.05
# and 2 are still on the plateau J = 1/8; with cross-entropy 12 reach the target 0.05 and
# 8 are stuck in local minima near 0.38 to 0.48. With 500 epochs all 20 of the worked
# example's runs were still on the plateau. The engine takes about a second for them.
DEFAULT_RUNS = 20
DEFAULT_EPOCHS = 2000
BINS = 12
HINT = "Train many times from random weights and keep the best run."
POLL_MS = 50
COALESCE_MS = 33  # weight changes during training: one comparison per burst
APPLY_TIP = "Put the best run's weights into the network (one undo step)"


def error_histogram(errors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(counts, bin edges) of `errors` in BINS bins. Errors that differ only by rounding
    (too close for BINS bins of distinct floats between them: every run of a network
    with one weight ends on the same floor) count as equal, and NumPy gives equal values
    the bins of (value − 0.5, value + 0.5)."""
    if errors.size:
        low, high = float(errors.min()), float(errors.max())
        if high - low < 4 * BINS * np.spacing(max(abs(low), abs(high))):
            return np.histogram(errors, bins=BINS, range=(low - 0.5, high + 0.5))
    return np.histogram(errors, bins=BINS)


def bar_progress(snap: Snapshot, epochs: int) -> tuple[int, str]:
    """The bar's value, out of runs × epochs, and its text, for runs of `epochs` epochs
    side by side: every run's epochs count (those of groups done in full)."""
    value = (snap.restart - 1) * epochs + snap.epoch * snap.together
    text = f"epoch {snap.epoch:,} of {epochs:,}"
    if snap.together < snap.restarts:  # a big network: the runs go in groups
        last = snap.restart + snap.together - 1
        text = f"runs {snap.restart:,}\u2013{last:,} of {snap.restarts:,}: {text}"
    return value, text


class RestartsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.result = None  # the last RestartResult
        self.job: TrainingJob | None = None  # the runs under way
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)
        self.weights_timer = QTimer(self)  # the current weights changed: compare again
        self.weights_timer.setSingleShot(True)
        self.weights_timer.setInterval(COALESCE_MS)
        self.weights_timer.timeout.connect(self._update_apply)
        self.runs = QSpinBox()
        self.runs.setRange(2, int(RANGES["restarts"].high))  # the file's range, from 2 runs
        self.runs.setValue(DEFAULT_RUNS)
        self.runs.setToolTip("How many runs from different random initial weights")
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 100000)
        self.epochs.setValue(DEFAULT_EPOCHS)
        self.epochs.setToolTip("Epochs per run")
        self.first_values = FirstValues(self.runs, self.epochs)
        self.run_button = QPushButton("Run")
        self.run_button.setToolTip("Train the runs (press again to stop and keep the runs "
                                   "done so far)")
        self.run_button.clicked.connect(self._on_button)
        self.bar = QProgressBar()
        self.bar.setMaximumHeight(14)
        self.bar.hide()
        self.apply_button = QPushButton("Apply Best Weights")
        self.apply_button.setEnabled(False)
        self.apply_button.setToolTip(APPLY_TIP)
        self.apply_button.clicked.connect(self.apply_best)
        self.message = RefusalLabel()
        self.note = QLabel(HINT)
        self.note.setWordWrap(True)
        self.plot = styled_plot(self, "restarts")
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "final error J")
        item.setLabel("left", "runs")
        self.bars = pg.BarGraphItem(x=[], height=[], width=1.0, brush="#3b6fd4")
        self.plot.addItem(self.bars)
        self.best_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#2e9e57", width=2))
        self.best_line.setVisible(False)
        self.plot.addItem(self.best_line)

        controls = QHBoxLayout()
        for label, widget in (("Runs", self.runs), ("Epochs", self.epochs)):
            controls.addWidget(QLabel(label))
            controls.addWidget(widget)
        controls.addWidget(self.run_button)
        controls.addWidget(self.apply_button)
        controls.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(controls)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.note)
        layout.addWidget(self.plot, 1)

    def __repr__(self) -> str:
        runs = 0 if self.result is None else len(self.result.errors)
        return f"RestartsView({runs} runs)"

    @property
    def running(self) -> bool:
        return self.job is not None

    def set_document(self, doc) -> None:
        """Follow `doc` as a fresh window does: runs under way stop, the last result, the
        messages and the runs and epochs chosen before are forgotten."""
        self.shutdown()
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self._forget()
        self.note.setText(HINT)
        self.message.clear_refusal()
        self.first_values.restore()

    def _on_document_changed(self, change) -> None:
        # The runs start from random weights, so the current weights do not matter; the
        # network, its data and the training settings do.
        if change.kind not in ("weights", "positions"):
            self.shutdown()
            self._forget()
        elif change.kind == "weights" and self.result is not None:
            self.weights_timer.start()

    def _forget(self) -> None:
        self.result = None
        self.weights_timer.stop()
        self.apply_button.setEnabled(False)
        self.apply_button.setToolTip(APPLY_TIP)
        self.bars.setOpts(x=[], height=[])
        self.best_line.setVisible(False)

    def _on_button(self) -> None:
        if self.running:
            self.job.stop()  # the runs done so far are kept
        else:
            self.run()

    def run(self) -> None:
        """Start the runs in a training process; the histogram follows when they end."""
        self.message.clear_refusal()
        if self.doc is None or self.running:
            return
        settings = replace(self.doc.file.training, max_epochs=self.epochs.value(),
                           restarts=self.runs.value())
        try:
            job = TrainingJob(self.doc.network, self.doc.dataset, settings, restarts=True,
                              together=True)
            job.start()
        except TrainingError as exc:
            self.message.show_refusal(f"Cannot run: {exc}")
            return
        self._forget()
        self.job = job
        self.bar.setRange(0, job.restarts * settings.max_epochs)  # the runs' epochs
        self.bar.setValue(0)
        self.bar.setFormat(f"epoch 0 of {settings.max_epochs:,}")
        self.bar.show()
        self.run_button.setText("Stop")
        self.note.setText(f"Training {job.restarts} runs of {self.epochs.value():,} epochs "
                          f"from random weights\u2026")
        self.timer.start()

    def _poll(self) -> None:
        job = self.job
        snap = job.snapshot()
        if not snap.done:
            self._show_progress(snap, job.settings.max_epochs)
            return
        self._end()
        if job.failure is not None:
            self.message.show_refusal(job.failure)
            self.note.setText("")
            return
        self.result = RestartResult(job.best_restart, job.weights, job.restart_errors,
                                    job.result.restarts)
        self._draw(np.asarray(self.result.errors, dtype=float), self.result.best, job)
        self._update_apply()

    def _show_progress(self, snap: Snapshot, epochs: int) -> None:
        value, text = bar_progress(snap, epochs)
        self.bar.setValue(value)
        self.bar.setFormat(text)

    def _end(self) -> None:
        self.timer.stop()
        self.job = None
        self.bar.hide()
        self.run_button.setText("Run")

    def shutdown(self) -> None:
        """Stop any runs under way and forget them."""
        if self.job is not None:
            self.job.close()
            self._end()
            self.note.setText(HINT)

    def histogram(self) -> tuple[np.ndarray, np.ndarray]:
        """(counts, bin edges) of the finite final errors of the last result."""
        errors = np.asarray(self.result.errors, dtype=float)
        return error_histogram(errors[np.isfinite(errors)])

    def _draw(self, errors: np.ndarray, best: int, job: TrainingJob) -> None:
        finite = errors[np.isfinite(errors)]
        if finite.size:
            counts, edges = self.histogram()
            width = (edges[1] - edges[0]) or 1e-9
            self.bars.setOpts(x=(edges[:-1] + edges[1:]) / 2, height=counts, width=width * 0.9)
            self.best_line.setValue(errors[best])
            self.best_line.setVisible(True)
        runs = self.result.results
        if not any(r.epochs for r in runs):
            self.note.setText("Stopped before any epoch.")
            return
        diverged = sum(r.stopped == "diverged" for r in runs)
        worst = finite.max() if finite.size else math.inf
        stopped = self._stopped_text(job)
        self.note.setText(f"{stopped}Best: run {best + 1} of {errors.size}, error "
                          f"{errors[best]:.6g}; worst {worst:.6g}"
                          + (f"; {diverged} diverged" if diverged else ""))

    def _stopped_text(self, job: TrainingJob) -> str:
        """'Stopped at epoch 350 of 2,000. ' (and after how many runs, when the runs
        went in groups) if Stop ended the runs, else ''."""
        runs = self.result.results
        if not any(r.stopped == "cancelled" for r in runs):
            return ""
        reached = max(r.epochs for r in runs if r.stopped == "cancelled")
        after = (f" after {len(runs):,} of {job.restarts:,} runs"
                 if len(runs) < job.restarts else "")
        return f"Stopped at epoch {reached:,} of {job.settings.max_epochs:,}{after}. "

    def current_error(self) -> float:
        """The error J of the document's current weights over the training rows, as a
        run's final epoch error is measured."""
        doc = self.doc
        compiled = Compiled(doc.network, doc.dataset.inputs, doc.dataset.targets,
                            doc.file.training.loss)
        with np.errstate(over="ignore", invalid="ignore"):
            return mean_error(compiled, doc.dataset.training())

    def _update_apply(self) -> None:
        """Apply Best Weights only while the best run beats the current weights."""
        if self.result is None or self.doc is None:
            return
        best, now = self.result.errors[self.result.best], self.current_error()
        # equal to rounding (the best run's weights are the current ones): not better
        better = math.isfinite(best) and (not math.isfinite(now) or (
            best < now and not math.isclose(best, now, rel_tol=1e-9)))
        self.apply_button.setEnabled(better)
        self.apply_button.setToolTip(
            f"{APPLY_TIP}: error {best:.4g}, the current weights give {now:.4g}" if better
            else f"The best run's error {best:.4g} is no better than the current weights' "
                 f"{now:.4g}: applying it would not help")

    def apply_best(self) -> None:
        """The best run's weights into the document, as one undo step."""
        if self.result is None or self.doc is None:
            return
        result, doc = self.result, self.doc
        weights = {c.key: float(w) for c, w in zip(doc.network.connections, result.weights)}
        text = f"Apply best of {len(result.errors)} restarts (error {result.errors[result.best]:.4g})"
        doc.undo_stack.push(SetWeights(doc, weights, text))

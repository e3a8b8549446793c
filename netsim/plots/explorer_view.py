"""ExplorerView: too small, too big, just right (seed 000), side by side.

"Compare" trains the document's network once per learning rate, every run from the same
initial weights (the document's current ones), and overlays the epoch-error curves; the
legend says how each run went ("α = 5 — diverged"). "Sweep" trains up to MAX_SWEEP rates
spaced logarithmically between two values and plots the final error against the rate on a
log axis. "Activations" trains copies whose hidden neurons take sigmoid, tanh or ReLU (seed
001: tanh often trains better), from the same weights, and says which did best. The runs
train side by side (engine.explorer) in a training process, with a progress bar; Run becomes Stop meanwhile. Nothing here writes to
the document: the runs work on copies of the network and its weights.
"""
from __future__ import annotations

import math
from functools import partial

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QProgressBar,
                               QPushButton, QSpinBox, QVBoxLayout, QWidget)

from netsim.engine.explorer import COMPARED, MAX_SWEEP, best, compare_activations, explore
from netsim.engine.perceptron import SIDE_BY_SIDE
from netsim.engine.settings import RANGES, TrainingSettings, show_number
from netsim.io.numbers import is_number_text
from netsim.panels.refusal import RefusalLabel

from . import PlainLogAxis, styled_plot
from .background import Background
from .first_values import FirstValues

DEFAULT_RATES = "0.05, 0.5, 5"
COMPARE, SWEEP, ACTIVATIONS = range(3)  # the modes, in the mode box's order
DEFAULT_EPOCHS = 500
COLORS = ("#3b6fd4", "#e0642a", "#2e9e57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d")
TROUBLE = ("diverged", "oscillating", "overshot")
WOBBLY = ("oscillating", "overshot")  # too big, but with a final error to draw: a cross
WOBBLY_LABEL = "oscillating or overshot"
COMPARE_LEGEND, SWEEP_LEGEND = (-8, 8), (8, -8)  # top right; bottom left  # verdicts drawn dashed and marked in the legend


def parse_rates(text: str, most: int = 10) -> list[float]:
    """Learning rates separated by commas or spaces; ValueError with a sentence if not."""
    parts = [p for p in text.replace(",", " ").split() if p]
    if not parts:
        raise ValueError("type at least one learning rate, e.g. 0.05, 0.5, 5")
    rates = []
    highest = RANGES["learning_rate"].high  # the range of the training setting
    for p in parts:
        if not is_number_text(p):  # ASCII decimal only, as in every number field
            raise ValueError(f"{p!r} is not a number")
        rate = float(p)
        if not (math.isfinite(rate) and 0 < rate <= highest):
            raise ValueError(f"a learning rate must be a positive number up to "
                             f"{show_number(highest)}, not {p}")
        rates.append(rate)
    if len(rates) > most:
        raise ValueError(f"compare at most {most} learning rates at once")
    return rates


def legend_text(rate: float, verdict: str, activation: str | None = None) -> str:
    """'α = 5 — diverged ⚠', or for a run of compare_activations 'tanh — converged'."""
    mark = " ⚠" if verdict in TROUBLE else ""
    return f"{activation or f'α = {rate:g}'} — {verdict}{mark}"


def best_text(runs) -> str:
    """Which hidden activation did best, and by what: 'tanh did best: it converged in 78
    epochs (relu in 136, sigmoid did not)' or 'tanh ends lowest: J = 7e−05 after 2000
    epochs (relu 0.00044, sigmoid 0.048)'."""
    top = best(runs)
    if top is None:
        return "every run diverged"
    others = [r for r in runs if r is not top]
    if top.verdict == "converged":
        others.sort(key=lambda r: len(r.history) if r.verdict == "converged" else math.inf)
        rest = ", ".join(f"{r.activation} in {len(r.history)}" if r.verdict == "converged"
                         else f"{r.activation} did not" for r in others)
        return f"{top.activation} did best: it converged in {len(top.history)} epochs ({rest})"
    rest = ", ".join(f"{r.activation} {r.final:.2g}" for r in others)
    return (f"{top.activation} ends lowest: J = {top.final:.2g} after {len(top.history)} "
            f"epochs ({rest})")


def calm_range(runs) -> tuple[float, float] | None:
    """The errors of the runs that did not diverge, when some did (else None): a
    diverged run's last finite errors reach 1e300, which would flatten every other
    curve onto the axis."""
    calm = [r.history for r in runs if r.verdict != "diverged" and r.history]
    if len(calm) == len(runs) or not calm:
        return None
    return min(map(min, calm)), max(map(max, calm))


class ExplorerView(QWidget):
    compared = Signal(list)  # the learning rates of a comparison that has just been drawn

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.background = Background(self)
        self.background.progress.connect(self._on_progress)
        self.background.finished.connect(self._on_finished)
        self.background.failed.connect(self._on_failed)
        self.background.running_changed.connect(self._on_running_changed)
        self._pending = None  # what the running job is: "compare" or ("sweep", rates)
        self.curves: list[pg.PlotDataItem] = []  # one per rate of the last comparison
        self.runs = []  # the last comparison's Explorations
        self.sweep_rates = np.zeros(0)
        self.sweep_errors = np.zeros(0)

        self.mode = QComboBox()
        self.mode.addItems(["Compare", "Sweep", "Activations"])
        self.mode.setToolTip("Compare a few learning rates, sweep many, or compare the "
                             "hidden neurons' activations (sigmoid, tanh, ReLU) at the "
                             "document's learning rate")
        self.rates = QLineEdit(DEFAULT_RATES)
        self.rates.setToolTip("Learning rates to compare, separated by commas")
        self.low, self.high = QLineEdit("0.01"), QLineEdit("10")
        self.count = QSpinBox()
        self.count.setRange(2, MAX_SWEEP)
        self.count.setValue(20)
        self.count.setToolTip("How many learning rates, spaced logarithmically")
        self.epochs = QSpinBox()
        self.epochs.setRange(1, 100000)
        self.epochs.setValue(DEFAULT_EPOCHS)
        self.run_button = QPushButton("Run")
        self.run_button.setToolTip("Train a copy of the network with each learning rate")
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(6)
        self.bar.hide()
        self.message = RefusalLabel()
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.plot = styled_plot(self, axes={"bottom": PlainLogAxis("bottom")})
        self.legend = self.plot.getPlotItem().addLegend(offset=COMPARE_LEGEND)
        self.legend.setLabelTextColor(self.palette().color(self.foregroundRole()))
        # sweep points whose run went wrong: oscillating on the curve, diverged (no
        # final error to draw) at the top of the plot
        self.oscillating_marks = pg.PlotDataItem(pen=None, symbol="x", symbolSize=13,
                                                 symbolPen=pg.mkPen("#e0642a", width=2),
                                                 name=WOBBLY_LABEL)
        self.diverged_marks = pg.PlotDataItem(pen=None, symbol="t1", symbolSize=11,
                                              symbolBrush="#c0392b", symbolPen=None,
                                              name="diverged (drawn at the top)")
        self.sweep_verdicts: list[str] = []
        self.sweep_curve = pg.PlotDataItem(pen=pg.mkPen(COLORS[0], width=2), symbol="o",
                                           symbolSize=5, symbolBrush=COLORS[0])
        self.first_values = FirstValues(self.mode, self.rates, self.low, self.high, self.count,
                                        self.epochs)
        self._lay_out()
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        self.run_button.clicked.connect(self._on_button)
        self.rates.returnPressed.connect(self.run)
        self._on_mode_changed()

    def __repr__(self) -> str:
        return f"ExplorerView({self.mode.currentText()}, {len(self.curves)} curves)"

    def _lay_out(self) -> None:
        self.compare_row = QWidget()
        row = QHBoxLayout(self.compare_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("α:"))
        row.addWidget(self.rates, 1)
        self.activations_row = QLabel(
            f"hidden neurons as {', '.join(COMPARED)}, from the same weights")
        self.activations_row.setWordWrap(True)
        self.activations_row.setToolTip("Seed 001: tanh often trains better than sigmoid. "
                                        "Each copy trains with the document's settings")
        self.sweep_row = QWidget()
        row = QHBoxLayout(self.sweep_row)
        row.setContentsMargins(0, 0, 0, 0)
        for label, field in (("α from", self.low), ("to", self.high)):
            row.addWidget(QLabel(label))
            row.addWidget(field, 1)
        row.addWidget(self.count)
        top = QHBoxLayout()
        top.addWidget(self.mode)
        top.addWidget(self.compare_row, 1)
        top.addWidget(self.sweep_row, 1)
        top.addWidget(self.activations_row, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Epochs:"))
        bottom.addWidget(self.epochs)
        bottom.addWidget(self.note, 1)
        bottom.addWidget(self.run_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(bottom)
        layout.addWidget(self.bar)
        layout.addWidget(self.message)
        layout.addWidget(self.plot, 1)

    # ---- following the document ----------------------------------------------------
    def set_document(self, doc) -> None:
        """Run on `doc` (None: nothing), starting as in a fresh window: a run on the
        previous document is stopped and forgotten at once (nothing of it comes later),
        its results, messages and the rates compared for it are forgotten."""
        self.background.close()
        self.doc = doc
        self.run_button.setEnabled(doc is not None)
        self._clear()
        self.runs, self.sweep_verdicts = [], []
        self.sweep_rates, self.sweep_errors = np.zeros(0), np.zeros(0)
        item = self.plot.getPlotItem()
        item.setLogMode(x=False, y=False)
        for side in ("bottom", "left"):
            item.setLabel(side, "")
        self.legend.setOffset(COMPARE_LEGEND)
        item.enableAutoRange()
        self.note.setText("")
        self.message.clear_refusal()
        self.first_values.restore()

    def shutdown(self) -> None:
        """Stop a run and forget it (the window is closing). Nothing waits for its
        process: the processes end with the app."""
        self.background.close()

    @property
    def running(self) -> bool:
        return self.background.running

    def _on_button(self) -> None:
        if self.running:
            self.background.stop()
        else:
            self.run()

    def _on_mode_changed(self) -> None:
        mode = self.mode.currentIndex()
        self.compare_row.setVisible(mode == COMPARE)
        self.sweep_row.setVisible(mode == SWEEP)
        self.activations_row.setVisible(mode == ACTIVATIONS)

    # ---- running -------------------------------------------------------------------
    def _problem(self) -> str | None:
        if self.doc is None:
            return "there is no network"
        if self.doc.dataset is None or len(self.doc.dataset) == 0:
            return "there is no dataset to train on"
        if self._settings().mode == "perceptron":
            return SIDE_BY_SIDE
        return self.doc.dataset.problem(self.doc.network) or self._settings().problem()

    def _settings(self) -> TrainingSettings:
        return self.doc.file.training or TrainingSettings()

    def run(self) -> None:
        """Start comparing or sweeping, as the mode says, in the background; refuse bad
        input with one sentence. Nothing happens while a run is going on."""
        if self.running:
            return
        try:
            mode = self.mode.currentIndex()
            if mode == ACTIVATIONS and self.doc is not None \
                    and not self.doc.network.ids("hidden"):
                raise ValueError("the network has no hidden neurons whose activation "
                                 "could change")
            problem = self._problem()
            if problem:
                raise ValueError(problem)
            if mode == COMPARE:
                rates, self._pending = parse_rates(self.rates.text()), "compare"
            elif mode == SWEEP:
                rates = self._sweep_rates()
                self._pending = ("sweep", rates)
            else:
                rates, self._pending = None, "activations"
        except ValueError as e:
            self.message.show_refusal(f"Cannot run: {e}.")
            return
        self.message.clear_refusal()
        doc = self.doc
        network, dataset = doc.network.copy(), doc.dataset.copy()
        settings, epochs = self._settings(), self.epochs.value()
        if rates is None:
            work = partial(compare_activations, network, dataset, settings, COMPARED, epochs)
        else:
            work = partial(explore, network, dataset, rates, settings, epochs)
        self.background.start(work)

    def _on_running_changed(self, running: bool) -> None:
        self.run_button.setText("Stop" if running else "Run")
        self.run_button.setToolTip("Stop the runs where they are" if running else
                                   "Train a copy of the network with each learning rate")
        self.bar.setVisible(running)
        self.bar.setValue(0)
        for field in (self.mode, self.rates, self.low, self.high, self.count, self.epochs):
            field.setEnabled(not running)
        if running:
            self.note.setText("training…")

    def _on_progress(self, done: int, total: int) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)

    def _on_finished(self, runs) -> None:
        pending, self._pending = self._pending, None
        if pending in ("compare", "activations"):
            self.show_compare(runs)
        else:
            self.show_sweep(runs)
        if any(r.stopped == "cancelled" for r in runs):
            self.note.setText(f"stopped after {max(len(r.history) for r in runs)} epochs")

    def _on_failed(self, message: str) -> None:
        self._pending = None
        self.note.setText("")
        self.message.show_refusal(f"Cannot run: {message}.")

    def _sweep_rates(self) -> np.ndarray:
        low, high = parse_rates(f"{self.low.text()} {self.high.text()}", 2)
        if low >= high:
            raise ValueError("the sweep's first learning rate must be below its last")
        return np.geomspace(low, high, self.count.value())

    def show_compare(self, runs) -> None:
        """Overlay the epoch errors of one Exploration per rate."""
        self.runs = runs
        item = self.plot.getPlotItem()
        self._clear()
        item.setLogMode(x=False, y=False)
        self.legend.setOffset(COMPARE_LEGEND)
        for k, run in enumerate(self.runs):
            style = Qt.PenStyle.DashLine if run.verdict in TROUBLE else Qt.PenStyle.SolidLine
            pen = pg.mkPen(COLORS[k % len(COLORS)], width=2, style=style)
            history = np.asarray(run.history, dtype=float)
            curve = pg.PlotDataItem(np.arange(1, len(history) + 1), history, pen=pen,
                                    connect="finite", name=legend_text(
                                        run.learning_rate, run.verdict, run.activation))
            item.addItem(curve)
            self.curves.append(curve)
        item.setLabel("bottom", "epoch")
        item.setLabel("left", "error J")
        item.enableAutoRange()
        shown = calm_range(runs)
        if shown is not None:  # a diverged curve runs off the top, the others stay readable
            item.setYRange(*shown, padding=0.05)
        if runs and runs[0].activation:  # hidden activations compared, at one rate
            self.note.setText(best_text(runs))
        else:
            self.note.setText("")
            self.compared.emit([r.learning_rate for r in runs])

    def show_sweep(self, runs) -> None:
        """The final error of each Exploration against its rate, on a log axis."""
        self.runs = []
        self.sweep_rates = np.array([r.learning_rate for r in runs])
        self.sweep_errors = np.array([r.final for r in runs])
        self.sweep_verdicts = [r.verdict for r in runs]
        item = self.plot.getPlotItem()
        self._clear()
        item.setLogMode(x=True, y=False)
        self.legend.setOffset(SWEEP_LEGEND)  # the big rates' marks are at the top right
        ok = np.isfinite(self.sweep_errors)
        self.sweep_curve.setData(self.sweep_rates[ok], self.sweep_errors[ok])
        item.addItem(self.sweep_curve)
        wobbly = np.array([v in WOBBLY for v in self.sweep_verdicts], dtype=bool)
        if wobbly.any():
            self.oscillating_marks.setData(self.sweep_rates[wobbly], self.sweep_errors[wobbly])
            item.addItem(self.oscillating_marks)
        if not ok.all():
            top = self.sweep_errors[ok].max() if ok.any() else 1.0
            self.diverged_marks.setData(self.sweep_rates[~ok], np.full((~ok).sum(), top))
            item.addItem(self.diverged_marks)
        item.setLabel("bottom", "learning rate α")
        item.setLabel("left", "final error")
        item.enableAutoRange()
        self.note.setText(f"{np.count_nonzero(~ok)} of {len(runs)} diverged" if not ok.all()
                          else "")

    def _clear(self) -> None:
        item = self.plot.getPlotItem()
        for curve in self.curves:
            item.removeItem(curve)
        self.curves = []
        for marks in (self.sweep_curve, self.oscillating_marks, self.diverged_marks):
            if marks.scene() is not None:
                item.removeItem(marks)
        self.legend.clear()

    def legend_texts(self) -> list[str]:
        return [label.text for _sample, label in self.legend.items]

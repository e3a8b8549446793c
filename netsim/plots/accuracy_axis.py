"""AccuracyAxis: the accuracy beside the error curve, for class targets.

The share of rows classified right (engine/classes.py), on the training rows and on the
rows held out for testing, drawn as dashed curves against a right-hand axis of its own
(0 to 100 %) that shares the error plot's epoch axis; the latest values are also written
above the plot. The error's log scale leaves this axis linear.

The trainer records the error of every epoch but not the accuracy: the accuracy is
measured from the weights the window shows, at the epochs the live curve shows and at the
end of a run, so its points are as far apart as the live updates were. A measurement is
a forward pass over every row: the network stays compiled while only its weights change,
and after a measurement that took t the next live one waits until BUSY_FACTOR × t have
passed (a big network on many rows is measured less often; the end of a run always is).
"""
from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from netsim.engine.classes import Classifier, class_targets
from netsim.jobs.accuracy import Pace

BUSY_FACTOR = 4
MAX_DOTS = 60  # measured epochs up to which each is marked with a dot


def percent(share: float) -> str:
    return f"{100 * share:.4g}%"


def has_classes(doc) -> bool:
    return doc is not None and class_targets(doc.network, doc.dataset) is not None


class AccuracyAxis:
    def __init__(self, item: pg.PlotItem, train_color, test_color) -> None:
        self.item = item
        self.view = pg.ViewBox(enableMouse=False)
        self.view.setYRange(0, 100, padding=0.02)
        self.view.disableAutoRange(axis=pg.ViewBox.YAxis)
        item.scene().addItem(self.view)
        axis = item.getAxis("right")
        axis.linkToView(self.view)
        axis.setLabel("accuracy %")
        left = item.getAxis("left")
        axis.setPen(left.pen())
        axis.setTextPen(left.textPen())
        axis.enableAutoSIPrefix(False)
        self.view.setXLink(item)
        self.curves = []
        for color in (train_color, test_color):
            curve = pg.PlotDataItem(pen=pg.mkPen(color, width=1.5, style=Qt.PenStyle.DashLine),
                                    symbolSize=4, symbolPen=None, symbolBrush=pg.mkBrush(color))
            self.view.addItem(curve)
            self.curves.append(curve)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)  # the dock stays as narrow as it was
        self.label.setToolTip("The share of rows whose predicted class is the target's "
                              "(dashed curves, right-hand axis)")
        item.getViewBox().sigResized.connect(self._follow)
        self.clock = time.perf_counter  # seconds, for the cost of a measurement
        self.pace = Pace(BUSY_FACTOR, lambda: self.clock())  # of the live measurements
        self.classifier = Classifier()
        self.shown = True
        self.show(False)

    def __repr__(self) -> str:
        return f"AccuracyAxis({'shown' if self.shown else 'hidden'})"

    def _follow(self) -> None:
        """Lie exactly over the error plot's view (pyqtgraph's MultiplePlotAxes)."""
        self.view.setGeometry(self.item.getViewBox().sceneBoundingRect())
        self.view.linkedViewChanged(self.item.getViewBox(), self.view.XAxis)

    # ---- measuring -----------------------------------------------------------------
    def forget(self) -> None:
        """The network changed more than its weights: compile it again when measured."""
        self.classifier.forget()

    def measure(self, doc, live: bool = True) -> tuple[float, float] | None:
        """(training, test) accuracy of the document's weights on its dataset (test: nan
        without held-out rows); None without class targets, or for a live measurement
        that has to wait (see the module's docstring)."""
        start = self.clock()
        if not self.shown or (live and not self.pace.due(start)):
            return None
        got = self.pace.timed(lambda: self.classifier.classify(doc.network, doc.dataset,
                                                                doc.weight_array()), start)
        return None if got is None else (got.accuracy(), got.accuracy(test=True))

    def show(self, on: bool) -> None:
        if on == self.shown:
            return
        self.shown = on
        if on:
            self.item.showAxis("right")
        else:
            self.item.hideAxis("right")
        self.view.setVisible(on)
        self.label.setVisible(on)

    def draw(self, x: np.ndarray, values: list[list[float]], joined: np.ndarray) -> None:
        """Draw the training and test accuracies (shares, nan where unknown) at epochs x;
        joined[i]: point i is joined to the next (a run's start breaks the line)."""
        latest = []
        for curve, share in zip(self.curves, values):
            y = 100 * np.asarray(share, dtype=float)
            keep = np.isfinite(y)
            # dots mark the measured epochs while they are few enough to tell apart
            curve.setSymbol("o" if np.count_nonzero(keep) <= MAX_DOTS else None)
            curve.setData(x[keep], y[keep], connect=joined[keep])
            latest.append(float(y[keep][-1]) / 100 if keep.any() else math.nan)
        words = [f"{what} {percent(v)}" for what, v in zip(("training", "test"), latest)
                 if math.isfinite(v)]
        self.label.setText("Accuracy: " + ", ".join(words) if words else "")

"""FitView: how a one-input network fits its data (a regression fit plot).

The dataset's rows are points (input across, target up; rows held out for testing
hollow) and the network's output is a curve over the input's range (the points' range
plus a margin), one curve per output neuron in the colour of its targets' points. It
follows the document's weights, so it moves while training and at each update of the
step-through; redraws are coalesced by a ~33 ms single-shot timer and put off while the
dock cannot be seen (Sight). A network with other than one input gets a hint instead.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from netsim.document.document import refollow
from netsim.engine.compiled import Compiled
from netsim.plaintext import html

from . import styled_plot
from .sight import Sight

POINTS = 200  # where the curve is evaluated
MARGIN = 0.1  # share of the data's span added on each side
MIN_SPAN = 1.0
COALESCE_MS = 33
FOLLOWED = ("weights", "structure", "neurons", "dataset", "everything")
COLORS = tuple(QColor(c) for c in ("#3b6fd4", "#e0642a", "#6b8f3a", "#8e44ad", "#c0392b",
                                    "#16a085", "#7f8c8d", "#b8860b"))
HINT = ("The fit plot is for networks with exactly one input: it draws the output over "
        "the input's range with the dataset's targets as points.")


def input_range(x: np.ndarray | None) -> np.ndarray:
    """POINTS values over the points' range plus a margin, at least MIN_SPAN wide."""
    if x is None or not len(x):
        low, high = 0.0, 1.0
    else:
        low, high = float(np.min(x)), float(np.max(x))
    centre = (low + high) / 2
    half = max((high - low) * (1 + 2 * MARGIN), MIN_SPAN) / 2
    return np.linspace(centre - half, centre + half, POINTS)


def color(k: int) -> QColor:
    return COLORS[k % len(COLORS)]


class FitView(Sight, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.grid = np.zeros(0)  # the inputs the curves are evaluated at
        self.outputs: list[str] = []  # the output neurons, one curve each
        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        self.plot = styled_plot(self)
        self.curves: list[pg.PlotDataItem] = []
        self.points: list[tuple[pg.ScatterPlotItem, pg.ScatterPlotItem]] = []  # filled, hollow
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.hint)
        layout.addWidget(self.plot, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COALESCE_MS)
        self.timer.timeout.connect(self.refresh)
        self.refresh()

    def __repr__(self) -> str:
        return f"FitView({len(self.curves)} curves)" if self.plot.isVisibleTo(self) else \
            "FitView(hint)"

    # ---- following the document ----------------------------------------------------
    def set_document(self, doc) -> None:
        """Follow `doc` (None: nothing)."""
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, change) -> None:
        if change.kind in FOLLOWED and not self.later() and not self.timer.isActive():
            self.timer.start()

    # ---- drawing -------------------------------------------------------------------
    def _items(self, count: int) -> None:
        """Exactly `count` curves and pairs of scatters, built once and kept."""
        item = self.plot.getPlotItem()
        while len(self.curves) > count:
            item.removeItem(self.curves.pop())
            for spots in self.points.pop():
                item.removeItem(spots)
        while len(self.curves) < count:
            c = color(len(self.curves))
            filled = pg.ScatterPlotItem(size=7, brush=pg.mkBrush(c), pen=pg.mkPen(c.darker(140)))
            hollow = pg.ScatterPlotItem(size=7, brush=pg.mkBrush(None), pen=pg.mkPen(c, width=1.5))
            item.addItem(filled)
            item.addItem(hollow)
            self.points.append((filled, hollow))
            self.curves.append(item.plot(pen=pg.mkPen(c, width=2)))

    def refresh(self) -> None:
        """Evaluate the network over the input's range and redraw now."""
        doc = self.doc
        net = doc.network if doc is not None else None
        inputs = net.ids("input") if net is not None else []
        self.outputs = outputs = net.ids("output") if net is not None else []
        shown = len(inputs) == 1 and bool(outputs)
        self.hint.setVisible(not shown)
        self.plot.setVisible(shown)
        if not shown:
            self._items(0)
            return
        data = doc.dataset
        usable = data is not None and list(data.inputs) == inputs and \
            data.problem(net) is None and len(data) > 0
        x = data.x[:, 0] if usable else None
        self.grid = input_range(x)
        compiled = Compiled(net, inputs, outputs)
        with np.errstate(over="ignore", invalid="ignore"):
            out = compiled.outputs(compiled.forward(self.grid[:, None]))
        self._items(len(outputs))
        for k, nid in enumerate(outputs):
            y = out[:, k]
            keep = np.isfinite(y)
            self.curves[k].setData(self.grid[keep], y[keep])
            filled, hollow = self.points[k]
            if usable and nid in data.targets:
                target = data.y[:, data.targets.index(nid)]
                test = data.test
                filled.setData(x=x[~test], y=target[~test])
                hollow.setData(x=x[test], y=target[test])
            else:
                filled.setData(x=[], y=[])
                hollow.setData(x=[], y=[])
        self._label(net, inputs[0], outputs)

    def _label(self, net, input_id: str, outputs: list[str]) -> None:
        item = self.plot.getPlotItem()
        item.setLabel("bottom", html(net.neuron(input_id).name))  # pyqtgraph labels are HTML
        names = [net.neuron(nid).name for nid in outputs]
        if len(outputs) == 1:
            item.setLabel("left", html(names[0]))
            item.setTitle(None)
        else:
            item.setLabel("left", "output")
            legend = "&nbsp;&nbsp;&nbsp;".join(
                f"<span style='color:{color(k).name()}'>\u2501\u2501 {html(name)}</span>"
                for k, name in enumerate(names))
            item.setTitle(legend, size="9pt")

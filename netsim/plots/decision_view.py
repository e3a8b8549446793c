"""DecisionView: what a two-input network answers over the whole input plane.

The first output is evaluated on a GRID×GRID grid over the dataset's range (plus a margin)
and shown as a heat map, blue (0) through white to orange (1), with the 0.5 contour (the
decision boundary) and the dataset's points coloured by class on top (rows held out for
testing hollow). Training changes the
weights many times a second, so redraws are coalesced by a ~33 ms single-shot timer.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from netsim.document.document import refollow
from netsim.engine.compiled import Compiled
from netsim.panels.dataset_scatter import classes, hollow_and_filled, show_classes
from netsim.plaintext import html

from . import styled_plot
from .sight import Sight

GRID = 60
MARGIN = 0.25  # share of the data's span added on each side
MIN_SPAN = 1.0
COALESCE_MS = 33
FOLLOWED = ("weights", "structure", "neurons", "dataset", "everything")
HINT = "The decision map needs a network with exactly two inputs and at least one output."
COLORMAP = pg.ColorMap([0.0, 0.5, 1.0], ["#8fb0ec", "#ffffff", "#f2aa82"])


def plane(x: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """GRID values along each input: the points' range plus a margin, at least MIN_SPAN."""
    if x is None or len(x) == 0:
        low, high = np.array([0.0, 0.0]), np.array([1.0, 1.0])
    else:
        low, high = x.min(axis=0), x.max(axis=0)
    centre = (low + high) / 2
    half = np.maximum((high - low) * (1 + 2 * MARGIN), MIN_SPAN) / 2
    return tuple(np.linspace(c - h, c + h, GRID) for c, h in zip(centre, half))


class DecisionView(Sight, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.axes = (np.zeros(0), np.zeros(0))  # the grid's values along input 1 and 2
        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        self.plot = styled_plot(self)
        item = self.plot.getPlotItem()
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setColorMap(COLORMAP)
        self.boundary = pg.IsocurveItem(level=0.5, pen=pg.mkPen("#555555", width=1.5),
                                        axisOrder="col-major")
        self.boundary.setParentItem(self.image)
        self.boundary.setPos(0.5, 0.5)  # isocurve coordinates are pixel centres
        item.addItem(self.image)
        self.spots, self.test_spots = hollow_and_filled(item, 9)
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
        return f"DecisionView({'map' if self.image.isVisible() else 'hint'})"

    # ---- following the document ----------------------------------------------------
    def set_document(self, doc) -> None:
        """Follow `doc` (None: nothing)."""
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, change) -> None:
        if change.kind in FOLLOWED and not self.later() and not self.timer.isActive():
            self.timer.start()

    # ---- drawing -------------------------------------------------------------------
    def _inputs(self) -> list[str] | None:
        """The two input ids in axis order (the dataset's, when it has both), or None."""
        if self.doc is None:
            return None
        net = self.doc.network
        inputs, outputs = net.ids("input"), net.ids("output")
        if len(inputs) != 2 or not outputs:
            return None
        data = self.doc.dataset
        if data is not None and sorted(data.inputs) == sorted(inputs):
            return list(data.inputs)
        return inputs

    def refresh(self) -> None:
        """Evaluate the network over the plane and redraw now."""
        inputs = self._inputs()
        shown = inputs is not None
        self.hint.setVisible(not shown)
        self.plot.setVisible(shown)
        if not shown:
            return
        net, data = self.doc.network, self.doc.dataset
        usable = data is not None and list(data.inputs) == inputs and len(data) > 0
        x = data.x if usable else None
        self.axes = plane(x)
        xa, xb = self.axes
        mesh = np.column_stack([np.repeat(xa, GRID), np.tile(xb, GRID)])  # row i*GRID + j
        compiled = Compiled(net, inputs)
        with np.errstate(over="ignore", invalid="ignore"):
            out = compiled.outputs(compiled.forward(mesh))[:, 0].reshape(GRID, GRID)
        out = np.nan_to_num(out, nan=0.5, posinf=1.0, neginf=0.0)
        low, high = min(0.0, out.min()), max(1.0, out.max())
        self.image.setImage(out, levels=(low, high))
        da, db = xa[1] - xa[0], xb[1] - xb[0]
        self.image.setRect(xa[0] - da / 2, xb[0] - db / 2, GRID * da, GRID * db)
        self.boundary.setData(out)
        if usable and data.y.size:
            show_classes(self.spots, self.test_spots, x, classes(data.y), data.test)
        else:
            show_classes(self.spots, self.test_spots, np.zeros((0, 2)), np.zeros(0, int), None)
        item = self.plot.getPlotItem()
        name = [net.neuron(n).label or n for n in inputs]
        item.setLabel("bottom", html(name[0]))  # pyqtgraph's labels are HTML
        item.setLabel("left", html(name[1]))
        item.getViewBox().setRange(xRange=(xa[0] - da / 2, xa[-1] + da / 2),
                                   yRange=(xb[0] - db / 2, xb[-1] + db / 2), padding=0)

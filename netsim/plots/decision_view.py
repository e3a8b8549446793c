"""DecisionView: what a two-input network answers over the whole input plane.

The first output is evaluated on a GRID×GRID grid over the dataset's range (plus a
margin; the grid is engine/plane.py's, which the canvas's neuron heat maps share) and
shown as a heat map, blue (0) through white to orange (1), with the 0.5 contour (the
decision boundary) and the dataset's points coloured by class on top (rows held out for
testing hollow). Training changes the
weights many times a second, so redraws are coalesced by a ~33 ms single-shot timer.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from netsim.canvas.style import PLANE_COLORS
from netsim.document.document import refollow
from netsim.engine.compiled import Compiled
from netsim.engine.plane import GRID, Plane
from netsim.panels.dataset_scatter import classes, hollow_and_filled, show_classes
from netsim.plaintext import html

from . import styled_plot
from .sight import Sight

COALESCE_MS = 33
FOLLOWED = ("weights", "structure", "neurons", "dataset", "everything")
HINT = "The decision map needs a network with exactly two inputs and at least one output."
COLORMAP = pg.ColorMap([0.0, 0.5, 1.0], list(PLANE_COLORS))


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
    def _plane(self) -> Plane | None:
        """The plane of the two inputs (axes in the dataset's order), or None."""
        if self.doc is None or not self.doc.network.ids("output"):
            return None
        return Plane.of(self.doc.network, self.doc.dataset)

    def refresh(self) -> None:
        """Evaluate the network over the plane and redraw now."""
        grid = self._plane()
        shown = grid is not None
        self.hint.setVisible(not shown)
        self.plot.setVisible(shown)
        if not shown:
            return
        net, data, x = self.doc.network, self.doc.dataset, grid.data
        usable, inputs = x is not None, grid.inputs
        self.axes = grid.axes
        xa, xb = self.axes
        compiled = Compiled(net, inputs)
        with np.errstate(over="ignore", invalid="ignore"):
            out = compiled.outputs(compiled.forward(grid.points()))[:, 0].reshape(GRID, GRID)
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

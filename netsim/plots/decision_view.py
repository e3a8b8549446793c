"""DecisionView: what a two-input network answers over the whole input plane.

The network is evaluated on a GRID×GRID grid over the dataset's range (plus a margin).
With one output it is shown as a heat map, blue (0) through white to orange (1), with the
0.5 contour (the decision boundary) and the dataset's points coloured by class on top
(rows held out for testing hollow). With a softmax group of two or more outputs (else
with two or more outputs) each output is a class: every grid point takes the colour of
the class that wins there, stronger the surer the network is, with a line where the
winner changes (class_map.py); the points take the colour of their target class, and a
legend under the plot names the classes by their output neurons. Training changes the
weights many times a second, so redraws are coalesced by a ~33 ms single-shot timer.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from netsim.document.document import refollow
from netsim.engine.activations import GROUP_ACTIVATIONS
from netsim.engine.compiled import Compiled
from netsim.panels.dataset_scatter import classes, hollow_and_filled, show_classes
from netsim.plaintext import html

from . import class_map, styled_plot
from .class_legend import ClassLegend
from .sight import Sight

GRID = 60
MARGIN = 0.25  # share of the data's span added on each side
MIN_SPAN = 1.0
COALESCE_MS = 33
FOLLOWED = ("weights", "structure", "neurons", "dataset", "everything")
HINT = "The decision map needs a network with exactly two inputs and at least one output."
COLORMAP = pg.ColorMap([0.0, 0.5, 1.0], ["#8fb0ec", "#ffffff", "#f2aa82"])
BOUNDARY_PEN = pg.mkPen("#555555", width=1.5)
POINT_SIZE = 9


def class_outputs(network) -> list[str]:
    """The outputs drawn as classes: the softmax group when it has two or more members,
    else every output when there are two or more; [] for the one-output heat map."""
    group = [nid for nid, n in network.neurons.items() if n.activation in GROUP_ACTIVATIONS]
    if len(group) >= 2:
        return group
    outputs = network.ids("output")
    return outputs if len(outputs) >= 2 else []


def point_classes(data, ids: list[str]) -> np.ndarray | None:
    """Each row's class: the argmax of its targets for the outputs `ids`, or None when
    the dataset lacks one of their columns."""
    if data is None or not set(ids) <= set(data.targets):
        return None
    return np.argmax(data.y[:, [data.targets.index(nid) for nid in ids]], axis=1)


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
        self.classes: list[str] = []  # the outputs drawn as classes ([]: the heat map)
        self.class_image = pg.ImageItem(axisOrder="col-major")
        item.addItem(self.class_image)
        self.boundaries: list[pg.IsocurveItem] = []  # one per class but the last
        self.spots, self.test_spots = hollow_and_filled(item, POINT_SIZE)
        self.class_spots = pg.ScatterPlotItem(size=POINT_SIZE)
        self.class_test_spots = pg.ScatterPlotItem(size=POINT_SIZE, brush=pg.mkBrush(None))
        item.addItem(self.class_spots)
        item.addItem(self.class_test_spots)
        self.legend = ClassLegend()
        self.legend.setToolTip("Classes: the output neurons. A point of the plane takes the "
                               "colour of the output that is largest there, stronger the "
                               "larger it is; lines mark where the largest changes.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.hint)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.legend)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COALESCE_MS)
        self.timer.timeout.connect(self.refresh)
        self.refresh()

    def __repr__(self) -> str:
        shown = "hint" if self.hint.isVisibleTo(self) else \
            f"classes {self.classes}" if self.classes else "map"
        return f"DecisionView({shown})"

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
        self.classes = class_outputs(self.doc.network) if shown else []
        self.legend.setVisible(bool(self.classes))
        if not shown:
            return
        net, data = self.doc.network, self.doc.dataset
        usable = data is not None and list(data.inputs) == inputs and len(data) > 0
        x = data.x if usable else None
        self.axes = plane(x)
        xa, xb = self.axes
        mesh = np.column_stack([np.repeat(xa, GRID), np.tile(xb, GRID)])  # row i*GRID + j
        compiled = Compiled(net, inputs, self.classes or None)
        with np.errstate(over="ignore", invalid="ignore"):
            out = compiled.outputs(compiled.forward(mesh))
        da, db = xa[1] - xa[0], xb[1] - xb[0]
        rect = (xa[0] - da / 2, xb[0] - db / 2, GRID * da, GRID * db)
        if self.classes:
            self._show_classes(out.reshape(GRID, GRID, -1), rect, x if usable else None)
        else:
            self._show_map(out[:, 0].reshape(GRID, GRID), rect, x if usable else None)
        item = self.plot.getPlotItem()
        name = [net.neuron(n).label or n for n in inputs]
        item.setLabel("bottom", html(name[0]))  # pyqtgraph's labels are HTML
        item.setLabel("left", html(name[1]))
        item.getViewBox().setRange(xRange=(xa[0] - da / 2, xa[-1] + da / 2),
                                   yRange=(xb[0] - db / 2, xb[-1] + db / 2), padding=0)

    def _show_map(self, out: np.ndarray, rect: tuple, x: np.ndarray | None) -> None:
        """The one-output heat map with its 0.5 contour, points by class 0/1."""
        self._show_class_items(False)
        out = np.nan_to_num(out, nan=0.5, posinf=1.0, neginf=0.0)
        low, high = min(0.0, out.min()), max(1.0, out.max())
        self.image.setImage(out, levels=(low, high))
        self.image.setRect(*rect)
        self.boundary.setData(out)
        data = self.doc.dataset
        if x is not None and data.y.size:
            show_classes(self.spots, self.test_spots, x, classes(data.y), data.test)
        else:
            show_classes(self.spots, self.test_spots, np.zeros((0, 2)), np.zeros(0, int), None)

    def _show_class_items(self, on: bool) -> None:
        for each in (self.image, *self.spots, *self.test_spots):
            each.setVisible(not on)
        for each in (self.class_image, self.class_spots, self.class_test_spots, *self.boundaries):
            each.setVisible(on)

    def _show_classes(self, out: np.ndarray, rect: tuple, x: np.ndarray | None) -> None:
        """The winning class over the plane, its boundaries, the points by target class."""
        self._show_class_items(True)
        self.class_image.setImage(class_map.colours(out), levels=(0, 255))
        self.class_image.setRect(*rect)
        margins = class_map.margins(out)
        k = len(self.classes)
        while len(self.boundaries) < k - 1:
            curve = pg.IsocurveItem(level=0.0, pen=BOUNDARY_PEN, axisOrder="col-major")
            curve.setParentItem(self.class_image)
            curve.setPos(0.5, 0.5)  # isocurve coordinates are pixel centres
            self.boundaries.append(curve)
        for i, curve in enumerate(self.boundaries):
            curve.setVisible(i < k - 1)
            curve.setData(margins[..., i] if i < k - 1 else None)
        self._show_legend()
        data = self.doc.dataset
        cls = point_classes(data, self.classes) if x is not None else None
        if cls is None:
            self.class_spots.setData([], [])
            self.class_test_spots.setData([], [])
            return
        colours = [QColor(*class_map.class_rgb(c)) for c in cls]
        test = np.asarray(data.test, dtype=bool)
        self.class_spots.setData(
            x=x[~test, 0], y=x[~test, 1],
            brush=[pg.mkBrush(c) for c, t in zip(colours, test) if not t],
            pen=[pg.mkPen(c.darker(160), width=1) for c, t in zip(colours, test) if not t])
        self.class_test_spots.setData(
            x=x[test, 0], y=x[test, 1], brush=pg.mkBrush(None),
            pen=[pg.mkPen(c.darker(130), width=2) for c, t in zip(colours, test) if t])

    def _show_legend(self) -> None:
        """One entry per class: its colour and its output neuron's name."""
        net = self.doc.network
        self.legend.show_classes([net.neurons[nid].name for nid in self.classes],
                                 [QColor(*class_map.class_rgb(k)) for k in range(len(self.classes))])

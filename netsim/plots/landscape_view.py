"""LandscapeView: the error J along the selected weights, every other weight fixed.

One selected connection: the curve J(w) around the current weight, the current point, the
tangent of slope dJ/dw there, and `steps` steps of gradient descent at the chosen α drawn
on the curve (w_{k+1} = w_k − α·dJ/dw), so that a too-big α visibly jumps across the
valley. Two connections: a heat map of J(w_a, w_b) with contour lines and the 2-D path.
Several learning rates ("0.05, 0.5, 5") draw one path each, in the step-size explorer's
colours, so the landscape shows where each rate's steps land. Along one weight, Secant
adds a secant beside the tangent (secant_view.py).
All items are built once and updated with setData; a single-shot timer coalesces the
document's frequent weight changes during training into one redraw.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from netsim.document.document import refollow
from netsim.engine import landscape
from netsim.engine.settings import TrainingSettings
from netsim.plaintext import html
from netsim.engine.text import ARROW, neuron_name, readable
from netsim.panels.refusal import RefusalLabel

from . import styled_plot
from .secant_view import SecantTool
from .sight import Sight
from .explorer_view import COLORS, parse_rates
from .first_values import FirstValues

POINTS = 200  # along the curve
GRID = 40  # per side of the surface
CONTOURS = 8
COALESCE_MS = 33
CURVE, TANGENT = "#555555", "#2e9e57"
MOST_RATES = len(COLORS)
HINT = "Select one connection to see J(w), or two to see J(w_a, w_b)."


def span(w0: float, path_ws=()) -> tuple[float, float]:
    """w0 ± max(2, 3|w0|), widened to hold the (finite, not absurd) descent path."""
    r = max(2.0, 3.0 * abs(w0))
    low, high = w0 - r, w0 + r
    finite = [w for w in np.ravel(path_ws) if math.isfinite(w) and abs(w - w0) < 20 * r]
    if finite:
        low, high = min(low, min(finite) - 0.1 * r), max(high, max(finite) + 0.1 * r)
    return low, high


def legend_entries(paths) -> list[str]:
    """'α = 5: 0.1251' for each path: the J where its last step landed (a crawl shows as
    J barely moving)."""
    return [f"α = {p.learning_rate:g}: {p.errors[-1]:.4g}" for p in paths]


def legend_html(paths) -> str:
    """The legend, above the plot where it hides nothing: 'J after 10 steps from
    0.177:' and under it each rate's entry in its path's colour."""
    steps = len(paths[0].errors) - 1
    entries = "&nbsp;&nbsp;&nbsp;".join(
        f"<span style='color:{COLORS[k % len(COLORS)]}'>● {text}</span>"
        for k, text in enumerate(legend_entries(paths)))
    return f"J after {steps} steps from {paths[0].errors[0]:.4g}:<br>{entries}"


def valley_text(valley, paths=()) -> str:
    """What the floor's curvature says, and which paths jumped past the floor: 'Floor
    w = −0.533, J″ = 0.25: steps overshoot for α > 4, fly off for α > 8. α = 5 jumped
    past it 10 times in 10 steps.' (each 'α = 5' held together where the line wraps)."""
    def rate(op: str, value: float) -> str:
        return f"α\u00a0{op}\u00a0{readable(value, 3)}"
    text = (f"Floor w = {readable(valley.w, 3)}, J\u2033 = {readable(valley.curvature, 3)}: "
            f"steps overshoot "
            f"for {rate('>', valley.overshoot_rate)}, fly off for "
            f"{rate('>', valley.diverge_rate)}.")
    for p in paths:
        past = p.crossings(valley.w)
        if past:
            text += (f" {rate('=', p.learning_rate)} jumped past it {past} "
                     f"time{'s' if past > 1 else ''} in {len(p.errors) - 1} steps.")
    return text


def grid(w0: float, low: float, high: float, n: int) -> np.ndarray:
    """n points from low to high, plus w0 itself (so J(w0) is on the curve exactly)."""
    return np.unique(np.append(np.linspace(low, high, n), w0))


class LandscapeView(Sight, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.keys: list[tuple[str, str]] = []
        self.paths = []  # the last DescentPaths, one per learning rate
        self.valley = None  # the floor of the last one-weight curve (None: none in view)
        self.view_box = None  # ((w low, w high), (J low, J high)) the one-weight view shows
        self.legend = ""  # shown as the plot's title when there are several rates
        self.rate = QLineEdit()
        self.rate.setToolTip("Learning rate α of the descent drawn on the landscape; "
                             "several, separated by commas, draw one path each")
        self.steps = QSpinBox()
        self.steps.setRange(1, 200)
        self.steps.setValue(10)
        self.message = RefusalLabel()
        self.hint = QLabel(HINT)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.floor_label = QLabel()
        self.floor_label.setWordWrap(True)
        self.floor_label.setToolTip("Near the valley floor J curves by J\u2033: one step "
                                    "multiplies the distance to the floor by 1 − α·J\u2033")
        self.floor_label.setVisible(False)
        self.plot = styled_plot(self)
        self._build_items()
        self.secant = SecantTool(self, self.plot)
        self._lay_out()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COALESCE_MS)
        self.timer.timeout.connect(self.refresh)
        self.rate.editingFinished.connect(self.refresh)
        self.steps.valueChanged.connect(self.refresh)
        self.first_values = FirstValues(self.steps)
        self.refresh()

    def __repr__(self) -> str:
        return f"LandscapeView({len(self.keys)} weight(s))"

    def _build_items(self) -> None:
        item = self.plot.getPlotItem()
        # one weight
        self.curve = pg.PlotDataItem(pen=pg.mkPen(CURVE, width=2))
        self.tangent = pg.PlotDataItem(pen=pg.mkPen(TANGENT, width=2,
                                                    style=Qt.PenStyle.DashLine))
        self.point = pg.ScatterPlotItem(size=14, brush=None, pen=pg.mkPen(TANGENT, width=2.5))
        self.floor = pg.ScatterPlotItem(size=11, symbol="t1", brush=CURVE, pen=None)
        # two weights
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.contours = [pg.IsocurveItem(pen=pg.mkPen(255, 255, 255, 110), axisOrder="col-major")
                         for _ in range(CONTOURS)]
        for iso in self.contours:
            iso.setParentItem(self.image)
            iso.setPos(0.5, 0.5)  # isocurve coordinates are pixel centres
        self.start_2d = pg.ScatterPlotItem(size=14, brush=None, pen=pg.mkPen("w", width=2.5))
        # the heat map's scale: which J each colour stands for
        self.color_bar = pg.ColorBarItem(colorMap=self.image.getColorMap(), label="error J",
                                         interactive=False, width=14, colorMapMenu=False,
                                         pen=pg.mkPen(self.palette().windowText().color()))
        self.color_bar.setImageItem(self.image, insert_in=item)
        for it in (self.image, self.curve, self.tangent, self.point, self.floor,
                   self.start_2d):
            item.addItem(it)
        # one path per learning rate, on the curve (1-D) and on the heat map (2-D)
        self.descents, self.paths_2d = [], []
        for color in COLORS:
            for paths in (self.descents, self.paths_2d):
                path = pg.PlotDataItem(pen=pg.mkPen(color, width=1.5), symbol="o",
                                       symbolSize=6, symbolBrush=color, symbolPen=None)
                path.setZValue(2)  # the path's points stay visible over the current point
                item.addItem(path)
                paths.append(path)
        self.one = (self.curve, self.tangent, self.point, self.floor)
        self.two = (self.image, self.start_2d, self.color_bar)

    @property
    def path(self):
        """The descent path of the first learning rate (None before any)."""
        return self.paths[0] if self.paths else None

    @property
    def descent(self):
        return self.descents[0]

    @property
    def path_2d(self):
        return self.paths_2d[0]

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        row.addWidget(QLabel("α:"))
        row.addWidget(self.rate, 1)
        row.addWidget(QLabel("Steps:"))
        row.addWidget(self.steps)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.hint)
        layout.addWidget(self.floor_label)
        layout.addWidget(self.plot, 3)
        layout.addLayout(self.secant.controls())
        layout.addWidget(self.secant.message)
        layout.addWidget(self.secant.numbers)
        layout.addWidget(self.secant.gap_plot, 1)

    # ---- following the document and the selection ----------------------------------
    def set_document(self, doc) -> None:
        """Follow `doc` (None: nothing) as a fresh window does: α starts at the document's
        learning rate (not the rates compared on the document before), the steps at
        their first value."""
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self.keys = []
        self.timer.stop()
        self.message.clear_refusal()
        self.rate.setText(f"{self._settings().learning_rate:g}" if doc is not None else "")
        with QSignalBlocker(self.steps):
            self.first_values.restore()
        self.secant.reset()
        self.refresh()

    def _clear_plot(self) -> None:
        """Nothing drawn: no title, no axis labels, no paths (the items stay, hidden)."""
        self.paths = []
        item = self.plot.getPlotItem()
        self._show_title("")
        for side in ("bottom", "left"):
            item.setLabel(side, "")

    def set_selection(self, neuron_ids, connection_keys) -> None:
        """Show the landscape along the selected connections (neurons are ignored)."""
        self.keys = [tuple(k) for k in connection_keys]
        if not self.later():  # out of sight: drawn when it comes into sight
            self.refresh()

    def _on_document_changed(self, change) -> None:
        if change.kind == "settings":
            self.rate.setText(f"{self._settings().learning_rate:g}")
        if not self.later() and not self.timer.isActive():
            self.timer.start()

    def _settings(self) -> TrainingSettings:
        return self.doc.file.training or TrainingSettings()

    # ---- drawing -------------------------------------------------------------------
    def _problem(self) -> str | None:
        doc = self.doc
        if doc is None or len(self.keys) not in (1, 2):
            return HINT
        if not all(doc.network.has_connection(*k) for k in self.keys):
            return HINT
        if doc.dataset is None or len(doc.dataset) == 0:
            return "The landscape needs a dataset: J is the mean error over its rows."
        problem = doc.dataset.problem(doc.network)
        return f"The dataset does not fit the network: {problem}." if problem else None

    def set_rates(self, rates) -> None:
        """Draw one descent path for each of these learning rates."""
        self.rate.setText(", ".join(f"{r:g}" for r in rates[:MOST_RATES]))
        self.refresh()

    def _learning_rates(self) -> list[float] | None:
        try:
            rates = parse_rates(self.rate.text(), MOST_RATES)
        except ValueError as e:
            self.message.show_refusal(f"α: {e}.")
            return None
        self.message.clear_refusal()
        return rates

    def refresh(self) -> None:
        """Recompute and redraw now (the timer calls this after weight changes)."""
        problem = self._problem()
        rates = self._learning_rates() if problem is None else None
        shown = problem is None and rates is not None
        self.hint.setText(problem or "")
        self.hint.setVisible(problem is not None)
        for it in self.one:
            it.setVisible(shown and len(self.keys) == 1)
        for it in self.two:
            it.setVisible(shown and len(self.keys) == 2)
        self.legend, self.valley = "", None
        self.floor_label.setVisible(False)
        for k, (descent, path_2d) in enumerate(zip(self.descents, self.paths_2d)):
            on = shown and k < len(rates)
            descent.setVisible(on and len(self.keys) == 1)
            path_2d.setVisible(on and len(self.keys) == 2)
        if not shown or len(self.keys) != 1:
            self.secant.forget()
        if not shown:
            self._clear_plot()
            return
        with landscape.shared(self.doc.network, self.doc.dataset, self._settings().loss):
            if len(self.keys) == 1:  # the network compiled once for everything drawn
                self._draw_one(rates)
            else:
                self._draw_two(rates)
        if len(rates) > 1:
            self.legend = legend_html(self.paths)
        self._show_title(self.legend)
        self.floor_label.setText(valley_text(self.valley, self.paths) if self.valley else "")
        self.floor_label.setVisible(self.valley is not None)
        item = self.plot.getPlotItem()
        item.enableAutoRange()
        if len(self.keys) == 1 and self.view_box is not None:
            # the curve and its tangent; a path that flew off (seed 002's J reaching 5e10)
            # leaves the view instead of flattening the curve onto the axis
            item.setRange(xRange=self.view_box[0], yRange=self.view_box[1])

    def _show_title(self, html: str) -> None:
        """The legend as the plot's title, as tall as its lines (pyqtgraph fixes 30 px)."""
        item = self.plot.getPlotItem()
        item.setTitle(html or None, size="9pt")
        if html:
            height = int(item.titleLabel.item.boundingRect().height()) + 2
            item.titleLabel.setMaximumHeight(height)
            item.layout.setRowFixedHeight(0, height)

    def weight_name(self, key) -> str:
        c = self.doc.network.connection(*key)
        net = self.doc.network
        return c.label or f"w({neuron_name(net, key[0])}{ARROW}{neuron_name(net, key[1])})"

    def _draw_one(self, rates: list[float]) -> None:
        net, data, loss = self.doc.network, self.doc.dataset, self._settings().loss
        key = self.keys[0]
        self.paths = [landscape.descent_path(net, data, key, rate, self.steps.value(), loss)
                      for rate in rates]
        t = landscape.tangent(net, data, key, loss)
        low, high = span(t.w0, np.concatenate([p.weights[:, 0] for p in self.paths]))
        ws = grid(t.w0, low, high, POINTS)
        js = landscape.curve(net, data, key, ws, loss)
        self.curve.setData(ws, js, connect="finite")
        self.valley = landscape.valley(net, data, key, ws, loss, js)
        floor = self.valley
        self.floor.setData([floor.w] if floor else [], [floor.j] if floor else [])
        self.point.setData([t.w0], [t.j0])
        reach = (high - low) / 6
        tx = np.array([t.w0 - reach, t.w0 + reach])
        self.tangent.setData(tx, t.at(tx))
        self.secant.draw(key, t, reach, lambda dxs: landscape.secants(net, data, key, dxs, loss))
        ys = np.concatenate([js, t.at(tx)])
        ys = ys[np.isfinite(ys)]
        self.view_box = ((low, high), (ys.min(), ys.max())) if ys.size else None
        for descent, path in zip(self.descents, self.paths):
            descent.setData(path.weights[:, 0], path.errors, connect="finite")
        item = self.plot.getPlotItem()
        item.setLabel("bottom", html(self.weight_name(key)))
        item.setLabel("left", "error J")

    def _draw_two(self, rates: list[float]) -> None:
        net, data, loss = self.doc.network, self.doc.dataset, self._settings().loss
        ka, kb = self.keys
        self.paths = [landscape.descent_path_2d(net, data, ka, kb, rate, self.steps.value(),
                                                loss) for rate in rates]
        w0 = self.path.weights[0]
        (la, ha), (lb, hb) = (span(w0[i], np.concatenate([p.weights[:, i] for p in self.paths]))
                              for i in (0, 1))
        wa, wb = np.linspace(la, ha, GRID), np.linspace(lb, hb, GRID)
        j = landscape.surface(net, data, ka, kb, wa, wb, loss)
        finite = j[np.isfinite(j)]
        top = finite.max() if finite.size else 1.0
        j = np.where(np.isfinite(j), j, top)
        levels = (j.min(), j.max() if j.max() > j.min() else j.min() + 1)
        self.image.setImage(j, levels=levels)
        self.color_bar.setLevels(levels)
        da, db = wa[1] - wa[0], wb[1] - wb[0]
        self.image.setRect(wa[0] - da / 2, wb[0] - db / 2, GRID * da, GRID * db)
        for iso, q in zip(self.contours, np.linspace(0.05, 0.8, CONTOURS)):
            iso.setData(j, float(np.quantile(j, q)))
        for path_2d, path in zip(self.paths_2d, self.paths):
            path_2d.setData(path.weights[:, 0], path.weights[:, 1])
        self.start_2d.setData([w0[0]], [w0[1]])
        item = self.plot.getPlotItem()
        item.setLabel("bottom", html(self.weight_name(ka)))
        item.setLabel("left", html(self.weight_name(kb)))

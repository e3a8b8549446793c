"""NeuronView: one neuron's activation f(z) and derivative f'(z), with the net input z0
it gets on the current dataset row marked on both.

The curves are drawn once over z in [-6, 6] and updated in place; z0 comes from a traced
forward pass (engine.trace) of the row, so the mark is the very number the canvas shows.

A softmax output's value depends on its whole group, o_k = e^z / (e^z + Σ_j≠k e^net_j):
its curve is o_k against its own net input z with the group's other net inputs held at
the row's values (at 0 without a row), and the derivative drawn is the Jacobian's
diagonal ∂o_k/∂net_k = o_k(1 − o_k); the line under the plot names the values held.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ..document.document import refollow
from ..engine.activations import ACTIVATIONS, GROUP_ACTIVATIONS
from ..engine.trace import trace
from ..plaintext import html
from ..panels.number_field import format_number

from . import styled_plot
from .sight import Sight

Z = np.linspace(-6.0, 6.0, 241)  # the grid the curves are drawn on
F_COLOR, DF_COLOR = QColor("#3b6fd4"), QColor("#e0642a")
MARK_COLOR = QColor("#555555")
HINT = "Select a hidden or output neuron to see its activation and derivative."
NAMES = ("f(z)", "f\u2032(z)")
GROUP_NAMES = ("o(z)", "\u2202o/\u2202z")
GROUP_DERIVATIVE = "\u2202o_k/\u2202net_k = o_k\u00b7(1 \u2212 o_k)"


class NeuronView(Sight, QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.neuron_id: str | None = None
        self.row = 0
        self.z0: float | None = None
        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.values = QLabel()
        self.values.setTextFormat(Qt.TextFormat.PlainText)  # it names neurons
        self.values.setWordWrap(True)  # the outputs held may be many
        self.values.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.plot = styled_plot(self)
        self._build_items()
        page = QWidget()
        inner = QVBoxLayout(page)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.title)
        inner.addWidget(self.plot, 1)
        inner.addWidget(self.values)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.hint)
        self.stack.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stack)
        self._show()

    def _build_items(self) -> None:
        item = self.plot.getPlotItem()
        item.setLabel("bottom", "net input z")
        legend = self.legend = item.addLegend(
            offset=(8, 8), labelTextColor=self.palette().color(QPalette.ColorRole.Text))
        legend.setBrush(pg.mkBrush(self.palette().color(QPalette.ColorRole.Base)))
        self.f_curve = item.plot(pen=pg.mkPen(F_COLOR, width=2), name=NAMES[0])
        self.df_curve = item.plot(pen=pg.mkPen(DF_COLOR, width=2, style=Qt.PenStyle.DashLine),
                                  name=NAMES[1])
        self.z_line = pg.InfiniteLine(angle=90, pen=pg.mkPen(MARK_COLOR, width=1,
                                                             style=Qt.PenStyle.DotLine))
        item.addItem(self.z_line)
        self.dots = pg.ScatterPlotItem(size=9, pen=pg.mkPen(MARK_COLOR))
        item.addItem(self.dots)
        item.setXRange(Z[0], Z[-1], padding=0.02)

    def __repr__(self) -> str:
        return f"NeuronView({self.neuron_id or 'nothing'}, row {self.row}, z0={self.z0})"

    # ---- what is shown -------------------------------------------------------------
    def set_document(self, doc) -> None:
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self.row = 0
        self.set_selection([], [])

    def set_selection(self, neuron_ids, connection_keys=()) -> None:
        """Show the one selected neuron; several, or none, show the hint."""
        ids = list(neuron_ids)
        self.neuron_id = ids[0] if len(ids) == 1 else None
        if not self.later():  # out of sight: drawn when it comes into sight
            self._show()

    def set_row(self, row: int) -> None:
        """Mark the net input of dataset row `row`."""
        self.row = int(row)
        self._show()

    def _on_document_changed(self, _change) -> None:
        if not self.later():
            self._show()

    def refresh(self) -> None:
        self._show()

    def _neuron(self):
        net = self.doc.network if self.doc is not None else None
        if net is None or self.neuron_id not in net.neurons:
            return None
        neuron = net.neuron(self.neuron_id)
        return neuron if neuron.computes else None

    def _show(self) -> None:
        neuron = self._neuron()
        if neuron is None:
            self.z0 = None
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        act = ACTIVATIONS[neuron.activation]
        t = self._trace()
        self.z0 = None if t is None else t.neurons[neuron.id].net
        grouped = neuron.activation in GROUP_ACTIVATIONS
        held = self._held(neuron.id, t) if grouped else {}
        f = self._f(act, Z, held)
        self.f_curve.setData(Z, f)
        self.df_curve.setData(Z, act.df(Z, f))
        derivative = GROUP_DERIVATIVE if grouped else act.derivative
        self.title.setText(f"<b>{html(neuron.name)}</b> \u2014 {html(act.formula)};  "
                           f"{html(derivative)}")
        for (_sample, label), name in zip(self.legend.items, GROUP_NAMES if grouped else NAMES):
            label.setText(name)
        names = self.doc.network.neurons
        if t is None:
            others = ", ".join(names[m].name for m in held)
            others = f"\nOther outputs' net inputs held at 0: {others}" if held else ""
        else:
            others = ", ".join(f"{names[m].name} = {format_number(v, 3)}" for m, v in held.items())
            others = f"\nOther outputs' net inputs held at this row: {others}" if held else ""
        if self.z0 is None:
            self.z_line.hide()
            self.dots.setData([], [])
            self.values.setText("No dataset row to trace: add rows to see z." + others)
            return
        z = np.array([self.z0])
        o = self._f(act, z, held)
        d = act.df(z, o)
        self.z_line.setValue(self.z0)
        self.z_line.show()
        self.dots.setData([self.z0, self.z0], [o[0], d[0]],
                          brush=[pg.mkBrush(F_COLOR), pg.mkBrush(DF_COLOR)])
        f_name, df_name = ("o", "\u2202o/\u2202z") if grouped else ("f", "f\u2032")
        self.values.setText(f"z = {format_number(self.z0, 3)}, {f_name} = "
                            f"{format_number(o[0], 4)}, {df_name} = {format_number(d[0], 4)}"
                            + others)

    @staticmethod
    def _f(act, z: np.ndarray, held: dict[str, float]) -> np.ndarray:
        """f(z); for a group activation, this neuron's output with the group's other net
        inputs at `held` (the first column is z)."""
        if not held and act.name not in GROUP_ACTIVATIONS:
            return act.f(z)
        columns = [z] + [np.full_like(z, v) for v in held.values()]
        return act.f(np.column_stack(columns))[:, 0]

    def _held(self, nid: str, t) -> dict[str, float]:
        """The other members of `nid`'s group, with their net inputs on the row (0
        without a row)."""
        net = self.doc.network
        activation = net.neurons[nid].activation
        return {m: (t.neurons[m].net if t is not None else 0.0)
                for m, n in net.neurons.items() if n.activation == activation and m != nid}

    def _trace(self):
        doc = self.doc
        if doc.dataset is None or not 0 <= self.row < len(doc.dataset):
            return None
        try:
            return trace(doc.network, doc.dataset, self.row, doc.file.training.loss)
        except ValueError:  # the dataset does not fit the network
            return None

"""NeuronView: one neuron's activation f(z) and derivative f'(z), with the net input z0
it gets on the current dataset row marked on both.

The curves are drawn once over z in [-6, 6] and updated in place; z0 comes from a traced
forward pass (engine.trace) of the row, so the mark is the very number the canvas shows.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from ..document.document import refollow
from ..engine.activations import ACTIVATIONS
from ..engine.trace import trace
from ..plaintext import html
from ..panels.number_field import format_number

from . import styled_plot
from .sight import Sight

Z = np.linspace(-6.0, 6.0, 241)  # the grid the curves are drawn on
F_COLOR, DF_COLOR = QColor("#3b6fd4"), QColor("#e0642a")
MARK_COLOR = QColor("#555555")
HINT = "Select a hidden or output neuron to see its activation and derivative."


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
        legend = item.addLegend(offset=(8, 8),
                                labelTextColor=self.palette().color(QPalette.ColorRole.Text))
        legend.setBrush(pg.mkBrush(self.palette().color(QPalette.ColorRole.Base)))
        self.f_curve = item.plot(pen=pg.mkPen(F_COLOR, width=2), name="f(z)")
        self.df_curve = item.plot(pen=pg.mkPen(DF_COLOR, width=2, style=Qt.PenStyle.DashLine),
                                  name="f\u2032(z)")
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
        f = act.f(Z)
        self.f_curve.setData(Z, f)
        self.df_curve.setData(Z, act.df(Z, f))
        self.title.setText(f"<b>{html(neuron.name)}</b> \u2014 {html(act.formula)};  "
                           f"{html(act.derivative)}")
        self.z0 = self._net_input(neuron.id)
        if self.z0 is None:
            self.z_line.hide()
            self.dots.setData([], [])
            self.values.setText("No dataset row to trace: add rows to see z.")
            return
        z = np.array([self.z0])
        o = act.f(z)
        d = act.df(z, o)
        self.z_line.setValue(self.z0)
        self.z_line.show()
        self.dots.setData([self.z0, self.z0], [o[0], d[0]],
                          brush=[pg.mkBrush(F_COLOR), pg.mkBrush(DF_COLOR)])
        self.values.setText(f"z = {format_number(self.z0, 3)}, f = {format_number(o[0], 4)}, "
                            f"f\u2032 = {format_number(d[0], 4)}")

    def _net_input(self, nid: str) -> float | None:
        doc = self.doc
        if doc.dataset is None or not 0 <= self.row < len(doc.dataset):
            return None
        try:
            t = trace(doc.network, doc.dataset, self.row, doc.file.training.loss)
        except ValueError:  # the dataset does not fit the network
            return None
        return t.neurons[nid].net

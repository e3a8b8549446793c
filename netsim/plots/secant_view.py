"""The secant beside the tangent, on the Error Landscape's curve J(w) (seed 001: dJ/dw is
the limit of ΔJ/Δx as Δx shrinks).

With Secant ticked, a second point sits on the curve at w0 + Δx; the learner drags its
line (or types Δx) and the secant through (w0, J(w0)) and (w0 + Δx, J(w0 + Δx)) turns
towards the tangent as Δx shrinks. The numbers say by how much. Below, a log-log plot of
the gap |ΔJ/Δx − dJ/dw| against Δx from 1 down to 10⁻¹⁶ shows the whole story a drag
cannot reach: the gap falls with Δx, then rises again where J(w0 + Δx) − J(w0) is
mostly rounding, and past about 10⁻¹⁴ the two J agree in every digit (the slope reads 0).
The engine computes every number (engine/landscape.py, Secants); this only draws them.
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from netsim.engine import landscape
from netsim.engine.text import readable
from netsim.panels.number_field import parse_number
from netsim.panels.refusal import RefusalLabel

from . import PlainLogAxis, styled_plot

SECANT = "#b8860b"  # dark goldenrod: apart from the curve's grey and the tangent's green
STEPS = np.logspace(0, -16, 65)  # the gap plot's Δx: four to a decade
BIGGEST = 1e6  # |Δx| typed above this is refused (the curve never spans more)
TIP = ("Drag the gold line (or type Δx): the secant through J(w0) and J(w0 + Δx) turns "
       "towards the tangent as Δx shrinks, until rounding takes over")


def secant_text(s: landscape.Secants, k: int = 0) -> str:
    """'Δx = 0.5: secant ΔJ/Δx = 0.000739, tangent dJ/dw = 0.00104, gap 0.000299'."""
    return (f"Δx = {readable(float(s.dx[k]), 4)}: secant ΔJ/Δx = "
            f"{readable(float(s.slopes[k]), 6)}, tangent dJ/dw = {readable(s.tangent, 6)}, "
            f"gap {readable(float(s.gaps[k]), 3)}")


def best_text(s: landscape.Secants) -> str:
    """Where the gap is smallest, and what happens below: 'Smallest gap 4.6e−11 at
    Δx = 1e−7; below that rounding makes it grow again.'"""
    gaps = s.gaps
    finite = np.isfinite(gaps)
    if not finite.any():
        return ""
    k = int(np.argmin(np.where(finite, gaps, np.inf)))
    text = (f"Smallest gap {readable(float(gaps[k]), 2)} at Δx = "
            f"{readable(float(s.dx[k]), 2)}")
    if k < len(gaps) - 1:
        text += "; below that rounding makes it grow again"
    return text + "."


class SecantTool:
    """The secant's items on the landscape's plot, its controls and its gap plot."""

    def __init__(self, owner: QWidget, plot: pg.PlotWidget) -> None:
        self.owner = owner
        self.key = None
        self.w0 = 0.0
        self.dx: float | None = None  # None: the first curve drawn chooses one
        self.secants: landscape.Secants | None = None  # at STEPS
        self.current: landscape.Secants | None = None  # at the dragged Δx
        self.compute = None  # (dxs) -> Secants for the curve drawn now
        self.check = QCheckBox("Secant")
        self.check.setToolTip(TIP)
        self.field = QLineEdit()
        self.field.setToolTip("Δx, the secant's step from the current weight (not 0)")
        self.field.setPlaceholderText("Δx")
        self.field.setMaximumWidth(110)
        self.message = RefusalLabel()
        self.numbers = QLabel()
        self.numbers.setTextFormat(Qt.TextFormat.PlainText)
        self.numbers.setWordWrap(True)
        self.numbers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.gap_plot = styled_plot(owner, "secant_gaps",
                                    axes={"bottom": PlainLogAxis("bottom"),
                                          "left": PlainLogAxis("left")})
        self.gap_plot.setMinimumHeight(110)
        self.gap_plot.setMaximumHeight(200)
        item = self.gap_plot.getPlotItem()
        item.setLogMode(x=True, y=True)
        item.invertX(True)  # Δx shrinks to the right
        item.setLabel("bottom", "Δx")
        item.setLabel("left", "gap")
        self.gap_plot.setToolTip("The gap |ΔJ/Δx − dJ/dw| between the secant's slope and "
                                 "the tangent's, for Δx from 1 down to 1e−16")
        self.gap_curve = pg.PlotDataItem(pen=pg.mkPen(SECANT, width=2), connect="finite")
        # a PlotDataItem, not a ScatterPlotItem: it follows the plot's log mode
        self.gap_mark = pg.PlotDataItem(pen=None, symbol="o", symbolSize=10,
                                        symbolBrush=SECANT, symbolPen=None)
        item.addItem(self.gap_curve)
        item.addItem(self.gap_mark)
        main = plot.getPlotItem()
        self.line = pg.PlotDataItem(pen=pg.mkPen(SECANT, width=2, style=Qt.PenStyle.DashDotLine))
        self.point = pg.ScatterPlotItem(size=11, brush=SECANT, pen=None)
        self.handle = pg.InfiniteLine(angle=90, movable=True, pen=pg.mkPen(SECANT, width=1),
                                      hoverPen=pg.mkPen(SECANT, width=3))
        self.handle.setToolTip(TIP)
        for it in (self.line, self.point, self.handle):
            it.setZValue(3)
            main.addItem(it)
        self.check.toggled.connect(self._on_toggled)
        self.field.editingFinished.connect(self._on_typed)
        self.handle.sigPositionChanged.connect(self._on_dragged)
        self.set_visible(False)

    def controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(self.check)
        row.addWidget(QLabel("Δx:"))
        row.addWidget(self.field)
        row.addStretch(1)
        return row

    @property
    def on(self) -> bool:
        return self.check.isChecked()

    def reset(self) -> None:
        """As a fresh window has it: unticked, Δx chosen again by the next curve."""
        self.dx = None
        self.message.clear_refusal()
        with QSignalBlocker(self.check):
            self.check.setChecked(False)
        self.field.clear()
        self.forget()

    def forget(self) -> None:
        """Nothing to draw (another view, no curve)."""
        self.key, self.compute, self.secants, self.current = None, None, None, None
        self.set_visible(False)

    def set_visible(self, shown: bool) -> None:
        shown = shown and self.on
        for it in (self.line, self.point, self.handle):
            it.setVisible(shown)
        for widget in (self.numbers, self.gap_plot):
            widget.setVisible(shown)
        self.field.setEnabled(self.on)

    def draw(self, key, tangent: landscape.Tangent, reach: float, compute) -> None:
        """The curve along `key` was drawn with this tangent; `compute(dxs)` gives the
        Secants of that curve."""
        self.key, self.w0, self.compute, self.reach = key, tangent.w0, compute, reach
        if self.dx is None:
            self.dx = float(f"{reach:.1g}")  # a round step, well inside the view
        self.secants = None
        self.set_visible(True)
        if self.on:
            self._update()

    def _update(self) -> None:
        if self.compute is None:
            return
        if self.secants is None:  # the gaps depend on the curve only, not on Δx
            self.secants = self.compute(STEPS)
            gaps = self.secants.gaps
            self.gap_curve.setData(STEPS, np.where(gaps > 0, gaps, np.nan))
        s = self.current = self.compute([self.dx])
        with QSignalBlocker(self.field):
            self.field.setText(readable(self.dx, 6))
        with QSignalBlocker(self.handle):
            self.handle.setValue(self.w0 + self.dx)
        ends = np.array([min(self.w0, self.w0 + self.dx) - self.reach,
                         max(self.w0, self.w0 + self.dx) + self.reach])
        slope = float(s.slopes[0])
        self.line.setData(ends, s.j0 + slope * (ends - self.w0))
        self.point.setData([self.w0 + self.dx], [float(s.j[0])])
        gap = float(s.gaps[0])
        self.gap_mark.setData([abs(self.dx)] if gap > 0 else [],
                              [gap] if gap > 0 else [])
        self.numbers.setText(f"{secant_text(s)}\n{best_text(self.secants)}")

    def _on_toggled(self, on: bool) -> None:
        self.set_visible(self.compute is not None)
        if on:
            self._update()

    def _on_typed(self) -> None:
        try:
            dx = parse_number(self.field.text(), -BIGGEST, BIGGEST, "Δx")
            if dx == 0:
                raise ValueError("Δx must not be 0: a secant needs two points")
        except ValueError as e:
            self.message.show_refusal(f"{e}.")
            return
        self.message.clear_refusal()
        self.set_dx(dx)

    def _on_dragged(self) -> None:
        dx = float(self.handle.value()) - self.w0
        if dx != 0 and math.isfinite(dx):
            self.message.clear_refusal()
            self.set_dx(dx)

    def set_dx(self, dx: float) -> None:
        self.dx = float(dx)
        if self.on:
            self._update()

"""pyqtgraph widgets fed by engine results: the error curve, one neuron's activation and
derivative, and the gradient check. `styled_plot` gives them the same look."""
from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QMessageBox, QWidget

from ..plaintext import guessed
from ..engine.text import MINUS


class _Plot(pg.PlotWidget):
    """A plot widget with a modest size hint (pyqtgraph asks for more than a dock has)."""

    def sizeHint(self) -> QSize:
        return QSize(260, 200)


class MinusAxis(pg.AxisItem):
    """An axis whose tick labels have a real minus sign (−0.5, not -0.5), as every other
    number netsim shows."""

    def tickStrings(self, values, scale, spacing):
        return [text.replace("-", MINUS) for text in super().tickStrings(values, scale, spacing)]


class PlainLogAxis(MinusAxis):
    """An axis whose log-scale labels are plain numbers at 1, 2 and 5 of each decade
    (0.01, 0.02, 0.05, 0.1, ...), or only at the decades when more than LABELLED_DECADES
    are in view: pyqtgraph's own labels every minor tick ('0.040.050.06', '910¹')."""

    LABELLED_DECADES = 3.5

    def logTickStrings(self, values, scale, spacing):
        low, high = self.range
        marks = (1,) if high - low > self.LABELLED_DECADES else (1, 2, 5)
        labels = []
        for v in values:
            x = 10 ** float(v) * scale
            decade = 10 ** math.floor(round(math.log10(x), 9)) if x > 0 else 0
            labels.append(f"{x:.3g}" if decade and round(x / decade) in marks else "")
        return labels


def add_export_actions(plot: pg.PlotWidget, owner: QWidget, stem: str) -> list[QAction]:
    """Right-click the plot: Export PNG… and Export CSV… (pyqtgraph's exporters)."""
    from .export import ask_and_export  # here: export.py imports pyqtgraph's exporters

    def export(kind: str) -> None:
        try:
            ask_and_export(owner, plot.getPlotItem(), kind, stem)
        except Exception as exc:  # noqa: BLE001 - say it in one line, lose nothing
            QMessageBox.warning(owner, "Export", guessed(f"Cannot export: {exc}"))

    actions = []
    for kind in ("png", "csv"):
        action = QAction(f"Export {kind.upper()}\u2026", plot)
        action.triggered.connect(lambda _checked=False, k=kind: export(k))
        plot.addAction(action)
        actions.append(action)
    plot.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return actions


def styled_plot(owner: QWidget, stem: str | None = None,
                axes: dict[str, pg.AxisItem] | None = None) -> pg.PlotWidget:
    """A plot in the colours of `owner`'s palette, with a light grid, exportable from its
    right-click menu (file names start with `stem`, default the owner's class name);
    `axes` replaces pyqtgraph's axes by side ("bottom": PlainLogAxis("bottom"))."""
    plot = _Plot(axisItems={"left": MinusAxis("left"), "bottom": MinusAxis("bottom"),
                            **(axes or {})})
    palette = owner.palette()
    plot.setBackground(palette.color(QPalette.ColorRole.Base))
    text = palette.color(QPalette.ColorRole.Text)
    item = plot.getPlotItem()
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        axis.setPen(pg.mkPen(palette.color(QPalette.ColorRole.Mid)))
        axis.setTextPen(pg.mkPen(text))
        axis.enableAutoSIPrefix(False)
    item.showGrid(x=True, y=True, alpha=0.15)
    item.setMenuEnabled(False)
    add_export_actions(plot, owner, stem or type(owner).__name__.lower())
    return plot

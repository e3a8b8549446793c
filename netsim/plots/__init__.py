"""pyqtgraph widgets fed by engine results: the error curve, one neuron's activation and
derivative, and the gradient check. `styled_plot` gives them the same look."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSize
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget


class _Plot(pg.PlotWidget):
    """A plot widget with a modest size hint (pyqtgraph asks for more than a dock has)."""

    def sizeHint(self) -> QSize:
        return QSize(260, 200)


def styled_plot(owner: QWidget) -> pg.PlotWidget:
    """A plot in the colours of `owner`'s palette, with a light grid."""
    plot = _Plot()
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
    return plot

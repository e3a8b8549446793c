"""pyqtgraph widgets fed by engine results: the error curve, one neuron's activation and
derivative, and the gradient check. `styled_plot` gives them the same look."""
from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QMessageBox, QWidget


class _Plot(pg.PlotWidget):
    """A plot widget with a modest size hint (pyqtgraph asks for more than a dock has)."""

    def sizeHint(self) -> QSize:
        return QSize(260, 200)


def add_export_actions(plot: pg.PlotWidget, owner: QWidget, stem: str) -> list[QAction]:
    """Right-click the plot: Export PNG… and Export CSV… (pyqtgraph's exporters)."""
    from .export import ask_and_export  # here: export.py imports pyqtgraph's exporters

    def export(kind: str) -> None:
        try:
            ask_and_export(owner, plot.getPlotItem(), kind, stem)
        except Exception as exc:  # noqa: BLE001 - say it in one line, lose nothing
            QMessageBox.warning(owner, "Export", f"Cannot export: {exc}")

    actions = []
    for kind in ("png", "csv"):
        action = QAction(f"Export {kind.upper()}\u2026", plot)
        action.triggered.connect(lambda _checked=False, k=kind: export(k))
        plot.addAction(action)
        actions.append(action)
    plot.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return actions


def styled_plot(owner: QWidget, stem: str | None = None) -> pg.PlotWidget:
    """A plot in the colours of `owner`'s palette, with a light grid, exportable from its
    right-click menu (file names start with `stem`, default the owner's class name)."""
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
    add_export_actions(plot, owner, stem or type(owner).__name__.lower())
    return plot

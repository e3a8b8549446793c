"""DatasetScatter: the rows of a two-input dataset as points, coloured by class; a click
adds a point.

A row's class is 1 when its first target is at least 0.5, else 0; rows held out for
testing are drawn hollow. The widget only shows
what it is given and reports a left click inside the plot as
`paint_requested(x, y, class)`, with the class chosen by the radio buttons; the dock
makes that an undo command. The view fits the points whenever they change, except while
painting: then it keeps its range, so that the points stay where they were clicked.
"""
from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (QButtonGroup, QHBoxLayout, QLabel, QRadioButton, QVBoxLayout,
                               QWidget)

from ..plaintext import html

CLASS_COLORS = (QColor("#3b6fd4"), QColor("#e0642a"))  # class 0, class 1
CLASS_SYMBOLS = ("o", "s")
POINT_SIZE = 8
EMPTY_RANGE = QRectF(-1.1, -1.1, 2.2, 2.2)  # shown when there are no points
PAD = 0.15  # share of the points' span added around them
MIN_SPAN = 1.0  # the fitted range is at least this wide


class _Plot(pg.PlotWidget):
    """A plot widget with a modest size hint (pyqtgraph's asks for far more than a dock
    has), so that the dock's preferred height stays small."""

    def sizeHint(self) -> QSize:
        return QSize(240, 200)


def class_icon(cls: int, size: int = 12, hollow: bool = False) -> QIcon:
    """The class's marker (a filled circle or square in its colour; hollow: an outline, as
    for rows held out for testing) as an icon."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if hollow:
        painter.setPen(QPen(CLASS_COLORS[cls], 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    else:
        painter.setPen(QPen(CLASS_COLORS[cls].darker(140), 1))
        painter.setBrush(CLASS_COLORS[cls])
    box = QRectF(1.5, 1.5, size - 3, size - 3)
    if CLASS_SYMBOLS[cls] == "o":
        painter.drawEllipse(box)
    else:
        painter.drawRect(box)
    painter.end()
    return QIcon(pixmap)


def classes(y: np.ndarray) -> np.ndarray:
    """The class (0 or 1) of each row: its first target is at least 0.5."""
    return (y[:, 0] >= 0.5).astype(int) if y.size else np.zeros(len(y), dtype=int)


def fitted_range(x: np.ndarray) -> QRectF:
    """A range around the points (n, 2), padded, at least MIN_SPAN wide each way."""
    if len(x) == 0:
        return QRectF(EMPTY_RANGE)
    low, high = x.min(axis=0), x.max(axis=0)
    centre = (low + high) / 2
    half = np.maximum((high - low) * (1 + 2 * PAD), MIN_SPAN) / 2
    return QRectF(centre[0] - half[0], centre[1] - half[1], 2 * half[0], 2 * half[1])


def hollow_and_filled(item: pg.PlotItem, size: int) -> tuple[list, list]:
    """Per class, a scatter of filled points (training rows) and one of hollow points
    (rows held out for testing), added to `item`."""
    filled, hollow = [], []
    for color, symbol in zip(CLASS_COLORS, CLASS_SYMBOLS):
        spots = pg.ScatterPlotItem(size=size, symbol=symbol, brush=pg.mkBrush(color),
                                   pen=pg.mkPen(color.darker(140), width=1))
        item.addItem(spots)
        filled.append(spots)
        spots = pg.ScatterPlotItem(size=size, symbol=symbol, brush=pg.mkBrush(None),
                                   pen=pg.mkPen(color.darker(115), width=2))
        item.addItem(spots)
        hollow.append(spots)
    return filled, hollow


def show_classes(filled: list, hollow: list, x: np.ndarray, cls: np.ndarray,
                 test: np.ndarray | None) -> None:
    """Put the points `x` (n, 2) of class `cls` into the scatters made by
    hollow_and_filled: the rows flagged in `test` hollow, the others filled."""
    test = np.zeros(len(x), dtype=bool) if test is None else np.asarray(test, dtype=bool)
    for k, (full, empty) in enumerate(zip(filled, hollow)):
        for spots, rows in ((full, (cls == k) & ~test), (empty, (cls == k) & test)):
            spots.setData(x=x[rows, 0], y=x[rows, 1])


class DatasetScatter(QWidget):
    paint_requested = Signal(float, float, int)  # x, y, class

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = _Plot()
        self.plot.setMinimumHeight(160)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.showGrid(x=True, y=True, alpha=0.15)
        item.setContentsMargins(2, 6, 12, 2)  # room for the last tick label on each axis
        self.view_box = item.getViewBox()
        self._style_plot()
        self.spots, self.test_spots = hollow_and_filled(item, POINT_SIZE)
        self.view_box.setRange(EMPTY_RANGE, padding=0)
        self.plot.scene().sigMouseClicked.connect(self._on_clicked)

        self.class_group = QButtonGroup(self)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Click to add:"))
        for cls in (0, 1):
            button = QRadioButton(f"class {cls}")
            button.setIcon(class_icon(cls))
            button.setToolTip(f"Painted points get target {cls}")
            self.class_group.addButton(button, cls)
            row.addWidget(button)
        row.addStretch(1)
        self.class_group.button(1).setChecked(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.plot, 1)

    def __repr__(self) -> str:
        return f"DatasetScatter({sum(len(s.data) for s in self.spots)} points)"

    def _style_plot(self) -> None:
        palette = self.palette()
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        for side in ("left", "bottom"):
            axis = self.plot.getPlotItem().getAxis(side)
            axis.setPen(pg.mkPen(palette.color(QPalette.ColorRole.Mid)))
            axis.setTextPen(pg.mkPen(text))
            axis.enableAutoSIPrefix(False)

    # ---- what is shown -------------------------------------------------------------
    def current_class(self) -> int:
        return self.class_group.checkedId()

    def set_class(self, cls: int) -> None:
        self.class_group.button(cls).setChecked(True)

    def show_points(self, x: np.ndarray, y: np.ndarray, names: tuple[str, str],
                    fit: bool = True, test: np.ndarray | None = None) -> None:
        """Show the rows' two inputs `x` (n, 2), coloured by the targets `y` (n, k), the
        rows flagged in `test` hollow. With fit=False (while painting) the view keeps its
        range unless a point is outside."""
        x = np.asarray(x, dtype=float).reshape(-1, 2)
        y = np.asarray(y, dtype=float)
        cls = classes(y.reshape(len(x), y.size // len(x) if len(x) else 0))
        show_classes(self.spots, self.test_spots, x, cls, test)
        item = self.plot.getPlotItem()
        item.setLabel("bottom", html(names[0]))  # pyqtgraph's labels are HTML
        item.setLabel("left", html(names[1]))
        if fit or self._outside(x):
            self.view_box.setRange(fitted_range(x), padding=0)

    def points(self, cls: int, test: bool = False) -> np.ndarray:
        """The (n, 2) points shown in class `cls` (test: the hollow ones)."""
        x, y = (self.test_spots if test else self.spots)[cls].getData()
        return np.column_stack([x, y]) if len(x) else np.zeros((0, 2))

    def _outside(self, x: np.ndarray) -> bool:
        """True when some point lies outside the view."""
        if len(x) == 0:
            return False
        (x0, x1), (y0, y1) = self.view_box.viewRange()
        low, high = x.min(axis=0), x.max(axis=0)
        return bool(low[0] < x0 or high[0] > x1 or low[1] < y0 or high[1] > y1)

    def scene_point(self, x: float, y: float) -> QPointF:
        """Where the data point (x, y) is in the plot's scene (for clicks in tests)."""
        return self.view_box.mapViewToScene(QPointF(x, y))

    # ---- clicks --------------------------------------------------------------------
    def _on_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if not self.view_box.sceneBoundingRect().contains(event.scenePos()):
            return
        point = self.view_box.mapSceneToView(event.scenePos())
        event.accept()
        self.paint_requested.emit(point.x(), point.y(), self.current_class())

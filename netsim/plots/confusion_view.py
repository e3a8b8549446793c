"""ConfusionView: how many rows of each true class the network puts in each class.

For class targets (engine/classes.py decides: a one-hot group of outputs, or a single
0/1 output) a grid of counts: one row per true class, one column per predicted class,
named after the classes (plain text), each cell coloured by its count (white for none,
deepest for the largest count). A choice shows the training rows or the rows held out
for testing; the accuracy of those rows is written above the grid. Clicking a cell
emits `rows_chosen` with the dataset rows it counts (the window selects them in the
Dataset dock).

It follows the document (weights, structure, names, dataset) and so live training too;
changes are coalesced by a ~33 ms single-shot timer, and nothing is computed while the
dock cannot be seen (Sight).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QTableView, QTableWidget, QTableWidgetItem, QVBoxLayout,
                               QWidget)

from netsim.document.document import refollow
from netsim.engine.classes import Classified, Classifier
from netsim.plaintext import guessed, one_line

from .first_values import FirstValues
from .sight import Sight

COALESCE_MS = 33
FOLLOWED = ("weights", "structure", "neurons", "dataset", "everything")
HINT = ("The confusion matrix needs class targets: one-hot targets on several outputs "
        "(one class per output), or targets of 0 and 1 on a single output.")
FULL = QColor("#3b6fd4")  # the colour of the largest count
TRAINING_ROWS, TEST_ROWS = 0, 1


def share_text(right: int, total: int) -> str:
    """'75% (3 of 4 rows right)'; '–' for no rows."""
    if not total:
        return "no rows"
    percent = f"{100 * right / total:.4g}%"
    return f"{percent} ({right} of {total} row{'s' if total != 1 else ''} right)"


def blend(base: QColor, full: QColor, t: float) -> QColor:
    """The colour a share t (0…1) of the way from `base` to `full`."""
    return QColor.fromRgbF(*(b + t * (f - b) for b, f in zip(base.getRgbF()[:3],
                                                               full.getRgbF()[:3])))


def select_rows(view: QTableView, rows: list[int]) -> None:
    """Select exactly these whole rows of a table view and scroll to the first."""
    model = view.model()
    last = model.columnCount() - 1
    selection = QItemSelection()
    for row in rows:
        selection.select(model.index(row, 0), model.index(row, max(last, 0)))
    flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
             | QItemSelectionModel.SelectionFlag.Rows)
    view.selectionModel().select(selection, flags)
    if rows:
        view.selectionModel().setCurrentIndex(model.index(rows[0], 0),
                                              QItemSelectionModel.SelectionFlag.NoUpdate)
        view.scrollTo(model.index(rows[0], 0))


class ConfusionView(Sight, QWidget):
    rows_chosen = Signal(list)  # the dataset rows of a clicked cell

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.classified: Classified | None = None
        self.classifier = Classifier()  # compiled once while only the weights change
        self.counts = np.zeros((0, 0), dtype=int)
        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.rows_box = QComboBox()
        self.rows_box.addItems(["Training rows", "Test rows"])
        self.rows_box.setToolTip("Count the training rows or the rows held out for testing")
        self.rows_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.accuracy = QLabel()
        self.accuracy.setTextFormat(Qt.TextFormat.PlainText)
        self.accuracy.setWordWrap(True)
        self.axes = QLabel("Rows: true class \u2193   Columns: predicted class \u2192")
        self.axes.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.axes.setWordWrap(True)
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setToolTip("Click a cell to select its rows in the Dataset dock")
        for header in (self.grid.horizontalHeader(), self.grid.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            header.setMinimumSectionSize(24)
        self.grid.cellClicked.connect(self._on_cell_clicked)
        top = QHBoxLayout()
        top.addWidget(self.rows_box)
        top.addWidget(self.accuracy, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.hint)
        layout.addLayout(top)
        layout.addWidget(self.axes)
        layout.addWidget(self.grid, 1)
        self.first = FirstValues(self.rows_box)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COALESCE_MS)
        self.timer.timeout.connect(self.refresh)
        self.refresh()

    def __repr__(self) -> str:
        return f"ConfusionView({self.counts.shape[0]} classes)"

    # ---- following the document ----------------------------------------------------
    def set_document(self, doc) -> None:
        """Follow `doc` (None: nothing), showing its training rows."""
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self.classifier.forget()
        self.rows_box.blockSignals(True)
        self.first.restore()
        self.rows_box.blockSignals(False)
        self.grid.clearSelection()
        self.grid.setCurrentCell(-1, -1)
        self.refresh()

    def _on_document_changed(self, change) -> None:
        if change.kind != "weights":
            self.classifier.forget()
        if change.kind in FOLLOWED and not self.later() and not self.timer.isActive():
            self.timer.start()

    @property
    def test(self) -> bool:
        return self.rows_box.currentIndex() == TEST_ROWS

    # ---- drawing -------------------------------------------------------------------
    def refresh(self) -> None:
        """Classify every row now and show the counts."""
        doc = self.doc
        self.classified = got = None if doc is None else \
            self.classifier.classify(doc.network, doc.dataset, doc.weight_array())
        shown = got is not None
        self.hint.setVisible(not shown)
        for widget in (self.rows_box, self.accuracy, self.axes, self.grid):
            widget.setVisible(shown)
        if not shown:
            self.counts = np.zeros((0, 0), dtype=int)
        else:
            self._show_classified(got)
        # settle the minimum size now, not when a window first shows it
        self.layout().activate()

    def _show_classified(self, got: Classified) -> None:
        held_out = bool(got.test.any())
        self.rows_box.model().item(TEST_ROWS).setEnabled(held_out)
        if self.test and not held_out:
            self.rows_box.blockSignals(True)
            self.rows_box.setCurrentIndex(TRAINING_ROWS)
            self.rows_box.blockSignals(False)
        self.counts = got.confusion(self.test)
        self._show_counts(list(got.targets.names))
        right, total = int(np.trace(self.counts)), int(got.rows(self.test).sum())
        self.accuracy.setText(f"accuracy {share_text(right, total)}")

    def _show_counts(self, names: list[str]) -> None:
        n = len(names)
        grid = self.grid
        if grid.rowCount() != n:
            grid.setRowCount(n)
            grid.setColumnCount(n)
            for i in range(n):
                for j in range(n):
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    grid.setItem(i, j, item)
        names = [one_line(name) for name in names]
        grid.setHorizontalHeaderLabels(names)  # header text is plain text
        grid.setVerticalHeaderLabels(names)
        base = self.palette().color(QPalette.ColorRole.Base)
        text = self.palette().color(QPalette.ColorRole.Text)
        most = max(int(self.counts.max()), 1)
        for i in range(n):
            for j in range(n):
                count = int(self.counts[i, j])
                t = count / most
                item = grid.item(i, j)
                item.setText(str(count))
                item.setBackground(blend(base, FULL, t))
                item.setForeground(QColor("white") if t > 0.55 else text)
                item.setToolTip(guessed(f"{count} row{'s' if count != 1 else ''} of class "
                                        f"{names[i]} predicted as {names[j]}"))

    def _on_cell_clicked(self, row: int, column: int) -> None:
        if self.classified is not None:
            self.rows_chosen.emit(self.classified.cell_rows(row, column, self.test))

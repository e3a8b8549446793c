"""DatasetTable: the table view of a DatasetModel, sized for a narrow dock."""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSize
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from .dataset_model import DatasetModel

MIN_COLUMN = 56  # pixels; narrower columns scroll sideways instead
SIZE_HINT = QSize(240, 180)  # modest, so that the dock's preferred height stays small


class DatasetTable(QTableView):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setModel(DatasetModel(self))
        header = self.horizontalHeader()
        header.setMinimumSectionSize(MIN_COLUMN)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        rows = self.verticalHeader()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)

    def __repr__(self) -> str:
        return f"DatasetTable({self.model()!r})"

    def sizeHint(self) -> QSize:
        return SIZE_HINT

    def selected_rows(self) -> list[int]:
        """The rows of every selected cell, in order."""
        return sorted({index.row() for index in self.selectionModel().selectedIndexes()})

    def select_row(self, row: int) -> None:
        """Select a whole row, make its first cell current and scroll to it."""
        index = self.model().index(row, 0)
        if not index.isValid():
            return
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)

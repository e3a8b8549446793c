"""DatasetTable: the table view of a DatasetModel, sized for a narrow dock.

Column widths are estimated from each column's header and its lowest and highest value
(table_columns.py), never by measuring every cell, so a dataset of 794 columns and
10,000 rows opens at once. Image inputs show as one picture column (thumbnails.py); the
right-click menu's "Show Inputs as Numbers" gives every input its own column again, and
double-clicking a pixel of a picture does that and starts editing that pixel's value.
"""
from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from .dataset_model import DatasetModel
from .table_columns import column_widths, number_width, set_widths
from .thumbnails import ThumbnailDelegate, cell_size, numbers_action

MIN_COLUMN = 56  # pixels; narrower columns scroll sideways instead
SIZE_HINT = QSize(240, 180)  # modest, so that the dock's preferred height stays small


class DatasetTable(QTableView):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setModel(DatasetModel(self))
        self.thumbnails = ThumbnailDelegate(self)  # the picture column's (Python) painter
        self._widths: list[int] = []
        header = self.horizontalHeader()
        header.setMinimumSectionSize(MIN_COLUMN)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        rows = self.verticalHeader()
        self._text_row = self.fontMetrics().height() + 6
        rows.setDefaultSectionSize(self._text_row)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.numbers_action = numbers_action(self, self.model().set_numbers)
        self.model().modelReset.connect(self._on_model_reset)
        self.model().dataChanged.connect(self._on_data_changed)

    def __repr__(self) -> str:
        return f"DatasetTable({self.model()!r})"

    def sizeHint(self) -> QSize:
        return SIZE_HINT

    def selected_rows(self) -> list[int]:
        """The rows of every selected cell, in order (from the selection's ranges: all of
        10,000 rows of 794 columns would be millions of indexes)."""
        rows: set[int] = set()
        for block in self.selectionModel().selection():
            rows.update(range(block.top(), block.bottom() + 1))
        return sorted(rows)

    def select_row(self, row: int) -> None:
        """Select a whole row, make its first cell current and scroll to it."""
        index = self.model().index(row, 0)
        if not index.isValid():
            return
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.selectionModel().setCurrentIndex(index, flags)
        self.scrollTo(index)

    def edit_pixel(self, row: int, pixel: int) -> None:
        """Show the inputs as numbers, make input `pixel` of `row` current and edit it."""
        self.numbers_action.setChecked(True)  # the model resets with a column per input
        index = self.model().index(row, pixel)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        self.edit(index)

    # ---- following the model ---------------------------------------------------------
    def _on_model_reset(self) -> None:
        model = self.model()
        image = model.image
        self.thumbnails.shape = image
        self.setItemDelegateForColumn(0, self.thumbnails if image else None)
        self.numbers_action.setVisible(model.dataset is not None
                                       and model.dataset.image is not None)
        self.verticalHeader().setDefaultSectionSize(
            max(self._text_row, cell_size(image).height()) if image else self._text_row)
        self._widths = self._estimate(range(model.columnCount()))
        set_widths(self, self._widths)

    def _on_data_changed(self, top_left, bottom_right, roles=()) -> None:
        """A typed value may be wider than its column was."""
        if roles and Qt.ItemDataRole.DisplayRole not in roles:
            return  # a tint or a picture: no text changed
        columns = range(top_left.column(), bottom_right.column() + 1)
        wider = False
        for c, w in zip(columns, self._estimate(columns)):
            if w > self._widths[c]:
                self._widths[c], wider = w, True
        if wider:
            set_widths(self, self._widths)

    def _estimate(self, columns: range) -> list[int]:
        """The widths of these columns from their headers and values."""
        model, data = self.model(), self.model().dataset
        heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in columns]
        widths = column_widths(self.fontMetrics(), self.horizontalHeader().fontMetrics(),
                               heads, None)
        if not len(columns) or data is None or not len(data):
            return widths
        if len(columns) > 16:  # one pass over the whole array beats many strided ones
            lows, highs = data.rows.min(axis=0), data.rows.max(axis=0)
        for i, c in enumerate(columns):
            col = model.cols[c]
            if col.picture:
                widths[i] = max(widths[i], cell_size(model.image).width())
            elif col.at is not None:
                lo, hi = ((lows[col.at], highs[col.at]) if len(columns) > 16 else
                          (data.rows[:, col.at].min(), data.rows[:, col.at].max()))
                widths[i] = max(widths[i], number_width(self.fontMetrics(), lo, hi))
        return widths

    # ---- Qt overrides --------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        set_widths(self, self._widths)

    def mouseDoubleClickEvent(self, event) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and self.model().cols[index.column()].picture:
            pixel = self.thumbnails.pixel_at(self.visualRect(index), event.position().toPoint())
            if pixel is not None:
                self.edit_pixel(index.row(), pixel)
                return
        super().mouseDoubleClickEvent(event)

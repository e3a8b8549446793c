"""DatasetModel: the document's dataset as a table, one column per input and target.

Columns are the dataset's inputs, then the network's input neurons that have no column
yet, then the dataset's targets, then the network's output neurons that are no target
yet. A missing column shows empty cells; typing a number into one adds the column.

Rows held out for testing say "test" in the row header and have a violet tint.

The model only reads the document. A typed cell is checked here: what is not a finite
number is refused (`refused` says why) and nothing changes; a good number is reported as
`edited(row, neuron id, is target, value)` and the dock turns it into an undo command.

When the dataset's inputs are an image (`dataset.image`), its input columns are shown as
one picture column, a thumbnail of each row (thumbnails.py), unless `numbers` is set:
then every input has its column, to read and edit one by one. Nothing is computed for a
cell until the view asks for it, and a change in place tells the view only the rows and
columns that changed.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from netsim.canvas.style import ROLE_HUES, mix
from netsim.plaintext import guessed, one_line

from .number_field import format_number, parse_number
from .thumbnails import IMAGE_ROLE, dataset_range, picture_tip, pixel_tip, thumbnail

VALUE_LIMIT = 1e9  # typed values must lie in [-VALUE_LIMIT, VALUE_LIMIT]
TINT = 0.10  # share of the role hue in a column's background
TEST_COLOR = QColor("#8e5bd0")  # rows held out for testing, here and in the plots
TEST_TINT = 0.16  # share of TEST_COLOR in a held-out row's background
Role = Qt.ItemDataRole
SHOWN = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
EDITABLE = SHOWN | Qt.ItemFlag.ItemIsEditable


@dataclass(frozen=True)
class Column:
    nid: str  # the neuron's id
    target: bool  # a target (output neuron) rather than an input
    at: int | None  # the column in dataset.rows; None: the dataset has no such column
    picture: bool = False  # every input of the dataset as one picture (nid "", at 0)


def columns(doc, numbers: bool = False) -> list[Column]:
    """The table's columns for the document's dataset (none without a dataset); image
    inputs as one picture column unless `numbers`."""
    dataset = doc.dataset if doc is not None else None
    if dataset is None:
        return []
    net = doc.network
    n_in = len(dataset.inputs)
    if dataset.image is not None and not numbers:
        cols = [Column("", False, 0, picture=True)]
    else:
        cols = [Column(nid, False, k) for k, nid in enumerate(dataset.inputs)]
    ins, outs = set(dataset.inputs), set(dataset.targets)
    cols += [Column(nid, False, None) for nid in net.ids("input") if nid not in ins]
    cols += [Column(nid, True, n_in + k) for k, nid in enumerate(dataset.targets)]
    cols += [Column(nid, True, None) for nid in net.ids("output") if nid not in outs]
    return cols


def row_header(row: int, test: bool, role):
    """The row header of a dataset row (rows count from 0, as in the stepper and `netsim
    trace`); a row held out for testing says so, in violet italics."""
    if role == Role.DisplayRole:
        return f"{row} test" if test else str(row)
    if role == Role.ToolTipRole:
        return (f"Row {row} is held out for testing: training never sees it"
                if test else f"Row {row} is a training row")
    if role == Role.ForegroundRole and test:
        return TEST_COLOR
    if role == Role.FontRole and test:
        font = QFont()
        font.setItalic(True)
        return font
    return None


def short_number(x: float, decimals: int = 4) -> str:
    """`x` with at most `decimals` decimals and no trailing zeros: 0.5, 1, −0.25."""
    text = format_number(x, decimals)
    if "." in text and "e" not in text:
        text = text.rstrip("0").rstrip(".")
    return text


def span(flags: np.ndarray) -> tuple[int, int] | None:
    """The first and last index where `flags` (1-D) is true, or None."""
    where = np.flatnonzero(flags)
    return (int(where[0]), int(where[-1])) if where.size else None


class DatasetModel(QAbstractTableModel):
    refused = Signal(str)  # why a typed value was not taken
    edited = Signal(int, str, bool, float)  # row, neuron id, a target column?, new value

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.doc = None
        self.cols: list[Column] = []
        self.numbers = False  # image inputs as one number column each, not a picture
        self._rows = 0
        self._shown = None  # the dataset the view shows
        self._range = (0.0, 1.0)  # the picture's value for white and for black
        self._tints: dict[tuple[bool, bool, bool], QColor] = {}

    def __repr__(self) -> str:
        return f"DatasetModel({self._rows} rows, {len(self.cols)} columns)"

    @property
    def dataset(self):
        """The dataset the view shows (the document's, once refreshed)."""
        return self._shown

    @property
    def image(self) -> tuple[int, int] | None:
        """The shape of the picture column, or None when there is none."""
        return self._shown.image if self.cols and self.cols[0].picture else None

    def set_document(self, doc) -> None:
        self.doc = doc
        self._reset()

    def set_numbers(self, numbers: bool) -> None:
        """Image inputs as one column each (True) or as a picture (False)."""
        if numbers != self.numbers:
            self.numbers = numbers
            self._reset()

    def _reset(self) -> None:
        self.beginResetModel()
        self._take()
        self.endResetModel()

    def _take(self, picture_range: tuple[float, float] | None = None) -> None:
        doc = self.doc
        self.cols = columns(doc, self.numbers)
        self._shown = doc.dataset if doc is not None else None
        self._rows = len(self._shown) if self._shown is not None else 0
        if self.image is None:
            self._range = (0.0, 1.0)
        else:
            self._range = dataset_range(self._shown, picture_range)
        self._tints = {}

    def refresh(self) -> None:
        """Follow the document: when the shape is the same, tell the view which cells
        changed (and nothing when none did); else reset."""
        cols = columns(self.doc, self.numbers)
        new = self.doc.dataset if self.doc is not None else None
        old = self._shown
        if (cols != self.cols or old is None or new is None or new.rows.shape != old.rows.shape
                or new.image != old.image):
            self._reset()
            return
        old_range = self._range
        differs = old.rows != new.rows
        changed = new.rows[differs]
        # The usual 0…1 scale holds while every changed value stays in it (the others did).
        kept = old_range == (0.0, 1.0) and bool(np.all((changed >= 0) & (changed <= 1)))
        self._take(old_range if kept else None)
        last = len(cols) - 1
        if self.image is not None and self._range != old_range:
            self.dataChanged.emit(self.index(0, 0), self.index(self._rows - 1, 0), [IMAGE_ROLE])
        rows, at = span(differs.any(axis=1)), span(differs.any(axis=0))
        if rows is not None:
            first, end = self._view_column(at[0]), self._view_column(at[1])
            self.dataChanged.emit(self.index(rows[0], first), self.index(rows[1], end))
        held = span(old.test != new.test)
        if held is not None:  # a row held out or taken back: its tint and header
            self.dataChanged.emit(self.index(held[0], 0), self.index(held[1], last),
                                  [Role.BackgroundRole])
            self.headerDataChanged.emit(Qt.Orientation.Vertical, *held)
        if last >= 0:  # names may have changed (cheap: only the header repaints)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, last)

    def _view_column(self, at: int) -> int:
        """The table column that shows dataset column `at`."""
        if self.image is not None and at < len(self._shown.inputs):
            return 0
        for c, col in enumerate(self.cols):
            if col.at == at:
                return c
        return 0

    def name(self, column: int) -> str:
        nid = self.cols[column].nid
        neuron = self.doc.network.neurons.get(nid)
        return neuron.name if neuron is not None else nid

    def input_name(self, k: int) -> str:
        """The name of the dataset's k-th input."""
        nid = self._shown.inputs[k]
        neuron = self.doc.network.neurons.get(nid)
        return neuron.name if neuron is not None else nid

    def held_out(self, row: int) -> bool:
        """Whether the row is held out for testing."""
        data = self._shown
        return data is not None and row < len(data) and bool(data.test[row])

    def value(self, row: int, column: int) -> float | None:
        at = self.cols[column].at
        return None if at is None else float(self._shown.rows[row, at])

    def picture(self, row: int):
        """The unscaled thumbnail of a row's inputs (QImage)."""
        return thumbnail(self._shown.x[row], self._shown.image, *self._range)

    def pixel_tip(self, index, pixel: int | None) -> str:
        """The tooltip of the picture cell `index` with the mouse over `pixel` (None:
        off the picture)."""
        shape = self._shown.image
        if pixel is None:
            return picture_tip(shape, *self._range, True)
        return pixel_tip(self.input_name(pixel), pixel, shape,
                         float(self._shown.rows[index.row(), pixel]))

    def _tint(self, col: Column, held: bool) -> QColor:
        key = (col.target, col.at is not None, held)
        if key not in self._tints:
            base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
            hue = ROLE_HUES["output" if col.target else "input"]
            color = mix(hue, base, TINT if col.at is not None else TINT / 3)
            self._tints[key] = mix(TEST_COLOR, color, TEST_TINT) if held else color
        return self._tints[key]

    # ---- Qt overrides --------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.cols)

    def flags(self, index):  # asked per cell, even per row of a selected column: no work
        return SHOWN if index.column() == 0 and self.cols and self.cols[0].picture else EDITABLE

    def data(self, index, role=Role.DisplayRole):
        if not index.isValid():
            return None
        col = self.cols[index.column()]
        if role == Role.BackgroundRole:
            return self._tint(col, self.held_out(index.row()))
        if col.picture:
            if role == IMAGE_ROLE:
                return self.picture(index.row())
            if role == Role.ToolTipRole:
                return picture_tip(self._shown.image, *self._range, True)
            return None
        value = self.value(index.row(), index.column())
        if role == Role.DisplayRole:
            return "" if value is None else short_number(value)
        if role == Role.EditRole:
            return "" if value is None else repr(value)
        if role == Role.ToolTipRole:
            if value is None:
                return f"{self.name(index.column())} has no column yet: type a number to add one"
            return repr(value) + (" (held out for testing)" if self.held_out(index.row()) else "")
        if role == Role.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        return None

    def headerData(self, section, orientation, role=Role.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            return row_header(section, self.held_out(section), role)
        if not 0 <= section < len(self.cols):
            return None
        col = self.cols[section]
        if col.picture:
            rows, cols = self._shown.image
            if role == Role.DisplayRole:
                return f"inputs\n{rows} \u00d7 {cols}"
            if role == Role.ToolTipRole:
                return picture_tip(self._shown.image, *self._range, True)
            return None
        kind = "target" if col.target else "input"
        if role == Role.DisplayRole:
            return f"{one_line(self.name(section))}\n{kind if col.at is not None else 'no column'}"
        if role == Role.ToolTipRole:
            role_name = "output" if col.target else "input"
            missing = "" if col.at is not None else " (not in the dataset yet)"
            return guessed(f"{kind} column of {role_name} neuron {col.nid}{missing}")
        return None

    def setData(self, index, value, role=Role.EditRole) -> bool:
        if role != Role.EditRole or not index.isValid() or self.cols[index.column()].picture:
            return False
        text = str(value)
        row, column = index.row(), index.column()
        if not text.strip() and self.cols[column].at is None:
            return False  # an empty cell of a missing column left as it was
        try:
            number = parse_number(text, -VALUE_LIMIT, VALUE_LIMIT,
                                  f"value of {self.name(column)}")
        except ValueError as e:
            self.refused.emit(f"Row {row}, {self.name(column)}: {e}")  # as the row header
            return False
        if number == self.value(row, column):
            return False
        col = self.cols[column]
        self.edited.emit(row, col.nid, col.target, number)
        return True

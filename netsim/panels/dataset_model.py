"""DatasetModel: the document's dataset as a table, one column per input and target.

Columns are the dataset's inputs, then the network's input neurons that have no column
yet, then the dataset's targets, then the network's output neurons that are no target
yet. A missing column shows empty cells; typing a number into one adds the column.

Rows held out for testing say "test" in the row header and have a violet tint.

The model only reads the document. A typed cell is checked here: what is not a finite
number is refused (`refused` says why) and nothing changes; a good number is reported as
`edited(row, neuron id, is target, value)` and the dock turns it into an undo command.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from netsim.canvas.style import ROLE_HUES, mix
from netsim.plaintext import guessed, one_line

from .number_field import format_number, parse_number

VALUE_LIMIT = 1e9  # typed values must lie in [-VALUE_LIMIT, VALUE_LIMIT]
TINT = 0.10  # share of the role hue in a column's background
TEST_COLOR = QColor("#8e5bd0")  # rows held out for testing, here and in the plots
TEST_TINT = 0.16  # share of TEST_COLOR in a held-out row's background
Role = Qt.ItemDataRole


@dataclass(frozen=True)
class Column:
    nid: str  # the neuron's id
    target: bool  # a target (output neuron) rather than an input
    at: int | None  # the column in dataset.rows; None: the dataset has no such column


def columns(doc) -> list[Column]:
    """The table's columns for the document's dataset (none without a dataset)."""
    dataset = doc.dataset if doc is not None else None
    if dataset is None:
        return []
    net = doc.network
    n_in = len(dataset.inputs)
    cols = [Column(nid, False, k) for k, nid in enumerate(dataset.inputs)]
    cols += [Column(nid, False, None) for nid in net.ids("input") if nid not in dataset.inputs]
    cols += [Column(nid, True, n_in + k) for k, nid in enumerate(dataset.targets)]
    cols += [Column(nid, True, None) for nid in net.ids("output") if nid not in dataset.targets]
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


class DatasetModel(QAbstractTableModel):
    refused = Signal(str)  # why a typed value was not taken
    edited = Signal(int, str, bool, float)  # row, neuron id, a target column?, new value

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.doc = None
        self.cols: list[Column] = []
        self._rows = 0

    def __repr__(self) -> str:
        return f"DatasetModel({self._rows} rows, {len(self.cols)} columns)"

    def set_document(self, doc) -> None:
        self.beginResetModel()
        self.doc = doc
        self.cols = columns(doc)
        self._rows = len(doc.dataset) if doc is not None and doc.dataset is not None else 0
        self.endResetModel()

    def refresh(self) -> None:
        """Follow the document: values in place when the shape is the same, else reset."""
        cols = columns(self.doc)
        rows = len(self.doc.dataset) if self.doc is not None and self.doc.dataset is not None else 0
        if cols == self.cols and rows == self._rows:
            if rows and cols:
                self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, len(cols) - 1))
            if rows:  # a row may have been held out or taken back
                self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, rows - 1)
            if cols:
                self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(cols) - 1)
            return
        self.beginResetModel()
        self.cols, self._rows = cols, rows
        self.endResetModel()

    def name(self, column: int) -> str:
        nid = self.cols[column].nid
        neuron = self.doc.network.neurons.get(nid)
        return neuron.name if neuron is not None else nid

    def held_out(self, row: int) -> bool:
        """Whether the row is held out for testing."""
        data = self.doc.dataset if self.doc is not None else None
        return data is not None and row < len(data) and bool(data.test[row])

    def value(self, row: int, column: int) -> float | None:
        at = self.cols[column].at
        return None if at is None else float(self.doc.dataset.rows[row, at])

    # ---- Qt overrides --------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.cols)

    def flags(self, index):
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEditable)

    def data(self, index, role=Role.DisplayRole):
        if not index.isValid():
            return None
        col = self.cols[index.column()]
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
        if role == Role.BackgroundRole:
            base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
            hue = ROLE_HUES["output" if col.target else "input"]
            color = mix(hue, base, TINT if col.at is not None else TINT / 3)
            return mix(TEST_COLOR, color, TEST_TINT) if self.held_out(index.row()) else color
        return None

    def headerData(self, section, orientation, role=Role.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            return row_header(section, self.held_out(section), role)
        if not 0 <= section < len(self.cols):
            return None
        col = self.cols[section]
        kind = "target" if col.target else "input"
        if role == Role.DisplayRole:
            return f"{one_line(self.name(section))}\n{kind if col.at is not None else 'no column'}"
        if role == Role.ToolTipRole:
            role_name = "output" if col.target else "input"
            missing = "" if col.at is not None else " (not in the dataset yet)"
            return guessed(f"{kind} column of {role_name} neuron {col.nid}{missing}")
        return None

    def setData(self, index, value, role=Role.EditRole) -> bool:
        if role != Role.EditRole or not index.isValid():
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

"""OutputsTable: what the network makes of every row of its dataset, computed by the engine.

For each row: the inputs, the targets, the outputs of a forward pass with the document's
weights (engine.compiled.Compiled) and the row's error J under the training loss; the
mean error is shown below. When every target is 0 or 1 the table reads as a truth table:
the predicted class (output ≥ 0.5) and ✓ or ✗ for each row. Rows held out for testing
say "test" in the row header and have a violet tint, and their mean error (the test
error) is given apart from the training rows'.

It follows the document, but training changes weights very often, so changes only start
a short single-shot timer and the table refreshes at most about 30 times a second (and
not at all while hidden: it catches up when shown). The compiled network is kept while
only weights change.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel,
                               QTableView, QVBoxLayout, QWidget)

from netsim.canvas.style import ACCEPTED, REFUSED, mix
from netsim.document.document import POSITIONS, WEIGHTS, refollow
from netsim.engine import losses
from netsim.engine.compiled import Compiled
from netsim.plaintext import one_line

from .dataset_model import TEST_COLOR, TEST_TINT, row_header, short_number
from .number_field import MINUS, format_number
from .scrolled import fill_with_scrolled

REFRESH_MS = 33  # at most ~30 refreshes a second
TICK, CROSS = "\u2713", "\u2717"
Role = Qt.ItemDataRole


@dataclass
class Results:
    """One forward pass over the dataset."""
    names: list[str]  # input names, then target names
    n_inputs: int
    x: np.ndarray  # (rows, inputs)
    y: np.ndarray  # (rows, targets)
    o: np.ndarray  # (rows, targets): the outputs
    errors: np.ndarray  # (rows,): J of each row
    loss: losses.Loss
    test: np.ndarray | None = None  # (rows,): held out for testing

    def __post_init__(self) -> None:
        if self.test is None:
            self.test = np.zeros(len(self.x), dtype=bool)

    @property
    def boolean(self) -> bool:
        """Every target is 0 or 1: a truth table."""
        return self.y.size > 0 and bool(np.all((self.y == 0) | (self.y == 1)))

    @property
    def predicted(self) -> np.ndarray:
        return (self.o >= 0.5).astype(float)

    @property
    def right(self) -> np.ndarray:
        """Per row: every predicted class equals its target."""
        return np.all(self.predicted == self.y, axis=1)


def compact(x: float) -> str:
    """An output or error in little room: 0.8230, 1.0000, 4.54e−5, nan."""
    if not np.isfinite(x):
        return str(x)
    if x == 0 or 0.001 <= abs(x) < 1000:
        return f"{x:.4f}".replace("-", MINUS)
    mantissa, exponent = f"{x:.2e}".split("e")
    return f"{mantissa}e{int(exponent)}".replace("-", MINUS)


class OutputsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.results: Results | None = None
        self.cols: list[tuple[str, int, str]] = []  # (kind, index, header)

    def __repr__(self) -> str:
        return f"OutputsModel({self.rowCount()} rows, {len(self.cols)} columns)"

    @staticmethod
    def _columns(r: Results | None) -> list[tuple[str, int, str]]:
        if r is None:
            return []
        names = [one_line(name) for name in r.names]  # a header's first line
        cols = [("x", j, names[j]) for j in range(r.n_inputs)]
        for k, name in enumerate(names[r.n_inputs:]):
            cols += [("y", k, f"{name}\ntarget"), ("o", k, f"{name}\noutput")]
            if r.boolean:
                cols.append(("class", k, f"{name}\nclass"))
        if r.boolean:
            cols.append(("right", 0, "right"))
        cols.append(("error", 0, "error\nJ"))
        return cols

    def set_results(self, results: Results | None) -> None:
        cols = self._columns(results)
        old_rows = self.rowCount()
        if cols == self.cols and results is not None and len(results.x) == old_rows:
            held = self.results.test if self.results is not None else None
            self.results = results
            if old_rows:
                self.dataChanged.emit(self.index(0, 0), self.index(old_rows - 1, len(cols) - 1))
                if held is None or not np.array_equal(held, results.test):
                    self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, old_rows - 1)
            return
        self.beginResetModel()
        self.results, self.cols = results, cols
        self.endResetModel()

    def value(self, row: int, column: int) -> float:
        """The number in a cell (class and right as 0 or 1)."""
        r, (kind, j, _) = self.results, self.cols[column]
        return float({"x": lambda: r.x[row, j], "y": lambda: r.y[row, j],
                      "o": lambda: r.o[row, j], "class": lambda: r.predicted[row, j],
                      "right": lambda: r.right[row], "error": lambda: r.errors[row]}[kind]())

    # ---- Qt overrides --------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.results is None else len(self.results.x)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.cols)

    def data(self, index, role=Role.DisplayRole):
        if not index.isValid():
            return None
        kind = self.cols[index.column()][0]
        value = self.value(index.row(), index.column())
        if role == Role.DisplayRole:
            if kind == "right":
                return TICK if value else CROSS
            if kind in ("o", "error"):
                return compact(value)
            return short_number(value)
        if role == Role.UserRole:
            return value
        if role == Role.ToolTipRole:
            return repr(value)
        if role == Role.TextAlignmentRole:
            if kind == "right":
                return Qt.AlignmentFlag.AlignCenter
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Role.ForegroundRole and kind == "right":
            return ACCEPTED if value else REFUSED
        if role == Role.BackgroundRole and self.held_out(index.row()):
            base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
            return mix(TEST_COLOR, base, TEST_TINT)
        return None

    def held_out(self, row: int) -> bool:
        return self.results is not None and bool(self.results.test[row])

    def headerData(self, section, orientation, role=Role.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            return row_header(section, self.held_out(section), role) \
                if 0 <= section < self.rowCount() else None
        if role != Role.DisplayRole:
            return None
        return self.cols[section][2] if 0 <= section < len(self.cols) else None


class _Table(QTableView):
    """A table view with a modest size hint, so that the panel's preferred height stays
    small (its scroll area sizes the content by it)."""

    resized = Signal()

    def sizeHint(self) -> QSize:
        return QSize(240, 180)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class OutputsTable(QWidget):
    refreshed = Signal()  # the table shows the document as it is now

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self._compiled: Compiled | None = None
        self._dirty = False  # a change arrived while hidden
        self.model = OutputsModel(self)
        self.table = _Table()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.model.modelReset.connect(self._fit_columns)
        self.table.resized.connect(self._fit_columns)
        rows = self.table.verticalHeader()
        rows.setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        outer = fill_with_scrolled(self, content)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.refresh()
        outer.activate()  # settle the minimum size before any native window exists

    def __repr__(self) -> str:
        return f"OutputsTable({self.model!r})"

    def set_document(self, doc) -> None:
        """Follow `doc` (None: nothing)."""
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self._compiled = None
        self.refresh()

    def _on_document_changed(self, change) -> None:
        if change.kind == POSITIONS:
            return
        if change.kind != WEIGHTS:
            self._compiled = None  # structure, dataset, neurons or loss: compile again
        if not self.isVisible():
            self._dirty = True
        elif not self.timer.isActive():
            self.timer.start()

    def refresh(self) -> None:
        """Compute and show the outputs now."""
        self.timer.stop()
        self._dirty = False
        results, reason = self._evaluate()
        self.model.set_results(results)
        self.hint.setText(reason or "")
        self.hint.setVisible(bool(reason))
        self.table.setVisible(results is not None)
        self.summary.setText(self._summary(results))
        self.summary.setVisible(results is not None)
        self.refreshed.emit()

    def _evaluate(self) -> tuple[Results | None, str | None]:
        doc = self.doc
        if doc is None:
            return None, "No network is open."
        dataset, net = doc.dataset, doc.network
        if dataset is None:
            return None, "The network has no dataset: make one in the Dataset dock."
        problem = dataset.problem(net)
        if problem is not None:
            return None, f"No outputs: {problem}."
        if not len(dataset):
            return None, "The dataset has no rows."
        loss = losses.get(doc.file.training.loss)
        if self._compiled is None:
            self._compiled = Compiled(net, dataset.inputs, dataset.targets, loss.name)
        else:
            self._compiled.set_weights([c.weight for c in net.connections])
        compiled = self._compiled
        with np.errstate(over="ignore", invalid="ignore"):  # huge inputs show inf or nan
            state = compiled.forward(dataset.x)
            outputs = compiled.outputs(state)
            errors = compiled.row_errors(state, dataset.y)
        names = [net.neurons[nid].name for nid in dataset.inputs + dataset.targets]
        return Results(names, len(dataset.inputs), dataset.x.copy(), dataset.y.copy(),
                       outputs, errors, loss, dataset.test.copy()), None

    @staticmethod
    def _summary(r: Results | None) -> str:
        if r is None:
            return ""
        n = len(r.x)
        held = int(np.count_nonzero(r.test))
        if held:
            train, test = r.errors[~r.test], r.errors[r.test]
            text = (f"Mean error <b>{format_number(float(np.mean(train)), 6)}</b> over the "
                    f"{n - held} training row{'s' if n - held != 1 else ''}<br>Test error "
                    f"<b>{format_number(float(np.mean(test)), 6)}</b> over the {held} "
                    f"held-out row{'s' if held != 1 else ''}<br>per row {r.loss.formula}")
        else:
            text = (f"Mean error <b>{format_number(float(np.mean(r.errors)), 6)}</b> over "
                    f"{n} row{'s' if n != 1 else ''}<br>per row {r.loss.formula}")
        if r.boolean:
            right = int(np.sum(r.right))
            text = f"<b>{right} of {n}</b> rows right (class 1: output \u2265 0.5)<br>" + text
        return text

    def _fit_columns(self) -> None:
        """Each column as wide as its contents, and the width left over shared out (when
        the contents are wider than the view, the table scrolls sideways)."""
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        count = header.count()
        spare = self.table.viewport().width() - header.length()
        if count and spare > 0:
            for c in range(count):
                header.resizeSection(c, header.sectionSize(c) + spare // count
                                     + (1 if c < spare % count else 0))

    # ---- Qt overrides --------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

"""OutputsModel: one forward pass over the dataset (Results) as a table model.

Columns: the inputs (or, when the dataset's inputs are an image and `numbers` is off, one
picture column of thumbnails), then the hidden neurons chosen to be shown (their outputs:
seed 000 reads XOR's truth table beside OR's and NAND's), then for each target its value, the output and (for 0/1
targets) the predicted class, then ✓/✗ and the row's error J. When the targets are one-hot
over several outputs (a class group, engine/classes.py) the row has one predicted class,
the largest output's, named after it in a single "class" column. A cell's text is made from
the NumPy arrays only when the view asks for it; new results with the same columns tell
the view only what changed (outputs and errors after a weight change).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QFontMetrics, QGuiApplication, QPalette

from netsim.canvas.style import ACCEPTED, REFUSED, mix
from netsim.engine import losses
from netsim.engine.classes import GROUP, NO_CLASS, ClassTargets
from netsim.plaintext import one_line

from .dataset_model import TEST_COLOR, TEST_TINT, row_header, short_number
from .number_field import MINUS
from .table_columns import PAD, column_widths
from .thumbnails import IMAGE_ROLE, cell_size, picture_tip, pixel_tip, thumbnail

TICK, CROSS = "\u2713", "\u2717"
Role = Qt.ItemDataRole


@dataclass(eq=False)
class Results:
    """One forward pass over the dataset (the arrays are the dataset's own, not copies:
    a dataset is replaced, never changed in place)."""
    names: list[str]  # input names, then target names
    n_inputs: int
    x: np.ndarray  # (rows, inputs)
    y: np.ndarray  # (rows, targets)
    o: np.ndarray  # (rows, targets): the outputs
    errors: np.ndarray  # (rows,): J of each row
    loss: losses.Loss
    test: np.ndarray | None = None  # (rows,): held out for testing
    image: tuple[int, int] | None = None  # the inputs' image shape
    pixel_range: tuple[float, float] = (0.0, 1.0)  # the values for white and black
    source: object = None  # the dataset these came from
    classes: ClassTargets | None = None  # the dataset's class targets, if any
    scaled: str | None = None  # the inputs' scaling ("standardised", ...): x is scaled
    shown: list[tuple[str, np.ndarray]] = field(default_factory=list)  # hidden neurons
    # shown beside the outputs: (name, its output on every row)

    def __post_init__(self) -> None:
        if self.test is None:
            self.test = np.zeros(len(self.x), dtype=bool)

    @cached_property
    def boolean(self) -> bool:
        """Every target is 0 or 1: a truth table."""
        return self.y.size > 0 and bool(np.all((self.y == 0) | (self.y == 1)))

    @property
    def group(self) -> bool:
        """The targets are one class out of several outputs."""
        return self.classes is not None and self.classes.kind == GROUP

    @cached_property
    def predicted(self) -> np.ndarray:
        return (self.o >= 0.5).astype(float)

    @cached_property
    def predicted_class(self) -> np.ndarray:
        """Per row of a group: the predicted class (NO_CLASS: outputs not numbers)."""
        return self.classes.predicted(self.o)

    @cached_property
    def right(self) -> np.ndarray:
        """Per row: every predicted class equals its target (of a group: the one class)."""
        if self.group:
            return self.predicted_class == self.classes.true(self.y)
        return np.all(self.predicted == self.y, axis=1)

    def class_name(self, row: int) -> str:
        k = int(self.predicted_class[row])
        return "?" if k == NO_CLASS else one_line(self.classes.names[k])


def compact(x: float) -> str:
    """An output or error in little room: 0.8230, 1.0000, 4.54e−5, nan."""
    if not np.isfinite(x):
        return str(x)
    if x == 0 or 0.001 <= abs(x) < 1000:
        return f"{x:.4f}".replace("-", MINUS)
    mantissa, exponent = f"{x:.2e}".split("e")
    return f"{mantissa}e{int(exponent)}".replace("-", MINUS)


def compact_width(fm: QFontMetrics, values: np.ndarray) -> int:
    """A cell wide enough for compact() of any of `values`: the widest are the ends and
    the smallest nonzero magnitude (which may take the e-form), or nan and inf."""
    finite = values[np.isfinite(values)]
    texts = ["nan", "-inf"] if finite.size < values.size else []
    if finite.size:
        texts += [compact(float(finite.min())), compact(float(finite.max()))]
        nonzero = finite[finite != 0]
        if nonzero.size:
            texts.append(compact(float(nonzero[np.argmin(np.abs(nonzero))])))
    return max((fm.horizontalAdvance(t) for t in texts), default=0) + PAD


def span(flags: np.ndarray) -> tuple[int, int] | None:
    where = np.flatnonzero(flags)
    return (int(where[0]), int(where[-1])) if where.size else None


class OutputsModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.results: Results | None = None
        self.cols: list[tuple[str, int, str]] = []  # (kind, index, header)
        self.numbers = False  # image inputs as one number column each, not a picture
        self._tint = None

    def __repr__(self) -> str:
        return f"OutputsModel({self.rowCount()} rows, {len(self.cols)} columns)"

    @property
    def image(self) -> tuple[int, int] | None:
        """The shape of the picture column, or None when there is none."""
        return self.results.image if self.cols and self.cols[0][0] == "picture" else None

    def _columns(self, r: Results | None) -> list[tuple[str, int, str]]:
        if r is None:
            return []
        names = [one_line(name) for name in r.names]  # a header's first line
        if r.image is not None and not self.numbers:
            cols = [("picture", 0, f"inputs\n{r.image[0]} \u00d7 {r.image[1]}")]
        else:
            # the inputs as the network sees them: scaled, when the dataset scales them
            below = f"\n{r.scaled}" if r.scaled else ""
            cols = [("x", j, names[j] + below) for j in range(r.n_inputs)]
        cols += [("h", k, f"{one_line(name)}\nhidden") for k, (name, _) in enumerate(r.shown)]
        for k, name in enumerate(names[r.n_inputs:]):
            cols += [("y", k, f"{name}\ntarget"), ("o", k, f"{name}\noutput")]
            if r.boolean and not r.group:
                cols.append(("class", k, f"{name}\nclass"))
        if r.group:
            cols.append(("class", -1, "class"))
        if r.boolean:
            cols.append(("right", 0, "right"))
        cols.append(("error", 0, "error\nJ"))
        return cols

    def set_numbers(self, numbers: bool) -> None:
        """Image inputs as one column each (True) or as a picture (False)."""
        if numbers != self.numbers:
            self.numbers = numbers
            self.beginResetModel()
            self.cols = self._columns(self.results)
            self.endResetModel()

    def set_results(self, results: Results | None) -> None:
        """Show `results`: in place when the columns and rows are the same (the view is
        told which cells changed), else by a reset."""
        old = self.results
        if results is not None and old is not None and results.source is old.source:
            results.__dict__["boolean"] = old.boolean  # the same targets: no need to look again
        cols = self._columns(results)
        rows = self.rowCount()
        if cols != self.cols or results is None or old is None or len(results.x) != rows:
            self.beginResetModel()
            self.results, self.cols = results, cols
            self._tint = None
            self.endResetModel()
            return
        self.results = results
        if not rows:
            return
        last = len(cols) - 1
        # the same dataset: only what the weights make changed (from the first target on)
        first = 0 if results.source is not old.source else \
            next(c for c, col in enumerate(cols) if col[0] not in ("x", "picture"))
        self.dataChanged.emit(self.index(0, first), self.index(rows - 1, last))
        held = span(old.test != results.test)
        if held is not None:
            self.dataChanged.emit(self.index(held[0], 0), self.index(held[1], last),
                                  [Role.BackgroundRole])
            self.headerDataChanged.emit(Qt.Orientation.Vertical, *held)

    def value(self, row: int, column: int) -> float:
        """The number in a cell (class and right as 0 or 1)."""
        r, (kind, j, _) = self.results, self.cols[column]
        if kind == "x":
            return float(r.x[row, j])
        if kind == "y":
            return float(r.y[row, j])
        if kind == "o":
            return float(r.o[row, j])
        if kind == "h":
            return float(r.shown[j][1][row])
        if kind == "class":
            return float(r.predicted_class[row] if j < 0 else r.predicted[row, j])
        if kind == "right":
            return float(r.right[row])
        return float(r.errors[row])

    def held_out(self, row: int) -> bool:
        return self.results is not None and bool(self.results.test[row])

    def picture(self, row: int):
        """The unscaled thumbnail of a row's inputs (QImage)."""
        r = self.results
        return thumbnail(r.x[row], r.image, *r.pixel_range)

    def pixel_tip(self, index, pixel: int | None) -> str:
        """The tooltip of the picture cell `index` with the mouse over `pixel` (None:
        off the picture)."""
        r = self.results
        if pixel is None:
            return picture_tip(r.image, *r.pixel_range, False)
        return pixel_tip(r.names[pixel], pixel, r.image, float(r.x[index.row(), pixel]))

    def widths(self, fm: QFontMetrics, header_fm: QFontMetrics) -> list[int]:
        """Column widths from the headers and the numbers, without asking for any cell."""
        r = self.results
        if r is None:
            return []
        widths = column_widths(fm, header_fm, [c[2] for c in self.cols], None)
        inputs = [c for c, col in enumerate(self.cols) if col[0] == "x"]
        if inputs and len(r.x):
            for c, w in zip(inputs, column_widths(fm, header_fm, [self.cols[c][2] for c in inputs],
                                                  r.x)):
                widths[c] = w
        targets = [c for c, col in enumerate(self.cols) if col[0] == "y"]
        if targets and len(r.y):
            for c, w in zip(targets, column_widths(fm, header_fm,
                                                   [self.cols[c][2] for c in targets], r.y)):
                widths[c] = w
        for c, w in self.computed_widths(fm).items():
            widths[c] = max(widths[c], w)
        for c, (kind, _, _) in enumerate(self.cols):
            if kind == "picture":
                widths[c] = max(widths[c], cell_size(r.image).width())
        return widths

    def computed_widths(self, fm: QFontMetrics) -> dict[int, int]:
        """The widths the outputs and errors need now, by column (headers aside)."""
        r = self.results
        if r is None or not len(r.o):
            return {}
        columns = {"o": lambda j: r.o[:, j], "h": lambda j: r.shown[j][1],
                   "error": lambda _: r.errors}
        widths = {c: compact_width(fm, columns[kind](j))
                  for c, (kind, j, _) in enumerate(self.cols) if kind in columns}
        if r.group:  # the predicted class's name
            c = next(c for c, (kind, j, _) in enumerate(self.cols) if kind == "class")
            widths[c] = max(fm.horizontalAdvance(one_line(n)) for n in r.classes.names) + PAD
        return widths

    # ---- Qt overrides --------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.results is None else len(self.results.x)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.cols)

    def data(self, index, role=Role.DisplayRole):
        if not index.isValid():
            return None
        kind = self.cols[index.column()][0]
        if role == Role.BackgroundRole:
            if not self.held_out(index.row()):
                return None
            if self._tint is None:
                base = QGuiApplication.palette().color(QPalette.ColorRole.Base)
                self._tint = mix(TEST_COLOR, base, TEST_TINT)
            return self._tint
        if kind == "picture":
            if role == IMAGE_ROLE:
                return self.picture(index.row())
            if role == Role.ToolTipRole:
                return self.pixel_tip(index, None)
            return None
        value = self.value(index.row(), index.column())
        if role == Role.DisplayRole:
            if kind == "right":
                return TICK if value else CROSS
            if kind == "class" and self.cols[index.column()][1] < 0:
                return self.results.class_name(index.row())
            if kind in ("o", "h", "error"):
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
        return None

    def headerData(self, section, orientation, role=Role.DisplayRole):
        if orientation == Qt.Orientation.Vertical:
            return row_header(section, self.held_out(section), role) \
                if 0 <= section < self.rowCount() else None
        if not 0 <= section < len(self.cols):
            return None
        if role == Role.ToolTipRole and self.cols[section][0] == "picture":
            return self.pixel_tip(None, None)
        return self.cols[section][2] if role == Role.DisplayRole else None

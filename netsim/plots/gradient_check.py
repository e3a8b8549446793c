"""GradientCheckView: back-propagation's dJ/dw against central finite differences, one
row per connection, with the largest relative error highlighted and stated.

The check runs when asked (it evaluates the whole dataset twice per weight; a network of
more than SAMPLE connections is checked on a sample of that many, and says so). Any change
to the document makes the numbers stale, so they are cleared until the next check.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel,
                               QProgressDialog, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from ..document.document import refollow
from ..engine.gradcheck import Cancelled, GradientCheck, gradient_check
from ..engine.text import ARROW, MINUS, connection_name, readable

HEADERS = ("Connection", "Backprop", "Finite diff.", "Rel. error")
TIPS = ("", "dJ/dw of the mean error J from one backward pass",
        "(J(w + h) \u2212 J(w \u2212 h)) / 2h", "|backprop \u2212 finite diff.| / the larger of the two")
WORST_COLOR = QColor(255, 214, 150)
VALUE_ROLE = Qt.ItemDataRole.UserRole  # the exact float behind a number cell
ASK = "Press Check gradients to compare backprop with finite differences."
SAMPLE = 200  # connections checked on a bigger network
PROGRESS_AFTER_MS = 400  # a check taking longer shows its progress, with Cancel


def key_text(key: tuple[str, str], network=None) -> str:
    """'x1 → y', by label when the network is given."""
    return connection_name(network, key) if network is not None else f"{key[0]} {ARROW} {key[1]}"


def relative_text(value: float) -> str:
    """A relative error as 1.2e−09: one decimal, a real minus sign in the exponent."""
    return f"{value:.1e}".replace("-", MINUS)


class GradientCheckView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.result: GradientCheck | None = None
        self.button = QPushButton("Check gradients")
        self.button.clicked.connect(self.check)
        self.summary = QLabel(ASK)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)  # it names a weight
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        for col, tip in enumerate(TIPS):
            self.table.horizontalHeaderItem(col).setToolTip(tip)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)  # fit a narrow dock
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def __repr__(self) -> str:
        return f"GradientCheckView({self.result!r})"

    # ---- the document --------------------------------------------------------------
    def set_document(self, doc) -> None:
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self._clear(ASK)

    def _on_document_changed(self, _change) -> None:
        if self.result is not None:
            self._clear("The network changed: check again.")

    def _clear(self, message: str) -> None:
        self.result = None
        self.table.setRowCount(0)
        self.summary.setText(message)
        self.button.setEnabled(self.doc is not None)

    # ---- the check -----------------------------------------------------------------
    def check(self) -> GradientCheck | None:
        """Run the check on the document's network, dataset and loss and show it."""
        doc = self.doc
        if doc is None:
            return None
        data = doc.dataset
        problem = ("there is no dataset" if data is None or len(data) == 0
                   else data.problem(doc.network))
        if problem is None and not doc.network.connections:
            problem = "the network has no connections"
        if problem:
            self._clear(f"Cannot check: {problem}.")
            return None
        try:
            result = self._run(doc, data)
        except ValueError as exc:
            self._clear(f"Cannot check: {exc}")
            return None
        except Cancelled:
            self._clear("The check was cancelled.")
            return None
        self._show(result)
        return result

    def _run(self, doc, data) -> GradientCheck:
        """The check, with a progress dialog and Cancel once it takes a moment."""
        dialog = QProgressDialog("Checking gradients\u2026", "Cancel", 0, 1, self)
        dialog.setWindowTitle("Gradient Check")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_AFTER_MS)

        def progress(done: int, total: int) -> bool:
            dialog.setMaximum(total)
            dialog.setValue(done)  # runs the dialog's events once it shows
            return not dialog.wasCanceled()

        try:
            return gradient_check(doc.network, data, doc.file.training.loss, most=SAMPLE,
                                  progress=progress)
        finally:
            dialog.reset()
            dialog.deleteLater()

    def _show(self, result: GradientCheck) -> None:
        self.result = result
        table = self.table
        table.setRowCount(len(result.keys))
        for i, key in enumerate(result.keys):
            table.setItem(i, 0, QTableWidgetItem(key_text(key, self.doc.network)))
            for col, value, text in ((1, result.analytic[i], readable),
                                     (2, result.numeric[i], readable),
                                     (3, result.relative[i], relative_text)):
                cell = QTableWidgetItem(text(float(value)))
                cell.setData(VALUE_ROLE, float(value))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(i, col, cell)
        worst = result.worst
        bold = QFont(table.font())
        bold.setBold(True)
        for col in range(table.columnCount()):
            cell = table.item(worst, col)
            cell.setBackground(QBrush(WORST_COLOR))
            cell.setForeground(QBrush(QColor("black")))
            cell.setFont(bold)
        checked = ""
        if result.sampled:
            n = len(result.keys)
            checked = (f"Checked {n} of {result.total:,} connections: the {n // 2} with the "
                       f"steepest gradients and {n - n // 2} more at random. ")
        self.summary.setText(f"{checked}Largest relative error "
                             f"{relative_text(result.max_relative)} on "
                             f"{key_text(result.worst_key, self.doc.network)} "
                             f"(h = {readable(result.h)}).")

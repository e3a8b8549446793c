"""SplitControls: the dataset dock's test split.

"Hold out N % for testing" with Split and Clear, a line that says how many rows are held
out, and two actions on the table's right-click menu that hold the selected rows out or
take them back for training. Held-out rows are never trained on; the table marks them
"test" and the scatter draws them hollow.

The rows are chosen at random with the training settings' seed, so the same file splits
the same way. Every change is handed to the dock's `push` (one SetDataset undo step);
what cannot be done goes to its `refuse` and changes nothing.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from netsim.document.dataset_commands import with_test_rows
from netsim.engine.dataset import Dataset

from .dataset_table import DatasetTable

DEFAULT_PERCENT = 25
MAX_PERCENT = 90


def rows_text(n: int) -> str:
    return f"{n} row" if n == 1 else f"{n} rows"


class SplitControls(QWidget):
    def __init__(self, table: DatasetTable, push: Callable[[Dataset, str], None],
                 refuse: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table, self.push, self.refuse = table, push, refuse
        self.doc = None
        self.percent = QSpinBox()
        self.percent.setRange(1, MAX_PERCENT)
        self.percent.setValue(DEFAULT_PERCENT)
        self.percent.setSuffix(" %")
        self.percent.setToolTip("The share of the rows to hold out for testing: training "
                                "never sees them, and their error is the test error")
        self.split_button = QPushButton("Split")
        self.split_button.setToolTip("Hold out this share of the rows for testing, chosen at "
                                     "random with the training seed; training never sees them")
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Train on every row again: no rows held out")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setToolTip("Held-out rows show \u201ctest\u201d in the table and hollow "
                                "points in the scatter; the Error Curve draws their error "
                                "beside the training error")
        self.hold_action = QAction("Hold Out Selected Rows for Testing", table)
        self.hold_action.setToolTip("Training never sees these rows; their error is the "
                                    "test error")
        self.train_action = QAction("Train on Selected Rows", table)
        self.train_action.setToolTip("Use these rows for training again")
        table.addActions([self.hold_action, self.train_action])
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.split_button.clicked.connect(self.split)
        self.clear_button.clicked.connect(self.clear)
        self.hold_action.triggered.connect(lambda: self.set_selected(True))
        self.train_action.triggered.connect(lambda: self.set_selected(False))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel("Hold out")
        label.setToolTip(self.percent.toolTip())
        row.addWidget(label)
        row.addWidget(self.percent)
        row.addWidget(self.split_button)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.summary)

    def __repr__(self) -> str:
        return f"SplitControls({self.summary.text()!r})"

    @property
    def dataset(self) -> Dataset | None:
        return self.doc.dataset if self.doc is not None else None

    def show_document(self, doc) -> None:
        """Show how `doc`'s dataset is split and enable what can be done."""
        self.doc = doc
        data = self.dataset
        rows = len(data) if data is not None else 0
        held = data.test_count if data is not None else 0
        self.split_button.setEnabled(rows >= 2)
        self.clear_button.setEnabled(held > 0)
        self.percent.setEnabled(rows >= 2)
        if data is None or not rows:
            self.summary.setText("")
        elif held:
            self.summary.setText(f"{held} of {rows_text(rows)} held out for testing (marked "
                                 f"\u201ctest\u201d, hollow points); training uses the "
                                 f"other {rows - held}.")
        else:
            self.summary.setText("No test split: training uses every row.")
        self.update_actions()

    def update_actions(self) -> None:
        data, selected = self.dataset, self.table.selected_rows()
        test = data.test if data is not None else np.zeros(0, dtype=bool)
        chosen = [r for r in selected if r < len(test)]
        self.hold_action.setEnabled(any(not test[r] for r in chosen))
        self.train_action.setEnabled(any(test[r] for r in chosen))

    # ---- changes -----------------------------------------------------------------------
    def split(self) -> None:
        """Hold out the chosen share of the rows (replacing any split)."""
        data = self.dataset
        if data is None or not len(data):
            self.refuse("There are no rows to split")
            return
        percent = self.percent.value()
        try:
            new = data.split(percent / 100, self.doc.file.training.seed)
        except ValueError as e:
            self.refuse(f"Cannot split: {e}")
            return
        if not new.test_count:
            self.refuse(f"Cannot split: {percent}% of {rows_text(len(data))} rounds to no "
                        f"row; hold out more")
            return
        self.push(new, f"Hold out {new.test_count} of {rows_text(len(data))} for testing")

    def clear(self) -> None:
        data = self.dataset
        if data is None or not data.test_count:
            return
        self.push(data.with_test(np.zeros(len(data), dtype=bool)),
                  "Train on every row (clear the test split)")

    def set_selected(self, held_out: bool) -> None:
        """Hold the selected rows out for testing, or train on them again."""
        data, rows = self.dataset, self.table.selected_rows()
        if data is None or not rows:
            return
        new = with_test_rows(data, rows, held_out)
        if held_out and len(new) and new.test.all():
            self.refuse("Cannot hold out every row: at least one row must be left for "
                        "training")
            return
        if np.array_equal(new.test, data.test):
            return
        verb = "Hold out" if held_out else "Train on"
        where = f"row {rows[0]}" if len(rows) == 1 else rows_text(len(rows))
        self.push(new, f"{verb} {where}" + (" for testing" if held_out else ""))

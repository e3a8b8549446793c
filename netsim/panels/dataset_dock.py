"""DatasetDock: the document's dataset as an editable table, with ready-made data, CSV
import and export (dataset_sources.py), a test split (dataset_split.py), and (for two
inputs) a scatter to paint points on.

It follows the document: every dataset, structure or neuron change refreshes the table,
so columns follow neurons being added, removed or renamed, and undo shows at once. Every
edit is one SetDataset undo command on the document's stack; what cannot be done is
refused with a one-line message, shown in red here and emitted on `status`, and the
document stays as it was.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QSplitter, QStackedWidget,
                               QVBoxLayout, QWidget)

from netsim.document.dataset_commands import (SetDataset, empty_for, with_column, with_rows,
                                              with_value, without_rows)
from netsim.document.document import DATASET, EVERYTHING, NEURONS, STRUCTURE, refollow
from netsim.engine.text import readable

from .dataset_dialogs import ARROW
from .dataset_scaling import ScalingControls
from .dataset_scatter import DatasetScatter
from .dataset_sources import DatasetSources, plural
from .dataset_split import SplitControls
from .dataset_table import DatasetTable
from .refusal import RefusalLabel, paint_refusal
from .scrolled import fill_with_scrolled

FOLLOWED = {DATASET, STRUCTURE, NEURONS, EVERYTHING}


class DatasetDock(DatasetSources, ScalingControls, QWidget):
    status = Signal(str)  # one-line messages for the status bar
    failed = Signal(str, str)  # (title, one line): a file that could not be read or written

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self._painting = False  # a painted point is being pushed: the scatter keeps its view
        self.add_button = QPushButton("Add Row")
        self.remove_button = QPushButton("Remove Rows")
        self.remove_button.setToolTip("Remove the rows of the selected cells")
        self._build_sources()
        self._build_scaling()

        self.table = DatasetTable()
        self.model = self.table.model()
        self.scatter = DatasetScatter()
        self.split = SplitControls(self.table, self._push, self.refuse)
        separator = QAction(self.table)
        separator.setSeparator(True)
        self.table.addActions([separator, self.table.numbers_action])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.scatter)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([230, 250])

        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.create_button = QPushButton("Create a Dataset")
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addWidget(self.hint)
        empty_layout.addWidget(self.create_button)
        empty_layout.addStretch(1)
        self.pages = QStackedWidget()
        self.pages.addWidget(empty)
        self.pages.addWidget(self.splitter)

        self.problem = QLabel()
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.fix_button = QPushButton("Add Missing Columns")
        self.message = RefusalLabel()
        paint_refusal(self.problem)
        outer = self._lay_out()
        self._connect()
        self.clear_message()
        self._show()
        # Settle the minimum size before any native window exists: the offscreen
        # platform warns when it changes afterwards.
        outer.activate()

    def __repr__(self) -> str:
        return f"DatasetDock({self.doc.dataset if self.doc is not None else None!r})"

    def _lay_out(self) -> QVBoxLayout:
        rows = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.builtin_button):
            rows.addWidget(button)
        rows.addStretch(1)
        data = QHBoxLayout()
        for button in (self.generate_button, self.import_button, self.export_button):
            data.addWidget(button)
        data.addStretch(1)
        scaling = QHBoxLayout()
        scaling.addWidget(self.scaling_button)
        scaling.addStretch(1)
        problem = QHBoxLayout()
        problem.addWidget(self.problem, 1)
        problem.addWidget(self.fix_button)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(rows)
        layout.addLayout(data)
        layout.addLayout(scaling)
        layout.addWidget(self.split)
        layout.addWidget(self.pages, 1)
        layout.addLayout(problem)
        layout.addWidget(self.message)
        outer = fill_with_scrolled(self, content)
        return outer

    def _connect(self) -> None:
        self.add_button.clicked.connect(lambda: self.add_rows(1))
        self.remove_button.clicked.connect(self.remove_selected_rows)
        self.create_button.clicked.connect(self.create_dataset)
        self.fix_button.clicked.connect(self.add_missing_columns)
        # Queued: the command may reset the table, which must not happen while the
        # delegate is still committing from its editor.
        self.model.edited.connect(self._on_cell_edited, Qt.ConnectionType.QueuedConnection)
        self.model.refused.connect(self.refuse)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.table.selectionModel().selectionChanged.connect(self.split.update_actions)
        self.model.modelReset.connect(self._update_buttons)
        self.scatter.paint_requested.connect(self.paint_point)

    # ---- following the document ----------------------------------------------------
    def set_document(self, doc) -> None:
        """Follow `doc` (None: nothing)."""
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self.model.set_document(doc)
        self.clear_message()
        self._show()

    def _on_document_changed(self, change) -> None:
        if change.kind in FOLLOWED:
            self.model.refresh()
            self._show()

    def _show(self) -> None:
        doc = self.doc
        dataset = doc.dataset if doc is not None else None
        net = doc.network if doc is not None else None
        self.pages.setCurrentIndex(0 if dataset is None else 1)
        self.split.setVisible(dataset is not None)
        self.split.show_document(doc)
        if doc is None:
            self.hint.setText("No network is open.")
        elif dataset is None:
            ins, outs = net.ids("input"), net.ids("output")
            if ins and outs:
                self.hint.setText("This network has no dataset yet. Create one with a column "
                                  f"for each input and output neuron ({self._names(ins)} "
                                  f"{ARROW} {self._names(outs)}), or load one above.")
            else:
                self.hint.setText("This network has no dataset yet. Add input and output "
                                  "neurons to make one.")
        self.create_button.setVisible(doc is not None and dataset is None)
        self.create_button.setEnabled(net is not None and bool(net.ids("input"))
                                      and bool(net.ids("output")))
        problem = dataset.problem(net) if dataset is not None else None
        if problem is None and dataset is not None and not len(dataset):
            problem = "the dataset has no rows"
        self.problem.setText(f"Training cannot start: {problem}." if problem else "")
        self.problem.setVisible(bool(problem))
        self.fix_button.setVisible(bool(self._missing_inputs()))
        self._show_scatter()
        self._update_buttons()

    def _show_scatter(self) -> None:
        pair = self._painted_inputs()
        self.scatter.setVisible(pair is not None)
        if pair is None:
            return
        dataset = self.doc.dataset
        at = [dataset.inputs.index(nid) for nid in pair]
        self.scatter.show_points(dataset.raw_x[:, at], dataset.y, self._name_pair(pair),
                                 fit=not self._painting, test=dataset.test)

    def _painted_inputs(self) -> list[str] | None:
        """The two input neurons the scatter shows, or None when it is not shown."""
        if self.doc is None or self.doc.dataset is None:
            return None
        ins = self.doc.network.ids("input")
        if len(ins) != 2 or any(nid not in self.doc.dataset.inputs for nid in ins):
            return None
        return ins

    def _update_buttons(self) -> None:
        doc = self.doc
        dataset = doc.dataset if doc is not None else None
        self.add_button.setEnabled(dataset is not None)
        self.remove_button.setEnabled(dataset is not None and bool(self.table.selected_rows()))
        self._update_sources()
        self._update_scaling()

    def _names(self, ids) -> str:
        return ", ".join(self.doc.network.neurons[nid].name for nid in ids)

    def _name_pair(self, ids) -> tuple[str, str]:
        return tuple(self.doc.network.neurons[nid].name for nid in ids)

    def _missing_inputs(self) -> list[str]:
        if self.doc is None or self.doc.dataset is None:
            return []
        columns = set(self.doc.dataset.inputs)
        return [n for n in self.doc.network.ids("input") if n not in columns]

    # ---- messages ------------------------------------------------------------------
    def refuse(self, text: str) -> None:
        self.message.show_refusal(text)
        self.status.emit(text)

    def clear_message(self) -> None:
        self.message.clear_refusal()

    def _push(self, dataset, text: str) -> None:
        self.clear_message()
        self.doc.undo_stack.push(SetDataset(self.doc, dataset, text))

    # ---- edits ---------------------------------------------------------------------
    def _on_cell_edited(self, row: int, nid: str, target: bool, value: float) -> None:
        dataset = self.doc.dataset if self.doc is not None else None
        if dataset is None or row >= len(dataset) or nid not in self.doc.network.neurons:
            return  # the document changed before this queued edit arrived
        columns = dataset.targets if target else dataset.inputs
        if nid not in columns:  # a missing column: add it, then set the cell
            dataset = with_column(dataset, nid, target)
            columns = dataset.targets if target else dataset.inputs
        at = columns.index(nid) + (len(dataset.inputs) if target else 0)
        name = self.doc.network.neurons[nid].name
        self._push(with_value(dataset, row, at, value),
                   f"Edit row {row}, {name} = {readable(value)}")

    def add_rows(self, count: int = 1) -> None:
        dataset = self.doc.dataset
        if not dataset.rows.shape[1]:  # a row would hold nothing (no columns: no rows)
            self.refuse("Cannot add a row: the dataset has no columns; add input and output "
                        "neurons first")
            return
        self._push(with_rows(dataset, np.zeros((count, dataset.rows.shape[1]))),
                   f"Add {plural(count, 'row')}")
        self.table.select_row(len(self.doc.dataset) - 1)

    def remove_selected_rows(self) -> None:
        rows = self.table.selected_rows()
        if not rows or self.doc is None or self.doc.dataset is None:
            return
        self._push(without_rows(self.doc.dataset, rows), f"Remove {plural(len(rows), 'row')}")

    def create_dataset(self) -> None:
        net = self.doc.network
        if not net.ids("input") or not net.ids("output"):
            self.refuse("A dataset needs input and output neurons; add them first")
            return
        self._push(empty_for(net.ids("input"), net.ids("output"), rows=1), "Create a dataset")

    def add_missing_columns(self) -> None:
        missing = self._missing_inputs()
        if not missing:
            return
        dataset = self.doc.dataset
        for nid in missing:
            dataset = with_column(dataset, nid, target=False)
        names = self._names(missing)
        self._push(dataset, f"Add a column for {names}" if len(missing) == 1
                   else f"Add columns for {names}")

    def paint_point(self, x: float, y: float, cls: int) -> None:
        pair = self._painted_inputs()
        if pair is None:
            return
        dataset = self.doc.dataset
        row = np.zeros(dataset.rows.shape[1])
        for nid, value in zip(pair, (x, y)):
            row[dataset.inputs.index(nid)] = value
        row[len(dataset.inputs):] = cls
        self._painting = True
        try:
            self._push(with_rows(dataset, row), f"Paint a class-{cls} point")
        finally:
            self._painting = False

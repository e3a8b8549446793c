"""DatasetDock: the document's dataset as an editable table, with ready-made data, CSV
import and export, a test split (dataset_split.py), and (for two inputs) a scatter to
paint points on.

It follows the document: every dataset, structure or neuron change refreshes the table,
so columns follow neurons being added, removed or renamed, and undo shows at once. Every
edit is one SetDataset undo command on the document's stack; what cannot be done is
refused with a one-line message, shown in red here and emitted on `status`, and the
document stays as it was.

Questions to the person (file names, generator settings, the import preview) go through
the ask_* and confirm_import methods, which tests replace.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QFileDialog, QHBoxLayout, QLabel, QMenu,
                               QPushButton, QSplitter, QStackedWidget,
                               QVBoxLayout, QWidget)

from netsim.document.dataset_commands import (SetDataset, empty_for, with_column, with_rows,
                                              with_value, without_rows)
from netsim.document.document import DATASET, EVERYTHING, NEURONS, STRUCTURE, refollow
from netsim.engine.datasets import (GENERATOR_NAMES, TRUTH_TABLES, fit_problem, fit_to,
                                    generate, truth_table)
from netsim.engine.text import readable
from netsim.io.csvdata import load_csv, save_csv
from netsim.io.fileformat import FormatError, file_name
from netsim.plaintext import guessed

from .dataset_dialogs import ARROW, CsvImportDialog, GenerateDialog
from .dataset_scatter import DatasetScatter
from .dataset_split import SplitControls
from .dataset_table import DatasetTable
from .refusal import RefusalLabel, paint_refusal
from .scrolled import fill_with_scrolled

FOLLOWED = {DATASET, STRUCTURE, NEURONS, EVERYTHING}
CSV_FILTER = "CSV files (*.csv);;All files (*)"


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class DatasetDock(QWidget):
    status = Signal(str)  # one-line messages for the status bar
    failed = Signal(str, str)  # (title, one line): a file that could not be read or written

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self._painting = False  # a painted point is being pushed: the scatter keeps its view
        self.add_button = QPushButton("Add Row")
        self.remove_button = QPushButton("Remove Rows")
        self.remove_button.setToolTip("Remove the rows of the selected cells")
        self.builtin_button = QPushButton("Built-in")
        self.builtin_menu = QMenu(self)
        self.builtin_actions = {}
        for name in TRUTH_TABLES:
            action = self.builtin_menu.addAction(f"{name} truth table")
            action.triggered.connect(lambda _=False, n=name: self.load_truth_table(n))
            self.builtin_actions[name] = action
        self.builtin_button.setMenu(self.builtin_menu)
        self.generate_button = QPushButton("Generate\u2026")
        self.import_button = QPushButton("Import CSV\u2026")
        self.export_button = QPushButton("Export CSV\u2026")

        self.table = DatasetTable()
        self.model = self.table.model()
        self.scatter = DatasetScatter()
        self.split = SplitControls(self.table, self._push, self.refuse)
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
        problem = QHBoxLayout()
        problem.addWidget(self.problem, 1)
        problem.addWidget(self.fix_button)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(rows)
        layout.addLayout(data)
        layout.addWidget(self.split)
        layout.addWidget(self.pages, 1)
        layout.addLayout(problem)
        layout.addWidget(self.message)
        outer = fill_with_scrolled(self, content)
        return outer

    def _connect(self) -> None:
        self.add_button.clicked.connect(lambda: self.add_rows(1))
        self.remove_button.clicked.connect(self.remove_selected_rows)
        self.generate_button.clicked.connect(lambda: self.generate())
        self.import_button.clicked.connect(lambda: self.import_csv())
        self.export_button.clicked.connect(lambda: self.export_csv())
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
        self.scatter.show_points(dataset.x[:, at], dataset.y, self._name_pair(pair),
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
        self.export_button.setEnabled(dataset is not None)
        self.import_button.setEnabled(doc is not None)
        problem = fit_problem(doc.network) if doc is not None else "no network is open"
        for button in (self.builtin_button, self.generate_button):
            button.setEnabled(problem is None)
        if problem is None:
            mapping = self._mapping()
            self.builtin_button.setToolTip(guessed(f"Load a truth table onto {mapping}"))
            self.generate_button.setToolTip(
                guessed(f"Generate two classes of points on {mapping}"))
        else:
            self.builtin_button.setToolTip(guessed(f"Not available: {problem}"))
            self.generate_button.setToolTip(guessed(f"Not available: {problem}"))

    def _names(self, ids) -> str:
        return ", ".join(self.doc.network.neurons[nid].name for nid in ids)

    def _name_pair(self, ids) -> tuple[str, str]:
        return tuple(self.doc.network.neurons[nid].name for nid in ids)

    def _mapping(self) -> str:
        net = self.doc.network
        return f"{self._names(net.ids('input')[:2])} {ARROW} {self._names(net.ids('output')[:1])}"

    def _missing_inputs(self) -> list[str]:
        if self.doc is None or self.doc.dataset is None:
            return []
        return [n for n in self.doc.network.ids("input") if n not in self.doc.dataset.inputs]

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

    # ---- ready-made data -----------------------------------------------------------
    def _fit(self, rows, text: str) -> bool:
        problem = fit_problem(self.doc.network)
        if problem is not None:
            self.refuse(f"Cannot {text[0].lower()}{text[1:]}: {problem}")
            return False
        self._push(fit_to(self.doc.network, rows), text)
        return True

    def load_truth_table(self, name: str) -> None:
        if self._fit(truth_table(name), f"Load {name} truth table"):
            self.status.emit(f"Loaded the {name} truth table onto {self._mapping()}")

    def generate(self, kind: str | None = None, n: int = 200, noise: float = 0.1,
                 seed: int = 0) -> None:
        """Replace the dataset with a point cloud; without `kind`, ask for the settings."""
        if kind is None:
            if fit_problem(self.doc.network) is not None:
                self.refuse(f"Cannot generate points: {fit_problem(self.doc.network)}")
                return
            chosen = self.ask_generate()
            if chosen is None:
                return
            kind, n, noise, seed = chosen
        try:
            rows = generate(kind, n, noise, seed)
        except ValueError as e:
            self.refuse(f"Cannot generate points: {e}")
            return
        if self._fit(rows, f"Generate {n} points ({kind})"):
            self.status.emit(f"Generated {n} points ({GENERATOR_NAMES[kind]}, noise {noise:g}, "
                             f"seed {seed})")

    # ---- files ---------------------------------------------------------------------
    def import_csv(self, path=None) -> None:
        """Read a CSV file for this network, show its first rows and import it if wanted."""
        if self.doc is None:
            return
        path = self.ask_import_path() if path is None else path
        if not path:
            return
        try:
            dataset = load_csv(path, self.doc.network)
        except FormatError as e:
            self.refuse(f"Cannot import {e}")
            self.failed.emit("Cannot import the CSV file", str(e))
            return
        name = file_name(path)
        old = self.doc.dataset
        dialog = CsvImportDialog(name, dataset, self.doc.network,
                                 None if old is None else len(old), self)
        try:
            if not self.confirm_import(dialog):
                return
        finally:
            dialog.deleteLater()
        self._push(dataset, f"Import {name}")
        self.status.emit(f"Imported {plural(len(dataset), 'row')} from {name}")

    def export_csv(self, path=None) -> None:
        if self.doc is None or self.doc.dataset is None:
            self.refuse("There is no dataset to export")
            return
        path = self.ask_export_path(self._suggested_csv()) if path is None else path
        if not path:
            return
        try:
            save_csv(path, self.doc.dataset)
        except (OSError, ValueError) as e:
            self.refuse(f"Cannot export to {file_name(path)}: {e}")
            self.failed.emit("Cannot export the CSV file", f"{file_name(path)}: {e}")
            return
        self.clear_message()
        self.status.emit(f"Exported {plural(len(self.doc.dataset), 'row')} to {path}")

    def _suggested_csv(self) -> str:
        if self.doc.path is not None:
            return str(Path(self.doc.path).with_suffix(".csv"))
        return "dataset.csv"

    # ---- questions (tests replace these) --------------------------------------------
    def ask_import_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, "Import CSV", "", CSV_FILTER)
        return path

    def ask_export_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Export CSV", suggested, CSV_FILTER)
        return path

    def ask_generate(self):
        """(kind, points, noise, seed), or None when cancelled."""
        dialog = GenerateDialog(self._mapping(), self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.values()
        finally:
            dialog.deleteLater()

    def confirm_import(self, dialog: CsvImportDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

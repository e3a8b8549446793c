"""DatasetSources: where a dataset comes from and goes to, for DatasetDock.

The Built-in menu (dataset_builtins.py), Generate… (two classes of points), Import CSV… (with a
preview to confirm) and Export CSV…: their buttons, what they do, and the questions they
ask, through the ask_* and confirm_import methods, which tests replace. Each new dataset
is fitted to the network's inputs and outputs and pushed as one SetDataset command.

A mixin of DatasetDock (dataset_dock.py), which provides `doc`, `status`, `failed`,
`refuse`, `clear_message`, `_push` and `_names`.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QPushButton

from netsim.engine.datasets import GENERATOR_NAMES, fit_problem, fit_to, generate, truth_table
from netsim.engine.onehot import ClassData
from netsim.io.csvdata import read_csv, save_csv
from netsim.io.fileformat import FormatError, file_name
from netsim.plaintext import guessed

from .csv_classes import ClassImport, group_note
from .dataset_builtins import BuiltinSources
from .dataset_dialogs import ARROW, CsvImportDialog, GenerateDialog

CSV_FILTER = "CSV files (*.csv);;All files (*)"


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


class DatasetSources(BuiltinSources, ClassImport):
    def _build_sources(self) -> None:
        self.builtin_button = QPushButton("Built-in")
        self.builtin_menu = self._build_builtin_menu()
        self.builtin_button.setMenu(self.builtin_menu)
        self.generate_button = QPushButton("Generate\u2026")
        self.import_button = QPushButton("Import CSV\u2026")
        self.export_button = QPushButton("Export CSV\u2026")
        self.generate_button.clicked.connect(lambda: self.generate())
        self.import_button.clicked.connect(lambda: self.import_csv())
        self.export_button.clicked.connect(lambda: self.export_csv())

    def _update_sources(self) -> None:
        doc = self.doc
        self.export_button.setEnabled(doc is not None and doc.dataset is not None)
        self.import_button.setEnabled(doc is not None)
        # Built-in data come in many shapes: each item refuses what does not fit.
        self.builtin_button.setEnabled(doc is not None)
        self.builtin_button.setToolTip("Load ready-made data: truth tables, parity, functions "
                                       "to fit, iris, handwritten digits")
        problem = fit_problem(doc.network) if doc is not None else "no network is open"
        self.generate_button.setEnabled(problem is None)
        if problem is None:
            self.generate_button.setToolTip(
                guessed(f"Generate two classes of points on {self._mapping()}"))
        else:
            self.generate_button.setToolTip(guessed(f"Not available: {problem}"))

    def _mapping(self) -> str:
        net = self.doc.network
        return f"{self._names(net.ids('input')[:2])} {ARROW} {self._names(net.ids('output')[:1])}"

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
        """Read a CSV file for this network, show its first rows and import it if wanted.
        A class column becomes one-hot targets; when the network has no output per class,
        a softmax group is offered (csv_classes.py). One undo step either way."""
        if self.doc is None:
            return
        path = self.ask_import_path() if path is None else path
        if not path:
            return
        name = file_name(path)
        read = self._read_csv(path)
        if read is None:
            return
        group, classes = None, None
        if isinstance(read, ClassData):
            found = self._class_targets(read, name)
            if found is None:
                return
            dataset, classes, group = found
        else:
            dataset = read
        network = group.applied_to(self.doc.network) if group is not None else self.doc.network
        note = "" if group is None else group_note(self.doc.network, group)
        old = self.doc.dataset
        dialog = CsvImportDialog(name, dataset, network, None if old is None else len(old),
                                 self, classes, note)
        try:
            if not self.confirm_import(dialog):
                return
            method = dialog.scaling()
        finally:
            dialog.deleteLater()
        if method is not None:
            dataset = dataset.scaled(method)
        self._import(dataset, group, f"Import {name}")
        self.status.emit(f"Imported {plural(len(dataset), 'row')} from {name}")

    def _read_csv(self, path):
        """The Dataset or ClassData in the file, or None (refused, or cancelled)."""
        try:
            try:
                return read_csv(path, self.doc.network)
            except FormatError as e:
                column = getattr(e, "unknown_column", None)
                if column is None or not self.ask_class_column(column):
                    raise
                return read_csv(path, self.doc.network, class_column=column)
        except FormatError as e:
            self.refuse(f"Cannot import {e}")
            self.failed.emit("Cannot import the CSV file", str(e))
            return None

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

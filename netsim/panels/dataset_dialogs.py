"""The dataset dock's dialogs: generate a point cloud, preview a CSV file before import."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox,
                               QDoubleSpinBox, QFormLayout, QHeaderView, QLabel, QSpinBox,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from netsim.engine.dataset import Dataset
from netsim.engine.datasets import GENERATOR_NAMES, GENERATORS, MAX_POINTS
from netsim.engine.scaling import METHOD_NAMES, METHODS
from netsim.plaintext import window_title
from netsim.engine.text import ARROW

from .dataset_model import short_number

PREVIEW_ROWS = 20  # rows shown before an import


def neuron_name(network, nid: str) -> str:
    neuron = network.neurons.get(nid)
    return neuron.name if neuron is not None else nid


class GenerateDialog(QDialog):
    """Kind, number of points, noise and seed of a two-class point cloud."""

    def __init__(self, mapping: str, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Generate Points")
        self.kind_combo = QComboBox()
        for kind in GENERATORS:
            self.kind_combo.addItem(GENERATOR_NAMES[kind], kind)
        self.points_spin = QSpinBox()
        self.points_spin.setRange(2, MAX_POINTS)
        self.points_spin.setValue(200)
        self.noise_spin = QDoubleSpinBox()
        self.noise_spin.setRange(0.0, 1.0)
        self.noise_spin.setSingleStep(0.05)
        self.noise_spin.setValue(0.1)
        self.noise_spin.setToolTip("Standard deviation of the Gaussian jitter added to each point")
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2_147_483_647)
        self.seed_spin.setToolTip("The same seed gives the same points")
        form = QFormLayout()
        form.addRow("Kind", self.kind_combo)
        form.addRow("Points", self.points_spin)
        form.addRow("Noise", self.noise_spin)
        form.addRow("Seed", self.seed_spin)
        note = QLabel(f"Points go to {mapping}; the class (0 or 1) is the target. "
                      "The new points replace the dataset.")
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Generate")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        layout.activate()  # settle the size now (see MainWindow)

    def __repr__(self) -> str:
        return f"GenerateDialog({self.values()})"

    def values(self) -> tuple[str, int, float, int]:
        """(kind, points, noise, seed) as chosen."""
        return (self.kind_combo.currentData(), self.points_spin.value(),
                self.noise_spin.value(), self.seed_spin.value())


class CsvImportDialog(QDialog):
    """The first rows of a dataset read from a CSV file, to import or not, and how to
    scale its inputs. `classes`: the class names of a class column (their targets are
    one-hot), `note`: what else the import does (a softmax group it creates)."""

    def __init__(self, file_name: str, dataset: Dataset, network, replaces: int | None,
                 parent=None, classes: list[str] | None = None, note: str = "") -> None:
        super().__init__(parent)
        self.dataset = dataset
        self.setWindowTitle(f"Import {window_title(file_name)}")
        inputs = ", ".join(neuron_name(network, n) for n in dataset.inputs)
        targets = ", ".join(neuron_name(network, n) for n in dataset.targets)
        rows = len(dataset)
        text = (f"{rows} row{'s' if rows != 1 else ''}: inputs {inputs} {ARROW} "
                f"target{'s' if len(dataset.targets) != 1 else ''} {targets}.")
        if classes is not None:
            text += (f" {len(classes)} classes from the class column, one target each: 1 in "
                     f"the row's class, 0 in the others.")
        if note:
            text += f" {note}"
        if replaces is not None:
            text += f" Replaces the current dataset ({replaces} row{'s' if replaces != 1 else ''})."
        self.summary = QLabel(text)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.table = self._preview(dataset, network)
        self.more = QLabel(f"\u2026 and {rows - PREVIEW_ROWS} more rows" if rows > PREVIEW_ROWS
                           else "")
        self.more.setVisible(rows > PREVIEW_ROWS)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.scaling_combo = QComboBox()
        self.scaling_combo.addItem("none: the values as given", None)
        for method in METHODS:
            self.scaling_combo.addItem(METHOD_NAMES[method], method)
        self.scaling_combo.setToolTip("What the network sees; the table keeps the values as "
                                      "given. Computed from these rows")
        scaling = QFormLayout()
        scaling.addRow("Scale the inputs", self.scaling_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.more)
        layout.addLayout(scaling)
        layout.addWidget(buttons)
        self.resize(420, 360)
        layout.activate()  # settle the size now (see MainWindow)

    def __repr__(self) -> str:
        return f"CsvImportDialog({self.dataset!r})"

    @staticmethod
    def _preview(dataset: Dataset, network) -> QTableWidget:
        shown = dataset.rows[:PREVIEW_ROWS]
        table = QTableWidget(len(shown), dataset.rows.shape[1])
        headers = [f"{neuron_name(network, n)}\ninput" for n in dataset.inputs]
        headers += [f"{neuron_name(network, n)}\ntarget" for n in dataset.targets]
        table.setHorizontalHeaderLabels(headers)
        table.setVerticalHeaderLabels([str(r) for r in range(len(shown))])  # from 0, as the table
        for r, row in enumerate(shown.tolist()):
            for c, value in enumerate(row):
                item = QTableWidgetItem(short_number(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setToolTip(repr(value))
                table.setItem(r, c, item)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter imports
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
        return table

    def scaling(self) -> str | None:
        """The chosen scaling method, or None."""
        return self.scaling_combo.currentData()

    def cell(self, row: int, column: int) -> str:
        return self.table.item(row, column).text()

    def header(self, column: int) -> str:
        return self.table.horizontalHeaderItem(column).text()

"""File ▸ Export ▸ Worksheet…: the dialog that chooses the row and whether the worksheet is
blank for students (with the solution on its last pages). The window then asks for the
file (.pdf or .html) and writes it (lesson_export.py)."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QSpinBox, QWidget)

from .step_frames import FrameError, check_row, training_row
from .worksheet import MAX_CONNECTIONS, MAX_NEURONS


class WorksheetDialog(QDialog):
    def __init__(self, document, row: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export Worksheet")
        self.document = document
        rows = len(document.dataset)
        self.row = QSpinBox()
        self.row.setRange(0, rows - 1)
        self.row.setValue(training_row(document.dataset, min(row, rows - 1)))
        self.blank = QCheckBox("Blank for students: results left empty, the solution on "
                               "the last pages")
        net = document.network
        computing = sum(1 for n in net.neurons.values() if n.computes)
        note = ("Every neuron and connection is listed." if computing <= MAX_NEURONS
                and len(net.connections) <= MAX_CONNECTIONS else
                f"A big network: the sheet lists its first {MAX_NEURONS} neurons and "
                f"{MAX_CONNECTIONS} connections, and says how many it leaves out.")
        self.note = QLabel(note)
        self.note.setWordWrap(True)
        self.error = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export\u2026",
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Row", self.row)
        form.addRow("", self.blank)
        form.addRow(self.note)
        form.addRow(self.error)
        form.addRow(buttons)
        self.row.valueChanged.connect(self._on_row_changed)
        self._on_row_changed()

    def __repr__(self) -> str:
        return f"WorksheetDialog(row {self.row.value()}, blank {self.blank.isChecked()})"

    def _on_row_changed(self) -> None:
        try:
            check_row(self.document.dataset, self.row.value())
        except FrameError as e:
            self.error.setText(f"Cannot export row {self.row.value()}: {e}")
            self.export_button.setEnabled(False)
            return
        self.error.setText("")
        self.export_button.setEnabled(True)

"""Taking a lesson out of the app: File ▸ Export ▸ Step-Through… and File ▸ Export ▸
Worksheet…, as the window runs them (the dialogs, the file names, the messages).

The window (DocumentLife) calls these with itself; what they use of it is the shown
document, the step-through's row (stepping.row), the ask_* file choosers that tests
replace, show_status, show_error and export_error (an error in one line). The dialog and
the job under way are kept as window.step_export_dialog, window.worksheet_dialog and
window.animation_job (None when it is done).
"""
from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .animation import AnimationError, format_of
from .step_export_dialog import AnimationJob, StepExportDialog
from .worksheet import Worksheet
from .worksheet_dialog import WorksheetDialog

NO_ROWS = "The network has no dataset rows to step through"


def _open(window, what: str, dialog_class, export):
    """Open the export dialog of `what` (not blocking) on the document's rows, the step
    row first; on Export, `export(window, dialog)`. None when there are no rows."""
    doc = window.document
    if doc.dataset is None or len(doc.dataset) == 0:
        window.show_error(f"Cannot export {what}", NO_ROWS)
        return None
    dialog = dialog_class(doc, window.stepping.row, window)
    dialog.accepted.connect(lambda: export(window, dialog))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog


def step_through(window) -> StepExportDialog | None:
    """Open the Export Step-Through dialog (not blocking); on Export, ask for the file and
    write it under a progress bar. Returns the dialog."""
    dialog = _open(window, "a step-through", StepExportDialog, _export_animation)
    if dialog is not None:
        window.step_export_dialog = dialog
    return dialog


def _export_animation(window, dialog: StepExportDialog) -> None:
    kind = dialog.kind()
    path = window.ask_animation_path(window.suggested_name(f".{kind}"), kind)
    if not path:
        dialog.frames.close()
        dialog.frames = None
        return
    if not os.path.splitext(path)[1]:
        path += f".{kind}"
    frames, dialog.frames = dialog.frames, None
    try:
        format_of(path)
        job = AnimationJob(frames, dialog.choice(), path, window)
    except (AnimationError, OSError, ValueError) as e:
        frames.close()
        window.export_error("Cannot export the step-through", e, path)
        return
    job.finished.connect(lambda message: _animation_done(window, job, message))
    window.animation_job = job
    job.start()


def _animation_done(window, job: AnimationJob, message: str) -> None:
    window.animation_job = None
    job.deleteLater()
    if message == "cancelled":
        window.show_status("Export cancelled: nothing was written")
    elif message:
        window.show_error("Cannot export the step-through", message)
    else:
        window.show_status(f"Exported {job.path} ({job.total} frames)")


def worksheet(window) -> WorksheetDialog | None:
    """Open the Export Worksheet dialog (not blocking); on Export, ask for the file and
    write it. Returns the dialog."""
    dialog = _open(window, "a worksheet", WorksheetDialog, _export_worksheet)
    if dialog is not None:
        window.worksheet_dialog = dialog
    return dialog


def _export_worksheet(window, dialog: WorksheetDialog) -> None:
    path = window.ask_worksheet_path(window.suggested_name(".pdf"))
    if not path:
        return
    doc = window.document
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a big network: a second
    try:
        sheet = Worksheet(doc.file, dialog.row.value(), doc.title)
        sheet.write(path, dialog.blank.isChecked())
    except (OSError, ValueError) as e:
        window.export_error("Cannot export the worksheet", e, path)
        return
    finally:
        QApplication.restoreOverrideCursor()
    blank = " (blank, the solution on the last pages)" if dialog.blank.isChecked() else ""
    window.show_status(f"Exported {path}{blank}")

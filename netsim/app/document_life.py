"""DocumentLife: the main window's document from New to Quit (a mixin of MainWindow).

The window shows one Document at a time. Every follower (the canvas, the inspector, the
Network menu, every dock and plot) shows it (set_document), all or none: a document one
of them cannot show leaves each on the document before, and the window says why. After a
switch every panel shows what a fresh window shows for that document. Replacing or
closing a modified document asks first (maybe_save). A modified document is autosaved to
a recovery file; offer_recovery() brings back what a crash left.

Every question and file chooser goes through a small ask_* method so tests can replace it.
The window provides what this uses: followers, autosave, recovery, recent, settings,
scene, view, undo_view, main_actions, summary_label, show_status/show_error/show_message
and _on_selection_changed.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..document import Document
from ..io import fileformat
from ..io.fileformat import FormatError
from ..plaintext import guessed, window_title
from . import export_image, lesson_export
from .recovery import Recoverable
from .status_bar import summary

APP_NAME = "netsim"
FILE_FILTER = "netsim networks (*.netsim)"
SUFFIX = ".netsim"


def one_line(error: Exception, path) -> str:
    """A save error as '<file name>: <reason>' on one line."""
    if isinstance(error, FormatError):
        return str(error)
    reason = getattr(error, "strerror", None) or str(error)
    return " ".join(f"{os.path.basename(os.fspath(path))}: {reason}".splitlines())


class DocumentLife:
    # ---- the document ----------------------------------------------------------------
    def set_document(self, doc: Document) -> bool:
        """Show `doc` (the window takes it) in every follower, or in none: if one of them
        cannot show it, each goes back to the document shown before, which stays, and the
        window says why in one line (False). The previous document is dropped."""
        old = self.document
        switched = []
        try:
            for name, follower in self.followers.items():
                switched.append(follower)
                follower.set_document(doc)
            name = "showing the selection"
            self._on_selection_changed()
        except Exception as error:  # noqa: BLE001 - whatever it is, the old document stays
            for follower in reversed(switched):
                with contextlib.suppress(Exception):  # it showed `old` a moment ago
                    follower.set_document(old)
            with contextlib.suppress(Exception):
                self._on_selection_changed()
            self._refuse_document(doc, old, name, error)
            return False
        if old is not None:
            old.changed.disconnect(self._on_document_changed)
            old.path_changed.disconnect(self._on_document_path_changed)
        doc.setParent(self)
        self.document = doc
        self.autosave.set_document(doc)
        self.undo_view.setStack(doc.undo_stack)
        self.main_actions.bind_undo_stack(doc.undo_stack)
        doc.changed.connect(self._on_document_changed)
        doc.path_changed.connect(self._on_document_path_changed)
        self._on_document_path_changed()
        self.summary_label.setText(summary(doc.file))
        self.view.fit()
        self.statusBar().clearMessage()  # what was said was about the document before
        if old is not None:
            old.deleteLater()
        return True

    def _refuse_document(self, doc: Document, old: Document | None, name: str,
                         error: Exception) -> None:
        reason = " ".join(f"{type(error).__name__}: {error}".split())
        text = f"Cannot show {doc.title}: {name} failed with {reason}"
        if old is not None:
            text += f"; {old.title} stays open"
        self.show_status(text)
        self.show_error("Cannot show the network", text)

    def _replace_document(self, doc: Document) -> bool:
        """Close the shown document (already saved or discarded) and show `doc`; False
        (the shown document stays) if the window cannot show it."""
        recovery_file = self.autosave.file
        if not self.set_document(doc):
            return False
        self.recovery.remove(recovery_file)
        return True

    def _on_document_changed(self, _change) -> None:
        self.summary_label.setText(summary(self.document.file))

    def _on_document_path_changed(self) -> None:
        doc = self.document
        self.setWindowTitle(f"{window_title(doc.title)}[*] \u2014 {APP_NAME}")
        self.setWindowModified(doc.modified)

    def maybe_save(self) -> bool:
        """Before the document goes away: True to go on (saved, discarded or nothing to
        save), False if the person cancelled (or saving failed)."""
        doc = self.document
        if doc is None or not doc.modified:
            return True
        answer = self.ask_save_changes(doc.title)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.autosave.drop()
            return True
        return False

    # ---- File menu -------------------------------------------------------------------
    def new_document(self) -> bool:
        if not self.maybe_save():
            return False
        return self._replace_document(Document())

    def close_document(self) -> bool:
        """Close the document; an empty one takes its place."""
        return self.new_document()

    def open_file(self, path) -> bool:
        """Open `path` in place of the shown document. A file that cannot be read is
        reported and leaves the shown document as it was."""
        try:
            doc = Document.open(path)
        except FormatError as e:
            self.show_error("Cannot open the file", str(e))
            return False
        if not self.maybe_save() or not self._replace_document(doc):
            return False
        self.recent.add(path)
        self._remember_folder(path)
        self.show_status(f"Opened {doc.title}")
        return True

    def open_example(self, path) -> bool:
        """Open an example as a new untitled network (Save asks where to put it)."""
        try:
            nf = fileformat.load(path)
        except FormatError as e:
            self.show_error("Cannot open the example", str(e))
            return False
        if not self.maybe_save():
            return False
        return self._replace_document(Document(nf))

    def open_recent(self, path: str) -> bool:
        if not os.path.exists(path):
            self.recent.remove(path)
            self.show_message("Open Recent", f"{os.path.basename(path)} is no longer in "
                              f"{os.path.dirname(path)}, so it was removed from the list.")
            return False
        return self.open_file(path)

    def open_dialog(self) -> bool:
        path = self.ask_open_path()
        return self.open_file(path) if path else False

    def import_onnx_dialog(self) -> bool:
        path = self.ask_import_path()
        return self.import_onnx(path) if path else False

    def import_onnx(self, path) -> bool:
        """Open an ONNX model (io/onnx_import.py) as a new untitled network, as an example
        opens; a model netsim cannot import, or a missing onnx package, is said in one line."""
        from ..io import onnx_import  # onnx (optional) only when importing

        try:
            nf = onnx_import.read(path)
        except (OSError, ValueError) as e:
            self.show_error("Cannot import the model", one_line(e, path))
            return False
        if not self.maybe_save() or not self._replace_document(Document(nf)):
            return False
        self._remember_folder(path)
        net = nf.network
        self.show_status(f"Imported {os.path.basename(path)}: {len(net.neurons)} neurons, "
                         f"{len(net.connections)} connections")
        return True

    def save(self) -> bool:
        doc = self.document
        return self.save_as() if doc.path is None else self._write(doc.path)

    def save_as(self) -> bool:
        path = self.ask_save_path(self.suggested_name(SUFFIX))
        if not path:
            return False
        if not os.path.splitext(path)[1]:
            path += SUFFIX
        return self._write(path)

    def _write(self, path) -> bool:
        try:
            self.document.save(path)
        except (OSError, FormatError) as e:
            self.show_error("Cannot save the network", one_line(e, path))
            return False
        self.autosave.drop()
        self.recent.add(path)
        self._remember_folder(path)
        self.show_status(f"Saved {self.document.path}")
        return True

    def export_image_dialog(self) -> bool:
        path = self.ask_export_path(self.suggested_name(".png"))
        return self.export_image(path) if path else False

    def export_image(self, path: str) -> bool:
        """Write a PNG or SVG picture of the network, chosen by `path`'s extension."""
        return self._export("the picture", path,
                            lambda: export_image.export(self.scene, path, self.document.title))

    def export_onnx_dialog(self) -> bool:
        path = self.ask_model_path(self.suggested_name(".onnx"))
        return self.export_onnx(path) if path else False

    def export_onnx(self, path: str, dtype: str = "float32") -> bool:
        """Write the network as an ONNX model (io/onnx_export.py); a missing onnx package,
        or a network it cannot hold, is said in one line."""
        from ..io import onnx_export  # onnx (optional) only when exporting

        return self._export("the model", path,
                            lambda: onnx_export.export(self.document.file, path, dtype),
                            f" (ONNX, {dtype})")

    def export_torch_dialog(self) -> bool:
        path = self.ask_script_path(self.suggested_name(".py"))
        return self.export_torch(path) if path else False

    def export_torch(self, path: str) -> bool:
        """Write a PyTorch training script of the network (io/torch_export.py); a network
        that cannot be trained, or a file that cannot be written, is said in one line."""
        from ..io import torch_export

        return self._export("the training script", path,
                            lambda: torch_export.export(self.document.file, path),
                            " (PyTorch training script)")

    def _export(self, what: str, path: str, write, kind: str = "") -> bool:
        """Run `write()`; a file that cannot be written or a network it cannot hold is
        said in one line ("Cannot export the model"), success in the status bar."""
        try:
            write()
        except (OSError, ValueError) as e:
            self.export_error(f"Cannot export {what}", e, path)
            return False
        self.show_status(f"Exported {path}{kind}")
        return True

    def export_step_through_dialog(self) -> None:
        """File ▸ Export ▸ Step-Through… (lesson_export.py)."""
        lesson_export.step_through(self)

    def export_worksheet_dialog(self) -> None:
        """File ▸ Export ▸ Worksheet… (lesson_export.py)."""
        lesson_export.worksheet(self)

    def export_error(self, title: str, error: Exception, path) -> None:
        self.show_error(title, one_line(error, path))

    def suggested_name(self, suffix: str) -> str:
        """The file an export or Save As offers: the document's own name with `suffix`."""
        doc = self.document
        if doc.path is not None:
            return str(doc.path.with_suffix(suffix))
        return os.path.join(self._last_folder(), (file_stem(doc.title) or "network") + suffix)

    def _last_folder(self) -> str:
        """Where the last file was opened or saved (at first: the home folder)."""
        return str(self.settings.value("files/folder", "") or Path.home())

    def _remember_folder(self, path) -> None:
        self.settings.setValue("files/folder", os.path.dirname(os.path.abspath(path)))


    # ---- recovery --------------------------------------------------------------------
    def offer_recovery(self) -> bool:
        """Offer to restore what a crash left in the recovery folder; True if restored."""
        for entry in self.recovery.pending():
            if entry.file == self.autosave.file:
                continue  # this window's own
            if not self.ask_restore(entry):
                self.recovery.remove(entry.file)
                continue
            try:
                nf = self.recovery.load(entry)
            except FormatError as e:
                self.show_error("Cannot restore the network", str(e))
                self.recovery.remove(entry.file)
                continue
            if not self.maybe_save():
                return False
            doc = Document(nf, entry.path)
            doc.undo_stack.resetClean()  # modified: the changes are not in the file yet
            if not self._replace_document(doc):
                return False
            self.autosave.adopt(entry.file)
            self.show_status(f"Restored unsaved changes to {entry.title}")
            return True
        return False

    # ---- questions about files (tests replace these) ---------------------------------
    def ask_save_changes(self, title: str) -> QMessageBox.StandardButton:
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        return QMessageBox.warning(
            self, "Unsaved changes",
            guessed(f"Save the changes to \u201c{title}\u201d before closing it?"),
            buttons, QMessageBox.StandardButton.Save)

    def ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, "Open Network", self._last_folder(),
                                              FILE_FILTER)
        return path

    def ask_import_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, "Import ONNX Model", self._last_folder(),
                                              "ONNX models (*.onnx);;All files (*)")
        return path

    def ask_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Save Network As", suggested, FILE_FILTER)
        return path

    def ask_export_path(self, suggested: str) -> str:
        filters = ";;".join(export_image.FORMATS.values())
        path, chosen = QFileDialog.getSaveFileName(self, "Export Image", suggested, filters)
        if path and not os.path.splitext(path)[1]:
            path += ".svg" if chosen == export_image.FORMATS["svg"] else ".png"
        return path

    def ask_model_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Export ONNX Model", suggested,
                                              "ONNX model (*.onnx)")
        if path and not os.path.splitext(path)[1]:
            path += ".onnx"
        return path

    def ask_script_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Export PyTorch Script", suggested,
                                              "Python script (*.py)")
        if path and not os.path.splitext(path)[1]:
            path += ".py"

    def ask_animation_path(self, suggested: str, kind: str) -> str:
        from .animation import FORMATS

        path, _ = QFileDialog.getSaveFileName(self, "Export Step-Through", suggested,
                                              FORMATS[kind])
        return path

    def ask_worksheet_path(self, suggested: str) -> str:
        from .worksheet import FORMATS

        path, chosen = QFileDialog.getSaveFileName(self, "Export Worksheet", suggested,
                                                   ";;".join(FORMATS.values()))
        if path and not os.path.splitext(path)[1]:
            path += ".html" if chosen == FORMATS["html"] else ".pdf"
        return path

    def ask_restore(self, entry: Recoverable) -> bool:
        answer = QMessageBox.question(
            self, "Restore unsaved changes",
            guessed("netsim did not close properly. Restore unsaved changes to "
                    f"\u201c{entry.title}\u201d?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes


def file_stem(title: str) -> str:
    """A clean file name from a title: punctuation becomes a space, spaces run together
    ('XOR: the worked example (seed 000)' -> 'XOR the worked example seed 000')."""
    kept = "".join(c if c.isalnum() or c in "-_" else " " for c in title)
    return " ".join(kept.split()).strip("-_ ")


def dropped_file(mime) -> str | None:
    """The first local .netsim file among dragged URLs, if any."""
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(SUFFIX):
            return url.toLocalFile()
    return None

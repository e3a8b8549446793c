"""Autosave: writes the shown document to its recovery file while it has unsaved changes.

Every `interval` ms, if the document changed since the last write and is modified, it is
written to the recovery folder. Undoing back to the saved state, saving, closing and
discarding remove the file again (drop()); a file still there at the next start means a
crash, and MainWindow.offer_recovery() brings it back.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from ..document import Document
from ..io.fileformat import FormatError
from .recovery import RecoveryFolder


class Autosave(QObject):
    failed = Signal(str)  # one line, for the status bar

    def __init__(self, folder: RecoveryFolder, interval: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.document: Document | None = None
        self.file: Path | None = None  # the recovery file written for this document
        self._needed = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval)
        self._timer.timeout.connect(self.write)
        if interval > 0:
            self._timer.start()

    def __repr__(self) -> str:
        return f"Autosave({self.document!r} -> {self.file})"

    def set_document(self, doc: Document) -> None:
        """Watch `doc`, which has no recovery file yet."""
        if self.document is not None:
            self.document.changed.disconnect(self._on_document_changed)
            self.document.undo_stack.cleanChanged.disconnect(self._on_clean_changed)
        self.document, self.file, self._needed = doc, None, False
        doc.changed.connect(self._on_document_changed)
        doc.undo_stack.cleanChanged.connect(self._on_clean_changed)

    def adopt(self, file: Path) -> None:
        """The document was restored from `file`: it is its recovery file from now on."""
        self.file = file

    def stop(self) -> None:
        self._timer.stop()

    def write(self) -> None:
        """Write the recovery file now if the document has changes not yet written."""
        doc = self.document
        if doc is None or not (doc.modified and self._needed):
            return
        try:
            written = self.folder.write(doc.file, doc.path, doc.title)
        except (OSError, FormatError) as e:
            self.failed.emit(f"Autosave failed: {e}")
            return
        if written != self.file:  # the document has another name now
            self.drop()
        self.file, self._needed = written, False

    def drop(self) -> None:
        """Remove the document's recovery file (saved, closed or discarded)."""
        self.folder.remove(self.file)
        self.file = None

    def _on_document_changed(self, _change) -> None:
        self._needed = True

    def _on_clean_changed(self, clean: bool) -> None:
        if clean:  # saved, or undone back to the saved state
            self.drop()

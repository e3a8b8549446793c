"""Views that cost time to compute skip the work while nobody can see them.

A plot dock behind another tab, or closed, cannot be seen (Qt keeps such a dock "visible"
but moved out of the window, and says so with QDockWidget.visibilityChanged). Its view,
told with set_in_sight(False), marks itself stale instead of recomputing on every
document change (during training that is many times a second), and catches up when it
is in sight again. A view never told anything is in sight and always computes.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer

from netsim.document.document import refollow

COALESCE_MS = 33
FOLLOWED = ("weights", "structure", "neurons", "dataset", "everything")


class Sight:
    """Mixed into a QWidget with a refresh(): call `later()` where a change would start
    the work; it says True when the work is put off until the view is in sight."""

    in_sight = True
    _stale = False

    def later(self) -> bool:
        if not self.in_sight:
            self._stale = True
        return not self.in_sight

    def set_in_sight(self, seen: bool) -> None:
        self.in_sight = bool(seen)
        if self.in_sight and self._stale:
            self._stale = False
            self.refresh()


class Follows(Sight):
    """A Sight that follows a document's changes of the FOLLOWED kinds: each starts one
    single-shot timer of COALESCE_MS unless one is running (training changes the weights
    many times a second: one refresh an interval). Call follow_changes() in __init__."""

    doc = None

    def follow_changes(self) -> None:
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COALESCE_MS)
        self.timer.timeout.connect(self.refresh)

    def set_document(self, doc) -> None:
        """Follow `doc` (None: nothing)."""
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, change) -> None:
        if change.kind in FOLLOWED and not self.later() and not self.timer.isActive():
            self.timer.start()

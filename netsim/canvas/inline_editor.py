"""InlineEditor: a small line edit over the canvas to type a weight or a neuron's name.

It sits on the view's viewport (not in the scene), so its text stays crisp and readable at
any zoom. Enter emits `committed(text)`, Esc emits `cancelled`, losing the focus commits
too. Whoever opened it decides what the text means: `finish()` closes it, `refuse()`
keeps it open with the text selected (or closes it if the focus has already gone).
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from . import style

FONT_PIXELS = 14  # text size at zoom 1 (the view scales it with the zoom)
MIN_WIDTH = 96
PADDING = 28  # room around the text


class InlineEditor(QLineEdit):
    committed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget, text: str, centre: QPoint, placeholder: str = "",
                 home: QWidget | None = None, pixels: int = FONT_PIXELS) -> None:
        super().__init__(text, parent)
        self.done = False
        self.home = home  # where the keyboard focus goes back to when the editor closes
        self.setFont(style.font(pixels))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setPlaceholderText(placeholder)
        width = max(MIN_WIDTH, self.fontMetrics().horizontalAdvance(text or placeholder) + PADDING)
        self.resize(width, self.sizeHint().height())
        x = min(max(centre.x() - width // 2, 0), max(parent.width() - width, 0))
        y = min(max(centre.y() - self.height() // 2, 0), max(parent.height() - self.height(), 0))
        self.move(x, y)
        self.selectAll()
        self.show()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def __repr__(self) -> str:
        return f"InlineEditor({self.text()!r})"

    def finish(self) -> None:
        """Close for good (no more signals)."""
        if not self.done:
            self.done = True
            if self.hasFocus() and self.home is not None:
                self.home.setFocus(Qt.FocusReason.OtherFocusReason)
            self.hide()
            self.deleteLater()

    def refuse(self) -> None:
        """The text was not taken: let the person correct it, if they are still here."""
        if self.hasFocus():
            self.selectAll()
        else:
            self.finish()

    # ---- Qt overrides --------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # Esc and Enter belong to this editor, not to window shortcuts (Esc: Select tool).
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in (
                Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.finish()
            self.cancelled.emit()
        elif event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.committed.emit(self.text())
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if not self.done and event.reason() != Qt.FocusReason.PopupFocusReason:
            self.committed.emit(self.text())

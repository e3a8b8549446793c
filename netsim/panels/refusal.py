"""The red line under a panel's fields that says why an input was refused."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget

REFUSAL_COLOR = QColor("#c62828")


def paint_refusal(label: QLabel) -> None:
    """Give `label` the refusal colour."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, REFUSAL_COLOR)
    label.setPalette(palette)


class RefusalLabel(QLabel):
    """Hidden while there is nothing to say; `show_refusal` shows one sentence in red.
    `withdrawn` says which sentence no longer holds when it is cleared (a later success,
    another document), so that a copy of it elsewhere (the status bar) goes too."""

    withdrawn = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # the sentence may quote a name
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        paint_refusal(self)
        self.setVisible(False)

    def show_refusal(self, text: str) -> None:
        self.setText(text)
        self.setVisible(True)

    def clear_refusal(self) -> None:
        text = self.text()
        self.setText("")
        self.setVisible(False)
        if text:
            self.withdrawn.emit(text)

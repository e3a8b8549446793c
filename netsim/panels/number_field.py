"""NumberField: a line edit for one number that refuses what is not one and never clamps.

Pressing Enter (or leaving the field after typing) commits the text. parse_number() reads
it; a finite number inside the allowed range is emitted as `committed`, anything else as
`refused` with a one-line reason, and the field goes back to the value it showed. Escape
also goes back. Nothing is clamped or rounded silently: the tooltip shows the exact value.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit

from ..io.numbers import is_number_text

MINUS = "\u2212"
MIXED = "mixed"
# A plain ASCII decimal number: 1, -0.5, .25, 3e-2 (the rule of netsim.io.numbers).
# Python's float() also takes "nan", "inf", "1_000" and other scripts' digits, which a
# person typing a weight does not mean; those are refused.
_NOT_FINITE = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}


def format_number(x: float, decimals: int = 6) -> str:
    """`x` with `decimals` decimals, or in short scientific form when those would show a
    nonzero number as 0."""
    text = f"{x:.{decimals}f}"
    if x != 0 and float(text) == 0:
        text = f"{x:.{decimals}g}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def parse_number(text: str, low: float, high: float, what: str = "value") -> float:
    """The number `text` names, or ValueError with a sentence saying why it is refused."""
    raw = text.strip()
    s = raw.replace(MINUS, "-")
    if not s:
        raise ValueError(f"Type a number for the {what}")
    if not is_number_text(s):
        if s.lower() in _NOT_FINITE:
            raise ValueError(f"\u201c{raw}\u201d is not a finite number; the {what} must be finite")
        if "," in s and is_number_text(s.replace(",", ".", 1)):
            raise ValueError(f"\u201c{raw}\u201d is not a number: use a dot for decimals "
                             f"({s.replace(',', '.', 1)})")
        raise ValueError(f"\u201c{raw}\u201d is not a number")
    value = float(s)
    limits = f"the {what} must lie between {format_range(low)} and {format_range(high)}"
    if not math.isfinite(value):
        raise ValueError(f"\u201c{raw}\u201d is too large: {limits}")
    if not low <= value <= high:
        raise ValueError(f"\u201c{raw}\u201d is out of range: {limits}")
    return value


def format_range(x: float) -> str:
    return f"{x:g}".replace("-", MINUS)


class NumberField(QLineEdit):
    committed = Signal(float)  # a new, valid number the user typed
    refused = Signal(str)  # why the typed text was not accepted

    def __init__(self, low: float, high: float, what: str = "value", decimals: int = 6,
                 parent=None) -> None:
        super().__init__(parent)
        self.low, self.high, self.what, self.decimals = low, high, what, decimals
        self._value: float | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.editingFinished.connect(self._on_editing_finished)

    def __repr__(self) -> str:
        return f"NumberField({self.what}={self._value!r})"

    def value(self) -> float | None:
        """The value shown (None: mixed or empty)."""
        return self._value

    def set_value(self, value: float | None) -> None:
        """Show `value`; None shows a blank field with the placeholder "mixed"."""
        self._value = None if value is None else float(value)
        self.setPlaceholderText(MIXED if value is None else "")
        self.setText("" if value is None else format_number(self._value, self.decimals))
        self.setToolTip("" if value is None else repr(self._value))

    def is_editing(self) -> bool:
        """True while the user has typed something not yet committed."""
        return self.isModified()

    def revert(self) -> None:
        self.set_value(self._value)

    def _on_editing_finished(self) -> None:
        if not self.isModified():  # focus left without typing
            return
        self.setModified(False)
        try:
            value = parse_number(self.text(), self.low, self.high, self.what)
        except ValueError as e:
            self.revert()
            self.refused.emit(str(e))
            return
        if value == self._value:
            self.revert()  # the same number, perhaps typed differently
            return
        self.committed.emit(value)

    def leaves_to_document(self, event) -> bool:
        """Whether the key event is Undo or Redo with nothing of the field's own left to
        undo or redo (its typing committed): then it is the document's Undo or Redo."""
        if event.matches(QKeySequence.StandardKey.Undo):
            return not self.isUndoAvailable()
        if event.matches(QKeySequence.StandardKey.Redo) or (
                QKeySequence(event.keyCombination()) == QKeySequence("Ctrl+Y")):
            return not self.isRedoAvailable()
        return False

    # ---- Qt overrides --------------------------------------------------------------
    def event(self, event) -> bool:
        # A line edit takes Ctrl+Z for its own undo even when it has none; let the
        # window's Undo shortcut have it then.
        if event.type() == QEvent.Type.ShortcutOverride and self.leaves_to_document(event):
            event.ignore()
            return False
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.isModified():
            self.setModified(False)
            self.revert()
            return
        super().keyPressEvent(event)

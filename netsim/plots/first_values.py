"""FirstValues: what a view's own fields (learning rates to compare, runs, epochs, ...) hold
when the window opens, to put back when it shows another document: a panel then shows
what it shows in a fresh window, never settings chosen for the network before."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QWidget


def _value(field: QWidget):
    if isinstance(field, QLineEdit):
        return field.text()
    if isinstance(field, QComboBox):
        return field.currentIndex()
    if isinstance(field, QAbstractButton):
        return field.isChecked()
    if isinstance(field, QAbstractSpinBox):
        return field.value()
    raise TypeError(f"FirstValues cannot keep the value of a {type(field).__name__}")


def _set(field: QWidget, value) -> None:
    if isinstance(field, QLineEdit):
        field.setText(value)
    elif isinstance(field, QComboBox):
        field.setCurrentIndex(value)
    elif isinstance(field, QAbstractButton):
        field.setChecked(value)
    else:
        field.setValue(value)


class FirstValues:
    """The values `fields` hold now; restore() puts them back (each field's own change
    signal tells its view, as if typed)."""

    def __init__(self, *fields: QWidget) -> None:
        self.values = [(field, _value(field)) for field in fields]

    def __repr__(self) -> str:
        return f"FirstValues({[v for _f, v in self.values]!r})"

    def restore(self) -> None:
        for field, value in self.values:
            _set(field, value)

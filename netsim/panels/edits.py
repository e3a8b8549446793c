"""Helpers the editors share: pushing one or many commands as one undo step."""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack


def push_all(stack: QUndoStack, commands: list[QUndoCommand], text: str) -> None:
    """Push `commands` as one undo step: alone, or inside a macro named `text`."""
    if len(commands) == 1:
        stack.push(commands[0])
        return
    stack.beginMacro(text)
    try:
        for command in commands:
            stack.push(command)
    finally:
        stack.endMacro()


def common(values):
    """The value all of `values` share, or None when they differ (or there are none)."""
    values = list(values)
    if values and all(v == values[0] for v in values):
        return values[0]
    return None


def names(items: list[str], most: int = 4, count: int | None = None) -> str:
    """'h1, h2, y' or 'h1, h2, h3, h4, … (7)'; `count` says how many there are in all when
    `items` holds only the first of them (at least `most`)."""
    count = len(items) if count is None else count
    if count <= most:
        return ", ".join(items)
    return ", ".join(items[:most]) + f", \u2026 ({count})"

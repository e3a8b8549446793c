"""UndoStack: a QUndoStack whose steps are named on one line.

A step's name quotes neuron names ("Rename h1 to …"), and a name from a file may hold a
line break. QUndoCommand.setText takes the first line break as the split between the
name the Undo History shows and the one Edit ▸ Undo shows, so such a name would be cut
in two. Every command pushed and every macro begun here gets its name on one line.
"""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand, QUndoStack

from netsim.plaintext import one_line


def full_text(command: QUndoCommand) -> str:
    """The name the command was given: setText kept the part before the first line break
    as text() and the rest as actionText() (both the whole name when it had none)."""
    text, action = command.text(), command.actionText()
    return text if text == action else f"{text}\n{action}"


class UndoStack(QUndoStack):
    def push(self, command: QUndoCommand) -> None:
        command.setText(one_line(full_text(command)))  # before a merge reads it
        super().push(command)

    def beginMacro(self, text: str) -> None:
        super().beginMacro(one_line(text))

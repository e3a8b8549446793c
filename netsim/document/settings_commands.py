"""SetTraining: change training settings as one undo step.

The document's TrainingSettings is replaced as a whole (dataclasses.replace), never
edited in place, so the old object is the undo state. The panel checks the new settings
with TrainingSettings.problem() before it pushes, so redo() never fails.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QUndoCommand

from .document import SETTINGS, Change, Document

# How each setting is named in an undo step ("Set learning rate to 0.5").
LABELS = {
    "learning_rate": "learning rate", "mode": "training mode", "batch_size": "batch size",
    "loss": "loss", "momentum": "momentum", "max_epochs": "max epochs",
    "target_error": "target error", "shuffle": "shuffle", "seed": "seed",
    "schedule": "learning-rate schedule", "decay_rate": "decay rate",
    "decay_steps": "decay steps", "init": "initialisation", "init_scale": "initial scale",
    "restarts": "restarts", "l1": "L1 penalty", "l2": "L2 penalty",
    "regularise_bias": "bias regularisation",
}


def describe(changes: dict) -> str:
    """'Set learning rate to 0.5', 'Clear target error', 'Turn shuffle on', or a list."""
    if len(changes) != 1:
        return "Change training settings: " + ", ".join(LABELS.get(k, k) for k in changes)
    (name, value), = changes.items()
    label = LABELS.get(name, name)
    if value is None:
        return f"Clear {label}"
    if isinstance(value, bool):
        return f"Turn {label} {'on' if value else 'off'}"
    if isinstance(value, float):
        return f"Set {label} to {value:.6g}"
    return f"Set {label} to {value}"


class SetTraining(QUndoCommand):
    def __init__(self, doc: Document, changes: dict, text: str | None = None):
        super().__init__(text or describe(changes))
        self.doc, self.changes = doc, dict(changes)
        self.old = None

    def __repr__(self) -> str:
        return f"SetTraining({self.changes!r})"

    def redo(self) -> None:
        self.old = self.doc.file.training
        self.doc.file.training = replace(self.old, **self.changes)
        self.doc.changed.emit(Change(SETTINGS))

    def undo(self) -> None:
        self.doc.file.training = self.old
        self.doc.changed.emit(Change(SETTINGS))

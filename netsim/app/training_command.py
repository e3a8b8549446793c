"""TrainRun: a whole training run as one undo step.

It is pushed when the run starts, before any live weights are written, so `old` holds
the weights from before the run and the step sits below anything edited while the run
goes on. Its first redo does nothing (the weights have not changed yet); while the run
goes on the controller writes the live weights without undo and records them with
`record`, so `new` always holds the last weights the run wrote. Undo restores the
weights from before the run; redo puts back the last ones.
"""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from netsim.document import Document


class TrainRun(QUndoCommand):
    def __init__(self, doc: Document, keys, text: str = "Train"):
        super().__init__(text)
        self.doc = doc
        self.old = {tuple(k): doc.network.connection(*k).weight for k in keys}
        self._new = dict(self.old)
        self._live = None  # (keys, values) recorded last, made a dict when asked
        self._pushed = False

    def __repr__(self) -> str:
        return f"TrainRun({self.text()!r}, {len(self.old)} weights)"

    def record(self, weights: dict) -> None:
        """The weights the run has written into the document so far."""
        self._new, self._live = {tuple(k): float(w) for k, w in weights.items()}, None

    def record_values(self, keys, values) -> None:
        """The same, as the run's keys and an array of values in their order (kept as
        they are: a big network's live weights arrive many times a second)."""
        self._live = (keys, values)

    @property
    def new(self) -> dict:
        if self._live is not None:
            keys, values = self._live
            self._new, self._live = dict(zip(map(tuple, keys), map(float, values))), None
        return self._new

    def changes(self) -> bool:
        return self.new != self.old

    def redo(self) -> None:
        if not self._pushed:  # pushed at the start of the run: nothing has changed yet
            self._pushed = True
            return
        self.doc.set_weights(self.new)

    def undo(self) -> None:
        self.doc.set_weights(self.old)

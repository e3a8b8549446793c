"""LiveOutputs: while a run trains a big network, its neurons show their outputs.

On a network drawn in bulk (the canvas's connection layer), zoomed out to discs, a
learner would otherwise watch nothing move while it trains. Each time the run's live
weights reach the document, the engine computes every neuron's output on one dataset row
(the row the step-through would take next) and each neuron is filled by it, as the
step-through fills it. When the run ends the fills go. Small networks, whose arrows and
labels already move, are left as they are.
"""
from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QObject

from ..canvas import style
from ..document.document import TRAINING, WEIGHTS, refollow
from ..engine.compiled import Compiled


SHADES = 64  # steps of colour between outputs 0 and 1 (finer steps would not show)


def colour_step(value: float) -> float:
    """`value` on the nearest of the SHADES steps (a non-finite value as it is)."""
    return round(value * SHADES) / SHADES if math.isfinite(value) else value


class LiveOutputs(QObject):
    def __init__(self, scene, row=lambda: 0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.row = row  # the dataset row to show, asked each time
        self.doc = None
        self.compiled: Compiled | None = None
        self.shown: dict[str, float] = {}  # neuron id -> the output its fill shows

    def __repr__(self) -> str:
        return f"LiveOutputs({'on' if self.compiled is not None else 'off'})"

    def set_document(self, doc) -> None:
        self.stop()
        self.doc = refollow(self.doc, doc, self._on_document_changed)

    def start(self) -> None:
        """A run begins: follow its weights if the network is drawn in bulk."""
        doc = self.doc
        self.stop()
        if doc is None or self.scene.layer is None or doc.dataset is None \
                or len(doc.dataset) == 0 or doc.dataset.problem(doc.network):
            return
        self.compiled = Compiled(doc.network, doc.dataset.inputs, doc.dataset.targets)

    def stop(self) -> None:
        """The run ended: the neurons go back to their own colours."""
        self.compiled = None
        for nid in self.shown:
            item = self.scene.neuron_items.get(nid)
            if item is not None:
                item.set_values([], None)
        self.shown = {}

    def set_running(self, running: bool) -> None:
        if running:
            self.start()
        else:
            self.stop()

    def _on_document_changed(self, change) -> None:
        if self.compiled is None:
            return
        if change.kind != WEIGHTS or change.source != TRAINING:
            if change.kind != WEIGHTS:
                self.stop()  # the network or the data changed under the run
            return
        self.show()

    def show(self) -> None:
        """Fill every neuron by its output on the row, with the document's weights."""
        doc, compiled = self.doc, self.compiled
        compiled.set_weights(doc.weight_array())
        row = min(max(int(self.row()), 0), len(doc.dataset) - 1)
        with np.errstate(all="ignore"):
            state = compiled.forward(doc.dataset.x[row:row + 1])
        palette = self.scene.palette()
        fills: dict[float, object] = {}  # outputs to a few steps of colour, each made once
        for nid, (segment, column) in compiled.where.items():
            item = self.scene.neuron_items.get(nid)
            if item is None:
                continue
            value = float(state.out[segment][0, column])
            step = colour_step(value)
            before = self.shown.get(nid)
            self.shown[nid] = value
            if before is not None and item.value_fill is not None and colour_step(before) == step:
                continue  # the same colour as now: most neurons, between two updates
            if step not in fills:
                fills[step] = style.output_fill(step, palette)
            item.set_values([], fills[step])

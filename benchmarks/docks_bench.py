"""The Dataset and Outputs docks on a 784-128-10 network with 10,000 image rows, beside
the same docks on XOR, in the same process (`make bench`).

Each dock is its own window (offscreen) at the size it has in the main window. Open: from
handing the document to both docks to both painted (grabbed). The updates are timed from
the document's change signal (the document's own work before it, such as copying the
dataset for undo, is not the docks') to both docks refreshed and painted: one weight set
through an undo command; every weight at once (a training run's live weights); one
dataset cell typed through an undo command. The Outputs dock's coalescing wait is
skipped. Best of `repeats`.

Beside each figure, the engine's part of it, timed alone on the same network: the Outputs
dock compiles the network when it opens and runs a forward pass over every row on each
refresh; the rest is the docks' own work (models, widths, thumbnails, painting), which
the goals are about.
"""
from __future__ import annotations

import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402

from netsim import paths  # noqa: E402
from netsim.app.launch import application  # noqa: E402
from netsim.document import Document  # noqa: E402
from netsim.document.commands import SetWeight  # noqa: E402
from netsim.document.dataset_commands import SetDataset, with_value  # noqa: E402
from netsim.document.document import TRAINING  # noqa: E402
from netsim.engine.compiled import Compiled  # noqa: E402
from netsim.panels.dataset_dock import DatasetDock  # noqa: E402
from netsim.panels.outputs_table import OutputsTable  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "tests"))
from image_networks import mnist_file  # noqa: E402

GOALS = {"open": 0.1, "weight": 0.05, "step": 0.05, "edit": 0.1}  # the docks' own, seconds


class Docks:
    """The two docks, shown, following nothing yet."""

    def __init__(self, app) -> None:
        self.app = app
        self.dataset, self.outputs = DatasetDock(), OutputsTable()
        for widget, size in ((self.dataset, (320, 700)), (self.outputs, (1000, 300))):
            widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            widget.resize(*size)
            widget.show()
        app.processEvents()

    def painted(self) -> None:
        self.app.processEvents()
        if self.outputs.timer.isActive():
            self.outputs.refresh()
        self.dataset.grab()
        self.outputs.grab()

    def open(self, doc) -> float:
        self.dataset.set_document(None)
        self.outputs.set_document(None)
        self.painted()
        start = time.perf_counter()
        self.dataset.set_document(doc)
        self.outputs.set_document(doc)
        self.painted()
        return time.perf_counter() - start

    def timed(self, doc, change) -> float:
        """Seconds from the document's change signal to both docks painted."""
        started = []
        stamp = lambda _change: started.append(time.perf_counter())  # noqa: E731
        doc.changed.disconnect(self.dataset._on_document_changed)
        doc.changed.disconnect(self.outputs._on_document_changed)
        for slot in (stamp, self.dataset._on_document_changed, self.outputs._on_document_changed):
            doc.changed.connect(slot)  # the stamp first: slots run in connection order
        change()
        self.painted()
        end = time.perf_counter()
        doc.changed.disconnect(stamp)
        return end - started[0]

    def close(self) -> None:
        self.dataset.set_document(None)
        self.outputs.set_document(None)
        self.dataset.close()
        self.outputs.close()


def figures(app, doc, repeats: int) -> dict[str, float]:
    docks = Docks(app)
    net = doc.network
    key = net.connections[0].key
    weights = {c.key: c.weight for c in net.connections}
    best = {name: float("inf") for name in GOALS}
    for i in range(repeats):
        best["open"] = min(best["open"], docks.open(doc))
        w = 0.25 + 0.01 * i
        best["weight"] = min(best["weight"], docks.timed(
            doc, lambda: doc.undo_stack.push(SetWeight(doc, key, w))))
        shifted = {k: v * (1.001 + i / 1000) for k, v in weights.items()}
        best["step"] = min(best["step"], docks.timed(
            doc, lambda: doc.set_weights(shifted, TRAINING)))
        edited = with_value(doc.dataset, 0, 0, 0.5 + 0.01 * i)
        best["edit"] = min(best["edit"], docks.timed(
            doc, lambda: doc.undo_stack.push(SetDataset(doc, edited, "edit"))))
    docks.close()
    return best


def engine_part(doc, repeats: int) -> dict[str, float]:
    """Seconds of the Outputs dock's engine work alone: compile and one forward pass over
    every row (open), one forward pass (each update)."""
    data, net = doc.dataset, doc.network
    compile_s = forward_s = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        compiled = Compiled(net, data.inputs, data.targets)
        middle = time.perf_counter()
        state = compiled.forward(data.x)
        compiled.row_errors(state, data.y)
        end = time.perf_counter()
        compile_s, forward_s = min(compile_s, middle - start), min(forward_s, end - middle)
    return {"open": compile_s + forward_s, "weight": forward_s, "step": forward_s,
            "edit": forward_s}


def run(repeats: int, quick: bool) -> dict[str, float]:
    """Print the figures on XOR and on 784-128-10 (10,000 rows; 1,000 quick); return the
    big network's."""
    app = application()
    xor = Document.open(paths.example("xor-worked-example"))
    big = Document(mnist_file(rows=1_000 if quick else 10_000))
    small_figures, big_figures = figures(app, xor, repeats), figures(app, big, repeats)
    engine = engine_part(big, repeats)
    rows = len(big.dataset)
    print(f"\n{'Dataset + Outputs docks, seconds':<32} {'XOR':>7} "
          f"{f'784-128-10 ×{rows:,}':>19} {'engine':>7} {'own':>7} {'goal (own)':>11}")
    labels = {"open": "open to painted", "weight": "change one weight",
              "step": "training step (every weight)", "edit": "edit one dataset cell"}
    for name, label in labels.items():
        big_s = big_figures[name]
        own = max(0.0, big_s - engine[name])
        verdict = "met" if own <= GOALS[name] else "NOT met"
        print(f"{label:<32} {small_figures[name]:>7.3f} {big_s:>19.3f} {engine[name]:>7.3f} "
              f"{own:>7.3f} {GOALS[name]:>11.2f} {verdict}")
    return big_figures


if __name__ == "__main__":
    run(1 if "--quick" in sys.argv else 3, "--quick" in sys.argv)

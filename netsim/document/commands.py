"""Undo commands: every change to a document is one of these, pushed on its undo stack.

Commands keep ids and values, never canvas items, and change only the document (through
its primitives, which tell the views). The controller checks that a change is allowed
before it pushes a command, so redo() never fails.
"""
from __future__ import annotations

import copy

import numpy as np
from PySide6.QtGui import QUndoCommand

from netsim.engine import Connection, Neuron
from netsim.engine.dataset import Dataset
from netsim.engine.text import connection_name, readable

from .document import OUTPUTS_SHOWN, Document

MOVE_ID, WEIGHT_ID = 1, 2  # command ids for merging


def _conn(doc: Document, key: tuple[str, str]) -> str:
    """'x1 → y', the neurons by label as the canvas shows them."""
    return connection_name(doc.network, key)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def dataset_without(dataset: Dataset | None, nid: str) -> Dataset | None:
    """The dataset with the column of neuron `nid` removed (it is no longer an input/output)."""
    if dataset is None or (nid not in dataset.inputs and nid not in dataset.targets):
        return dataset
    columns = dataset.inputs + dataset.targets
    keep = [i for i, c in enumerate(columns) if c != nid]
    inputs = [c for c in dataset.inputs if c != nid]
    targets = [c for c in dataset.targets if c != nid]
    rows = dataset.rows[:, keep] if len(dataset) and keep else np.zeros((0, len(keep)))
    # the split stays with the rows (no columns left: no rows either)
    image = dataset.image if inputs == dataset.inputs else None  # a pixel gone: no image
    scaling = dataset.scaling
    if scaling is not None and inputs != dataset.inputs:  # the scaling of the others stays
        scaling = scaling.columns([i for i, c in enumerate(dataset.inputs) if c != nid])
    return Dataset(inputs, targets, rows, dataset.test.copy() if len(rows) else None, image,
                   scaling)


class _DatasetGuard:
    """Remembers the dataset before a command that may drop columns from it."""

    def _keep_dataset(self, doc: Document) -> None:
        self._dataset_before = doc.dataset

    def _restore_dataset(self, doc: Document) -> None:
        if doc.dataset is not self._dataset_before:
            doc.set_dataset(self._dataset_before)


class AddNeuron(QUndoCommand):
    def __init__(self, doc: Document, neuron: Neuron):
        super().__init__(f"Add {neuron.role} neuron {neuron.name}")
        self.doc, self.neuron = doc, copy.copy(neuron)

    def redo(self) -> None:
        self.doc.insert_neuron(copy.copy(self.neuron))

    def undo(self) -> None:
        self.doc.delete_neuron(self.neuron.id)


class Connect(QUndoCommand):
    def __init__(self, doc: Document, connection: Connection):
        super().__init__(f"Connect {_conn(doc, connection.key)}")
        self.doc, self.connection = doc, copy.copy(connection)

    def redo(self) -> None:
        self.doc.insert_connection(copy.copy(self.connection))

    def undo(self) -> None:
        self.doc.delete_connection(self.connection.key)


class Delete(QUndoCommand, _DatasetGuard):
    """Delete neurons (with all their connections) and connections."""

    def __init__(self, doc: Document, neuron_ids, connection_keys=()):
        self.doc, self.ids, self.keys = doc, list(neuron_ids), [tuple(k) for k in connection_keys]
        self._capture()
        super().__init__(self._describe())

    def _capture(self) -> None:
        """What the deletion removes, as it is now (redo may run long after __init__)."""
        net = self.doc.network
        ids = [nid for nid in net.neurons if nid in set(self.ids)]
        keys = set(self.keys) | {c.key for nid in ids for c in net.incoming(nid) + net.outgoing(nid)}
        self.neurons = [copy.copy(net.neurons[nid]) for nid in ids]
        self.connections = [copy.copy(c) for c in net.connections if c.key in keys]
        self._order = net.order()

    def _describe(self) -> str:
        n, c = len(self.neurons), len(self.connections)
        if n == 0 and c == 1:
            return f"Delete connection {_conn(self.doc, self.connections[0].key)}"
        if n == 1:
            what = f"neuron {self.neurons[0].name}"
        else:
            what = _plural(n, "neuron")
        if n == 0:
            return f"Delete {_plural(c, 'connection')}"
        return f"Delete {what}" + (f" and {_plural(c, 'connection')}" if c else "")

    def redo(self) -> None:
        self._capture()
        self._keep_dataset(self.doc)
        with self.doc.batch():
            self.doc.delete_connections([c.key for c in self.connections])
            dataset = self.doc.dataset
            for n in self.neurons:
                dataset = dataset_without(dataset, n.id)
                self.doc.delete_neuron(n.id)
            if dataset is not self.doc.dataset:
                self.doc.set_dataset(dataset)

    def undo(self) -> None:
        with self.doc.batch():
            for n in self.neurons:
                self.doc.insert_neuron(copy.copy(n))
            for c in self.connections:
                self.doc.insert_connection(copy.copy(c))
            self.doc.reorder(*self._order)
            self._restore_dataset(self.doc)


class MoveNeurons(QUndoCommand):
    """Move neurons; consecutive moves of the same neurons merge (arrow-key nudges)."""

    def __init__(self, doc: Document, old: dict, new: dict):
        names = [doc.network.neurons[nid].name for nid in new]
        super().__init__(f"Move {names[0]}" if len(names) == 1 else f"Move {len(names)} neurons")
        self.doc, self.old, self.new = doc, dict(old), dict(new)

    def id(self) -> int:
        return MOVE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, MoveNeurons) or set(other.new) != set(self.new):
            return False
        self.new = dict(other.new)
        return True

    def redo(self) -> None:
        self.doc.set_positions(self.new)

    def undo(self) -> None:
        self.doc.set_positions(self.old)


class SetPositions(MoveNeurons):
    """Many positions at once under one name (Auto layout); never merges."""

    def __init__(self, doc: Document, new: dict, text: str):
        super().__init__(doc, {}, new)
        self.setText(text)

    def redo(self) -> None:
        self.old = {nid: self.doc.network.neurons[nid].position for nid in self.new}
        super().redo()

    def id(self) -> int:
        return -1


class SetWeight(QUndoCommand):
    """One weight; with merge=True consecutive changes of the same weight (a slider being
    dragged) become one step."""

    def __init__(self, doc: Document, key: tuple[str, str], weight: float, merge: bool = False):
        super().__init__(f"Set weight {_conn(doc, key)} to {readable(weight)}")
        self.doc, self.key, self.new, self.merge = doc, tuple(key), float(weight), merge
        self.old = None

    def id(self) -> int:
        return WEIGHT_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (isinstance(other, SetWeight) and self.merge and other.merge
                and other.key == self.key):
            return False
        self.new = other.new
        self.setText(other.text())
        return True

    def redo(self) -> None:
        if self.old is None:  # the first redo (later ones start from the same state)
            self.old = self.doc.network.connection(*self.key).weight
        self.doc.set_weights({self.key: self.new})

    def undo(self) -> None:
        self.doc.set_weights({self.key: self.old})


class SetWeights(QUndoCommand):
    """Many weights at once (randomize, a training run, restarts)."""

    def __init__(self, doc: Document, weights: dict, text: str):
        super().__init__(text)
        self.doc = doc
        self.new = {tuple(k): float(w) for k, w in weights.items()}

    def redo(self) -> None:
        self.old = {k: self.doc.network.connection(*k).weight for k in self.new}
        self.doc.set_weights(self.new)

    def undo(self) -> None:
        self.doc.set_weights(self.old)


class SetAllWeights(QUndoCommand):
    """Every weight at once, in connection order (an update of a big network while stepping):
    NumPy arrays instead of a dictionary of a hundred thousand keys. The stack runs the
    commands in order, so the connections are the same ones, in the same order, at every
    redo and undo."""

    def __init__(self, doc: Document, weights, text: str):
        super().__init__(text)
        self.doc = doc
        self.new = np.array(weights, dtype=float)
        self.old = None

    def redo(self) -> None:
        if self.old is None:  # the first redo (later ones start from the same state)
            self.old = np.array(self.doc.network.weights(), dtype=float)
        self.doc.set_all_weights(self.new)

    def undo(self) -> None:
        self.doc.set_all_weights(self.old)


class SetTrainable(QUndoCommand):
    def __init__(self, doc: Document, key: tuple[str, str], trainable: bool):
        verb = "Unfreeze" if trainable else "Freeze"
        super().__init__(f"{verb} {_conn(doc, key)}")
        self.doc, self.key, self.new = doc, tuple(key), bool(trainable)

    def redo(self) -> None:
        self.old = self.doc.network.connection(*self.key).trainable
        self.doc.set_trainable(self.key, self.new)

    def undo(self) -> None:
        self.doc.set_trainable(self.key, self.old)


class NameConnection(QUndoCommand):
    """Name a connection (seed 001 calls its weights w1 … w12), or clear its name."""

    def __init__(self, doc: Document, key: tuple[str, str], label: str | None):
        super().__init__(f"Name {_conn(doc, key)} {label}" if label else
                         f"Clear the name of {_conn(doc, key)}")
        self.doc, self.key, self.new = doc, tuple(key), label or None

    def redo(self) -> None:
        self.old = self.doc.network.connection(*self.key).label
        self.doc.set_connection_label(self.key, self.new)

    def undo(self) -> None:
        self.doc.set_connection_label(self.key, self.old)


class SetNeuron(QUndoCommand, _DatasetGuard):
    """Set a neuron's label, activation or role."""

    def __init__(self, doc: Document, nid: str, field: str, value):
        neuron = doc.network.neurons[nid]
        text = {"label": f"Rename {neuron.name} to {value}" if value else f"Clear the label of {nid}",
                "activation": f"Set activation of {neuron.name} to {value}",
                "role": f"Make {neuron.name} a{'n' if value[:1] in 'aeiou' else ''} {value} neuron"
                if isinstance(value, str) else ""}[field]
        super().__init__(text)
        self.doc, self.nid, self.field, self.new = doc, nid, field, value

    def redo(self) -> None:
        neuron = self.doc.network.neurons[self.nid]
        self.old, self.old_activation = getattr(neuron, self.field), neuron.activation
        self._keep_dataset(self.doc)
        self.doc.set_neuron(self.nid, self.field, self.new)
        if self.field == "role":
            dataset = self.doc.dataset
            if dataset is not None and (
                    (self.nid in dataset.inputs and self.new != "input")
                    or (self.nid in dataset.targets and self.new != "output")):
                self.doc.set_dataset(dataset_without(dataset, self.nid))

    def undo(self) -> None:
        self.doc.set_neuron(self.nid, self.field, self.old)
        if self.field == "role" and self.old_activation is not None:
            self.doc.set_neuron(self.nid, "activation", self.old_activation)
        self._restore_dataset(self.doc)


def shown_in_outputs(doc: Document) -> list[str]:
    """The hidden neurons the Outputs dock shows as columns beside the outputs, in the
    network's order (the file's "view" may name neurons that are gone or not hidden now:
    those are left out)."""
    listed = doc.view_value(OUTPUTS_SHOWN)
    if not isinstance(listed, list):
        return []
    wanted = {nid for nid in listed if isinstance(nid, str)}
    return [nid for nid in doc.network.ids("hidden") if nid in wanted]


class ShowInOutputs(QUndoCommand):
    """Show a hidden neuron's output as a column of the Outputs dock, or stop showing it
    (seed 000 reads XOR as OR and NAND side by side: h1 and h2 beside y)."""

    def __init__(self, doc: Document, nid: str, shown: bool):
        name = doc.network.neurons[nid].name
        super().__init__(f"Show {name} in Outputs" if shown else f"Hide {name} from Outputs")
        self.doc, self.nid, self.shown = doc, nid, bool(shown)

    def redo(self) -> None:
        self.old = self.doc.view_value(OUTPUTS_SHOWN)
        listed = [nid for nid in shown_in_outputs(self.doc) if nid != self.nid]
        if self.shown:
            listed.append(self.nid)
        order = {nid: k for k, nid in enumerate(self.doc.network.ids("hidden"))}
        self.doc.set_view_value(OUTPUTS_SHOWN, sorted(listed, key=order.get) or None)

    def undo(self) -> None:
        self.doc.set_view_value(OUTPUTS_SHOWN, self.old)

"""The document: one network file being edited, the single source of truth.

It owns the NetworkFile (network, dataset, training settings, name, view data), the file
path and the undo stack. Undo commands (commands.py) are the only writers: they call the
primitive setters below, each of which emits `changed` so that every view can redraw.
Views never write here; they report intents and a controller pushes a command.
"""
from __future__ import annotations

from contextlib import contextmanager
from operator import attrgetter

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal

from netsim.engine import Connection, Network, Neuron
from netsim.engine.dataset import Dataset
from netsim.io.fileformat import NetworkFile, load, save

from .undo_stack import UndoStack

# What a change touched; views decide how much to redraw.
STRUCTURE = "structure"  # neurons or connections added or removed
WEIGHTS = "weights"  # ids: the keys of the weights (or trainable flags) set; none: every weight
NEURONS = "neurons"  # label, role, activation
POSITIONS = "positions"
DATASET = "dataset"
SETTINGS = "settings"
EVERYTHING = "everything"
TRAINING = "training"  # the source of a change made by a training run's live weights


def refollow(old: "Document | None", new: "Document | None", slot) -> "Document | None":
    """Move a view's `changed` handler from the document it followed to `new` (either may
    be None); return `new`, for `self.doc = refollow(self.doc, doc, self._on_...)`."""
    if old is not None:
        old.changed.disconnect(slot)
    if new is not None:
        new.changed.connect(slot)
    return new


@dataclass(frozen=True)
class Change:
    kind: str
    ids: tuple = ()  # neuron ids or (source, target) keys, when known
    source: str | None = None  # who made it, when that matters (TRAINING); None: an edit


OUTPUTS_SHOWN = "outputs_shown"  # in the file's "view": hidden neurons the Outputs dock shows


class Document(QObject):
    changed = Signal(object)  # a Change
    path_changed = Signal()
    view_changed = Signal(str)  # the key of the file's "view" object that changed

    def __init__(self, nf: NetworkFile | None = None, path: str | Path | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.file = nf if nf is not None else NetworkFile(Network())
        self.path = Path(path) if path is not None else None
        self._batch: dict | None = None  # changes gathered by batch()
        self._weights: np.ndarray | None = None  # weight_array(), until the next change
        self.undo_stack = UndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)

    def __repr__(self) -> str:
        return f"Document({self.path or 'untitled'}: {self.network!r})"

    def _on_clean_changed(self, _clean: bool) -> None:
        self.path_changed.emit()

    @classmethod
    def open(cls, path: str | Path, parent: QObject | None = None) -> "Document":
        """Load a file; raises FormatError with the loader's one-line message."""
        return cls(load(path), path, parent)

    # ---- reading -------------------------------------------------------------------
    @property
    def network(self) -> Network:
        return self.file.network

    @property
    def dataset(self) -> Dataset | None:
        return self.file.dataset

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    @property
    def title(self) -> str:
        """The file name, or the network's name, or "Untitled"."""
        if self.path is not None:
            return self.path.name
        return self.file.name or "Untitled"

    # ---- saving --------------------------------------------------------------------
    def save(self, path: str | Path | None = None) -> None:
        """Write atomically to `path` (default: the document's path) and mark clean."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("the document has no file name yet")
        save(target, self.file)
        if target != self.path:
            self.path = target
        self.undo_stack.setClean()
        self.path_changed.emit()

    # ---- primitives for commands ---------------------------------------------------
    def weight_array(self) -> np.ndarray:
        """Every weight in connection order, read-only, read from the network once per
        change: at each of a run's live updates several views want them all."""
        if self._weights is None:
            connections = self.network.connections
            weights = np.fromiter(map(attrgetter("weight"), connections), float,
                                  len(connections))
            weights.flags.writeable = False
            self._weights = weights
        return self._weights

    def _emit(self, kind: str, ids=(), source: str | None = None) -> None:
        self._weights = None  # whatever changed, the weights are read again when asked
        if self._batch is not None:  # one change per kind when the batch ends
            kinds = self._batch.setdefault((kind, source), [])
            kinds.extend(ids)
            return
        self.changed.emit(Change(kind, tuple(ids), source))

    @contextmanager
    def batch(self):
        """Within it, changes of one kind are gathered and emitted once at its end, with
        all their ids: a command deleting a neuron and its 785 connections is one
        structure change, not 786 (a big network's canvas rebuilds once)."""
        if self._batch is not None:
            yield
            return
        self._batch = {}
        try:
            yield
        finally:
            gathered, self._batch = self._batch, None
            for (kind, source), ids in gathered.items():
                self.changed.emit(Change(kind, tuple(ids), source))

    def reorder(self, neuron_ids, connection_keys) -> None:
        """Put neurons and connections back in this order (an undone deletion)."""
        self.network.reorder(neuron_ids, connection_keys)
        self._emit(STRUCTURE)

    def insert_neuron(self, neuron: Neuron) -> None:
        self.network.add_neuron(neuron.id, neuron.role, neuron.activation, neuron.label,
                                neuron.position)
        self._emit(STRUCTURE, [neuron.id])

    def delete_neuron(self, nid: str) -> None:
        """Remove a neuron that has no connections left (commands remove those first)."""
        self.network.remove_neuron(nid)
        self._emit(STRUCTURE, [nid])

    def insert_connection(self, c: Connection) -> None:
        self.network.connect(c.source, c.target, c.weight, c.trainable, c.label)
        self._emit(STRUCTURE, [c.key])

    def delete_connection(self, key: tuple[str, str]) -> None:
        self.delete_connections([key])

    def delete_connections(self, keys) -> None:
        """Remove these connections in one pass (a neuron's 785 of a big network)."""
        keys = [tuple(k) for k in keys]
        self.network.disconnect_many(keys)
        self._emit(STRUCTURE, keys)

    def set_weights(self, weights: dict[tuple[str, str], float],
                    source: str | None = None) -> None:
        """Set weights; `source` says who (TRAINING for a run's live weights)."""
        for (s, t), w in weights.items():
            self.network.set_weight(s, t, w)
        self._emit(WEIGHTS, weights, source)

    def set_weight_values(self, keys, values, source: str | None = None) -> None:
        """Set the weights of `keys` to `values` (an array in the same order) in one
        pass: a training run's live weights, a hundred thousand many times a second."""
        self.network.set_weights_of(keys, values)
        self._emit(WEIGHTS, keys, source)

    def set_all_weights(self, weights, source: str | None = None) -> None:
        """Set every weight, given in connection order (a NumPy array or a list): one
        change without ids, which views read as "any weight may have changed"."""
        if len(weights) != len(self.network.connections):
            raise ValueError(f"expected {len(self.network.connections)} weights, "
                             f"got {len(weights)}")
        self.network.set_weights(weights)
        self._emit(WEIGHTS, (), source)

    def set_trainable(self, key: tuple[str, str], trainable: bool) -> None:
        self.network.connection(*key).trainable = trainable
        self._emit(WEIGHTS, [key])

    def set_connection_label(self, key: tuple[str, str], label: str | None) -> None:
        """Name a connection (seed 001's w1 … w12; None: no name). Its arrow and the
        formulas follow through a weights change of that one key (the weight is as it was)."""
        self.network.connection(*key).label = label or None
        self._emit(WEIGHTS, [key])

    def set_neuron(self, nid: str, field: str, value) -> None:
        """Set label, role or activation (the engine refuses what is not allowed)."""
        if field == "role":
            self.network.set_role(nid, value)
        elif field == "activation":
            self.network.set_activation(nid, value)
        elif field == "label":
            self.network.neuron(nid).label = value or None
        else:
            raise ValueError(f"unknown neuron field {field!r}")
        self._emit(NEURONS, [nid])

    def set_positions(self, positions: dict[str, tuple[float, float] | None]) -> None:
        for nid, pos in positions.items():
            self.network.neuron(nid).position = None if pos is None else (float(pos[0]), float(pos[1]))
        self._emit(POSITIONS, positions)

    def set_dataset(self, dataset: Dataset | None) -> None:
        self.file.dataset = dataset
        self._emit(DATASET)

    def view_value(self, key: str, default=None):
        """What the file's "view" object (the app's own data) holds under `key`."""
        view = self.file.view
        return view.get(key, default) if isinstance(view, dict) else default

    def set_view_value(self, key: str, value) -> None:
        """Set `key` of the file's "view" object (None: remove it); only the views that
        read it follow, through view_changed (the network and data are as they were)."""
        view = dict(self.file.view) if isinstance(self.file.view, dict) else {}
        if value is None:
            view.pop(key, None)
        else:
            view[key] = value
        self.file.view = view or None
        self.view_changed.emit(key)

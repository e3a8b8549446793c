"""Undo for datasets: every edit replaces the whole dataset with one SetDataset command.

Datasets are small, so a command keeps copies of the dataset before and after; undo puts
back exactly the rows it replaced. The helpers below make the new dataset for each kind
of edit (they never change the dataset they are given).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QUndoCommand

from netsim.engine.dataset import Dataset

from .document import Document


def _copy(dataset: Dataset | None) -> Dataset | None:
    return None if dataset is None else dataset.copy()


class SetDataset(QUndoCommand):
    """Replace the document's dataset (None: no dataset) with a copy of `dataset`."""

    def __init__(self, doc: Document, dataset: Dataset | None, text: str):
        super().__init__(text)
        self.doc, self.new, self.old = doc, _copy(dataset), None

    def __repr__(self) -> str:
        return f"SetDataset({self.text()!r}: {self.new!r})"

    def redo(self) -> None:
        self.old = _copy(self.doc.dataset)  # as it is now: redo may run long after __init__
        self.doc.set_dataset(_copy(self.new))

    def undo(self) -> None:
        self.doc.set_dataset(_copy(self.old))


# ---- new datasets for each kind of edit -------------------------------------------------
def with_value(dataset: Dataset, row: int, column: int, value: float) -> Dataset:
    """The dataset with one cell (column counts inputs, then targets) set to `value`."""
    new = dataset.copy()
    new.rows[row, column] = float(value)
    return new


def with_rows(dataset: Dataset, rows) -> Dataset:
    """The dataset with `rows` (each inputs, then targets) appended, as training rows."""
    rows = np.asarray(rows, dtype=float)
    rows = rows.reshape(len(rows) if rows.ndim == 2 else 1, dataset.rows.shape[1])
    test = np.concatenate([dataset.test, np.zeros(len(rows), dtype=bool)])
    return Dataset(list(dataset.inputs), list(dataset.targets), np.vstack([dataset.rows, rows]),
                   test, dataset.image, dataset.scaling)


def without_rows(dataset: Dataset, rows) -> Dataset:
    """The dataset with the rows at the indices `rows` removed (the others keep whether
    they are held out for testing)."""
    keep = np.ones(len(dataset), dtype=bool)
    keep[list(rows)] = False
    return Dataset(list(dataset.inputs), list(dataset.targets), dataset.rows[keep],
                   dataset.test[keep], dataset.image, dataset.scaling)


def with_test_rows(dataset: Dataset, rows, held_out: bool) -> Dataset:
    """The dataset with the rows at the indices `rows` held out for testing (or, with
    held_out=False, used for training again)."""
    test = dataset.test.copy()
    test[list(rows)] = held_out
    return dataset.with_test(test)


def with_column(dataset: Dataset, nid: str, target: bool) -> Dataset:
    """The dataset with a column of zeros for neuron `nid`, last among the inputs (or the
    targets)."""
    at = len(dataset.inputs) + (len(dataset.targets) if target else 0)
    rows = np.insert(dataset.rows, at, 0.0, axis=1)
    inputs = list(dataset.inputs) + ([] if target else [nid])
    targets = list(dataset.targets) + ([nid] if target else [])
    scaling = dataset.scaling
    if scaling is not None and not target:
        scaling = scaling.appended()  # the new input is used as given
    return Dataset(inputs, targets, rows, dataset.test.copy(),
                   dataset.image if target else None, scaling)  # a new input is no pixel


def empty_for(inputs: list[str], targets: list[str], rows: int = 0) -> Dataset:
    """A dataset of `rows` rows of zeros with these columns."""
    return Dataset(list(inputs), list(targets), np.zeros((rows, len(inputs) + len(targets))))

"""Class targets: whether a network and its dataset classify, and how well.

The one place that decides about classes (the plots, the Confusion Matrix and the
command line all ask here). A dataset has class targets of one of two kinds:

- a **group**: two or more target outputs whose targets are one-hot (every target 0 or
  1, exactly one 1 per row). The outputs of a softmax group form it when at least two
  of them have target columns; otherwise every target column does, whatever the outputs'
  activation: several sigmoid outputs trained on one-hot targets (one-vs-rest) are read
  the same way. The predicted class is the output with the largest value (argmax; on a
  tie, the first), the true class the column holding the 1. Classes are named after
  their output neurons (label, else id).
- **binary**: a single target output whose targets are all 0 or 1 (a sigmoid output,
  say). The predicted class is 1 when the output is at least 0.5, else 0; the classes
  are named "0" and "1".

Anything else (targets outside {0, 1}, several targets that are not one-hot, no rows)
has no class targets: a regression. A row whose outputs are not all finite numbers (a
diverged network) predicts no class (-1): it counts as wrong in the accuracy and in no
cell of the confusion matrix.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .compiled import Compiled
from .dataset import Dataset
from .network import Network

GROUP, BINARY = "group", "binary"
NO_CLASS = -1  # the predicted class of a row whose outputs are not finite
SOFTMAX = "softmax"


@dataclass(frozen=True)
class ClassTargets:
    kind: str  # GROUP or BINARY
    columns: tuple[int, ...]  # the target columns read (indices into dataset.targets)
    names: tuple[str, ...]  # one per class, in class order

    def __repr__(self) -> str:
        return f"ClassTargets({self.kind}: {', '.join(self.names)})"

    def true(self, y: np.ndarray) -> np.ndarray:
        """The true class of each row of targets `y` (rows, dataset targets)."""
        y = np.asarray(y, dtype=float)
        if self.kind == BINARY:
            return y[:, self.columns[0]].astype(int)
        return np.argmax(y[:, list(self.columns)], axis=1)

    def predicted(self, outputs: np.ndarray) -> np.ndarray:
        """The predicted class of each row of network outputs (rows, dataset targets):
        argmax over a group, o >= 0.5 for binary; NO_CLASS where an output read is not
        finite."""
        o = np.asarray(outputs, dtype=float)[:, list(self.columns)]
        finite = np.isfinite(o).all(axis=1)
        if self.kind == BINARY:
            classes = (o[:, 0] >= 0.5).astype(int)
        else:
            classes = np.argmax(np.where(np.isfinite(o), o, -np.inf), axis=1)
        return np.where(finite, classes, NO_CLASS)


def _one_hot(y: np.ndarray) -> bool:
    binary = np.isin(y, (0.0, 1.0)).all()
    return bool(binary and (y.sum(axis=1) == 1).all())


def class_targets(network: Network, dataset: Dataset | None) -> ClassTargets | None:
    """The class targets of `dataset` for `network`, or None (no dataset, no rows, a
    dataset that does not fit the network, or targets that are not classes)."""
    if dataset is None or len(dataset) == 0 or dataset.problem(network) is not None:
        return None
    y = dataset.y
    targets = list(dataset.targets)
    softmax = [k for k, t in enumerate(targets) if network.neurons[t].activation == SOFTMAX]
    columns = softmax if len(softmax) >= 2 else list(range(len(targets)))
    if len(columns) >= 2:
        if not _one_hot(y[:, columns]):
            return None
        names = tuple(network.neurons[targets[k]].name for k in columns)
        return ClassTargets(GROUP, tuple(columns), names)
    if np.isin(y[:, 0], (0.0, 1.0)).all():
        return ClassTargets(BINARY, (0,), ("0", "1"))
    return None


def accuracy(predicted: np.ndarray, true: np.ndarray) -> float:
    """The share of rows whose predicted class is the true one (nan for no rows)."""
    predicted, true = np.asarray(predicted), np.asarray(true)
    if not len(true):
        return float("nan")
    return float(np.count_nonzero(predicted == true)) / len(true)


def confusion(predicted: np.ndarray, true: np.ndarray, classes: int) -> np.ndarray:
    """Counts (classes × classes): [i, j] is how many rows of true class i were predicted
    as class j. Rows that predict no class are in no cell."""
    predicted, true = np.asarray(predicted, dtype=int), np.asarray(true, dtype=int)
    keep = predicted >= 0
    counts = np.zeros((classes, classes), dtype=int)
    np.add.at(counts, (true[keep], predicted[keep]), 1)
    return counts


def outputs(network: Network, dataset: Dataset, x: np.ndarray | None = None) -> np.ndarray:
    """The network's outputs for the dataset's target columns, for its rows (or for `x`)."""
    compiled = Compiled(network, dataset.inputs, dataset.targets)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return compiled.outputs(compiled.forward(dataset.x if x is None else x))


@dataclass
class Classified:
    """Every row of a dataset classified by a network."""
    targets: ClassTargets
    true: np.ndarray  # the true class of each row
    predicted: np.ndarray  # the predicted class of each row (NO_CLASS: none)
    test: np.ndarray  # True where the row is held out for testing

    def __repr__(self) -> str:
        return f"Classified({len(self.true)} rows, {self.targets!r})"

    def rows(self, test: bool = False) -> np.ndarray:
        """The training rows (or the held-out rows) as a mask."""
        return self.test if test else ~self.test

    def accuracy(self, test: bool = False) -> float:
        keep = self.rows(test)
        return accuracy(self.predicted[keep], self.true[keep])

    def confusion(self, test: bool = False) -> np.ndarray:
        keep = self.rows(test)
        return confusion(self.predicted[keep], self.true[keep], len(self.targets.names))

    def cell_rows(self, true_class: int, predicted_class: int, test: bool = False) -> list[int]:
        """The dataset rows of one confusion cell, in order."""
        hit = self.rows(test) & (self.true == true_class) & (self.predicted == predicted_class)
        return [int(i) for i in np.flatnonzero(hit)]


def classify(network: Network, dataset: Dataset | None,
             out: np.ndarray | None = None) -> Classified | None:
    """Every row of `dataset` classified by `network` (with its outputs `out` when the
    caller has them), or None without class targets."""
    targets = class_targets(network, dataset)
    if targets is None:
        return None
    if out is None:
        out = outputs(network, dataset)
    return Classified(targets, targets.true(dataset.y), targets.predicted(out),
                      dataset.test.copy())


class Classifier:
    """classify() again and again while only the weights change (a view that follows a
    training run): the network is compiled once, then given each new set of weights.
    forget() after any other change of the network."""

    def __init__(self) -> None:
        self._compiled: Compiled | None = None
        self._compiled_for = None  # the (inputs, targets) it was compiled for

    def __repr__(self) -> str:
        return f"Classifier({'compiled' if self._compiled is not None else 'not compiled'})"

    def forget(self) -> None:
        self._compiled = None

    def classify(self, network: Network, dataset: Dataset | None,
                 weights: np.ndarray) -> Classified | None:
        """classify(network, dataset) with `weights` (every weight, in connection order:
        the network's own)."""
        if class_targets(network, dataset) is None:
            return None
        key = (tuple(dataset.inputs), tuple(dataset.targets))
        if self._compiled is None or self._compiled_for != key:
            self._compiled, self._compiled_for = Compiled(network, *key), key
        self._compiled.set_weights(weights)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            out = self._compiled.outputs(self._compiled.forward(dataset.x))
        return classify(network, dataset, out)

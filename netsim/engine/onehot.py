"""Class names to one-hot targets: one target column per class, 1 in the row's class.

The classes are put in sorted order, so that the same data give the same columns
however the rows are shuffled: by number when every name is a number ("2" before
"10"), else by text ("setosa", "versicolor", "virginica"). Names are plain text.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

MAX_CLASSES = 100  # more distinct names than this is a column of ids, not of classes


def _as_number(name: str) -> float | None:
    try:
        value = float(name)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def class_order(names) -> list[str]:
    """The distinct names, sorted by number if all are numbers, else as text."""
    distinct = set(names)
    numbers = {n: _as_number(n) for n in distinct}
    if all(v is not None for v in numbers.values()):
        return sorted(distinct, key=lambda n: (numbers[n], n))
    return sorted(distinct)


def one_hot(labels, column: str = "the class column") -> tuple[list[str], np.ndarray]:
    """(classes, targets): the sorted class names and one row of 0s and a 1 per label;
    ValueError (one line) for an empty name, a single class or too many classes."""
    labels = [str(label).strip() for label in labels]
    for row, label in enumerate(labels):
        if not label:
            raise ValueError(f"{column} is empty in row {row} (counting from 0)")
    classes = class_order(labels)
    if len(classes) > MAX_CLASSES:
        raise ValueError(f"{column} holds {len(classes):,} different names; netsim takes at "
                         f"most {MAX_CLASSES} classes")
    if len(classes) < 2:
        only = f" ({classes[0]!r})" if classes else ""
        raise ValueError(f"{column} holds only one class{only}; a classifier needs two or more")
    index = {name: k for k, name in enumerate(classes)}
    targets = np.zeros((len(labels), len(classes)))
    targets[np.arange(len(labels)), [index[label] for label in labels]] = 1.0
    return classes, targets


@dataclass(frozen=True, eq=False)
class ClassData:
    """Input columns and a class name per row: a shipped data set, or a CSV file with a
    class column (its inputs then name input neurons)."""
    title: str  # what the class column is called, in messages
    columns: list[str]  # the input columns' names
    x: np.ndarray  # rows × inputs
    labels: list[str]  # each row's class name
    image: tuple[int, int] | None = None

    def __repr__(self) -> str:
        return f"ClassData({self.title}: {len(self.labels)} rows, {len(self.columns)} inputs)"

    def __len__(self) -> int:
        return len(self.labels)

    def one_hot(self) -> tuple[list[str], np.ndarray]:
        """(class names in order, one-hot targets)."""
        return one_hot(self.labels, f"the class column of {self.title}")


def class_outputs(network, classes: list[str]) -> list[str] | None:
    """The output neurons that take the classes' targets, in class order, or None when
    the network's outputs do not match: outputs labelled with exactly the class names go
    by label, else exactly one output neuron per class goes in the network's order."""
    outputs = network.ids("output")
    if len(outputs) != len(classes):
        return None
    by_label = {network.neurons[nid].label: nid for nid in outputs}
    if set(by_label) == set(classes):
        return [by_label[name] for name in classes]
    return outputs

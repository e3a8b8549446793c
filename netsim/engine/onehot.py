"""Class names to one-hot targets: one target column per class, 1 in the row's class.

The classes are put in sorted order, so that the same data give the same columns
however the rows are shuffled: by number when every name is a number ("2" before
"10"), else by text ("setosa", "versicolor", "virginica"). Names are plain text.
"""
from __future__ import annotations

import math

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

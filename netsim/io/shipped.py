"""The data sets shipped in resources/data (sources and licence: SOURCES.md there).

Each file is CSV: a header row, then the input values and, last, the class name. They
are read with the csv module alone (netsim does not need scikit-learn to use them).
"""
from __future__ import annotations

import csv

import numpy as np

from netsim.engine.onehot import ClassData
from netsim.paths import resources_dir

# name: (file, title, image shape of the inputs or None)
SHIPPED = {
    "iris": ("iris.csv", "Iris", None),
    "digits": ("digits.csv", "Digits 8x8", (8, 8)),
}


def shipped(name: str) -> ClassData:
    """The shipped data set `name` ("iris" or "digits")."""
    try:
        file, title, image = SHIPPED[name]
    except KeyError:
        raise ValueError(f"no shipped data set called {name!r} "
                         f"(known: {', '.join(SHIPPED)})") from None
    with (resources_dir() / "data" / file).open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    x = np.array([[float(v) for v in row[:-1]] for row in rows])
    return ClassData(title, header[:-1], x, [row[-1] for row in rows], image)

"""A dataset: rows of input values followed by target values, with named columns.

Rows can be held out for testing (`test`, one flag per row): training uses only the
other rows (`training()`), and the held-out rows (`testing()`) show how well the network
does on data it never learned from.

When the inputs are the pixels of an image, `image` is its shape (rows, columns), the
input columns in row-major order: the canvas lays the input neurons out in that grid and
the Dataset dock draws each row as a picture.

`rows` are the numbers as given (the Dataset dock shows them). With a `scaling`
(scaling.py) the network sees scaled inputs: `x`, which every engine path reads, is
(raw − offset) / scale column by column; `raw_x` is the inputs as given.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .network import Network
from .scaling import Scaling, fit_scaling


def image_shape(shape, inputs: int) -> tuple[int, int]:
    """`shape` as (rows, columns) of whole numbers whose product is `inputs`; ValueError
    (one line) otherwise."""
    try:
        rows, cols = shape
    except (TypeError, ValueError):
        raise ValueError(f"an image shape is two whole numbers (rows, columns), "
                         f"not {shape!r}") from None
    if not all(isinstance(v, int | np.integer) and not isinstance(v, bool) and v > 0
               for v in (rows, cols)):
        raise ValueError(f"an image shape is two whole numbers above 0, not {rows!r} x {cols!r}")
    if rows * cols != inputs:
        raise ValueError(f"an image of {rows} x {cols} pixels needs {rows * cols} inputs, "
                         f"not {inputs}")
    return int(rows), int(cols)


@dataclass
class Dataset:
    inputs: list[str]  # input neuron ids, in column order
    targets: list[str]  # output neuron ids, in column order
    rows: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    test: np.ndarray | None = None  # one bool per row: held out for testing (default none)
    image: tuple[int, int] | None = None  # the inputs as an image of this shape (rows, columns)
    scaling: Scaling | None = None  # what the network sees: (raw - offset) / scale

    def __post_init__(self) -> None:
        if self.scaling is not None and len(self.scaling) != len(self.inputs):
            raise ValueError(f"the scaling has {len(self.scaling)} columns; the dataset has "
                             f"{len(self.inputs)} inputs")
        if self.image is not None:
            self.image = image_shape(self.image, len(self.inputs))
        width = len(self.inputs) + len(self.targets)
        rows = np.asarray(self.rows, dtype=float)
        if rows.size == 0 and (rows.ndim != 2 or len(rows) == 0):
            rows = rows.reshape(0, width)  # no rows at all ([] or 0 × anything)
        if rows.ndim != 2 or rows.shape[1] != width:
            raise ValueError(f"dataset rows must have {width} values each")
        self.rows = rows
        if self.test is None:
            self.test = np.zeros(len(rows), dtype=bool)
        else:
            test = np.asarray(self.test)
            if test.shape != (len(rows),):
                raise ValueError(f"the test mask must have one value per row ({len(rows)}), "
                                 f"not {test.size}")
            self.test = test.astype(bool)

    def __repr__(self) -> str:
        held = f", {self.test_count} held out for testing" if self.test_count else ""
        scaled = f", inputs {self.scaling.method}" if self.scaling is not None else ""
        return (f"Dataset({len(self)} rows{held}{scaled}; inputs {self.inputs}, "
                f"targets {self.targets})")

    def __len__(self) -> int:
        return self.rows.shape[0]

    @property
    def x(self) -> np.ndarray:
        """The inputs the network sees: scaled when the dataset has a scaling. The scaled
        inputs are worked out once for these rows and this scaling and kept, read-only
        (the step-through reads one row at a time: scaling 60,000 rows for each would
        cost more than the row's passes); a dataset's rows are changed only on a copy
        (document.dataset_commands), before anything has read them."""
        if self.scaling is None:
            return self.rows[:, : len(self.inputs)]
        kept = self.__dict__.get("_scaled")
        if kept is None or kept[0] is not self.rows or kept[1] is not self.scaling:
            scaled = self.scaling.apply(self.rows[:, : len(self.inputs)])
            scaled.flags.writeable = False
            kept = self.__dict__["_scaled"] = (self.rows, self.scaling, scaled)
        return kept[2]

    def __getstate__(self) -> dict:
        """Pickled (to the training process) without the kept scaled inputs."""
        state = dict(self.__dict__)
        state.pop("_scaled", None)
        return state

    @property
    def raw_x(self) -> np.ndarray:
        """The inputs as given, before any scaling."""
        return self.rows[:, : len(self.inputs)]

    @property
    def y(self) -> np.ndarray:
        return self.rows[:, len(self.inputs):]

    @property
    def test_count(self) -> int:
        """How many rows are held out for testing."""
        return int(np.count_nonzero(self.test))

    @property
    def test_rows(self) -> list[int]:
        """The indices of the held-out rows, in order."""
        return [int(i) for i in np.flatnonzero(self.test)]

    def copy(self) -> "Dataset":
        return Dataset(list(self.inputs), list(self.targets), self.rows.copy(),
                       self.test.copy(), self.image, self.scaling)

    def _subset(self, keep: np.ndarray) -> "Dataset":
        return Dataset(list(self.inputs), list(self.targets), self.rows[keep], image=self.image,
                       scaling=self.scaling)

    def training(self) -> "Dataset":
        """The rows that are not held out (no rows held out in it); the dataset itself
        when nothing is held out."""
        if not self.test_count:
            return self
        return self._subset(~self.test)

    def testing(self) -> "Dataset | None":
        """The held-out rows as a dataset of their own (nothing held out in it), or None
        when there are none."""
        if not self.test_count:
            return None
        return self._subset(self.test)

    def with_test(self, test) -> "Dataset":
        """A copy with this test mask (one bool per row)."""
        return Dataset(list(self.inputs), list(self.targets), self.rows.copy(),
                       np.asarray(test, dtype=bool).copy(), self.image, self.scaling)

    def with_scaling(self, scaling: Scaling | None) -> "Dataset":
        """A copy whose inputs are scaled by `scaling` (None: used as given)."""
        return Dataset(list(self.inputs), list(self.targets), self.rows.copy(),
                       self.test.copy(), self.image, scaling)

    def scaled(self, method: str) -> "Dataset":
        """A copy with a scaling of `method` ("standardise" or "minmax") computed from the
        training rows (the held-out rows must not shape what the network learns from);
        ValueError (one line) when there are no inputs or no rows."""
        if not self.inputs:
            raise ValueError("the dataset has no input columns to scale")
        return self.with_scaling(fit_scaling(self.training().raw_x, method))

    def split(self, fraction: float, seed: int = 0) -> "Dataset":
        """A copy with round(fraction × rows) rows held out for testing, chosen at random
        with numpy's default_rng(seed); ValueError (one line) if that leaves no row to
        train on."""
        fraction = float(fraction)
        if not math.isfinite(fraction) or not 0 <= fraction <= 1:
            raise ValueError(f"the test fraction must be between 0 and 1, not {fraction:g}")
        n = len(self)
        held = round(fraction * n)
        if n and held >= n:
            raise ValueError(f"holding out {fraction:.0%} of {n} rows leaves no row to "
                             f"train on")
        test = np.zeros(n, dtype=bool)
        if held:
            test[np.random.default_rng(seed).choice(n, size=held, replace=False)] = True
        return self.with_test(test)

    def problem(self, network: Network) -> str | None:
        """Why this dataset cannot drive `network`, or None if it can."""
        for nid in self.inputs:
            if nid not in network.neurons or network.neurons[nid].role != "input":
                return f"dataset column {nid!r} is not an input neuron"
        for nid in self.targets:
            if nid not in network.neurons or network.neurons[nid].role != "output":
                return f"dataset column {nid!r} is not an output neuron"
        for kind, cols in (("input", self.inputs), ("target", self.targets)):
            counts = Counter(cols)  # sets and counters: 784 pixel columns are many
            dup = {c for c, n in counts.items() if n > 1}
            if dup:
                return f"dataset {kind} column {sorted(dup)[0]!r} appears twice"
        columns = set(self.inputs)
        missing = [nid for nid in network.ids("input") if nid not in columns]
        if missing:
            return f"input neuron {missing[0]} has no column in the dataset"
        if not self.targets:
            return "the dataset has no target columns"
        return None

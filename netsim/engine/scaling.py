"""Input scaling: what the network sees is (raw − offset) / scale, column by column.

    standardise   offset = mean, scale = standard deviation (population, ddof 0)
    minmax        offset = min,  scale = max − min   (inputs land in [0, 1])

A constant column (standard deviation 0, or max = min) gets scale 1, so it becomes a
column of zeros rather than a division by zero: digit images have pixels that are blank
in every row, and they must not stop the others from being scaled.

The numbers are computed once, from the rows given (the training rows), and then stored:
rows added or edited later are scaled with the same offset and scale, as `eval` scales the
numbers it is given.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

METHODS = ("standardise", "minmax")
SCALED = {"standardise": "standardised", "minmax": "min-max scaled"}  # inputs, so scaled
METHOD_NAMES = {"standardise": "standardised (x \u2212 mean) / std",
                "minmax": "min-max scaled (x \u2212 min) / (max \u2212 min)"}


@dataclass(frozen=True, eq=False)
class Scaling:
    method: str
    offset: np.ndarray  # one per input column
    scale: np.ndarray  # one per input column, never 0

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise ValueError(f"the scaling method must be one of {', '.join(METHODS)}, "
                             f"not {self.method!r}")
        offset = np.array(self.offset, dtype=float).reshape(-1)
        scale = np.array(self.scale, dtype=float).reshape(-1)
        if offset.shape != scale.shape:
            raise ValueError(f"the scaling has {offset.size} offsets but {scale.size} scales")
        if not (np.isfinite(offset).all() and np.isfinite(scale).all()):
            raise ValueError("every scaling offset and scale must be a finite number")
        if (scale == 0).any():
            raise ValueError(f"scaling scale {int(np.flatnonzero(scale == 0)[0]) + 1} is 0; "
                             "a column cannot be divided by 0")
        offset.flags.writeable = scale.flags.writeable = False
        object.__setattr__(self, "offset", offset)
        object.__setattr__(self, "scale", scale)

    def __repr__(self) -> str:
        return f"Scaling({self.method}, {self.offset.size} columns)"

    def __eq__(self, other) -> bool:
        return (isinstance(other, Scaling) and self.method == other.method
                and np.array_equal(self.offset, other.offset)
                and np.array_equal(self.scale, other.scale))

    def __len__(self) -> int:
        return self.offset.size

    def apply(self, raw: np.ndarray) -> np.ndarray:
        """The scaled values of raw inputs (rows × columns, or one row)."""
        return (np.asarray(raw, dtype=float) - self.offset) / self.scale

    def columns(self, keep) -> "Scaling":
        """The scaling of the columns at the indices `keep`, in that order."""
        keep = list(keep)
        return Scaling(self.method, self.offset[keep], self.scale[keep])

    def appended(self, count: int = 1) -> "Scaling":
        """The scaling with `count` more columns that are left as they are (0, 1)."""
        return Scaling(self.method, np.append(self.offset, np.zeros(count)),
                       np.append(self.scale, np.ones(count)))


def fit_scaling(raw: np.ndarray, method: str) -> Scaling:
    """The scaling of `method` computed from these raw input rows; ValueError (one line)
    when there are no rows or the method is unknown."""
    if method not in METHODS:
        raise ValueError(f"unknown scaling {method!r} (known: {', '.join(METHODS)})")
    raw = np.asarray(raw, dtype=float)
    if raw.ndim != 2 or not len(raw):
        raise ValueError("there are no rows to compute the scaling from")
    if method == "standardise":
        offset, scale = raw.mean(axis=0), raw.std(axis=0)
    else:
        offset = raw.min(axis=0)
        scale = raw.max(axis=0) - offset
    constant = raw.max(axis=0) == raw.min(axis=0)  # not std == 0: the mean rounds
    scale = np.where(constant, 1.0, scale)  # a constant column: divided by 1
    return Scaling(method, offset, scale)

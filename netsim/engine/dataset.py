"""A dataset: rows of input values followed by target values, with named columns."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .network import Network


@dataclass
class Dataset:
    inputs: list[str]  # input neuron ids, in column order
    targets: list[str]  # output neuron ids, in column order
    rows: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))

    def __post_init__(self) -> None:
        width = len(self.inputs) + len(self.targets)
        rows = np.asarray(self.rows, dtype=float)
        if rows.size == 0:
            rows = rows.reshape(0, width)
        if rows.ndim != 2 or rows.shape[1] != width:
            raise ValueError(f"dataset rows must have {width} values each")
        self.rows = rows

    def __repr__(self) -> str:
        return f"Dataset({len(self)} rows; inputs {self.inputs}, targets {self.targets})"

    def __len__(self) -> int:
        return self.rows.shape[0]

    @property
    def x(self) -> np.ndarray:
        return self.rows[:, : len(self.inputs)]

    @property
    def y(self) -> np.ndarray:
        return self.rows[:, len(self.inputs):]

    def copy(self) -> "Dataset":
        return Dataset(list(self.inputs), list(self.targets), self.rows.copy())

    def problem(self, network: Network) -> str | None:
        """Why this dataset cannot drive `network`, or None if it can."""
        for nid in self.inputs:
            if nid not in network.neurons or network.neurons[nid].role != "input":
                return f"dataset column {nid!r} is not an input neuron"
        for nid in self.targets:
            if nid not in network.neurons or network.neurons[nid].role != "output":
                return f"dataset column {nid!r} is not an output neuron"
        for kind, cols in (("input", self.inputs), ("target", self.targets)):
            dup = {c for c in cols if cols.count(c) > 1}
            if dup:
                return f"dataset {kind} column {sorted(dup)[0]!r} appears twice"
        missing = [nid for nid in network.ids("input") if nid not in self.inputs]
        if missing:
            return f"input neuron {missing[0]} has no column in the dataset"
        if not self.targets:
            return "the dataset has no target columns"
        return None

"""The input plane: what a network of one or two inputs computes all over it.

The Decision Map and the canvas's neuron heat maps look at the network over the same
grid: GRID values along each input, spanning the dataset's range plus MARGIN of its span
on each side (at least MIN_SPAN wide; around 0..1 without data). `neuron_outputs` gives
every hidden and output neuron's value at every grid point from one forward pass, so a
group of outputs computed together (a softmax) comes out as the network computes it.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .compiled import Compiled
from .dataset import Dataset
from .network import Network

GRID = 60
MARGIN = 0.25  # share of the data's span added on each side
MIN_SPAN = 1.0


def plane(x: np.ndarray | None, width: int = 2) -> tuple[np.ndarray, ...]:
    """GRID values along each of `width` inputs: the points' range plus a margin, at
    least MIN_SPAN."""
    if x is None or len(x) == 0:
        low, high = np.zeros(width), np.ones(width)
    else:
        low, high = x.min(axis=0), x.max(axis=0)
    centre = (low + high) / 2
    half = np.maximum((high - low) * (1 + 2 * MARGIN), MIN_SPAN) / 2
    return tuple(np.linspace(c - h, c + h, GRID) for c, h in zip(centre, half))


def grid_points(axes: tuple[np.ndarray, ...]) -> np.ndarray:
    """Every point of the grid as one row: with two axes, row i·len(b) + j is (a[i], b[j])."""
    if len(axes) == 1:
        return axes[0][:, None]
    a, b = axes
    return np.column_stack([np.repeat(a, len(b)), np.tile(b, len(a))])


@dataclass
class Plane:
    """The grid a network of `len(inputs)` inputs is looked at over."""
    inputs: list[str]  # the input ids, in axis order
    axes: tuple[np.ndarray, ...]  # the grid's values along each input
    data: np.ndarray | None  # the dataset's inputs in axis order, when it has these inputs

    def __repr__(self) -> str:
        return f"Plane({self.inputs}, {' x '.join(str(len(a)) for a in self.axes)})"

    @classmethod
    def of(cls, network: Network, dataset: Dataset | None, width: int = 2) -> "Plane | None":
        """The plane of `network` if it has exactly `width` inputs (else None); its axes
        in the dataset's column order when the dataset has those inputs."""
        inputs = network.ids("input")
        if len(inputs) != width:
            return None
        if dataset is not None and sorted(dataset.inputs) == sorted(inputs):
            inputs = list(dataset.inputs)
        usable = dataset is not None and list(dataset.inputs) == inputs and len(dataset) > 0
        data = dataset.x if usable else None
        return cls(inputs, plane(data, width), data)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(a) for a in self.axes)

    def points(self) -> np.ndarray:
        return grid_points(self.axes)


def neuron_outputs(compiled: Compiled, grid: Plane) -> dict[str, np.ndarray]:
    """Every computing neuron's output at every grid point, shaped like the grid
    (out[i, j] at (a[i], b[j])), from one forward pass. `compiled` takes the plane's
    inputs in its order."""
    with np.errstate(all="ignore"):  # a diverged network's inf and nan are shown as such
        state = compiled.forward(grid.points())
    return {nid: state.out[segment][:, column].reshape(grid.shape)
            for nid, (segment, column) in compiled.where.items() if segment > 0}

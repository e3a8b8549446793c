"""Automatic placement of neurons that have no position: columns by topological level.

Column c holds the neurons of level c (network.levels()); input and bias neurons sit in
column 0. A bias neuron that feeds only later levels moves next to what it feeds: into
the column just before the first level it feeds, below that column's other neurons.
Inside a column the neurons keep file order and the column is centred on the tallest.

Positions are neuron centres, in the same units as Neuron.position (scene pixels).
"""
from __future__ import annotations

from .network import Network

COLUMN_SPACING = 220.0  # horizontal distance between neighbouring columns
ROW_SPACING = 130.0  # vertical distance between neighbouring neurons in a column


def columns(network: Network) -> list[list[str]]:
    """Neuron ids per column, top to bottom."""
    level = network.levels()
    column: dict[str, int] = {}
    moved: set[str] = set()
    for nid, neuron in network.neurons.items():
        if neuron.role == "input":
            column[nid] = 0
        elif neuron.role == "bias":
            first_fed = min((level[c.target] for c in network.outgoing(nid)), default=1)
            column[nid] = max(first_fed - 1, 0)
            if column[nid] > 0:
                moved.add(nid)
        else:
            column[nid] = level[nid]
    count = 1 + max(column.values(), default=-1)
    out: list[list[str]] = [[] for _ in range(count)]
    for nid in network.neurons:  # file order
        if nid not in moved:
            out[column[nid]].append(nid)
    for nid in network.neurons:  # moved biases go below their column
        if nid in moved:
            out[column[nid]].append(nid)
    return out


def auto_layout(network: Network) -> dict[str, tuple[float, float]]:
    """A position for every neuron: x by column, y by row, columns centred vertically.

    The tallest column starts at y = 0, so the coordinates are never negative.
    """
    cols = columns(network)
    tallest = max((len(col) for col in cols), default=0)
    middle = (tallest - 1) * ROW_SPACING / 2
    positions: dict[str, tuple[float, float]] = {}
    for c, col in enumerate(cols):
        top = middle - (len(col) - 1) * ROW_SPACING / 2
        for r, nid in enumerate(col):
            positions[nid] = (c * COLUMN_SPACING, top + r * ROW_SPACING)
    return positions

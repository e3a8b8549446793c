"""Automatic placement of neurons that have no position: columns by topological level.

Column c holds the neurons of level c (network.levels()); input and bias neurons sit in
column 0. A bias neuron that feeds only later levels moves next to what it feeds: into
the column just before the first level it feeds, below that column's other neurons.
Inside a column the neurons keep file order and the column is centred on the tallest.

A network whose columns all hold up to `wrap` neurons (16 by default) is laid out
exactly so, one neuron above the other. A bigger one would be a line too thin to see
when the whole network fits the window (784 inputs, 130 units apart, are 100,000 units
tall), so its big columns are wrapped into blocks of neurons a grid step apart:

- the inputs into a grid: the image's rows and columns when the data are images (pixels
  in row-major order), else a near-square grid (28 x 28 for 784, 8 x 8 for 64);
- every other column of more than `wrap` neurons into sub-columns, filled top to bottom,
  all of them at most the same number of rows, chosen so that the picture is as compact
  as it can be while no wider than 16:10 (`MAX_ASPECT`); the gaps between the columns
  are at least a part (`BUNDLE`) of the picture's height, so that the bundles of
  connections between them show, and widen until the picture is 3:2 (`ASPECT`);
- the bias neurons of a column below its block, under its right-most sub-column.

Positions are neuron centres, in the same units as Neuron.position (scene pixels).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .network import Network

COLUMN_SPACING = 220.0  # horizontal distance between neighbouring columns (at least)
ROW_SPACING = 130.0  # vertical distance between neighbouring neurons in a column
GRID_SPACING = ROW_SPACING  # distance between neighbours inside a wrapped block, both ways
WRAP = 16  # a column of up to this many neurons is never wrapped
ASPECT = 1.5  # the width : height the gaps of a wrapped picture widen to
MAX_ASPECT = 1.6  # the widest a wrapped picture may be where a taller one fits better
BUNDLE = 0.15  # the gaps of a wrapped picture are at least this part of its height


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


def image_of(dataset) -> tuple[tuple[int, int] | None, list[str] | None]:
    """(image shape, pixel ids) of a dataset (or None) for auto_layout(net, *image_of(d))."""
    if dataset is None or dataset.image is None:
        return None, None
    return dataset.image, list(dataset.inputs)


def auto_layout(network: Network, image: tuple[int, int] | None = None,
                pixels: Sequence[str] | None = None, wrap: int = WRAP
                ) -> dict[str, tuple[float, float]]:
    """A position for every neuron: x by column, y by row, columns centred vertically.

    `image` (rows, columns): the input neurons are the pixels of an image of that shape,
    in the order of `pixels` (default: the input neurons in network order); used when
    those are exactly the network's input neurons. The tallest column starts at y = 0,
    so the coordinates are never negative.
    """
    cols = columns(network)
    grid = _input_grid(network, cols, image, pixels, wrap)
    if grid is None and all(len(col) <= wrap for col in cols):
        return _single_columns(cols)
    return _wrapped(network, cols, grid, wrap)


def _single_columns(cols: list[list[str]]) -> dict[str, tuple[float, float]]:
    tallest = max((len(col) for col in cols), default=0)
    middle = (tallest - 1) * ROW_SPACING / 2
    positions: dict[str, tuple[float, float]] = {}
    for c, col in enumerate(cols):
        top = middle - (len(col) - 1) * ROW_SPACING / 2
        for r, nid in enumerate(col):
            positions[nid] = (c * COLUMN_SPACING, top + r * ROW_SPACING)
    return positions


@dataclass
class _Block:
    """One column's neurons as a block: `cells` (row, sub-column) of each non-bias
    neuron, then its bias neurons one below the other under the right-most sub-column."""
    cells: dict[str, tuple[int, int]]
    rows: int  # rows of the block, biases not counted
    width: int  # sub-columns
    biases: list[str]
    wraps: bool = False  # a column of more than `wrap` neurons, other than the input grid

    @property
    def height(self) -> int:
        return self.rows + len(self.biases)


def _input_grid(network, cols, image, pixels, wrap) -> dict[str, tuple[int, int]] | None:
    """(row, column) of each input neuron when they form a grid, else None."""
    inputs = [nid for nid in cols[0] if network.neurons[nid].role == "input"] if cols else []
    if image is not None:
        order = list(pixels) if pixels is not None else inputs
        rows, width = image
        if rows * width == len(order) == len(inputs) and set(order) == set(inputs):
            return {nid: divmod(i, width) for i, nid in enumerate(order)}
    if len(inputs) <= wrap:
        return None
    width = math.ceil(math.sqrt(len(inputs)))
    return {nid: divmod(i, width) for i, nid in enumerate(inputs)}


def _wrap(count: int, rows: int, wrap: int) -> tuple[int, int]:
    """(rows, sub-columns) of a column of `count` neurons wrapped at most `rows` tall,
    the sub-columns as evenly filled as they can be; one column up to max(rows, wrap)."""
    if count <= max(rows, wrap):
        return count, 1
    subs = math.ceil(count / rows)
    return math.ceil(count / subs), subs


def _blocks(network, cols, grid, wrap, rows: int) -> list[_Block]:
    """The columns as blocks, those of more than `wrap` neurons (other than the input
    grid) wrapped into sub-columns of at most `rows` neurons."""
    out = []
    for c, col in enumerate(cols):
        if len(col) <= wrap and not (c == 0 and grid):  # one column, as in a small network
            out.append(_Block({nid: (r, 0) for r, nid in enumerate(col)}, len(col), 1, []))
            continue
        gridded = grid if c == 0 and grid else {}
        biases = [nid for nid in col if nid not in gridded and network.neurons[nid].role == "bias"]
        rest = [nid for nid in col if nid not in gridded and nid not in biases]
        if gridded:  # neurons of level 0 that are neither inputs nor biases: below the grid
            below = 1 + max(r for r, _ in gridded.values())
            cells = {**gridded, **{nid: (below + i, 0) for i, nid in enumerate(rest)}}
        else:
            per, _ = _wrap(len(rest), rows, wrap)
            cells = {nid: (i % per, i // per) for i, nid in enumerate(rest)}
        height = 1 + max((r for r, _ in cells.values()), default=-1)
        width = 1 + max((s for _, s in cells.values()), default=0)
        out.append(_Block(cells, height, width, biases, not gridded))
    return out


def _extent(sizes: list[tuple[int, int]]) -> tuple[float, float, float]:
    """Width, height and gap of the picture of blocks of these (sub-columns, rows), with
    the narrowest gaps: COLUMN_SPACING, or BUNDLE of the height for the connections
    between big blocks to show as bundles."""
    height = (max(h for _, h in sizes) - 1) * GRID_SPACING
    gap = max(COLUMN_SPACING, BUNDLE * height)
    width = sum((w - 1) * GRID_SPACING for w, _ in sizes) + (len(sizes) - 1) * gap
    return width, height, gap


def _best_rows(blocks: list[_Block], wrap: int) -> int:
    """The height the wrapped columns wrap at: of those that keep the picture no wider
    than MAX_ASPECT the least tall, then the narrowest; if none does, the narrowest
    for its height. `blocks`: the columns unwrapped. Only the heights where some
    column's wrapping changes are tried."""
    counts = [b.rows for b in blocks if b.wraps]
    candidates = sorted({_wrap(n, rows, wrap)[0] for n in counts
                         for rows in range(wrap, n + 1)} | {wrap})
    best = None
    for rows in candidates:
        sizes = []
        for b in blocks:
            per, subs = _wrap(b.rows, rows, wrap) if b.wraps else (b.rows, b.width)
            sizes.append((subs, per + len(b.biases)))
        width, height, _ = _extent(sizes)
        fits = width <= MAX_ASPECT * height
        key = (0, height, width) if fits else (1, width / max(height, 1.0), 0)
        if best is None or key < best[0]:
            best = (key, rows)
    return best[1]


def _wrapped(network, cols, grid, wrap) -> dict[str, tuple[float, float]]:
    unwrapped = _blocks(network, cols, grid, wrap, max(len(col) for col in cols))
    blocks = _blocks(network, cols, grid, wrap, _best_rows(unwrapped, wrap))
    width, height, gap = _extent([(b.width, b.height) for b in blocks])
    if len(blocks) > 1 and width < ASPECT * height:
        gap += (ASPECT * height - width) / (len(blocks) - 1)
    middle = (max(b.height for b in blocks) - 1) * GRID_SPACING / 2
    positions: dict[str, tuple[float, float]] = {}
    left = 0.0
    for block in blocks:
        top = middle - (block.height - 1) * GRID_SPACING / 2
        for nid, (r, s) in block.cells.items():
            positions[nid] = (left + s * GRID_SPACING, top + r * GRID_SPACING)
        right = left + (block.width - 1) * GRID_SPACING
        for i, nid in enumerate(block.biases):
            positions[nid] = (right, top + (block.rows + i) * GRID_SPACING)
        left = right + gap
    return positions

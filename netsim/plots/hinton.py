"""The numbers and pixels of a Hinton diagram of the weights between two levels (no Qt).

A pair of levels (s, t), s < t, of engine/levels.py is a matrix with one row per neuron of
level t (what the weights go to) and one column per neuron of level s (where they come
from), then one column per bias neuron that feeds level t: the textbook W of
z = W x + b, bias beside it. A cell without a connection is empty (a network that is not
layered, or partly connected). Each weight is a square of its sign's colour whose area
is |w| over the largest |w| of the matrix; the cell of a connection has a faint ground,
so a weight of 0 still shows that the connection is there.

The picture is one RGBA array, `cell` pixels a side per cell: a 128 x 784 matrix is one
image, not 100,352 items. Every kind of cell (empty, or a square of one of SIDES sizes
and either sign, antialiased by its coverage of each pixel) is drawn once, when first
used, and the picture is the cells gathered into place by one index (Sprites): about
15 ms for 128 x 784.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netsim.engine.levels import Levels

MAX_PIXELS = 2_000_000  # of the picture: the cell size is chosen to stay under it
MAX_CELL, MIN_CELL = 80, 1  # pixels a side per cell
FILL = 0.85  # the side of the largest square, as a share of the cell's
GAP_FROM = 6  # cells of at least this many pixels a side keep a pixel's gap around them


@dataclass
class Matrix:
    """The weights from level `pair[0]` (columns) into level `pair[1]` (rows)."""
    pair: tuple[int, int]
    rows: list[str]  # neuron ids of level t
    columns: list[str]  # neuron ids of level s, then the bias neurons feeding level t
    index: np.ndarray  # (rows, columns): each cell's connection index, -1 for none

    def __repr__(self) -> str:
        return f"Matrix(level {self.pair[0]} \u2192 {self.pair[1]}, {len(self.rows)}x{len(self.columns)})"

    @property
    def present(self) -> np.ndarray:
        return self.index >= 0

    def weights(self, all_weights: np.ndarray) -> np.ndarray:
        """Each cell's weight from the network's weights in connection order (0 where
        there is no connection)."""
        return np.where(self.present, np.asarray(all_weights)[np.maximum(self.index, 0)], 0.0)


def pairs(levels: Levels) -> list[tuple[int, int]]:
    """Every (s, t) with a connection from a neuron of level s (not a bias neuron) into
    level t, in order: (0, 1), (1, 2), ... for a layered network."""
    kept = ~levels.bias[levels.src]
    found = np.unique(np.stack([levels.levels[levels.src[kept]],
                                levels.levels[levels.tgt[kept]]], axis=1), axis=0)
    return [(int(s), int(t)) for s, t in found]


def matrix(levels: Levels, pair: tuple[int, int]) -> Matrix:
    """The matrix of a pair of levels, worked out with array operations over the
    connections (a 784 x 128 matrix of a 100,000-connection network in milliseconds)."""
    net = levels.network
    s, t = pair
    ids = list(net.neurons)
    into = levels.levels[levels.tgt] == t
    fed = np.unique(levels.src[into & levels.bias[levels.src]])  # bias neurons, file order
    rows = list(levels.members[t])
    columns = list(levels.members[s]) + [ids[k] for k in fed.tolist()]
    at = {nid: k for k, nid in enumerate(ids)}
    row_of = np.full(len(ids), -1, np.intp)
    row_of[[at[nid] for nid in rows]] = np.arange(len(rows))
    column_of = np.full(len(ids), -1, np.intp)
    column_of[[at[nid] for nid in columns]] = np.arange(len(columns))
    i, j = row_of[levels.tgt], column_of[levels.src]
    here = np.flatnonzero((i >= 0) & (j >= 0))
    index = np.full((len(rows), len(columns)), -1, np.intp)
    index[i[here], j[here]] = here
    return Matrix(pair, rows, columns, index)


def shares(weights: np.ndarray, present: np.ndarray) -> tuple[np.ndarray, float]:
    """Each cell's |w| over the largest |w| shown (0 where there is no connection), and
    that largest |w| (0 when every weight is 0). Not-finite weights count as the largest."""
    magnitude = np.where(present, np.abs(weights), 0.0)
    finite = np.where(np.isfinite(magnitude), magnitude, 0.0)
    top = float(finite.max(initial=0.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(np.isfinite(magnitude), finite / top if top > 0 else 0.0, 1.0)
    return np.where(present, share, 0.0), top


def cell_pixels(rows: int, columns: int) -> int:
    """Pixels a side per cell: as many as keep the picture under MAX_PIXELS."""
    cells = max(rows * columns, 1)
    return int(np.clip(np.floor(np.sqrt(MAX_PIXELS / cells)), MIN_CELL, MAX_CELL))


SIDES = 256  # the squares' sides are drawn to 1/255 of the largest


def sprites(used: np.ndarray, cell: int,
            colours: dict[str, tuple[int, int, int]]) -> np.ndarray:
    """The cells of these codes, (len(used), cell, cell, 4) uint8 RGBA. Code 0 is the
    empty cell (no connection); 1 + k a connection's cell with a positive square of side
    k/(SIDES − 1) of the largest (k = 0 … SIDES − 1), 1 + SIDES + k the same negative.
    Each square is antialiased by how much of each pixel it covers."""
    palette = {k: np.asarray(v, np.float32) for k, v in colours.items()}
    used = np.asarray(used, np.intp)
    k = np.maximum(used - 1, 0)
    side = (k % SIDES).astype(np.float32) / (SIDES - 1)
    half = 0.5 * FILL * cell * side  # half the square's side, in pixels
    centre = (np.arange(cell, dtype=np.float32) + 0.5) - cell / 2  # pixel centres
    cover = np.clip(half[:, None] - np.abs(centre) + 0.5, 0.0, 1.0)  # (used, cell)
    alpha = (cover[:, :, None] * cover[:, None, :])[..., None]  # (used, cell, cell, 1)
    # a connection's ground leaves a line of the empty colour between cells
    inset = np.zeros(cell, bool)
    if cell >= GAP_FROM:
        inset[[0, -1]] = True
    rim = (inset[:, None] | inset[None, :])[..., None]
    ground = np.where(rim, palette["empty"], palette["ground"])  # (cell, cell, 3)
    ink = np.where((k >= SIDES)[:, None, None, None], palette["negative"], palette["positive"])
    rgb = ground * (1.0 - alpha) + ink * alpha
    rgb[used == 0] = palette["empty"]
    out = np.empty((len(used), cell, cell, 4), np.uint8)
    out[..., :3] = np.rint(rgb).astype(np.uint8)
    out[..., 3] = 255
    return out


def codes(share: np.ndarray, sign: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Each cell's code (see sprites): its square's side is sqrt(share) of the largest,
    so that its area is `share`."""
    k = np.rint(np.sqrt(share) * (SIDES - 1)).astype(np.intp)
    return np.where(present, 1 + np.where(sign < 0, SIDES, 0) + k, 0)


class Sprites:
    """The cells of one size and colours, each drawn when first used and kept (at most
    1 + 2·SIDES of them: 13 MB at the largest cell size): a live update of a small matrix
    drawn large gathers its cells rather than drawing them again."""

    def __init__(self, cell: int, colours: dict[str, tuple[int, int, int]]) -> None:
        self.cell, self.colours = cell, dict(colours)
        self.table = np.empty((1 + 2 * SIDES, cell, cell, 4), np.uint8)
        self.drawn = np.zeros(1 + 2 * SIDES, bool)

    def __repr__(self) -> str:
        return f"Sprites({self.cell} px, {int(self.drawn.sum())} drawn)"

    def fits(self, cell: int, colours: dict) -> bool:
        return cell == self.cell and colours == self.colours

    def picture(self, cells: np.ndarray) -> np.ndarray:
        """The diagram as (rows·cell, columns·cell, 4) uint8 RGBA, from each cell's code."""
        used = np.unique(cells)
        new = used[~self.drawn[used]]
        if new.size:
            self.table[new] = sprites(new, self.cell, self.colours)
            self.drawn[new] = True
        n_rows, n_cols = cells.shape
        tiles = self.table[cells]  # (rows, cols, cell y, cell x, 4)
        return tiles.transpose(0, 2, 1, 3, 4).reshape(n_rows * self.cell,
                                                      n_cols * self.cell, 4)

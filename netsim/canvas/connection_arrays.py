"""ConnectionArrays: every connection of a big network as NumPy arrays, for drawing in bulk.

One row per connection, in network order: the source and target neuron (indices into
`ids`), the weight, whether it trains, and the drawn segment (tail at the source circle's
edge, tip short of the target's). Connections are grouped into bundles, one per pair of
layout columns (engine.layout.columns) they run between; a bundle knows the boxes of
its two ends and a summary of its weights.

Everything here is NumPy: what is in a rectangle, which segment a point is on, the fan
of a neuron, the pixel cost of drawing lines, all without a Python object per
connection. No Qt: rectangles are (left, top, right, bottom) tuples.
"""
from __future__ import annotations

from operator import attrgetter

import numpy as np

from ..engine.layout import columns
from ..engine.network import Network

Box = tuple[float, float, float, float]


STRONGEST_DRAWN = 1e6  # |w| beyond this (and ±inf) is drawn as this: as strong as any


def drawable(weights: np.ndarray) -> np.ndarray:
    """Weights as the drawing reads them: NaN (a diverged run) as 0, ±inf and anything
    huge as ±STRONGEST_DRAWN, so sums and shades stay finite."""
    return np.clip(np.nan_to_num(weights, nan=0.0), -STRONGEST_DRAWN, STRONGEST_DRAWN)


class ConnectionArrays:
    def __init__(self, network: Network, positions: dict[str, tuple[float, float]],
                 edge: float, gap: float) -> None:
        self.edge, self.gap = float(edge), float(gap)
        self.ids = list(network.neurons)
        self._where = where = {nid: i for i, nid in enumerate(self.ids)}
        connections = network.connections
        n = len(connections)
        sources = list(map(attrgetter("source"), connections))
        targets = list(map(attrgetter("target"), connections))
        self.keys = list(zip(sources, targets))
        self.index = dict(zip(self.keys, range(n)))
        self.source = np.fromiter(map(where.__getitem__, sources), np.intp, n)
        self.target = np.fromiter(map(where.__getitem__, targets), np.intp, n)
        self.weight = np.fromiter(map(attrgetter("weight"), connections), float, n)
        self.trainable = np.fromiter(map(attrgetter("trainable"), connections), bool, n)
        self.positions = np.array([positions[nid] for nid in self.ids], float).reshape(-1, 2)
        column = np.zeros(len(self.ids), np.intp)
        for c, col in enumerate(columns(network)):
            column[[where[nid] for nid in col]] = c
        self.column = column
        pairs = column[self.source] * (len(column) + 1) + column[self.target]
        self.pairs, self.bundle = np.unique(pairs, return_inverse=True)
        self.bundle = self.bundle.reshape(-1)
        # the connections of each neuron, in and out, as index arrays (for fans and moves)
        self._in_order = np.argsort(self.target, kind="stable")
        self._in_start = np.searchsorted(self.target[self._in_order], np.arange(len(self.ids) + 1))
        self._out_order = np.argsort(self.source, kind="stable")
        self._out_start = np.searchsorted(self.source[self._out_order], np.arange(len(self.ids) + 1))
        self.tail = np.zeros((n, 2))
        self.tip = np.zeros((n, 2))
        self.length = np.zeros(n)
        self._ends: dict[int, tuple[Box, Box]] = {}  # bundle -> its ends' boxes
        self._rows: dict[int, np.ndarray] = {}  # bundle -> its connections
        self._summary = None  # per-bundle weight summary, until the weights change
        self.update_segments()

    def __len__(self) -> int:
        return len(self.keys)

    # ---- geometry ------------------------------------------------------------------
    def update_segments(self, rows: np.ndarray | None = None) -> None:
        """Recompute the segments of `rows` (all when None) from the neuron positions."""
        rows = slice(None) if rows is None else rows
        a = self.positions[self.source[rows]]
        b = self.positions[self.target[rows]]
        d = b - a
        length = np.hypot(d[:, 0], d[:, 1])
        short = length <= 2 * self.edge + self.gap
        u = d / np.where(length > 0, length, 1.0)[:, None]
        tail = a + u * self.edge
        tip = b - u * (self.edge + self.gap)
        tail[short] = a[short]
        tip[short] = a[short]
        self.tail[rows] = tail
        self.tip[rows] = tip
        self.length[rows] = np.hypot(*(tip - tail).T)
        self._ends = {}

    def move(self, nid: str, position: tuple[float, float]) -> None:
        """Neuron `nid` is now at `position`: its connections follow."""
        i = self._where[nid]
        self.positions[i] = position
        self.update_segments(self.fan(i))

    def neuron_index(self, nid: str) -> int | None:
        return self._where.get(nid)

    def incoming(self, i: int) -> np.ndarray:
        return self._in_order[self._in_start[i]:self._in_start[i + 1]]

    def outgoing(self, i: int) -> np.ndarray:
        return self._out_order[self._out_start[i]:self._out_start[i + 1]]

    def fan(self, i: int) -> np.ndarray:
        """The connections into and out of neuron `i`."""
        return np.concatenate([self.incoming(i), self.outgoing(i)])

    def box(self) -> Box | None:
        """What the segments cover, or None when there are none."""
        if not len(self):
            return None
        ends = np.concatenate([self.tail, self.tip])
        lo, hi = ends.min(axis=0), ends.max(axis=0)
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    def in_box(self, box: Box) -> np.ndarray:
        """Whether each segment's bounding box meets `box`."""
        x0, y0, x1, y1 = box
        tx, ty, px, py = self.tail[:, 0], self.tail[:, 1], self.tip[:, 0], self.tip[:, 1]
        return ((np.minimum(tx, px) <= x1) & (np.maximum(tx, px) >= x0)
                & (np.minimum(ty, py) <= y1) & (np.maximum(ty, py) >= y0))

    def clipped_lengths(self, rows: np.ndarray, box: Box) -> np.ndarray:
        """How long each segment of `rows` is inside `box` (Liang-Barsky, vectorised, for
        the segments not wholly inside)."""
        out = self.length[rows].copy()
        tail, tip = self.tail[rows], self.tip[rows]
        inside = ((tail[:, 0] >= box[0]) & (tail[:, 0] <= box[2]) & (tail[:, 1] >= box[1])
                  & (tail[:, 1] <= box[3]) & (tip[:, 0] >= box[0]) & (tip[:, 0] <= box[2])
                  & (tip[:, 1] >= box[1]) & (tip[:, 1] <= box[3]))
        cut = np.flatnonzero(~inside)
        out[cut] = self._clipped(rows[cut], box)
        return out

    def _clipped(self, rows: np.ndarray, box: Box) -> np.ndarray:
        a, d = self.tail[rows], self.tip[rows] - self.tail[rows]
        t0, t1 = np.zeros(len(rows)), np.ones(len(rows))
        with np.errstate(divide="ignore", invalid="ignore"):
            for p, q in ((-d[:, 0], a[:, 0] - box[0]), (d[:, 0], box[2] - a[:, 0]),
                         (-d[:, 1], a[:, 1] - box[1]), (d[:, 1], box[3] - a[:, 1])):
                t = q / p
                t0 = np.where(p < 0, np.maximum(t0, t), t0)
                t1 = np.where(p > 0, np.minimum(t1, t), t1)
                t1 = np.where((p == 0) & (q < 0), -1.0, t1)  # parallel and outside
        return np.clip(t1 - t0, 0.0, None) * self.length[rows]

    def weights_changed(self) -> None:
        """The weights were written in place: summaries are out of date."""
        self._summary = None

    def nearest(self, x: float, y: float, reach: float, among: np.ndarray) -> int | None:
        """The connection among the indices `among` whose segment passes closest to
        (x, y), if within `reach`."""
        if not len(among):
            return None
        a, b = self.tail[among], self.tip[among]
        d = b - a
        seg2 = (d * d).sum(axis=1)
        p = np.array([x, y])
        t = np.clip(((p - a) * d).sum(axis=1) / np.where(seg2 > 0, seg2, 1.0), 0.0, 1.0)
        closest = a + d * t[:, None]
        dist = np.hypot(closest[:, 0] - x, closest[:, 1] - y)
        k = int(np.argmin(dist))
        return int(among[k]) if dist[k] <= reach else None

    # ---- bundles -------------------------------------------------------------------
    def bundle_rows(self, b: int) -> np.ndarray:
        """The connections of bundle `b` (kept: bundles change only with the structure)."""
        rows = self._rows.get(b)
        if rows is None:
            rows = self._rows[b] = np.flatnonzero(self.bundle == b)
        return rows

    def bundle_ends(self, b: int) -> tuple[Box, Box]:
        """The boxes of the neurons at the two ends of bundle `b` (source, target)."""
        if b not in self._ends:
            self._ends[b] = self._bundle_ends(b)
        return self._ends[b]

    def _bundle_ends(self, b: int) -> tuple[Box, Box]:
        rows = self.bundle_rows(b)
        boxes = []
        for ends in (self.source[rows], self.target[rows]):
            at = self.positions[np.unique(ends)]
            lo, hi = at.min(axis=0), at.max(axis=0)
            boxes.append((float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])))
        return boxes[0], boxes[1]

    def bundle_summary(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per bundle: its connection count, the share of |w| that is positive (0.5 when
        every weight is 0) and the mean |w|."""
        if self._summary is None:
            self._summary = self._bundle_summary()
        return self._summary

    def _bundle_summary(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        count = np.bincount(self.bundle, minlength=len(self.pairs)).astype(float)
        weight = drawable(self.weight)
        magnitude = np.abs(weight)
        total = np.bincount(self.bundle, magnitude, minlength=len(self.pairs))
        positive = np.bincount(self.bundle, np.maximum(weight, 0.0), minlength=len(self.pairs))
        share = np.divide(positive, total, out=np.full_like(total, 0.5), where=total > 0)
        mean = np.divide(total, count, out=np.zeros_like(total), where=count > 0)
        return count, share, mean

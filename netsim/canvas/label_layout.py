"""Where along its arrow each weight label goes, so that labels stay readable.

Greedy: each label in turn tries a few points along its arrow (first choice 37% of the
way back from the tip) and takes the cheapest, where cost counts overlap with labels
already placed, with neuron circles, names and arrowheads, and, more gently, other
arrows passing under the label (a label over a crossing hides which line goes where).

Rectangles are plain (left, top, right, bottom) tuples kept in a coarse grid, so that a
candidate is only compared with what lies near it.
"""
from __future__ import annotations

from collections import defaultdict

from .connection_item import ConnectionItem
from .neuron_item import NeuronItem

FRACTIONS = (0.37, 0.30, 0.45, 0.24, 0.53, 0.60, 0.18, 0.68, 0.75)
ORDER_COST = 4.0  # per step down the list of fractions
CROSSING_COST = 60.0  # per other arrow under the label
HEAD_COST = 0.5  # per square unit over an arrowhead (its box is larger than the head)
MARGIN = 2.0  # space kept around each label
MAX_LABELS = 500  # beyond this, skip the search and keep every label at its first choice
CELL = 80.0  # grid cell size in scene units

Box = tuple[float, float, float, float]


class _Grid:
    """Things filed under every grid cell their box touches."""

    def __init__(self) -> None:
        self._cells: dict[tuple[int, int], list] = defaultdict(list)

    @staticmethod
    def _span(box: Box):
        x0, y0, x1, y1 = (int(v // CELL) for v in box)
        return ((i, j) for i in range(x0, x1 + 1) for j in range(y0, y1 + 1))

    @staticmethod
    def _size(box: Box) -> int:
        x0, y0, x1, y1 = (int(v // CELL) for v in box)
        return (x1 - x0 + 1) * (y1 - y0 + 1)

    def add(self, box: Box, thing) -> None:
        for cell in self._span(box):
            self._cells[cell].append(thing)

    def add_within(self, box: Box, thing, cells: set) -> None:
        """File `thing` under the cells of `box` that are among `cells` only: a long
        arrow's box covers (length / CELL)² cells, millions where neurons lie far apart,
        while the labels can only ever ask about the cells in `cells`."""
        if self._size(box) <= len(cells):
            for cell in self._span(box):
                if cell in cells:
                    self._cells[cell].append(thing)
            return
        x0, y0, x1, y1 = (int(v // CELL) for v in box)
        for cell in cells:
            if x0 <= cell[0] <= x1 and y0 <= cell[1] <= y1:
                self._cells[cell].append(thing)

    def near(self, box: Box) -> list:
        seen, out = set(), []
        for cell in self._span(box):
            for thing in self._cells.get(cell, ()):
                if id(thing) not in seen:
                    seen.add(id(thing))
                    out.append(thing)
        return out


def place_labels(connections: list[ConnectionItem], neurons: list[NeuronItem],
                 search: bool = True) -> None:
    """Place every label; without `search`, or beyond MAX_LABELS, at its first choice."""
    if not connections:
        return
    if len(connections) > MAX_LABELS or not search:
        for item in connections:
            item.place_label(FRACTIONS[0])
        return
    solid = _Grid()  # neuron circles and names, then placed labels: (box, weight)
    for n in neurons:
        for rect in (n.shape().boundingRect().translated(n.pos()), n.name_rect().translated(n.pos())):
            box = _box(rect)
            solid.add(box, (box, 1.0))
    for item in connections:
        box = _box(item.head_rect())
        solid.add(box, (box, HEAD_COST))
    candidates = {item: list(_candidates(item)) for item in connections}
    asked = {cell for boxes in candidates.values() for box in boxes
             for cell in _Grid._span(box)}
    lines = _Grid()
    for item in connections:
        line = item.segment()
        x1, y1, x2, y2 = line.x1(), line.y1(), line.x2(), line.y2()
        bounds = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
        lines.add_within(bounds, (x1, y1, x2, y2, item, bounds), asked)

    for item in connections:
        best_cost, best_box, best = None, None, FRACTIONS[0]
        for step, (fraction, box) in enumerate(zip(FRACTIONS, candidates[item])):
            cost = step * ORDER_COST
            cost += sum(weight * _overlap(box, other) for other, weight in solid.near(box))
            cost += CROSSING_COST * sum(1 for seg in lines.near(box)
                                        if seg[4] is not item and _crosses(seg, box))
            if best_cost is None or cost < best_cost:
                best_cost, best_box, best = cost, box, fraction
        item.place_label(best)
        solid.add(best_box, (best_box, 1.0))


def _candidates(item: ConnectionItem):
    """The label's box (with its margin) at each point FRACTIONS names along the arrow."""
    pill = _box(item.label.pill_rect())
    pill = (pill[0] - MARGIN, pill[1] - MARGIN, pill[2] + MARGIN, pill[3] + MARGIN)
    for fraction in FRACTIONS:
        p = item.point_at(fraction)
        yield (pill[0] + p.x(), pill[1] + p.y(), pill[2] + p.x(), pill[3] + p.y())


def _box(rect) -> Box:
    return (rect.left(), rect.top(), rect.right(), rect.bottom())


def _overlap(a: Box, b: Box) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _crosses(seg, box: Box) -> bool:
    """Whether the segment (x1, y1, x2, y2, item, bounds) passes through the box
    (Liang-Barsky clipping, after a cheap bounding-box test)."""
    x1, y1, x2, y2, _, b = seg
    if b[0] > box[2] or b[2] < box[0] or b[1] > box[3] or b[3] < box[1]:
        return False
    dx, dy = x2 - x1, y2 - y1
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x1 - box[0]), (dx, box[2] - x1), (-dy, y1 - box[1]), (dy, box[3] - y1)):
        if p == 0:
            if q < 0:
                return False
        else:
            t = q / p
            if p < 0:
                t0 = max(t0, t)
            else:
                t1 = min(t1, t)
            if t0 > t1:
                return False
    return True

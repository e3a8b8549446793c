"""ConnectionLayer: the connections of a big network, painted in bulk from NumPy arrays.

One item paints every connection that has no ConnectionItem of its own, only where the
view shows it, with as much detail as the view can afford:

- each bundle (the connections between two layout columns) whose lines would ink more
  than MAX_COVER of its area (its two ends and the band between them), or cost more
  pixels than LINE_BUDGET leaves, is
  drawn as a band from one end to the other, its colour the share of positive weight
  and its opacity the mean |w|, with its strongest connections (STRONGEST) drawn over it
  as lines, so the signs show;
- the other bundles are drawn line by line, coloured by sign and shaded by |w|, weakest
  first, in a few QPainterPaths (one per shade), antialiased while they are few;
- the fan (in and out) of the neurons under the mouse or selected is drawn last, at any
  zoom.

A click can pick a connection only where it was drawn as a line (`pick`).
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from . import style
from .connection_arrays import Box, ConnectionArrays, drawable

LINE_BUDGET = 1.2e6  # pixels of line a repaint may draw, past which bundles are banded
MAX_COVER = 0.35  # lines inking more of their bundle's area than this are a blur: banded
ESTIMATE_LINES = 8000  # beyond this many lines in view, their cost is estimated from a sample
SMOOTH_BUDGET = 2.5e5  # below this, lines are antialiased
STRONGEST = 160  # lines drawn over a band: its strongest connections
SHADES = 4  # levels of |w| per sign
BAND_OPACITY = (0.10, 0.40)  # a band's opacity from mean |w| = 0 to large


def shade_levels(weights: np.ndarray) -> np.ndarray:
    """0 … SHADES-1 by |w| on the scale the arrows' widths use (of drawable weights)."""
    strength = np.tanh(np.abs(weights) / style.ARROW_WIDTH_SCALE)
    return np.minimum((strength * SHADES).astype(np.intp), SHADES - 1)


class ConnectionLayer(QGraphicsItem):
    def __init__(self, arrays: ConnectionArrays) -> None:
        super().__init__()
        self.arrays = arrays
        self.hidden = np.zeros(len(arrays), bool)  # drawn by ConnectionItems of their own
        self.fan_of: list[str] = []  # neurons whose fans are highlighted
        self._fan = np.zeros(0, np.intp)
        self.drawn_as_lines = np.zeros(0, np.intp)  # bundles the last paint drew line by line
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(-1)
        self._rect = QRectF()
        self.geometry_changed()

    def __repr__(self) -> str:
        return f"ConnectionLayer({len(self.arrays)} connections, {int(self.hidden.sum())} as items)"

    # ---- state ---------------------------------------------------------------------
    def geometry_changed(self) -> None:
        """The neurons moved: take the new extent."""
        self.prepareGeometryChange()
        box = self.arrays.box()
        margin = style.ARROW_MAX_WIDTH + 4
        self._rect = QRectF() if box is None else \
            QRectF(box[0], box[1], box[2] - box[0], box[3] - box[1]).adjusted(
                -margin, -margin, margin, margin)
        self.update()

    def set_hidden(self, rows) -> None:
        """Leave these connections to their own items."""
        hidden = np.zeros(len(self.arrays), bool)
        hidden[np.asarray(list(rows), np.intp)] = True
        if not np.array_equal(hidden, self.hidden):
            self.hidden = hidden
            self.update()

    def set_fans(self, neuron_ids: list[str]) -> None:
        """Highlight the connections into and out of these neurons."""
        if neuron_ids == self.fan_of:
            return
        self.fan_of = list(neuron_ids)
        rows = [self.arrays.fan(i) for i in (self.arrays.neuron_index(n) for n in neuron_ids)
                if i is not None]
        self._fan = np.unique(np.concatenate(rows)) if rows else np.zeros(0, np.intp)
        self.update()

    def pick(self, point: QPointF, reach: float) -> int | None:
        """The connection drawn as a line nearest `point`, within `reach` scene units."""
        among = np.flatnonzero(np.isin(self.arrays.bundle, self.drawn_as_lines) & ~self.hidden)
        fan = self._fan[~self.hidden[self._fan]] if len(self._fan) else self._fan
        among = np.union1d(among, fan)
        box = (point.x() - reach, point.y() - reach, point.x() + reach, point.y() + reach)
        among = among[self.arrays.in_box(box)[among]]
        return self.arrays.nearest(point.x(), point.y(), reach, among)

    # ---- Qt overrides --------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        arrays = self.arrays
        if not len(arrays):
            return
        exposed = option.exposedRect
        box: Box = (exposed.left(), exposed.top(), exposed.right(), exposed.bottom())
        zoom = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        palette = self.scene().palette() if self.scene() else QPalette()
        rows = np.flatnonzero(arrays.in_box(box) & ~self.hidden)
        count = len(arrays.pairs)
        # what the lines would cost, in pixels: from a sample of ESTIMATE_LINES when
        # there are many (what decides is the order of magnitude)
        stride = max(1, len(rows) // ESTIMATE_LINES)
        sample = rows[::stride]
        cost = arrays.clipped_lengths(sample, box) * (zoom * stride)
        per_bundle = np.bincount(arrays.bundle[sample], cost, minlength=count)
        seen = np.bincount(arrays.bundle[rows], minlength=count) > 0
        area = np.array([bundle_area(*arrays.bundle_ends(b), exposed) * zoom * zoom
                         if seen[b] else 0.0 for b in range(count)])
        sparse = per_bundle <= MAX_COVER * np.maximum(area, 1.0)
        order = np.argsort(np.where(sparse, per_bundle, np.inf), kind="stable")
        fits = np.cumsum(per_bundle[order]) <= LINE_BUDGET
        as_lines = np.zeros(count, bool)
        as_lines[order[fits]] = True
        as_lines &= sparse
        self.drawn_as_lines = np.flatnonzero(as_lines & seen)
        banded = np.flatnonzero(~as_lines & seen)
        line_rows = rows[as_lines[arrays.bundle[rows]]]
        smooth = bool(per_bundle[as_lines].sum() <= SMOOTH_BUDGET)
        for b in banded:
            self._paint_band(painter, int(b), palette)
        self._paint_lines(painter, line_rows, palette, smooth)
        if len(self._fan):
            fan = self._fan[~self.hidden[self._fan]]
            self._paint_lines(painter, fan, palette, True, width=1.5)

    def _paint_band(self, painter: QPainter, b: int, palette: QPalette) -> None:
        arrays = self.arrays
        count, share, mean = arrays.bundle_summary()
        source, target = arrays.bundle_ends(b)
        color = style.mix(style.weight_color(1.0, palette), style.weight_color(-1.0, palette),
                          float(share[b]))
        low, high = BAND_OPACITY
        color.setAlphaF(low + (high - low) * math.tanh(float(mean[b]) / style.ARROW_WIDTH_SCALE))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(color))
        painter.drawPolygon(band_polygon(source, target))
        rows = arrays.bundle_rows(b)
        if len(rows) > STRONGEST:
            strongest = np.argpartition(-np.abs(drawable(arrays.weight[rows])),
                                        STRONGEST)[:STRONGEST]
            rows = rows[strongest]
        self._paint_lines(painter, rows, palette, True)

    def _paint_lines(self, painter: QPainter, rows: np.ndarray, palette: QPalette,
                     smooth: bool, width: float = 1.0) -> None:
        if not len(rows):
            return
        arrays = self.arrays
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, smooth)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        weights = drawable(arrays.weight[rows])
        levels = shade_levels(weights)
        base = style.base_color(palette)
        for level in range(SHADES):  # the strongest on top, whatever their sign
            for sign in (1.0, -1.0):
                hue = style.weight_color(sign, palette)
                chosen = (weights > 0) if sign > 0 else (weights <= 0)
                pick = rows[chosen & (levels == level)]
                if not len(pick):
                    continue
                xs = np.column_stack([arrays.tail[pick, 0], arrays.tip[pick, 0]]).ravel()
                ys = np.column_stack([arrays.tail[pick, 1], arrays.tip[pick, 1]]).ravel()
                pen = QPen(style.mix(hue, base, 0.35 + 0.65 * (level + 1) / SHADES),
                           (width + 0.5 * level) if smooth else 0.0)
                pen.setCosmetic(True)
                painter.setPen(pen)
                painter.drawPath(pg.arrayToQPath(xs, ys, connect="pairs"))


def bundle_area(source: Box, target: Box, within: QRectF) -> float:
    """The area inside `within` of a bundle's two ends and the band between them, in
    scene units: where its lines run."""
    parts = [band_polygon(source, target)] + [QPolygonF(QRectF(b[0], b[1], b[2] - b[0],
                                                               b[3] - b[1]))
                                              for b in (source, target)]
    return sum(_area(part.intersected(QPolygonF(within))) for part in parts)


def _area(polygon: QPolygonF) -> float:
    points = [(p.x(), p.y()) for p in polygon]
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1)
                   in zip(points, points[1:] + points[:1]))) / 2


def band_polygon(source: Box, target: Box) -> QPolygonF:
    """The band from the source end's box to the target end's: from the source's right
    edge to the target's left edge (or the other way round when the target lies left)."""
    sx = source[2] if target[0] >= source[2] else source[0]
    tx = target[0] if target[0] >= source[2] else target[2]
    return QPolygonF([QPointF(sx, source[1]), QPointF(tx, target[1]),
                      QPointF(tx, target[3]), QPointF(sx, source[3])])

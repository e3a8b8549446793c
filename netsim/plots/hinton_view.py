"""HintonView (the Weight Matrix dock): the weights between two levels as a Hinton diagram.

A chooser picks the pair of levels (engine/levels.py): level k → k + 1 for a layered
network, and for one that is not layered every pair with a connection between them. The
diagram (hinton.py) has a row per neuron of the later level and a column per neuron of
the earlier one (then the bias neurons feeding the later level), labelled with the
neurons' names; each weight is a square of the canvas's colour for its sign whose area
is |w| over the largest |w| shown, and a cell without a connection is empty. The whole
matrix is one image (a 128 x 784 matrix too); the wheel zooms and a drag pans.

Hovering a cell tells its connection and weight; clicking it emits `connection_chosen`
with the connection's key (the window selects it on the canvas).

It follows the document (weights, structure, names) and so live training too: changes
are coalesced by a ~33 ms single-shot timer, the training controller spaces its updates
by what redrawing costs, and nothing is computed while the dock cannot be seen (Sight).
"""
from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPen
from PySide6.QtWidgets import (QComboBox, QGraphicsRectItem, QHBoxLayout, QLabel, QToolTip,
                               QVBoxLayout, QWidget)

from netsim.canvas import style
from netsim.engine.levels import Levels, levels_of
from netsim.engine.text import connection_name, neuron_name, readable
from netsim.plaintext import guessed, one_line

from . import hinton, styled_plot
from .sight import Follows

HINT = ("The weight matrix needs connections between the neurons of two levels: add a "
        "hidden or output neuron and connect something to it.")
REBUILT = ("structure", "neurons", "everything")  # the levels or the names may change
NAME_CHARS = 14  # a name on an axis is cut after this many characters


def _rgb(colour: QColor) -> tuple[int, int, int]:
    return colour.red(), colour.green(), colour.blue()


class NameAxis(pg.AxisItem):
    """An axis that names the matrix's rows or columns (cell k spans k … k + 1), as many
    names as fit without overlapping. pyqtgraph draws tick strings as plain text."""

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.names: list[str] = []

    def set_names(self, names: list[str]) -> None:
        self.names = [n if len(n) <= NAME_CHARS else n[:NAME_CHARS - 1] + "\u2026"
                      for n in map(one_line, names)]
        if self.orientation in ("left", "right"):  # room for the longest name
            metrics = QFontMetricsF(self.style["tickFont"] or self.font())
            longest = max((metrics.horizontalAdvance(n) for n in self.names), default=0.0)
            self.setWidth(int(longest) + 16)
        self.picture = None  # pyqtgraph's cache of the drawn axis
        self.update()

    def tickValues(self, minVal, maxVal, size):
        if not self.names or size <= 0:
            return []
        minVal, maxVal = sorted((minVal, maxVal))  # an inverted axis gives them reversed
        wide = self.orientation in ("top", "bottom")
        longest = max(len(n) for n in self.names)
        room = (7 * min(longest, NAME_CHARS) + 8) if wide else 16  # pixels per name
        step = max(1, math.ceil(room * (maxVal - minVal) / size))
        first = max(0, math.ceil(minVal - 0.5))
        last = min(len(self.names) - 1, math.floor(maxVal - 0.5))
        first += (-first) % step
        return [(step, [k + 0.5 for k in range(first, last + 1, step)])]

    def tickStrings(self, values, scale, spacing):
        return [self.names[int(v)] if 0 <= int(v) < len(self.names) else "" for v in values]


class HintonView(Follows, QWidget):
    connection_chosen = Signal(object)  # the (source, target) key of a clicked cell

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.levels: Levels | None = None  # until the structure or the names change
        self.pairs: list[tuple[int, int]] = []
        self.matrix: hinton.Matrix | None = None  # of the pair shown
        self.weights = np.zeros((0, 0))  # the weights shown, by cell
        self.share = np.zeros((0, 0))  # |w| / largest |w|, by cell
        self.largest = 0.0
        self.sprites: hinton.Sprites | None = None  # the cells drawn so far, of one size
        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        self.pair_box = QComboBox()
        self.pair_box.setToolTip("The two levels whose weights are shown: from (columns) "
                                 "and to (rows)")
        self.pair_box.currentIndexChanged.connect(self._on_pair_chosen)
        self.scale = QLabel()
        self.scale.setTextFormat(Qt.TextFormat.PlainText)
        self.scale.setWordWrap(True)
        self.left, self.bottom = NameAxis("left"), NameAxis("bottom")
        self.plot = styled_plot(self, "weights", {"left": self.left, "bottom": self.bottom})
        item = self.plot.getPlotItem()
        item.showGrid(x=False, y=False)
        item.hideButtons()
        self.box = item.getViewBox()
        self.box.invertY(True)  # the first row at the top, as a matrix is written
        self.box.setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        item.addItem(self.image)
        self.marker = QGraphicsRectItem(QRectF(0, 0, 1, 1))  # the cell clicked last
        pen = QPen(self.palette().color(self.palette().ColorRole.Text), 2)
        pen.setCosmetic(True)
        self.marker.setPen(pen)
        self.marker.setVisible(False)
        item.addItem(self.marker)
        self.plot.scene().sigMouseClicked.connect(self._on_clicked)
        # the tooltip is worked out when Qt asks for it (pyqtgraph drops mouse moves that
        # come quicker than 100 a second, so the last move may not be the cell under it)
        self.plot.viewport().installEventFilter(self)
        top = QHBoxLayout()
        top.addWidget(self.pair_box)
        top.addWidget(self.scale, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.hint)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        self.follow_changes()
        self.refresh()

    def __repr__(self) -> str:
        return f"HintonView({self.matrix!r})"

    # ---- following the document ----------------------------------------------------
    def set_document(self, doc) -> None:
        """Follow `doc` (None: nothing), showing its first pair of levels."""
        self.levels = None
        self.pairs = []
        self.pair_box.blockSignals(True)
        self.pair_box.clear()
        self.pair_box.blockSignals(False)
        super().set_document(doc)

    def _on_document_changed(self, change) -> None:
        if change.kind in REBUILT:
            self.levels = None
        super()._on_document_changed(change)

    def _on_pair_chosen(self, _index: int) -> None:
        self.matrix = None
        self.refresh()

    # ---- drawing -------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the chosen pair's weights now."""
        doc = self.doc
        if doc is not None and self.levels is None:
            self._rebuild(levels_of(doc.network))
        shown = doc is not None and bool(self.pairs)
        self.hint.setVisible(not shown)
        for widget in (self.pair_box, self.scale, self.plot):
            widget.setVisible(shown)
        if not shown:
            self.matrix = None
            self.weights = self.share = np.zeros((0, 0))
            self.image.clear()
            self.marker.setVisible(False)
            return
        fresh = self.matrix is None
        if fresh:
            self.matrix = hinton.matrix(self.levels, self.pairs[self.pair_box.currentIndex()])
            self.marker.setVisible(False)
        self._draw(fresh)

    def _rebuild(self, levels: Levels) -> None:
        """New levels (or names): the pairs again, keeping the chosen one if it is left."""
        was = self.pairs[self.pair_box.currentIndex()] if self.pairs else None
        self.levels = levels
        self.pairs = hinton.pairs(levels)
        self.matrix = None
        self.pair_box.blockSignals(True)
        self.pair_box.clear()
        for s, t in self.pairs:
            self.pair_box.addItem(f"level {s} \u2192 level {t}")
        self.pair_box.setCurrentIndex(self.pairs.index(was) if was in self.pairs else 0)
        self.pair_box.blockSignals(False)

    def _draw(self, fresh: bool) -> None:
        m, net = self.matrix, self.doc.network
        self.weights = m.weights(self.doc.weight_array())
        self.share, self.largest = hinton.shares(self.weights, m.present)
        cell = hinton.cell_pixels(len(m.rows), len(m.columns))
        colours = self._colours()
        if self.sprites is None or not self.sprites.fits(cell, colours):
            self.sprites = hinton.Sprites(cell, colours)
        picture = self.sprites.picture(hinton.codes(self.share, self.weights, m.present))
        self.image.setImage(picture, autoLevels=False)
        self.image.setRect(QRectF(0, 0, len(m.columns), len(m.rows)))
        s, t = m.pair
        self.scale.setText(f"rows: level {t} (to), columns: level {s} (from)  \u00b7  "
                           f"square area \u221d |w|, the largest {readable(self.largest, 4)}")
        if fresh:
            self.left.set_names([neuron_name(net, nid) for nid in m.rows])
            self.bottom.set_names([neuron_name(net, nid) for nid in m.columns])
            self.box.setRange(QRectF(0, 0, len(m.columns), len(m.rows)), padding=0.02)

    def _colours(self) -> dict[str, tuple[int, int, int]]:
        """The canvas's colours for the weights' signs, a faint ground, the base."""
        palette = self.palette()
        text, base = style.text_color(palette), style.base_color(palette)
        return {"positive": _rgb(style.weight_color(1.0, palette)),
                "negative": _rgb(style.weight_color(-1.0, palette)),
                "ground": _rgb(style.mix(text, base, 0.08)), "empty": _rgb(base)}

    # ---- cells ---------------------------------------------------------------------
    def cell_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        """(row, column) of the cell under a point of the plot's scene, or None."""
        if self.matrix is None or not self.box.sceneBoundingRect().contains(scene_pos):
            return None
        p = self.box.mapSceneToView(scene_pos)
        i, j = math.floor(p.y()), math.floor(p.x())
        rows, columns = self.matrix.index.shape
        return (i, j) if 0 <= i < rows and 0 <= j < columns else None

    def scene_point(self, row: int, column: int) -> QPointF:
        """The centre of a cell in the plot's scene (for clicks in tests)."""
        return self.box.mapViewToScene(QPointF(column + 0.5, row + 0.5))

    def cell_text(self, row: int, column: int) -> str:
        """'x1 → h1: 0.25', or 'x1 → h2: no connection'."""
        m, net = self.matrix, self.doc.network
        name = one_line(connection_name(net, (m.columns[column], m.rows[row])))
        if m.index[row, column] < 0:
            return f"{name}: no connection"
        return f"{name}: {readable(float(self.weights[row, column]))}"

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ToolTip and watched is self.plot.viewport():
            cell = self.cell_at(self.plot.mapToScene(event.pos()))
            if cell is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), guessed(self.cell_text(*cell)),
                                  self.plot.viewport())
            return True
        return super().eventFilter(watched, event)

    def _on_clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        cell = self.cell_at(event.scenePos())
        if cell is None:
            return
        event.accept()
        i, j = cell
        k = int(self.matrix.index[i, j])
        if k < 0:
            return
        self.marker.setRect(QRectF(j, i, 1, 1))
        self.marker.setVisible(True)
        self.connection_chosen.emit(self.doc.network.connections[k].key)

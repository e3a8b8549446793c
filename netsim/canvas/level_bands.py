"""View ▸ Show Levels: the levels the forward pass computes in, as faint numbered bands.

Each level (engine/levels.py: inputs at 0, each hidden or output neuron one past its
highest source) is drawn as one rounded band around its neurons, with "level k" above it,
behind the connections and neurons. Bias neurons belong to no level (their 1 is added to
every level they feed) and sit outside the bands. Bands are per level, not per neuron: a
784-128-10 network has three, so one item paints them all and a refresh costs a pass over
the neurons' rectangles.

LevelBands follows the document: an edit, an undo or another file that changes the
neurons or connections works the levels out again; a move (or any of those) places the
bands again, once the canvas has placed its neurons (a zero-time single-shot timer:
the canvas follows the same change). Weights never move a band.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem

from ..document.document import EVERYTHING, NEURONS, POSITIONS, STRUCTURE, refollow
from ..engine.levels import Levels, levels_of
from . import style

PAD = 12.0  # around a level's neurons and their names
TITLE = 22.0  # room above the neurons for "level k"
RADIUS = 14.0  # the bands' corners
SHADES = (0.06, 0.10)  # the text colour's share in the fill of even and odd levels
FOLLOWED = (STRUCTURE, NEURONS, POSITIONS, EVERYTHING)
TIP = ("Draw the levels the forward pass computes in, level by level: the inputs at 0, "
       "each neuron one past its highest source (bias neurons stand outside)")


class LevelBandsItem(QGraphicsItem):
    """The bands, one rectangle per level (an empty one for a level with no neuron)."""

    def __init__(self) -> None:
        super().__init__()
        self.bands: list[QRectF] = []
        self._rect = QRectF()
        self.setZValue(-2)  # behind the connections (-1 for a big network's layer)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)

    def __repr__(self) -> str:
        return f"LevelBandsItem({len(self.bands)} levels)"

    def set_bands(self, bands: list[QRectF]) -> None:
        self.prepareGeometryChange()
        self.bands = bands
        rect = QRectF()
        for band in bands:
            rect = rect.united(band)
        self._rect = rect

    # ---- Qt overrides --------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        return QRectF(self._rect)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        palette = widget.palette() if widget is not None else QPalette()
        text, base = style.text_color(palette), style.base_color(palette)
        zoom = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setFont(style.font(style.NAME_PIXELS))
        for level, band in enumerate(self.bands):
            if band.isEmpty():
                continue
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.mix(text, base, SHADES[level % 2]))
            painter.drawRoundedRect(band, RADIUS, RADIUS)
            if style.NAME_PIXELS * zoom >= style.MIN_TEXT_PIXELS:
                painter.setPen(style.mix(text, base, 0.55))
                title = QRectF(band.left(), band.top(), band.width(), TITLE)
                painter.drawText(title, Qt.AlignmentFlag.AlignCenter, f"level {level}")


class LevelBands(QObject):
    """Shows (set_on) and keeps the level bands of the document drawn on `scene`."""

    def __init__(self, scene, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.doc = None
        self.on = False
        self.levels: Levels | None = None  # until the neurons or connections change
        self.item = LevelBandsItem()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.refresh)

    def __repr__(self) -> str:
        return f"LevelBands({'on' if self.on else 'off'}, {self.item!r})"

    def set_document(self, doc) -> None:
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self.levels = None
        self.refresh()

    def set_on(self, on: bool) -> None:
        self.on = bool(on)
        self.refresh()

    def _on_document_changed(self, change) -> None:
        if change.kind not in FOLLOWED:
            return
        if change.kind != POSITIONS:
            self.levels = None
        if self.on:
            self.timer.start()

    def refresh(self) -> None:
        """Work out the levels if they are out of date and place the bands now."""
        self.timer.stop()
        shown = self.on and self.doc is not None and bool(self.doc.network.neurons)
        if not shown:
            if self.item.scene() is not None:
                self.item.scene().removeItem(self.item)
            self.item.set_bands([])
            return
        if self.levels is None:
            self.levels = levels_of(self.doc.network)
        items = self.scene.neuron_items
        bands = []
        for members in self.levels.members:
            rect = QRectF()
            for nid in members:
                item = items.get(nid)
                if item is not None:
                    rect = rect.united(item.sceneBoundingRect())
            bands.append(rect.adjusted(-PAD, -PAD - TITLE, PAD, PAD) if not rect.isEmpty()
                         else QRectF())
        self.item.set_bands(bands)
        if self.item.scene() is not self.scene:
            self.scene.addItem(self.item)

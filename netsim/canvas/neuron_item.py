"""NeuronItem: one neuron drawn as a circle coloured by its role.

Inside the circle: the activation's glyph (σ, tanh, ReLU, ...), "1" for a bias neuron.
Under it: the neuron's name. The item keeps copies of what it shows and is updated in
place by `update_from(neuron)`; it never changes the network. While a row is being
stepped through, `set_values` fills the circle by the neuron's value and writes its
numbers in a ValueTag above it; `clear_values` puts it back exactly as it was. With a
thumbnail (`set_thumbnail`, neuron_maps.py) the disc shows the neuron's output over the
input plane; a value fill then shows as a ring around it.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyle, QStyleOptionGraphicsItem, QWidget

from ..engine import activations
from ..engine.network import Neuron
from ..plaintext import guessed, one_line
from . import style
from .value_tag import Line, ValueTag

R = style.NEURON_RADIUS
GLYPH_MAX_WIDTH = 1.4 * R  # widest glyph that still sits comfortably inside the circle
VALUE_RING = 6.0  # width of the value fill's ring around a thumbnail


def glyph_for(neuron: Neuron) -> str:
    if neuron.role == "bias":
        return "1"
    if neuron.role == "input":
        return ""
    return activations.get(neuron.activation).glyph


NAME_WIDTH = 240.0  # scene units: the widest a name is drawn
NAME_CHARS = 200  # more than NAME_WIDTH can show; measuring stops there


_COLORS: dict = {}


def _colors(role: str, palette: QPalette) -> tuple[QColor, QColor, QColor]:
    """A role's outline and fill and the text colour, worked out once per palette (a
    big network paints hundreds of neurons a frame)."""
    key = (role, palette.cacheKey())
    if key not in _COLORS:
        if len(_COLORS) > 64:
            _COLORS.clear()
        _COLORS[key] = (style.role_outline(role, palette), style.role_fill(role, palette),
                        style.text_color(palette))
    return _COLORS[key]


class NeuronItem(QGraphicsItem):
    def __init__(self, neuron: Neuron) -> None:
        super().__init__()
        self.neuron_id = neuron.id
        self.role = ""
        self.glyph = ""
        self.name = ""
        self.shown_name = ""  # the name as drawn: cut with "…" beyond NAME_WIDTH
        self._glyph_font = style.font(style.GLYPH_PIXELS)
        self._name_font = style.font(style.NAME_PIXELS, bold=True)
        self._name_rect = QRectF()
        self._hovered = False
        self._connections: list = []  # ConnectionItems that end here, kept in step on moves
        self.value_fill: QColor | None = None  # while stepping: the fill showing its value
        self.tag: ValueTag | None = None  # while stepping: its numbers (made when first needed)
        self.thumbnail = None  # its output over the input plane (a neuron_maps.Thumbnail)
        self._tip = ""  # the tooltip without the thumbnail's caption
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, True)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges, True)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)
        self.update_from(neuron)

    def __repr__(self) -> str:
        return f"NeuronItem({self.neuron_id!r}, {self.role}, at ({self.x():g}, {self.y():g}))"

    # ---- model -> item -------------------------------------------------------------
    def update_from(self, neuron: Neuron) -> None:
        """Show what `neuron` says now: role, activation glyph, name."""
        glyph, name = glyph_for(neuron), one_line(neuron.name)  # drawn in a one-line box
        if (neuron.role, glyph, name) == (self.role, self.glyph, self.name):
            return
        self.prepareGeometryChange()
        self.role, self.glyph, self.name = neuron.role, glyph, name
        self._fit_glyph_font()
        metrics = QFontMetricsF(self._name_font)
        # A long name is cut to NAME_WIDTH (the tooltip has it whole): one label of a
        # million characters would otherwise make the network as wide as its text.
        self.shown_name = metrics.elidedText(name[:NAME_CHARS], Qt.TextElideMode.ElideRight,
                                             NAME_WIDTH)
        width = metrics.horizontalAdvance(self.shown_name) + 4
        top = R + style.NAME_GAP
        self._name_rect = QRectF(-width / 2, top, width, metrics.height())
        self._tip = self._tooltip(neuron)
        self._set_tip()
        self.update()

    def _set_tip(self) -> None:
        """The tooltip: the neuron, and what its thumbnail shows."""
        lines = [self._tip] + ([self.thumbnail.caption] if self.thumbnail is not None else [])
        self.setToolTip(guessed("\n".join(lines)))

    def _glyph_path(self) -> QPainterPath:
        """The glyph as a path centred on the neuron (drawn over a thumbnail). Made at
        each paint, never kept: a path kept from an item's first paint can come out a
        shade different from one made later for the same font, so a window's canvas
        would not be what a fresh window draws (and a few short words cost nothing)."""
        metrics = QFontMetricsF(self._glyph_font)
        path = QPainterPath()
        path.addText(-metrics.horizontalAdvance(self.glyph) / 2,
                     (metrics.ascent() - metrics.descent()) / 2, self._glyph_font, self.glyph)
        return path

    def _fit_glyph_font(self) -> None:
        pixels = style.GLYPH_PIXELS
        self._glyph_font = style.font(pixels)
        while pixels > 8 and QFontMetricsF(self._glyph_font).horizontalAdvance(self.glyph) > GLYPH_MAX_WIDTH:
            pixels -= 1
            self._glyph_font = style.font(pixels)

    @staticmethod
    def _tooltip(neuron: Neuron) -> str:
        text = f"{neuron.name} ({neuron.role})"
        if neuron.activation:
            text += f"\n{activations.get(neuron.activation).formula}"
        return text

    def add_connection(self, connection) -> None:
        self._connections.append(connection)

    def remove_connection(self, connection) -> None:
        if connection in self._connections:
            self._connections.remove(connection)

    def name_rect(self) -> QRectF:
        """Where the name is drawn, in item coordinates."""
        return QRectF(self._name_rect)

    # ---- step-through values -------------------------------------------------------
    def value_tag(self) -> ValueTag:
        """The tag for this neuron's numbers, made (hidden) the first time it is asked for."""
        if self.tag is None:
            self.tag = ValueTag(self)
            self.tag.setPos(0, -(R + style.NEURON_OUTLINE + style.TAG_GAP))
            self.tag.setVisible(False)
        return self.tag

    def set_values(self, lines: list[Line], fill: QColor | None, active: bool = False) -> None:
        """Show `lines` above the circle (none: no tag) and fill it with `fill`."""
        if lines or self.tag is not None:
            tag = self.value_tag()
            tag.set_lines(lines, active)
            tag.setVisible(bool(lines))
        if fill != self.value_fill:
            self.value_fill = QColor(fill) if fill is not None else None
            self.update()

    def set_thumbnail(self, thumbnail) -> None:
        """Show `thumbnail` in the disc (None: the plain fill again)."""
        if thumbnail is not self.thumbnail:
            self.thumbnail = thumbnail
            self._set_tip()
            self.update()

    def clear_values(self) -> None:
        if self.tag is not None:
            self.tag.reset()
            self.tag.setVisible(False)
        self.set_values([], None)

    def value_text(self) -> str:
        """The numbers shown above the neuron, one line each ("" when none)."""
        return self.tag.text() if self.tag is not None and self.tag.isVisible() else ""

    def value_rect(self) -> QRectF:
        """The room kept for the value tag, shown or not yet, in scene coordinates
        (empty when there is none)."""
        if self.tag is None or self.tag.card_rect().isEmpty():
            return QRectF()
        return self.tag.mapRectToScene(self.tag.card_rect())

    # ---- Qt overrides --------------------------------------------------------------
    def boundingRect(self) -> QRectF:
        ring = R + style.SELECTION_RING + style.NEURON_OUTLINE
        return QRectF(-ring, -ring, 2 * ring, 2 * ring).united(self._name_rect)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), R + style.NEURON_OUTLINE, R + style.NEURON_OUTLINE)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        palette = self.scene().palette() if self.scene() else QPalette()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if selected:
            highlight = palette.color(QPalette.ColorRole.Highlight)
            halo = style.mix(highlight, style.base_color(palette), 0.3)
            painter.setPen(QPen(highlight, 3.0))
            painter.setBrush(QBrush(halo))
            ring = R + style.SELECTION_RING
            painter.drawEllipse(QPointF(0, 0), ring, ring)
        outline, role_fill, text = _colors(self.role, palette)
        width = style.NEURON_OUTLINE + (1.0 if self._hovered else 0.0)
        painter.setPen(QPen(outline, width))
        painter.setBrush(self.value_fill if self.value_fill is not None else role_fill)
        painter.drawEllipse(QPointF(0, 0), R, R)

        if option.levelOfDetailFromTransform(painter.worldTransform()) * style.NAME_PIXELS \
                < style.MIN_TEXT_PIXELS:
            return  # too small to read: a dot
        if self.thumbnail is not None:
            ring = VALUE_RING if self.value_fill is not None else 0.0
            self.thumbnail.paint(painter, R - style.NEURON_OUTLINE / 2 - ring, text)
            if self.glyph:  # over the picture: outlined in the base colour, to read on any
                painter.save()
                y, scale = self.thumbnail.glyph_place
                painter.translate(0.0, y * R)
                painter.scale(scale, scale)
                path = self._glyph_path()
                halo = style.base_color(palette)
                halo.setAlphaF(0.85)
                painter.strokePath(path, QPen(halo, 3.0, Qt.PenStyle.SolidLine,
                                              Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
                painter.fillPath(path, text)
                painter.restore()
        elif self.glyph:
            painter.setFont(self._glyph_font)
            painter.setPen(text)
            painter.drawText(QRectF(-R, -R, 2 * R, 2 * R), Qt.AlignmentFlag.AlignCenter, self.glyph)
        painter.setFont(self._name_font)
        painter.setPen(text)
        painter.drawText(self._name_rect, Qt.AlignmentFlag.AlignCenter, self.shown_name)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            for connection in self._connections:
                connection.update_geometry()
            scene = self.scene()
            if scene is not None and hasattr(scene, "neuron_moved"):
                scene.neuron_moved(self)  # lines drawn in bulk follow too
        return super().itemChange(change, value)

    def hoverEnterEvent(self, event) -> None:
        self._hovered = True
        self.update()
        self._tell_hover(self.neuron_id)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:
        self._hovered = False
        self.update()
        self._tell_hover(None)
        super().hoverLeaveEvent(event)

    def _tell_hover(self, nid: str | None) -> None:
        scene = self.scene()
        if scene is not None and hasattr(scene, "hover_neuron"):
            scene.hover_neuron(nid)  # its fan is highlighted

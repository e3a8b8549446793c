"""NeuronMaps: every hidden and output neuron shows what it computes over the input plane.

TensorFlow Playground draws each neuron as a picture of its own output; here the picture
fills the neuron's disc. With two inputs, the disc is a heat map of the neuron's output
at every point of the Decision Map's grid (engine/plane.py: the data's range plus a
margin; input 1 grows to the right, input 2 upwards) on the Decision Map's colours:
blue low, white in the middle, orange high. The ends of the scale are what the
activation can output:

    sigmoid, step, softmax   0 .. 1    (white at 0.5, as on the Decision Map)
    tanh                    -1 .. 1    (white at 0)
    identity, ReLU, leaky ReLU, softplus (unbounded)
                            -m .. m    m = the neuron's largest |output| on the plane
                                       (white at 0: a ReLU is white where it is off)

With one input, the disc shows the output as a curve over the input's range (left to
right; the dashed line is the middle of the scale) over the same colours as a strip.
The activation's glyph stays readable over the picture (outlined; above a curve).

The maps follow the document: an edit (and its undo) redraws them at once, a training
run's live weights at most every LIVE_MS. They are offered on networks of one or two
inputs, at most MAX_NEURONS hidden and output neurons and at most SMALL_NETWORK
connections (a bigger network is drawn in bulk, without items to draw into); `reason`
says why a network has none. Zoomed out so far that the neurons are dots, the neurons
leave their maps out (neuron_item.py).
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QTransform

from ..document.document import POSITIONS, SETTINGS, TRAINING, WEIGHTS, refollow
from ..engine.compiled import Compiled
from ..engine.plane import Plane, neuron_outputs
from . import style
from .network_drawing import SMALL_NETWORK

MAX_NEURONS = 60  # hidden and output neurons that still get maps
LIVE_MS = 100  # a training run's live weights redraw the maps at most this often
FIXED = {"sigmoid": (0.0, 1.0), "step": (0.0, 1.0), "softmax": (0.0, 1.0),
         "tanh": (-1.0, 1.0)}
DISC_PIXELS = 96  # the disc's picture: sharp up to a zoom of about 2
# With one input the curve keeps to a box under the activation's glyph: across, -SPAN..SPAN
# of the radius; down, CURVE_TOP..CURVE_BOTTOM; the glyph, smaller, sits above it.
CURVE_SPAN = 0.7
CURVE_TOP, CURVE_BOTTOM = -0.3, 0.72
CURVE_GLYPH = (-0.62, 0.7)  # the glyph's centre (share of the radius, down) and its scale
STOPS = np.array([QColor(c).getRgb()[:3] for c in style.PLANE_COLORS], dtype=float)
OFFERED = ("Show each hidden and output neuron's output over the inputs' range inside it "
           "(networks of one or two inputs)")


# ---- numbers to colours (NumPy) -----------------------------------------------------------
def scale(activation: str | None, values: np.ndarray) -> tuple[float, float]:
    """The outputs at the two ends of the colour scale (see the module's table)."""
    if activation in FIXED:
        return FIXED[activation]
    finite = np.abs(values[np.isfinite(values)])
    top = float(finite.max()) if finite.size else 0.0
    return (-top, top) if top > 0 else (-1.0, 1.0)


def positions(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Where each value lies on the scale, 0..1 (beyond the ends: at the end; NaN: the middle)."""
    with np.errstate(invalid="ignore", over="ignore"):
        t = (np.asarray(values, dtype=float) - low) / (high - low)
    return np.clip(np.where(np.isnan(t), 0.5, t), 0.0, 1.0)


def mixed(t: np.ndarray) -> np.ndarray:
    """0xffRRGGBB for each position on the scale: the stops mixed linearly."""
    at = np.linspace(0.0, 1.0, len(STOPS))
    r, g, b = (np.rint(np.interp(t, at, STOPS[:, k])).astype(np.uint32) for k in range(3))
    return np.uint32(0xFF000000) | (r << 16) | (g << 8) | b


SHADES = mixed(np.linspace(0.0, 1.0, 1024))  # looked up: 4 times faster than mixing


def shades(t: np.ndarray) -> np.ndarray:
    """0xffRRGGBB for each position on the scale, from SHADES (within one step of 255 of
    the exact mix)."""
    return SHADES[(t * (len(SHADES) - 1) + 0.5).astype(np.intp)]


def image_of(pixels: np.ndarray) -> QImage:
    """A QImage of 0xffRRGGBB pixels (rows top to bottom), owning its memory."""
    pixels = np.ascontiguousarray(pixels, dtype=np.uint32)
    height, width = pixels.shape
    return QImage(pixels.tobytes(), width, height, 4 * width, QImage.Format.Format_RGB32).copy()


def caption(inputs, levels: tuple[float, float]) -> str:
    """What a picture shows, for the neuron's tooltip."""
    low, high = levels
    ends = (f"blue {style.format_weight(low)}, white {style.format_weight((low + high) / 2)}, "
            f"orange {style.format_weight(high)}")
    if len(inputs) == 1:
        return f"Inside: its output (the curve, up: higher) over {inputs[0]} (across); {ends}"
    return f"Inside: its output over {inputs[0]} (across) and {inputs[1]} (up); {ends}"


# ---- one neuron's picture -----------------------------------------------------------------
class Thumbnail:
    """What one neuron computes over the plane: `image` (a heat map, GRID x GRID; with one
    input GRID x 1), and with one input `curve`, the output as a path in a square
    -1..1 (up: higher). Painted into a disc of any radius."""

    def __init__(self, values: np.ndarray, activation: str | None,
                 inputs: tuple[str, ...] = ("x1", "x2")) -> None:
        self.values = values
        self.levels = scale(activation, values)
        self.caption = caption(inputs[:values.ndim], self.levels)
        self._disc: QImage | None = None
        t = positions(values, *self.levels)
        self.glyph_place = (0.0, 1.0)  # where the neuron's glyph goes over it (see CURVE_GLYPH)
        if values.ndim == 2:  # out[i, j] at (a[i], b[j]): a across, b up the image
            self.image = image_of(shades(t.T[::-1]))
            self.curve = None
        else:
            self.glyph_place = CURVE_GLYPH
            self.image = image_of(shades(t)[None, :])
            u = np.linspace(-1.0, 1.0, len(t))
            self.curve = QPainterPath(QPointF(u[0], 1.0 - 2.0 * t[0]))
            for x, v in zip(u[1:].tolist(), (1.0 - 2.0 * t[1:]).tolist()):
                self.curve.lineTo(x, v)

    def __repr__(self) -> str:
        kind = "curve" if self.curve is not None else "map"
        return f"Thumbnail({kind} {self.image.width()}x{self.image.height()}, {self.levels})"

    def disc(self) -> QImage:
        """The map cut to a disc, DISC_PIXELS wide (transparent around it), made when
        first painted. An image, not a clip or a texture brush: SVG export keeps
        neither."""
        if self._disc is None:
            self._disc = QImage(DISC_PIXELS, DISC_PIXELS,
                                QImage.Format.Format_ARGB32_Premultiplied)
            self._disc.fill(Qt.GlobalColor.transparent)
            painter = QPainter(self._disc)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            brush = QBrush(self.image)
            brush.setTransform(QTransform.fromScale(DISC_PIXELS / self.image.width(),
                                                    DISC_PIXELS / self.image.height()))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(brush)
            painter.drawEllipse(QRectF(0, 0, DISC_PIXELS, DISC_PIXELS))
            painter.end()
        return self._disc

    def paint(self, painter: QPainter, radius: float, ink: QColor) -> None:
        """Fill the disc of `radius` around (0, 0) with the map; draw the curve in `ink`."""
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        painter.drawImage(QRectF(-radius, -radius, 2 * radius, 2 * radius), self.disc())
        if self.curve is not None:
            span = CURVE_SPAN * radius
            middle_y = (CURVE_TOP + CURVE_BOTTOM) / 2 * radius
            half = (CURVE_BOTTOM - CURVE_TOP) / 2 * radius
            middle = QColor(ink)
            middle.setAlphaF(0.35)
            painter.setPen(QPen(middle, 1.0, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(-span, middle_y), QPointF(span, middle_y))
            pen = QPen(ink, 1.8)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(QTransform(span, 0, 0, half, 0, middle_y).map(self.curve))
        painter.restore()


def why_not(doc) -> str:
    """Why the document's network gets no maps ("" when it does)."""
    if doc is None:
        return "No network is open."
    net = doc.network
    inputs = len(net.ids("input"))
    if inputs not in (1, 2):
        has = "none" if inputs == 0 else f"{inputs:,}"
        return f"Heat maps need a network with one or two inputs; this one has {has}."
    connections = len(net.connections)
    if connections > SMALL_NETWORK:
        return (f"Heat maps are drawn on networks of up to {SMALL_NETWORK:,} connections; "
                f"this one has {connections:,}.")
    computing = sum(n.computes for n in net.neurons.values())
    if computing > MAX_NEURONS:
        return (f"Heat maps are drawn for up to {MAX_NEURONS} hidden and output neurons; "
                f"this network has {computing:,}.")
    return ""


# ---- following the document ---------------------------------------------------------------
class NeuronMaps(QObject):
    availability_changed = Signal(str)  # why the network gets no maps; "": it gets them

    def __init__(self, scene, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.doc = None
        self.on = False
        self.reason = why_not(None)
        self.thumbnails: dict[str, Thumbnail] = {}  # neuron id -> what its item shows
        self._compiled: Compiled | None = None  # for the network's structure as it is
        self._plane: Plane | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.refresh)

    def __repr__(self) -> str:
        why = f", {self.reason}" if self.reason else ""
        return f"NeuronMaps({'on' if self.on else 'off'}, {len(self.thumbnails)} shown{why})"

    def set_document(self, doc) -> None:
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self._compiled = None
        self.refresh()

    def set_on(self, on: bool) -> None:
        self.on = bool(on)
        self.refresh()

    def _on_document_changed(self, change) -> None:
        if change.kind in (POSITIONS, SETTINGS):
            return
        if change.kind != WEIGHTS:
            self._compiled = None  # neurons, connections, roles or the data changed
        elif not self.on:
            return  # nothing shown, and weights do not change whether maps are offered
        if not self.timer.isActive():
            self.timer.start(LIVE_MS if change.source == TRAINING else 0)

    def refresh(self) -> None:
        """Work out every map again and hand it to its neuron now."""
        self.timer.stop()
        reason = why_not(self.doc)
        if reason != self.reason:
            self.reason = reason
            self.availability_changed.emit(reason)
        if not self.on or reason:
            self._show({})
            return
        net = self.doc.network
        if self._compiled is None:
            self._plane = Plane.of(net, self.doc.dataset, len(net.ids("input")))
            self._compiled = Compiled(net, self._plane.inputs)
        else:
            self._compiled.set_weights(self.doc.weight_array())
        outputs = neuron_outputs(self._compiled, self._plane)
        names = tuple(net.neurons[nid].name for nid in self._plane.inputs)
        self._show({nid: Thumbnail(values, net.neurons[nid].activation, names)
                    for nid, values in outputs.items()})

    def _show(self, thumbnails: dict[str, Thumbnail]) -> None:
        items = self.scene.neuron_items
        for nid in self.thumbnails.keys() - thumbnails.keys():
            if nid in items:
                items[nid].set_thumbnail(None)
        for nid, thumbnail in thumbnails.items():
            if nid in items:
                items[nid].set_thumbnail(thumbnail)
        self.thumbnails = thumbnails

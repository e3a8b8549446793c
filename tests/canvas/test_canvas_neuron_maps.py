"""Neuron heat maps on the canvas: every pixel is the engine's output at its grid point on
the Decision Map's colour scale, the pictures follow the document, and the disc draws
them (not when zoomed out to dots)."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from netsim import paths
from netsim.canvas import style
from netsim.canvas.network_scene import NetworkScene
from netsim.canvas.neuron_item import R, VALUE_RING
from netsim.canvas.neuron_maps import LIVE_MS, MAX_NEURONS, NeuronMaps, Thumbnail, why_not
from netsim.document import Document
from netsim.document.commands import AddNeuron, Delete, SetNeuron, SetWeight
from netsim.document.document import TRAINING
from netsim.engine import Dataset, Network, Neuron
from netsim.engine.compiled import Compiled
from netsim.engine.plane import GRID, Plane
from netsim.plots.decision_view import COLORMAP


def open_maps(doc):
    scene = NetworkScene()
    scene.set_document(doc)
    maps = NeuronMaps(scene)
    maps.set_document(doc)
    maps.set_on(True)
    return scene, maps


@pytest.fixture
def xor(qapp):
    doc = Document.open(paths.example("xor-worked-example"))
    scene, maps = open_maps(doc)
    yield doc, scene, maps
    maps.set_document(None)
    scene.set_document(None)


def engine_outputs(doc, width=2):
    """Every computing neuron's output at every grid point, one Compiled.forward per
    neuron and row of the grid (not the way the maps get them)."""
    grid = Plane.of(doc.network, doc.dataset, width)
    compiled = Compiled(doc.network, grid.inputs)
    a = grid.axes[0]
    out = {}
    for nid in compiled.where:
        if doc.network.neurons[nid].computes:
            if width == 1:
                out[nid] = compiled.value(compiled.forward(a[:, None]), nid)
            else:
                b = grid.axes[1]
                out[nid] = np.array([compiled.value(compiled.forward(
                    np.column_stack([np.full(GRID, ai), b])), nid) for ai in a])
    return out


def pixels(image: QImage) -> np.ndarray:
    """(height, width, 3) RGB of an image."""
    return np.array([[QColor(image.pixel(x, y)).getRgb()[:3] for x in range(image.width())]
                     for y in range(image.height())], dtype=float)


def expected_pixels(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """RGB 0..255 of the Decision Map's colour map (pyqtgraph's) at each value."""
    return 255 * COLORMAP.map((values - low) / (high - low), mode="float")[..., :3]


def assert_map_shows(item, values, low, high):
    """The item's heat map: pixel (column i, row GRID-1-j) is the output at (a[i], b[j]),
    within one step of 255 (the colours are looked up in a table of 1,024)."""
    image = item.thumbnail.image
    assert (image.width(), image.height()) == (GRID, GRID)
    shown = pixels(image)
    wanted = expected_pixels(values.T[::-1], low, high)  # b upwards, a across
    assert np.abs(shown - wanted).max() <= 1.0


def render(scene, centre: QPointF, scale: float = 1.0, half: float = 40.0) -> QImage:
    size = int(2 * half * scale)
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()),
                 QRectF(centre.x() - half, centre.y() - half, 2 * half, 2 * half))
    painter.end()
    return image


# ---- pixels against the engine -------------------------------------------------------
def test_every_pixel_is_the_engines_output_on_the_decision_maps_colours(xor):
    doc, scene, maps = xor
    expected = engine_outputs(doc)
    assert set(maps.thumbnails) == set(expected) == {"h1", "h2", "y"}
    for nid, values in expected.items():
        assert_map_shows(scene.neuron_items[nid], values, 0.0, 1.0)  # sigmoid: 0..1
    for nid in ("x1", "x2", "b"):
        assert scene.neuron_items[nid].thumbnail is None


@pytest.mark.parametrize("activation", ["tanh", "relu", "identity", "leaky_relu"])
def test_other_activations_use_their_own_range(xor, activation, qtbot):
    doc, scene, maps = xor
    doc.undo_stack.push(SetNeuron(doc, "h1", "activation", activation))
    qtbot.waitUntil(lambda: maps.thumbnails["h1"].levels != (0.0, 1.0))  # not a sigmoid's
    values = engine_outputs(doc)["h1"]
    if activation == "tanh":
        low, high = -1.0, 1.0
    else:  # unbounded: symmetric about 0, out to the largest |output| on the plane
        high = np.abs(values).max()
        low = -high
    assert maps.thumbnails["h1"].levels == (low, high)
    assert_map_shows(scene.neuron_items["h1"], values, low, high)
    assert_map_shows(scene.neuron_items["y"], engine_outputs(doc)["y"], 0.0, 1.0)


def test_a_one_input_network_shows_curves(qapp):
    net = Network()
    net.add_neuron("x", "input", position=(0.0, 0.0))
    net.add_neuron("h", "hidden", "tanh", position=(150.0, 0.0))
    net.add_neuron("y", "output", "sigmoid", position=(300.0, 0.0))
    net.connect("x", "h", 3.0)
    net.connect("h", "y", -2.0)
    doc = Document()
    doc.file.network = net
    doc.file.dataset = Dataset(["x"], ["y"], [[-2.0, 0.0], [2.0, 1.0]])
    scene, maps = open_maps(doc)
    expected = engine_outputs(doc, width=1)
    for nid, (low, high) in (("h", (-1.0, 1.0)), ("y", (0.0, 1.0))):
        thumb = scene.neuron_items[nid].thumbnail
        t = (expected[nid] - low) / (high - low)
        path = thumb.curve
        assert path.elementCount() == GRID
        points = np.array([[path.elementAt(k).x, path.elementAt(k).y] for k in range(GRID)])
        np.testing.assert_allclose(points[:, 0], np.linspace(-1, 1, GRID), atol=1e-12)
        np.testing.assert_allclose(points[:, 1], 1 - 2 * t, atol=1e-12)  # up: higher
        assert (thumb.image.width(), thumb.image.height()) == (GRID, 1)
        wanted = expected_pixels(expected[nid], low, high)
        assert np.abs(pixels(thumb.image)[0] - wanted).max() <= 1.0


def test_diverged_outputs_show_at_the_ends_and_nan_in_the_middle(qapp):
    values = np.array([[np.inf, -np.inf], [np.nan, 0.25]])
    thumb = Thumbnail(values, "sigmoid")
    rgb = pixels(thumb.image)  # top row: b[1], at a[0] and a[1]: -inf, 0.25; then inf, nan
    wanted = expected_pixels(np.array([[0.0, 0.25], [1.0, 0.5]]), 0.0, 1.0)
    assert np.abs(rgb - wanted).max() <= 1.0
    assert Thumbnail(np.array([np.nan, np.inf]), "identity").levels == (-1.0, 1.0)


# ---- following the document ----------------------------------------------------------
def test_a_weight_edit_redraws_and_undo_restores(xor, qtbot):
    doc, scene, maps = xor
    before = {nid: QImage(t.image) for nid, t in maps.thumbnails.items()}
    doc.undo_stack.push(SetWeight(doc, ("x1", "h1"), -6.0))
    qtbot.waitUntil(lambda: maps.thumbnails["h1"].image != before["h1"])
    for nid, values in engine_outputs(doc).items():
        assert_map_shows(scene.neuron_items[nid], values, 0.0, 1.0)
    assert maps.thumbnails["h2"].image == before["h2"]  # h2 does not read x1 -> h1
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: maps.thumbnails["h1"].image == before["h1"])
    assert all(maps.thumbnails[nid].image == image for nid, image in before.items())


def test_a_new_neuron_gets_a_map_and_a_deleted_one_loses_it(xor, qtbot):
    doc, scene, maps = xor
    doc.undo_stack.push(AddNeuron(doc, Neuron("h3", "hidden", "tanh", position=(240.0, 400.0))))
    qtbot.waitUntil(lambda: "h3" in maps.thumbnails)
    assert scene.neuron_items["h3"].thumbnail is maps.thumbnails["h3"]
    assert maps.thumbnails["h3"].levels == (-1.0, 1.0)  # tanh(0) everywhere: white
    doc.undo_stack.push(Delete(doc, ["h3"]))
    qtbot.waitUntil(lambda: "h3" not in maps.thumbnails)


def test_a_runs_live_weights_are_drawn_together_at_most_every_live_ms(xor, qtbot):
    doc, scene, maps = xor
    drawn = []
    scene.neuron_items["y"].set_thumbnail = lambda t: drawn.append(t)
    keys = [c.key for c in doc.network.connections]
    for k in range(1, 51):  # a run writing its weights 50 times in a row
        doc.set_weight_values(keys, np.full(len(keys), k / 25.0), source=TRAINING)
    assert maps.timer.isActive() and maps.timer.interval() == LIVE_MS and drawn == []
    qtbot.waitUntil(lambda: len(drawn) == 1)
    np.testing.assert_allclose(drawn[0].values, engine_outputs(doc)["y"], rtol=1e-12)  # the last
    doc.set_weights({("h1", "y"): 0.5})  # an edit is drawn at once (at the next event)
    assert maps.timer.interval() == 0


def test_off_removes_every_map_and_on_brings_them_back(xor):
    doc, scene, maps = xor
    maps.set_on(False)
    assert maps.thumbnails == {}
    assert all(item.thumbnail is None for item in scene.neuron_items.values())
    maps.set_on(True)
    for nid, values in engine_outputs(doc).items():
        assert_map_shows(scene.neuron_items[nid], values, 0.0, 1.0)


# ---- where they are offered ----------------------------------------------------------
def layered(sizes):
    net = Network()
    layers = []
    for li, n in enumerate(sizes):
        role = "input" if li == 0 else "output" if li == len(sizes) - 1 else "hidden"
        layers.append([net.add_neuron(f"n{li}_{i}", role, None if li == 0 else "sigmoid",
                                      position=(li * 150.0, i * 80.0)).id for i in range(n)])
    for li in range(1, len(sizes)):
        for t in layers[li]:
            for s in layers[li - 1]:
                net.connect(s, t, 0.1)
    doc = Document()
    doc.file.network = net
    return doc


def test_why_a_network_gets_no_maps(qapp):
    assert why_not(None) == "No network is open."
    assert why_not(layered((2, 8, 8, 1))) == ""
    assert why_not(layered((1, 3, 1))) == ""
    assert why_not(layered((3, 2, 1))) == ("Heat maps need a network with one or two inputs; "
                                           "this one has 3.")
    assert why_not(Document()).endswith("this one has none.")
    assert why_not(layered((2, MAX_NEURONS - 1, 1))) == ""
    assert why_not(layered((2, MAX_NEURONS, 1))) == (
        "Heat maps are drawn for up to 60 hidden and output neurons; this network has 61.")
    assert why_not(layered((2, 40, 30, 1))) == (  # 1,310 connections: drawn in bulk
        "Heat maps are drawn on networks of up to 1,000 connections; this one has 1,310.")


def test_a_three_input_network_has_none_and_says_why(qapp, qtbot):
    doc = layered((3, 2, 1))
    scene, maps = open_maps(doc)
    assert maps.reason.startswith("Heat maps need a network with one or two inputs")
    assert maps.thumbnails == {}
    assert all(item.thumbnail is None for item in scene.neuron_items.values())
    with qtbot.waitSignal(maps.availability_changed) as told:
        maps.set_document(layered((2, 2, 1)))
    assert told.args == [""] and set(maps.thumbnails) == {"n1_0", "n1_1", "n2_0"}


# ---- drawn in the disc ---------------------------------------------------------------
def rgb_at(image: QImage, x: float, y: float) -> tuple:
    return QColor(image.pixel(int(x), int(y))).getRgb()[:3]


def map_at(image: QImage, dx: float, dy: float, radius: float) -> tuple:
    """The map's pixel drawn at (dx, dy) from the centre of a disc of `radius`."""
    return rgb_at(image, (dx + radius) / (2 * radius) * image.width(),
                  (dy + radius) / (2 * radius) * image.height())


def near(a, b, tolerance=6) -> bool:  # resampled twice: smoothed over a pixel or two
    return max(abs(x - y) for x, y in zip(a, b)) <= tolerance


OFF_CENTRE = [(-14, 9), (12, -11), (-6, -15), (11, 10)]  # clear of the glyph


def test_the_disc_shows_the_map_and_a_step_through_fill_as_a_ring(xor):
    doc, scene, maps = xor
    item = scene.neuron_items["h1"]
    image = item.thumbnail.image
    radius = R - style.NEURON_OUTLINE / 2
    picture = render(scene, item.pos())
    for dx, dy in OFF_CENTRE:
        assert near(rgb_at(picture, 40 + dx, 40 + dy), map_at(image, dx, dy, radius)), (dx, dy)
    fill = QColor("#7c5cd6")
    item.set_values([], fill)  # as the step-through fills it
    picture = render(scene, item.pos())
    assert rgb_at(picture, 40 + R - 4, 40) == fill.getRgb()[:3]  # the ring
    inner = radius - VALUE_RING  # the map inside it, smaller
    for dx, dy in OFF_CENTRE:
        assert near(rgb_at(picture, 40 + dx, 40 + dy), map_at(image, dx, dy, inner)), (dx, dy)
    item.set_values([], None)
    maps.set_on(False)
    plain = rgb_at(render(scene, item.pos()), 40 - 14, 40 + 9)
    assert plain == style.role_fill("hidden", scene.palette()).getRgb()[:3]


def test_the_glyph_stays_over_the_picture(xor):
    doc, scene, maps = xor
    item = scene.neuron_items["y"]
    text = style.text_color(scene.palette()).getRgb()[:3]
    def darkest(picture):  # the glyph is the darkest thing in the middle of the disc
        return min((rgb_at(picture, x, y) for x in range(32, 48) for y in range(32, 48)),
                   key=sum)
    assert near(darkest(render(scene, item.pos())), text, 40)
    maps.set_on(False)
    assert near(darkest(render(scene, item.pos())), text, 40)


def test_zoomed_out_to_dots_the_maps_are_left_out(xor):
    doc, scene, maps = xor
    where = scene.neuron_items["y"].pos()
    dots = 0.9 * style.MIN_TEXT_PIXELS / style.NAME_PIXELS
    with_maps, readable = render(scene, where, dots, half=200), render(scene, where, 0.5)
    maps.set_on(False)
    assert render(scene, where, dots, half=200) == with_maps
    assert render(scene, where, 0.5) != readable  # a little larger, they show


def test_the_tooltip_says_what_the_picture_shows(xor, qtbot):
    doc, scene, maps = xor
    item = scene.neuron_items["h1"]
    assert item.toolTip() == ("h1 (hidden)\nσ(z) = 1 / (1 + e^(−z))\nInside: its output over "
                              "x1 (across) and x2 (up); blue 0, white 0.5, orange 1")
    doc.undo_stack.push(SetNeuron(doc, "h1", "activation", "identity"))
    qtbot.waitUntil(lambda: maps.thumbnails["h1"].levels != (0.0, 1.0))
    # identity: 0.25 x1 + 0.2 x2 + 1 is largest at (1.25, 1.25): 1.5625
    assert item.toolTip().endswith("blue −1.562, white 0, orange 1.562")
    maps.set_on(False)
    assert item.toolTip() == "h1 (hidden)\nf(z) = z"


def test_a_one_input_tooltip_names_the_curve(qapp):
    doc = Document.open(paths.example("seed-002-network"))
    scene, maps = open_maps(doc)
    net = doc.network
    nid = net.ids("output")[0]
    (x,) = [net.neurons[i].name for i in net.ids("input")]
    assert scene.neuron_items[nid].toolTip().splitlines()[-1].startswith(
        f"Inside: its output (the curve, up: higher) over {x} (across); ")

"""A network too big for an item per connection: the canvas paints its connections in
bulk, and gives items only to the connections that are selected or readable in view.
Every gesture a small network takes works on it, with real mouse events."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF

import mouse
from editing import Bench
from netsim.canvas import network_drawing, style
from netsim.canvas.network_view import MIN_SCALE
from netsim.document import Document
from netsim.document.commands import SetWeight
from netsim.engine import Network
from netsim.engine.dataset import Dataset
from netsim.engine.layout import auto_layout
from netsim.io.fileformat import NetworkFile

EDGE = style.NEURON_RADIUS + style.NEURON_OUTLINE / 2


def layered(sizes: list[int]) -> Document:
    """Fully connected layers with a bias neuron per layer, weights from a fixed seed."""
    rng = np.random.default_rng(7)
    net = Network()
    layers = []
    for depth, n in enumerate(sizes):
        role = "input" if depth == 0 else "output" if depth == len(sizes) - 1 else "hidden"
        layers.append([net.add_neuron(f"n{depth}_{i}", role,
                                      None if role == "input" else "sigmoid").id
                       for i in range(n)])
    for depth in range(1, len(sizes)):
        bias = net.add_neuron(f"b{depth}", "bias").id
        for t in layers[depth]:
            for s in layers[depth - 1] + [bias]:
                net.connect(s, t, float(rng.uniform(-1, 1)))
    for nid, at in auto_layout(net).items():
        net.neurons[nid].position = at
    rows = np.hstack([rng.uniform(0, 1, (4, sizes[0])), np.eye(sizes[-1])[[0, 1, 0, 1] if sizes[-1] > 1 else [0] * 4]])
    return Document(NetworkFile(net, Dataset(layers[0], layers[-1], rows)))


@pytest.fixture
def bench(qtbot):
    return Bench(qtbot, layered([3, 30, 30, 2]))  # 1,112 connections


def segment(arrays, key):
    i = arrays.index[key]
    return QPointF(*arrays.tail[i]), QPointF(*arrays.tip[i])


def in_view(bench) -> set:
    """The connections whose segments' boxes meet what the view shows, worked out
    here one by one from the neuron positions."""
    rect = bench.view.mapToScene(bench.view.viewport().rect()).boundingRect()
    out = set()
    for c in bench.network.connections:
        a = np.array(bench.network.neurons[c.source].position)
        b = np.array(bench.network.neurons[c.target].position)
        u = (b - a) / np.hypot(*(b - a))
        tail, tip = a + u * EDGE, b - u * (EDGE + style.ARROW_GAP)
        if min(tail[0], tip[0]) <= rect.right() and max(tail[0], tip[0]) >= rect.left() and \
                min(tail[1], tip[1]) <= rect.bottom() and max(tail[1], tip[1]) >= rect.top():
            out.add(c.key)
    return out


def test_a_big_network_is_painted_by_one_layer_with_no_item_per_connection(bench):
    bench.view.fit()
    scene = bench.scene
    assert len(bench.network.connections) == 1112 > network_drawing.SMALL_NETWORK
    assert scene.layer is not None and scene.connection_items == {}
    arrays = scene.layer.arrays
    assert arrays.keys == [c.key for c in bench.network.connections]
    np.testing.assert_array_equal(arrays.weight, [c.weight for c in bench.network.connections])
    # the segment runs from the source circle's edge to just short of the target's
    a = np.array(bench.network.neurons["n0_0"].position)
    b = np.array(bench.network.neurons["n1_0"].position)
    u = (b - a) / np.hypot(*(b - a))
    tail, tip = segment(arrays, ("n0_0", "n1_0"))
    assert (tail.x(), tail.y()) == pytest.approx(tuple(a + u * EDGE), abs=1e-9)
    assert (tip.x(), tip.y()) == pytest.approx(tuple(b - u * (EDGE + style.ARROW_GAP)), abs=1e-9)
    bench.view.grab()  # painted without fault


def test_lines_that_would_cover_their_band_over_and_over_are_a_band(bench, monkeypatch):
    bench.view.fit()
    layer = bench.scene.layer
    monkeypatch.setattr("netsim.canvas.connection_layer.MAX_COVER", 1e9)
    bench.view.grab()
    assert list(layer.drawn_as_lines) == [0, 1, 2]
    monkeypatch.setattr("netsim.canvas.connection_layer.MAX_COVER", 1e-9)
    bench.view.grab()
    assert list(layer.drawn_as_lines) == []


def test_bundles_too_costly_for_lines_are_drawn_as_bands(bench, monkeypatch):
    bench.view.fit()
    layer = bench.scene.layer
    count, _, _ = layer.arrays.bundle_summary()
    assert list(count) == [4 * 30, 31 * 30, 31 * 2]  # inputs and bias, hidden, output
    bands = []
    monkeypatch.setattr(type(layer), "_paint_band", lambda self, painter, b, palette:
                        bands.append(b))
    monkeypatch.setattr("netsim.canvas.connection_layer.LINE_BUDGET", 1.0)
    bench.view.grab()
    assert len(layer.drawn_as_lines) == 0 and bands == [0, 1, 2]


def test_zoomed_in_the_connections_in_view_get_items_and_labels_and_lose_them_again(bench):
    view, scene = bench.view, bench.scene
    view.reset_zoom()
    view.centerOn(QPointF(*bench.network.neurons["n3_0"].position))
    while len(in_view(bench)) > network_drawing.ITEM_LIMIT:
        view.zoom_in()
    wanted = in_view(bench)
    assert 0 < len(wanted) <= network_drawing.ITEM_LIMIT
    assert set(scene.connection_items) == wanted
    key = sorted(wanted)[0]
    item = scene.connection_items[key]
    assert item.label.isVisible()
    assert item.label.text == style.format_weight(bench.network.connection(*key).weight)
    hidden = scene.layer.hidden
    assert {scene.layer.arrays.keys[i] for i in np.flatnonzero(hidden)} == wanted
    view.fit()
    assert scene.connection_items == {} and not scene.layer.hidden.any()


def test_a_click_on_a_line_selects_its_connection_and_a_click_elsewhere_lets_it_go(bench):
    view, scene = bench.view, bench.scene
    view.fit()
    view.zoom_by(1.0 / view.zoom())  # lines, but too many to give items
    key = ("n0_1", "n1_29")
    tail, tip = segment(scene.layer.arrays, key)
    view.centerOn((tail + tip) / 2)
    assert scene.connection_items == {}
    bench.view.grab()  # the layer decides what it draws as lines as it paints
    assert scene.layer.arrays.bundle[scene.layer.arrays.index[key]] in scene.layer.drawn_as_lines
    point = tail + (tip - tail) * 0.5
    others = scene.layer.arrays
    # the nearest line to the point is the one meant (no other runs through it)
    assert others.nearest(point.x(), point.y(), 1e-6, np.arange(len(others))) == others.index[key]
    mouse.click(view, point)
    assert scene.selection() == ([], [key])
    assert scene.connection_items[key].isSelected()
    empty = QPointF(tail.x() - 200, tail.y() - 2000)
    mouse.click(view, empty)
    assert scene.selection() == ([], [])
    assert key not in scene.connection_items


def test_a_weight_change_and_its_undo_reach_the_layer(bench):
    bench.view.fit()
    key = ("n1_3", "n2_4")
    arrays = bench.scene.layer.arrays
    i = arrays.index[key]
    old = bench.network.connection(*key).weight
    arrays.bundle_summary()  # as the last paint summed them
    bench.stack.push(SetWeight(bench.doc, key, 2.5))
    assert arrays.weight[i] == 2.5
    bundle = arrays.bundle[i]
    weights = np.array([c.weight for c in bench.network.connections])[arrays.bundle == bundle]
    count, share, mean = arrays.bundle_summary()  # the band's colour and opacity follow
    assert mean[bundle] == pytest.approx(np.abs(weights).mean(), abs=1e-12)
    assert share[bundle] == pytest.approx(weights[weights > 0].sum() / np.abs(weights).sum(),
                                          abs=1e-12)
    bench.stack.undo()
    assert arrays.weight[i] == old
    weights = np.array([c.weight for c in bench.network.connections])[arrays.bundle == bundle]
    assert arrays.bundle_summary()[2][bundle] == pytest.approx(np.abs(weights).mean(), abs=1e-12)


def test_a_run_s_live_weights_reach_the_bands(bench):
    from netsim.document.document import TRAINING
    bench.view.fit()
    arrays = bench.scene.layer.arrays
    arrays.bundle_summary()
    keys = [c.key for c in bench.network.connections]
    bench.doc.set_weight_values(keys, np.full(len(keys), -0.5), source=TRAINING)
    count, share, mean = arrays.bundle_summary()
    assert list(share) == [0.0, 0.0, 0.0] and list(mean) == [0.5, 0.5, 0.5]


def test_dragging_a_neuron_moves_its_lines_and_the_document(bench):
    bench.view.fit()
    nid = "n2_10"
    start = QPointF(*bench.network.neurons[nid].position)
    end = start + QPointF(0, 300)
    view = bench.view
    view.zoom_by(0.5 / view.zoom())
    view.centerOn((start + end) / 2)
    mouse.drag(view, start, end)
    assert bench.network.neurons[nid].position == pytest.approx((end.x(), end.y()), abs=1.0)
    arrays = bench.scene.layer.arrays
    moved = np.array(bench.network.neurons[nid].position)
    source = np.array(bench.network.neurons["n1_0"].position)
    u = (moved - source) / np.hypot(*(moved - source))
    _, tip = segment(arrays, ("n1_0", nid))
    assert (tip.x(), tip.y()) == pytest.approx(tuple(moved - u * (EDGE + style.ARROW_GAP)), abs=1e-6)


def test_hovering_or_selecting_a_neuron_highlights_its_fan(bench):
    view, scene = bench.view, bench.scene
    view.fit()
    nid = "n1_7"
    at = QPointF(*bench.network.neurons[nid].position)
    mouse.move(view, at, buttons=mouse.NONE)
    assert scene.layer.fan_of == [nid]
    fan = {scene.layer.arrays.keys[i] for i in scene.layer._fan}
    assert fan == {c.key for c in bench.network.incoming(nid) + bench.network.outgoing(nid)}
    mouse.click(view, at)
    assert scene.selection() == ([nid], [])
    mouse.move(view, at + QPointF(5000, 5000), buttons=mouse.NONE)
    assert scene.layer.fan_of == [nid]  # still selected


def test_zoom_out_from_a_fit_below_the_least_zoom_zooms_out(bench):
    view = bench.view
    view.resize(120, 90)
    view.fit()
    fitted = view.zoom()
    assert fitted < MIN_SCALE
    view.zoom_out()
    assert view.zoom() == pytest.approx(fitted / 1.25)
    for _ in range(3):
        view.zoom_out()
    assert view.zoom() == pytest.approx(fitted / 2)  # no farther than half the fit
    view.zoom_in()
    assert view.zoom() == pytest.approx(fitted / 2 * 1.25)


def test_deleting_a_neuron_rebuilds_the_layer(bench):
    bench.view.fit()
    mouse.click(bench.view, QPointF(*bench.network.neurons["n1_2"].position))
    bench.key(mouse.Qt.Key.Key_Delete)
    assert "n1_2" not in bench.network.neurons
    keys = [c.key for c in bench.network.connections]
    assert bench.scene.layer.arrays.keys == keys and len(keys) == 1112 - 3 - 1 - 30
    bench.stack.undo()
    assert bench.scene.layer.arrays.keys == [c.key for c in bench.network.connections]
    assert len(bench.scene.layer.arrays) == 1112


def test_a_network_shrinking_below_the_limit_gets_an_item_per_connection_again(bench):
    small = layered([2, 3, 1])
    bench.doc.undo_stack.clear()
    bench.scene.set_network(small.network)
    assert bench.scene.layer is None
    assert set(bench.scene.connection_items) == {c.key for c in small.network.connections}


def test_the_view_reports_what_it_shows(bench):
    view = bench.view
    view.reset_zoom()
    view.centerOn(QPointF(0, 0))
    rect, zoom = bench.scene._view
    assert zoom == 1.0
    assert rect == view.mapToScene(view.viewport().rect()).boundingRect()
    assert isinstance(rect, QRectF)


def test_zoomed_out_the_neurons_are_discs_painted_in_one_go(bench):
    from PySide6.QtWidgets import QGraphicsItem
    from netsim.canvas.neuron_dots import DOT_ZOOM
    view, scene = bench.view, bench.scene
    no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    view.reset_zoom()
    assert not scene.dots.on
    assert not any(i.flags() & no_contents for i in scene.neuron_items.values())
    view.zoom_by(DOT_ZOOM * 0.9)
    assert scene.dots.on
    assert all(i.flags() & no_contents for i in scene.neuron_items.values())
    nid = "n3_1"
    view.centerOn(QPointF(*bench.network.neurons[nid].position))
    image = view.grab().toImage()
    centre = mouse.at(view, QPointF(*bench.network.neurons[nid].position)).toPoint()
    fill = style.role_fill("output", view.palette())
    assert fill.rgb() != style.base_color(view.palette()).rgb()
    assert image.pixelColor(centre).rgb() == fill.rgb()
    mouse.click(view, QPointF(*bench.network.neurons[nid].position))  # still clickable
    assert scene.selection() == ([nid], [])
    view.reset_zoom()
    assert not scene.dots.on
    assert not any(i.flags() & no_contents for i in scene.neuron_items.values())


def test_while_a_big_network_trains_its_neurons_show_their_outputs(qtbot, tmp_path):
    from netsim.app.live_outputs import SHADES, LiveOutputs
    from netsim.document.document import TRAINING
    from netsim.engine.trace import trace
    doc = layered([3, 30, 30, 2])
    bench = Bench(qtbot, doc)
    live = LiveOutputs(bench.scene, lambda: 2)
    live.set_document(doc)
    live.set_running(True)
    weights = {c.key: c.weight * 0.5 for c in doc.network.connections}
    doc.set_weights(weights, source=TRAINING)
    expected = trace(doc.network, doc.dataset, 2)
    palette = bench.scene.palette()
    for nid, item in bench.scene.neuron_items.items():
        if doc.network.neurons[nid].role == "bias":
            assert item.value_fill is None
        else:
            out = expected.neurons[nid].output
            assert live.shown[nid] == pytest.approx(out, abs=1e-12)
            step = round(live.shown[nid] * SHADES) / SHADES  # a few steps of colour
            assert item.value_fill == style.output_fill(step, palette)
    live.set_running(False)
    assert all(item.value_fill is None for item in bench.scene.neuron_items.values())
    small = layered([2, 3, 1])  # a small network keeps its own colours
    bench.scene.set_network(small.network)
    live.set_document(small)
    live.set_running(True)
    small.set_weights({c.key: 0.1 for c in small.network.connections}, source=TRAINING)
    assert live.shown == {}


def test_a_diverged_run_s_weights_are_drawn_without_a_fault(bench):
    keys = [c.key for c in bench.network.connections]
    values = np.where(np.arange(len(keys)) % 3 == 0, np.nan,
                      np.where(np.arange(len(keys)) % 3 == 1, np.inf, -np.inf))
    bench.doc.set_weight_values(keys, values)
    for zoom in (None, 0.3, 2.0):  # bands, lines, items (Qt warnings fail the test)
        if zoom is None:
            bench.view.fit()
        else:
            bench.view.zoom_by(zoom / bench.view.zoom())
        bench.view.grab()
    count, share, mean = bench.scene.layer.arrays.bundle_summary()
    assert np.isfinite(share).all() and np.isfinite(mean).all()


def test_new_positions_for_every_neuron_reach_the_layer_and_the_discs(bench):
    from netsim.document.commands import SetPositions
    bench.view.fit()
    new = {nid: (n.position[0] + 37.0, n.position[1] - 11.0)
           for nid, n in bench.network.neurons.items()}
    bench.stack.push(SetPositions(bench.doc, new, "Auto Layout"))
    arrays = bench.scene.layer.arrays
    a, b = np.array(new["n1_0"]), np.array(new["n2_3"])
    u = (b - a) / np.hypot(*(b - a))
    tail, tip = segment(arrays, ("n1_0", "n2_3"))
    assert (tail.x(), tail.y()) == pytest.approx(tuple(a + u * EDGE), abs=1e-9)
    assert (tip.x(), tip.y()) == pytest.approx(tuple(b - u * (EDGE + style.ARROW_GAP)), abs=1e-9)
    i = bench.scene.dots._order.index(bench.scene.neuron_items["n2_3"])
    assert tuple(bench.scene.dots._at[i]) == new["n2_3"]

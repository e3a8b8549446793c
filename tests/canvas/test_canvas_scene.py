import itertools

import pytest
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from netsim import paths
from netsim.canvas import style
from netsim.canvas.connection_item import ConnectionItem
from netsim.canvas.network_scene import NetworkScene
from netsim.canvas.neuron_item import NeuronItem
from netsim.engine.layout import auto_layout
from netsim.engine.network import Network
from netsim.io.fileformat import load

EXAMPLES = paths.examples()


def example_network(name: str) -> Network:
    return load(paths.example(name)).network


@pytest.fixture
def scene(qapp):
    s = NetworkScene()
    yield s
    s.clear()


def render(scene: NetworkScene, rect: QRectF) -> QImage:
    """`rect` of the scene drawn 1:1 onto a white image."""
    image = QImage(int(rect.width()), int(rect.height()), QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()
    return image


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_one_item_per_neuron_and_connection(scene, path):
    net = load(path).network
    scene.set_network(net)
    neurons = [i for i in scene.items() if isinstance(i, NeuronItem)]
    connections = [i for i in scene.items() if isinstance(i, ConnectionItem)]
    assert len(neurons) == len(net.neurons)
    assert set(scene.neuron_items) == set(net.neurons)
    if scene.layer is not None:  # a big network (digits): its connections in one layer
        assert connections == [] and scene.layer.arrays.keys == [c.key for c in net.connections]
    else:
        assert len(connections) == len(net.connections)
        assert set(scene.connection_items) == {c.key for c in net.connections}
    for nid, item in scene.neuron_items.items():
        assert (item.x(), item.y()) == tuple(net.neurons[nid].position)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_labels_do_not_overlap_each_other_or_neurons(scene, path):
    scene.set_network(load(path).network)
    pills = [item.label.sceneBoundingRect() for item in scene.connection_items.values()]
    for a, b in itertools.combinations(pills, 2):
        assert not a.intersects(b)
    for neuron in scene.neuron_items.values():
        circle = neuron.shape().boundingRect().translated(neuron.pos())
        name = neuron.name_rect().translated(neuron.pos())
        for pill in pills:
            assert not pill.intersects(circle)
            assert not pill.intersects(name)


def test_neuron_colours_follow_the_role(scene):
    scene.set_network(example_network("two-two-two"))
    r = style.NEURON_RADIUS
    expected = {"i1": "green", "b1": "blue", "o1": "red", "h1": "grey"}
    for nid, hue in expected.items():
        item = scene.neuron_items[nid]
        box = QRectF(item.x() - r - 4, item.y() - r - 4, 2 * r + 8, 2 * r + 8)
        image = render(scene, box)
        centre = image.width() // 2
        ring = image.pixelColor(int(centre + r), centre)  # on the outline, right side
        fill = image.pixelColor(centre, int(centre - 0.6 * r))  # inside, above the glyph
        channels = {"red": ring.red(), "green": ring.green(), "blue": ring.blue()}
        if hue == "grey":
            assert max(channels.values()) - min(channels.values()) < 12
            assert ring.lightness() < 200
            assert min(fill.red(), fill.green(), fill.blue()) > 225  # white-ish
        else:
            assert max(channels, key=channels.get) == hue
            others = [v for k, v in channels.items() if k != hue]
            assert channels[hue] > max(others) + 40
        assert item.role == example_network("two-two-two").neurons[nid].role


def test_glyphs_show_activation_and_bias_one(scene):
    scene.set_network(example_network("seed-002-network"))
    glyphs = {nid: item.glyph for nid, item in scene.neuron_items.items()}
    assert glyphs["n2"] == glyphs["n5"] == glyphs["n8"] == "1"
    assert glyphs["n3"] == "σ"
    assert glyphs["n4"] == "tanh"
    assert glyphs["n6"] == "ReLU"
    assert glyphs["n9"] == "id"
    assert scene.neuron_items["n3"].name == "3"


def test_weight_text_shows_the_weight_and_the_label(scene):
    scene.set_network(example_network("two-two-two"))
    assert scene.connection_items[("i1", "h1")].label.text == "w1 = 0.15"
    assert scene.connection_items[("b2", "o2")].label.text == "w12 = 0.6"
    scene.set_network(example_network("xor-from-or-nand-and"))
    assert scene.connection_items[("b", "nand")].label.text == "30"
    assert scene.connection_items[("x1", "nand")].label.text == "\u221220"


def test_refresh_updates_items_in_place(scene):
    net = example_network("xor-worked-example")
    scene.set_network(net)
    item = scene.connection_items[("x1", "h1")]
    label = item.label
    neuron = scene.neuron_items["h1"]
    width_before = item.pen_width()
    colour_before = item.color().name()
    net.set_weight("x1", "h1", -3.25)
    scene.refresh()
    assert scene.connection_items[("x1", "h1")] is item
    assert item.label is label
    assert scene.neuron_items["h1"] is neuron
    assert label.text == "\u22123.25"
    assert item.pen_width() > width_before
    assert item.color().name() != colour_before
    assert item.color().name() == style.weight_color(-1, scene.palette()).name()


def test_refresh_follows_frozen_flag_labels_and_activation(scene):
    net = example_network("xor-worked-example")
    scene.set_network(net)
    net.connection("h1", "y").trainable = False
    net.connection("h1", "y").label = "v1"
    net.set_activation("h2", "relu")
    scene.refresh()
    assert scene.connection_items[("h1", "y")].trainable is False
    assert scene.connection_items[("h1", "y")].label.text == "v1 = 0.3"
    assert scene.neuron_items["h2"].glyph == "ReLU"


def test_refresh_adds_and_removes_items_for_structural_changes(scene):
    net = example_network("xor-worked-example")
    scene.set_network(net)
    kept = scene.neuron_items["x1"]
    net.disconnect("x2", "h2")
    net.add_neuron("h3", "hidden", position=(240.0, 320.0))
    net.connect("h3", "y", 0.5)
    scene.refresh()
    assert ("x2", "h2") not in scene.connection_items
    assert ("h3", "y") in scene.connection_items
    assert scene.neuron_items["x1"] is kept
    assert len([i for i in scene.items() if isinstance(i, ConnectionItem)]) == len(net.connections)
    net.remove_neuron("h3")
    scene.refresh()
    assert "h3" not in scene.neuron_items
    assert len([i for i in scene.items() if isinstance(i, NeuronItem)]) == len(net.neurons)


def test_network_without_positions_is_laid_out(scene):
    net = example_network("seed-002-network")
    for neuron in net.neurons.values():
        neuron.position = None
    scene.set_network(net)
    layout = auto_layout(net)
    for nid, item in scene.neuron_items.items():
        assert (item.x(), item.y()) == layout[nid]
    circles = [i.sceneBoundingRect() for i in scene.neuron_items.values()]
    for a, b in itertools.combinations(circles, 2):
        assert not a.intersects(b)


def test_arrows_run_from_circle_edge_to_circle_edge(scene):
    scene.set_network(example_network("xor-worked-example"))
    item = scene.connection_items[("x1", "h1")]  # horizontal, (0, 0) -> (240, 0)
    line = item.segment()
    edge = style.NEURON_RADIUS + style.NEURON_OUTLINE / 2
    assert line.p1() == QPointF(edge, 0)
    assert line.p2() == QPointF(240 - edge - style.ARROW_GAP, 0)


def test_moving_a_neuron_moves_its_arrows(scene):
    scene.set_network(example_network("xor-worked-example"))
    item = scene.connection_items[("x1", "h1")]
    scene.neuron_items["h1"].setPos(240, 100)
    assert item.segment().p2().y() > 50


def test_show_weights_toggle(scene):
    scene.set_network(example_network("two-two-two"))
    assert scene.show_weights
    scene.set_show_weights(False)
    assert not any(i.label.isVisible() for i in scene.connection_items.values())
    scene.set_network(example_network("xor-worked-example"))  # the choice survives
    assert not any(i.label.isVisible() for i in scene.connection_items.values())
    scene.set_show_weights(True)
    assert all(i.label.isVisible() for i in scene.connection_items.values())


def test_set_network_none_clears(scene):
    scene.set_network(example_network("two-two-two"))
    scene.set_network(None)
    assert scene.items() == []
    assert scene.neuron_items == {} and scene.connection_items == {}


def test_labels_of_arrows_between_far_neurons_take_little_memory(scene):
    # x1 and y 200,000 units apart on a diagonal: the arrow's box covers 2,500² cells of
    # the label grid, which used to be filed one by one (about a gigabyte; a file with a
    # neuron at y = 3e9 took the machine's 24 GB). Only the cells a label can look at are
    # filed now.
    import tracemalloc
    net = example_network("xor-worked-example")
    net.neurons["x1"].position = (-100_000.0, -100_000.0)
    net.neurons["y"].position = (100_000.0, 100_000.0)
    tracemalloc.start()
    scene.set_network(net)
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 10 * 2 ** 20
    assert len(scene.connection_items) == 9


def test_a_long_name_is_cut_on_the_canvas_and_whole_in_the_tooltip(scene):
    # A label of a million characters made the network as wide as its text, and fitting
    # it in the window shrank every neuron out of sight.
    from netsim.canvas.neuron_item import NAME_WIDTH
    net = example_network("xor-worked-example")
    net.neurons["h1"].label = "L" * 1_000_000
    scene.set_network(net)
    item = scene.neuron_items["h1"]
    assert item.shown_name.endswith("\u2026") and item.shown_name.startswith("LLLL")
    assert item.boundingRect().width() <= NAME_WIDTH + 4
    assert scene.network_rect().width() < 1000
    assert "L" * 1_000_000 in item.toolTip()
    assert scene.neuron_items["h2"].shown_name == "h2"

"""The step-through numbers on the canvas: drawn by the scene's own items, updated in place,
on two colour scales, never over the weight labels, and gone without a trace after clear()."""
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from netsim import paths
from netsim.canvas import style
from netsim.canvas.legend import ValueLegend
from netsim.canvas.network_scene import NetworkScene
from netsim.canvas.value_overlay import ValueOverlay, connection_detail, neuron_lines
from netsim.document import Document
from netsim.engine.step_values import number
from netsim.engine.stepper import Stepper

EXAMPLES = [p.stem for p in paths.examples()]


def open_scene(name="xor-worked-example"):
    doc = Document.open(paths.example(name))
    scene = NetworkScene()
    scene.set_document(doc)
    return scene, doc


@pytest.fixture
def xor(qapp):
    scene, doc = open_scene()
    yield scene, doc, ValueOverlay(scene), Stepper(doc.network, doc.dataset, 0.5)
    scene.set_document(None)


def render(scene: NetworkScene) -> QImage:
    rect = QRectF(-120, -120, 760, 560)
    image = QImage(760, 560, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    return image


def labels(scene):
    return {k: (i.label.pos(), i.label.pill_rect(), i.label.text)
            for k, i in scene.connection_items.items()}


def test_clear_gives_back_the_same_canvas(xor):
    scene, doc, overlay, stepper = xor
    picture, placed = render(scene), labels(scene)
    items = dict(scene.neuron_items), dict(scene.connection_items)
    for _ in stepper.stages:
        stepper.step()
        overlay.show(stepper, animate=True)
    assert render(scene) != picture
    assert (dict(scene.neuron_items), dict(scene.connection_items)) == items  # in place
    overlay.clear()
    assert render(scene) == picture and labels(scene) == placed
    assert not overlay.pulsing()


def test_items_show_the_texts_of_the_stage(xor):
    scene, doc, overlay, stepper = xor
    for _ in range(3):
        stepper.step()
    overlay.show(stepper)
    h1 = stepper.trace.neurons["h1"]
    assert scene.neuron_items["h1"].value_text() == \
        f"net {number(h1.net)} \u00b7 out {number(h1.output)}"
    assert scene.neuron_items["h1"].value_text() == "\n".join(
        t for t, _ in neuron_lines(stepper, "h1"))
    for key, item in scene.connection_items.items():
        assert item.label.detail == connection_detail(stepper, key)[0]
    assert scene.connection_items["h1", "y"].label.detail == \
        f"w\u00b7x {number(0.3 * h1.output)}"


def test_the_fill_shows_the_output_then_delta(xor):
    scene, doc, overlay, stepper = xor
    palette = scene.palette()
    for _ in range(3):  # through forward 2
        stepper.step()
    overlay.show(stepper)
    t = stepper.trace
    for nid in ("x1", "x2", "h1", "h2", "y"):
        assert scene.neuron_items[nid].value_fill == style.output_fill(t.neurons[nid].output, palette)
    assert scene.neuron_items["b"].value_fill is None  # always 1: nothing to show
    stepper.step()
    stepper.step()  # backward 2: the output's delta; the hidden ones are not known yet
    overlay.show(stepper)
    scale = max(abs(n.delta) for n in t.neurons.values() if n.delta is not None)
    assert scene.neuron_items["y"].value_fill == style.push_fill(t.neurons["y"].delta, scale, palette)
    assert scene.neuron_items["h1"].value_fill is None
    assert scene.neuron_items["x1"].value_fill == style.output_fill(1.0, palette)
    gradient = stepper.connection(("h1", "y")).gradient
    assert scene.connection_items["h1", "y"].label.detail_color == style.push_color(-gradient, palette)


def test_the_scales():
    light = NetworkScene().palette()
    base = style.base_color(light)
    assert style.output_fill(0.0, light) == base
    assert style.output_fill(1.0, light) == style.output_fill(5.0, light)  # saturates at 1
    assert style.output_fill(-0.5, light) != style.output_fill(0.5, light)
    assert style.push_fill(0.0, 1.0, light) == base and style.push_strength(1.0, 0.0) == 0.0
    assert style.push_strength(0.25, 1.0) == pytest.approx(0.5)
    assert style.push_color(1.0, light) != style.push_color(-1.0, light)


@pytest.mark.parametrize("name", EXAMPLES)
def test_labels_keep_clear_of_the_numbers_at_every_stage(qapp, name):
    scene, doc = open_scene(name)
    if doc.dataset is None:
        pytest.skip("no dataset")
    overlay = ValueOverlay(scene)
    stepper = Stepper(doc.network, doc.dataset, doc.file.training.learning_rate,
                      doc.file.training.loss)
    for _ in stepper.stages:
        stepper.step()
        overlay.show(stepper)
        pills = [i.label.mapRectToScene(i.label.drawn_rect()) for i in scene.connection_items.values()]
        solid = [n.mapRectToScene(n.shape().boundingRect()) for n in scene.neuron_items.values()]
        solid += [n.tag.mapRectToScene(n.tag.drawn_rect()) for n in scene.neuron_items.values()
                  if n.tag is not None and n.tag.isVisible()]
        for pill in pills:
            for other in solid:
                overlap = pill.intersected(other)
                assert overlap.width() < 1 or overlap.height() < 1, (stepper.stage, pill, other)
            for other in pills:  # touching is allowed, covering is not
                if other is not pill:
                    assert pill.intersected(other).height() <= 1.5, (stepper.stage, pill, other)
    scene.set_document(None)


def test_a_frozen_connection_says_so(xor):
    scene, doc, overlay, stepper = xor
    doc.network.connection("h1", "y").trainable = False
    stepper = Stepper(doc.network, doc.dataset, 0.5)
    stepper.step_row()
    overlay.show(stepper)
    assert scene.connection_items["h1", "y"].label.detail == "0.3 frozen"


def test_pulses_run_from_tail_to_tip_forward_and_back_in_reverse(xor, qtbot):
    scene, doc, overlay, stepper = xor
    stepper.step()
    stepper.step()
    overlay.duration = 300
    overlay.show(stepper, animate=True)
    item = scene.connection_items["x1", "h1"]
    assert item.pulse.isVisible() and item.pulse.pos() == item.point_at(1.0)  # at the tail
    assert ("h1", "y") not in overlay.pulsing()
    qtbot.waitUntil(lambda: not overlay.pulsing(), timeout=2000)
    assert not item.pulse.isVisible()
    for _ in range(3):
        stepper.step()  # backward 2
    overlay.show(stepper, animate=True)
    item = scene.connection_items["h1", "y"]
    assert overlay.pulsing() == [("h1", "y"), ("h2", "y"), ("b", "y")]
    assert item.pulse.pos() == item.point_at(0.0)  # from the tip, backwards
    overlay.show(stepper)  # a redraw without animation stops them
    assert not overlay.pulsing() and not item.pulse.isVisible()


def test_the_legend_explains_both_scales(qtbot):
    legend = ValueLegend()
    qtbot.addWidget(legend)
    legend.resize(legend.sizeHint())
    assert legend.texts() == ["output: \u22121 \u2026 0 \u2026 1",
                              "\u03b4, \u2212\u2202J/\u2202w: shrink \u2026 0 \u2026 grow"]
    image = legend.grab().toImage()
    assert not image.isNull() and image.width() >= 200

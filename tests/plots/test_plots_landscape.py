"""LandscapeView against engine.landscape and gradcheck on the XOR worked example."""
import numpy as np
from PySide6.QtCore import Qt
import pytest

from netsim.document.document import Document
from netsim.engine import landscape
from netsim.engine.compiled import Compiled
from netsim.engine.gradcheck import mean_error, mean_gradient
from netsim.paths import example
from netsim.plots.landscape_view import HINT, LandscapeView, legend_entries, valley_text

KEY = ("h1", "y")


@pytest.fixture
def view(xor_view):
    return xor_view(LandscapeView)


def engine_numbers(doc):
    c = Compiled(doc.network, doc.dataset.inputs, doc.dataset.targets)
    index = [conn.key for conn in doc.network.connections].index(KEY)
    return mean_error(c, doc.dataset), mean_gradient(c, doc.dataset)[index]


def test_one_weight_curve_tangent_path(view):
    doc = view.doc
    assert view.rate.text() == "0.5" and view.steps.value() == 10
    assert view.hint.text() == HINT
    view.set_selection([], [KEY])
    w0 = doc.network.connection(*KEY).weight
    j0, slope = engine_numbers(doc)
    x, y = view.curve.getData()
    at = np.flatnonzero(x == w0)
    assert at.size == 1
    np.testing.assert_allclose(y[at[0]], j0, rtol=1e-12)
    assert x.min() <= w0 - 2 and x.max() >= w0 + 2
    tx, ty = view.tangent.getData()
    np.testing.assert_allclose((ty[1] - ty[0]) / (tx[1] - tx[0]), slope, rtol=1e-9)
    path = landscape.descent_path(doc.network, doc.dataset, KEY, 0.5, 10)
    px, py = view.descent.getData()
    np.testing.assert_allclose(px, path.weights[:, 0], rtol=1e-12)
    np.testing.assert_allclose(py, path.errors, rtol=1e-12)
    assert len(px) == 11 and view.curve.isVisible() and not view.image.isVisible()


def test_follows_rate_and_weights(view, qtbot):
    doc = view.doc
    view.set_selection([], [KEY])
    view.rate.setText("40")
    view.rate.editingFinished.emit()
    path = landscape.descent_path(doc.network, doc.dataset, KEY, 40, 10)
    np.testing.assert_allclose(view.descent.getData()[0], path.weights[:, 0])
    doc.set_weights({KEY: 1.5})
    qtbot.waitUntil(lambda: view.point.data["x"][0] == 1.5)
    view.rate.setText("fast")
    view.rate.editingFinished.emit()
    assert view.message.text() == "α: 'fast' is not a number." and not view.curve.isVisible()
    view.rate.setText("0.5, -2")
    view.rate.editingFinished.emit()
    assert "positive number" in view.message.text() and not view.descent.isVisible()


def test_one_path_per_learning_rate(view, qtbot):
    doc = view.doc
    view.set_selection([], [KEY])
    view.rate.clear()
    qtbot.keyClicks(view.rate, "0.05, 0.5, 5")
    qtbot.keyClick(view.rate, Qt.Key.Key_Return)
    assert [p.learning_rate for p in view.paths] == [0.05, 0.5, 5.0]
    for item, rate in zip(view.descents, (0.05, 0.5, 5)):
        path = landscape.descent_path(doc.network, doc.dataset, KEY, rate, 10)
        x, y = item.getData()
        np.testing.assert_allclose(x, path.weights[:, 0], rtol=1e-12)
        np.testing.assert_allclose(y, path.errors, rtol=1e-12)
        assert item.isVisible()
    assert not any(item.isVisible() for item in view.descents[3:])
    labels = legend_entries(view.paths)
    assert labels == [f"α = {p.learning_rate:g}: {p.errors[-1]:.4g}" for p in view.paths]
    assert labels[0].startswith("α = 0.05: 0.17")  # it crawls
    assert view.legend.startswith(f"J after 10 steps from {view.paths[0].errors[0]:.4g}:<br>")
    assert all(label in view.legend for label in labels)
    assert view.plot.getPlotItem().titleLabel.text == view.legend
    # the longest step moves the weight furthest: the curve's range holds every path
    cx = view.curve.getData()[0]
    assert cx.min() <= view.paths[2].weights.min() and cx.max() >= view.paths[2].weights.max()
    view.set_rates([0.5])
    assert view.rate.text() == "0.5" and len(view.paths) == 1
    assert view.legend == "" and view.plot.getPlotItem().titleLabel.isVisible() is False


def test_the_floor_and_what_its_curvature_says(view):
    doc = view.doc
    view.set_selection([], [KEY])
    ws = view.curve.getData()[0]
    floor = landscape.valley(doc.network, doc.dataset, KEY, ws)
    assert (view.valley.w, view.valley.curvature) == (floor.w, floor.curvature)
    assert list(view.floor.data["x"]) == [floor.w] and list(view.floor.data["y"]) == [floor.j]
    text = valley_text(floor).replace("\u00a0", " ")  # (no-break spaces hold "α = 5")
    assert text == (f"Floor w = {floor.w:.3g}, J″ = {floor.curvature:.3g}: steps "
                    f"overshoot for α > {1 / floor.curvature:.3g}, fly off for "
                    f"α > {2 / floor.curvature:.3g}.").replace("-", "\u2212")  # a real minus
    assert text == ("Floor w = \u22121.68, J″ = 0.0372: steps overshoot for α > 26.8, fly off "
                    "for α > 53.7.")
    assert view.floor_label.text().replace("\u00a0", " ") == text
    assert view.floor_label.isVisibleTo(view)
    view.set_selection([], [("x1", "h1")])  # J only falls towards one end: no floor
    assert view.valley is None and len(view.floor.data) == 0
    assert not view.floor_label.isVisibleTo(view)


def test_two_weights_surface_and_path(view):
    doc = view.doc
    other = ("h2", "y")
    view.set_selection(["h1"], [KEY, other])
    assert view.image.isVisible() and not view.curve.isVisible()
    path = landscape.descent_path_2d(doc.network, doc.dataset, KEY, other, 0.5, 10)
    px, py = view.path_2d.getData()
    np.testing.assert_allclose(px, path.weights[:, 0])
    np.testing.assert_allclose(py, path.weights[:, 1])
    image = view.image.image
    assert image.shape == (40, 40)
    rect = view.image.mapRectToParent(view.image.boundingRect())
    wa = np.linspace(rect.left(), rect.right(), 81)[1::2]  # pixel centres
    wb = np.linspace(rect.top(), rect.bottom(), 81)[1::2]
    i, j = 7, 23
    expected = landscape.surface(doc.network, doc.dataset, KEY, other, [wa[i]], [wb[j]])
    np.testing.assert_allclose(image[i, j], expected[0, 0], rtol=1e-9)
    view.set_selection([], [])
    assert view.hint.isVisibleTo(view) and not view.image.isVisible()


def test_a_path_that_flies_off_leaves_the_curve_readable(qtbot):
    # Seed 002's network along the output bias n8 → n9 (J'' = 1 at the floor): α = 5 flies
    # off, its tenth step at w ≈ −3.2e5 with J ≈ 5e10. The view keeps to the curve and
    # its tangent; the runaway points are off it.
    v = LandscapeView()
    qtbot.addWidget(v)
    v.set_document(Document.open(example("seed-002-network")))
    v.set_selection([], [("n8", "n9")])
    v.set_rates([0.02, 0.2, 5])
    flown = v.paths[2]
    assert flown.errors[-1] > 1e10 and abs(flown.weights[-1, 0]) > 1e5
    ws, js = v.curve.getData()
    _tx, tj = v.tangent.getData()
    (x0, x1), (y0, y1) = v.plot.getPlotItem().viewRange()
    assert x0 <= ws.min() and ws.max() <= x1 and x1 - x0 < 1.1 * (ws.max() - ws.min())
    low, high = min(js.min(), tj.min()), max(js.max(), tj.max())
    assert y0 <= low and high <= y1 and y1 - y0 < 1.1 * (high - low)


def test_the_heat_map_has_a_colour_scale_of_j(view):
    other = ("h2", "y")
    view.set_selection([], [KEY])
    assert not view.color_bar.isVisible()  # one weight: a curve, no colours
    view.set_selection([], [KEY, other])
    bar = view.color_bar
    assert bar.isVisible()
    image = view.image.image
    low, high = bar.levels()
    assert (low, high) == (image.min(), image.max()) == tuple(view.image.getLevels())
    assert bar.colorMap().name == view.image.getColorMap().name == "viridis"
    assert bar.getAxis("left").labelText == "error J"
    assert bar.axis.isVisible() and tuple(bar.axis.range) == pytest.approx((low, high))  # ticks read J
    view.set_selection([], [KEY])
    assert not bar.isVisible()


def test_axis_numbers_have_a_real_minus_sign(view):
    bottom = view.plot.getPlotItem().getAxis("bottom")
    assert bottom.tickStrings([-1.5, -0.5, 0.0, 0.5], 1.0, 0.5) == ["\u22121.5", "\u22120.5", "0", "0.5"]

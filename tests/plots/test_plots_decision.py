"""DecisionView against Compiled.forward on the same grid, for the XOR example."""
import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from netsim.document.commands import AddNeuron
from netsim.engine import Neuron
from netsim.engine.compiled import Compiled
from netsim.paths import example
from netsim.plots.decision_view import GRID, DecisionView


@pytest.fixture
def view(xor_view):
    return xor_view(DecisionView)


def expected_map(doc, xa, xb):
    c = Compiled(doc.network, ["x1", "x2"])
    out = np.empty((len(xa), len(xb)))
    for i, a in enumerate(xa):  # one row at a time: an independent way round the grid
        for j, b in enumerate(xb):
            out[i, j] = c.outputs(c.forward(np.array([[a, b]])))[0, 0]
    return out


def test_map_equals_compiled_forward(view):
    doc = view.doc
    xa, xb = view.axes
    assert len(xa) == len(xb) == GRID
    assert xa[0] < 0 < 1 < xa[-1] and xb[0] < 0 < 1 < xb[-1]  # data range plus margin
    np.testing.assert_allclose(view.image.image, expected_map(doc, xa, xb), rtol=1e-12)
    class1 = view.spots[1].getData()
    assert sorted(zip(*class1)) == [(0.0, 1.0), (1.0, 0.0)]
    assert view.plot.isVisibleTo(view) and not view.hint.isVisibleTo(view)


def test_updates_after_weight_change(view, qtbot):
    doc = view.doc
    before = view.image.image.copy()
    doc.set_weights({("h1", "y"): -3.0, ("b", "y"): 2.0})
    qtbot.waitUntil(lambda: not np.allclose(view.image.image, before))
    xa, xb = view.axes
    np.testing.assert_allclose(view.image.image, expected_map(doc, xa, xb), rtol=1e-12)


def test_hint_without_two_inputs(view, qtbot):
    doc = view.doc
    doc.undo_stack.push(AddNeuron(doc, Neuron("x3", "input", position=(0.0, 480.0))))
    qtbot.waitUntil(lambda: view.hint.isVisibleTo(view))
    assert not view.plot.isVisibleTo(view)


def test_rows_held_out_for_testing_are_drawn_hollow(view, qtbot):
    from netsim.document.dataset_commands import SetDataset
    doc = view.doc
    # rows: (1, 0) -> 1, (0, 0) -> 0, (0, 1) -> 1, (1, 1) -> 0; hold out (0, 1)
    doc.undo_stack.push(SetDataset(doc, doc.dataset.with_test([False, False, True, False]),
                                   "Hold out"))
    qtbot.waitUntil(lambda: len(view.test_spots[1].getData()[0]) == 1)
    assert list(zip(*view.test_spots[1].getData())) == [(0.0, 1.0)]
    assert list(zip(*view.spots[1].getData())) == [(1.0, 0.0)]
    assert len(view.spots[0].getData()[0]) == 2 and len(view.test_spots[0].getData()[0]) == 0
    assert view.test_spots[1].opts["brush"].style() == Qt.BrushStyle.NoBrush


# ---- several outputs: the winning class over the plane -----------------------------------
OFFSCREEN = pytest.mark.qt_log_ignore("This plugin does not support")  # a shown plot window
# Tableau 10's first three colours, and the strength rule of class_map, written out again
PALETTE = np.array([(0x4e, 0x79, 0xa7), (0xf2, 0x8e, 0x2b), (0x59, 0xa1, 0x4f)], float)


def expected_colours(o):
    """(…, 3) outputs -> uint8 colours: the winner's colour mixed with white by
    0.8·(0.2 + 0.8·t), t = (p − 1/3) / (2/3) clipped to [0, 1]."""
    k = np.argmax(o, axis=-1)
    p = np.max(o, axis=-1)
    t = np.clip((p - 1 / 3) / (2 / 3), 0, 1)
    s = (0.8 * (0.2 + 0.8 * t))[..., None]
    return np.round(255 + s * (PALETTE[k] - 255)).astype(np.uint8)


def grid_outputs(doc, xa, xb, ids):
    c = Compiled(doc.network, ["x1", "x2"], ids)
    out = np.empty((len(xa), len(xb), len(ids)))
    for i, a in enumerate(xa):  # one row at a time, as in expected_map
        for j, b in enumerate(xb):
            out[i, j] = c.outputs(c.forward(np.array([[a, b]])))[0]
    return out


@pytest.fixture
def classes_view(qtbot):
    import three_classes
    from netsim.document import Document
    view = DecisionView()
    qtbot.addWidget(view)
    view.set_document(Document(three_classes.network_file()))
    view.resize(600, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


@OFFSCREEN
def test_the_winning_class_colours_the_plane(classes_view):
    view = classes_view
    ids = ["y1", "y2", "y3"]
    assert view.classes == ids and not view.image.isVisible() and view.class_image.isVisible()
    xa, xb = view.axes
    o = grid_outputs(view.doc, xa, xb, ids)
    np.testing.assert_allclose(o.sum(axis=-1), 1.0, rtol=1e-12)  # a softmax group
    wins = np.argmax(o, axis=-1)
    assert set(np.unique(wins)) == {0, 1, 2}  # every class wins somewhere
    shown = view.class_image.image
    assert shown.shape == (GRID, GRID, 3) and shown.dtype == np.uint8
    np.testing.assert_array_equal(shown, expected_colours(o))
    sure = np.unravel_index(np.argmax(o.max(axis=-1)), wins.shape)
    unsure = np.unravel_index(np.argmin(o.max(axis=-1)), wins.shape)
    assert shown[sure].astype(int).sum() < shown[unsure].astype(int).sum()  # surer: darker
    # the boundaries: the zero line of each class's margin over the others
    assert [c.isVisible() for c in view.boundaries] == [True, True]
    for k, curve in enumerate(view.boundaries):
        others = np.delete(o, k, axis=-1).max(axis=-1)
        np.testing.assert_allclose(curve.data, o[..., k] - others, rtol=1e-12, atol=1e-15)
        assert curve.level == 0.0 and curve.path is not None
    assert [label.text() for label in view.legend.findChildren(QLabel) if label.text()] == [
        "setosa", "versicolor", "virginica"]
    assert view.legend.isVisible()


@OFFSCREEN
def test_the_pixels_on_screen_are_the_class_colours(classes_view):
    """Grid cells well inside one class's region and away from the points, as painted."""
    view = classes_view
    xa, xb = view.axes
    o = grid_outputs(view.doc, xa, xb, ["y1", "y2", "y3"])
    wins = np.argmax(o, axis=-1)
    data = view.doc.dataset.x
    view.plot.getPlotItem().showGrid(x=False, y=False)  # the faint grid lines are on top
    picture = view.plot.grab().toImage()
    box = view.plot.getPlotItem().getViewBox()
    checked = 0
    for i in range(2, GRID - 2, 7):
        for j in range(2, GRID - 2, 7):
            if len(set(wins[i - 2:i + 3, j - 2:j + 3].ravel())) > 1:
                continue  # near a boundary
            if np.min(np.hypot((data[:, 0] - xa[i]) / (xa[1] - xa[0]),
                               (data[:, 1] - xb[j]) / (xb[1] - xb[0]))) < 4:
                continue  # under a point
            at = view.plot.mapFromScene(box.mapViewToScene(QPointF(xa[i], xb[j])))
            colour = picture.pixelColor(at)
            got = [colour.red(), colour.green(), colour.blue()]
            assert got == list(expected_colours(o[i, j])), (i, j)
            checked += 1
    assert checked > 30


@OFFSCREEN
def test_the_points_take_their_target_class_colour(classes_view):
    view = classes_view
    data = view.doc.dataset
    target = np.argmax(data.y, axis=1)
    for spots, rows in ((view.class_spots, ~data.test), (view.class_test_spots, data.test)):
        x, y = spots.getData()
        np.testing.assert_array_equal(np.column_stack([x, y]), data.x[rows])
        for spot, k in zip(spots.points(), target[rows]):
            colour = spot.pen().color() if spots is view.class_test_spots else spot.brush().color()
            hue = colour.hue()
            assert hue == QColor(*PALETTE[k].astype(int)).hue()
    assert len(view.class_test_spots.getData()[0]) == 3


@OFFSCREEN
def test_class_names_are_plain_text_and_one_output_keeps_the_heat_map(classes_view, qtbot):
    from netsim.document.commands import SetNeuron
    view = classes_view
    doc = view.doc
    doc.undo_stack.push(SetNeuron(doc, "y2", "label", "<b>big</b> & bold"))
    qtbot.waitUntil(lambda: view.legend.names[1] == "<b>big</b> & bold")
    label = [w for w in view.legend.findChildren(QLabel) if w.text() == view.legend.names[1]]
    assert label[0].textFormat() == Qt.TextFormat.PlainText
    for y in ("y2", "y3"):  # a lone softmax output and two sigmoid: three plain outputs
        doc.undo_stack.push(SetNeuron(doc, y, "activation", "sigmoid"))
    qtbot.waitUntil(lambda: doc.undo_stack.count() == 3)
    view.refresh()
    xa, xb = view.axes
    o = grid_outputs(doc, xa, xb, ["y1", "y2", "y3"])
    assert np.allclose(o[..., 0], 1.0)  # a softmax group of one is always 1 ...
    np.testing.assert_array_equal(view.class_image.image, expected_colours(o))  # ... and wins


def test_a_network_with_one_output_has_no_legend(view):
    assert view.classes == [] and not view.legend.isVisibleTo(view)
    assert view.image.isVisible() and not view.class_image.isVisible()

"""Dataset dock, painting: with two inputs a scatter shows the rows by class, and a real
mouse click on it adds a point of the chosen class as one SetDataset."""
import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from netsim import paths
from netsim.document import Document
from netsim.document.commands import AddNeuron
from netsim.document.dataset_commands import SetDataset
from netsim.engine import Neuron
from netsim.engine.datasets import fit_to, generate
from netsim.panels.dataset_dock import DatasetDock
from panel_fixtures import show_panel

LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton


def make_dock(qtbot, doc):
    dock = DatasetDock()
    return show_panel(qtbot, dock, doc)


@pytest.fixture
def dock(qtbot, doc):
    return make_dock(qtbot, doc)


def click(plot, scene_point, button=LEFT):
    """A press and a release at `scene_point`, sent to the plot's viewport as a mouse does
    (QApplication.sendEvent: QTest would warn about events the scene leaves ignored)."""
    local = QPointF(plot.mapFromScene(scene_point))
    viewport = plot.viewport()
    global_ = QPointF(viewport.mapToGlobal(local.toPoint()))
    for kind, buttons in ((QEvent.Type.MouseButtonPress, button),
                          (QEvent.Type.MouseButtonRelease, Qt.MouseButton.NoButton)):
        event = QMouseEvent(kind, local, global_, button, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(viewport, event)


def paint(dock, x, y, button=LEFT):
    click(dock.scatter.plot, dock.scatter.scene_point(x, y), button)


def test_the_scatter_shows_the_rows_by_class(dock):
    scatter = dock.scatter
    assert scatter.isVisible()
    np.testing.assert_array_equal(sorted(map(tuple, scatter.points(0))), [(0, 0), (1, 1)])
    np.testing.assert_array_equal(sorted(map(tuple, scatter.points(1))), [(0, 1), (1, 0)])
    item = scatter.plot.getPlotItem()
    assert item.getAxis("bottom").labelText == "x1" and item.getAxis("left").labelText == "x2"


def test_clicks_add_points_of_the_chosen_class(qtbot, dock, doc):
    dock.scatter.set_class(0)
    paint(dock, 0.25, 0.75)
    assert len(doc.dataset) == 5 and doc.undo_stack.text(0) == "Paint a class-0 point"
    np.testing.assert_allclose(doc.dataset.rows[4], [0.25, 0.75, 0.0], atol=0.01)
    qtbot.mouseClick(dock.scatter.class_group.button(1), LEFT)
    paint(dock, 0.6, 0.3)
    assert len(doc.dataset) == 6 and doc.undo_stack.text(1) == "Paint a class-1 point"
    np.testing.assert_allclose(doc.dataset.rows[5], [0.6, 0.3, 1.0], atol=0.01)
    assert len(dock.scatter.points(0)) == 3 and len(dock.scatter.points(1)) == 3
    assert dock.model.rowCount() == 6
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert len(doc.dataset) == 4 and len(dock.scatter.points(0)) == 2


def test_painting_keeps_the_view_still(dock, doc):
    before = dock.scatter.view_box.viewRange()
    for k in range(5):
        paint(dock, 0.1 + 0.2 * k, 0.5)
    assert len(doc.dataset) == 9
    np.testing.assert_allclose(dock.scatter.view_box.viewRange(), before)


def test_a_right_click_adds_nothing(dock, doc):
    paint(dock, 0.5, 0.5, RIGHT)
    assert doc.undo_stack.count() == 0


def test_a_click_on_an_axis_adds_nothing(dock, doc):
    box = dock.scatter.view_box.sceneBoundingRect()
    click(dock.scatter.plot, QPointF(box.center().x(), box.bottom() + 12))  # on the x axis
    assert doc.undo_stack.count() == 0


def test_points_follow_the_dataset(dock, doc):
    doc.undo_stack.push(SetDataset(doc, fit_to(doc.network, generate("circle", 40, 0.0, 2)),
                                   "Generate"))
    assert len(dock.scatter.points(0)) == 20 and len(dock.scatter.points(1)) == 20
    (x0, x1), (y0, y1) = dock.scatter.view_box.viewRange()
    assert x0 < -0.9 and x1 > 0.9 and y0 < -0.9 and y1 > 0.9  # the view fits the new points


def test_an_empty_dataset_can_be_painted_from_scratch(dock, doc):
    doc.undo_stack.push(SetDataset(doc, None, "Remove"))
    assert not dock.scatter.isVisible()
    dock.create_dataset()
    assert dock.scatter.isVisible()
    paint(dock, 0.2, -0.1)
    np.testing.assert_allclose(doc.dataset.rows[1], [0.2, -0.1, 1.0], atol=0.01)


def test_no_scatter_unless_exactly_two_inputs(qtbot, dock, doc):
    doc.undo_stack.push(AddNeuron(doc, Neuron("x3", "input")))
    assert not dock.scatter.isVisible()
    doc.undo_stack.undo()
    assert dock.scatter.isVisible()
    one = make_dock(qtbot, Document.open(paths.example("seed-002-network")))
    assert not one.scatter.isVisible()


def test_with_two_targets_a_painted_point_sets_both(qtbot):
    doc = Document.open(paths.example("two-two-two"))
    dock = make_dock(qtbot, doc)
    dock.scatter.set_class(1)
    x = float(doc.dataset.rows[0, 0])
    paint(dock, x, 0.0)
    np.testing.assert_allclose(doc.dataset.rows[1], [x, 0.0, 1.0, 1.0], atol=0.01)

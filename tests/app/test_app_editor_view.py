"""Zoom, fit, pan and the tool shortcuts, with real keys and mouse on the canvas."""
import pytest
from PySide6.QtCore import QPointF, Qt

import mouse
from editing import Bench
from netsim.canvas import tools
from netsim.canvas.network_view import MAX_SCALE, MIN_SCALE, ZOOM_STEP
from netsim.document.commands import SetNeuron

CTRL = Qt.KeyboardModifier.ControlModifier


def centre_in_scene(view) -> QPointF:
    return view.mapToScene(view.viewport().rect().center())


def visible(view):
    return view.mapToScene(view.viewport().rect()).boundingRect()


def test_zoom_in_out_and_reset_keep_the_centre(qtbot):
    bench = Bench.example(qtbot)
    view = bench.view
    centre = centre_in_scene(view)
    view.zoom_in()
    assert view.zoom() == pytest.approx(ZOOM_STEP)
    view.zoom_in()
    assert view.zoom() == pytest.approx(ZOOM_STEP ** 2)
    view.zoom_out()
    assert view.zoom() == pytest.approx(ZOOM_STEP)
    view.reset_zoom()
    assert view.zoom() == pytest.approx(1.0)
    assert (centre_in_scene(view) - centre).manhattanLength() < 2


def test_zoom_is_limited(qtbot):
    bench = Bench.example(qtbot)
    for _ in range(40):
        bench.view.zoom_in()
    assert bench.view.zoom() == pytest.approx(MAX_SCALE)
    for _ in range(80):
        bench.view.zoom_out()
    assert bench.view.zoom() == pytest.approx(MIN_SCALE)


def test_zoom_and_fit_keys(qtbot):
    bench = Bench.example(qtbot)
    view = bench.view
    bench.key(Qt.Key.Key_Equal, CTRL)
    assert view.zoom() == pytest.approx(ZOOM_STEP)
    bench.key(Qt.Key.Key_Plus, CTRL)
    assert view.zoom() == pytest.approx(ZOOM_STEP ** 2)
    bench.key(Qt.Key.Key_Minus, CTRL)
    assert view.zoom() == pytest.approx(ZOOM_STEP)
    bench.key(Qt.Key.Key_0, CTRL)
    assert visible(view).contains(bench.scene.network_rect())


def test_wheel_zooms_under_the_mouse(qtbot):
    bench = Bench.example(qtbot)
    point = bench.centre("h1")
    before = mouse.at(bench.view, point)
    mouse.wheel(bench.view, point, 240)
    assert bench.view.zoom() > 1.2
    assert (mouse.at(bench.view, point) - before).manhattanLength() < 2


@pytest.mark.parametrize("how", ["middle", "space"])
def test_pan_moves_the_picture_with_the_mouse(qtbot, how):
    bench = Bench.example(qtbot)
    view = bench.view
    start_scene = QPointF(600, 420)  # empty canvas
    start = mouse.at(view, start_scene)
    if how == "space":
        qtbot.keyPress(view, Qt.Key.Key_Space)
        button = Qt.MouseButton.LeftButton
    else:
        button = Qt.MouseButton.MiddleButton
    count = bench.stack.count()
    mouse.press(view, start_scene, button)
    for i in range(1, 6):  # mouse moves in viewport pixels: 20 px left, 10 px up each time
        local = start + QPointF(-20 * i, -10 * i)
        mouse.move(view, view.mapToScene(local.toPoint()), button)
    end = start + QPointF(-100, -50)
    mouse.release(view, view.mapToScene(end.toPoint()), button)
    if how == "space":
        qtbot.keyRelease(view, Qt.Key.Key_Space)
    # the scene point that was under the mouse at the press is under it still
    assert (mouse.at(view, start_scene) - end).manhattanLength() < 2
    assert bench.scene.selection() == ([], [])  # no rubber band
    assert bench.stack.count() == count


def test_space_drag_on_a_neuron_pans_instead_of_moving_it(qtbot):
    bench = Bench.example(qtbot)
    qtbot.keyPress(bench.view, Qt.Key.Key_Space)
    mouse.drag(bench.view, bench.centre("h1"), bench.centre("h1") + QPointF(50, 50))
    qtbot.keyRelease(bench.view, Qt.Key.Key_Space)
    assert bench.network.neurons["h1"].position == (240.0, 0.0)
    assert bench.view.viewport().cursor().shape() == Qt.CursorShape.ArrowCursor


def test_one_key_tool_shortcuts_and_escape(qtbot):
    bench = Bench.example(qtbot)
    seen = []
    bench.tools.tool_changed.connect(seen.append)
    for key, tool in [(Qt.Key.Key_I, tools.ADD_INPUT), (Qt.Key.Key_H, tools.ADD_HIDDEN),
                      (Qt.Key.Key_O, tools.ADD_OUTPUT), (Qt.Key.Key_B, tools.ADD_BIAS),
                      (Qt.Key.Key_C, tools.CONNECT), (Qt.Key.Key_V, tools.SELECT),
                      (Qt.Key.Key_H, tools.ADD_HIDDEN), (Qt.Key.Key_Escape, tools.SELECT)]:
        bench.key(key)
        assert bench.tools.current == tool
        assert bench.scene.tool == tool
    assert seen[-2:] == [tools.ADD_HIDDEN, tools.SELECT]
    assert bench.status == tools.hint(tools.SELECT)


def test_cursor_follows_the_tool(qtbot):
    bench = Bench.example(qtbot)
    def shape():
        return bench.view.viewport().cursor().shape()

    bench.use(tools.ADD_HIDDEN)
    assert shape() == Qt.CursorShape.CrossCursor
    assert bench.status == "Click on the canvas to place a hidden neuron"
    bench.use(tools.CONNECT)
    assert shape() == Qt.CursorShape.PointingHandCursor
    bench.use(tools.SELECT)
    assert shape() == Qt.CursorShape.ArrowCursor


def test_add_tool_on_a_neuron_selects_it_instead(qtbot):
    bench = Bench.example(qtbot)
    bench.use(tools.ADD_HIDDEN)
    count = bench.stack.count()
    mouse.click(bench.view, bench.centre("h2"))
    assert bench.stack.count() == count
    assert bench.scene.selection() == (["h2"], [])


def test_swapping_documents(qtbot):
    bench = Bench.example(qtbot)
    first = bench.doc
    second = Bench.example(qtbot, "two-two-two").doc
    bench.editor.set_document(second)
    assert set(bench.scene.neuron_items) == set(second.network.neurons)
    first.undo_stack.push(SetNeuron(first, "h1", "label", "old"))
    assert bench.scene.neuron_items["h1"].name == "h1"  # the old document is not followed
    bench.use(tools.ADD_HIDDEN)
    mouse.click(bench.view, (600, 500))
    assert "h3" in second.network.neurons and "h3" not in first.network.neurons
    assert second.undo_stack.count() == 1
    bench.editor.set_document(None)
    assert bench.scene.items() == []
    second.undo_stack.undo()  # no longer followed: nothing happens to the scene
    assert bench.scene.items() == []

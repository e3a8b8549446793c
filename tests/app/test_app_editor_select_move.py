"""Selecting with clicks and the rubber band, dragging and nudging neurons, deleting."""
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest

import mouse
from editing import Bench
from netsim.canvas import tools
from netsim.io.fileformat import dumps

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_click_ctrl_click_and_click_on_empty_canvas(qtbot):
    bench = Bench.example(qtbot)
    mouse.click(bench.view, bench.centre("h1"))
    assert bench.scene.selection() == (["h1"], [])
    mouse.click(bench.view, bench.centre("h2"), modifiers=CTRL)
    label = bench.scene.connection_items[("b", "y")].label
    mouse.click(bench.view, label.scenePos(), modifiers=CTRL)  # a weight label means its arrow
    assert bench.scene.selection() == (["h1", "h2"], [("b", "y")])
    mouse.click(bench.view, bench.centre("h1"), modifiers=CTRL)
    assert bench.scene.selection() == (["h2"], [("b", "y")])
    mouse.click(bench.view, bench.centre("h2"))  # a click on part of the selection: just it
    assert bench.scene.selection() == (["h2"], [])
    mouse.click(bench.view, (600, 400))
    assert bench.scene.selection() == ([], [])


def test_rubber_band_selects_what_it_contains(qtbot):
    bench = Bench.example(qtbot)
    mouse.drag(bench.view, (-60, -60), (300, 230))
    assert bench.scene.selection() == (["x1", "x2", "h1", "h2"],
                                       [("x1", "h1"), ("x2", "h1"), ("x1", "h2"), ("x2", "h2")])
    mouse.drag(bench.view, (-60, 280), (60, 380), modifiers=CTRL)  # Ctrl adds
    assert bench.scene.selection()[0] == ["x1", "x2", "b", "h1", "h2"]


def test_a_drag_is_one_undo_step_and_arrows_follow(qtbot):
    bench = Bench.example(qtbot)
    arrow = bench.scene.connection_items[("h1", "y")]
    tail_before = arrow.segment().p1()
    count = bench.stack.count()
    start = bench.centre("h1")
    mouse.press(bench.view, start)
    for i in range(1, 31):
        mouse.move(bench.view, start + QPointF(2 * i, 3 * i))
    assert arrow.segment().p1() != tail_before  # live, before the release
    assert bench.network.neurons["h1"].position == (240.0, 0.0)  # the document waits
    mouse.release(bench.view, start + QPointF(60, 90))
    assert bench.stack.count() == count + 1
    assert bench.stack.text(count) == "Move h1"
    assert bench.network.neurons["h1"].position == (300.0, 90.0)
    bench.stack.undo()
    assert bench.network.neurons["h1"].position == (240.0, 0.0)
    assert bench.centre("h1") == QPointF(240, 0)
    assert arrow.segment().p1() == tail_before
    bench.stack.redo()
    assert bench.centre("h1") == QPointF(300, 90)


def test_two_drags_are_two_undo_steps(qtbot):
    bench = Bench.example(qtbot)
    count = bench.stack.count()
    mouse.drag(bench.view, bench.centre("h1"), bench.centre("h1") + QPointF(40, 0))
    mouse.drag(bench.view, bench.centre("h1"), bench.centre("h1") + QPointF(40, 0))
    assert bench.stack.count() == count + 2


def test_dragging_a_selection_moves_all_of_it(qtbot):
    bench = Bench.example(qtbot)
    bench.scene.select(["h1", "h2"], [])
    mouse.drag(bench.view, bench.centre("h2"), bench.centre("h2") + QPointF(-20, 30))
    assert bench.network.neurons["h1"].position == (220.0, 30.0)
    assert bench.network.neurons["h2"].position == (220.0, 190.0)
    assert bench.stack.text(bench.stack.count() - 1) == "Move 2 neurons"
    assert bench.scene.selection() == (["h1", "h2"], [])


def test_a_small_wobble_is_a_click_not_a_move(qtbot):
    bench = Bench.example(qtbot)
    count = bench.stack.count()
    mouse.drag(bench.view, bench.centre("h1"), bench.centre("h1") + QPointF(2, 1), steps=2)
    assert bench.stack.count() == count
    assert bench.scene.selection() == (["h1"], [])


def test_drag_with_qtest_mouse_functions(qtbot):
    """The window's tests may use qtbot's own mouse functions: they work on the view too."""
    bench = Bench.example(qtbot)
    viewport = bench.view.viewport()
    start = bench.view.mapFromScene(bench.centre("h2"))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 11):
        QTest.mouseMove(viewport, start + QPointF(4 * i, 0).toPoint())
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPointF(40, 0).toPoint())
    x, y = bench.network.neurons["h2"].position
    assert x > 260 and y == 160.0


def test_snap_to_grid_while_dragging(qtbot):
    bench = Bench.example(qtbot)
    bench.view.set_snap(True)
    assert bench.view.snap()
    mouse.drag(bench.view, bench.centre("h1"), bench.centre("h1") + QPointF(33, 47))
    assert bench.network.neurons["h1"].position == (280.0, 40.0)
    bench.view.set_snap(False)
    mouse.drag(bench.view, bench.centre("h1"), bench.centre("h1") + QPointF(33, 47))
    assert bench.network.neurons["h1"].position == (313.0, 87.0)


def test_arrow_keys_nudge_and_merge(qtbot):
    bench = Bench.example(qtbot)
    mouse.click(bench.view, bench.centre("h1"))
    count = bench.stack.count()
    for _ in range(3):
        bench.key(Qt.Key.Key_Right)
    bench.key(Qt.Key.Key_Down, SHIFT)
    assert bench.network.neurons["h1"].position == (270.0, 1.0)
    assert bench.stack.count() == count + 1  # nudges in a row are one step
    bench.key(Qt.Key.Key_Up)
    bench.key(Qt.Key.Key_Left, SHIFT)
    assert bench.network.neurons["h1"].position == (269.0, -9.0)
    bench.stack.undo()
    assert bench.network.neurons["h1"].position == (240.0, 0.0)
    mouse.click(bench.view, bench.centre("h2"))
    bench.key(Qt.Key.Key_Left)
    assert bench.stack.count() == count + 1  # another neuron: a new step...
    assert bench.stack.text(count) == "Move h2"


def test_delete_and_backspace_remove_the_selection_in_one_step(qtbot):
    bench = Bench.example(qtbot)
    start = dumps(bench.doc.file)
    mouse.click(bench.view, bench.centre("h1"))
    mouse.click(bench.view, bench.scene.connection_items[("b", "y")].label.scenePos(), modifiers=CTRL)
    count = bench.stack.count()
    bench.key(Qt.Key.Key_Delete)
    assert bench.stack.count() == count + 1
    assert "h1" not in bench.network.neurons
    assert not bench.network.has_connection("b", "y")
    assert len(bench.network.connections) == 9 - 4 - 1  # h1's four arrows and b -> y
    assert "h1" not in bench.scene.neuron_items
    assert len(bench.scene.connection_items) == 4
    bench.stack.undo()
    assert dumps(bench.doc.file) == start
    assert len(bench.scene.connection_items) == 9
    mouse.click(bench.view, bench.centre("y"))
    bench.key(Qt.Key.Key_Backspace)
    assert "y" not in bench.network.neurons
    bench.key(Qt.Key.Key_Delete)  # nothing selected now
    assert bench.status == "Nothing is selected to delete"


def test_keys_go_to_the_inline_editor_not_the_canvas(qtbot):
    bench = Bench.example(qtbot)
    mouse.click(bench.view, bench.centre("h1"))
    editor = bench.open_weight_editor(("x1", "h1"))
    qtbot.keyClick(editor, Qt.Key.Key_Backspace)
    qtbot.keyClick(editor, Qt.Key.Key_H)  # not the Add Hidden tool
    assert "h1" in bench.network.neurons
    assert bench.tools.current == tools.SELECT
    assert editor.text() == "h"

"""Connections dragged with the mouse: every refusal of the engine is shown while dragging
and stated when the mouse is released, and nothing changes."""
import pytest
from PySide6.QtCore import QPointF, Qt

import mouse
from editing import Bench
from netsim.canvas import tools
from netsim.canvas.rubber_arrow import RubberArrow

REFUSED = {
    "cycle": ("y", "h1"),
    "into input": ("h1", "x1"),
    "into bias": ("h1", "b"),
    "duplicate": ("x1", "h1"),
    "self": ("h1", "h1"),
}


def arrows(bench):
    return [i for i in bench.scene.items() if isinstance(i, RubberArrow)]


@pytest.mark.parametrize("kind", REFUSED)
def test_refused_connections(qtbot, kind):
    bench = Bench.example(qtbot)
    source, target = REFUSED[kind]
    reason = bench.network.refusal(source, target)
    assert reason
    bench.use(tools.CONNECT)
    count, before = bench.stack.count(), [c.key for c in bench.network.connections]
    start, end = bench.centre(source), bench.centre(target)
    mouse.press(bench.view, start)
    for point in (start + QPointF(60, 50), end + QPointF(30, 0), end):  # away, then onto the target
        mouse.move(bench.view, point)
    (arrow,) = arrows(bench)
    assert arrow.refused and arrow.target is bench.scene.neuron_items[target]
    assert bench.status == reason  # said while hovering
    mouse.release(bench.view, end)
    assert bench.status == reason  # and again on release
    assert bench.stack.count() == count
    assert [c.key for c in bench.network.connections] == before
    assert arrows(bench) == []


def test_the_arrow_shows_a_legal_target(qtbot):
    bench = Bench.example(qtbot)
    bench.use(tools.CONNECT)
    mouse.press(bench.view, bench.centre("x1"))
    mouse.move(bench.view, QPointF(360, 250))
    (arrow,) = arrows(bench)
    assert arrow.target is None and not arrow.refused
    assert arrow.line().p2() == QPointF(360, 250)
    mouse.move(bench.view, bench.centre("y"))
    assert arrow.target is bench.scene.neuron_items["y"] and not arrow.refused
    assert bench.status == "Release to connect x1 \u2192 y"
    mouse.move(bench.view, bench.centre("x2"))  # refused on the way...
    assert arrow.refused
    mouse.move(bench.view, bench.centre("y"))  # ...fine again
    mouse.release(bench.view, bench.centre("y"))
    assert bench.network.connection("x1", "y").weight == 0.0
    assert bench.stack.text(bench.stack.count() - 1) == "Connect x1 \u2192 y"


def test_release_on_empty_canvas_says_why_nothing_happened(qtbot):
    bench = Bench.example(qtbot)
    bench.use(tools.CONNECT)
    count = bench.stack.count()
    mouse.press(bench.view, bench.centre("h1"))
    mouse.move(bench.view, bench.centre("x1"))
    assert bench.status == bench.network.refusal("h1", "x1")
    mouse.move(bench.view, QPointF(-150, -100))  # off the input, over nothing
    assert bench.status == "Drag from h1 to a hidden or output neuron"
    mouse.release(bench.view, QPointF(-150, -100))
    assert bench.stack.count() == count
    assert bench.status == "No connection made: release the drag over a hidden or output neuron"


def test_escape_drops_the_drag_and_returns_to_select(qtbot):
    bench = Bench.example(qtbot)
    bench.use(tools.CONNECT)
    count = bench.stack.count()
    mouse.press(bench.view, bench.centre("x1"))
    mouse.move(bench.view, bench.centre("y"))
    assert arrows(bench)
    bench.key(Qt.Key.Key_Escape)
    assert arrows(bench) == []
    assert bench.tools.current == tools.SELECT
    mouse.release(bench.view, bench.centre("y"))
    assert bench.stack.count() == count


def test_escape_in_the_select_tool_drops_an_alt_drag(qtbot):
    bench = Bench.example(qtbot)
    alt = Qt.KeyboardModifier.AltModifier
    mouse.press(bench.view, bench.centre("x1"), modifiers=alt)
    mouse.move(bench.view, bench.centre("y"), modifiers=alt)
    assert arrows(bench)
    bench.key(Qt.Key.Key_Escape)
    assert arrows(bench) == []
    mouse.release(bench.view, bench.centre("y"), modifiers=alt)
    assert not bench.network.has_connection("x1", "y")


def test_undo_during_a_drag_drops_it(qtbot):
    bench = Bench.example(qtbot)
    bench.use(tools.CONNECT)
    bench.connect("x1", "y")
    mouse.press(bench.view, bench.centre("x2"))
    mouse.move(bench.view, bench.centre("y"))
    bench.stack.undo()  # e.g. Ctrl+Z from the window's Edit menu
    assert arrows(bench) == []
    mouse.release(bench.view, bench.centre("y"))
    assert not bench.network.has_connection("x2", "y")
    assert not bench.network.has_connection("x1", "y")


def test_a_click_with_the_connect_tool_only_explains(qtbot):
    bench = Bench.example(qtbot)
    bench.use(tools.CONNECT)
    count = bench.stack.count()
    mouse.click(bench.view, bench.centre("h1"))
    assert bench.stack.count() == count
    assert bench.status == "Drag from h1 to a hidden or output neuron"
    assert arrows(bench) == []

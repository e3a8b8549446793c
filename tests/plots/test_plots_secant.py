"""The secant beside the tangent on the Error Landscape: ticked, dragged with the mouse and
typed, each number the engine's (seed 001: dJ/dw is the limit of ΔJ/Δx)."""
import sys
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, Qt

from netsim import paths
from netsim.document import Document
from netsim.engine import landscape
from netsim.plots.landscape_view import LandscapeView
from netsim.plots.secant_view import STEPS, best_text, secant_text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "app"))
import mouse  # noqa: E402  (tests/app: mouse events sent as a mouse sends them)

KEY = ("x1", "h1")
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen, shown


@pytest.fixture
def view(xor_view):
    view = xor_view(LandscapeView, size=(520, 640))
    view.show()
    view.set_selection([], [KEY])
    return view


def engine(view, dxs):
    doc = view.doc
    return landscape.secants(doc.network, doc.dataset, KEY, dxs)


def tick(qtbot, view):
    check = view.secant.check
    qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=check.rect().center())
    assert check.isChecked()


def scene_point(view, x, y):
    return view.plot.getPlotItem().vb.mapViewToScene(QPointF(x, y))


def test_unticked_nothing_of_the_secant_shows(view):
    s = view.secant
    assert not s.check.isChecked()
    assert not any(it.isVisible() for it in (s.line, s.point, s.handle, s.numbers, s.gap_plot))
    assert not s.field.isEnabled()


def test_ticked_it_draws_the_secant_the_engine_computes(qtbot, view):
    tick(qtbot, view)
    s = view.secant
    assert s.dx == 0.7  # the tangent's reach, rounded: inside the view
    expected = engine(view, [0.7])
    x, y = s.line.getData()
    np.testing.assert_allclose((y[1] - y[0]) / (x[1] - x[0]), expected.slopes[0], rtol=1e-9)
    px, py = s.point.getData()
    assert px[0] == expected.w0 + 0.7 and py[0] == expected.j[0]
    gaps = engine(view, STEPS)
    gx, gy = s.gap_curve.xData, s.gap_curve.yData  # as given (getData: their logarithms)
    np.testing.assert_array_equal(gx, STEPS)
    np.testing.assert_array_equal(gy, np.where(gaps.gaps > 0, gaps.gaps, np.nan))
    assert s.numbers.text() == f"{secant_text(expected)}\n{best_text(gaps)}"
    assert s.numbers.text().startswith("Δx = 0.7: secant ΔJ/Δx = 0.000819602, tangent "
                                       "dJ/dw = 0.001038, gap 0.000218")
    assert s.handle.value() == expected.w0 + 0.7


@pytest.fixture
def every_move():
    """pyqtgraph drops mouse moves closer together than its rate limit (10 ms), and a
    test's moves come microseconds apart: let every one through."""
    before = pg.getConfigOption("mouseRateLimit")
    pg.setConfigOptions(mouseRateLimit=0)
    yield
    pg.setConfigOptions(mouseRateLimit=before)


def test_dragging_the_line_moves_the_second_point_and_the_numbers(qtbot, view, every_move):
    tick(qtbot, view)
    s = view.secant
    w0 = engine(view, [1.0]).w0
    _, y = s.point.getData()
    start = scene_point(view, w0 + 0.7, float(y[0]) + 0.0002)
    end = scene_point(view, w0 + 0.2, float(y[0]) + 0.0002)
    mouse.drag(view.plot, start, end)
    assert s.dx == pytest.approx(float(s.handle.value()) - w0, abs=0) and s.dx < 0.7
    assert s.dx == pytest.approx(0.2, abs=0.02)
    expected = engine(view, [s.dx])
    assert s.numbers.text().startswith(secant_text(expected))
    assert float(s.field.text()) == pytest.approx(s.dx, rel=1e-5)
    px, py = s.point.getData()
    assert px[0] == w0 + s.dx and py[0] == expected.j[0]


def test_typing_dx_reaches_where_no_drag_can_and_bad_input_says_why(qtbot, view):
    tick(qtbot, view)
    s = view.secant
    s.field.clear()
    qtbot.keyClicks(s.field, "1e-9")
    qtbot.keyClick(s.field, Qt.Key.Key_Return)
    assert s.dx == 1e-9
    expected = engine(view, [1e-9])
    assert s.numbers.text().startswith(secant_text(expected))
    assert s.gap_mark.xData[0] == pytest.approx(1e-9)  # the mark on the gap plot
    before = s.numbers.text()
    for text, message in [("0", "Δx must not be 0: a secant needs two points."),
                          ("tiny", "“tiny” is not a number.")]:
        s.field.clear()
        qtbot.keyClicks(s.field, text)
        qtbot.keyClick(s.field, Qt.Key.Key_Return)
        assert s.message.text() == message and s.message.isVisible()
        assert s.dx == 1e-9 and s.numbers.text() == before  # nothing lost
    s.field.clear()
    qtbot.keyClicks(s.field, "-0.3")
    qtbot.keyClick(s.field, Qt.Key.Key_Return)
    assert s.dx == -0.3 and not s.message.isVisible()


def test_another_document_or_two_weights_hide_it_and_a_new_document_starts_unticked(qtbot,
                                                                                   view):
    tick(qtbot, view)
    s = view.secant
    view.set_selection([], [KEY, ("x2", "h1")])
    assert not s.line.isVisible() and not s.gap_plot.isVisible()
    view.set_selection([], [KEY])
    assert s.line.isVisible() and s.gap_plot.isVisible()
    view.set_document(Document.open(paths.example("xor-worked-example")))
    assert not s.check.isChecked() and s.field.text() == "" and s.dx is None
    assert not s.line.isVisible()

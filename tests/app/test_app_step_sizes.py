"""Train ▸ Compare Step Sizes: the step-size explorer and the error landscape side by side,
showing on one screen how each learning rate trains and where each of its steps lands."""
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from netsim import paths
from netsim.app.step_sizes import LESSON_RATES, connection_to_follow
from netsim.engine import landscape
from netsim.engine.explorer import explore

RATES = [0.05, 5.0, 50.0]
BIAS_INTO_Y = ("b", "y")


@pytest.fixture
def window(make_window):
    w = make_window()
    w.open_example(paths.example("xor-worked-example"))
    return w


def docks(window):
    return {d.windowTitle(): d for d in window.plot_docks}


def run_lesson(window, qtbot):
    QTest.keyClick(window, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    explorer = window.plots["Learning Rates"]
    qtbot.waitUntil(lambda: not explorer.running and len(explorer.curves) == 3, timeout=20000)
    return explorer, window.plots["Error Landscape"]


def test_the_two_docks_share_the_bottom_of_the_window(window, qtbot):
    run_lesson(window, qtbot)
    rates, land = docks(window)["Learning Rates"], docks(window)["Error Landscape"]
    assert rates.isVisible() and land.isVisible()
    a, b = rates.geometry(), land.geometry()
    assert a.right() < b.left() and abs(a.top() - b.top()) <= 1  # side by side
    assert a.top() > window.view.geometry().top()  # under the canvas
    for g in (a, b):
        assert g.width() >= 0.4 * window.width() and g.height() >= 0.35 * window.height()
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    hidden = [d for d in window.docks() if d not in (rates, land)
              and window.dockWidgetArea(d) == bottom]
    assert hidden and all(d.isHidden() for d in hidden)
    assert window.scene.selection() == ([], [BIAS_INTO_Y])


def test_curves_and_paths_are_the_engines(window, qtbot):
    explorer, land = run_lesson(window, qtbot)
    doc = window.document
    assert explorer.rates.text() == LESSON_RATES
    expected = explore(doc.network, doc.dataset, RATES, doc.file.training,
                       explorer.epochs.value())
    for curve, run in zip(explorer.curves, expected):
        np.testing.assert_allclose(curve.getData()[1], run.history, rtol=1e-12)
    assert [p.learning_rate for p in land.paths] == RATES
    for path in land.paths:
        alone = landscape.descent_path(doc.network, doc.dataset, BIAS_INTO_Y,
                                       path.learning_rate, land.steps.value())
        np.testing.assert_array_equal(path.weights, alone.weights)
        np.testing.assert_array_equal(path.errors, alone.errors)


def test_what_the_screen_shows(window, qtbot):
    # The lesson's claims, read off the numbers the two docks draw.
    explorer, land = run_lesson(window, qtbot)
    crawl, right, big = land.paths
    # α = 0.05 crawls: ten steps move J by less than 0.002
    assert crawl.errors[0] - crawl.errors[-1] < 0.002
    # α = 5 walks down into the valley: J falls at every step, w never turns back
    assert np.all(np.diff(right.errors) < 0) and np.all(np.diff(right.weights[:, 0]) < 0)
    # α = 50 overshoots: the weight jumps back and forth across the valley floor and J
    # goes up on some steps
    turns = np.diff(np.sign(np.diff(big.weights[:, 0])))
    assert np.count_nonzero(turns) >= 5 and np.any(np.diff(big.errors) > 0)
    # and in training: 5 ends lowest; 50 ends above where it started
    finals = [run.final for run in explorer.runs]
    assert finals[1] == min(finals)
    assert explorer.runs[2].verdict == "oscillating"
    assert explorer.runs[2].history[-1] > explorer.runs[2].history[0]


def test_reset_layout_puts_the_docks_back(window, qtbot):
    run_lesson(window, qtbot)
    window.reset_layout_action.trigger()
    rates = docks(window)["Learning Rates"]
    assert rates in window.tabifiedDockWidgets(window.outputs_dock)
    assert all(not d.isHidden() for d in window.docks())


def test_the_followed_connection():
    from netsim.engine.network import Network
    net = Network()
    for nid, role in (("x", "input"), ("b", "bias"), ("y", "output")):
        net.add_neuron(nid, role)
    net.connect("x", "y", 0.5)
    assert connection_to_follow(net, []) == ("x", "y")
    net.connect("b", "y", 0.1)
    assert connection_to_follow(net, []) == ("b", "y")
    assert connection_to_follow(net, [("x", "y")]) == ("x", "y")
    net.connection("b", "y").trainable = False
    assert connection_to_follow(net, []) == ("x", "y")
    assert connection_to_follow(Network(), []) is None


def visible_tab_bars(window):
    from PySide6.QtWidgets import QTabBar
    return [bar for bar in window.findChildren(QTabBar)
            if bar.parent() is window and bar.isVisibleTo(window)]


def test_no_stray_tab_bar_is_drawn_over_the_docks(window, qtbot):
    # Qt leaves a tab bar of the first bottom tab group behind; it must stay hidden in
    # the first layout, in the lesson's and after Reset Layout.
    def check():
        groups = [{d.windowTitle() for d in [dock, *window.tabifiedDockWidgets(dock)]
                   if not d.isHidden()} for dock in window.docks()]
        for bar in visible_tab_bars(window):
            assert {bar.tabText(i) for i in range(bar.count())} in groups
    check()
    run_lesson(window, qtbot)
    check()
    rates = docks(window)["Learning Rates"].geometry()
    assert not any(bar.geometry().intersects(rates) for bar in visible_tab_bars(window))
    window.reset_layout_action.trigger()
    check()

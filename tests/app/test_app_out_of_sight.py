"""Plot docks behind another tab skip their work on every weight change and catch up
when they are shown."""
import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from netsim import paths
from netsim.engine.compiled import Compiled


def expected_map(doc, xa, xb):
    """The network's output at every grid point, one point at a time."""
    c = Compiled(doc.network, ["x1", "x2"])
    return np.array([[c.outputs(c.forward(np.array([[a, b]])))[0, 0] for b in xb]
                     for a in xa])


@pytest.fixture
def window(make_window):
    w = make_window()
    w.open_example(paths.example("xor-worked-example"))
    w.scene.select(["h1"], [("b", "y")])
    return w


def dock(window, title):
    return next(d for d in window.docks() if d.windowTitle() == title)


@pytest.mark.parametrize("title", ["Decision Map", "Error Landscape", "Neuron", "Weight Matrix"])
def test_a_hidden_plot_catches_up_when_shown(window, qtbot, title):
    view = window.plots[title]
    calls = []
    original = view.refresh
    view.refresh = lambda: (calls.append(1), original())[1]
    dock(window, "Outputs").raise_()  # the plot's tab is behind the Outputs tab
    QApplication.processEvents()
    assert not view.in_sight
    for k in range(5):
        window.document.set_weights({("b", "y"): 0.5 + k})
        qtbot.wait(60)  # longer than the views' coalescing timers
    assert calls == [] and view._stale
    dock(window, title).raise_()
    qtbot.waitUntil(lambda: len(calls) == 1 and not view._stale)
    qtbot.wait(60)
    assert len(calls) == 1


def test_the_decision_map_shown_again_is_the_engines(window, qtbot):
    view = window.plots["Decision Map"]
    dock(window, "Outputs").raise_()
    window.document.set_weights({("h1", "y"): -3.0, ("b", "y"): 2.0})
    qtbot.wait(60)
    dock(window, "Decision Map").raise_()
    qtbot.waitUntil(lambda: not view._stale)
    xa, xb = view.axes
    np.testing.assert_allclose(view.image.image, expected_map(window.document, xa, xb),
                               rtol=1e-12)


@pytest.mark.parametrize("title, work", [("Error Landscape", "refresh"), ("Neuron", "_show")])
def test_a_hidden_plot_follows_the_selection_when_shown(window, qtbot, title, work):
    view = window.plots[title]
    calls = []
    original = getattr(view, work)
    setattr(view, work, lambda: (calls.append(1), original())[1])
    dock(window, "Outputs").raise_()
    QApplication.processEvents()
    window.scene.select(["h2"], [("x1", "h1")])  # on a big network: seconds of work
    window.scene.select(["y"], [("h2", "y")])
    assert calls == [] and view._stale
    dock(window, title).raise_()
    qtbot.waitUntil(lambda: len(calls) == 1 and not view._stale)
    if title == "Neuron":
        assert view.neuron_id == "y" and view.stack.currentIndex() == 1
    else:
        assert view.keys == [("h2", "y")] and not view.hint.isVisibleTo(view)

"""The Weight Matrix dock in the window: a click on a cell selects its connection on the
canvas, and the cells follow a training run live."""
import json

import numpy as np
import pytest

import mouse
from netsim import paths
from panel_runs import LONG
from window_state import settle

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no raise()


@pytest.fixture
def window(make_window, tmp_path):
    """XOR without a target error, so that a run goes on until it is stopped."""
    data = json.loads(paths.example("xor-worked-example").read_text(encoding="utf-8"))
    data["training"]["target_error"] = None
    path = tmp_path / "xor.netsim"
    path.write_text(json.dumps(data), encoding="utf-8")
    w = make_window()
    assert w.open_file(path)
    next(d for d in w.docks() if d.windowTitle() == "Weight Matrix").raise_()
    settle(w)
    return w


def test_clicking_a_cell_selects_its_connection_on_the_canvas(window, qtbot):
    view = window.plots["Weight Matrix"]
    assert view.in_sight and view.matrix.pair == (0, 1)
    mouse.click(view.plot, view.scene_point(1, 2))  # bias → h2
    assert window.scene.selection() == ([], [("b", "h2")])
    assert window.inspector.isVisible()
    view.pair_box.setCurrentIndex(1)  # into y
    mouse.click(view.plot, view.scene_point(0, 0))
    assert window.scene.selection() == ([], [("h1", "y")])


def test_the_cells_follow_a_training_run_live(window, qtbot):
    view = window.plots["Weight Matrix"]
    doc = window.document
    first_weights, first_picture = view.weights.copy(), view.image.image.copy()
    window.training.train(10_000_000)
    qtbot.waitUntil(lambda: not np.array_equal(view.weights, first_weights), timeout=LONG)
    assert window.training.is_running()  # shown while it runs, not only at its end
    assert not np.array_equal(view.image.image, first_picture)
    window.training.stop()
    qtbot.waitUntil(lambda: not window.training.is_running(), timeout=LONG)
    settle(window)
    np.testing.assert_array_equal(view.weights, view.matrix.weights(doc.weight_array()))
    w = doc.network
    assert view.weights[0, 0] == w.connection("x1", "h1").weight

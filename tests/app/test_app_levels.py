"""Seed 002's layered / not layered in the status bar, and View > Show Levels: bands that
hold exactly the levels the forward pass computes in, following edits made with the
mouse, their undo and File > Open; the toggle is off at first and remembered."""
import pytest
from PySide6.QtCore import Qt

import mouse
from netsim import paths
from netsim.canvas import tools
from netsim.engine.compiled import Compiled
from test_app_neuron_maps import choose_from_view_menu
from window_state import settle

XOR = paths.example("xor-worked-example")
SEED002 = paths.example("seed-002-network")


@pytest.fixture
def window(make_window):
    w = make_window()
    assert w.open_file(XOR)
    settle(w)
    return w


def connect(window, source, target):
    """Drag with the Connect tool from one neuron to the other, as a person does."""
    window.tools.set_current(tools.CONNECT)
    items = window.scene.neuron_items
    mouse.drag(window.view, items[source].pos(), items[target].pos())
    window.tools.set_current(tools.SELECT)


def undo(window, qtbot):
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def engine_levels(network):
    """The levels Compiled computes in: the inputs, then each block's neurons."""
    return [network.ids("input")] + [list(b.ids) for b in Compiled(network).blocks]


def shown_levels(window):
    """The non-bias neurons whose centres lie in each band, by band."""
    settle(window)
    item = window.level_bands.item
    assert item.scene() is window.scene and item.isVisible()
    net = window.document.network
    return [[nid for nid, n in net.neurons.items() if n.role != "bias"
             and band.contains(window.scene.neuron_items[nid].pos())]
            for band in item.bands]


def test_the_status_bar_says_layered_and_names_a_skip_after_an_edit_and_its_undo(window, qtbot):
    label = window.layering_label
    assert label.text() == "layered"
    assert label.isVisible()

    connect(window, "x1", "y")
    assert window.document.network.has_connection("x1", "y")
    assert label.text() == "not layered: x1 \u2192 y skips a level"

    undo(window, qtbot)
    assert not window.document.network.has_connection("x1", "y")
    assert label.text() == "layered"


def test_seed002s_non_layered_example_and_the_example_file(window, qtbot):
    """Seed 002: edges 1 → 2, 2 → 3 and 1 → 3 cannot be divided into layers."""
    connect(window, "h1", "h2")  # x1 → h1 → h2 beside x1 → h2
    assert window.layering_label.text() == \
        "not layered: x1 \u2192 h2 skips a level (and 2 more)"
    assert window.open_file(SEED002)  # one bias neuron per layer: layered
    assert window.layering_label.text() == "layered"


def test_a_long_name_is_cut_in_the_bar_and_whole_in_the_tooltip(window):
    net = window.document.network
    long = "a very long name " * 12
    window.document.set_neuron("x1", "label", long)
    connect(window, "x1", "y")
    label = window.layering_label
    assert label.text().startswith("not layered: a very") and "\u2026" in label.text()
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.MAX_WIDTH
    assert f"not layered: {long} \u2192 y skips a level" in label.toolTip()
    assert net.neurons["x1"].label == long


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no raise(), no grabs
def test_show_levels_is_off_at_first_then_draws_the_engines_levels(window, qtbot):
    action = window.main_actions.show_levels
    assert not action.isChecked() and window.level_bands.item.scene() is None
    choose_from_view_menu(window, qtbot, action)
    assert action.isChecked()
    net = window.document.network
    assert shown_levels(window) == engine_levels(net) == [["x1", "x2"], ["h1", "h2"], ["y"]]


def test_the_bands_move_when_a_connection_changes_the_levels_and_back_on_undo(window, qtbot):
    window.main_actions.show_levels.setChecked(True)
    assert len(shown_levels(window)) == 3

    connect(window, "h1", "h2")

    net = window.document.network
    assert shown_levels(window) == engine_levels(net) == [["x1", "x2"], ["h1"], ["h2"], ["y"]]
    undo(window, qtbot)
    assert shown_levels(window) == engine_levels(net) == [["x1", "x2"], ["h1", "h2"], ["y"]]


def test_the_bands_follow_a_moved_neuron_and_another_file(window, qtbot):
    window.main_actions.show_levels.setChecked(True)
    settle(window)
    items = window.scene.neuron_items
    mouse.drag(window.view, items["y"].pos(), items["y"].pos() + mouse.QPointF(0, 200))
    x, y = window.document.network.neurons["y"].position
    assert y > 250.0  # moved down, out of the band it had
    assert shown_levels(window)[2] == ["y"]
    assert window.level_bands.item.bands[2].contains(mouse.QPointF(x, y))

    assert window.open_file(SEED002)
    net = window.document.network
    assert shown_levels(window) == engine_levels(net) == [["n1"], ["n3", "n4"], ["n6", "n7"],
                                                           ["n9"]]


def test_show_levels_is_remembered(make_window, qtbot):
    first = make_window()
    first.main_actions.show_levels.setChecked(True)
    first.close()
    second = make_window()
    assert second.main_actions.show_levels.isChecked()
    assert second.open_file(XOR)
    assert len(shown_levels(second)) == 3

"""View > Neuron Heat Maps in the window: toggled from the menu, remembered, disabled
with the reason on a network that cannot have maps; the maps follow weight edits typed on
the canvas (and their undo), File > Open, the step-through and a training run, always
showing what a fresh window shows for the same weights."""
import numpy as np
import pytest
from PySide6.QtCore import Qt

import mouse
from netsim import paths
from netsim.document.commands import AddNeuron
from netsim.engine import Neuron
from netsim.engine.compiled import Compiled
from netsim.engine.plane import Plane, neuron_outputs
from window_state import settle

XOR = paths.example("xor-worked-example")
ONE_INPUT = paths.example("seed-002-network")  # 1-4-1: curves


@pytest.fixture
def window(make_window):
    w = make_window()
    assert w.open_file(XOR)
    settle(w)
    return w


def images(window) -> dict:
    """The picture each neuron's disc shows (None: none), by neuron id."""
    return {nid: None if item.thumbnail is None else item.thumbnail.image
            for nid, item in window.scene.neuron_items.items()}


def engine_values(doc) -> dict:
    net = doc.network
    grid = Plane.of(net, doc.dataset, len(net.ids("input")))
    return neuron_outputs(Compiled(net, grid.inputs), grid)


def assert_shows_the_document(window):
    """Every computing neuron's map holds the engine's outputs for the document's weights."""
    settle(window)
    expected = engine_values(window.document)
    shown = {nid: item.thumbnail for nid, item in window.scene.neuron_items.items()
             if item.thumbnail is not None}
    assert set(shown) == set(expected)
    for nid, values in expected.items():
        np.testing.assert_allclose(shown[nid].values, values, rtol=1e-12)


def choose_from_view_menu(window, qtbot, action):
    """Click View in the menu bar, then the action in the menu that opens."""
    bar, menu = window.menuBar(), window.main_actions.view_menu
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.actionGeometry(menu.menuAction()).center())
    qtbot.waitUntil(menu.isVisible)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible() and window.isActiveWindow())


def test_on_by_default_where_they_fit(window):
    action = window.main_actions.heat_maps
    assert action.isCheckable() and action.isChecked() and action.isEnabled()
    assert action in window.main_actions.view_menu.actions()
    assert action.toolTip() == action.statusTip() and "one or two inputs" in action.toolTip()
    assert_shows_the_document(window)


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no raise(), no grabs
def test_the_menu_toggles_them(window, qtbot):
    action = window.main_actions.heat_maps
    choose_from_view_menu(window, qtbot, action)
    assert not action.isChecked()
    assert all(image is None for image in images(window).values())
    choose_from_view_menu(window, qtbot, action)
    assert action.isChecked()
    assert_shows_the_document(window)


def test_a_weight_typed_on_the_canvas_redraws_them_and_undo_restores(window, qtbot):
    before = images(window)
    label = window.scene.connection_items[("x1", "h1")].label
    window.view.centerOn(label)
    mouse.double_click(window.view, label.scenePos())
    editor = window.view.editor
    assert editor is not None and editor.isVisible()
    editor.selectAll()
    qtbot.keyClicks(editor, "-5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.document.network.connection("x1", "h1").weight == -5.0
    settle(window)
    after = images(window)
    assert after["h1"] != before["h1"] and after["y"] != before["y"]
    assert after["h2"] == before["h2"]  # h2 does not read x1 -> h1
    assert_shows_the_document(window)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.document.network.connection("x1", "h1").weight == 0.25
    settle(window)
    assert images(window) == before


def test_file_open_shows_what_a_fresh_window_shows(window, make_window, dialogs, qtbot):
    for path in (paths.example("two-two-two"), ONE_INPUT):
        dialogs.paths.append(path)
        qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
        assert window.document.path == path
        fresh = make_window()
        assert fresh.open_file(path)
        window.activateWindow()  # the keys go to the first window again
        qtbot.waitUntil(window.isActiveWindow)
        settle(window)
        settle(fresh)
        ours, theirs = images(window), images(fresh)
        assert set(ours) == set(fresh.document.network.neurons)
        assert ours == theirs and any(image is not None for image in ours.values())
        assert_shows_the_document(window)
    curves = [item.thumbnail.curve for item in window.scene.neuron_items.values()
              if item.thumbnail is not None]
    assert len(curves) == 5 and all(c is not None for c in curves)  # 1-4-1: curves


def test_a_three_input_network_disables_the_action_and_says_why(window):
    action = window.main_actions.heat_maps
    doc = window.document
    doc.undo_stack.push(AddNeuron(doc, Neuron("x3", "input", position=(0.0, 500.0))))
    settle(window)
    reason = "Heat maps need a network with one or two inputs; this one has 3."
    assert not action.isEnabled() and action.isChecked()  # the choice is kept
    assert action.toolTip() == action.statusTip() == reason
    assert all(image is None for image in images(window).values())
    doc.undo_stack.undo()
    settle(window)
    assert action.isEnabled() and "one or two inputs" in action.toolTip()
    assert_shows_the_document(window)


def test_the_choice_is_remembered(make_window, qtbot):
    first = make_window()
    first.main_actions.heat_maps.setChecked(False)
    assert first.close()
    again = make_window()
    assert again.open_file(XOR)
    settle(again)
    assert not again.main_actions.heat_maps.isChecked()
    assert all(image is None for image in images(again).values())


def test_stepping_updates_them_with_the_step_throughs_weights(window, qtbot):
    before = images(window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F11)  # Step Row: row 0 ends in its update
    assert window.document.undo_stack.undoText().startswith("Update weights")
    settle(window)
    assert images(window)["y"] != before["y"]
    assert_shows_the_document(window)
    window.stepping.stop()


def test_they_follow_a_training_run_to_its_last_weights(window, qtbot):
    before = images(window)
    with qtbot.waitSignal(window.training.running_changed, timeout=60_000,
                          check_params_cb=lambda running: not running):
        window.training.train(300)
    settle(window)  # the run's last weights are drawn with the next live update
    assert images(window)["y"] != before["y"]
    assert_shows_the_document(window)
    window.document.undo_stack.setClean()


def test_an_exported_svg_shows_the_maps_as_the_png_does(window, tmp_path):
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer
    from netsim.app.export_image import PNG_SCALE, image_rect
    assert window.export_image(str(tmp_path / "xor.svg"))
    assert window.export_image(str(tmp_path / "xor.png"))
    text = (tmp_path / "xor.svg").read_text(encoding="utf-8")
    assert text.count("<image") == 3  # h1, h2, y: pictures (SVG keeps no clips or patterns)
    png = QImage(str(tmp_path / "xor.png"))
    svg = QImage(png.size(), QImage.Format.Format_ARGB32)
    svg.fill(QColor("white"))
    painter = QPainter(svg)
    QSvgRenderer(str(tmp_path / "xor.svg")).render(painter)
    painter.end()
    corner = image_rect(window.scene).topLeft()
    for nid in ("h1", "h2", "y"):
        centre = (window.scene.neuron_items[nid].pos() - corner) * PNG_SCALE
        # points of the disc clear of the glyph (text may be hinted differently in each)
        for dx, dy in ((-30, 12), (30, -12), (-12, -30), (12, 30), (24, 22), (-24, -22)):
            x, y = int(centre.x()) + dx, int(centre.y()) + dy
            a, b = QColor(png.pixel(x, y)), QColor(svg.pixel(x, y))
            assert max(abs(a.red() - b.red()), abs(a.green() - b.green()),
                       abs(a.blue() - b.blue())) <= 6, (nid, dx, dy)

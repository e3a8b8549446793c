"""The context menus: built with the function a right click uses, actions triggered."""
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication, QMenu

import mouse
from editing import Bench
from netsim.app.editor_menus import build_menu
from netsim.canvas import tools
from netsim.engine import ACTIVATIONS, NetworkError
from netsim.io.fileformat import dumps


def actions(menu: QMenu) -> dict:
    """Text -> action, submenus as "Menu/Item"."""
    out = {}
    for action in menu.actions():
        if action.isSeparator():
            continue
        out[action.text()] = action
        if action.menu() is not None:
            for sub in action.menu().actions():
                out[f"{action.text()}/{sub.text()}"] = sub
    return out


def neuron_menu(bench, nid):
    return actions(build_menu(bench.editor, "neuron", nid, bench.centre(nid)))


def test_neuron_menu_items(qtbot):
    bench = Bench.example(qtbot)
    menu = neuron_menu(bench, "h1")
    assert [t for t in menu if "/" not in t] == ["Rename\u2026", "Role", "Activation",
                                                 "Connect to All in Next Layer",
                                                 "Add Bias Neuron", "Show in Outputs", "Delete"]
    assert [t.split("/")[1] for t in menu if t.startswith("Role/")] == ["input", "hidden", "output", "bias"]
    assert [t.split("/")[1] for t in menu if t.startswith("Activation/")] == list(ACTIVATIONS)
    assert menu["Role/hidden"].isChecked() and menu["Activation/sigmoid"].isChecked()
    assert not menu["Activation/tanh"].isChecked()


def test_roles_a_neuron_cannot_take_are_disabled_with_the_reason(qtbot):
    bench = Bench.example(qtbot)
    menu = neuron_menu(bench, "h1")
    for role in ("input", "bias"):
        action = menu[f"Role/{role}"]
        assert not action.isEnabled()
        with pytest.raises(NetworkError) as refused:  # the engine's own words
            bench.network.copy().set_role("h1", role)
        assert action.toolTip() == action.statusTip() == str(refused.value)
    assert menu["Role/output"].isEnabled()
    bench.messages.clear()
    action = menu["Role/input"]
    action.parent().hovered.emit(action)  # what hovering it does
    assert bench.status == action.toolTip()
    menu = neuron_menu(bench, "x1")  # no incoming: every role is fine
    assert all(menu[f"Role/{r}"].isEnabled() for r in ("input", "hidden", "output", "bias"))


def test_role_and_activation_actions(qtbot):
    bench = Bench.example(qtbot)
    start = dumps(bench.doc.file)
    neuron_menu(bench, "h1")["Role/output"].trigger()
    assert bench.network.neurons["h1"].role == "output"
    assert bench.scene.neuron_items["h1"].role == "output"
    neuron_menu(bench, "h1")["Activation/tanh"].trigger()
    assert bench.network.neurons["h1"].activation == "tanh"
    assert bench.scene.neuron_items["h1"].glyph == "tanh"
    menu = neuron_menu(bench, "x1")
    assert not menu["Activation"].isEnabled()
    assert "no activation" in menu["Activation"].toolTip()
    menu["Role/bias"].trigger()
    assert bench.network.neurons["x1"].role == "bias"
    for _ in range(3):
        bench.stack.undo()
    assert dumps(bench.doc.file) == start


def test_connect_to_all_in_next_layer(qtbot):
    bench = Bench(qtbot)
    for tool, x, y in [(tools.ADD_INPUT, 0, 0), (tools.ADD_INPUT, 0, 160),
                       (tools.ADD_HIDDEN, 240, -80), (tools.ADD_HIDDEN, 250, 80),
                       (tools.ADD_HIDDEN, 235, 240), (tools.ADD_OUTPUT, 480, 80)]:
        bench.place(tool, x, y)
    count = bench.stack.count()
    # Nothing is connected yet: every level is 0, so the next layer is the next column.
    neuron_menu(bench, "x1")["Connect to All in Next Layer"].trigger()
    assert {c.key for c in bench.network.connections} == {("x1", "h1"), ("x1", "h2"), ("x1", "h3")}
    assert bench.stack.count() == count + 1
    assert bench.stack.text(count) == "Connect x1 to the next layer"
    # Now h1..h3 are level 1: the next layer of x2 (level 0) by levels.
    neuron_menu(bench, "x2")["Connect to All in Next Layer"].trigger()
    assert len(bench.network.connections) == 6
    neuron_menu(bench, "h2")["Connect to All in Next Layer"].trigger()
    assert bench.network.has_connection("h2", "y")
    menu = neuron_menu(bench, "y")  # nothing after the output
    assert not menu["Connect to All in Next Layer"].isEnabled()
    bench.stack.undo()
    bench.stack.undo()
    assert len(bench.network.connections) == 3


def test_next_layer_skips_what_is_refused(qtbot):
    bench = Bench.example(qtbot)
    count = bench.stack.count()
    # x1's next layer is h1, h2 (level 1): both already connected, so nothing to do.
    assert not neuron_menu(bench, "x1")["Connect to All in Next Layer"].isEnabled()
    bench.editor.connect_to_next_layer("x1")
    assert bench.stack.count() == count
    assert bench.status.startswith("Nothing to connect")


def test_add_bias_neuron(qtbot):
    bench = Bench.example(qtbot)
    count = bench.stack.count()
    start = dumps(bench.doc.file)
    neuron_menu(bench, "h2")["Add Bias Neuron"].trigger()
    assert bench.stack.count() == count + 1  # one macro
    new = [n for n in bench.network.neurons.values() if n.id not in ("x1", "x2", "b", "h1", "h2", "y")]
    assert [(n.id, n.role) for n in new] == [("b1", "bias")]
    x, y = new[0].position
    assert x < 240 and y > 160  # left of and below h2
    assert bench.network.connection("b1", "h2").weight == 0.0
    assert bench.scene.selection() == (["b1"], [])
    assert not neuron_menu(bench, "x1")["Add Bias Neuron"].isEnabled()
    bench.stack.undo()
    assert dumps(bench.doc.file) == start


def test_neuron_delete_takes_the_selection(qtbot):
    bench = Bench.example(qtbot)
    bench.scene.select(["h1", "h2"], [])
    neuron_menu(bench, "h1")["Delete"].trigger()
    assert set(bench.network.neurons) == {"x1", "x2", "b", "y"}
    bench.stack.undo()
    bench.scene.select(["h1"], [])
    neuron_menu(bench, "h2")["Delete"].trigger()  # not part of the selection: just it
    assert set(bench.network.neurons) == {"x1", "x2", "b", "h1", "y"}


def test_connection_menu(qtbot):
    bench = Bench.example(qtbot)
    key = ("h1", "y")

    def menu():
        return actions(build_menu(bench.editor, "connection", key, QPointF()))

    assert list(menu()) == ["Set Weight\u2026", "Name\u2026", "Frozen", "Delete"]
    assert not menu()["Frozen"].isChecked()
    menu()["Frozen"].trigger()
    assert bench.network.connection(*key).trainable is False
    assert bench.scene.connection_items[key].trainable is False
    assert menu()["Frozen"].isChecked()
    menu()["Frozen"].trigger()
    assert bench.network.connection(*key).trainable is True
    menu()["Set Weight\u2026"].trigger()
    assert bench.view.editor is not None and bench.view.editor.text() == "0.3"
    bench.view.close_editor()
    menu()["Delete"].trigger()
    assert not bench.network.has_connection(*key)


def test_canvas_menu_adds_neurons_where_clicked(qtbot):
    bench = Bench(qtbot)
    menu = actions(build_menu(bench.editor, "canvas", None, QPointF(123, 45)))
    assert list(menu) == ["Add Input Here", "Add Hidden Here", "Add Output Here", "Add Bias Here"]
    assert all(not a.icon().isNull() for a in menu.values())
    menu["Add Hidden Here"].trigger()
    assert bench.network.neurons["h1"].position == (123.0, 45.0)
    bench.view.set_snap(True)
    actions(build_menu(bench.editor, "canvas", None, QPointF(123, 45)))["Add Bias Here"].trigger()
    assert bench.network.neurons["b"].position == (120.0, 40.0)


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no raise(), no grabs
def test_right_click_pops_the_menu_up(qtbot):
    bench = Bench.example(qtbot)
    mouse.press(bench.view, bench.centre("h2"), mouse.Qt.MouseButton.RightButton)
    mouse.context_menu(bench.view, bench.centre("h2"))
    mouse.release(bench.view, bench.centre("h2"), mouse.Qt.MouseButton.RightButton)
    menu = bench.editor.menu
    assert menu is not None
    qtbot.waitUntil(menu.isVisible)
    assert "Add Bias Neuron" in actions(menu)
    assert bench.scene.selection() == (["h2"], [])
    menu.close()
    mouse.context_menu(bench.view, (700, 500))  # on the canvas
    qtbot.waitUntil(bench.editor.menu.isVisible)
    assert "Add Output Here" in actions(bench.editor.menu)
    assert bench.scene.selection() == ([], [])
    bench.editor.menu.close()
    QApplication.processEvents()

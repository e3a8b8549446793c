"""The canvas's context menu and the softmax group, chosen with the mouse through the menu
that a right click pops up."""
import pytest
import three_classes
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import mouse
from editing import Bench
from netsim.document import Document
from netsim.engine.network import NetworkError
from netsim.io.fileformat import dumps
from netsim.panels.activation_rules import LONE
from test_app_editor_menus import neuron_menu

OFFSCREEN = "This plugin does not support"  # offscreen: no raise(), no grabs


def engine_reason(network, call, *args):
    with pytest.raises(NetworkError) as refused:
        getattr(network.copy(), call)(*args)
    return str(refused.value)


def right_click(bench, nid):
    mouse.press(bench.view, bench.centre(nid), Qt.MouseButton.RightButton)
    mouse.context_menu(bench.view, bench.centre(nid))
    mouse.release(bench.view, bench.centre(nid), Qt.MouseButton.RightButton)
    menu = bench.editor.menu
    bench.qtbot.waitUntil(menu.isVisible)
    return menu


def click_through(bench, menu, *path):
    """Click the entries `path` ("Activation", "softmax") one after the other."""
    for text in path:
        action = next(a for a in menu.actions() if a.text() == text)
        bench.qtbot.mouseClick(menu, Qt.MouseButton.LeftButton,
                               pos=menu.actionGeometry(action).center())
        if action.menu() is not None:
            menu = action.menu()
            bench.qtbot.waitUntil(menu.isVisible)
    QApplication.processEvents()


@pytest.mark.qt_log_ignore(OFFSCREEN)
def test_choosing_softmax_on_one_output_sets_the_layer_in_one_step(qtbot):
    bench = Bench(qtbot, Document(three_classes.network_file("sigmoid")), centre=(180, 120))
    before = dumps(bench.doc.file)
    click_through(bench, right_click(bench, "y3"), "Activation", "softmax")
    net = bench.network
    assert [net.neurons[y].activation for y in ("y1", "y2", "y3")] == ["softmax"] * 3
    assert [bench.scene.neuron_items[y].glyph for y in ("y1", "y2", "y3")] == ["soft"] * 3
    assert bench.stack.count() == 1
    assert bench.stack.text(0) == "Set the activation of virginica to softmax"
    assert bench.status == ("Set the activation of virginica to softmax; also setosa, "
                            "versicolor: the outputs form one softmax group (a group of one output is always 1)")
    bench.stack.undo()
    assert dumps(bench.doc.file) == before
    assert bench.scene.neuron_items["y1"].glyph == "\u03c3"


@pytest.mark.qt_log_ignore(OFFSCREEN)
def test_softmax_on_a_hidden_neuron_is_disabled_and_says_why(qtbot):
    bench = Bench(qtbot, Document(three_classes.network_file()), centre=(180, 120))
    before = dumps(bench.doc.file)
    menu = right_click(bench, "h2")
    submenu = next(a for a in menu.actions() if a.text() == "Activation").menu()
    softmax = next(a for a in submenu.actions() if a.text() == "softmax")
    reason = engine_reason(bench.network, "set_activation", "h2", "softmax")
    assert not softmax.isEnabled() and softmax.toolTip() == softmax.statusTip() == reason
    click_through(bench, menu, "Activation", "softmax")  # a click on it does nothing
    assert dumps(bench.doc.file) == before and bench.stack.count() == 0
    submenu.hovered.emit(softmax)  # what hovering it does
    assert bench.status == reason
    menu.close()


def test_a_softmax_outputs_other_roles_are_disabled_with_the_engines_reason(qtbot):
    bench = Bench(qtbot, Document(three_classes.network_file()), centre=(180, 120))
    menu = neuron_menu(bench, "y2")
    for role in ("input", "hidden", "bias"):
        action = menu[f"Role/{role}"]
        assert not action.isEnabled()
        assert action.toolTip() == engine_reason(bench.network, "set_role", "y2", role)
    assert menu["Activation/softmax"].isChecked() and menu["Activation/tanh"].isEnabled()
    before = dumps(bench.doc.file)
    bench.editor.set_role("y2", "hidden")  # asked all the same (the Role menu of a window)
    assert bench.status == engine_reason(bench.network, "set_role", "y2", "hidden")
    assert dumps(bench.doc.file) == before


def test_the_one_output_of_xor_is_not_offered_softmax(qtbot):
    bench = Bench.example(qtbot)
    action = neuron_menu(bench, "y")["Activation/softmax"]
    assert not action.isEnabled() and action.toolTip() == LONE.format(name="y")
    before = dumps(bench.doc.file)
    bench.editor.set_activation("y", "softmax")
    assert bench.status == LONE.format(name="y") and dumps(bench.doc.file) == before

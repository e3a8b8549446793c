"""Hidden neurons as columns of the Outputs dock (seed 000 builds XOR from OR, NAND and
AND: with h1 and h2 shown, the OR and NAND truth tables stand beside XOR's). Chosen with
the mouse, through the menu a right click pops up on the canvas or on the table."""
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import mouse
from netsim import paths
from netsim.document import Document
from netsim.document.commands import shown_in_outputs
from netsim.io.fileformat import dumps, load, save
from test_app_softmax_menus import OFFSCREEN

USER = Qt.ItemDataRole.UserRole


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def headers(table):
    model = table.model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def column(table, header):
    model = table.model
    c = headers(table).index(header)
    return np.array([model.index(r, c).data(USER) for r in range(model.rowCount())])


def pick(qtbot, menu, text):
    """Click the entry `text` of the shown `menu`; its submenu, if it has one."""
    qtbot.waitUntil(menu.isVisible)
    action = next(a for a in menu.actions() if a.text() == text)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    QApplication.processEvents()
    return action.menu()


def right_click_neuron(window, nid):
    at = window.scene.neuron_items[nid].pos()
    mouse.press(window.view, at, Qt.MouseButton.RightButton)
    mouse.context_menu(window.view, at)
    mouse.release(window.view, at, Qt.MouseButton.RightButton)
    return window.editor.menu


def refreshed(qtbot, window):
    table = window.outputs_panel
    with qtbot.waitSignal(table.refreshed):
        pass
    return table


def open_in(window, path):
    assert window.open_file(path)
    window.outputs_dock.show()
    window.outputs_dock.raise_()
    return window


@pytest.fixture
def xor(make_window, tmp_path):
    """The example without the hidden columns its file asks for."""
    nf = load(paths.example("xor-from-or-nand-and"))
    nf.view = None
    save(tmp_path / "gates.netsim", nf)
    return open_in(make_window(), tmp_path / "gates.netsim")


def test_the_example_opens_with_the_or_and_nand_truth_tables_beside_xors(qtbot,
                                                                          make_window):
    window = open_in(make_window(), paths.example("xor-from-or-nand-and"))
    table = window.outputs_panel
    qtbot.waitUntil(lambda: "OR\nhidden" in headers(table))
    assert headers(table)[:4] == ["x1", "x2", "OR\nhidden", "NAND\nhidden"]
    assert list(np.round(column(table, "OR\nhidden"))) == [0, 1, 1, 1]
    assert list(np.round(column(table, "NAND\nhidden"))) == [1, 1, 1, 0]
    assert list(column(table, "AND\noutput").round()) == [0, 1, 1, 0]
    assert not window.document.modified


@pytest.mark.qt_log_ignore(OFFSCREEN)
def test_or_and_nand_shown_from_the_canvas_read_as_their_truth_tables(qtbot, xor):
    table = xor.outputs_panel
    assert headers(table) == ["x1", "x2", "AND\ntarget", "AND\noutput", "AND\nclass", "right",
                              "error\nJ"]
    for nid in ("nand", "or"):  # in the reverse order: the columns follow the network's
        pick(qtbot, right_click_neuron(xor, nid), "Show in Outputs")
        qtbot.waitUntil(lambda nid=nid: f"{xor.document.network.neurons[nid].name}\nhidden"
                        in headers(table))
    assert headers(table) == ["x1", "x2", "OR\nhidden", "NAND\nhidden", "AND\ntarget",
                              "AND\noutput", "AND\nclass", "right", "error\nJ"]
    x1, x2 = xor.document.dataset.x.T
    h_or, h_nand = sigmoid(20 * x1 + 20 * x2 - 10), sigmoid(-20 * x1 - 20 * x2 + 30)
    np.testing.assert_allclose(column(table, "OR\nhidden"), h_or, rtol=1e-12)
    np.testing.assert_allclose(column(table, "NAND\nhidden"), h_nand, rtol=1e-12)
    assert list(np.round(h_or)) == [0, 1, 1, 1] and list(np.round(h_nand)) == [1, 1, 1, 0]
    stack = xor.document.undo_stack
    assert [stack.text(k) for k in range(stack.count())] == ["Show NAND in Outputs",
                                                             "Show OR in Outputs"]
    assert xor.document.modified
    menu = right_click_neuron(xor, "or")
    shown = next(a for a in menu.actions() if a.text() == "Show in Outputs")
    assert shown.isChecked()
    menu.close()
    stack.undo()
    qtbot.waitUntil(lambda: "OR\nhidden" not in headers(table))
    assert headers(table)[2] == "NAND\nhidden"
    stack.undo()
    qtbot.waitUntil(lambda: headers(table)[2] == "AND\ntarget")
    assert not xor.document.modified


@pytest.mark.qt_log_ignore(OFFSCREEN)
def test_inputs_and_outputs_cannot_be_shown_and_the_menu_says_why(qtbot, xor):
    menu = right_click_neuron(xor, "y")
    shown = next(a for a in menu.actions() if a.text() == "Show in Outputs")
    assert not shown.isEnabled()
    assert shown.toolTip() == ("AND is an output neuron: the Outputs dock shows hidden "
                               "neurons as columns")
    pick(qtbot, menu, "Show in Outputs")  # a click on it does nothing
    assert xor.document.undo_stack.count() == 0
    menu.close()


@pytest.mark.qt_log_ignore(OFFSCREEN)
def test_the_tables_own_menu_shows_and_hides_hidden_neurons(qtbot, xor):
    table = xor.outputs_panel
    view = table.table
    qtbot.waitUntil(lambda: view.isVisible() and table.model.rowCount() == 4)
    # a right click on the table pops up its actions; the submenu lists the hidden neurons
    menu_action = table.hidden_menu.menuAction()
    assert menu_action in view.actions()
    table.hidden_menu.popup(view.mapToGlobal(view.rect().center()))
    qtbot.waitUntil(table.hidden_menu.isVisible)
    assert [a.text() for a in table.hidden_menu.actions()] == ["OR", "NAND"]
    pick(qtbot, table.hidden_menu, "NAND")
    qtbot.waitUntil(lambda: "NAND\nhidden" in headers(table))
    assert shown_in_outputs(xor.document) == ["nand"]
    table.hidden_menu.popup(view.mapToGlobal(view.rect().center()))
    qtbot.waitUntil(table.hidden_menu.isVisible)
    assert [a.isChecked() for a in table.hidden_menu.actions()] == [False, True]
    pick(qtbot, table.hidden_menu, "NAND")
    qtbot.waitUntil(lambda: "NAND\nhidden" not in headers(table))
    assert xor.document.undo_stack.count() == 2


def test_the_choice_is_saved_in_the_files_view_and_read_back(qtbot, tmp_path, xor):
    xor.editor.show_in_outputs("or", True)
    path = tmp_path / "xor.netsim"
    xor.document.save(path)
    assert load(path).view == {"outputs_shown": ["or"]}
    doc = Document.open(path)
    assert shown_in_outputs(doc) == ["or"]
    # a view that names a neuron gone or no longer hidden shows only the hidden ones
    doc.file.view = {"outputs_shown": ["y", "gone", "nand", 3]}
    assert shown_in_outputs(doc) == ["nand"]
    xor.editor.show_in_outputs("or", False)
    xor.document.save(path)
    assert load(path).view is None
    original = load(paths.example("xor-from-or-nand-and"))
    original.view = None
    assert dumps(load(path)) == dumps(original)


def test_a_hidden_neuron_shown_follows_training_and_deletion(qtbot, xor):
    table = xor.outputs_panel
    xor.editor.show_in_outputs("or", True)
    qtbot.waitUntil(lambda: "OR\nhidden" in headers(table))
    before = column(table, "OR\nhidden")
    xor.document.set_weights({("b", "or"): 0.0})
    qtbot.waitUntil(lambda: not np.allclose(column(table, "OR\nhidden"), before))
    x1, x2 = xor.document.dataset.x.T
    np.testing.assert_allclose(column(table, "OR\nhidden"), sigmoid(20 * x1 + 20 * x2),
                               rtol=1e-12)
    xor.editor.delete(["or"], [])
    qtbot.waitUntil(lambda: "OR\nhidden" not in headers(table))
    xor.document.undo_stack.undo()  # the neuron comes back, and so does its column
    qtbot.waitUntil(lambda: "OR\nhidden" in headers(table))

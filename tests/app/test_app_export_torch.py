"""File > Export > PyTorch Script...: the menu writes the training script of the network
shown (with its current weights and settings), says so in the status bar, and says in one
line why when it cannot."""
import ast

import pytest
from PySide6.QtCore import Qt

from netsim import paths
from netsim.io.fileformat import load


def choose(qtbot, menu, action):
    """Click `action` in the open `menu` and wait for the menu to close."""
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def open_export_menu(window, qtbot):
    """Click File in the menu bar, then Export in the File menu: the submenu opens."""
    acts = window.main_actions
    bar, file_menu, export = window.menuBar(), acts.file_menu, acts.export_menu
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.actionGeometry(file_menu.menuAction()).center())
    qtbot.waitUntil(file_menu.isVisible)
    file_menu.setActiveAction(export.menuAction())
    qtbot.keyClick(file_menu, Qt.Key.Key_Right)  # as a user opens a submenu from the keyboard
    qtbot.waitUntil(export.isVisible)
    return file_menu, export


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no raise(), no grabs
def test_file_export_pytorch_script_writes_the_shown_network(make_window, dialogs, qtbot,
                                                             tmp_path):
    window = make_window()
    window.open_example(paths.example("iris-softmax"))
    out = tmp_path / "iris.py"
    dialogs.paths.append(out)
    file_menu, export = open_export_menu(window, qtbot)
    assert [a.text() for a in export.actions()] == ["&Image\u2026", "&ONNX Model\u2026",
                                                   "&PyTorch Script\u2026", "&Step-Through\u2026",
                                                   "&Worksheet\u2026"]
    choose(qtbot, export, window.main_actions.export_torch)
    qtbot.waitUntil(lambda: out.exists())
    kind, suggested = dialogs.asked[-1]
    assert kind == "script" and suggested.endswith(".py") and dialogs.errors == []
    assigned = {node.targets[0].id: node.value for node in
                ast.parse(out.read_text(encoding="utf-8")).body if isinstance(node, ast.Assign)}
    nf = load(paths.example("iris-softmax"))
    assert ast.literal_eval(assigned["SETTINGS"]) == nf.training.as_dict()
    levels = ast.literal_eval(assigned["LEVELS"])
    assert [level["neurons"] for level in levels] == [[f"h{k}" for k in range(1, 9)],
                                                      ["o1", "o2", "o3"]]
    assert window.statusBar().currentMessage() == f"Exported {out} (PyTorch training script)"
    assert not window.document.undo_stack.count()  # exporting changes nothing


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_cancelled_dialog_writes_nothing(make_window, dialogs, qtbot, tmp_path):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    dialogs.paths.append("")  # Cancel
    _, export = open_export_menu(window, qtbot)
    choose(qtbot, export, window.main_actions.export_torch)
    qtbot.waitUntil(lambda: dialogs.kinds() == ["script"])
    assert dialogs.errors == [] and list(tmp_path.glob("*.py")) == []


def test_a_network_without_data_is_refused_in_one_line(make_window, dialogs, tmp_path):
    window = make_window()  # a new, empty network: nothing to train on
    out = tmp_path / "empty.py"
    dialogs.paths.append(out)
    window.main_actions.export_torch.trigger()
    assert dialogs.errors == [("Cannot export the training script",
                               "empty.py: cannot write a training script: there is no "
                               "training data: "
                               "the dataset has no rows")]
    assert not out.exists()
    window.open_example(paths.example("xor-worked-example"))
    assert not window.export_torch(str(tmp_path / "no such folder" / "x.py"))
    title, text = dialogs.errors[-1]
    assert text.startswith("x.py: cannot write the file: ") and "\n" not in text

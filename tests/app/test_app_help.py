"""The Help menu: Tutorial (F1), Keyboard Shortcuts (Ctrl+/) and About, driven by keys."""
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QMenu, QMessageBox, QPushButton

from netsim import __version__, paths
from netsim.app.help_menu import tutorial_path
from netsim.app.shortcuts_dialog import keys_text, live_actions, plain, shortcut_groups
from netsim.app.tutorial_window import MAX_IMAGE_WIDTH

# The offscreen platform cannot raise windows or pass size hints on, and says so.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

CTRL = Qt.KeyboardModifier.ControlModifier
README = Path(__file__).parents[2] / "README.md"
BOLD = re.compile(r"\*\*([^*\n]+)\*\*")
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


@pytest.fixture
def window(make_window):
    w = make_window()
    w.open_example(paths.example("xor-worked-example"))
    return w


def open_shortcuts(window, qtbot):
    window.activateWindow()  # the keys go to the active window
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_Slash, CTRL)
    dialog = window.main_actions.help.shortcuts_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def shortcut_actions(window):
    """Every action of the window that answers a key (the replaced Undo and Redo, which
    answer none, are deleted first)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    actions = live_actions(window)
    assert set(actions) == {a for a in window.findChildren(QAction) if a.shortcuts()}
    return actions


def test_help_menu_lists_tutorial_shortcuts_and_about(window):
    texts = [a.text() for a in window.main_actions.help_menu.actions() if not a.isSeparator()]
    assert texts == ["&Tutorial", "&Keyboard Shortcuts", "&About netsim"]


def test_no_two_actions_share_a_key(window):
    owners = {}
    for action in shortcut_actions(window):
        for key in action.shortcuts():
            owners.setdefault(key.toString(), []).append(action.text())
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}
    assert "F1" in owners and "Ctrl+/" in owners


def test_ctrl_slash_opens_the_shortcuts_dialog(window, qtbot):
    dialog = open_shortcuts(window, qtbot)
    assert dialog.windowTitle() == "Keyboard Shortcuts"
    rows = dialog.visible_rows()
    assert ("Edit", "Undo", "Ctrl+Z") in rows
    assert ("Edit", "Redo", "Ctrl+Shift+Z, Ctrl+Y") in rows
    assert ("Step", "Step", "F10") in rows
    assert ("Train", "Run", "F5") in rows
    assert ("Help", "Keyboard Shortcuts", "Ctrl+/") in rows
    assert ("Tools", "Select/Move", "V, Esc") in rows


def test_every_action_with_a_shortcut_is_listed(window, qtbot):
    dialog = open_shortcuts(window, qtbot)
    listed = {keys for _menu, _name, keys in dialog.visible_rows()}
    actions = shortcut_actions(window)
    assert len(actions) >= 25
    assert {keys_text(a) for a in actions} <= listed
    assert len(dialog.visible_rows()) == len(actions)
    menus = [menu for menu, _name, _keys in dialog.visible_rows()]
    assert "Other" not in menus  # every shortcut is in a menu, where people find it
    # grouped in menu bar order
    order = ["File", "Edit", "View", "Tools", "Network", "Step", "Train", "Help"]
    assert sorted(set(menus), key=menus.index) == order


def test_the_filter_narrows_the_list(window, qtbot):
    dialog = open_shortcuts(window, qtbot)
    everything = len(dialog.visible_rows())
    assert dialog.filter.hasFocus()
    qtbot.keyClicks(dialog.filter, "undo")
    assert [name for _menu, name, _keys in dialog.visible_rows()] == ["Undo"]
    dialog.filter.clear()
    qtbot.keyClicks(dialog.filter, "f10")
    assert {name for _m, name, _k in dialog.visible_rows()} == {"Step", "Step Back"}
    dialog.filter.clear()
    qtbot.keyClicks(dialog.filter, "step")  # the Step menu, and Compare Step Sizes
    rows = dialog.visible_rows()
    assert 1 < len(rows) < everything
    assert ("Train", "Compare Step Sizes", "Ctrl+Shift+L") in rows
    dialog.filter.clear()
    qtbot.keyClicks(dialog.filter, "no such thing")
    assert dialog.visible_rows() == [] and dialog.none_label.isVisible()
    dialog.filter.clear()
    assert len(dialog.visible_rows()) == everything


def test_the_list_follows_the_actions(window, qtbot):
    dialog = open_shortcuts(window, qtbot)
    dialog.close()
    window.training.run_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
    dialog = open_shortcuts(window, qtbot)
    assert ("Train", "Run", "Ctrl+Shift+R") in dialog.visible_rows()


def test_the_close_button_closes_the_dialog(window, qtbot):
    dialog = open_shortcuts(window, qtbot)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    dialog = open_shortcuts(window, qtbot)
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_f1_opens_the_tutorial_with_its_pictures(window, qtbot):
    QTest.keyClick(window, Qt.Key.Key_F1)
    tutorial = window.main_actions.help.tutorial_window
    assert tutorial is not None
    qtbot.waitUntil(tutorial.isVisible)
    text = tutorial.browser.toPlainText()
    assert "Draw XOR" in text and "Step through one row" in text
    assert "#" not in text.splitlines()[0]  # Markdown, shown as formatted text
    urls = tutorial.image_urls()
    linked = IMAGE_LINK.findall(tutorial_path().read_text(encoding="utf-8"))
    assert len(urls) == len(linked) >= 4
    for url in urls:
        image = tutorial.image(url)
        assert not image.isNull(), url.toString()
        assert image.width() <= MAX_IMAGE_WIDTH
    for name in linked:
        assert (tutorial_path().parent / name).is_file()


def test_the_tutorial_lives_with_the_resources():
    assert tutorial_path() == paths.resources_dir() / "docs" / "tutorial.md"
    assert tutorial_path().is_file()


def test_about_says_the_version_the_licence_and_the_versions(window, monkeypatch):
    said = []
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *args: said.append(args)))
    window.main_actions.about.trigger()
    (parent, title, text), = said
    assert parent is window and title == "About netsim"
    assert f"netsim {__version__}" in text and "MIT" in text
    for name in ("Python", "Qt", "PySide6", "NumPy", "pyqtgraph"):
        assert name in text


def menu_items(window):
    """{(menu, item)} for every menu of the window: the menu bar's, their submenus and the
    docks' menu buttons (Dataset ▸ Built-in)."""
    menus = [(plain(m.menuAction().text()), m) for m in window.findChildren(QMenu)]
    menus += [(plain(b.text()), b.menu()) for b in window.findChildren(QPushButton) if b.menu()]
    return {(title, plain(a.text())) for title, menu in menus for a in menu.actions()}


def named_items(path: Path) -> list[tuple[str, ...]]:
    """The menu items a text names in bold, as **Menu ▸ Item**."""
    text = path.read_text(encoding="utf-8")
    return [tuple(b.split(" ▸ ")) for b in BOLD.findall(text) if " ▸ " in b]


def test_the_tutorial_and_readme_name_real_menu_items(window):
    tutorial, readme = named_items(tutorial_path()), named_items(README)
    assert len(tutorial) >= 10 and ("Built-in", "XOR truth table") in tutorial
    assert len(readme) >= 4
    # a path through submenus (File ▸ Export ▸ ONNX Model…) names an item of each menu
    steps = {step for named in tutorial + readme for step in zip(named, named[1:])}
    assert steps <= menu_items(window)
    assert ("File", "Export", "ONNX Model\u2026") in tutorial


def test_the_readme_shortcut_table_matches_the_actions(window):
    readme = README.read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in readme.splitlines()
            if line.startswith("| ") and line.count("|") == 3}
    actions = window.main_actions
    for menu, entries in shortcut_groups(window, {actions.undo: "Undo", actions.redo: "Redo"}):
        for name, keys in entries:
            assert f"{keys} {name}" in rows[menu], (menu, name, keys)

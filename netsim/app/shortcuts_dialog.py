"""ShortcutsDialog: every action of the window that has a shortcut, grouped by menu.

The list is read from the window's own QActions each time the dialog is shown, so it
says what the keys really do. Menus come in menu bar order; an action that is in no menu
is listed under "Other" (an action in no menu, toolbar or widget answers no key and
is left out). Typing in the filter field keeps the rows whose menu, name or
keys contain every word typed.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QLineEdit, QMainWindow,
                               QMenu, QTreeWidget, QTreeWidgetItem, QVBoxLayout)

OTHER = "Other"
CANVAS_NOTE = ("On the canvas: arrow keys nudge the selection by 10 px (with Shift 1 px); "
               "the wheel zooms; drag with the middle button, or with Space held, to pan.")


def plain(text: str) -> str:
    """Menu text without its & mnemonics."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def keys_text(action: QAction) -> str:
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                     for k in action.shortcuts())


def live_actions(window: QMainWindow) -> list[QAction]:
    """The window's actions whose shortcuts work: they have one and are added to a menu,
    toolbar or widget (an action in none, e.g. a replaced Undo, answers no key)."""
    return [a for a in window.findChildren(QAction) if a.shortcuts() and a.associatedObjects()]


def _menu_actions(menu: QMenu) -> list[QAction]:
    """The actions of `menu` and of its submenus, in menu order."""
    found = []
    for action in menu.actions():
        if action.menu() is not None:
            found.extend(_menu_actions(action.menu()))
        elif not action.isSeparator():
            found.append(action)
    return found


def shortcut_groups(window: QMainWindow,
                    names: dict[QAction, str] | None = None) -> list[tuple[str, list]]:
    """[(menu title, [(action name, keys), ...]), ...] for every action of `window` that
    has a shortcut. `names` gives some actions a fixed name (Undo, whose text names the
    command it would undo)."""
    names = names or {}
    seen: set[QAction] = set()
    groups = []
    for top in window.menuBar().actions():
        if top.menu() is None:
            continue
        rows = []
        for action in _menu_actions(top.menu()):
            if action not in seen and action.shortcuts():
                seen.add(action)
                rows.append((names.get(action) or plain(action.text()), keys_text(action)))
        if rows:
            groups.append((plain(top.text()), rows))
    rest = [(names.get(a) or plain(a.text()), keys_text(a))
            for a in live_actions(window) if a not in seen]
    if rest:
        groups.append((OTHER, rest))
    return groups


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard Shortcuts")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter, e.g. undo, step or F5")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 240)
        self.none_label = QLabel("No shortcut matches the filter.")
        self.none_label.hide()
        note = QLabel(CANVAS_NOTE)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        for widget in (self.filter, self.tree, self.none_label, note, buttons):
            layout.addWidget(widget)
        self.resize(460, 560)
        layout.activate()  # settle the minimum size before a native window exists

    def __repr__(self) -> str:
        return f"ShortcutsDialog({len(self.visible_rows())} rows shown)"

    def refresh(self) -> None:
        """Read the window's actions again (their names and keys may have changed)."""
        actions = getattr(self.window, "main_actions", None)
        names = {}
        if actions is not None:
            names = {a: n for a, n in ((actions.undo, "Undo"), (actions.redo, "Redo")) if a}
        self.tree.clear()
        bold = self.font()
        bold.setBold(True)
        for title, rows in shortcut_groups(self.window, names):
            group = QTreeWidgetItem(self.tree, [title])
            group.setFont(0, bold)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for name, keys in rows:
                QTreeWidgetItem(group, [name, keys])
        self.tree.expandAll()
        self.apply_filter(self.filter.text())

    def apply_filter(self, text: str) -> None:
        words = text.lower().split()
        shown = 0
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            visible = 0
            for j in range(group.childCount()):
                row = group.child(j)
                haystack = f"{group.text(0)} {row.text(0)} {row.text(1)}".lower()
                hide = not all(word in haystack for word in words)
                row.setHidden(hide)
                visible += not hide
            group.setHidden(visible == 0)
            shown += visible
        self.none_label.setVisible(shown == 0)

    def visible_rows(self) -> list[tuple[str, str, str]]:
        """(menu, action, keys) of every row shown."""
        rows = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            for j in range(group.childCount()):
                row = group.child(j)
                if not group.isHidden() and not row.isHidden():
                    rows.append((group.text(0), row.text(0), row.text(1)))
        return rows

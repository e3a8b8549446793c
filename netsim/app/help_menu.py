"""The Help menu: Tutorial (F1), Keyboard Shortcuts (Ctrl+/) and About.

HelpMenu holds the two actions and the windows they open; each window is made the first
time it is asked for and shown again (raised, brought to the front) after that. The
About box says the version, the licence and the versions of what netsim runs on.
"""
from __future__ import annotations

import platform
from pathlib import Path

import numpy
import pyqtgraph
import PySide6
from PySide6.QtCore import QObject, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox, QWidget

from .. import __version__, paths
from .shortcuts_dialog import ShortcutsDialog
from .tutorial_window import TutorialWindow

TUTORIAL_KEY = "F1"
SHORTCUTS_KEY = "Ctrl+/"
DESCRIPTION = ("Build neural networks neuron by neuron and watch them learn: the "
               "feed-forward values, the deltas and the weight updates, with the real numbers.")
COPYRIGHT = "Copyright \u00a9 2026 the netsim authors"


def tutorial_path() -> Path:
    """The tutorial's Markdown file (resources/docs in a checkout, netsim/resources/docs
    in an installed wheel)."""
    return paths.resources_dir() / "docs" / "tutorial.md"


def versions() -> list[tuple[str, str]]:
    """(name, version) of everything netsim runs on."""
    return [("Python", platform.python_version()), ("Qt", qVersion()),
            ("PySide6", PySide6.__version__), ("NumPy", numpy.__version__),
            ("pyqtgraph", pyqtgraph.__version__)]


def about_html() -> str:
    parts = ", ".join(f"{name} {version}" for name, version in versions())
    return (f"<h3>netsim {__version__}</h3>"
            f"<p>{DESCRIPTION}</p>"
            f"<p>Free software under the MIT licence.<br>{COPYRIGHT}</p>"
            f"<p><small>Running on {parts}.</small></p>")


def show_about(window: QWidget) -> None:
    """The About box over `window` (its icon is the application's)."""
    QMessageBox.about(window, "About netsim", about_html())


class HelpMenu(QObject):
    """The Tutorial and Keyboard Shortcuts actions and the windows they open."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self.tutorial_window: TutorialWindow | None = None
        self.tutorial_action = self._action("&Tutorial", self.show_tutorial, TUTORIAL_KEY,
                                            "Draw, step through and train a first network")
        self.shortcuts_action = self._action("&Keyboard Shortcuts", self.show_shortcuts,
                                             SHORTCUTS_KEY, "Every key, menu by menu")

    def __repr__(self) -> str:
        return f"HelpMenu({self.window!r})"

    def _action(self, text: str, slot, key: str, tip: str) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(key))
        action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def actions(self) -> list[QAction]:
        return [self.tutorial_action, self.shortcuts_action]

    def show_shortcuts(self) -> ShortcutsDialog:
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = ShortcutsDialog(self.window)
        self.shortcuts_dialog.refresh()
        bring_forward(self.shortcuts_dialog)
        self.shortcuts_dialog.filter.setFocus()
        self.shortcuts_dialog.filter.selectAll()
        return self.shortcuts_dialog

    def show_tutorial(self) -> TutorialWindow:
        if self.tutorial_window is None:
            self.tutorial_window = TutorialWindow(tutorial_path(), self.window)
        bring_forward(self.tutorial_window)
        return self.tutorial_window


def bring_forward(widget: QWidget) -> None:
    widget.show()
    widget.raise_()
    widget.activateWindow()

"""RecentFiles: the File ▸ Open Recent list, most recent first, kept in QSettings.

The list is stored as one JSON string (an INI file would turn a one-item list into a
plain string). The menu is rebuilt whenever the list changes.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QMenu, QWidget

from ..plaintext import guessed, mnemonic

KEY = "files/recent"
MAX_RECENT = 10


class RecentFiles(QObject):
    changed = Signal()
    chosen = Signal(str)  # a path picked from the menu

    def __init__(self, settings: QSettings, parent: QWidget) -> None:
        super().__init__(parent)
        self._settings = settings
        self.menu = QMenu("Open &Recent", parent)
        self.menu.setObjectName("recentMenu")
        self.changed.connect(self._on_changed)
        self._on_changed()

    def __repr__(self) -> str:
        return f"RecentFiles({self.paths()!r})"

    # ---- the list ------------------------------------------------------------------
    def paths(self) -> list[str]:
        try:
            value = json.loads(str(self._settings.value(KEY, "[]")))
        except ValueError:
            return []
        return [p for p in value if isinstance(p, str)] if isinstance(value, list) else []

    def add(self, path: str | Path) -> None:
        """Put `path` first (moving it if it is already listed)."""
        path = os.path.abspath(os.fspath(path))
        self._store([path] + [p for p in self.paths() if p != path])

    def remove(self, path: str | Path) -> None:
        path = os.path.abspath(os.fspath(path))
        self._store([p for p in self.paths() if p != path])

    def clear(self) -> None:
        self._store([])

    def _store(self, paths: list[str]) -> None:
        self._settings.setValue(KEY, json.dumps(paths[:MAX_RECENT]))
        self.changed.emit()

    # ---- the menu ------------------------------------------------------------------
    def _on_changed(self) -> None:
        self.menu.clear()
        paths = self.paths()
        for number, path in enumerate(paths, start=1):
            # Number the first nine for keyboard access; the name's own '&' are text.
            name = mnemonic(os.path.basename(path))
            text = f"&{number} {name}" if number < 10 else name
            action = self.menu.addAction(text)
            action.setData(path)
            action.setToolTip(guessed(path))
            action.setStatusTip(path)
            action.triggered.connect(lambda _checked=False, p=path: self.chosen.emit(p))
        if paths:
            self.menu.addSeparator()
        clear = self.menu.addAction("&Clear Recent")
        clear.setObjectName("clearRecentAction")
        clear.setEnabled(bool(paths))
        clear.triggered.connect(self.clear)

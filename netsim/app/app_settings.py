"""Where the app keeps what it remembers between runs: settings and recovery files.

Settings are an INI file in the user's configuration folder (organisation and application
both "netsim"), so tests can move them with QSettings.setPath(IniFormat, UserScope, dir).
Recovery files live in the application data folder (QStandardPaths.AppDataLocation).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QStandardPaths

ORGANIZATION = "netsim"
APPLICATION = "netsim"


def user_settings(parent: QObject | None = None) -> QSettings:
    """The person's own settings (~/.config/netsim/netsim.ini on Linux)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                     ORGANIZATION, APPLICATION, parent)


def default_recovery_dir() -> Path:
    """The folder autosaved recovery files go to (~/.local/share/netsim/netsim/recovery)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    if not base:  # no application object yet, or an unusual platform
        base = str(Path.home() / ".netsim")
    return Path(base) / "recovery"

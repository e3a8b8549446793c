"""App tests never touch the person's settings or recovery files, and never block on a
dialog: each test gets its own settings folder and recovery folder, and windows made with
`make_window` answer their questions from a script (`Dialogs`)."""
import shutil

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from netsim import paths
from netsim.app import app_settings
from netsim.app.main_window import MainWindow

Button = QMessageBox.StandardButton


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, monkeypatch):
    """Settings made by the app itself (QSettings IniFormat/UserScope) and the default
    recovery folder both go under tmp_path."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "user-settings"))
    monkeypatch.setattr(app_settings, "default_recovery_dir", lambda: tmp_path / "user-recovery")


class Dialogs:
    """Scripted answers for a window's ask_* methods, and a record of what was asked."""

    def __init__(self):
        self.save_changes = []  # answers to "save the changes?", in order
        self.paths = []  # answers to open/save/export file choosers ("" = cancelled)
        self.restore = []  # answers to "restore unsaved changes?" (True = Yes)
        self.asked = []  # (kind, detail) for every question
        self.errors = []  # (title, text)
        self.messages = []  # (title, text)

    def install(self, window):
        window.ask_save_changes = self.ask_save_changes
        window.ask_open_path = lambda: self._path("open", "")
        window.ask_import_path = lambda: self._path("import", "")
        window.ask_save_path = lambda suggested: self._path("save", suggested)
        window.ask_export_path = lambda suggested: self._path("export", suggested)
        window.ask_model_path = lambda suggested: self._path("model", suggested)
        window.ask_script_path = lambda suggested: self._path("script", suggested)
        window.ask_animation_path = lambda suggested, kind: self._path("animation", suggested)
        window.ask_worksheet_path = lambda suggested: self._path("worksheet", suggested)
        window.ask_restore = self.ask_restore
        window.show_error = lambda title, text: self.errors.append((title, text))
        window.show_message = lambda title, text: self.messages.append((title, text))
        window.training.show_notice = lambda title, text: self.messages.append((title, text))
        return window

    def ask_save_changes(self, title):
        self.asked.append(("save changes", title))
        # Unscripted (a window closed at the end of a test): throw the changes away.
        return self.save_changes.pop(0) if self.save_changes else Button.Discard

    def _path(self, kind, suggested):
        self.asked.append((kind, suggested))
        return str(self.paths.pop(0)) if self.paths else ""

    def ask_restore(self, entry):
        self.asked.append(("restore", entry.title))
        return self.restore.pop(0)

    def kinds(self):
        return [kind for kind, _ in self.asked]


@pytest.fixture
def dialogs():
    return Dialogs()


@pytest.fixture
def settings_file(tmp_path):
    return tmp_path / "settings.ini"


@pytest.fixture
def recovery_dir(tmp_path):
    return tmp_path / "recovery"


@pytest.fixture
def make_window(qtbot, dialogs, settings_file, recovery_dir):
    """make_window(**kwargs): a shown MainWindow with scripted dialogs, its own settings
    file and recovery folder (both shared by every window of the test). With track=False
    the test looks after the window itself (one that is to crash)."""
    def make(show=True, track=True, **kwargs):
        kwargs.setdefault("settings", QSettings(str(settings_file), QSettings.Format.IniFormat))
        kwargs.setdefault("recovery_dir", recovery_dir)
        window = dialogs.install(MainWindow(**kwargs))
        if track:
            qtbot.addWidget(window)
        if show:
            window.resize(1000, 700)
            window.show()
            window.activateWindow()  # shortcuts go to the active window
            qtbot.waitUntil(window.isActiveWindow)
        return window
    return make


@pytest.fixture
def network_copy(tmp_path):
    """copy(name): a writable copy of an example in tmp_path."""
    def copy(name="xor-worked-example", as_name=None):
        target = tmp_path / (as_name or f"{name}.netsim")
        shutil.copyfile(paths.example(name), target)
        return target
    return copy

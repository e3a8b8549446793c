"""Starting the GUI, and rendering the window to a PNG without showing it (screenshots)."""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import NoReturn

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication

from .. import __version__, paths
from ..document import Document
from ..io.fileformat import FormatError
from .app_settings import APPLICATION, ORGANIZATION
from .icons import app_icon
from .main_window import MainWindow
from ..jobs.worker import end_all

WINDOW_SIZE = (1280, 800)


class ScreenshotError(ValueError):
    """The screenshot could not be made; the message is one line."""


def application() -> QApplication:
    """The running QApplication, or a new one named netsim."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    return app


def default_example() -> Path:
    return paths.example(paths.DEFAULT_EXAMPLE)


def run_gui(path: str | None = None) -> int:
    """Open `path` (or the default example) in the main window and run until it closes.

    If `path` cannot be loaded, the reason is shown and the default example opens instead.
    If the last run did not close cleanly, the window offers to restore its unsaved changes.
    The window's size and layout are those it had when it last closed.
    """
    app = application()
    window = MainWindow()
    if not window.settings.contains("window/geometry"):
        window.resize(*WINDOW_SIZE)
    if path is None or not window.open_file(path):
        window.open_example(default_example())
    window.show()
    window.offer_recovery()
    code = app.exec()
    window.settings.sync()
    end_all()  # no training process outlives the window
    return code


def leave(code: int) -> NoReturn:
    """End the process at once after run_gui: what the app keeps is saved by now (the
    settings, recovery files) and its training processes have ended, so the minute
    teardown of every Qt and Python object (0.3 to 2 s after Quit) is skipped."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def screenshot(out_path: str, file_path: str | None = None, size=WINDOW_SIZE) -> int:
    """Render the main window showing `file_path` (or the default example) to a PNG.

    Raises ScreenshotError (a ValueError) with a one-line message when the file cannot be
    loaded or the picture cannot be written.
    """
    if QApplication.instance() is None:
        # Nothing is shown, so no display is needed: render offscreen unless told otherwise.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = application()
    try:
        if file_path is not None:
            doc = Document.open(file_path)
        else:
            doc = Document(Document.open(default_example()).file)  # as File ▸ Open Example
    except FormatError as e:
        raise ScreenshotError(str(e)) from None
    folder = os.path.dirname(os.path.abspath(out_path))
    if not os.path.isdir(folder):
        raise ScreenshotError(f"cannot write {out_path}: the folder {folder} does not exist")

    # A fresh layout every time: settings and recovery files go to a folder thrown away.
    with tempfile.TemporaryDirectory(prefix="netsim-screenshot-") as scratch:
        settings = QSettings(os.path.join(scratch, "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings, recovery_dir=scratch, autosave_interval=0)
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.resize(*size)
        refusals = []
        window.show_error = lambda _title, text: refusals.append(text)  # never a dialog
        if not window.set_document(doc):
            window.close()
            raise ScreenshotError(refusals[0].rsplit("; ", 1)[0])  # not "Untitled stays open"
        window.show()
        app.processEvents()
        window.view.fit()
        app.processEvents()
        picture = window.grab()
        window.close()
        QCoreApplication.processEvents()
    if not picture.save(str(out_path), "PNG"):
        raise ScreenshotError(f"cannot write {out_path}")
    return 0

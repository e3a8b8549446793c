"""Starting the GUI, and rendering the window to a PNG without showing it (screenshots)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication

from .. import paths
from ..io import fileformat
from ..io.fileformat import FormatError
from .main_window import APP_NAME, MainWindow

WINDOW_SIZE = (1280, 800)


class ScreenshotError(ValueError):
    """The screenshot could not be made; the message is one line."""


def application() -> QApplication:
    """The running QApplication, or a new one named netsim."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    return app


def default_example() -> Path:
    return paths.example(paths.DEFAULT_EXAMPLE)


def run_gui(path: str | None = None) -> int:
    """Open `path` (or the default example) in the main window and run until it closes.

    If `path` cannot be loaded, the reason is shown and the default example opens instead.
    """
    app = application()
    window = MainWindow()
    window.resize(*WINDOW_SIZE)
    if path is None or not window.open_file(path):
        window.open_file(default_example())
    window.show()
    return app.exec()


def screenshot(out_path: str, file_path: str | None = None, size=WINDOW_SIZE) -> int:
    """Render the main window showing `file_path` (or the default example) to a PNG.

    Raises ScreenshotError (a ValueError) with a one-line message when the file cannot be
    loaded or the picture cannot be written.
    """
    if QApplication.instance() is None:
        # Nothing is shown, so no display is needed: render offscreen unless told otherwise.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = application()
    source = Path(file_path) if file_path is not None else default_example()
    try:
        nf = fileformat.load(source)
    except FormatError as e:
        raise ScreenshotError(str(e)) from None
    folder = os.path.dirname(os.path.abspath(out_path))
    if not os.path.isdir(folder):
        raise ScreenshotError(f"cannot write {out_path}: the folder {folder} does not exist")

    window = MainWindow()
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(*size)
    window.show_file(nf, source)
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

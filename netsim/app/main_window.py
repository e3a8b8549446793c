"""MainWindow: shows one network file on the canvas (read-only for now).

File ▸ Open…, Open Example ▸, Quit; View ▸ Show Weights, Fit to Window. The status bar
summarises the network and carries a small colour legend.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction, QKeySequence, QPalette
from PySide6.QtWidgets import QFileDialog, QLabel, QMainWindow, QMenu, QMessageBox, QWidget

from .. import paths
from ..canvas import style
from ..canvas.network_scene import NetworkScene
from ..canvas.network_view import NetworkView
from ..io import fileformat
from ..io.fileformat import FormatError, NetworkFile

APP_NAME = "netsim"
FILE_FILTER = "netsim networks (*.netsim)"


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary(nf: NetworkFile) -> str:
    """'6 neurons · 9 connections · dataset 4 rows'."""
    net = nf.network
    data = f"dataset {plural(len(nf.dataset), 'row')}" if nf.dataset is not None else "no dataset"
    return " \u00b7 ".join([plural(len(net.neurons), "neuron"),
                            plural(len(net.connections), "connection"), data])


def example_title(path: Path) -> str:
    """An example's own name, or its file stem if it has none (or cannot be read)."""
    try:
        return fileformat.load(path).name or path.stem
    except FormatError:
        return path.stem


def legend_html(palette: QPalette) -> str:
    def swatch(color, text: str, mark: str = "\u25cf") -> str:
        return f'<span style="color:{color.name()}">{mark}</span>&nbsp;{text}'
    parts = [swatch(style.role_outline(role, palette), role)
             for role in ("input", "bias", "hidden", "output")]
    parts += [swatch(style.weight_color(1.0, palette), "w &gt; 0", "\u2501"),
              swatch(style.weight_color(-1.0, palette), "w &lt; 0", "\u2501")]
    return "&nbsp;&nbsp;&nbsp;".join(parts)


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.file: NetworkFile | None = None
        self.path: Path | None = None
        self.scene = NetworkScene(self)
        self.view = NetworkView(self.scene, self)
        self.setCentralWidget(self.view)
        self.summary_label = QLabel()
        self.legend_label = QLabel(legend_html(self.palette()))
        self.statusBar().addWidget(self.summary_label, 1)
        self.statusBar().addPermanentWidget(self.legend_label)
        self._build_menus()
        self._update_title()
        # Settle the minimum size now: the offscreen platform warns when it changes
        # after the native window exists.
        self.layout().activate()

    def __repr__(self) -> str:
        return f"MainWindow({self.windowTitle()!r})"

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.open_action = QAction("&Open\u2026", self, shortcut=QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(self._on_open_triggered)
        file_menu.addAction(self.open_action)
        self.examples_menu = QMenu("Open &Example", self)
        for path in paths.examples():
            action = self.examples_menu.addAction(example_title(path))
            action.setData(str(path))
            action.triggered.connect(partial(self.open_file, path))
        file_menu.addMenu(self.examples_menu)
        file_menu.addSeparator()
        self.quit_action = QAction("&Quit", self, shortcut=QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)

        view_menu = self.menuBar().addMenu("&View")
        self.show_weights_action = QAction("Show &Weights", self, checkable=True, checked=True)
        self.show_weights_action.toggled.connect(self.scene.set_show_weights)
        view_menu.addAction(self.show_weights_action)
        self.fit_action = QAction("&Fit to Window", self, shortcut=QKeySequence("Ctrl+0"))
        self.fit_action.triggered.connect(self.view.fit)
        view_menu.addAction(self.fit_action)

    # ---- files ---------------------------------------------------------------------
    def open_file(self, path) -> bool:
        """Load and show `path`; on failure say why in a message box and keep the
        current network."""
        try:
            nf = fileformat.load(path)
        except FormatError as e:
            QMessageBox.critical(self, "Cannot open the file", str(e))
            return False
        self.show_file(nf, Path(path))
        return True

    def show_file(self, nf: NetworkFile, path: Path | None = None) -> None:
        """Show an already loaded network file."""
        self.file, self.path = nf, path
        self.scene.set_network(nf.network)
        self.summary_label.setText(summary(nf))
        self._update_title()
        self.view.fit()

    def _update_title(self) -> None:
        if self.file is None:
            self.setWindowTitle(APP_NAME)
            return
        name = self.file.name or (self.path.name if self.path else "untitled")
        self.setWindowTitle(f"{name} \u2014 {APP_NAME}")

    def _on_open_triggered(self) -> None:
        folder = str(self.path.parent) if self.path else str(paths.examples_dir())
        path, _ = QFileDialog.getOpenFileName(self, "Open Network", folder, FILE_FILTER)
        if path:
            self.open_file(path)

    # ---- Qt overrides --------------------------------------------------------------
    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.legend_label.setText(legend_html(self.palette()))
        super().changeEvent(event)

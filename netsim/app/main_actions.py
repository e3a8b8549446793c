"""MainActions: the main window's actions, menus and toolbars.

The actions call the window's public methods (new_document, open_file, save, ...); they
hold no state of their own. Undo and Redo come from the document's undo stack and are
replaced whenever the window shows another document (bind_undo_stack).

The window hands itself in; `Window` says what the actions use of it, so this module
never imports main_window (which imports this one).
"""
from __future__ import annotations

from functools import partial
from typing import Callable, Protocol

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMenu, QMenuBar, QToolBar, QWidget
from shiboken6 import isValid

from .. import paths
from ..canvas.level_bands import TIP as LEVELS_TIP
from ..canvas.neuron_maps import OFFERED as HEAT_MAPS_TIP
from ..io import fileformat
from ..io.fileformat import FormatError
from ..plaintext import guessed, mnemonic
from .help_menu import HelpMenu

class Window(Protocol):
    """What the actions need of the main window: the slots they call, the
    canvas they zoom, and the menus, docks and toolbars they put in order."""

    # File, Edit, Help (slots)
    new_document: Callable[[], object]
    open_dialog: Callable[[], object]
    import_onnx_dialog: Callable[[], object]
    save: Callable[[], object]
    save_as: Callable[[], object]
    export_image_dialog: Callable[[], object]
    export_onnx_dialog: Callable[[], object]
    export_torch_dialog: Callable[[], object]
    export_step_through_dialog: Callable[[], object]
    export_worksheet_dialog: Callable[[], object]
    close_document: Callable[[], object]
    select_all: Callable[[], object]
    about: Callable[[], object]
    open_example: Callable[[object], object]
    # the pieces: editor.delete_selection, view (zoom, fit, snap), scene.show_weights,
    # recent.menu, tools.actions, network_menu.menu, neuron_maps (set_on, reason, and
    # availability_changed), level_bands (set_on)
    editor: object
    view: QWidget
    scene: object
    recent: object
    tools: object
    network_menu: object
    neuron_maps: object
    level_bands: object
    extra_menus: list[QMenu]  # Step, Train
    extra_toolbars: list[QToolBar]  # stepping and training

    def docks(self) -> list[QDockWidget]: ...
    # and, being a QMainWindow:
    def close(self) -> bool: ...
    def menuBar(self) -> QMenuBar: ...
    def addToolBar(self, toolbar: QToolBar) -> None: ...
    def addToolBarBreak(self) -> None: ...


def example_title(path) -> str:
    """An example's own name, or its file stem if it has none (or cannot be read)."""
    try:
        return fileformat.load(path).name or path.stem
    except FormatError:
        return path.stem


def add_grouped(widget: QWidget, tools: list[QAction]) -> None:
    """The tool actions with a separator around the Add tools: Select | Add ... | Connect."""
    adding = [str(a.data()).startswith("add_") for a in tools]
    for i, action in enumerate(tools):
        if i and adding[i] != adding[i - 1]:
            widget.addSeparator()
        widget.addAction(action)


class LiteralUndoText(QObject):
    """Keeps an Undo or Redo action's text and tooltip literal: a command's text quotes
    names, and a menu would take their '&' as a shortcut, a tooltip their tags. A child
    of the action, so its connection to the stack ends soon after the action; connected
    after the stack's own, so it has the last word."""

    def __init__(self, action: QAction, prefix: str, text_changed, text: str) -> None:
        super().__init__(action)
        self.action, self.prefix = action, prefix
        text_changed.connect(self.show)
        self.show(text)

    def show(self, text: str) -> None:
        if not isValid(self.action):  # a stack emptied while the window is torn down
            return
        self.action.setText(f"{self.prefix} {mnemonic(text)}" if text else self.prefix)
        plain = self.prefix.replace("&", "")
        self.action.setToolTip(guessed(f"{plain} {text}" if text else plain))


class MainActions(QObject):
    def __init__(self, window: Window) -> None:
        super().__init__(window)
        self._window = window
        w = window
        # File
        self.new = self._action("&New", w.new_document, "Ctrl+N", "Start a new, empty network")
        self.open = self._action("&Open\u2026", w.open_dialog, "Ctrl+O", "Open a network file")
        self.import_onnx = self._action(
            "&Import ONNX Model\u2026", w.import_onnx_dialog, None,
            "Open a model trained elsewhere (an ONNX file of dense layers) as a new network "
            "(needs the onnx package)")
        self.save = self._action("&Save", w.save, "Ctrl+S", "Save the network")
        self.save_as = self._action("Save &As\u2026", w.save_as, "Ctrl+Shift+S",
                                    "Save the network under a new name")
        # File > Export
        self.export_image = self._action("&Image\u2026", w.export_image_dialog, None,
                                         "Save a picture of the network (PNG or SVG)")
        self.export_onnx = self._action(
            "&ONNX Model\u2026", w.export_onnx_dialog, None,
            "Save the network as an ONNX model, for onnxruntime, PyTorch and other engines "
            "(needs the onnx package)")
        self.export_torch = self._action(
            "&PyTorch Script\u2026", w.export_torch_dialog, None,
            "Save a Python script that trains the network with PyTorch, on a GPU or several "
            "machines, and writes the trained weights back as a netsim file")
        self.export_step_through = self._action(
            "&Step-Through\u2026", w.export_step_through_dialog, None,
            "Save one dataset row's step-through, stage by stage, as an animated GIF, APNG "
            "or MP4")
        self.export_worksheet = self._action(
            "&Worksheet\u2026", w.export_worksheet_dialog, None,
            "Save a worksheet of one row's forward pass, error, backward pass and update, "
            "with every formula and number (HTML or PDF; blank for students)")
        self.close = self._action("&Close", w.close_document, "Ctrl+W",
                                  "Close the network and start a new one")
        self.quit = self._action("&Quit", w.close, "Ctrl+Q", "Quit netsim")
        # Edit (undo and redo are bound to a document later)
        self.undo: QAction | None = None
        self.redo: QAction | None = None
        self.delete = self._action("&Delete", w.editor.delete_selection, None,
                                   "Delete the selected neurons and connections")
        # Del and Backspace delete on the canvas only: elsewhere they edit text.
        self.delete.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete),
                                  QKeySequence(Qt.Key.Key_Backspace)])
        self.delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        w.view.addAction(self.delete)
        self.select_all = self._action("Select &All", w.select_all, "Ctrl+A",
                                       "Select every neuron and connection")
        # View
        self.show_weights = self._action("Show &Weights", w.scene.set_show_weights, None,
                                         "Write each connection's weight on its arrow",
                                         checkable=True)
        self.show_weights.setChecked(w.scene.show_weights)
        self.heat_maps = self._action("Neuron &Heat Maps", w.neuron_maps.set_on, None,
                                      HEAT_MAPS_TIP, checkable=True)
        self.heat_maps.setChecked(True)  # shown wherever the network can have them
        w.neuron_maps.availability_changed.connect(self._on_heat_maps_offered)
        self._on_heat_maps_offered(w.neuron_maps.reason)
        self.show_levels = self._action("Show &Levels", w.level_bands.set_on, None, LEVELS_TIP,
                                        checkable=True)
        self.zoom_in = self._action("Zoom &In", w.view.zoom_in, None, "Zoom in")
        self.zoom_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.zoom_out = self._action("Zoom &Out", w.view.zoom_out, "Ctrl+-", "Zoom out")
        self.fit = self._action("&Fit to Window", w.view.fit, "Ctrl+0",
                                "Show the whole network")
        self.snap = self._action("&Snap to Grid", w.view.set_snap, None,
                                 "Place moved and new neurons on the grid", checkable=True)
        # Help
        self.help = HelpMenu(window)
        self.about = self._action("&About netsim", w.about, None, "Version and licence")

        self.examples_menu = QMenu("Open &Example", window)
        for path in paths.examples():
            action = self.examples_menu.addAction(example_title(path))
            action.setData(str(path))
            action.setStatusTip(f"Open the example {path.name}")
            action.triggered.connect(partial(w.open_example, path))
        self._build_menus()
        self._build_toolbars()

    def __repr__(self) -> str:
        return f"MainActions({self._window!r})"

    def _action(self, text: str, slot, shortcut: str | None, tip: str,
                checkable: bool = False) -> QAction:
        action = QAction(text, self._window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())
        return action

    def _on_heat_maps_offered(self, reason: str) -> None:
        """Heat maps are offered for the network shown, or not, and why ("" = offered)."""
        self.heat_maps.setEnabled(not reason)
        self.heat_maps.setToolTip(reason or HEAT_MAPS_TIP)
        self.heat_maps.setStatusTip(reason or HEAT_MAPS_TIP)

    # ---- menus and toolbars --------------------------------------------------------
    def _build_menus(self) -> None:
        w, bar = self._window, self._window.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.addActions([self.new, self.open])
        self.file_menu.addMenu(self.examples_menu)
        self.file_menu.addMenu(w.recent.menu)
        self.file_menu.addAction(self.import_onnx)
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.save, self.save_as])
        self.export_menu = self.file_menu.addMenu("&Export")
        self.export_menu.addActions([self.export_image, self.export_onnx, self.export_torch,
                                     self.export_step_through, self.export_worksheet])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.close, self.quit])

        self.edit_menu = bar.addMenu("&Edit")
        self._edit_separator = self.edit_menu.addSeparator()
        self.edit_menu.addActions([self.delete, self.select_all])

        self.view_menu = bar.addMenu("&View")
        self.view_menu.setToolTipsVisible(True)  # why Neuron Heat Maps is disabled
        self.view_menu.addActions([self.show_weights, self.heat_maps, self.show_levels])
        self.view_menu.addSeparator()
        self.view_menu.addActions([self.zoom_in, self.zoom_out, self.fit])
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.snap)
        self.view_menu.addSeparator()
        for dock in w.docks():
            self.view_menu.addAction(dock.toggleViewAction())

        self.tools_menu = bar.addMenu("&Tools")
        add_grouped(self.tools_menu, w.tools.actions)

        bar.addMenu(w.network_menu.menu)
        for menu in w.extra_menus:  # Step, Train
            bar.addMenu(menu)

        self.help_menu = bar.addMenu("&Help")
        self.help_menu.addActions(self.help.actions())
        self.help_menu.addSeparator()
        self.help_menu.addAction(self.about)

    def _build_toolbars(self) -> None:
        w = self._window
        self.tools_toolbar = QToolBar("Tools", w)
        self.tools_toolbar.setObjectName("toolsToolBar")
        # Names beside the icons: a newcomer reads "Add Hidden", not a grey circle.
        self.tools_toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.tools_toolbar.setIconSize(QSize(20, 20))
        add_grouped(self.tools_toolbar, w.tools.actions)
        w.addToolBar(self.tools_toolbar)
        w.addToolBarBreak()
        for toolbar in w.extra_toolbars:  # stepping and training, on their own row
            w.addToolBar(toolbar)
        # The toolbars in a submenu of their own: the Training dock and the Train toolbar
        # are two things, and the View menu should not list "Training" twice.
        self.toolbars_menu = QMenu("Tool&bars", w)
        for toolbar in (self.tools_toolbar, *w.extra_toolbars):
            self.toolbars_menu.addAction(toolbar.toggleViewAction())
        self.view_menu.addMenu(self.toolbars_menu)

    # ---- undo and redo -------------------------------------------------------------
    def bind_undo_stack(self, stack: QUndoStack) -> None:
        """Replace Undo and Redo with actions on `stack` (the shown document's)."""
        undo = stack.createUndoAction(self._window, "&Undo")
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo = stack.createRedoAction(self._window, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        LiteralUndoText(undo, "&Undo", stack.undoTextChanged, stack.undoText())
        LiteralUndoText(redo, "&Redo", stack.redoTextChanged, stack.redoText())
        for old, new in ((self.undo, undo), (self.redo, redo)):
            if old is not None:
                self.edit_menu.removeAction(old)
                old.deleteLater()
        self.edit_menu.insertActions(self._edit_separator, [undo, redo])
        self.undo, self.redo = undo, redo

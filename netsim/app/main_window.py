"""MainWindow: the editor around one document, and the document's life from New to Quit.

The window shows one Document at a time. The canvas, the inspector, the Network menu and
every dock and plot follow it (set_document), all or none: a document one of them cannot
show leaves each on the document before, and the window says why. After a switch every
panel shows what a fresh window shows for that document. Undo and Redo and the Undo
History dock are bound to its undo stack. Replacing or closing a modified document asks
first (maybe_save). A modified document is autosaved to a recovery file; offer_recovery()
brings back what a crash left.

Every question and file chooser goes through a small ask_*/show_* method so tests can
replace it.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QLabel, QMainWindow, QMenu,
                               QMessageBox, QTabBar, QToolBar, QUndoView, QWidget)

from ..canvas.network_scene import NetworkScene
from ..canvas.network_view import NetworkView
from ..canvas.tools import ToolActions
from ..document import Document
from ..io import fileformat
from ..io.fileformat import FormatError
from ..panels.dataset_dock import DatasetDock
from ..panels.equations import EquationPanel
from ..panels.inspector import Inspector
from ..panels.outputs_table import OutputsTable
from ..panels.refusal import RefusalLabel
from ..panels.training_panel import TrainingPanel
from ..plaintext import guessed, window_title
from ..plots.decision_view import DecisionView
from ..plots.error_curve import ErrorCurve
from ..plots.explorer_view import ExplorerView
from ..plots.gradient_check import GradientCheckView
from ..plots.landscape_view import LandscapeView
from ..plots.neuron_view import NeuronView
from ..plots.restarts_view import RestartsView
from . import app_settings, export_image, step_sizes
from .autosave import Autosave
from .editor import Editor
from .main_actions import MainActions
from .network_menu import NetworkMenu
from .recent_files import RecentFiles
from .recovery import Recoverable, RecoveryFolder
from .stepping import StepController
from .stepping import connect_panel as connect_equations
from .training import TrainingController
from .training import connect_panel as connect_training
from .status_bar import StatusBar, legend_html, summary

APP_NAME = "netsim"
FILE_FILTER = "netsim networks (*.netsim)"
SUFFIX = ".netsim"
AUTOSAVE_INTERVAL_MS = 30_000
STATE_VERSION = 4  # bump when the docks or toolbars change, to drop saved layouts
STATUS_MS = 5000  # how long a passing status message stays
DOCK_WIDTH = 320
MINIMUM_SIZE = (640, 420)


def one_line(error: Exception, path) -> str:
    """A save error as '<file name>: <reason>' on one line."""
    if isinstance(error, FormatError):
        return str(error)
    reason = getattr(error, "strerror", None) or str(error)
    return " ".join(f"{os.path.basename(os.fspath(path))}: {reason}".splitlines())


class MainWindow(QMainWindow):
    def __init__(self, parent: QWidget | None = None, *, settings: QSettings | None = None,
                 recovery_dir: str | Path | None = None,
                 autosave_interval: int = AUTOSAVE_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.settings = settings if settings is not None else app_settings.user_settings(self)
        self.recovery = RecoveryFolder(recovery_dir if recovery_dir is not None
                                       else app_settings.default_recovery_dir())
        self.document: Document | None = None
        # Compare Step Sizes rearranges the docks for its lesson; while the docks it hid
        # stay hidden, the layout saved for the next start is the one from before it.
        self.hidden_for_lesson: list[QDockWidget] = []
        self._layout_before_lesson: QByteArray | None = None

        self.scene = NetworkScene(self)
        self.view = NetworkView(self.scene, self)
        self.setCentralWidget(self.view)
        self.recent = RecentFiles(self.settings, self)
        self.recent.chosen.connect(self.open_recent)
        self._build_editor()
        self._build_docks()
        self.main_actions = MainActions(self)
        # Taken once the toolbars are in too: View ▸ Reset Layout puts them back in rows.
        self.default_layout = self.saveState(STATE_VERSION)
        self.reset_layout_action = self._reset_layout_action()
        self._build_status_bar()

        self.autosave = Autosave(self.recovery, autosave_interval, self)
        self.autosave.failed.connect(self.show_status)
        for refusal in self.findChildren(RefusalLabel):
            refusal.withdrawn.connect(self._on_refusal_withdrawn)

        # Files dropped anywhere, the canvas included, open here: the view would take
        # the drop for its scene (which wants none) and swallow it.
        self.setAcceptDrops(True)
        self.view.setAcceptDrops(False)
        self.view.viewport().setAcceptDrops(False)
        self.set_document(Document())
        self._restore_layout()
        # A fixed minimum size: otherwise it follows the docks as they are shown and
        # hidden, and the offscreen platform warns when it changes after the native
        # window exists.
        self.setMinimumSize(*MINIMUM_SIZE)
        self.layout().activate()

    def __repr__(self) -> str:
        return f"MainWindow({self.windowTitle()!r})"

    # ---- building --------------------------------------------------------------------
    def _build_editor(self) -> None:
        """The editing pieces: tools, the canvas controller, the inspector, Network menu."""
        self.tools = ToolActions(self)
        self.editor = Editor(self.scene, self.view, self.tools, self)
        self.editor.status.connect(self.show_status)
        self.inspector = Inspector(self)
        self.inspector.status.connect(self.show_status)
        self.network_menu = NetworkMenu(self)
        self.network_menu.set_scene(self.scene)
        self.network_menu.status.connect(self.show_status)
        self.scene.selectionChanged.connect(self._on_selection_changed)
        self.dataset_panel = DatasetDock(self)
        self.dataset_panel.status.connect(self.show_status)
        self.dataset_panel.failed.connect(lambda title, text: self.show_error(title, text))
        self.outputs_panel = OutputsTable(self)
        self.stepping = StepController(self.scene, self)
        self.stepping.status.connect(self.show_status)
        self.equations = EquationPanel(self)
        connect_equations(self.stepping, self.equations)
        self.training = TrainingController(self)
        self.training.status.connect(self.show_status)
        self.training_panel = TrainingPanel(self)
        self.training_panel.status.connect(self.show_status)
        connect_training(self.training, self.training_panel)
        self._build_plots()
        self.extra_menus = [self.stepping.menu(self), self._training_menu()]
        self.extra_toolbars = [self.stepping.toolbar(self), self._training_toolbar()]
        # Everything that shows or edits the current document, told when it is replaced,
        # by the name a refusal to show a document gives it.
        self.followers = {
            "the canvas": self.editor, "the Inspector": self.inspector,
            "the Network menu": self.network_menu, "the Dataset dock": self.dataset_panel,
            "the Outputs dock": self.outputs_panel, "the Step menu": self.stepping,
            "the Train menu": self.training, "the Training dock": self.training_panel,
            **{f"the {title} plot": plot for title, plot in self.plots.items()}}

    def _build_plots(self) -> None:
        """The plot docks' widgets, by dock title: every number in them is the engine's."""
        self.error_curve = ErrorCurve(self)
        self.error_curve.connect_training(self.training)
        explorer, landscape = ExplorerView(self), LandscapeView(self)
        explorer.compared.connect(landscape.set_rates)  # a path for every compared rate
        self.plots = {
            "Error Curve": self.error_curve,
            "Learning Rates": explorer,
            "Error Landscape": landscape,
            "Decision Map": DecisionView(self),
            "Neuron": NeuronView(self),
            "Gradient Check": GradientCheckView(self),
            "Restarts": RestartsView(self),
        }

    def _training_menu(self) -> QMenu:
        menu = QMenu("T&rain", self)
        t = self.training
        menu.addActions([t.run_action, t.pause_action, t.stop_action])
        menu.addSeparator()
        menu.addAction(t.train_n_action)
        menu.addSeparator()
        self.compare_step_sizes_action = step_sizes.action(self)
        menu.addAction(self.compare_step_sizes_action)
        return menu

    def _training_toolbar(self) -> QToolBar:
        bar = QToolBar("Train", self)
        bar.setObjectName("trainingToolBar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        t = self.training
        bar.addActions([t.run_action, t.pause_action, t.stop_action])
        return bar

    def _build_docks(self) -> None:
        right = Qt.DockWidgetArea.RightDockWidgetArea
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        # The side panels (inspector, dataset table, settings, history) run the full
        # height of the window; the plots sit under the canvas.
        self.setCorner(Qt.Corner.BottomRightCorner, right)
        self.inspector_dock = self._dock("Inspector", "inspectorDock", self.inspector, right)
        self.undo_view = QUndoView()
        self.undo_view.setEmptyLabel("Original network")
        self.undo_view.setAlternatingRowColors(True)
        self.history_dock = self._dock("Undo History", "undoHistoryDock", self.undo_view, right)
        self.splitDockWidget(self.inspector_dock, self.history_dock, Qt.Orientation.Vertical)
        self.dataset_dock = self._dock("Dataset", "datasetDock", self.dataset_panel, right)
        self.training_dock = self._dock("Training", "trainingDock", self.training_panel, right)
        self.tabifyDockWidget(self.inspector_dock, self.dataset_dock)
        self.tabifyDockWidget(self.dataset_dock, self.training_dock)
        self.inspector_dock.raise_()
        self.outputs_dock = self._dock("Outputs", "outputsDock", self.outputs_panel, bottom)
        self.equations_dock = self._dock("Equations", "equationsDock", self.equations, bottom)
        self.tabifyDockWidget(self.outputs_dock, self.equations_dock)
        self.plot_docks = []
        previous = self.equations_dock
        for title, widget in self.plots.items():
            name = "".join(word.lower() if i == 0 else word for i, word in
                           enumerate(title.split())) + "Dock"
            dock = self._dock(title, name, widget, bottom)
            self.tabifyDockWidget(previous, dock)
            self.plot_docks.append(dock)
            previous = dock
            if hasattr(widget, "set_in_sight"):  # behind a tab it skips its work
                dock.visibilityChanged.connect(widget.set_in_sight)
        self.outputs_dock.raise_()
        self._default_sizes()

    def _default_sizes(self) -> None:
        self.resizeDocks([self.inspector_dock], [DOCK_WIDTH], Qt.Orientation.Horizontal)
        self.resizeDocks([self.inspector_dock, self.history_dock], [520, 200],
                         Qt.Orientation.Vertical)
        self.resizeDocks([self.outputs_dock], [300], Qt.Orientation.Vertical)

    def _reset_layout_action(self) -> QAction:
        action = QAction("&Reset Layout", self)
        action.setStatusTip("Put every dock and toolbar back where it was at first")
        action.triggered.connect(lambda _checked=False: self.reset_layout())
        self.main_actions.view_menu.addSeparator()
        self.main_actions.view_menu.addAction(action)
        return action

    def reset_layout(self) -> None:
        """Every dock back in its first place and size, shown, docked."""
        for dock in self.docks():
            dock.setFloating(False)
        self.restoreState(self.default_layout, STATE_VERSION)
        self.hidden_for_lesson, self._layout_before_lesson = [], None
        for dock in self.docks():
            dock.show()
        self.inspector_dock.raise_()
        self.outputs_dock.raise_()
        self._default_sizes()
        self.hide_stray_tab_bars()

    def _dock(self, title: str, name: str, widget: QWidget,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def docks(self) -> list[QDockWidget]:
        return [self.inspector_dock, self.dataset_dock, self.training_dock, self.history_dock,
                self.outputs_dock, self.equations_dock, *self.plot_docks]

    def _build_status_bar(self) -> None:
        self.summary_label = QLabel()
        self.legend_label = QLabel(legend_html(self.palette()))
        # Both permanent, on the right: the editor's messages own the left side, so a
        # message never draws over the summary.
        self.summary_label.setContentsMargins(0, 0, 12, 0)
        bar = StatusBar(self)
        self.setStatusBar(bar)
        bar.addPermanentWidget(self.summary_label)
        bar.addPermanentWidget(self.legend_label)
        bar.set_legend(self.legend_label)

    # ---- the document ----------------------------------------------------------------
    def set_document(self, doc: Document) -> bool:
        """Show `doc` (the window takes it) in every follower, or in none: if one of them
        cannot show it, each goes back to the document shown before, which stays, and the
        window says why in one line (False). The previous document is dropped."""
        old = self.document
        switched = []
        try:
            for name, follower in self.followers.items():
                switched.append(follower)
                follower.set_document(doc)
            name = "showing the selection"
            self._on_selection_changed()
        except Exception as error:  # noqa: BLE001 - whatever it is, the old document stays
            for follower in reversed(switched):
                with contextlib.suppress(Exception):  # it showed `old` a moment ago
                    follower.set_document(old)
            with contextlib.suppress(Exception):
                self._on_selection_changed()
            self._refuse_document(doc, old, name, error)
            return False
        if old is not None:
            old.changed.disconnect(self._on_document_changed)
            old.path_changed.disconnect(self._on_document_path_changed)
        doc.setParent(self)
        self.document = doc
        self.autosave.set_document(doc)
        self.undo_view.setStack(doc.undo_stack)
        self.main_actions.bind_undo_stack(doc.undo_stack)
        doc.changed.connect(self._on_document_changed)
        doc.path_changed.connect(self._on_document_path_changed)
        self._on_document_path_changed()
        self.summary_label.setText(summary(doc.file))
        self.view.fit()
        self.statusBar().clearMessage()  # what was said was about the document before
        if old is not None:
            old.deleteLater()
        return True

    def _refuse_document(self, doc: Document, old: Document | None, name: str,
                         error: Exception) -> None:
        reason = " ".join(f"{type(error).__name__}: {error}".split())
        text = f"Cannot show {doc.title}: {name} failed with {reason}"
        if old is not None:
            text += f"; {old.title} stays open"
        self.show_status(text)
        self.show_error("Cannot show the network", text)

    def _replace_document(self, doc: Document) -> bool:
        """Close the shown document (already saved or discarded) and show `doc`; False
        (the shown document stays) if the window cannot show it."""
        recovery_file = self.autosave.file
        if not self.set_document(doc):
            return False
        self.recovery.remove(recovery_file)
        return True

    def _on_document_changed(self, _change) -> None:
        self.summary_label.setText(summary(self.document.file))

    def _on_document_path_changed(self) -> None:
        doc = self.document
        self.setWindowTitle(f"{window_title(doc.title)}[*] \u2014 {APP_NAME}")
        self.setWindowModified(doc.modified)

    def _on_selection_changed(self) -> None:
        selection = self.scene.selection()
        self.inspector.set_selection(*selection)
        self.equations.set_selection(*selection)
        for title in ("Error Landscape", "Neuron"):
            self.plots[title].set_selection(*selection)

    def maybe_save(self) -> bool:
        """Before the document goes away: True to go on (saved, discarded or nothing to
        save), False if the person cancelled (or saving failed)."""
        doc = self.document
        if doc is None or not doc.modified:
            return True
        answer = self.ask_save_changes(doc.title)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.autosave.drop()
            return True
        return False

    # ---- File menu -------------------------------------------------------------------
    def new_document(self) -> bool:
        if not self.maybe_save():
            return False
        return self._replace_document(Document())

    def close_document(self) -> bool:
        """Close the document; an empty one takes its place."""
        return self.new_document()

    def open_file(self, path) -> bool:
        """Open `path` in place of the shown document. A file that cannot be read is
        reported and leaves the shown document as it was."""
        try:
            doc = Document.open(path)
        except FormatError as e:
            self.show_error("Cannot open the file", str(e))
            return False
        if not self.maybe_save() or not self._replace_document(doc):
            return False
        self.recent.add(path)
        self._remember_folder(path)
        self.show_status(f"Opened {doc.title}")
        return True

    def open_example(self, path) -> bool:
        """Open an example as a new untitled network (Save asks where to put it)."""
        try:
            nf = fileformat.load(path)
        except FormatError as e:
            self.show_error("Cannot open the example", str(e))
            return False
        if not self.maybe_save():
            return False
        return self._replace_document(Document(nf))

    def open_recent(self, path: str) -> bool:
        if not os.path.exists(path):
            self.recent.remove(path)
            self.show_message("Open Recent", f"{os.path.basename(path)} is no longer in "
                              f"{os.path.dirname(path)}, so it was removed from the list.")
            return False
        return self.open_file(path)

    def open_dialog(self) -> bool:
        path = self.ask_open_path()
        return self.open_file(path) if path else False

    def save(self) -> bool:
        doc = self.document
        return self.save_as() if doc.path is None else self._write(doc.path)

    def save_as(self) -> bool:
        path = self.ask_save_path(self._suggested_name(SUFFIX))
        if not path:
            return False
        if not os.path.splitext(path)[1]:
            path += SUFFIX
        return self._write(path)

    def _write(self, path) -> bool:
        try:
            self.document.save(path)
        except (OSError, FormatError) as e:
            self.show_error("Cannot save the network", one_line(e, path))
            return False
        self.autosave.drop()
        self.recent.add(path)
        self._remember_folder(path)
        self.show_status(f"Saved {self.document.path}")
        return True

    def export_image_dialog(self) -> bool:
        path = self.ask_export_path(self._suggested_name(".png"))
        return self.export_image(path) if path else False

    def export_image(self, path: str) -> bool:
        """Write a PNG or SVG picture of the network, chosen by `path`'s extension."""
        try:
            export_image.export(self.scene, path, self.document.title)
        except (OSError, ValueError) as e:
            self.show_error("Cannot export the picture", one_line(e, path))
            return False
        self.show_status(f"Exported {path}")
        return True

    def _suggested_name(self, suffix: str) -> str:
        doc = self.document
        if doc.path is not None:
            return str(doc.path.with_suffix(suffix))
        return os.path.join(self._last_folder(), (file_stem(doc.title) or "network") + suffix)

    def _last_folder(self) -> str:
        """Where the last file was opened or saved (at first: the home folder)."""
        return str(self.settings.value("files/folder", "") or Path.home())

    def _remember_folder(self, path) -> None:
        self.settings.setValue("files/folder", os.path.dirname(os.path.abspath(path)))

    # ---- Edit menu -------------------------------------------------------------------
    def select_all(self) -> None:
        net = self.document.network
        self.scene.select(list(net.neurons), [c.key for c in net.connections])

    # ---- Help menu -------------------------------------------------------------------
    def about(self) -> None:
        """The About box: version, licence and the versions of what netsim runs on."""
        from .help_menu import show_about
        show_about(self)

    # ---- recovery --------------------------------------------------------------------
    def offer_recovery(self) -> bool:
        """Offer to restore what a crash left in the recovery folder; True if restored."""
        for entry in self.recovery.pending():
            if entry.file == self.autosave.file:
                continue  # this window's own
            if not self.ask_restore(entry):
                self.recovery.remove(entry.file)
                continue
            try:
                nf = self.recovery.load(entry)
            except FormatError as e:
                self.show_error("Cannot restore the network", str(e))
                self.recovery.remove(entry.file)
                continue
            if not self.maybe_save():
                return False
            doc = Document(nf, entry.path)
            doc.undo_stack.resetClean()  # modified: the changes are not in the file yet
            if not self._replace_document(doc):
                return False
            self.autosave.adopt(entry.file)
            self.show_status(f"Restored unsaved changes to {entry.title}")
            return True
        return False

    # ---- the window's layout ---------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        restored = isinstance(state, QByteArray) and not state.isEmpty()
        if restored:
            restored = self.restoreState(state, STATE_VERSION)
        # Dock sizes set before the window is first shown are not kept: without a saved
        # layout, the first show sets them.
        self._size_docks_when_shown = not restored
        for action, key in self._remembered_toggles():
            action.setChecked(str(self.settings.value(key, action.isChecked())).lower() == "true")

    def _save_layout(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self._layout_to_keep())
        for action, key in self._remembered_toggles():
            self.settings.setValue(key, action.isChecked())
        self.settings.sync()

    def lesson_hides(self, docks: list[QDockWidget]) -> None:
        """Compare Step Sizes is about to rearrange the docks and hide `docks`."""
        if self._layout_before_lesson is None or not self._lesson_layout_shown():
            self._layout_before_lesson = self.saveState(STATE_VERSION)
            self.hidden_for_lesson = list(docks)

    def _lesson_layout_shown(self) -> bool:
        """Whether the docks Compare Step Sizes hid are all still hidden."""
        return bool(self.hidden_for_lesson) and all(d.isHidden() for d in self.hidden_for_lesson)

    def _layout_to_keep(self) -> QByteArray:
        """The layout for the next start: the lesson's arrangement is not kept."""
        if self._layout_before_lesson is not None and self._lesson_layout_shown():
            return self._layout_before_lesson
        return self.saveState(STATE_VERSION)

    def _remembered_toggles(self):
        return [(self.main_actions.show_weights, "view/showWeights"),
                (self.main_actions.snap, "view/snapToGrid")]

    # ---- questions and messages (tests replace these) --------------------------------
    def ask_save_changes(self, title: str) -> QMessageBox.StandardButton:
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        return QMessageBox.warning(
            self, "Unsaved changes",
            guessed(f"Save the changes to \u201c{title}\u201d before closing it?"),
            buttons, QMessageBox.StandardButton.Save)

    def ask_open_path(self) -> str:
        path, _ = QFileDialog.getOpenFileName(self, "Open Network", self._last_folder(),
                                              FILE_FILTER)
        return path

    def ask_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Save Network As", suggested, FILE_FILTER)
        return path

    def ask_export_path(self, suggested: str) -> str:
        filters = ";;".join(export_image.FORMATS.values())
        path, chosen = QFileDialog.getSaveFileName(self, "Export Image", suggested, filters)
        if path and not os.path.splitext(path)[1]:
            path += ".svg" if chosen == export_image.FORMATS["svg"] else ".png"
        return path

    def ask_restore(self, entry: Recoverable) -> bool:
        answer = QMessageBox.question(
            self, "Restore unsaved changes",
            guessed("netsim did not close properly. Restore unsaved changes to "
                    f"\u201c{entry.title}\u201d?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.critical(self, title, guessed(text))

    def show_message(self, title: str, text: str) -> None:
        QMessageBox.information(self, title, guessed(text))

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MS)

    def _on_refusal_withdrawn(self, text: str) -> None:
        """A panel's refusal no longer holds: its copy in the status bar goes too."""
        if self.statusBar().currentMessage() == text:
            self.statusBar().clearMessage()

    # ---- Qt overrides ----------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._size_docks_when_shown:
            self._size_docks_when_shown = False
            self._default_sizes()
        self.hide_stray_tab_bars()

    def hide_stray_tab_bars(self) -> None:
        """Qt keeps the tab bar of an early tab group of docks after the group has
        grown, unused but not hidden, and draws it over the docks when they move. The
        tab bars in use show exactly the shown docks of one tab group."""
        groups = []
        for dock in self.docks():
            group = [dock, *self.tabifiedDockWidgets(dock)]
            groups.append({d.windowTitle() for d in group if not d.isHidden()})
        for bar in self.findChildren(QTabBar):
            tabs = {bar.tabText(i) for i in range(bar.count())}
            if bar.parent() is self and bar.isVisibleTo(self) and tabs not in groups:
                bar.hide()

    def closeEvent(self, event) -> None:
        if not self.maybe_save():
            event.ignore()
            return
        self.training.shutdown()
        self.plots["Learning Rates"].shutdown()
        self.plots["Restarts"].shutdown()
        self.autosave.stop()
        self.autosave.drop()
        self._save_layout()
        super().closeEvent(event)

    def dragEnterEvent(self, event) -> None:
        if dropped_file(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        path = dropped_file(event.mimeData())
        if not path:
            event.ignore()
            return
        event.acceptProposedAction()
        # Open after the drop has finished, so a question does not hold the drag.
        QTimer.singleShot(0, lambda: self.open_file(path))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.legend_label.setText(legend_html(self.palette()))
        super().changeEvent(event)


def file_stem(title: str) -> str:
    """A clean file name from a title: punctuation becomes a space, spaces run together
    ('XOR: the worked example (seed 000)' -> 'XOR the worked example seed 000')."""
    kept = "".join(c if c.isalnum() or c in "-_" else " " for c in title)
    return " ".join(kept.split()).strip("-_ ")


def dropped_file(mime) -> str | None:
    """The first local .netsim file among dragged URLs, if any."""
    if mime is None or not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile() and url.toLocalFile().lower().endswith(SUFFIX):
            return url.toLocalFile()
    return None

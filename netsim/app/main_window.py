"""MainWindow: the editor around one document.

The window builds the canvas, its controllers (editor, stepping, training), the panels and
plots that follow the document, the menus and toolbars (main_actions) and the status bar.
What it does with the document, from New to Quit, is DocumentLife's (document_life.py);
where the docks sit, WindowLayout's (window_layout.py).

Every message goes through a small show_* method so tests can replace it.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QSettings, Qt, QTimer
from PySide6.QtWidgets import (QDockWidget, QLabel, QMainWindow, QMenu, QMessageBox,
                               QToolBar, QWidget)

from ..canvas.level_bands import LevelBands
from ..canvas.network_scene import NetworkScene
from ..canvas.network_view import NetworkView
from ..canvas.neuron_maps import NeuronMaps
from ..canvas.tools import ToolActions
from ..document import Document
from ..panels.dataset_dock import DatasetDock
from ..panels.equations import EquationPanel
from ..panels.quiz_panel import QuizPanel
from ..panels.inspector import Inspector
from ..panels.outputs_table import OutputsTable
from ..panels.refusal import RefusalLabel
from ..panels.training_panel import TrainingPanel
from ..plaintext import guessed
from ..plots.confusion_view import ConfusionView, select_rows
from ..plots.decision_view import DecisionView
from ..plots.error_curve import ErrorCurve
from ..plots.explorer_view import ExplorerView
from ..plots.fit_view import FitView
from ..plots.gradient_check import GradientCheckView
from ..plots.hinton_view import HintonView
from ..plots.landscape_view import LandscapeView
from ..plots.neuron_view import NeuronView
from ..plots.restarts_view import RestartsView
from . import app_settings, step_sizes
from .autosave import Autosave
from .document_life import DocumentLife, dropped_file
from .editor import Editor
from .main_actions import MainActions
from .network_menu import NetworkMenu
from .recent_files import RecentFiles
from .recovery import RecoveryFolder
from .status_bar import LayeringLabel, StatusBar, legend_html
from .stepping import StepController
from .quiz import QuizController
from .stepping import connect_panel as connect_equations
from .live_outputs import LiveOutputs
from .training import TrainingController
from .training import connect_panel as connect_training
from .window_layout import STATE_VERSION, WindowLayout

AUTOSAVE_INTERVAL_MS = 30_000
STATUS_MS = 5000  # how long a passing status message stays
MINIMUM_SIZE = (640, 420)


class MainWindow(DocumentLife, WindowLayout, QMainWindow):
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
        self.quiz_panel = QuizPanel(self)
        self.quiz = QuizController(self.stepping, self.quiz_panel, self.scene.selection,
                                   self.settings, self)
        self.quiz.status.connect(self.show_status)
        self.quiz.action.toggled.connect(self._on_quiz_toggled)
        self.training = TrainingController(self)
        self.training.status.connect(self.show_status)
        self.live_outputs = LiveOutputs(self.scene, lambda: self.stepping.row, self)
        self.training.running_changed.connect(self.live_outputs.set_running)
        self.neuron_maps = NeuronMaps(self.scene, self)
        self.level_bands = LevelBands(self.scene, self)
        self.training_panel = TrainingPanel(self)
        self.training_panel.status.connect(self.show_status)
        connect_training(self.training, self.training_panel)
        self._build_plots()
        step_menu = self.stepping.menu(self)
        step_menu.addSeparator()
        step_menu.addAction(self.quiz.action)
        self.extra_menus = [step_menu, self._training_menu()]
        self.extra_toolbars = [self.stepping.toolbar(self), self._training_toolbar()]
        # Everything that shows or edits the current document, told when it is replaced,
        # by the name a refusal to show a document gives it.
        self.followers = {
            "the canvas": self.editor, "the canvas's heat maps": self.neuron_maps,
            "the canvas's levels": self.level_bands,
            "the Inspector": self.inspector,
            "the Network menu": self.network_menu, "the Dataset dock": self.dataset_panel,
            "the Outputs dock": self.outputs_panel, "the Step menu": self.stepping,
            "the Train menu": self.training, "the Training dock": self.training_panel,
            "the canvas's live outputs": self.live_outputs, "the Quiz": self.quiz,
            **{f"the {title} plot": plot for title, plot in self.plots.items()}}

    def _on_quiz_toggled(self, on: bool) -> None:
        if on:  # the question is asked in the Quiz dock: bring it to the front
            self.quiz_dock.show()
            self.quiz_dock.raise_()

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
            "Fit": FitView(self),
            "Neuron": NeuronView(self),
            "Gradient Check": GradientCheckView(self),
            "Restarts": RestartsView(self),
            "Confusion Matrix": ConfusionView(self),
            "Weight Matrix": HintonView(self),
        }
        self.plots["Confusion Matrix"].rows_chosen.connect(self.select_dataset_rows)
        self.plots["Weight Matrix"].connection_chosen.connect(self.select_connection)

    def _training_menu(self) -> QMenu:
        menu = QMenu("T&rain", self)
        t = self.training
        menu.addActions([t.run_action, t.pause_action, t.stop_action])
        menu.addSeparator()
        menu.addAction(t.train_n_action)
        menu.addSeparator()
        self.compare_step_sizes_action = step_sizes.action(self)
        menu.addAction(self.compare_step_sizes_action)
        self.compare_activations_action = step_sizes.activations_action(self)
        menu.addAction(self.compare_activations_action)
        return menu

    def _training_toolbar(self) -> QToolBar:
        bar = QToolBar("Train", self)
        bar.setObjectName("trainingToolBar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        t = self.training
        bar.addActions([t.run_action, t.pause_action, t.stop_action])
        return bar

    def _build_status_bar(self) -> None:
        self.summary_label = QLabel()
        self.legend_label = QLabel(legend_html(self.palette()))
        # Both permanent, on the right: the editor's messages own the left side, so a
        # message never draws over the summary.
        self.summary_label.setContentsMargins(0, 0, 12, 0)
        self.layering_label = LayeringLabel()  # seed 002: layered or not
        self.layering_label.setContentsMargins(0, 0, 12, 0)
        self.followers["the status bar"] = self.layering_label
        bar = StatusBar(self)
        self.setStatusBar(bar)
        bar.addPermanentWidget(self.summary_label)
        bar.addPermanentWidget(self.layering_label)
        bar.addPermanentWidget(self.legend_label)
        bar.set_legend(self.legend_label)

    # ---- the selection ---------------------------------------------------------------
    def _on_selection_changed(self) -> None:
        selection = self.scene.selection()
        self.inspector.set_selection(*selection)
        self.equations.set_selection(*selection)
        for title in ("Error Landscape", "Neuron"):
            self.plots[title].set_selection(*selection)

    def select_dataset_rows(self, rows: list[int]) -> None:
        """Show the Dataset dock with exactly these rows selected."""
        self.dataset_dock.show()
        self.dataset_dock.raise_()
        select_rows(self.dataset_panel.table, rows)

    def select_connection(self, key: tuple[str, str]) -> None:
        """Select exactly this connection on the canvas (a cell of the Weight Matrix)."""
        self.scene.select([], [key])

    # ---- Edit menu -------------------------------------------------------------------
    def select_all(self) -> None:
        net = self.document.network
        self.scene.select(list(net.neurons), [c.key for c in net.connections])

    # ---- Help menu -------------------------------------------------------------------
    def about(self) -> None:
        """The About box: version, licence and the versions of what netsim runs on."""
        from .help_menu import show_about
        show_about(self)

    # ---- messages (tests replace these) ----------------------------------------------
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
        self.tidy_tab_bars()

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

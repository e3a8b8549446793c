"""WindowLayout: the main window's docks and where they sit (a mixin of MainWindow).

The side panels (inspector, dataset table, training settings, undo history) run the full
height of the window on the right; the outputs, the equations and the plots sit in tabs
under the canvas. The layout is kept between starts (not the one Compare Step Sizes makes
for its lesson), and View > Reset Layout puts everything back where it was at first.
The window provides what this uses: inspector, dataset_panel, training_panel,
outputs_panel, equations, quiz_panel, plots, settings and main_actions.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QTabBar, QUndoView, QWidget

STATE_VERSION = 7  # bump when the docks or toolbars change, to drop saved layouts
DOCK_WIDTH = 320


class WindowLayout:
    # ---- the docks -------------------------------------------------------------------
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
        self.quiz_dock = self._dock("Quiz", "quizDock", self.quiz_panel, bottom)
        self.tabifyDockWidget(self.equations_dock, self.quiz_dock)
        self.plot_docks = []
        previous = self.quiz_dock
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
        self.tidy_tab_bars()

    def _dock(self, title: str, name: str, widget: QWidget,
              area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        # a dock moved by hand may make a new tab bar: it reads whole titles too
        dock.dockLocationChanged.connect(lambda _area: QTimer.singleShot(0, self.tidy_tab_bars))
        return dock

    def docks(self) -> list[QDockWidget]:
        return [self.inspector_dock, self.dataset_dock, self.training_dock, self.history_dock,
                self.outputs_dock, self.equations_dock, self.quiz_dock, *self.plot_docks]

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
                (self.main_actions.heat_maps, "view/neuronHeatMaps"),
                (self.main_actions.show_levels, "view/showLevels"),
                (self.main_actions.snap, "view/snapToGrid")]

    def tidy_tab_bars(self) -> None:
        """Every tab of the dock groups reads its whole title: with more tabs than fit,
        the bar scrolls (arrows at its end) rather than cutting titles to "Outp…".
        And Qt keeps the tab bar of an early tab group of docks after the group has
        grown, unused but not hidden, and draws it over the docks when they move: it is
        hidden. The tab bars in use show exactly the shown docks of one tab group."""
        for bar in self.findChildren(QTabBar):
            if bar.parent() is self:
                bar.setElideMode(Qt.TextElideMode.ElideNone)
                bar.setUsesScrollButtons(True)
        groups = []
        for dock in self.docks():
            group = [dock, *self.tabifiedDockWidgets(dock)]
            groups.append({d.windowTitle() for d in group if not d.isHidden()})
        for bar in self.findChildren(QTabBar):
            tabs = {bar.tabText(i) for i in range(bar.count())}
            if bar.parent() is self and bar.isVisibleTo(self) and tabs not in groups:
                bar.hide()

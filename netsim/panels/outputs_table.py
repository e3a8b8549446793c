"""OutputsTable: what the network makes of every row of its dataset, computed by the engine.

For each row: the inputs, the outputs of the hidden neurons chosen to be shown (Show in
Outputs, in a neuron's context menu on the canvas or the table's), the targets, the outputs
of a forward pass with the document's weights (engine.compiled.Compiled) and the row's
error J under the training loss; the mean error is shown below. When every target is 0 or 1 the table reads as a truth table:
the predicted class (output ≥ 0.5) and ✓ or ✗ for each row. Rows held out for testing
say "test" in the row header and have a violet tint, and their mean error (the test
error) is given apart from the training rows'.

It follows the document, but training changes weights very often, so changes only start
a short single-shot timer and the table refreshes at most about 30 times a second (and
not at all while hidden: it catches up when shown). A refresh of a big dataset costs a
forward pass over every row, so the next one waits until BUSY_FACTOR times as long as the
last took has passed: the table never takes more than a fifth of the window's time. The
compiled network is kept while only weights change (or the dataset's values, with the
same columns).

The table never measures its cells: column widths are estimated from the headers and the
lowest and highest numbers (table_columns.py), and image inputs show as one column of
thumbnails (right-click: Show Inputs as Numbers), so 794 columns and 10,000 rows open at
once and a refresh costs the forward pass and one repaint of what is in view.
"""
from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QMenu,
                               QTableView, QVBoxLayout, QWidget)

from netsim.document.commands import ShowInOutputs, shown_in_outputs
from netsim.document.document import DATASET, OUTPUTS_SHOWN, POSITIONS, WEIGHTS, refollow
from netsim.engine import losses
from netsim.engine.classes import class_targets
from netsim.engine.compiled import Compiled
from netsim.engine.scaling import SCALED
from netsim.plaintext import mnemonic

from .number_field import format_number
from .outputs_model import CROSS, TICK, OutputsModel, Results, compact
from .scrolled import fill_with_scrolled
from .table_columns import set_widths
from .thumbnails import ThumbnailDelegate, cell_size, dataset_range, numbers_action

__all__ = ["CROSS", "TICK", "OutputsModel", "OutputsTable", "Results", "compact"]

REFRESH_MS = 33  # at most ~30 refreshes a second
BUSY_FACTOR = 4  # after a refresh that took t, the next waits until 4 t have passed


class _Table(QTableView):
    """A table view with a modest size hint, so that the panel's preferred height stays
    small (its scroll area sizes the content by it)."""

    resized = Signal()

    def sizeHint(self) -> QSize:
        return QSize(240, 180)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.resized.emit()


class OutputsTable(QWidget):
    refreshed = Signal()  # the table shows the document as it is now

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self._compiled: Compiled | None = None
        self._compiled_for = None  # (inputs, targets, loss) the compiled network is for
        self._checked = None  # the dataset last found to fit the compiled network
        self._classes = None  # its class targets (engine/classes.py), if any
        self._names: list[str] = []  # its columns' neuron names
        self._dirty = False  # a change arrived while hidden
        self.clock = time.perf_counter  # seconds, for the costs and waits
        self.cost = 0.0  # seconds the last refresh took
        self.engine_cost = 0.0  # of which compiling and the forward pass
        self._last_end = 0.0  # when it ended (perf_counter)
        self._widths: list[int] = []
        self.model = OutputsModel(self)
        self.table = _Table()
        self.table.setModel(self.model)
        self.thumbnails = ThumbnailDelegate(self.table)  # the picture column's painter
        self.numbers_action = numbers_action(self.table, self.model.set_numbers)
        self.table.addAction(self.numbers_action)
        self.hidden_menu = QMenu("Show Hidden Neurons", self)
        self.hidden_menu.setToolTipsVisible(True)
        self.hidden_menu.aboutToShow.connect(self._fill_hidden_menu)
        self.hidden_menu.menuAction().setToolTip(
            "Show hidden neurons' outputs as columns beside the outputs (seed 000 reads XOR "
            "as OR and NAND)")
        self.table.addAction(self.hidden_menu.menuAction())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.model.modelReset.connect(self._on_model_reset)
        self.table.resized.connect(lambda: set_widths(self.table, self._widths))
        rows = self.table.verticalHeader()
        self._text_row = self.table.fontMetrics().height() + 6
        rows.setDefaultSectionSize(self._text_row)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.hint = QLabel()
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        outer = fill_with_scrolled(self, content)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.refresh()
        outer.activate()  # settle the minimum size before any native window exists

    def __repr__(self) -> str:
        return f"OutputsTable({self.model!r})"

    def set_document(self, doc) -> None:
        """Follow `doc` (None: nothing)."""
        if self.doc is not None:
            self.doc.view_changed.disconnect(self._on_view_changed)
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        if doc is not None:
            doc.view_changed.connect(self._on_view_changed)
        self._compiled = None
        self.refresh()

    def _on_document_changed(self, change) -> None:
        if change.kind == POSITIONS:
            return
        if change.kind not in (WEIGHTS, DATASET):
            self._compiled = None  # structure, neurons or loss: compile again
        self._schedule()

    def _on_view_changed(self, key: str) -> None:
        if key == OUTPUTS_SHOWN:  # which hidden neurons are shown
            self._schedule()

    def _fill_hidden_menu(self) -> None:
        """One checkable entry per hidden neuron: checked, it is a column of the table."""
        menu, doc = self.hidden_menu, self.doc
        menu.clear()
        hidden = doc.network.ids("hidden") if doc is not None else []
        if not hidden:
            menu.addAction("No hidden neurons").setEnabled(False)
            return
        shown = set(shown_in_outputs(doc))
        for nid in hidden:
            action = menu.addAction(mnemonic(doc.network.neurons[nid].name))
            action.setCheckable(True)
            action.setChecked(nid in shown)
            action.toggled.connect(
                lambda on, nid=nid: doc.undo_stack.push(ShowInOutputs(doc, nid, on)))

    def _schedule(self) -> None:
        """Refresh soon (when shown again, if hidden)."""
        if not self.isVisible():
            self._dirty = True
        elif not self.timer.isActive():
            self.timer.start(self.wait_ms())

    def wait_ms(self) -> int:
        """How long a change waits before the refresh: REFRESH_MS, or longer so that
        BUSY_FACTOR times the last refresh's cost passes after its end."""
        since = self.clock() - self._last_end
        return max(REFRESH_MS, round(1000 * (BUSY_FACTOR * self.cost - since)))

    def refresh(self) -> None:
        """Compute and show the outputs now."""
        self.timer.stop()
        self._dirty = False
        start = self.clock()
        results, reason = self._evaluate()
        self.model.set_results(results)  # a reset fits the columns again
        self._widen()
        self.hint.setText(reason or "")
        self.hint.setVisible(bool(reason))
        self.table.setVisible(results is not None)
        self.summary.setText(self._summary(results, self._formula(results)))
        self.summary.setVisible(results is not None)
        self._last_end = self.clock()
        self.cost = self._last_end - start
        self.refreshed.emit()

    def _evaluate(self) -> tuple[Results | None, str | None]:
        doc = self.doc
        if doc is None:
            return None, "No network is open."
        dataset, net = doc.dataset, doc.network
        if dataset is None:
            return None, "The network has no dataset: make one in the Dataset dock."
        if self._compiled is None or self._checked is not dataset:  # else only weights changed
            problem = dataset.problem(net)
            if problem is not None:
                return None, f"No outputs: {problem}."
            self._checked = dataset
            self._names = [net.neurons[nid].name for nid in dataset.inputs + dataset.targets]
            self._classes = class_targets(net, dataset)
        if not len(dataset):
            return None, "The dataset has no rows."
        loss = losses.get(doc.file.training.loss)
        start = self.clock()
        compiled_for = (tuple(dataset.inputs), tuple(dataset.targets), loss.name)
        if self._compiled is None or self._compiled_for != compiled_for:
            self._compiled = Compiled(net, dataset.inputs, dataset.targets, loss.name)
            self._compiled_for = compiled_for
        else:
            self._compiled.set_weights(doc.weight_array())
        compiled = self._compiled
        with np.errstate(over="ignore", invalid="ignore"):  # huge inputs show inf or nan
            state = compiled.forward(dataset.x)
            outputs = compiled.outputs(state)
            errors = compiled.row_errors(state, dataset.y)
        self.engine_cost = self.clock() - start
        picture_range = dataset_range(dataset) if dataset.image else (0.0, 1.0)
        scaled = SCALED[dataset.scaling.method] if dataset.scaling is not None else None
        shown = [(net.neurons[nid].name, state.out[seg][:, col].copy())
                 for nid in shown_in_outputs(doc) if nid in compiled.where
                 for seg, col in [compiled.where[nid]]]
        return Results(self._names, len(dataset.inputs), dataset.x, dataset.y, outputs, errors,
                       loss, dataset.test, dataset.image, picture_range, dataset,
                       self._classes, scaled, shown), None

    def _formula(self, r: Results | None) -> str:
        """J of one row: over a softmax group, the group's form of the loss."""
        if r is None:
            return ""
        return r.loss.group_formula if self._compiled.group else r.loss.formula

    @staticmethod
    def _summary(r: Results | None, formula: str) -> str:
        if r is None:
            return ""
        n = len(r.x)
        held = int(np.count_nonzero(r.test))
        if held:
            train, test = r.errors[~r.test], r.errors[r.test]
            text = (f"Mean error <b>{format_number(float(np.mean(train)), 6)}</b> over the "
                    f"{n - held} training row{'s' if n - held != 1 else ''}<br>Test error "
                    f"<b>{format_number(float(np.mean(test)), 6)}</b> over the {held} "
                    f"held-out row{'s' if held != 1 else ''}<br>per row {formula}")
        else:
            text = (f"Mean error <b>{format_number(float(np.mean(r.errors)), 6)}</b> over "
                    f"{n} row{'s' if n != 1 else ''}<br>per row {formula}")
        if r.boolean:
            right = int(np.sum(r.right))
            rule = "the largest output" if r.group else "class 1: output \u2265 0.5"
            text = f"<b>{right} of {n}</b> rows right ({rule})<br>" + text
        return text

    def _on_model_reset(self) -> None:
        image = self.model.image
        self.thumbnails.shape = image
        self.table.setItemDelegateForColumn(0, self.thumbnails if image else None)
        r = self.model.results
        self.numbers_action.setVisible(r is not None and r.image is not None)
        self.table.verticalHeader().setDefaultSectionSize(
            max(self._text_row, cell_size(image).height()) if image else self._text_row)
        self._fit_columns()

    def _widen(self) -> None:
        """Outputs and errors whose text grew wider than their column widen it."""
        grown = False
        for c, w in self.model.computed_widths(self.table.fontMetrics()).items():
            if c < len(self._widths) and w > self._widths[c]:
                self._widths[c], grown = w, True
        if grown:
            set_widths(self.table, self._widths)

    def _fit_columns(self) -> None:
        """Each column as wide as its header and numbers need (estimated, never measured
        cell by cell), and the width left over shared out (when the columns are wider
        than the view, the table scrolls sideways)."""
        self._widths = self.model.widths(self.table.fontMetrics(),
                                         self.table.horizontalHeader().fontMetrics())
        set_widths(self.table, self._widths)

    # ---- Qt overrides --------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self.refresh()

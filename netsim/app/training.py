"""TrainingController: Run, Pause, Stop and Train N Epochs for the shown document.

Training runs in a process of its own (jobs/worker.py: TrainingJob) on a copy of the
network, so the window and the trainer never wait for each other. A QTimer polls the job
up to 30 times a second: the live weights go into the document without undo
(doc.set_weights, so the canvas and the other views redraw) and the status says the
epoch, the error and the speed. Updates come less often when they cost more, so that
redrawing every plot does not keep a core busy all the time.

A whole run is one undo step, TrainRun. It is pushed when the run starts (so its undo
restores the weights from before the run, and anything edited during the run lies above
it on the stack) and records the last weights the run wrote; a run that changed nothing
is dropped from the stack when it ends.

Editing the document while a run goes on stops the run first: the first change that does
not come from the run (an edit, an undo, a new dataset) stops the worker and keeps the
weights it had written. Changing the training settings does not stop a run; the new
settings apply to the next one.

Every question and notice goes through ask_epochs/show_notice so tests can replace them.
"""
from __future__ import annotations

import math
import time

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget
from threadpoolctl import threadpool_limits

from ..document import Document
from ..document.document import SETTINGS, TRAINING, refollow
from ..engine.trainer import TrainingError
from ..jobs.checks import is_finite
from ..jobs.report import outcome, progress_text
from ..jobs.worker import TrainingJob, prepare
from .training_command import TrainRun

TICK_MS = 33  # at most ~30 updates a second; the end of a run is noticed within a tick
# Updates come less often when they cost more: the GUI thread's work for them takes at
# most GUI_SHARE of its time (with every plot open the window redraws about ten times a
# second; with few, ~30 times), leaving the rest of its core to the machine. The
# training process has a core of its own (one BLAS thread each), so the window may take
# over half of its core: a 100,000-connection network then follows its run at ten frames
# a second.
GUI_SHARE = 0.6
DEFAULT_EPOCHS = 100  # first suggestion of Train N Epochs


class TrainingController(QObject):
    status = Signal(str)  # one-line messages: progress, the outcome, refusals
    progress = Signal(int, float, float)  # epoch, error, samples per second
    tested = Signal(int, float)  # epoch, test error: after progress, with held-out rows
    restarted = Signal(int, int)  # restart (from 1), restarts: a restart has begun
    finished = Signal(object)  # the TrainResult of a run that ended
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc: Document | None = None
        self.job: TrainingJob | None = None
        self.command: TrainRun | None = None
        self.last_result = None
        self.epochs = DEFAULT_EPOCHS  # Train N Epochs remembers N
        self._writing = False  # the document change under way is the run's own
        self._shown = None  # the live weights last written
        self._blas = None  # the window's BLAS threads, limited to one while a run trains
        self._restart_shown = 0  # the restart last announced by `restarted`
        self._notice_box: QMessageBox | None = None
        self._warned: set[str] = set()
        self._cpu_mark = 0.0  # the GUI thread's CPU time at the last update
        self._next_update = 0.0  # perf_counter() time of the next update of the views
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._on_tick)
        self.run_action = self._action("&Run", self.run, QKeySequence(Qt.Key.Key_F5),
                                       "Train until the target error or the last epoch")
        self.pause_action = self._action("&Pause", self._on_pause_toggled, None,
                                         "Pause training (press again to resume)")
        self.pause_action.setCheckable(True)
        self.stop_action = self._action("&Stop", self.stop, QKeySequence("Shift+F5"),
                                        "Stop training and keep the weights reached")
        self.train_n_action = self._action("Train &N Epochs\u2026", self.train_n, None,
                                           "Train a given number of epochs")
        self._update_actions()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        QTimer.singleShot(0, prepare)  # the first run starts as quickly as the others

    def __repr__(self) -> str:
        return f"TrainingController({'running' if self.is_running() else 'idle'})"

    def _action(self, text: str, slot, shortcut, tip: str) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.setStatusTip(tip)
        action.setToolTip(tip if shortcut is None else
                          f"{tip} ({shortcut.toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(slot)
        return action

    def actions(self) -> list[QAction]:
        return [self.run_action, self.pause_action, self.stop_action, self.train_n_action]

    # ---- the document ------------------------------------------------------------------
    def set_document(self, doc: Document | None) -> None:
        """Train `doc` from now on; a run on the previous document is stopped first."""
        if self.job is not None:
            self._abandon("training stopped: another network is shown")
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self._update_actions()

    def _on_document_changed(self, change) -> None:
        if self._writing or self.job is None:
            return
        if change.kind == SETTINGS:
            self.status.emit("The new training settings apply to the next run")
            return
        self._abandon("training stopped because the network changed; the weights "
                      "reached so far are kept")

    # ---- state -------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self.job is not None

    def is_paused(self) -> bool:
        return self.job is not None and self.job.paused

    def _update_actions(self) -> None:
        running, paused = self.is_running(), self.is_paused()
        self.run_action.setEnabled(self.doc is not None and (not running or paused))
        self.run_action.setText("&Resume" if paused else "&Run")
        self.pause_action.setEnabled(running)
        self.pause_action.setChecked(paused)
        self.pause_action.setText("&Resume" if paused else "&Pause")
        self.stop_action.setEnabled(running)
        self.train_n_action.setEnabled(self.doc is not None and not running)

    # ---- starting ----------------------------------------------------------------------
    def run(self) -> None:
        """Train until the target error or max_epochs (with random restarts when the
        settings ask for more than one); resumes a paused run."""
        if self.is_paused():
            self.resume()
            return
        if self.job is None and self.doc is not None:
            restarts = self.doc.file.training.restarts
            self._start(None, restarts > 1,
                        "Train" if restarts == 1 else f"Train with {restarts} restarts")

    def train_n(self) -> None:
        """Ask for N and train N epochs from the current weights."""
        if self.job is not None or self.doc is None:
            return
        n = self.ask_epochs(self.epochs)
        if n is None:
            return
        self.epochs = n
        self._start(n, False, f"Train {n} epochs")

    def train(self, epochs: int | None = None, restarts: bool = False) -> bool:
        """Start a run without asking (for scripts and tests); False if refused."""
        if self.job is not None or self.doc is None:
            return False
        return self._start(epochs, restarts, "Train")

    def _start(self, epochs: int | None, restarts: bool, text: str) -> bool:
        doc = self.doc
        try:
            job = TrainingJob(doc.network, doc.dataset, doc.file.training, epochs, restarts)
            job.start()
        except TrainingError as exc:
            self.status.emit(f"Cannot train: {exc}")
            return False
        self.job, self._shown, self._restart_shown = job, None, 0
        # while the training process has a core, the window multiplies on the other only
        self._blas = threadpool_limits(1, user_api="blas")
        self.command = TrainRun(doc, job.keys, text)
        doc.undo_stack.push(self.command)  # its first redo changes nothing
        self._cpu_mark = time.thread_time()
        self._next_update = 0.0
        self.timer.start(TICK_MS)
        QTimer.singleShot(0, self._on_tick)  # the job goes out with the first look
        self._update_actions()
        self.running_changed.emit(True)
        new = [w for w in job.warnings if w not in self._warned]
        self._warned.update(new)
        if new:
            self.show_notice("Training warning", "Warning: " + "\n\n".join(new))
        self.status.emit(progress_text(job.last_snapshot()))
        return True

    # ---- while it runs -----------------------------------------------------------------
    def pause(self) -> None:
        if self.job is not None and not self.job.paused:
            self.job.pause()
            self._update_actions()
            self.status.emit(progress_text(self.job.snapshot()))

    def resume(self) -> None:
        if self.job is not None and self.job.paused:
            self.job.resume()
            self._update_actions()

    def _on_pause_toggled(self, checked: bool) -> None:
        if checked:
            self.pause()
        else:
            self.resume()

    def stop(self) -> None:
        """Stop within one epoch; the run ends (and is reported) at the next tick."""
        if self.job is not None:
            self.job.stop()
            self.timer.start(0)  # report at once rather than at the next tick

    def _on_tick(self) -> None:
        job = self.job
        if job is None:
            self.timer.stop()
            return
        now = time.perf_counter()
        # the answer comes with the next tick: the weights only if that tick shows them
        snap = job.snapshot(weights=now + TICK_MS / 1000 >= self._next_update)
        if snap.done:
            self._finish()
            return
        if now < self._next_update:  # a cheap tick: only to notice the end at once
            return
        fresh = snap.weights is not None and snap.weights is not self._shown
        if not fresh and snap.restarts == 1 and snap.epoch:
            return  # the weights asked for come with the next tick: update then
        cpu = time.thread_time()
        busy, self._cpu_mark = cpu - self._cpu_mark, cpu
        self._next_update = now + max(TICK_MS / 1000, busy / GUI_SHARE)
        if fresh:
            self._write(snap.weights)
        if snap.restarts > 1 and snap.restart != self._restart_shown:
            self._restart_shown = snap.restart
            self.restarted.emit(snap.restart, snap.restarts)
        if snap.epoch:
            self.progress.emit(snap.epoch, snap.error, snap.samples_per_second)
            if not math.isnan(snap.test_error):
                self.tested.emit(snap.epoch, snap.test_error)
        self.status.emit(progress_text(snap))

    def _write(self, weights) -> None:
        """Put the run's weights into the document, without undo (a TRAINING change)."""
        self._writing = True
        try:
            self.doc.set_weight_values(self.job.keys, weights, source=TRAINING)
        finally:
            self._writing = False
        self.command.record_values(self.job.keys, weights)
        self._shown = weights

    # ---- the end -----------------------------------------------------------------------
    def _finish(self) -> None:
        job = self.job
        if job.failure is None and is_finite(job.weights):
            self._write(job.weights)
        message = job.failure or outcome(job)
        if job.result is not None:
            self._name_step(job)
        self._end(drop_empty=True)
        self.last_result = job.result
        self.status.emit(message)
        if job.failure or (job.result is not None and job.result.stopped == "diverged"):
            self.show_notice("Training stopped", message)
        if job.result is not None:
            self.finished.emit(job.result)
        self.running_changed.emit(False)

    def _name_step(self, job: TrainingJob) -> None:
        """Name the run's undo step after what it did ("Train 2,815 epochs")."""
        n = job.result.epochs
        text = f"Train {n:,} epoch{'s' if n != 1 else ''}"
        if job.restarts > 1:
            text = f"Train with {job.restarts} restarts ({n:,} epochs)"
        self.command.setText(text)
        stack = self.doc.undo_stack
        # Tell the undo history and the Undo action that the text changed.
        stack.indexChanged.emit(stack.index())
        stack.undoTextChanged.emit(stack.undoText())

    def _abandon(self, message: str) -> None:
        """End the run at once, keeping the weights it has written (the process is told to
        stop and its later results are dropped)."""
        self.job.close()
        self._end()
        self.status.emit(message)
        self.running_changed.emit(False)

    def _end(self, drop_empty: bool = False) -> None:
        """Forget the run. With drop_empty a run that changed nothing leaves no undo step
        (never while the stack is busy: an abandoned run ends inside another command)."""
        self.timer.stop()
        if self._blas is not None:
            self._blas.restore_original_limits()
            self._blas = None
        stack, command = self.doc.undo_stack, self.command
        if drop_empty and not command.changes() and stack.index() > 0 and \
                stack.command(stack.index() - 1) is command:
            command.setObsolete(True)
            stack.undo()  # an obsolete command is dropped, not undone
        self.job = self.command = None
        self._shown = None
        self._update_actions()

    def shutdown(self) -> None:
        """Stop any run (when the window closes). Nothing waits for its process: it is
        reused once it has stopped, and the processes end with the app (launch)."""
        if self.job is not None:
            self._abandon("training stopped")

    # ---- questions and notices (tests replace these) -----------------------------------
    def _window(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def ask_epochs(self, suggested: int) -> int | None:
        n, ok = QInputDialog.getInt(self._window(), "Train N Epochs", "Epochs to train:",
                                    suggested, 1, 100_000_000, 1)
        return n if ok else None

    def show_notice(self, title: str, text: str) -> None:
        """Tell the person without blocking: a non-modal message box over the window."""
        window = self._window()
        if window is None:
            return
        if self._notice_box is not None:
            self._notice_box.close()
        box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                          QMessageBox.StandardButton.Ok, window)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the text may quote a name
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(self._on_notice_closed)
        box.show()
        self._notice_box = box

    def _on_notice_closed(self) -> None:
        self._notice_box = None


def connect_panel(controller: TrainingController, panel) -> None:
    """Give a TrainingPanel the controller's run buttons and its messages."""
    panel.set_actions(controller.actions())
    controller.status.connect(panel.show_status)

"""Background: long engine work (the learning-rate explorer) off the GUI thread.

start(work) runs work(progress, should_stop) in a training process (a TaskJob, as Train
runs its runs), so the window never waits for the engine nor the engine for the window.
The work calls progress(done, total) as it goes and asks should_stop() often (before
every epoch); a QTimer passes the latest progress on to the GUI thread, and `finished`
carries the work's return value (or `failed` one line, if it raised). stop() makes
should_stop() say yes; close() also forgets the work at once (nothing comes from it
after, and nothing waits for its process). The work is sent to the process, so it must
pickle: a functools.partial of an engine function with its arguments, not a lambda.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from netsim.jobs.worker import TaskJob
from netsim.engine.trainer import TrainingError

POLL_MS = 50

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], object]


class Background(QObject):
    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # what the work returned
    failed = Signal(str)  # one line
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job: TaskJob | None = None
        self._shown = (0, 0)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)

    def __repr__(self) -> str:
        return f"Background({'running' if self.running else 'idle'})"

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(self, work: Work) -> None:
        """Start the work; a process that cannot be started is reported by `failed`."""
        if self.running:
            raise RuntimeError("the background work has not finished")
        job = TaskJob(work)
        try:
            job.start()
        except TrainingError as exc:
            self.failed.emit(str(exc))
            return
        self.job, self._shown = job, (0, 0)
        self.timer.start()
        self.running_changed.emit(True)

    def stop(self) -> None:
        """Ask the work to end at its next should_stop(); `finished` still comes."""
        if self.job is not None:
            self.job.stop()

    def close(self) -> None:
        """Stop the work and forget it at once: neither `finished` nor `failed` comes.
        Nothing waits for its process: it is reused once the work has stopped, and ends
        with the app."""
        job, self.job = self.job, None
        if job is not None:
            self.timer.stop()
            job.close()
            self.running_changed.emit(False)

    def _poll(self) -> None:
        job = self.job
        shown = job.progress()
        if shown != self._shown:
            self._shown = shown
            self.progress.emit(*shown)
        if not job.done:
            return
        self.timer.stop()
        self.job = None
        self.running_changed.emit(False)
        if job.failure is None:
            self.finished.emit(job.value)
        else:
            self.failed.emit(job.failure)

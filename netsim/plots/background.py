"""Background: long engine work (an explorer sweep, restarts) off the GUI thread.

start(work) runs work(progress, should_stop) in a thread. The work calls progress(done,
total) as it goes and asks should_stop() often (before every epoch); a QTimer passes the
latest progress on to the GUI thread, and `finished` carries the work's return value (or
`failed` one line, if it raised). stop() makes should_stop() say yes.

The engine holds the GIL nearly all the time, so should_stop() also sleeps for a moment
after every SLICE_SECONDS of work: the GUI thread, which needs the GIL for every call
from Qt into Python, never waits long for it.
"""
from __future__ import annotations

import threading
import time
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal

POLL_MS = 50
SLICE_SECONDS = 0.004
BREATH_SECONDS = 0.001

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], object]


class Background(QObject):
    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # what the work returned
    failed = Signal(str)  # one line
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._done = self._total = 0
        self._shown = (0, 0)
        self._outcome: tuple[str, object] | None = None
        self._slice = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)

    def __repr__(self) -> str:
        return f"Background({'running' if self.running else 'idle'})"

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self, work: Work) -> None:
        if self.running:
            raise RuntimeError("the background work has not finished")
        self._stop.clear()
        self._done = self._total = 0
        self._shown = (0, 0)
        self._outcome = None
        self._slice = time.perf_counter()
        self._thread = threading.Thread(target=self._main, args=(work,),
                                        name="netsim-background", daemon=True)
        self._thread.start()
        self.timer.start()
        self.running_changed.emit(True)

    def stop(self) -> None:
        """Ask the work to end at its next should_stop(); `finished` still comes."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the thread ends (its result is handed over at the next poll)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    # ---- the worker thread -------------------------------------------------------------
    def _main(self, work: Work) -> None:
        try:
            outcome = ("finished", work(self._on_progress, self._should_stop))
        except Exception as exc:  # noqa: BLE001 - reported to the person in one line
            outcome = ("failed", f"{type(exc).__name__}: {exc}".splitlines()[0])
        with self._lock:
            self._outcome = outcome

    def _on_progress(self, done: int, total: int) -> None:
        with self._lock:
            self._done, self._total = done, total

    def _should_stop(self) -> bool:
        now = time.perf_counter()
        if now - self._slice >= SLICE_SECONDS:
            time.sleep(BREATH_SECONDS)
            self._slice = time.perf_counter()
        return self._stop.is_set()

    # ---- the GUI thread ----------------------------------------------------------------
    def _poll(self) -> None:
        with self._lock:
            shown, outcome = (self._done, self._total), self._outcome
        if shown != self._shown:
            self._shown = shown
            self.progress.emit(*shown)
        if outcome is None:
            return
        self.timer.stop()
        self._thread.join()
        self._thread = None
        self.running_changed.emit(False)
        kind, value = outcome
        (self.finished if kind == "finished" else self.failed).emit(value)

"""The training process: where a TrainingJob trains (no Qt).

The engine is NumPy and generated Python, so training holds the GIL nearly all the time.
In a thread of the app it would fight the GUI thread for it: every redraw would stop
training, and every call from Qt into Python would wait for the trainer. In a process of
its own it has an interpreter (and a core) to itself and the window has the other.

A training process serves one job after another (`serve`), talking to the app through a
pipe. In: a JobSpec starts a training run, a Task any other engine work (the learning-rate
explorer); "look" asks for the progress, "glance" for the progress without the live
weights (the app wants them only when it will show them: a big network's are megabytes);
"pause", "resume" and "stop" steer the job. Out,
while a job runs: its progress (Progress, TaskProgress), once for every "look" (read about
every CHECK_SECONDS) and unasked when the job pauses and when it ends; then its outcome
(Outcome, TaskOutcome), once. A pipe closed at the app's end (the app is gone) stops the
job and the process.

Everything goes out through one Outbox: a thread of its own writes it to the pipe, in
order, so that training never waits while the app has not yet read a big message.

A job can arrive paused or stopped (the app paused or stopped it before sending it): it
then waits for "resume" before its first epoch, or trains none. Every message that
follows a job is about that job, and any left when it ends are dropped before the next.
"""
from __future__ import annotations

import math
import queue
import threading
import time
from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np
from threadpoolctl import threadpool_limits

from netsim.engine.dataset import Dataset
from netsim.engine.network import Network
from netsim.engine.restarts import Side, train_side_by_side
from netsim.engine.settings import TrainingSettings
from netsim.engine.trainer import Trainer, TrainResult, train_with_restarts

from .accuracy import AccuracySampler
from .checks import Plateau

CHECK_SECONDS = 0.005  # how often the trainer looks up from training: stop, pause and
# "look" are acted on within this (the app looks at most 30 times a second)
MAX_EVERY = 4096  # epochs between two looks, at most


@dataclass
class Progress:
    """Where a job is."""
    epoch: int  # epochs done in this run (this restart)
    epochs: int  # epochs done in all restarts together
    error: float  # the last epoch error (nan: none yet)
    test_error: float  # the same on the held-out rows (nan: none)
    restart: int  # 1-based restart being trained (side by side: the first of them)
    best_error: float  # with restarts: the best final error of those done (nan: none)
    seconds: float  # training time so far, pauses left out
    weights: np.ndarray | None  # the live weights (single runs only)
    answer: bool  # an answer to "look" (not sent unasked)
    waiting: bool = False  # paused: no epoch trains until "resume"
    together: int = 1  # restarts training side by side from `restart` on


@dataclass
class JobSpec:
    """What to train: up to `epochs` epochs (None: settings.max_epochs) from the network's
    weights, or `restarts` > 1 runs from random weights keeping the best."""
    network: Network
    dataset: Dataset
    settings: TrainingSettings
    epochs: int | None
    restarts: int
    paused: bool = False  # wait for "resume" before the first epoch
    stopped: bool = False  # train no epoch
    together: bool = False  # restarts side by side (restarts.train_side_by_side); each
    # run's result then comes back without its epoch errors (1,000 runs of 1,000 epochs:
    # 9 MB), but for those of the run kept: its epochs, final error and why it stopped


@dataclass
class Outcome:
    """How a run ended, sent to the app once."""
    result: TrainResult | None = None
    weights: np.ndarray | None = None  # the final (or best) weights
    restart_errors: list[float] = field(default_factory=list)
    best_restart: int | None = None
    plateau: bool = False  # stopped because the error no longer moved
    failure: str | None = None  # an unexpected error, in one line


@dataclass
class Task:
    """Engine work other than a training run: work(progress, should_stop) returns a
    picklable value; it calls progress(done, total) as it goes and should_stop() often
    (before every epoch)."""
    work: Callable
    stopped: bool = False  # should_stop() says yes from the start


@dataclass
class TaskProgress:
    done: int
    total: int
    answer: bool  # an answer to "look" (not sent unasked)


@dataclass
class TaskOutcome:
    value: object = None  # what the work returned
    failure: str | None = None  # what it raised, in one line


class Outbox:
    """Sends messages to the app from a thread of its own, in the order they were put:
    writing a message larger than the pipe holds waits until the app reads it, and the
    training must not wait with it."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self._queue: queue.Queue = queue.Queue()
        self.broken = False  # the app is gone
        self._thread = threading.Thread(target=self._run, name="netsim-outbox", daemon=True)
        self._thread.start()

    def send(self, message) -> None:
        if self.broken:
            raise BrokenPipeError("the app is gone")
        self._queue.put(message)

    def poll(self, timeout: float = 0.0) -> bool:
        return self.conn.poll(timeout)

    def recv(self):
        return self.conn.recv()

    def _run(self) -> None:
        while True:
            message = self._queue.get()
            try:
                self.conn.send(message)
            except (OSError, ValueError):  # the app is gone (or the pipe closed)
                self.broken = True


class Listener:
    """What every job does in the training process: look up from the work about every
    CHECK_SECONDS (should_stop() is called far more often: it counts the calls in
    between), answer each "look" with progress(), and act on "stop" and "pause"."""

    def __init__(self, conn, paused: bool = False, stopped: bool = False):
        self.conn = conn
        self.stop_asked = stopped
        self.started = self.looked = time.perf_counter()
        self.paused_at = self.started if paused and not stopped else None  # None: running
        self.paused_seconds = 0.0
        self.every = self.countdown = 1  # calls between looks, and until the next

    def progress(self, answer: bool, weights: bool = True):
        raise NotImplementedError

    def look(self) -> None:
        self.read_messages()

    def should_stop(self) -> bool:
        """Called before every epoch; every `every` calls (about CHECK_SECONDS apart)
        looks up: answers the app, says whether to stop. The first call looks."""
        if self.stop_asked:
            return True
        self.countdown -= 1
        if self.countdown > 0:
            return False
        now = time.perf_counter()
        took, self.looked = now - self.looked, now
        if took < CHECK_SECONDS / 2 and self.every < MAX_EVERY:
            self.every *= 2
        elif took > 2 * CHECK_SECONDS and self.every > 1:
            self.every //= 2
        self.countdown = self.every
        self.look()
        return self.stop_asked

    def tell(self, answer: bool, weights: bool = True) -> None:
        try:
            self.conn.send(self.progress(answer, weights))
        except (BrokenPipeError, OSError):  # the app is gone
            self.stop_asked = True

    def read_messages(self) -> None:
        """Answer every "look"; while paused, wait here until "resume" or "stop"."""
        try:
            while not self.stop_asked and (self.paused_at is not None or self.conn.poll()):
                message = self.conn.recv()
                if message == "look":
                    self.tell(answer=True)
                elif message == "glance":
                    self.tell(answer=True, weights=False)
                elif message == "stop":
                    self.stop_asked = True
                elif message == "pause" and self.paused_at is None:
                    self.paused_at = time.perf_counter()
                    self.tell(answer=False)
                if self.paused_at is not None and message in ("resume", "stop"):
                    self.paused_seconds += time.perf_counter() - self.paused_at
                    self.paused_at = None
        except (EOFError, OSError):  # the app is gone
            self.stop_asked = True


class Run(Listener):
    """One training run, with its bookkeeping: the restart being trained and the plateau
    watch."""

    def __init__(self, spec: JobSpec, conn):
        super().__init__(conn, spec.paused, spec.stopped)
        self.spec = spec
        self.watch = Plateau(spec.settings.target_error)
        self.plateau = False
        self.trainer: Trainer | None = None  # the run (or restart) being trained
        self.single = spec.restarts == 1
        self.epochs_before = 0  # with restarts: epochs of the restarts done
        self.restart, self.best = 1, math.nan
        self.side: Side | None = None  # restarts side by side: where they are
        self.accuracy: AccuracySampler | None = None  # a single run's, for class targets

    def __repr__(self) -> str:
        return f"Run(restart {self.restart} of {self.spec.restarts}, every {self.every} epochs)"

    # ---- training ----------------------------------------------------------------------
    def train(self) -> Outcome:
        spec = self.spec
        if self.single:
            self.trainer = Trainer(spec.network, spec.dataset, spec.settings)
            self.accuracy = AccuracySampler(spec.network, spec.dataset)
            result = self.trainer.run(spec.epochs, should_stop=self.should_stop)
            self.accuracy.finish(self.trainer.epoch, self.trainer.weights())
            result.accuracy = list(self.accuracy.samples)
            self.look()  # the last epochs
            if self.plateau and result.stopped == "cancelled":
                result.stopped, result.message = "plateau", "the error stopped falling"
            self.tell(answer=False)
            return Outcome(result, self.trainer.weights(), plateau=self.plateau)
        settings = spec.settings if spec.epochs is None else replace(spec.settings,
                                                                     max_epochs=spec.epochs)
        if spec.together:
            found = train_side_by_side(spec.network, spec.dataset, settings, spec.restarts,
                                       self.on_side, self.should_stop)
            for k, run in enumerate(found.results):  # what goes back: see JobSpec
                if k != found.best:
                    run.history, run.test_history = [], []
        else:
            found = train_with_restarts(spec.network, spec.dataset, settings, spec.restarts,
                                        self.on_restart, self.should_stop, self.on_started)
        best = found.results[found.best]
        cancelled = any(r.stopped == "cancelled" for r in found.results)
        result = TrainResult(sum(r.epochs for r in found.results), best.error,
                             list(best.history), "cancelled" if cancelled else best.stopped,
                             "training was stopped" if cancelled else best.message,
                             list(best.warnings), list(best.test_history),
                             list(found.results), found.best)
        self.tell(answer=False)
        # Stopped before any epoch: the weights stay as they were, not a random start.
        weights = np.asarray(found.weights, dtype=float) if result.epochs else None
        return Outcome(result, weights, list(found.errors), found.best)

    def on_started(self, run: int, trainer: Trainer) -> None:
        """Restart `run` (from 0) is about to train."""
        if self.trainer is not None:
            self.epochs_before += self.trainer.epoch
        self.trainer, self.restart = trainer, run + 1

    def on_side(self, side: Side) -> None:
        """The restarts side by side have trained another epoch."""
        self.side = side

    def on_restart(self, _restart: int, _restarts: int, error: float) -> None:
        """A restart has ended with this final error."""
        self.best = error if not math.isfinite(self.best) else min(self.best, error)
        self.look()

    def should_stop(self) -> bool:
        return super().should_stop() or self.plateau

    def look(self) -> None:
        """Act on the app's messages; in a single run, watch for a plateau and measure
        the accuracy of the epoch just trained when it is due (so at most once a look:
        on a small network, checking before every epoch would cost more than measuring)."""
        super().look()
        if self.single and self.watch.read(self.trainer.history):
            self.plateau = True
        if self.single and self.accuracy.due():
            self.accuracy.measure(self.trainer.epoch, self.trainer.weights())

    def progress(self, answer: bool, weights: bool = True) -> Progress:
        seconds = time.perf_counter() - self.started - self.paused_seconds
        waiting = self.paused_at is not None
        side = self.side
        if side is not None:
            best = side.best if math.isfinite(side.best) else math.nan
            return Progress(side.epoch, side.trained, best, math.nan, side.first + 1, best,
                            seconds, None, answer, waiting, side.count)
        trainer = self.trainer
        epoch = trainer.epoch if trainer is not None else 0
        error = trainer.history[-1] if trainer is not None and trainer.history else math.nan
        test = (trainer.test_history[-1] if trainer is not None and trainer.test_history
                else math.nan)
        live = trainer.weights() if weights and trainer is not None and self.single else None
        return Progress(epoch, self.epochs_before + epoch, error, test, self.restart,
                        self.best, seconds, live, answer, waiting)


class TaskRun(Listener):
    """A Task being worked on: its progress is what the work last reported."""

    def __init__(self, conn, stopped: bool = False):
        super().__init__(conn, stopped=stopped)
        self.done = self.total = 0

    def on_progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def progress(self, answer: bool, weights: bool = True) -> TaskProgress:
        return TaskProgress(self.done, self.total, answer)


def run_job(spec: JobSpec, conn) -> None:
    """Train one job, then send its Outcome (one line if anything failed)."""
    try:
        outcome = Run(spec, conn).train()
    except Exception as exc:  # noqa: BLE001 - reported to the person in one line
        outcome = Outcome(failure=f"training failed: {type(exc).__name__}: {exc}")
    conn.send(outcome)


def run_task(task: Task, conn) -> None:
    """Do one Task, then send its TaskOutcome (one line if it raised)."""
    run = TaskRun(conn, task.stopped)
    try:
        outcome = TaskOutcome(task.work(run.on_progress, run.should_stop))
    except Exception as exc:  # noqa: BLE001 - reported to the person in one line
        outcome = TaskOutcome(failure=f"{type(exc).__name__}: {exc}".splitlines()[0])
    run.tell(answer=False)
    conn.send(outcome)


def serve(conn) -> None:
    """The training process: one job after another, until the app closes the pipe.
    Messages meant for a job that has already ended are dropped."""
    # The app has a core and this process another: a BLAS library spreading each product
    # over both would make the two fight for them (a big network trained 2x slower).
    threadpool_limits(1, user_api="blas")
    conn = Outbox(conn)
    try:
        while True:
            message = conn.recv()
            if isinstance(message, JobSpec):
                run_job(message, conn)
            elif isinstance(message, Task):
                run_task(message, conn)
    except (EOFError, OSError):  # the app is gone
        pass

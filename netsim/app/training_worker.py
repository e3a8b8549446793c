"""TrainingJob: one training run in a background thread, with no Qt in it.

The GUI thread starts a job and polls `snapshot()` with a timer; the worker thread trains
a copy of the network and publishes its progress under a lock: the epoch, the error (and
the test error, when the dataset holds rows out for testing) and, at most PUBLISH_SECONDS
apart, a copy of the live weights. With restarts the epoch and errors are those of the
restart being trained, and the weights are published only at the end (the best run's). stop() and pause() set flags
that the worker checks before every epoch, so it stops or pauses within one epoch.

The engine is NumPy and generated Python, so the worker holds the GIL nearly all the
time. A thread that wants the GIL may wait sys.getswitchinterval() (5 ms) for it, and the
GUI thread wants it very often: every call from Qt into Python (a slot, a model's data(),
a virtual method of a Python subclass while painting) takes it anew, so a repaint would
crawl. So the worker gives way: give_way(seconds) makes it sleep (without the GIL) before
its next epoch; the controller asks for that before it updates the views and whenever
the GUI thread handles an input event. And the worker sleeps BREATH_SECONDS after every
SLICE_SECONDS of training, so that a GUI thread waiting for the GIL never waits long.

An XOR epoch takes about 20 µs, so the worker does its bookkeeping (the clock, the
lock, publishing, the plateau check, giving way) not every epoch but about every
CHECK_SECONDS, counting epochs in between; stop and pause still act within a millisecond.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, replace

import numpy as np

from netsim.engine.dataset import Dataset
from netsim.engine.network import Network
from netsim.engine.settings import TrainingSettings
from netsim.engine.trainer import (Trainer, TrainingError, TrainResult, gradient_warnings,
                                   problem, train_with_restarts)

from .training_checks import Plateau

PUBLISH_SECONDS = 1 / 30  # how often the live weights are copied out for the GUI
SLICE_SECONDS = 0.02  # train this long ...
BREATH_SECONDS = 0.0002  # ... then sleep this long, so that the GUI thread gets the GIL
MIN_RUN_SECONDS = 0.001  # the least training between two sleeps asked for by give_way
CHECK_SECONDS = 0.0005  # how often the worker looks up from training
PARK_NAP_SECONDS = 0.001  # a worker giving way sleeps this long at a time
MAX_EVERY = 4096  # epochs between two looks, at most


@dataclass
class Snapshot:
    """What the GUI sees of a running job."""
    epoch: int  # epochs done in this run (this restart)
    epochs: int  # epochs done in all restarts together
    error: float  # the last epoch error (nan: none yet)
    weights: np.ndarray | None  # the live weights (None: not yet published)
    restart: int  # 1-based restart being trained
    restarts: int  # how many restarts in all (1: no restarts)
    samples_per_second: float
    paused: bool
    done: bool
    test_error: float = math.nan  # the last epoch's error on the held-out rows (nan: none)
    best_error: float = math.nan  # with restarts: the best final error of those done

    def __repr__(self) -> str:
        state = "done" if self.done else "paused" if self.paused else "running"
        return f"Snapshot(epoch {self.epoch}, error {self.error:.6g}, {state})"


class TrainingJob:
    """Train `network` (a copy) on `dataset` in a thread: up to `epochs` epochs (default
    settings.max_epochs) from the network's weights, or with restarts=True
    settings.restarts runs from random weights (train_with_restarts), keeping the best.
    Raises TrainingError (one line) when training cannot start."""

    def __init__(self, network: Network, dataset: Dataset | None, settings: TrainingSettings,
                 epochs: int | None = None, restarts: bool = False):
        reason = problem(network, dataset, settings)
        if reason:
            raise TrainingError(reason)
        self.network, self.dataset = network.copy(), dataset.copy()
        self.settings, self.epochs = settings, epochs
        self.restarts = settings.restarts if restarts else 1
        self.keys = [c.key for c in self.network.connections]
        self.rows = len(self.dataset.training())  # rows trained on per epoch
        self.warnings = gradient_warnings(self.network, self.dataset)
        self.trainer = None if self.restarts > 1 else Trainer(self.network, self.dataset, settings)
        # Results, valid once done:
        self.result: TrainResult | None = None
        self.weights: np.ndarray = np.array(self.network.weights(), dtype=float)
        self.restart_errors: list[float] = []
        self.best_restart: int | None = None
        self.plateau = False  # stopped because the error no longer moved
        self.failure: str | None = None  # an unexpected error, in one line
        self._watch = Plateau(settings.target_error)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._resume = threading.Event()
        self._resume.set()
        self._thread = threading.Thread(target=self._main, name="netsim-training", daemon=True)
        # Shared with the GUI thread (under the lock):
        self._epoch = self._epochs = 0
        self._error = math.nan
        self._live: np.ndarray | None = None
        self._restart = 1
        self._done = False
        self._test_error = self._best = math.nan
        self._current: Trainer | None = None  # with restarts: the run being trained
        # Worker-only bookkeeping:
        self._started = self._published = self._slice = self._looked = 0.0
        self._park_until = 0.0
        self._paused_seconds = 0.0
        self._every = self._countdown = 1  # epochs between looks, and until the next

    def __repr__(self) -> str:
        epochs = self.epochs or self.settings.max_epochs
        kind = f"{self.restarts} restarts" if self.restarts > 1 else f"{epochs} epochs"
        return f"TrainingJob({kind}, {self.snapshot()!r})"

    # ---- control (GUI thread) ------------------------------------------------------------
    def start(self) -> None:
        self._started = self._published = self._looked = time.perf_counter()
        self._slice = self._started - MIN_RUN_SECONDS  # a give_way before starting holds
        self._thread.start()

    def stop(self) -> None:
        """Ask the worker to stop before its next epoch (also when paused)."""
        self._stop.set()
        self._resume.set()

    def give_way(self, seconds: float) -> None:
        """The GUI thread is about to be busy (redrawing): the worker sleeps `seconds`
        before its next epoch, so that the GUI has the GIL to itself."""
        self._park_until = max(self._park_until, time.perf_counter() + seconds)

    def gave_way(self) -> None:
        """The GUI thread has done what it gave way for: the worker goes on at once."""
        self._park_until = 0.0

    def pause(self) -> None:
        """The worker waits from its next look (within about a millisecond)."""
        self._resume.clear()

    def resume(self) -> None:
        self._resume.set()

    @property
    def paused(self) -> bool:
        return not self._resume.is_set() and not self._stop.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the worker to end; True if it has."""
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def snapshot(self) -> Snapshot:
        now = time.perf_counter()
        with self._lock:
            active = now - self._started - self._paused_seconds
            rate = self._epochs * self.rows / active if active > 0 else 0.0
            return Snapshot(self._epoch, self._epochs, self._error, self._live, self._restart,
                            self.restarts, rate, self.paused, self._done, self._test_error,
                            self._best)

    # ---- the worker thread ---------------------------------------------------------------
    def _main(self) -> None:
        try:
            if self.trainer is not None:
                self._train()
            else:
                self._train_with_restarts()
        except Exception as exc:  # noqa: BLE001 - reported to the person in one line
            self.failure = f"training failed: {type(exc).__name__}: {exc}"
        with self._lock:
            self._done = True

    def _train(self) -> None:
        trainer = self.trainer
        result = trainer.run(self.epochs, should_stop=self._should_stop)
        self._look_at(trainer)  # the last epochs, for the final snapshot
        if self.plateau and result.stopped == "cancelled":
            result.stopped, result.message = "plateau", "the error stopped falling"
        self.result, self.weights = result, trainer.weights()

    def _train_with_restarts(self) -> None:
        settings = self.settings if self.epochs is None else replace(self.settings,
                                                                     max_epochs=self.epochs)
        found = train_with_restarts(self.network, self.dataset, settings, self.restarts,
                                    self._on_restart, self._should_stop, self._on_started)
        best = found.results[found.best]
        cancelled = any(r.stopped == "cancelled" for r in found.results)
        self.result = TrainResult(sum(r.epochs for r in found.results), best.error,
                                  list(best.history), "cancelled" if cancelled else best.stopped,
                                  "training was stopped" if cancelled else best.message,
                                  list(best.warnings), list(best.test_history),
                                  list(found.results), found.best)
        self.weights = np.asarray(found.weights, dtype=float)
        self.restart_errors, self.best_restart = list(found.errors), found.best

    def _look_at(self, trainer: Trainer, single: bool = True) -> None:
        """Publish the epoch, the errors and (now and then, single runs only) the weights;
        in a single run, watch for a plateau in the epochs trained since the last look."""
        now = time.perf_counter()
        live = None
        if single and now - self._published >= PUBLISH_SECONDS:
            live, self._published = trainer.weights(), now
        history, tests = trainer.history, trainer.test_history
        with self._lock:
            self._epochs += trainer.epoch - self._epoch
            self._epoch = trainer.epoch
            if history:
                self._error = history[-1]
            if tests:
                self._test_error = tests[-1]
            if live is not None:
                self._live = live
        if single and self._watch.read(history):
            self.plateau = True

    def _on_started(self, run: int, trainer: Trainer) -> None:
        """Restart `run` (from 0) is about to train."""
        self._current = trainer
        with self._lock:
            self._restart = run + 1
            self._epoch = 0
            self._error = self._test_error = math.nan

    def _on_restart(self, _restart: int, _restarts: int, error: float) -> None:
        """A restart has ended with this final error."""
        self._look_at(self._current, single=False)  # its last epochs
        with self._lock:
            self._best = error if not math.isfinite(self._best) else min(self._best, error)

    def _give_way(self) -> None:
        """Before each epoch: sleep while asked to (but train at least MIN_RUN_SECONDS
        between such sleeps, so that a GUI thread that is never idle cannot starve the
        run), and a very little now and then."""
        now = time.perf_counter()
        if now < self._park_until and now - self._slice >= MIN_RUN_SECONDS:
            while now < self._park_until:  # in short naps: gave_way() may end it early
                time.sleep(min(PARK_NAP_SECONDS, self._park_until - now))
                now = time.perf_counter()
        elif now - self._slice >= SLICE_SECONDS:
            time.sleep(BREATH_SECONDS)
        else:
            return
        self._slice = time.perf_counter()

    def _should_stop(self) -> bool:
        """Called before every epoch; every `_every` epochs (about CHECK_SECONDS apart)
        publishes, lets the GUI thread in, waits while paused, and says whether to
        stop."""
        self._countdown -= 1
        if self._countdown > 0:
            return False
        now = time.perf_counter()
        took, self._looked = now - self._looked, now
        if took < CHECK_SECONDS / 2 and self._every < MAX_EVERY:
            self._every *= 2
        elif took > 2 * CHECK_SECONDS and self._every > 1:
            self._every //= 2
        self._countdown = self._every
        if self.trainer is not None:
            self._look_at(self.trainer)
        elif self._current is not None:  # restarts: the run being trained
            self._look_at(self._current, single=False)
        self._give_way()
        if not self._resume.is_set():
            start = time.perf_counter()
            self._resume.wait()
            with self._lock:
                self._paused_seconds += time.perf_counter() - start
        return self._stop.is_set() or self.plateau

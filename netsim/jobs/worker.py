"""Jobs in training processes, watched from the GUI thread (no Qt): TrainingJob, one
training run; TaskJob, other engine work (the learning-rate explorer).

Why a process and not a thread: child.py. The GUI thread starts a job and polls
`snapshot()` with a timer; each snapshot reads what the training process has sent since
(the epoch, the error, the test error when the dataset holds rows out for testing, the
live weights) and asks for more, so what it shows is at most one poll old. With restarts
the epoch and errors are those of the restart being trained (side by side: the epoch of
the runs training together, and their best error), and the weights are sent only at the
end (the best run's). stop() and pause() are messages that the process reads about every
CHECK_SECONDS.

start() takes a training process; the job itself goes to it with the first look (read,
snapshot, progress, wait), and carries whether it has been paused or stopped by then. So
what the app does in the same turn of its event loop as start() comes before the first
epoch, however busy the machine: Run then Pause waits before training, Run then Stop
trains nothing. Later messages follow the job down the same pipe, in order.

Training processes are started once and kept (a Server trains one job after another), so
a run starts at once; prepare() starts one ahead of the first run. They are started with
multiprocessing's "spawn" on every platform: a fresh interpreter, never a fork of the
window's process with its threads.
"""
from __future__ import annotations

import math
import multiprocessing
import time
from dataclasses import dataclass

import numpy as np

from netsim.engine.dataset import Dataset
from netsim.engine.network import Network
from netsim.engine.settings import TrainingSettings
from netsim.engine.trainer import TrainingError, TrainResult, gradient_warnings, problem

from . import child
from .child import JobSpec, Outcome, Progress, Task, TaskOutcome, TaskProgress

SPARE_SERVERS = 2  # idle training processes kept for later runs, at most


class Server:
    """A training process and the app's end of its pipe. `job` is the job whose messages
    come next: the one training, or one abandoned whose outcome is still to come."""

    def __init__(self):
        ctx = multiprocessing.get_context("spawn")
        self.conn, theirs = ctx.Pipe()
        self.process = ctx.Process(target=child.serve, args=(theirs,),
                                   name="netsim-training", daemon=True)
        self.process.start()
        theirs.close()  # the process has its own copy: EOF here now means it ended
        self.job: Job | None = None
        _servers[:] = [server for server in _servers if server.process.is_alive()]
        _servers.append(self)

    def __repr__(self) -> str:
        return f"Server(pid {self.process.pid}, {'busy' if self.job else 'idle'})"

    def alive(self) -> bool:
        return not self.conn.closed and self.process.is_alive()

    def drained(self) -> bool:
        """Read what an abandoned job still sends; True once the server is free."""
        job = self.job
        if job is not None:
            job.read()
            if job.done or not self.alive():
                self.job = None
        return self.job is None and self.alive()

    def close(self) -> None:
        self.conn.close()  # the process ends when it sees the pipe closed

    def end(self) -> None:
        """End the process now (whatever it is doing) and wait until it has."""
        self.close()
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(1.0)
            if self.process.is_alive():
                self.process.kill()
        self.process.join()


_spare: list[Server] = []  # idle servers, and servers still draining an abandoned job
_servers: list[Server] = []  # every server whose process may still run


def end_all() -> None:
    """End every training process (the app is quitting): a run still going is dropped.
    Once this returns, none is left."""
    _spare.clear()
    for server in list(_servers):
        server.end()
        if server.job is not None:
            server.job.done, server.job = True, None
    _servers.clear()


def take_server() -> Server:
    """An idle training process (started if there is none)."""
    for server in list(_spare):
        if server.drained():
            _spare.remove(server)
            return server
        if not server.alive():
            _spare.remove(server)
    return Server()


def give_back(server: Server) -> None:
    """A server whose job has ended (or was abandoned) goes back to the spares."""
    if server.alive() and len(_spare) < SPARE_SERVERS:
        _spare.append(server)
    else:
        server.close()


def prepare() -> None:
    """Start a training process now, so that the first run starts at once (if it cannot
    be started, the first run says why)."""
    if not any(server.alive() for server in _spare):
        try:
            _spare.append(Server())
        except OSError:
            pass


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
    waiting: bool = False  # the process has paused: no epoch trains until resume()
    together: int = 1  # restarts training side by side from `restart` on

    def __repr__(self) -> str:
        state = "done" if self.done else "paused" if self.paused else "running"
        return f"Snapshot(epoch {self.epoch}, error {self.error:.6g}, {state})"


class Job:
    """Something a training process works on, seen from the GUI thread: the spec goes in
    (with the first read after start), messages come back (read: progress, then the
    outcome once), "stop" and "look" go out. TrainingJob and TaskJob say what the spec
    and the messages are."""

    def __init__(self) -> None:
        self.server: Server | None = None
        self.done = False
        self.sent = False  # the spec has gone to the process
        self._asked = 0  # looks asked for and not yet answered
        self._look_for = "look"  # or "glance": the progress without the live weights
        self._stopped = self._closed = False

    def _spec(self):
        raise NotImplementedError

    def _progressed(self, message) -> None:
        raise NotImplementedError

    def _ended(self, message) -> None:
        raise NotImplementedError

    def _failed(self, text: str):
        """The outcome message of a job whose process died, saying so in `text`."""
        raise NotImplementedError

    # ---- control (GUI thread) ------------------------------------------------------------
    def start(self) -> None:
        """Take a training process for the job (TrainingError if none could be started);
        the job goes to it with the first look."""
        try:
            self.server = take_server()
        except OSError as exc:
            raise TrainingError(f"could not start a training process ({exc})") from exc
        self.server.job = self

    def _send(self, message) -> None:
        try:
            self.server.conn.send(message)
        except OSError:  # the process has ended: read() reports it
            pass

    def _control(self, message: str) -> None:
        """Send "stop", "pause" or "resume" after the job; before it, the job carries
        the state."""
        if self.sent:
            self._send(message)

    def stop(self) -> None:
        """Ask the process to stop before its next epoch (also when paused)."""
        if not self.done:
            self._stopped = True
            self._control("stop")

    def close(self) -> None:
        """Stop and forget the job: its outcome is read (and dropped) later, when its
        process is wanted for another job, or by wait(). A job that has not gone to its
        process yet never goes, and the process is free at once."""
        self.stop()
        self._closed = True
        if self.done or self.server is None:
            return
        if not self.sent:
            self.done, self.server.job = True, None
        give_back(self.server)  # (one still busy with this job drains first)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the job to end; True if it has."""
        deadline = math.inf if timeout is None else time.perf_counter() + timeout
        while not self.done and self.server is not None:
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            self.read(min(left, 0.05))
        return self.done

    def _look(self) -> None:
        """Read what has come, and ask for the progress again (answered by the next
        read)."""
        if not self._closed:
            self.read()
            if not self.done and self._asked == 0:
                self._asked += 1
                self._send(self._look_for)

    # ---- what the process sends ----------------------------------------------------------
    def read(self, timeout: float = 0.0) -> None:
        """Read what the process has sent (waiting up to `timeout` for the first message);
        notice when it has died."""
        server = self.server
        if self.done or server is None:
            return
        if not self.sent:
            self.sent = True
            self._send(self._spec())
        try:
            ready = server.conn.poll(timeout)
            while ready and not self.done:
                self._take(server.conn.recv())
                ready = not self.done and server.conn.poll()
            dead = not self.done and not server.process.is_alive() and not server.conn.poll()
        except (EOFError, OSError):
            dead = not self.done
        if dead:
            self._take(self._failed(self._death()))
        if self.done:  # only now, with its pipe no longer read here, the process is free
            self._release()

    def _take(self, message) -> None:
        if isinstance(message, (Progress, TaskProgress)):
            self._progressed(message)
            self._asked -= message.answer
            return
        self._ended(message)
        self.done = True

    def _release(self) -> None:
        """The job has ended: its process goes back to the spares, which may end it (so
        nothing of the job's may read its pipe after this)."""
        self.server.job = None
        if not self._closed:  # (a closed job's server is already back)
            give_back(self.server)

    def _death(self) -> str:
        process = self.server.process
        process.join(1.0)
        code = process.exitcode
        how = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
        return f"the training process ended unexpectedly ({how})"


class TaskJob(Job):
    """Engine work in a training process: work(progress, should_stop) (a Task; it must
    pickle, e.g. a functools.partial of an engine function). progress() is (done, total)
    as last reported; once done, `value` is what the work returned or `failure` says in
    one line what it raised."""

    def __init__(self, work) -> None:
        super().__init__()
        self.work = work
        self.value = None
        self.failure: str | None = None
        self._progress = (0, 0)

    def __repr__(self) -> str:
        return f"TaskJob({'done' if self.done else 'running'}, {self._progress})"

    def progress(self) -> tuple[int, int]:
        self._look()
        return self._progress

    def _spec(self) -> Task:
        return Task(self.work, self._stopped)

    def _progressed(self, message: TaskProgress) -> None:
        self._progress = (message.done, message.total)

    def _ended(self, message: TaskOutcome) -> None:
        self.value, self.failure = message.value, message.failure

    def _failed(self, text: str) -> TaskOutcome:
        return TaskOutcome(failure=text)


class TrainingJob(Job):
    """Train `network` (a copy) on `dataset` in a training process: up to `epochs` epochs
    (default settings.max_epochs) from the network's weights, or with restarts=True
    settings.restarts runs from random weights (train_with_restarts; with together=True
    side by side, restarts.train_side_by_side, the runs' results without their epoch
    errors but the best run's), keeping the best. Raises TrainingError (one line) when
    training cannot start."""

    def __init__(self, network: Network, dataset: Dataset | None, settings: TrainingSettings,
                 epochs: int | None = None, restarts: bool = False, together: bool = False):
        reason = problem(network, dataset, settings)
        if reason:
            raise TrainingError(reason)
        super().__init__()
        self.network, self.dataset = network.copy(), dataset.copy()
        self.settings, self.epochs = settings, epochs
        self.restarts = settings.restarts if restarts else 1
        self.together = together
        self.keys = [c.key for c in self.network.connections]
        self.rows = len(self.dataset.training())  # rows trained on per epoch
        self.warnings = gradient_warnings(self.network, self.dataset, settings)
        # Results, valid once done:
        self.result: TrainResult | None = None
        self.weights: np.ndarray = np.array(self.network.weights(), dtype=float)
        self.restart_errors: list[float] = []
        self.best_restart: int | None = None
        self.plateau = False  # stopped because the error no longer moved
        self.failure: str | None = None  # an unexpected error, in one line
        self._progress = Progress(0, 0, math.nan, math.nan, 1, math.nan, 0.0, None, False)
        self._live: np.ndarray | None = None
        self._resumed = True

    def __repr__(self) -> str:
        epochs = self.epochs or self.settings.max_epochs
        kind = f"{self.restarts} restarts" if self.restarts > 1 else f"{epochs} epochs"
        return f"TrainingJob({kind}, {self.last_snapshot()!r})"

    def _spec(self) -> JobSpec:
        return JobSpec(self.network, self.dataset, self.settings, self.epochs, self.restarts,
                       paused=not self._resumed, stopped=self._stopped,
                       together=self.together)

    def pause(self) -> None:
        """The process waits from its next look (within about CHECK_SECONDS; before the
        first epoch if the job has not gone to it yet)."""
        if not self.done:
            self._resumed = False
            self._control("pause")

    def resume(self) -> None:
        if not self.done:
            self._resumed = True
            self._control("resume")

    @property
    def paused(self) -> bool:
        return not self._resumed and not self._stopped

    def snapshot(self, weights: bool = True) -> Snapshot:
        """The progress as last sent, after asking for the next: with the live weights,
        or (weights=False) without them, when the app will not show the next ones."""
        self._look_for = "look" if weights else "glance"
        self._look()
        return self.last_snapshot()

    def last_snapshot(self) -> Snapshot:
        """The progress as last read, without looking (the job does not go out)."""
        p = self._progress
        if p.weights is not None:
            self._live = p.weights
        rate = p.epochs * self.rows / p.seconds if p.seconds > 0 else 0.0
        return Snapshot(p.epoch, p.epochs, p.error, self._live, p.restart, self.restarts,
                        rate, self.paused, self.done, p.test_error, p.best_error,
                        p.waiting and not self.done, p.together)

    def _progressed(self, message: Progress) -> None:
        self._progress = message

    def _ended(self, message: Outcome) -> None:
        self.result, self.plateau, self.failure = message.result, message.plateau, message.failure
        if message.weights is not None:
            self.weights = message.weights
        self.restart_errors, self.best_restart = message.restart_errors, message.best_restart

    def _failed(self, text: str) -> Outcome:
        return Outcome(failure=f"training failed: {text}")

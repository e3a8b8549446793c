"""The jobs package (no Qt): the training process, the worker job, the plateau and saturation
checks, and the sentences they produce."""
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from netsim import paths
from netsim.engine.explorer import explore
from netsim.engine.restarts import train_side_by_side
from netsim.engine.settings import TrainingSettings
from netsim.engine.trainer import Trainer, TrainingError, train_with_restarts
from netsim.io.fileformat import load
from netsim.jobs import child, worker
from netsim.jobs.checks import FLAT_EPOCHS, Plateau, saturated_neurons, stall_report
from netsim.jobs.report import format_rate, outcome, progress_text
from netsim.jobs.worker import TaskJob, TrainingJob


@pytest.fixture
def xor():
    return load(paths.example("xor-worked-example"))


def run_job(job, timeout=60.0):
    job.start()
    assert job.wait(timeout)
    return job.result


def test_the_jobs_never_import_qt_the_views_or_the_app():
    modules = sorted(p.stem for p in Path(child.__file__).parent.glob("*.py"))
    assert modules == ["__init__", "accuracy", "checks", "child", "report", "worker"]
    imports = "; ".join(f"import netsim.jobs.{m}" for m in modules if m != "__init__")
    code = ("import sys; " + imports + "; "
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph', "
            "'netsim.app', 'netsim.plots', 'netsim.panels', 'netsim.canvas', 'netsim.document'))]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "[]"


def test_plateau_notices_an_error_that_no_longer_moves():
    watch = Plateau(target=0.01)
    flags = [watch.update(0.25) for _ in range(3 * FLAT_EPOCHS)]
    assert flags.index(True) == FLAT_EPOCHS
    falling = Plateau(target=0.01)
    assert not any(falling.update(0.25 / (1 + 1e-3 * k)) for k in range(3 * FLAT_EPOCHS))
    reached = Plateau(target=0.01)
    assert not any(reached.update(0.005) for _ in range(3 * FLAT_EPOCHS))


def test_saturated_neurons_are_named(xor):
    assert saturated_neurons(xor.network, xor.dataset) == []
    w = np.array(xor.network.weights())
    keys = [c.key for c in xor.network.connections]
    w[keys.index(("b", "y"))] = 40.0  # y's net input is about 40 on every row
    assert saturated_neurons(xor.network, xor.dataset, w) == ["y"]


def test_stall_report_sentences():
    big = TrainingSettings(learning_rate=100, target_error=0.01)
    flat = [0.2495] + [0.25] * 3000
    text = stall_report(flat, big, ["y"], plateau=True)
    assert text.startswith("the error stopped falling: the neurons saturated (learning rate "
                           "100 is probably too large); y is on the flat part")
    assert text.endswith("so almost no gradient passes (error 0.25)")
    small = TrainingSettings(learning_rate=0.5, target_error=0.01)
    assert "try smaller initial weights" in stall_report([0.3, 0.2, 0.2], small, ["h1", "h2"],
                                                         plateau=True)
    assert stall_report([0.3, 0.2, 0.1], small, [], plateau=False) is None  # still falling
    assert stall_report([0.3, 0.005], small, ["y"], plateau=True) is None  # target reached
    assert stall_report([0.2] * 30, small, [], plateau=False) == (
        "the error did not fall: it went from 0.2 to 0.2 (try another learning rate or "
        "random restarts)")
    assert stall_report([0.3, 0.08], small, [], plateau=True).startswith(
        "the error stopped falling at 0.08, above the target 0.01: training settled in a "
        "minimum")
    assert "training has converged" in stall_report(
        [0.3, 0.08], replace(small, target_error=None), [], plateau=True)


def test_a_job_trains_like_the_headless_trainer(xor):
    job = TrainingJob(xor.network, xor.dataset, xor.training)
    result = run_job(job)
    trainer = Trainer(xor.network, xor.dataset, xor.training)
    expected = trainer.run()
    assert result.history == expected.history and result.stopped == "target_error"
    np.testing.assert_array_equal(job.weights, trainer.weights())
    assert outcome(job).startswith(f"Trained {expected.epochs:,} epochs: reached the target")
    assert job.snapshot().done and job.snapshot().epoch == expected.epochs


def test_a_job_with_a_huge_learning_rate_stops_on_the_plateau(xor):
    settings = replace(xor.training, learning_rate=100.0, max_epochs=1_000_000)
    job = TrainingJob(xor.network, xor.dataset, settings)
    result = run_job(job)
    assert result.stopped == "plateau" and job.plateau and result.epochs < 10_000
    assert np.isfinite(job.weights).all()
    assert "the neurons saturated (learning rate 100 is probably too large)" in outcome(job)


def snapshot_when(job, condition, timeout=60.0):
    """The first snapshot that meets `condition` (looking until it comes)."""
    deadline = time.perf_counter() + timeout
    while not condition(snap := job.snapshot()):
        assert time.perf_counter() < deadline, snap
        time.sleep(0.002)
    return snap


def warm_server(xor):
    """Leave an idle training process that has done a job, ready for the next."""
    job = TrainingJob(xor.network, xor.dataset, xor.training, epochs=1)
    run_job(job, timeout=120.0)
    return job.server


def training(xor) -> TrainingJob:
    """A job of ten million epochs, started and seen training."""
    settings = replace(xor.training, max_epochs=10_000_000, target_error=None)
    job = TrainingJob(xor.network, xor.dataset, settings)
    job.start()
    snapshot_when(job, lambda snap: snap.epochs > 0)
    return job


def test_a_job_stops_and_pauses(xor):
    job = training(xor)
    job.pause()
    assert job.snapshot().paused
    epochs = snapshot_when(job, lambda snap: snap.waiting).epochs  # the process has paused
    for _ in range(5):  # whatever it answers now, it has not trained since
        time.sleep(0.01)
        assert job.snapshot().epochs == epochs
    job.resume()
    snapshot_when(job, lambda snap: snap.epochs > epochs and not snap.waiting)
    job.stop()
    assert job.wait(5.0)
    assert job.result.stopped == "cancelled" and epochs < job.result.epochs < 10_000_000
    replay = Trainer(xor.network, xor.dataset, replace(job.settings, max_epochs=job.result.epochs))
    replay.run()
    np.testing.assert_array_equal(job.weights, replay.weights())


def test_a_job_with_restarts_keeps_the_best(xor):
    settings = replace(xor.training, restarts=3, max_epochs=200, target_error=None)
    job = TrainingJob(xor.network, xor.dataset, settings, restarts=True)
    result = run_job(job)
    expected = train_with_restarts(xor.network, xor.dataset, settings)
    np.testing.assert_array_equal(job.weights, expected.weights)
    assert job.restart_errors == expected.errors and job.best_restart == expected.best
    assert result.epochs == 600
    assert outcome(job).startswith(f"Trained 3 of 3 restarts: kept run {expected.best + 1}")


def test_restarts_side_by_side_report_their_epoch_and_stop_where_they_are(xor):
    settings = replace(xor.training, restarts=300, max_epochs=10_000_000, target_error=None)
    job = TrainingJob(xor.network, xor.dataset, settings, restarts=True, together=True)
    job.start()
    snap = job.snapshot()
    while snap.epoch < 5 and job.server.alive():  # (the process reads "look" as it trains)
        job.read(0.05)
        snap = job.snapshot()
    assert (snap.restart, snap.together, snap.restarts) == (1, 300, 300)
    assert snap.epochs == 300 * snap.epoch and snap.best_error < 0.2
    assert progress_text(snap).startswith(
        f"Training: restarts 1\u2013300 of 300 side by side, epoch {snap.epoch:,}, best error ")
    job.stop()
    assert job.wait(60.0) and job.failure is None
    runs = job.result.restarts
    reached = runs[0].epochs
    assert reached >= snap.epoch and len(runs) == 300
    assert {(r.epochs, r.stopped) for r in runs} == {(reached, "cancelled")}
    assert job.result.epochs == 300 * reached and job.result.stopped == "cancelled"
    expected = train_side_by_side(xor.network, xor.dataset, replace(settings, max_epochs=reached))
    assert job.restart_errors == expected.errors and job.best_restart == expected.best
    np.testing.assert_array_equal(job.weights, expected.weights)


def test_a_job_refuses_to_start_with_the_reason(xor):
    with pytest.raises(TrainingError, match="the dataset has no rows"):
        TrainingJob(xor.network, None, xor.training)
    with pytest.raises(TrainingError, match="momentum must be at least 0 and below 1"):
        TrainingJob(xor.network, xor.dataset, replace(xor.training, momentum=1.5))


def test_an_unexpected_error_in_the_training_process_is_one_line(xor, monkeypatch):
    # What the training process does with a job, run here so that the trainer can break.
    def broken(*args, **kwargs):
        raise RuntimeError("out of cheese")
    monkeypatch.setattr(child.Trainer, "run", broken)
    ours, theirs = multiprocessing.Pipe()
    spec = child.JobSpec(xor.network, xor.dataset, xor.training, None, 1)
    child.run_job(spec, theirs)
    sent = ours.recv()
    assert sent.failure == "training failed: RuntimeError: out of cheese"
    assert sent.result is None and sent.weights is None


def test_a_training_process_that_dies_is_reported_in_one_line(xor):
    settings = replace(xor.training, max_epochs=10_000_000, target_error=None)
    job = TrainingJob(xor.network, xor.dataset, settings)
    job.start()
    deadline = time.perf_counter() + 30
    while job.snapshot().epochs == 0 and time.perf_counter() < deadline:
        time.sleep(0.01)
    assert job.server.process.pid != os.getpid()
    os.kill(job.server.process.pid, signal.SIGKILL)
    assert job.wait(10.0)
    assert job.snapshot().done and job.result is None
    assert job.failure == ("training failed: the training process ended unexpectedly "
                           f"(signal {int(signal.SIGKILL)})")
    np.testing.assert_array_equal(job.weights, xor.network.weights())  # the start, kept


def test_pause_and_stop_right_after_start_train_no_epoch(xor):
    # The app can be held up between start() and pause() (a busy machine); before the job
    # carried its state, the process trained meanwhile (254 or 510 epochs, not 0).
    server = warm_server(xor)
    settings = replace(xor.training, max_epochs=10_000_000, target_error=None)
    job = TrainingJob(xor.network, xor.dataset, settings)
    job.start()
    assert job.server is server  # an idle process, ready at once
    time.sleep(0.3)  # the app is busy
    job.pause()
    job.stop()
    assert job.wait(60.0)
    assert job.result.epochs == 0 and job.result.stopped == "cancelled"
    np.testing.assert_array_equal(job.weights, xor.network.weights())


def test_restarts_stopped_before_they_go_out_keep_the_weights(xor):
    warm_server(xor)
    settings = replace(xor.training, restarts=3, max_epochs=200, target_error=None)
    job = TrainingJob(xor.network, xor.dataset, settings, restarts=True)
    job.start()
    time.sleep(0.3)
    job.stop()
    assert job.wait(60.0) and job.failure is None
    assert job.result.epochs == 0 and job.result.stopped == "cancelled"
    np.testing.assert_array_equal(job.weights, xor.network.weights())  # not a random start


def test_a_job_paused_before_it_goes_out_waits_then_trains_in_full(xor):
    warm_server(xor)
    job = TrainingJob(xor.network, xor.dataset, xor.training)
    job.start()
    time.sleep(0.3)
    job.pause()
    snap = snapshot_when(job, lambda snap: snap.waiting)
    assert snap.epochs == 0 and snap.paused
    job.resume()
    assert job.wait(60.0)
    expected = Trainer(xor.network, xor.dataset, xor.training).run()
    assert job.result.history == expected.history and job.result.stopped == "target_error"


def test_a_task_stopped_before_it_goes_out_does_no_work(xor):
    warm_server(xor)
    settings = replace(xor.training, target_error=None)
    job = TaskJob(partial(explore, xor.network, xor.dataset, [0.5], settings, 10_000_000))
    job.start()
    time.sleep(0.3)
    job.stop()
    assert job.wait(60.0) and job.failure is None
    run, = job.value
    assert run.stopped == "cancelled" and run.history == []


def test_messages_after_a_job_has_ended_are_dropped_before_the_next(xor):
    # The app's "pause", "look" and "stop" can reach the process after the job they were
    # meant for has ended; the next job on that process must not take them as its own.
    ours, theirs = multiprocessing.Pipe()
    serving = threading.Thread(target=child.serve, args=(theirs,))
    serving.start()
    try:
        short = child.JobSpec(xor.network, xor.dataset, xor.training, 5, 1)
        ours.send(short)
        while not isinstance(outcome_ := ours.recv(), child.Outcome):
            pass
        assert outcome_.result.epochs == 5
        for message in ("pause", "look", "stop"):
            ours.send(message)
        ours.send(child.JobSpec(xor.network, xor.dataset, xor.training, None, 1))
        messages = []
        while not isinstance(message := ours.recv(), child.Outcome):
            messages.append(message)
        expected = Trainer(xor.network, xor.dataset, xor.training).run()
        assert message.result.history == expected.history
        assert [m.answer or m.waiting for m in messages] == [False]  # only the last news
    finally:
        ours.close()
        serving.join(10.0)
    assert not serving.is_alive()


def test_a_job_closed_before_it_goes_out_frees_its_process_at_once(xor):
    server = warm_server(xor)
    job = TrainingJob(xor.network, xor.dataset, xor.training)
    job.start()
    job.close()
    assert job.done and job.result is None and server.job is None
    assert server in worker._spare and server.alive()


def test_end_all_ends_every_training_process(xor):
    running = training(xor)
    worker.prepare()
    processes = [s.process for s in worker._servers]
    assert running.server.process in processes and len(processes) >= 2
    worker.end_all()
    assert not any(p.is_alive() for p in processes)
    assert all(p.exitcode is not None for p in processes)  # ended and waited for
    assert running.done and worker._spare == []


def test_a_closed_job_gives_its_process_to_the_next_run(xor):
    settings = replace(xor.training, max_epochs=10_000_000, target_error=None)
    closed = TrainingJob(xor.network, xor.dataset, settings)
    closed.start()
    closed.snapshot()  # it has gone to the process
    closed.pause()
    closed.close()  # paused, then forgotten: its process ends the run
    assert closed.wait(10.0)  # (as when the window closes; else read when next wanted)
    job = TrainingJob(xor.network, xor.dataset, xor.training)
    result = run_job(job)
    assert job.server is closed.server and job.server.process.is_alive()
    assert closed.done and closed.result.stopped == "cancelled"
    assert result.history == Trainer(xor.network, xor.dataset, xor.training).run().history


def test_format_rate():
    assert format_rate(12345.6) == "12,346 samples/s"
    assert format_rate(2.5e6) == "2.5 M samples/s"
    assert format_rate(0.0) == "\u2013 samples/s"


def test_plateau_read_in_chunks_is_update_on_every_epoch():
    # The worker hands over the history a few hundred epochs at a time.
    rng = np.random.default_rng(3)
    history = list(0.25 + np.repeat(rng.normal(scale=1e-3, size=6), 2500))
    one_by_one = Plateau()
    flags = [one_by_one.update(e) for e in history]
    chunked = Plateau()
    ends = sorted({int(v) for v in rng.integers(1, len(history), 40)} | {len(history)})
    start = 0
    for end in ends:
        assert chunked.read(history[:end]) == any(flags[start:end]), (start, end)
        start = end
    assert any(flags) and not all(flags)


def test_a_task_returns_what_the_engine_work_returns(xor):
    settings = replace(xor.training, target_error=None)
    job = TaskJob(partial(explore, xor.network, xor.dataset, [0.05, 5.0], settings, 300))
    job.start()
    assert job.wait(60.0) and job.failure is None
    expected = explore(xor.network, xor.dataset, [0.05, 5.0], settings, 300)
    assert [r.history for r in job.value] == [r.history for r in expected]
    assert [r.verdict for r in job.value] == [r.verdict for r in expected]
    assert job.progress() == (300, 300)  # the last progress the work reported


def test_a_task_stops_where_it_is(xor):
    settings = replace(xor.training, target_error=None)
    job = TaskJob(partial(explore, xor.network, xor.dataset, [0.5], settings, 10_000_000))
    job.start()
    deadline = time.perf_counter() + 30
    while job.progress()[0] == 0 and time.perf_counter() < deadline:
        time.sleep(0.01)
    done, total = job.progress()
    assert 0 < done < total == 10_000_000
    job.stop()
    assert job.wait(10.0)
    run, = job.value
    assert run.stopped == "cancelled" and 0 < len(run.history) < 10_000_000


def test_a_task_that_raises_is_one_line(xor):
    job = TaskJob(partial(explore, xor.network, None, [0.5], xor.training, 10))
    job.start()
    assert job.wait(60.0) and job.value is None
    assert job.failure == "TrainingError: there is no training data: the dataset has no rows"


def test_jobs_ending_with_every_spare_place_taken_end_cleanly(xor):
    # More jobs end than processes are kept: a process that is not kept is ended once the
    # outcome of its job has been read (it used to be ended while it was read, and its
    # end was then reported as the process dying: "ended unexpectedly (exit code 0)").
    settings = replace(xor.training, target_error=None)
    work = partial(explore, xor.network, xor.dataset, [0.5], settings, 50)
    jobs = [TaskJob(work) for _ in range(worker.SPARE_SERVERS + 1)]
    for job in jobs:
        job.start()
    assert all(job.wait(60.0) for job in jobs)
    assert [job.failure for job in jobs] == [None] * len(jobs)
    history = explore(xor.network, xor.dataset, [0.5], settings, 50)[0].history
    assert all(job.value[0].history == history for job in jobs)
    ended = [job.server for job in jobs if job.server not in worker._spare]
    assert ended and all(server.job is None for server in ended)
    for server in ended:
        server.process.join(60.0)
        assert server.process.exitcode == 0  # it saw its pipe closed


def test_saturated_softmax_outputs_are_named_under_squared_error_only():
    """Output weights ×20: on every row one softmax output takes almost all, so every
    o_k(1 − o_k) is almost 0; the hidden tanh neurons are not flat."""
    import three_classes
    from netsim.engine.compiled import Compiled
    nf = three_classes.network_file()
    net, data = nf.network, nf.dataset
    w = np.array(net.weights())
    into_outputs = np.array([c.target in three_classes.OUTPUTS for c in net.connections])
    w[into_outputs] *= 20.0
    c = Compiled(net, data.inputs)
    c.set_weights(w)
    o = c.outputs(c.forward(data.x))
    assert np.all(o * (1 - o) < 0.01 * 0.25)  # the independent check: each diagonal is flat
    np.testing.assert_allclose(o.sum(axis=1), 1.0, rtol=1e-12)
    assert saturated_neurons(net, data, w, "squared_error") == ["setosa", "versicolor", "virginica"]
    assert saturated_neurons(net, data, w, "cross_entropy") == []
    assert saturated_neurons(net, data, None, "squared_error") == []

"""Learning Rates, Restarts and Train run in training processes side by side. Stopped in
one turn of the event loop (each Stop pressed, or another network opened), each ends
cleanly with what it had done, in any pair or all three; a process the app no longer
keeps is ended only once the job that ended on it has been read. Closing the window
waits for no process, not even one that never answers."""
import os
import signal

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from netsim import paths
from netsim.jobs import worker
from netsim.engine.explorer import explore
from panel_runs import LONG

KINDS = ("explorer", "restarts", "train")
# Neither network has a target error and keeps learning: every run below goes on until
# it is stopped (none reaches a target, diverges or stops on a plateau).
NETWORK = "xor-from-or-nand-and"
OTHER = "seed-002-network"  # no target error either
SWEEP = 50  # rates of a long sweep: slow enough to be stopped long before its end
SHORT = 20  # epochs of a short run


def tool_button(window, action):
    button, = [b for b in window.training_panel.findChildren(QToolButton)
               if b.defaultAction() is action]
    return button


def click(button, qtbot):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def start(window, qtbot, kind, long=True):
    """Start one of the three, as a person would: a long run (minutes at least: Learning
    Rates sweeps SWEEP rates, Restarts trains 1000 runs, Train 10**7 epochs), or a short
    one (SHORT epochs: Learning Rates compares three rates, Restarts trains two runs)."""
    epochs = SHORT if not long else 10**7 if kind == "train" else 100_000
    if kind == "explorer":
        explorer = window.plots["Learning Rates"]
        explorer.mode.setCurrentIndex(1 if long else 0)
        explorer.count.setValue(SWEEP)
        explorer.epochs.setValue(epochs)
        click(explorer.run_button, qtbot)
    elif kind == "restarts":
        restarts = window.plots["Restarts"]
        restarts.runs.setValue(1000 if long else 2)
        restarts.epochs.setValue(epochs)
        click(restarts.run_button, qtbot)
    else:  # Train N Epochs (a settings change would reset Restarts)
        window.training.ask_epochs = lambda suggested: epochs
        click(tool_button(window, window.training.train_n_action), qtbot)


def running(window, kind) -> bool:
    if kind == "train":
        return window.training.is_running()
    return window.plots["Learning Rates" if kind == "explorer" else "Restarts"].running


def trained(window, kind) -> bool:
    """Some epochs have been trained (as last read by the app's own polls)."""
    if kind == "explorer":
        return window.plots["Learning Rates"].bar.value() > 0
    job = window.plots["Restarts"].job if kind == "restarts" else window.training.job
    return job.last_snapshot().epochs > 0


def stop_button(window, kind):
    if kind == "train":
        return tool_button(window, window.training.stop_action)
    return window.plots["Learning Rates" if kind == "explorer" else "Restarts"].run_button


def jobs_of(window):
    """The jobs of the three."""
    return [window.plots["Learning Rates"].background.job, window.plots["Restarts"].job,
            window.training.job]


def start_long(window, qtbot, kinds):
    """Start long runs and wait until each trains; the network as they started."""
    network = window.document.network.copy()
    for kind in kinds:
        start(window, qtbot, kind)
    assert all(running(window, kind) for kind in kinds)
    qtbot.waitUntil(lambda: all(trained(window, kind) for kind in kinds), timeout=LONG)
    return network


def stop_in_one_turn(window, qtbot, kinds):
    """Press each Stop, one after the other, with no event handled in between."""
    buttons = [stop_button(window, kind) for kind in kinds]
    for button in buttons:
        click(button, qtbot)
    qtbot.waitUntil(lambda: not any(running(window, kind) for kind in kinds), timeout=LONG)


def messages(window, dialogs) -> list[str]:
    """Everything the window says about runs: the docks' notes and refusals, the status
    bar, the Training dock and its notices."""
    explorer, restarts = window.plots["Learning Rates"], window.plots["Restarts"]
    panel = window.training_panel
    return [explorer.message.text(), explorer.note.text(), restarts.message.text(),
            restarts.note.text(), window.statusBar().currentMessage(),
            panel.run_status.text(), panel.message.text(),
            *(f"{title}: {text}" for title, text in dialogs.messages + dialogs.errors)]


def assert_nothing_failed(window, dialogs):
    said = messages(window, dialogs)
    assert not [text for text in said if "unexpectedly" in text or "failed" in text], said
    assert not window.plots["Learning Rates"].message.isVisibleTo(window)
    assert not window.plots["Restarts"].message.isVisibleTo(window)
    assert not window.training_panel.message.isVisibleTo(window)
    assert dialogs.messages == [] and dialogs.errors == []


def assert_stopped_with_its_results(window, kind, network):
    """The run (started on `network`) ended because it was stopped, and shows what it
    had done."""
    doc = window.document
    if kind == "explorer":
        explorer = window.plots["Learning Rates"]
        epochs = int(explorer.note.text().split()[2])
        assert explorer.note.text() == f"stopped after {epochs} epochs"
        assert 0 < epochs < 100_000 and explorer.run_button.text() == "Run"
        rates = np.geomspace(0.01, 10, SWEEP)
        expected = explore(network, doc.dataset, rates, doc.file.training, epochs)
        np.testing.assert_allclose(explorer.sweep_rates, rates, rtol=1e-15)
        np.testing.assert_allclose(explorer.sweep_errors, [run.final for run in expected],
                                   rtol=1e-12)  # each rate's error where it was stopped
    elif kind == "restarts":
        restarts = window.plots["Restarts"]  # its 1,000 runs side by side, each stopped
        runs = restarts.result.results
        reached = max(r.epochs for r in runs)
        assert len(runs) == 1000 and 1 <= reached < 100_000
        assert restarts.run_button.text() == "Run"
        assert restarts.note.text().startswith(
            f"Stopped at epoch {reached:,} of 100,000. Best: run ")
        assert restarts.bar.isHidden()
    else:
        result = window.training.last_result
        assert result.stopped == "cancelled" and 0 < result.epochs < 10**7
        said = f"Training stopped after {result.epochs:,} epochs: error "
        assert window.training_panel.run_status.text().startswith(said)
        assert window.document.undo_stack.undoText() == f"Train {result.epochs:,} epochs"


def assert_finished_with_its_results(window, kind):
    """A short run ended by itself, with its whole result."""
    if kind == "explorer":
        explorer = window.plots["Learning Rates"]
        assert [len(curve.getData()[1]) for curve in explorer.curves] == [SHORT] * 3
        assert explorer.note.text() == ""
    elif kind == "restarts":
        assert len(window.plots["Restarts"].result.errors) == 2
    else:
        assert window.training.last_result.epochs == SHORT
        assert window.training_panel.run_status.text().startswith(f"Trained {SHORT} epochs: ")


@pytest.fixture
def window(make_window):
    window = make_window()
    assert window.open_example(paths.example(NETWORK))
    assert window.document.file.training.target_error is None
    return window


def test_all_three_stopped_in_one_turn_end_cleanly_with_their_results(window, qtbot, dialogs):
    network = start_long(window, qtbot, KINDS)
    stop_in_one_turn(window, qtbot, KINDS)
    assert_nothing_failed(window, dialogs)
    for kind in KINDS:
        assert_stopped_with_its_results(window, kind, network)


@pytest.mark.parametrize("short", KINDS)
def test_any_two_stopped_in_one_turn_end_cleanly(window, qtbot, dialogs, short):
    # The third one runs to its end meanwhile: its process goes back to the spares, so
    # that one of the two stopped ones is no longer kept when it ends.
    pair = [kind for kind in KINDS if kind != short]
    network = start_long(window, qtbot, pair)
    start(window, qtbot, short, long=False)
    qtbot.waitUntil(lambda: not running(window, short), timeout=LONG)
    assert_finished_with_its_results(window, short)
    stop_in_one_turn(window, qtbot, pair)
    assert_nothing_failed(window, dialogs)
    for kind in pair:
        assert_stopped_with_its_results(window, kind, network)


def test_opening_another_network_stops_all_three_and_nothing_comes_later(
        window, qtbot, dialogs):
    start_long(window, qtbot, KINDS)
    assert window.open_example(paths.example(OTHER))
    # Each is free at once, as in a fresh window, while the processes finish in the back.
    assert not any(running(window, kind) for kind in KINDS)
    assert window.plots["Learning Rates"].note.text() == ""
    # The abandoned jobs' processes send their last words and are free again.
    qtbot.waitUntil(lambda: all(server.drained() for server in worker._spare),
                    timeout=LONG)
    assert_nothing_failed(window, dialogs)
    assert window.plots["Learning Rates"].curves == []
    assert window.plots["Restarts"].result is None
    # The processes are reused by the next runs, on the network now shown.
    kept = list(worker._spare)
    network = start_long(window, qtbot, KINDS)
    assert kept and set(kept) <= {job.server for job in jobs_of(window)}
    stop_in_one_turn(window, qtbot, KINDS)
    assert_nothing_failed(window, dialogs)
    for kind in KINDS:
        assert_stopped_with_its_results(window, kind, network)


def test_closing_the_window_waits_for_no_process_not_even_a_silent_one(window, qtbot):
    start_long(window, qtbot, KINDS)
    explorer = window.plots["Learning Rates"]
    jobs = jobs_of(window)
    pids = [job.server.process.pid for job in jobs]
    for pid in pids:  # they never answer again, not even to "stop"
        os.kill(pid, signal.SIGSTOP)
    try:
        window.close()  # returns without any of the jobs having ended
        assert not any(running(window, kind) for kind in KINDS)
        assert explorer.run_button.text() == "Run" and explorer.bar.isHidden()
        assert not any(job.done for job in jobs)
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)
    worker.end_all()  # as the app does once its window has closed
    assert all(job.server.process.exitcode is not None for job in jobs)  # ended

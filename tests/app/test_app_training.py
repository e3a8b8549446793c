"""Training from the GUI: the training process, live weights, Stop, Pause, undo, refusals,
divergence and saturation (TrainingController)."""
import math
import time
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer

from netsim import paths
from netsim.document import Document
from netsim.document.commands import SetWeight
from netsim.engine import Dataset, Network
from netsim.engine.settings import TrainingSettings
from netsim.engine.trainer import Trainer
from netsim.io.fileformat import NetworkFile, dumps, load
from netsim.jobs import worker
from netsim.app.training import TrainingController

XOR = "xor-worked-example"
LONG = 60_000  # ms: generous limits for waits that normally take well under a second


def xor_doc(**settings) -> Document:
    doc = Document.open(paths.example(XOR))
    doc.file.training = replace(doc.file.training, **settings)
    return doc


def diverging_doc() -> Document:
    """An identity output and learning rate 1000: the weight grows without bound."""
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("y", "output", "identity")
    net.connect("x", "y", 0.5)
    data = Dataset(["x"], ["y"], [[3.0, 1.0], [-2.0, 0.5]])
    return Document(NetworkFile(net, data, TrainingSettings(learning_rate=1e3, max_epochs=500)))


@pytest.fixture
def controller(qtbot):
    made = []

    def make(doc):
        c = TrainingController()
        c.notices = []
        c.show_notice = lambda title, text: c.notices.append((title, text))
        c.statuses = []
        c.status.connect(c.statuses.append)
        c.set_document(doc)
        made.append(c)
        return c
    yield make
    for c in made:
        c.shutdown()


def train_to_end(qtbot, c, start=None):
    with qtbot.waitSignal(c.running_changed, timeout=LONG,
                          check_params_cb=lambda running: not running):
        (start or c.run)()
    return c.last_result


def headless(doc_name=XOR, **settings):
    nf = load(paths.example(doc_name))
    trainer = Trainer(nf.network, nf.dataset, replace(nf.training, **settings))
    result = trainer.run()
    return trainer, result


def test_xor_trains_to_the_target_like_the_headless_trainer(qtbot, controller):
    doc = xor_doc(seed=0, target_error=0.01)
    c = controller(doc)
    finished = []
    c.finished.connect(finished.append)
    result = train_to_end(qtbot, c)
    assert result.stopped == "target_error" and result.error < 0.01
    assert finished == [result]
    trainer, expected = headless(seed=0, target_error=0.01)
    assert result.history == expected.history
    assert doc.network.weights() == [float(w) for w in trainer.weights()]
    assert c.statuses[-1].startswith(f"Trained {expected.epochs:,} epochs: reached the target")
    assert not c.is_running() and c.run_action.isEnabled() and not c.stop_action.isEnabled()


def test_a_run_is_one_undo_step_that_restores_the_weights_exactly(qtbot, controller):
    doc = xor_doc(target_error=0.01)
    before = dumps(doc.file)
    count = doc.undo_stack.count()
    c = controller(doc)
    train_to_end(qtbot, c)
    after = dumps(doc.file)
    assert after != before
    assert doc.undo_stack.count() == count + 1
    assert doc.undo_stack.undoText().startswith("Train")
    doc.undo_stack.undo()
    assert dumps(doc.file) == before
    doc.undo_stack.redo()
    assert dumps(doc.file) == after


def test_live_weights_reach_the_document_while_training(qtbot, controller):
    doc = xor_doc(max_epochs=200_000, target_error=None)
    start = doc.network.weights()
    c = controller(doc)
    progress = []
    c.progress.connect(lambda *args: progress.append(args))
    c.run()
    qtbot.waitUntil(lambda: doc.network.weights() != start, timeout=LONG)
    qtbot.waitUntil(lambda: len(progress) >= 2, timeout=LONG)
    epoch, error, rate = progress[-1]
    assert epoch > 0 and 0 < error < 1 and rate > 0
    assert c.statuses[-1].startswith("Training: epoch ")
    with qtbot.waitSignal(c.running_changed, timeout=LONG):
        c.stop()


def test_stop_stops_promptly_and_keeps_the_weights_reached(qtbot, controller):
    doc = xor_doc(max_epochs=10_000_000, target_error=None)
    c = controller(doc)
    c.run()
    assert c.is_running() and c.stop_action.isEnabled() and not c.run_action.isEnabled()
    qtbot.wait(200)
    # (no time limit of our own: the worker stops at its next look, within a millisecond,
    # but on a loaded machine the window's last redraw can take a while)
    with qtbot.waitSignal(c.running_changed, timeout=LONG,
                          check_params_cb=lambda running: not running):
        c.stop_action.trigger()
    result = c.last_result
    assert result.stopped == "cancelled" and 0 < result.epochs < 10_000_000
    assert c.statuses[-1].startswith(f"Training stopped after {result.epochs:,} epochs")
    trainer, _ = headless(max_epochs=result.epochs, target_error=None)
    assert doc.network.weights() == [float(w) for w in trainer.weights()]


def test_stop_before_any_epoch_leaves_no_undo_step(qtbot, controller):
    doc = xor_doc()
    before, count = dumps(doc.file), doc.undo_stack.count()
    c = controller(doc)
    c.run()
    c.job.pause()  # the worker waits before its first epoch ...
    c.stop()  # ... and stops there
    qtbot.waitUntil(lambda: not c.is_running(), timeout=LONG)
    assert c.last_result.epochs == 0
    assert doc.undo_stack.count() == count and dumps(doc.file) == before


def test_stop_before_any_epoch_holds_when_the_app_is_held_up(qtbot, controller):
    # Pause and Stop in the same turn of the event loop as Run, however long that turn:
    # the run trains nothing (before, the training process trained meanwhile).
    c = controller(xor_doc(max_epochs=1, target_error=None))
    train_to_end(qtbot, c)  # the training process is started and idle
    doc = xor_doc(max_epochs=10_000_000, target_error=None)
    before, count = dumps(doc.file), doc.undo_stack.count()
    c.set_document(doc)
    c.run()
    time.sleep(0.3)  # the window is busy
    c.pause()
    c.stop()
    qtbot.waitUntil(lambda: not c.is_running(), timeout=LONG)
    assert c.last_result.epochs == 0 and c.last_result.stopped == "cancelled"
    assert doc.undo_stack.count() == count and dumps(doc.file) == before
    assert c.statuses[-1].startswith("Training stopped after 0 epochs")


def test_run_then_an_edit_in_the_same_turn_never_trains(qtbot, controller):
    doc = xor_doc(max_epochs=10_000_000, target_error=None)
    c = controller(doc)
    c.run()
    job = c.job
    doc.undo_stack.push(SetWeight(doc, ("x1", "h1"), 7.0))  # stops the run first
    assert not c.is_running() and job.done and not job.sent
    qtbot.wait(100)
    assert doc.network.connection("x1", "h1").weight == 7.0
    doc.undo_stack.undo()  # the edit ...
    doc.undo_stack.undo()  # ... then the run, which had written nothing
    assert dumps(doc.file) == dumps(xor_doc(max_epochs=10_000_000, target_error=None).file)


def test_pause_and_resume(qtbot, controller):
    doc = xor_doc(max_epochs=10_000_000, target_error=None)
    c = controller(doc)
    c.run()
    qtbot.wait(100)
    c.pause_action.trigger()
    assert c.is_paused() and c.pause_action.isChecked() and c.run_action.text() == "&Resume"
    qtbot.waitUntil(lambda: c.job.last_snapshot().waiting, timeout=LONG)  # it has paused
    epoch = c.job.snapshot().epochs
    qtbot.wait(150)
    assert c.job.snapshot().epochs == epoch  # nothing trains while paused
    assert c.statuses[-1].startswith("Paused: epoch ")
    c.run_action.trigger()  # Run resumes a paused run
    assert not c.is_paused()
    qtbot.waitUntil(lambda: c.job.snapshot().epochs > epoch, timeout=LONG)
    with qtbot.waitSignal(c.running_changed, timeout=LONG):
        c.stop()


def test_the_event_loop_stays_responsive_during_a_long_run(qtbot, make_window):
    window = make_window()
    window.set_document(xor_doc(max_epochs=200_000, target_error=None))
    doc = window.document
    c = TrainingController(window)
    c.show_notice = lambda title, text: None
    c.set_document(doc)
    qtbot.wait(100)  # the window has drawn itself
    gaps, last = [], []

    def tick():
        now = time.perf_counter()
        if last:
            gaps.append(now - last[0])
        last[:] = [now]
    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(10)
    c.run()
    qtbot.wait(1000)
    with qtbot.waitSignal(c.running_changed, timeout=LONG):
        c.stop()
    timer.stop()
    c.shutdown()
    assert c.last_result.epochs > 1000  # it did train ...
    # ... and the window kept up: 95 % of the 10 ms ticks came within 100 ms. (Not the
    # single worst gap: on a shared 2-core machine the OS alone can hold a process back
    # that long once in a while, idle window or not.)
    gaps.sort()
    # Measured on an idle machine: 55-67 ticks in the second, the 95th percentile gap
    # 21-27 ms. The count only shows that the loop ran throughout.
    assert len(gaps) > 20 and gaps[int(0.95 * len(gaps))] < 0.1
    doc.undo_stack.setClean()


def test_a_huge_learning_rate_saturates_and_ends_cleanly(qtbot, controller):
    doc = xor_doc(learning_rate=100.0, target_error=0.01, max_epochs=1_000_000)
    c = controller(doc)
    result = train_to_end(qtbot, c)
    assert result.stopped == "plateau" and result.epochs < 1_000_000
    assert abs(result.error - 0.25) < 0.01
    assert np.isfinite(doc.network.weights()).all()
    message = c.statuses[-1]
    assert message.startswith(f"Stopped after {result.epochs:,} epochs because the error "
                              f"stopped falling: the neurons saturated (learning rate 100 is "
                              f"probably too large)")
    assert "\n" not in message


def test_a_real_divergence_stops_with_the_trainers_message(qtbot, controller):
    doc = diverging_doc()
    c = controller(doc)
    result = train_to_end(qtbot, c)
    assert result.stopped == "diverged"
    assert c.statuses[-1] == result.message
    assert result.message.startswith(f"training diverged in epoch {result.epochs + 1}")
    assert c.notices == [("Training stopped", result.message)]
    weights = doc.network.weights()
    assert all(math.isfinite(w) for w in weights)
    start = diverging_doc().network
    replay = Trainer(start, doc.dataset, replace(doc.file.training, max_epochs=result.epochs))
    replay.run()
    assert weights == [float(w) for w in replay.weights()]


def test_training_refused_before_it_starts_says_why_and_starts_nothing(qtbot, controller):
    doc = xor_doc()
    doc.set_dataset(None)
    count = doc.undo_stack.count()
    c = controller(doc)
    changes = []
    c.running_changed.connect(changes.append)
    c.run()
    assert c.statuses == ["Cannot train: there is no training data: the dataset has no rows"]
    assert not c.is_running() and changes == [] and doc.undo_stack.count() == count
    doc2 = xor_doc(learning_rate=-1.0)
    c.set_document(doc2)
    c.run()
    assert c.statuses[-1] == "Cannot train: learning_rate must be from 0 to 1000000, not -1"
    assert not c.is_running()


def test_a_training_process_that_cannot_start_is_one_line(qtbot, controller, monkeypatch):
    def no_process():
        raise OSError(11, "Resource temporarily unavailable")
    monkeypatch.setattr(worker, "take_server", no_process)
    doc = xor_doc()
    count = doc.undo_stack.count()
    c = controller(doc)
    c.run()
    assert c.statuses == ["Cannot train: could not start a training process ([Errno 11] "
                          "Resource temporarily unavailable)"]
    assert not c.is_running() and doc.undo_stack.count() == count


def test_editing_while_training_stops_the_run_first(qtbot, controller):
    doc = xor_doc(max_epochs=10_000_000, target_error=None)
    before = dumps(doc.file)
    c = controller(doc)
    c.run()
    qtbot.waitUntil(lambda: doc.network.weights() != load(paths.example(XOR)).network.weights(),
                    timeout=LONG)
    live = doc.network.weights()
    doc.undo_stack.push(SetWeight(doc, ("x1", "h1"), 7.0))
    assert not c.is_running()
    assert c.statuses[-1].startswith("training stopped because the network changed")
    qtbot.wait(100)  # the worker's later epochs never reach the document
    assert doc.network.connection("x1", "h1").weight == 7.0
    assert doc.network.weights()[1:] == live[1:]  # x1 -> h1 comes first
    doc.undo_stack.undo()  # the edit ...
    assert doc.network.weights() == live
    doc.undo_stack.undo()  # ... then the run
    assert dumps(doc.file) == before


def test_changing_settings_while_training_does_not_stop_it(qtbot, controller):
    from netsim.document.settings_commands import SetTraining
    doc = xor_doc(max_epochs=10_000_000, target_error=None)
    c = controller(doc)
    c.run()
    doc.undo_stack.push(SetTraining(doc, {"learning_rate": 0.25}))
    assert c.is_running()
    assert c.statuses[-1] == "The new training settings apply to the next run"
    with qtbot.waitSignal(c.running_changed, timeout=LONG):
        c.stop()


def test_train_n_epochs_asks_for_n(qtbot, controller):
    doc = xor_doc(target_error=None)
    c = controller(doc)
    asked = []
    c.ask_epochs = lambda suggested: asked.append(suggested) or 250
    result = train_to_end(qtbot, c, c.train_n_action.trigger)
    assert asked == [100] and result.epochs == 250 and result.stopped == "max_epochs"
    trainer, _ = headless(max_epochs=250, target_error=None)
    assert doc.network.weights() == [float(w) for w in trainer.weights()]
    assert doc.undo_stack.undoText() == "Train 250 epochs"
    c.ask_epochs = lambda suggested: asked.append(suggested) and None
    c.train_n_action.trigger()  # cancelled: nothing happens
    assert asked == [100, 250] and not c.is_running()


def test_restarts_run_train_with_restarts_and_keep_the_best(qtbot, controller):
    from netsim.engine.trainer import train_with_restarts
    doc = xor_doc(restarts=3, max_epochs=300, target_error=None)
    c = controller(doc)
    result = train_to_end(qtbot, c)
    nf = load(paths.example(XOR))
    expected = train_with_restarts(nf.network, nf.dataset, replace(
        nf.training, restarts=3, max_epochs=300, target_error=None))
    assert doc.network.weights() == [float(w) for w in expected.weights]
    assert result.epochs == 900
    assert c.statuses[-1].startswith(f"Trained 3 of 3 restarts: kept run {expected.best + 1}")
    assert doc.undo_stack.undoText() == "Train with 3 restarts (900 epochs)"


def test_step_neurons_warn(qtbot, controller):
    doc = xor_doc(max_epochs=10, target_error=None)
    doc.network.set_activation("h1", "step")
    c = controller(doc)
    train_to_end(qtbot, c)
    assert len(c.notices) == 1 and "step" in c.notices[0][1]
    assert "warning: " in c.statuses[-1] and "step" in c.statuses[-1]


def test_showing_another_document_stops_the_run(qtbot, controller):
    doc = xor_doc(max_epochs=10_000_000, target_error=None)
    c = controller(doc)
    c.run()
    job = c.job
    c.set_document(xor_doc())
    assert not c.is_running() and c.statuses[-1] == "training stopped: another network is shown"
    assert job.wait(5.0)


# The offscreen platform warns when a message box sizes itself; no other platform does.
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_notice_does_not_block(qtbot, make_window):
    window = make_window()
    c = TrainingController(window)
    c.show_notice("Training stopped", "training diverged in epoch 3")
    box = c._notice_box
    assert box.isVisible() and box.windowModality() == Qt.WindowModality.NonModal
    assert box.text() == "training diverged in epoch 3"
    box.close()
    assert c._notice_box is None


def test_a_split_dataset_trains_on_the_training_rows_and_reports_the_test_error(
        qtbot, controller):
    doc = xor_doc(max_epochs=300, target_error=None)
    doc.file.dataset = doc.dataset.with_test([False, False, True, False])
    c = controller(doc)
    tested = []
    c.tested.connect(lambda epoch, error: tested.append((epoch, error)))
    result = train_to_end(qtbot, c)
    nf = load(paths.example(XOR))
    trainer = Trainer(nf.network, doc.dataset, replace(nf.training, max_epochs=300,
                                                        target_error=None))
    expected = trainer.run()
    assert result.history == expected.history and result.test_history == expected.test_history
    assert doc.network.weights() == [float(w) for w in trainer.weights()]
    assert all(error == expected.test_history[epoch - 1] for epoch, error in tested)
    assert c.statuses[-1].startswith(f"Trained 300 epochs: error {expected.error:.6g}, test "
                                     f"error {expected.test_history[-1]:.6g}")


def test_restarts_are_announced_as_they_begin(qtbot, controller):
    doc = xor_doc(restarts=3, max_epochs=5000, target_error=None)
    c = controller(doc)
    announced = []
    c.restarted.connect(lambda restart, restarts: announced.append((restart, restarts)))
    result = train_to_end(qtbot, c)
    assert announced[0] == (1, 3)
    assert [r for r, _ in announced] == sorted({r for r, _ in announced})
    assert len(result.restarts) == 3 and result.best_restart in (0, 1, 2)
    assert result.history == result.restarts[result.best_restart].history
    assert result.epochs == 15000


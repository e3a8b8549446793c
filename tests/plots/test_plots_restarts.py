"""Restarts: R runs from random weights in a training process, a histogram of final
errors, the best applied."""
import numpy as np
import pytest
from dataclasses import replace

from PySide6.QtCore import Qt

from netsim import paths
from netsim.document.commands import SetNeuron
from netsim.document import Document
from netsim.engine.trainer import train_with_restarts
from netsim.io.fileformat import dumps
from netsim.plots.restarts_view import RestartsView


@pytest.fixture
def view(qtbot):
    v = RestartsView()
    qtbot.addWidget(v)
    v.set_document(Document.open(paths.example("xor-worked-example")))
    v.runs.setValue(6)
    v.epochs.setValue(200)
    yield v
    v.shutdown()


def run(view, qtbot):
    """Press Run and wait for the histogram."""
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    assert view.running and view.run_button.text() == "Stop" and view.bar.isVisibleTo(view)
    qtbot.waitUntil(lambda: not view.running, timeout=60000)
    assert view.run_button.text() == "Run" and not view.bar.isVisibleTo(view)


def test_histogram_is_the_engines_final_errors(view, qtbot):
    run(view, qtbot)
    doc = view.doc
    settings = replace(doc.file.training, max_epochs=200, restarts=6)
    expected = train_with_restarts(doc.network, doc.dataset, settings)
    assert view.result.errors == expected.errors and view.result.best == expected.best
    counts, edges = np.histogram(expected.errors, bins=12)
    x, height = view.bars.opts["x"], view.bars.opts["height"]
    np.testing.assert_array_equal(height, counts)
    np.testing.assert_allclose(x, (edges[:-1] + edges[1:]) / 2)
    assert view.best_line.value() == min(expected.errors)
    assert view.note.text().startswith(f"Best: run {expected.best + 1} of 6, error ")


def test_apply_best_is_one_undo_step(view, qtbot):
    before = dumps(view.doc.file)
    run(view, qtbot)
    view.apply_button.click()
    doc = view.doc
    np.testing.assert_array_equal(doc.network.weights(), view.result.weights)
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.text(0).startswith("Apply best of 6 restarts (error ")
    assert view.result is not None  # the histogram stays: it does not depend on the weights
    doc.undo_stack.undo()
    assert dumps(doc.file) == before


def test_no_data_is_refused_in_one_line(view):
    view.doc.file.dataset = None
    view.run()
    assert view.message.text() == "Cannot run: there is no training data: the dataset has no rows"
    assert view.result is None and not view.apply_button.isEnabled() and not view.running


def test_stop_keeps_the_runs_done(view, qtbot):
    view.runs.setValue(1000)
    view.epochs.setValue(20000)  # far longer than the test waits
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.bar.value() >= 2, timeout=60000)  # the bar follows
    assert view.bar.format().startswith("run ") and view.bar.format().endswith(" of 1000")
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)  # Stop
    qtbot.waitUntil(lambda: not view.running, timeout=60000)
    done = len(view.result.errors)
    assert 3 <= done < 1000
    assert view.note.text().startswith(f"Stopped after {done} of 1000 runs. Best: run ")
    settings = replace(view.doc.file.training, max_epochs=20000, restarts=done - 1)
    expected = train_with_restarts(view.doc.network, view.doc.dataset, settings)
    assert view.result.errors[:done - 1] == expected.errors  # the finished runs, exactly


def test_changing_the_network_stops_the_runs(view, qtbot):
    view.runs.setValue(1000)
    view.epochs.setValue(20000)
    view.run()
    assert view.running
    view.doc.undo_stack.push(SetNeuron(view.doc, "h1", "activation", "tanh"))
    assert not view.running and view.result is None and view.run_button.text() == "Run"


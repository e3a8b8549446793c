"""Restarts: R runs from random weights, a histogram of final errors, the best applied."""
import numpy as np
import pytest
from dataclasses import replace

from netsim import paths
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
    return v


def test_histogram_is_the_engines_final_errors(view):
    view.run()
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


def test_apply_best_is_one_undo_step(view):
    before = dumps(view.doc.file)
    view.run()
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
    assert view.result is None and not view.apply_button.isEnabled()

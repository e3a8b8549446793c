"""Restarts: R runs from random weights in a training process, a histogram of final
errors, the best applied."""
import json
import re

import numpy as np
import pytest
from dataclasses import replace

from PySide6.QtCore import Qt

from netsim import paths
from netsim.document.commands import SetNeuron
from netsim.document import Document
from netsim.engine.init import initial_weights
from netsim.engine.trainer import Trainer, train_with_restarts
from netsim.jobs.worker import Snapshot
from netsim.io.fileformat import dumps
from netsim.plots.restarts_view import RestartsView, bar_progress


@pytest.fixture
def view(xor_view):
    v = xor_view(RestartsView, size=None)
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


def test_stop_ends_every_run_where_it_is(view, qtbot):
    # The 1,000 runs train side by side: the bar counts their epochs, and Stop ends them
    # all at the epoch reached, each the run one Trainer trains from its start that far.
    view.runs.setValue(1000)
    view.epochs.setValue(20000)  # far longer than the test waits
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.bar.value() >= 3 * 1000, timeout=60000)  # 3 epochs each
    assert view.bar.maximum() == 1000 * 20000
    assert re.fullmatch(r"epoch [1-9][\d,]* of 20,000", view.bar.format())
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)  # Stop
    qtbot.waitUntil(lambda: not view.running, timeout=60000)
    runs = view.result.results
    reached = max(r.epochs for r in runs)
    assert len(runs) == len(view.result.errors) == 1000 and 3 <= reached < 20000
    assert {r.stopped for r in runs} <= {"cancelled", "target_error"}
    assert all(r.epochs == reached for r in runs if r.stopped == "cancelled")
    best = view.result.best
    assert view.note.text().startswith(
        f"Stopped at epoch {reached:,} of 20,000. Best: run {best + 1} of 1000, error ")
    doc = view.doc
    settings = replace(doc.file.training, max_epochs=reached)
    for r in (0, 999, best):
        start = initial_weights(doc.network, settings.init, settings.init_scale,
                                [settings.seed, r])
        trainer = Trainer(doc.network, doc.dataset, settings, weights=start)
        alone = trainer.run()
        assert runs[r].epochs == alone.epochs
        assert view.result.errors[r] == pytest.approx(alone.error, rel=0, abs=1e-12)
    # the kept run comes back with its error curve (the others, 1,000 of them, without)
    np.testing.assert_allclose(runs[best].history, alone.history, rtol=0, atol=1e-12)
    assert [len(r.history) for r in runs].count(0) == 999
    np.testing.assert_allclose(view.result.weights, trainer.weights(), rtol=0, atol=1e-12)


def test_the_bar_counts_every_runs_epochs():
    # 100 runs of 500 epochs, all side by side, at epoch 120; or a big network's runs in
    # groups of what memory holds (20 here), the third group at epoch 120.
    together = Snapshot(120, 0, 0.2, None, 1, 100, 0.0, False, False, together=100)
    assert bar_progress(together, 500) == (120 * 100, "epoch 120 of 500")
    grouped = Snapshot(120, 0, 0.2, None, 41, 100, 0.0, False, False, together=20)
    assert bar_progress(grouped, 500) == (40 * 500 + 120 * 20,
                                          "runs 41\u201360 of 100: epoch 120 of 500")


def test_changing_the_network_stops_the_runs(view, qtbot):
    view.runs.setValue(1000)
    view.epochs.setValue(20000)
    view.run()
    assert view.running
    view.doc.undo_stack.push(SetNeuron(view.doc, "h1", "activation", "tanh"))
    assert not view.running and view.result is None and view.run_button.text() == "Run"



def fresh_view(qtbot, example):
    v = RestartsView()
    qtbot.addWidget(v)
    v.set_document(Document.open(paths.example(example)))
    return v


@pytest.mark.parametrize("example, stuck", [("xor-worked-example", 0.1),
                                            ("xor-cross-entropy", 0.3)])
def test_the_default_runs_spread_out(qtbot, example, stuck):
    # With the fields as they come, some runs reach the example's target error and
    # others stay on the plateau (J = 1/8) or in a local minimum: the histogram shows
    # why one keeps the best (500 epochs left every run of the worked example on it).
    v = fresh_view(qtbot, example)
    try:
        assert (v.runs.value(), v.epochs.value()) == (20, 2000)
        run(v, qtbot)
        doc = v.doc
        settings = replace(doc.file.training, max_epochs=2000, restarts=20)
        errors = np.array(train_with_restarts(doc.network, doc.dataset, settings).errors)
        np.testing.assert_array_equal(v.result.errors, errors)
        reached = np.count_nonzero(errors <= doc.file.training.target_error)
        assert reached >= 5 and np.count_nonzero(errors > stuck) >= 2
        assert np.count_nonzero(v.bars.opts["height"]) >= 3  # bars across the range
    finally:
        v.shutdown()


def test_apply_best_only_while_it_beats_the_current_weights(view, qtbot):
    # The worked example's weights give J = 0.177; the best of 6 runs of 200 epochs ends
    # on the plateau near 0.125: better, so Apply is enabled. Applied, the current
    # weights are the best run's: Apply is disabled, and its tooltip says why.
    doc = view.doc
    start = view.current_error()
    run(view, qtbot)
    best = view.result.errors[view.result.best]
    assert best < start and view.apply_button.isEnabled()
    qtbot.mouseClick(view.apply_button, Qt.MouseButton.LeftButton)
    assert view.current_error() == pytest.approx(best, rel=1e-12)
    qtbot.waitUntil(lambda: not view.apply_button.isEnabled(), timeout=5000)
    assert view.apply_button.toolTip() == (
        f"The best run's error {best:.4g} is no better than the current weights' "
        f"{view.current_error():.4g}: applying it would not help")
    doc.undo_stack.undo()  # back to J = 0.177
    qtbot.waitUntil(view.apply_button.isEnabled, timeout=5000)
    assert f"the current weights give {start:.4g}" in view.apply_button.toolTip()


def test_apply_best_is_disabled_when_the_network_is_already_better(qtbot):
    # XOR built from OR, NAND and AND units already has J = 1.03e-9; 6 runs of 200
    # epochs from random weights all end on the plateau near 1/8.
    v = fresh_view(qtbot, "xor-from-or-nand-and")
    try:
        v.runs.setValue(6)
        v.epochs.setValue(200)
        run(v, qtbot)
        best = v.result.errors[v.result.best]
        assert best > 0.1 and v.current_error() < 1e-8
        assert not v.apply_button.isEnabled()
        assert v.apply_button.toolTip() == (f"The best run's error {best:.4g} is no better "
                                            "than the current weights' 1.033e-09: applying "
                                            "it would not help")
    finally:
        v.shutdown()


def test_runs_ending_on_one_floor_share_one_bar(qtbot, tmp_path):
    # Only the bias weight into y: every run ends on the same floor, J = 0.125, the final
    # errors differing in their last bit (2.8e-17 apart), which NumPy cannot split into
    # 12 bins; the runs count as equal and stand in one bar.
    data = json.loads(paths.example("xor-worked-example").read_text(encoding="utf-8"))
    data["neurons"] = [n for n in data["neurons"] if n["id"] in ("x1", "x2", "b", "y")]
    data["connections"] = [c for c in data["connections"] if (c["source"], c["target"]) == ("b", "y")]
    path = tmp_path / "bias-only.netsim"
    path.write_text(json.dumps(data), encoding="utf-8")
    v = RestartsView()
    qtbot.addWidget(v)
    v.set_document(Document.open(path))
    v.runs.setValue(20)
    v.epochs.setValue(2000)
    run(v, qtbot)
    errors = np.array(v.result.errors)
    assert errors.max() - errors.min() < 1e-15 and errors.max() != errors.min()
    height = np.asarray(v.bars.opts["height"])
    assert height.sum() == 20 and np.count_nonzero(height) == 1
    centre = np.asarray(v.bars.opts["x"])[height > 0][0]
    assert abs(centre - errors.min()) < 0.5 / 12  # in the bar: bins of width 1/12
    assert v.note.text().startswith("Best: run ")
    v.shutdown()

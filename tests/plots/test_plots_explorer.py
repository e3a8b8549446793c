"""ExplorerView against engine.explorer: the same curves, the verdicts, refusals."""
import numpy as np
import pytest
from PySide6.QtCore import Qt

from netsim.document.document import Document
from netsim.engine.explorer import explore
from netsim.paths import example
from netsim.plots.background import POLL_MS
from netsim.plots.explorer_view import ExplorerView


def finish(view, qtbot):
    qtbot.waitUntil(lambda: not view.running, timeout=20000)


def sweep(view, qtbot, low, high, count, epochs):
    """Run a sweep of `count` rates from `low` to `high` and wait for it."""
    view.mode.setCurrentIndex(1)
    view.low.setText(low)
    view.high.setText(high)
    view.count.setValue(count)
    view.epochs.setValue(epochs)
    view.run()
    finish(view, qtbot)


@pytest.fixture
def view(xor_view):
    return xor_view(ExplorerView)


def test_curves_equal_explore_histories(view, qtbot):
    doc = view.doc
    w0 = doc.network.weights()
    view.epochs.setValue(200)
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    assert view.running and view.run_button.text() == "Stop" and not view.rates.isEnabled()
    finish(view, qtbot)
    assert view.run_button.text() == "Run" and view.bar.isHidden()
    expected = explore(doc.network, doc.dataset, [0.05, 0.5, 5], doc.file.training, 200)
    assert len(view.curves) == 3
    for curve, run in zip(view.curves, expected):
        x, y = curve.getData()
        np.testing.assert_allclose(y, run.history, rtol=1e-12)
        np.testing.assert_array_equal(x, np.arange(1, len(run.history) + 1))
    texts = view.legend_texts()
    assert texts == [f"α = {r.learning_rate:g} — {r.verdict}" + (" ⚠" if r.verdict in
                     ("diverged", "oscillating", "overshot") else "") for r in expected]
    assert all("α = " in t and " — " in t for t in texts)
    assert doc.network.weights() == w0  # the runs never touch the document


def test_bad_rates_refused(view, qtbot):
    view.rates.setText("0.5, fast")
    view.run()
    assert view.message.isVisibleTo(view) and "'fast' is not a number" in view.message.text()
    assert view.curves == []
    view.rates.setText("-1")
    view.run()
    assert "positive" in view.message.text()
    for text, reason in (("1_000", "'1_000' is not a number"), ("\u0661", "'\u0661' is not a number"),
                         ("2e6", "a learning rate must be a positive number up to 1000000, "
                                 "not 2e6")):
        view.rates.setText(text)
        view.run()
        assert reason in view.message.text() and view.curves == []
    view.rates.setText("0.5")
    view.epochs.setValue(20)
    view.run()
    finish(view, qtbot)
    assert not view.message.isVisibleTo(view) and len(view.curves) == 1


def test_sweep_is_log_spaced_final_errors(view, qtbot):
    sweep(view, qtbot, "0.1", "10", 5, 30)
    doc = view.doc
    rates = np.geomspace(0.1, 10, 5)
    finals = [r.final for r in explore(doc.network, doc.dataset, rates, doc.file.training, 30)]
    np.testing.assert_allclose(view.sweep_rates, rates)
    np.testing.assert_allclose(view.sweep_errors, finals)
    assert view.plot.getPlotItem().ctrl.logXCheck.isChecked()
    marked = ["oscillating or overshot"] if any(
        r.verdict in ("oscillating", "overshot")
        for r in explore(doc.network, doc.dataset, rates, doc.file.training, 30)) else []
    assert view.curves == [] and view.legend_texts() == marked
    view.high.setText("0.01")
    view.run()
    assert "below" in view.message.text()


def test_a_long_sweep_runs_in_the_background_and_stops(view, qtbot):
    view.mode.setCurrentIndex(1)
    view.count.setValue(50)
    view.epochs.setValue(100000)
    progress = []
    view.background.progress.connect(lambda done, total: progress.append((done, total)))
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    # the GUI thread goes on handling events: the progress bar moves while it trains
    qtbot.waitUntil(lambda: view.bar.value() >= 3, timeout=20000)
    assert not view.bar.isHidden() and view.bar.maximum() == 100000
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)  # Stop
    finish(view, qtbot)
    assert progress and all(total == 100000 for _done, total in progress)
    epochs = int(view.note.text().split()[2])
    assert view.note.text() == f"stopped after {epochs} epochs" and epochs < 100000
    doc = view.doc
    again = explore(doc.network, doc.dataset, np.geomspace(0.01, 10, 50), doc.file.training,
                    epochs)
    finals = [r.final for r in again]
    np.testing.assert_allclose(view.sweep_errors, finals)


def test_a_new_document_drops_the_running_comparison(view, qtbot):
    view.epochs.setValue(100000)
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.bar.value() > 0, timeout=20000)  # it trains
    view.set_document(Document.open(example("and-perceptron")))
    # free at once, as in a fresh window; the old run stops in its process, unread
    assert not view.running and view.run_button.text() == "Run" and view.bar.isHidden()
    assert view.note.text() == "" and view.rates.isEnabled()
    with qtbot.assertNotEmitted(view.background.finished), \
            qtbot.assertNotEmitted(view.background.failed):
        qtbot.wait(3 * POLL_MS)  # (its polls, had any been left)
    assert view.curves == [] and view.note.text() == ""


def test_a_comparison_dropped_before_it_went_out_never_goes(view):
    view.epochs.setValue(100000)
    view.run()
    job = view.background.job
    view.set_document(Document.open(example("and-perceptron")))  # in the same turn
    assert not view.running and job.done and job.value is None and not job.sent


def test_a_sweep_marks_the_runs_that_went_wrong(view, qtbot):
    sweep(view, qtbot, "0.01", "100", 12, 200)
    doc = view.doc
    runs = explore(doc.network, doc.dataset, np.geomspace(0.01, 100, 12), doc.file.training,
                   200)
    wobbly = [r for r in runs if r.verdict in ("oscillating", "overshot")]
    assert wobbly  # on XOR the big rates overshoot
    x, y = view.oscillating_marks.xData, view.oscillating_marks.yData  # before log10
    np.testing.assert_allclose(x, [r.learning_rate for r in wobbly])
    np.testing.assert_allclose(y, [r.final for r in wobbly])
    assert "oscillating or overshot" in view.legend_texts()
    assert view.diverged_marks.scene() is None  # nothing diverged here


def test_diverged_sweep_runs_are_drawn_at_the_top(qtbot):
    from netsim.engine import Dataset, Network, TrainingSettings
    from netsim.io.fileformat import NetworkFile
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("y", "output", "identity")
    net.connect("x", "y", 0.1)  # the best weight is 0.5; above α = 0.4 it diverges
    data = Dataset(["x"], ["y"], [[1.0, 2.0], [3.0, 1.0]])
    doc = Document(NetworkFile(net, data, TrainingSettings(mode="batch")))
    v = ExplorerView()
    qtbot.addWidget(v)
    v.set_document(doc)
    sweep(v, qtbot, "0.01", "1000", 6, 300)
    diverged = np.isinf(v.sweep_errors)
    assert diverged.any() and not diverged.all()
    x, y = v.diverged_marks.xData, v.diverged_marks.yData
    assert len(x) == diverged.sum()
    assert np.all(y == v.sweep_errors[~diverged].max())
    assert v.note.text() == f"{diverged.sum()} of 6 diverged"
    assert "diverged (drawn at the top)" in v.legend_texts()


def test_the_log_axis_labels_one_two_and_five_of_each_decade(qtbot):
    from netsim.plots import PlainLogAxis
    axis = PlainLogAxis("bottom")
    axis.setLogMode(True)
    axis.setRange(-2.1, 1.1)  # 0.01 to 10: three decades and a margin
    values = np.log10([0.01, 0.02, 0.03, 0.05, 0.09, 0.1, 0.2, 0.5, 0.7, 1, 2, 5, 9, 10])
    assert axis.logTickStrings(list(values), 1.0, 1.0) == [
        "0.01", "0.02", "", "0.05", "", "0.1", "0.2", "0.5", "", "1", "2", "5", "", "10"]
    axis.setRange(-4, 2)  # six decades: only the decades
    assert axis.logTickStrings(list(np.log10([1e-4, 2e-4, 5e-4, 1e-3, 50, 100])), 1.0,
                               1.0) == ["0.0001", "", "", "0.001", "", "100"]


def test_a_diverged_curve_does_not_flatten_the_others(qtbot):
    # Seed 002's network at α = 5 diverges, its last finite errors near 1e297; the view
    # spans the other two curves (α = 0.02 and 0.2 from 0.0027 to 0.123), and the
    # diverged one runs off its top.
    doc = Document.open(example("seed-002-network"))
    v = ExplorerView()
    qtbot.addWidget(v)
    v.set_document(doc)
    v.rates.setText("0.02, 0.2, 5")
    v.run()
    finish(v, qtbot)
    calm = [r.history for r in v.runs[:2]]
    assert [r.verdict for r in v.runs] == ["ok", "ok", "diverged"]
    assert max(v.runs[2].history) > 1e200
    low, high = v.plot.getPlotItem().viewRange()[1]
    span = max(map(max, calm)) - min(map(min, calm))
    assert low == pytest.approx(min(map(min, calm)) - 0.05 * span, rel=1e-6)
    assert high == pytest.approx(max(map(max, calm)) + 0.05 * span, rel=1e-6)

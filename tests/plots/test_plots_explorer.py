"""ExplorerView against engine.explorer: the same curves, the verdicts, refusals."""
import numpy as np
import pytest
from PySide6.QtCore import Qt

from netsim.document.document import Document
from netsim.engine.explorer import explore
from netsim.paths import example
from netsim.plots.explorer_view import ExplorerView


@pytest.fixture
def view(qtbot):
    doc = Document.open(example("xor-worked-example"))
    v = ExplorerView()
    qtbot.addWidget(v)
    v.set_document(doc)
    v.resize(360, 300)
    return v


def test_curves_equal_explore_histories(view, qtbot):
    doc = view.doc
    w0 = doc.network.weights()
    view.epochs.setValue(200)
    qtbot.mouseClick(view.run_button, Qt.MouseButton.LeftButton)
    expected = explore(doc.network, doc.dataset, [0.05, 0.5, 5], doc.file.training, 200)
    assert len(view.curves) == 3
    for curve, run in zip(view.curves, expected):
        x, y = curve.getData()
        np.testing.assert_allclose(y, run.history, rtol=1e-12)
        np.testing.assert_array_equal(x, np.arange(1, len(run.history) + 1))
    texts = view.legend_texts()
    assert texts == [f"α = {r.learning_rate:g} — {r.verdict}" + (" ⚠" if r.verdict in
                     ("diverged", "oscillating") else "") for r in expected]
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
    view.rates.setText("0.5")
    view.epochs.setValue(20)
    view.run()
    assert not view.message.isVisibleTo(view) and len(view.curves) == 1


def test_sweep_is_log_spaced_final_errors(view):
    view.mode.setCurrentIndex(1)
    view.low.setText("0.1")
    view.high.setText("10")
    view.count.setValue(5)
    view.epochs.setValue(30)
    view.run()
    doc = view.doc
    rates = np.geomspace(0.1, 10, 5)
    finals = [r.final for r in explore(doc.network, doc.dataset, rates, doc.file.training, 30)]
    np.testing.assert_allclose(view.sweep_rates, rates)
    np.testing.assert_allclose(view.sweep_errors, finals)
    assert view.plot.getPlotItem().ctrl.logXCheck.isChecked()
    assert view.curves == [] and view.legend_texts() == []
    view.high.setText("0.01")
    view.run()
    assert "below" in view.message.text()

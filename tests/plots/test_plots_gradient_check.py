import numpy as np
import pytest
from PySide6.QtCore import Qt

from netsim.engine.gradcheck import gradient_check
from netsim.plots.gradient_check import VALUE_ROLE, WORST_COLOR, GradientCheckView


@pytest.fixture
def view(xor_view):
    return xor_view(GradientCheckView, size=None)


def column(view, col, role=Qt.ItemDataRole.DisplayRole):
    return [view.table.item(r, col).data(role) for r in range(view.table.rowCount())]


def test_table_equals_gradient_check(view, qtbot):
    doc = view.doc
    qtbot.mouseClick(view.button, Qt.MouseButton.LeftButton)
    expected = gradient_check(doc.network, doc.dataset, doc.file.training.loss)
    assert view.table.rowCount() == len(expected.keys) == len(doc.network.connections)
    name = {nid: n.name for nid, n in doc.network.neurons.items()}  # labels, as on the canvas
    assert column(view, 0) == [f"{name[s]} \u2192 {name[t]}" for s, t in expected.keys]
    assert "bias \u2192 h1" in column(view, 0)
    for col, values, rtol in ((1, expected.analytic, 1e-5), (2, expected.numeric, 1e-5),
                              (3, expected.relative, 0.06)):
        shown = column(view, col)
        assert not any("-" in text for text in shown)  # real minus signs
        np.testing.assert_allclose([float(text.replace("\u2212", "-")) for text in shown], values,
                                   rtol=rtol, atol=1e-300)  # the text, as rounded
        np.testing.assert_array_equal(column(view, col, VALUE_ROLE), values)  # exact
    assert expected.max_relative < 1e-5  # backprop is right on XOR
    worst = expected.worst
    assert view.table.item(worst, 0).background().color() == WORST_COLOR
    assert view.table.item(worst, 0).font().bold()
    others = [r for r in range(view.table.rowCount()) if r != worst]
    assert not any(view.table.item(r, 0).font().bold() for r in others)
    s, t = expected.worst_key
    relative = f"{expected.max_relative:.1e}".replace("-", "\u2212")
    assert f"{relative} on {name[s]} \u2192 {name[t]}" in view.summary.text()


def test_change_clears_and_missing_dataset_refuses(view):
    doc = view.doc
    view.check()
    assert view.table.rowCount() > 0
    doc.set_weights({("x1", "h1"): 0.3})
    assert view.table.rowCount() == 0 and view.result is None
    assert "check again" in view.summary.text()
    doc.set_dataset(None)
    assert view.check() is None
    assert view.table.rowCount() == 0
    assert "Cannot check" in view.summary.text()


def test_no_document(qtbot):
    view = GradientCheckView()
    qtbot.addWidget(view)
    view.set_document(None)
    assert not view.button.isEnabled()
    assert view.check() is None


def test_a_big_network_is_checked_on_a_sample_and_says_so(qtbot):
    from netsim.document import Document
    from netsim.io.fileformat import NetworkFile
    from netsim.plots import gradient_check as view_module
    from big_networks import layered
    nf = layered([12, 10, 3], rows=9, seed=3)
    net, data = nf.network, nf.dataset
    view = GradientCheckView()
    qtbot.addWidget(view)
    view.set_document(Document(NetworkFile(net, data)))
    view_module.SAMPLE, old = 30, view_module.SAMPLE
    try:
        qtbot.mouseClick(view.button, Qt.MouseButton.LeftButton)
    finally:
        view_module.SAMPLE = old
    assert view.table.rowCount() == 30
    assert view.summary.text().startswith(
        "Checked 30 of 163 connections: the 15 with the steepest gradients and 15 more at "
        "random. Largest relative error ")

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


def softmax_gradients(nf, loss):
    """dJ/dw of the mean J over the training rows of three_classes' network, worked out by
    hand: h = tanh(W1·[x, 1]), o = softmax(W2·[h, 1]); by connection key."""
    import three_classes
    net, data = nf.network, nf.dataset
    rows = ~data.test
    x, y = data.x[rows], data.y[rows]
    w = {c.key: c.weight for c in net.connections}
    sources1, sources2 = ("x1", "x2", "b"), (*three_classes.HIDDEN, "b")
    w1 = np.array([[w[s, h] for s in sources1] for h in three_classes.HIDDEN])
    w2 = np.array([[w[s, t] for s in sources2] for t in three_classes.OUTPUTS])
    a1 = np.column_stack([x, np.ones(len(x))])
    h = np.tanh(a1 @ w1.T)
    a2 = np.column_stack([h, np.ones(len(x))])
    z = a2 @ w2.T
    o = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    n = len(x)
    if loss == "cross_entropy":  # J = −Σ y ln o: dJ/dz = o − y (Σ y = 1)
        dz = (o - y) / n
    else:  # J = ½ Σ (y − o)²: dJ/do = o − y, through the Jacobian o_k(δ_kj − o_j)
        do = (o - y) / n
        dz = o * (do - np.sum(do * o, axis=1, keepdims=True))
    g2 = dz.T @ a2
    dh = (dz @ w2[:, :3]) * (1 - h ** 2)
    g1 = dh.T @ a1
    out = {}
    for i, t in enumerate(three_classes.HIDDEN):
        out.update({(s, t): g1[i, j] for j, s in enumerate(sources1)})
    for i, t in enumerate(three_classes.OUTPUTS):
        out.update({(s, t): g2[i, j] for j, s in enumerate(sources2)})
    return out


@pytest.mark.parametrize("loss", ["cross_entropy", "squared_error"])
def test_a_softmax_group_checks_against_gradients_worked_out_by_hand(qtbot, loss):
    import three_classes
    from netsim.document import Document
    nf = three_classes.network_file()
    nf.training.loss = loss
    view = GradientCheckView()
    qtbot.addWidget(view)
    view.set_document(Document(nf))
    qtbot.mouseClick(view.button, Qt.MouseButton.LeftButton)
    keys = [c.key for c in nf.network.connections]
    assert view.table.rowCount() == len(keys) == 21
    hand = softmax_gradients(nf, loss)
    expected = np.array([hand[k] for k in keys])
    assert np.all(np.abs(expected) > 1e-6)  # no weight passes the check by being 0
    np.testing.assert_allclose(column(view, 1, VALUE_ROLE), expected, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(column(view, 2, VALUE_ROLE), expected, rtol=1e-6)
    assert max(column(view, 3, VALUE_ROLE)) < 1e-6
    name = {nid: n.name for nid, n in nf.network.neurons.items()}
    assert column(view, 0)[-4:] == [f"{name[s]} \u2192 virginica" for s in ("h1", "h2", "h3", "b")]
    assert view.summary.text().startswith("Largest relative error ")

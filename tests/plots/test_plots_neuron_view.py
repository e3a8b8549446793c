import numpy as np
import pytest

from netsim.engine.activations import ACTIVATIONS
from netsim.engine.trace import trace
from netsim.plots.neuron_view import Z, NeuronView


@pytest.fixture
def view(xor_view):
    return xor_view(NeuronView, size=None)


def test_hint_for_nothing_input_bias_and_several(view):
    assert view.stack.currentWidget() is view.hint
    for ids in (["x1"], ["b"], ["h1", "h2"], []):
        view.set_selection(ids, [])
        assert view.stack.currentWidget() is view.hint
        assert view.z0 is None


@pytest.mark.parametrize("nid", ["h1", "h2", "y"])
def test_curves_are_f_and_df(view, nid):
    view.set_selection([nid], [])
    assert view.stack.currentWidget() is not view.hint
    act = ACTIVATIONS[view.doc.network.neuron(nid).activation]
    x, y = view.f_curve.getData()
    np.testing.assert_allclose(x, Z, rtol=0)
    np.testing.assert_allclose(y, act.f(Z), rtol=1e-12)
    x, dy = view.df_curve.getData()
    np.testing.assert_allclose(dy, act.df(Z, act.f(Z)), rtol=1e-12)
    assert Z[0] == -6 and Z[-1] == 6


@pytest.mark.parametrize("row", [0, 1, 2, 3])
@pytest.mark.parametrize("nid", ["h1", "y"])
def test_marked_net_input_is_the_traced_one(view, nid, row):
    doc = view.doc
    view.set_selection([nid], [])
    view.set_row(row)
    t = trace(doc.network, doc.dataset, row, doc.file.training.loss).neurons[nid]
    np.testing.assert_allclose(view.z0, t.net, rtol=1e-12)
    assert view.z_line.value() == pytest.approx(t.net, rel=1e-12)
    xs, ys = view.dots.getData()
    np.testing.assert_allclose(xs, [t.net, t.net], rtol=1e-12)
    act = ACTIVATIONS[doc.network.neuron(nid).activation]
    f0 = act.f(np.array([t.net]))[0]
    np.testing.assert_allclose(f0, t.output, rtol=1e-12)  # the curve passes through the output
    np.testing.assert_allclose(ys[0], t.output, rtol=1e-12)
    np.testing.assert_allclose(ys[1], t.output * (1 - t.output), rtol=1e-9)  # sigmoid'
    assert view.values.text() == (f"z = {t.net:.3f}, f = {t.output:.4f}, "
                                  f"f\u2032 = {ys[1]:.4f}")


def test_follows_document_changes(view):
    doc = view.doc
    view.set_selection(["h1"], [])
    before = view.z0
    doc.set_weights({("x1", "h1"): doc.network.connection("x1", "h1").weight + 1.0})
    row = trace(doc.network, doc.dataset, 0).neurons["h1"]
    assert view.z0 == pytest.approx(row.net, rel=1e-12)
    assert view.z0 != before
    doc.set_neuron("h1", "activation", "tanh")
    np.testing.assert_allclose(view.f_curve.getData()[1], np.tanh(Z), rtol=1e-12)
    doc.set_dataset(None)
    assert view.z0 is None
    assert not view.z_line.isVisible()


@pytest.mark.parametrize("row", [0, 9, 20])
def test_a_softmax_output_is_drawn_against_its_net_input_with_the_others_held(qtbot, row):
    import three_classes
    from netsim.document import Document
    view = NeuronView()
    qtbot.addWidget(view)
    doc = Document(three_classes.network_file())
    view.set_document(doc)
    view.set_selection(["y2"], [])
    view.set_row(row)
    t = trace(doc.network, doc.dataset, row, "cross_entropy").neurons
    n1, n2, n3 = (t[y].net for y in ("y1", "y2", "y3"))
    o = np.exp(Z) / (np.exp(Z) + np.exp(n1) + np.exp(n3))  # e^z / Σ e^net, by hand
    np.testing.assert_allclose(view.f_curve.getData()[1], o, rtol=1e-12)
    np.testing.assert_allclose(view.df_curve.getData()[1], o * (1 - o), rtol=1e-12)
    assert view.z0 == n2
    xs, ys = view.dots.getData()
    o2 = t["y2"].output  # the curve passes through the row's output
    np.testing.assert_allclose(ys, [o2, o2 * (1 - o2)], rtol=1e-12)
    assert view.values.text().replace("\u2212", "-") == (
        f"z = {n2:.3f}, o = {o2:.4f}, \u2202o/\u2202z = {o2 * (1 - o2):.4f}\n"
        f"Other outputs' net inputs held at this row: setosa = {n1:.3f}, virginica = {n3:.3f}")
    assert "\u2202o_k/\u2202net_k = o_k\u00b7(1 \u2212 o_k)" in view.title.text()
    assert [label.text for _, label in view.legend.items] == ["o(z)", "\u2202o/\u2202z"]
    view.set_selection(["h1"], [])  # an element-wise neuron: f and f' again
    assert [label.text for _, label in view.legend.items] == ["f(z)", "f\u2032(z)"]
    doc.set_dataset(None)
    view.set_selection(["y1"], [])
    np.testing.assert_allclose(view.f_curve.getData()[1], np.exp(Z) / (np.exp(Z) + 2.0),
                               rtol=1e-12)
    assert view.values.text() == ("No dataset row to trace: add rows to see z.\n"
                                  "Other outputs' net inputs held at 0: versicolor, virginica")

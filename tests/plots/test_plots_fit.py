"""FitView: the network's output over the input's range, the targets as points."""
import numpy as np
import pytest

from netsim.document import Document
from netsim.engine import Dataset, Network
from netsim.io.fileformat import NetworkFile, save
from netsim.paths import example
from netsim.plots.fit_view import POINTS, FitView


def make(qtbot, path):
    view = FitView()
    qtbot.addWidget(view)
    view.set_document(Document.open(path))
    return view


def data(item):
    x, y = item.getData()
    return ([] if x is None else x.tolist()), ([] if y is None else y.tolist())


def test_the_curve_is_the_output_over_the_data_range_with_a_margin(qtbot, line_file):
    view = make(qtbot, line_file(0.5, [[1.0, 0.25], [3.0, 2.0]]))
    x, y = data(view.curves[0])
    assert len(x) == POINTS
    assert x[0] == pytest.approx(0.8) and x[-1] == pytest.approx(3.2)  # 2 · 1.2 around 2
    np.testing.assert_allclose(y, 0.5 * np.array(x), rtol=0, atol=1e-15)  # y = 0.5 x
    assert data(view.points[0][0]) == ([1.0, 3.0], [0.25, 2.0])
    assert data(view.points[0][1]) == ([], [])
    item = view.plot.getPlotItem()
    assert item.getAxis("bottom").labelText == "x" and item.getAxis("left").labelText == "y"


def test_the_curve_follows_the_weights(qtbot, line_file):
    view = make(qtbot, line_file(0.5, [[1.0, 0.25], [3.0, 2.0]]))
    view.doc.set_weights({("x", "y"): -2.0})
    qtbot.waitUntil(lambda: data(view.curves[0])[1][0] == pytest.approx(-1.6))
    x, y = data(view.curves[0])
    np.testing.assert_allclose(y, -2.0 * np.array(x), rtol=0, atol=1e-15)


def test_held_out_rows_are_hollow(qtbot, tmp_path):
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("y", "output", "identity")
    net.connect("x", "y", 1.0)
    data_ = Dataset(["x"], ["y"], np.array([[0.0, 1.0], [1.0, 2.0], [2.0, 3.0]]),
                    np.array([False, True, False]))
    save(tmp_path / "f.netsim", NetworkFile(net, data_))
    view = make(qtbot, tmp_path / "f.netsim")
    assert data(view.points[0][0]) == ([0.0, 2.0], [1.0, 3.0])
    assert data(view.points[0][1]) == ([1.0], [2.0])


def test_several_outputs_get_a_curve_each(qtbot, tmp_path):
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("u", "output", "identity", label="double")
    net.add_neuron("v", "output", "tanh")
    net.connect("x", "u", 2.0)
    net.connect("x", "v", 1.0)
    save(tmp_path / "two.netsim", NetworkFile(net, Dataset(["x"], ["u", "v"],
                                                            np.array([[-1.0, -2, -0.5]]))))
    view = make(qtbot, tmp_path / "two.netsim")
    assert len(view.curves) == 2
    x, u = data(view.curves[0])
    np.testing.assert_allclose(u, 2.0 * np.array(x), rtol=0, atol=1e-15)
    x, v = data(view.curves[1])
    np.testing.assert_allclose(v, np.tanh(x), rtol=0, atol=1e-15)
    assert data(view.points[1][0]) == ([-1.0], [-0.5])
    title = view.plot.getPlotItem().titleLabel.text
    assert "double" in title and "v" in title


def test_other_than_one_input_gets_a_hint(qtbot):
    view = make(qtbot, example("xor-worked-example"))
    assert view.hint.isVisibleTo(view) and not view.plot.isVisibleTo(view)
    assert view.curves == []

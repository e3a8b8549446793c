"""DecisionView against Compiled.forward on the same grid, for the XOR example."""
import numpy as np
import pytest
from PySide6.QtCore import Qt

from netsim.document.commands import AddNeuron
from netsim.engine import Neuron
from netsim.engine.compiled import Compiled
from netsim.paths import example
from netsim.plots.decision_view import GRID, DecisionView


@pytest.fixture
def view(xor_view):
    return xor_view(DecisionView)


def expected_map(doc, xa, xb):
    c = Compiled(doc.network, ["x1", "x2"])
    out = np.empty((len(xa), len(xb)))
    for i, a in enumerate(xa):  # one row at a time: an independent way round the grid
        for j, b in enumerate(xb):
            out[i, j] = c.outputs(c.forward(np.array([[a, b]])))[0, 0]
    return out


def test_map_equals_compiled_forward(view):
    doc = view.doc
    xa, xb = view.axes
    assert len(xa) == len(xb) == GRID
    assert xa[0] < 0 < 1 < xa[-1] and xb[0] < 0 < 1 < xb[-1]  # data range plus margin
    np.testing.assert_allclose(view.image.image, expected_map(doc, xa, xb), rtol=1e-12)
    class1 = view.spots[1].getData()
    assert sorted(zip(*class1)) == [(0.0, 1.0), (1.0, 0.0)]
    assert view.plot.isVisibleTo(view) and not view.hint.isVisibleTo(view)


def test_updates_after_weight_change(view, qtbot):
    doc = view.doc
    before = view.image.image.copy()
    doc.set_weights({("h1", "y"): -3.0, ("b", "y"): 2.0})
    qtbot.waitUntil(lambda: not np.allclose(view.image.image, before))
    xa, xb = view.axes
    np.testing.assert_allclose(view.image.image, expected_map(doc, xa, xb), rtol=1e-12)


def test_hint_without_two_inputs(view, qtbot):
    doc = view.doc
    doc.undo_stack.push(AddNeuron(doc, Neuron("x3", "input", position=(0.0, 480.0))))
    qtbot.waitUntil(lambda: view.hint.isVisibleTo(view))
    assert not view.plot.isVisibleTo(view)


def test_rows_held_out_for_testing_are_drawn_hollow(view, qtbot):
    from netsim.document.dataset_commands import SetDataset
    doc = view.doc
    # rows: (1, 0) -> 1, (0, 0) -> 0, (0, 1) -> 1, (1, 1) -> 0; hold out (0, 1)
    doc.undo_stack.push(SetDataset(doc, doc.dataset.with_test([False, False, True, False]),
                                   "Hold out"))
    qtbot.waitUntil(lambda: len(view.test_spots[1].getData()[0]) == 1)
    assert list(zip(*view.test_spots[1].getData())) == [(0.0, 1.0)]
    assert list(zip(*view.spots[1].getData())) == [(1.0, 0.0)]
    assert len(view.spots[0].getData()[0]) == 2 and len(view.test_spots[0].getData()[0]) == 0
    assert view.test_spots[1].opts["brush"].style() == Qt.BrushStyle.NoBrush

"""The canvas's output colouring of a softmax group: a big network drawn in bulk shows each
output filled by e^net_k / Σ_j e^net_j while it trains."""
import numpy as np
import pytest

from editing import Bench
from netsim.canvas import style
from test_app_canvas_bulk import layered


def test_live_outputs_of_a_softmax_group_are_its_shares(qtbot):
    from netsim.app.live_outputs import SHADES, LiveOutputs
    from netsim.document.document import TRAINING
    from netsim.engine.trace import trace
    doc = layered([3, 30, 30, 3])
    outputs = doc.network.ids("output")
    for nid in outputs:
        doc.network.set_activation(nid, "softmax")
    bench = Bench(qtbot, doc)
    live = LiveOutputs(bench.scene, lambda: 1)
    live.set_document(doc)
    live.set_running(True)
    doc.set_weights({c.key: c.weight * 1.5 for c in doc.network.connections}, source=TRAINING)
    nets = np.array([trace(doc.network, doc.dataset, 1).neurons[y].net for y in outputs])
    shares = np.exp(nets) / np.exp(nets).sum()  # worked out from the net inputs
    np.testing.assert_allclose([live.shown[y] for y in outputs], shares, rtol=1e-12)
    assert sum(live.shown[y] for y in outputs) == pytest.approx(1.0, abs=1e-12)
    palette = bench.scene.palette()
    for y, share in zip(outputs, shares):
        step = round(share * SHADES) / SHADES
        assert bench.scene.neuron_items[y].value_fill == style.output_fill(step, palette)
    live.set_running(False)

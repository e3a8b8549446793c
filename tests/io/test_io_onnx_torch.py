"""Models made by torch.onnx.export (tests/data/onnx, written by make_torch_models.py with
both of torch's exporters) import as one neuron per unit and compute torch's outputs."""
import json
from pathlib import Path

import numpy as np
import pytest

from netsim.engine.compiled import Compiled
from netsim.io import onnx_import

DATA = Path(__file__).parent.parent / "data" / "onnx"
EXPECTED = json.loads((DATA / "EXPECTED.json").read_text())
ACTIVATION = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "relu", "leaky_relu": "leaky_relu",
              "softplus": "softplus", "identity": "identity"}  # the Sequential's middle


@pytest.mark.parametrize("exporter", ["script", "dynamo"])
@pytest.mark.parametrize("name", sorted(EXPECTED["outputs"]))
def test_a_torch_model_computes_torchs_outputs(name, exporter):
    nf = onnx_import.read(DATA / f"{name}-{exporter}.onnx")
    net, data = nf.network, nf.dataset
    compiled = Compiled(net, data.inputs, data.targets)
    got = compiled.outputs(compiled.forward(np.array(EXPECTED["inputs"])))
    np.testing.assert_allclose(got, EXPECTED["outputs"][name], rtol=0, atol=1e-6)
    hidden = [n.activation for n in net.neurons.values() if n.role == "hidden"]
    outputs = [n.activation for n in net.neurons.values() if n.role == "output"]
    assert len(net.ids("input")) == 4
    if name == "softmax":  # Linear(4, 6), Tanh, Linear(6, 3), Softmax
        assert (hidden, outputs) == (["tanh"] * 6, ["softmax"] * 3)
        assert (len(net.ids("bias")), len(net.connections)) == (2, 4 * 6 + 6 + 6 * 3 + 3)
    elif name == "linear_linear":  # Linear(4, 3), Linear(3, 2, bias=False): 3 units kept
        assert (hidden, outputs) == (["identity"] * 3, ["identity"] * 2)
        assert (len(net.ids("bias")), len(net.connections)) == (1, 4 * 3 + 3 + 3 * 2)
    else:  # Linear(4, 5), the activation, Linear(5, 2)
        assert (hidden, outputs) == ([ACTIVATION[name]] * 5, ["identity"] * 2)
        assert (len(net.ids("bias")), len(net.connections)) == (2, 4 * 5 + 5 + 5 * 2 + 2)


def test_torchs_softplus_threshold_must_be_high_enough():
    import onnx
    from onnx import numpy_helper
    proto = onnx.load(str(DATA / "softplus-dynamo.onnx"))
    for t in proto.graph.initializer:
        if t.name == "threshold_cast":
            t.CopyFrom(numpy_helper.from_array(np.array(2.0, np.float32), t.name))
    with pytest.raises(ValueError, match="netsim cannot import the Greater node 'n9'"):
        onnx_import.from_model(proto)

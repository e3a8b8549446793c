"""The ONNX import benchmark's 784-128-10 model (benchmarks/onnx_import_bench.py) imports
as 784 + 128 + 10 neurons, two bias neurons and 101,770 connections, and computes what
NumPy computes from the model's own arrays."""
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper

from netsim.engine.compiled import Compiled
from netsim.io import onnx_import

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))
import onnx_import_bench  # noqa: E402


def test_the_benchmarks_model_imports_whole(tmp_path):
    path = tmp_path / "mlp.onnx"
    onnx_import_bench.torch_like(path, np.random.default_rng(3))
    nf = onnx_import.read(path)
    net, data = nf.network, nf.dataset
    counts = [len(net.ids(role)) for role in ("input", "bias", "hidden", "output")]
    assert counts == [784, 2, 128, 10] and len(net.connections) == 101_770
    arrays = {t.name: numpy_helper.to_array(t).astype(float)
              for t in onnx.load(str(path)).graph.initializer}
    x = np.random.default_rng(4).random((5, 784))
    want = np.maximum(x @ arrays["w1"].T + arrays["b1"], 0) @ arrays["w2"].T + arrays["b2"]
    compiled = Compiled(net, data.inputs, data.targets)
    np.testing.assert_allclose(compiled.outputs(compiled.forward(x)), want, rtol=1e-12,
                               atol=1e-12)

"""ONNX export: onnx's checker accepts every model, and onnxruntime's outputs equal the
engine's on every dataset row (1e-5 in float32, 1e-12 in float64), for every example and
for random non-layered networks with every activation, skip connections, partial
connectivity, several bias neurons and a softmax group over several levels."""
import json

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from engine.builders import ELEMENTWISE, random_dag, random_data, two_level_softmax
from netsim import paths
from netsim.cli import main
from netsim.engine import Dataset, Network
from netsim.engine.compiled import Compiled
from netsim.io import onnx_export
from netsim.io.fileformat import NetworkFile, load, save
from netsim.io.onnx_export import ExportError, model

TOLERANCE = {"float32": 1e-5, "float64": 1e-12}


def run(proto, x: np.ndarray, dtype: str) -> np.ndarray:
    onnx.checker.check_model(proto)
    session = ort.InferenceSession(proto.SerializeToString(),
                                   providers=["CPUExecutionProvider"])
    return session.run(["output"], {"input": x.astype(dtype)})[0]


def engine_outputs(network: Network, dataset: Dataset) -> np.ndarray:
    compiled = Compiled(network, dataset.inputs, dataset.targets)
    return compiled.outputs(compiled.forward(dataset.x))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("path", paths.examples(), ids=lambda p: p.stem)
def test_every_example_runs_in_onnxruntime_as_in_netsim(path, dtype):
    nf = load(path)
    got = run(model(nf.network, nf.dataset, dtype, nf.name), nf.dataset.raw_x, dtype)
    assert got.dtype == np.dtype(dtype) and got.shape == (len(nf.dataset), len(nf.dataset.targets))
    np.testing.assert_allclose(got, engine_outputs(nf.network, nf.dataset), rtol=0,
                               atol=TOLERANCE[dtype])


@pytest.mark.parametrize("output", [None, "softmax"])
@pytest.mark.parametrize("seed", range(6))
def test_random_networks_with_every_activation(seed, output):
    rng = np.random.default_rng(300 + seed)
    net, ins, outs = random_dag(rng, ELEMENTWISE, output, n_out=3)
    data = random_data(rng, ins, outs, rows=9)
    for dtype in ("float32", "float64"):
        got = run(model(net, data, dtype), data.x, dtype)
        np.testing.assert_allclose(got, engine_outputs(net, data), rtol=0,
                                   atol=TOLERANCE[dtype])


def test_a_softmax_group_over_two_levels_is_one_softmax():
    net = two_level_softmax()
    data = Dataset(["x"], ["o2", "o1"], [[0.5, 1.0, 0.0], [-2.0, 0.0, 1.0]])
    got = run(model(net, data, "float64"), data.x, "float64")
    z = np.column_stack([-1.1 * np.tanh(0.7 * data.x[:, 0]), 0.3 * data.x[:, 0]])
    np.testing.assert_allclose(got, np.exp(z) / np.exp(z).sum(axis=1, keepdims=True),
                               rtol=0, atol=1e-15)


def test_the_scaling_is_part_of_the_graph():
    nf = load(paths.example("iris-softmax"))
    assert nf.dataset.scaling is not None
    proto = model(nf.network, nf.dataset, "float64")
    assert [n.op_type for n in proto.graph.node][:2] == ["Sub", "Div"]
    got = run(proto, nf.dataset.raw_x, "float64")  # the raw measurements go in
    np.testing.assert_allclose(got, engine_outputs(nf.network, nf.dataset), atol=1e-12)


def test_names_and_metadata():
    nf = load(paths.example("iris-softmax"))
    proto = model(nf.network, nf.dataset, "float32", nf.name)
    assert [i.name for i in proto.graph.input] == ["input"]
    assert [o.name for o in proto.graph.output] == ["output"]
    props = {p.key: p.value for p in proto.metadata_props}
    outputs = json.loads(props["netsim.outputs"])
    assert [o["label"] for o in outputs] == ["setosa", "versicolor", "virginica"]
    assert [o["id"] for o in outputs] == nf.dataset.targets
    assert [i["id"] for i in json.loads(props["netsim.inputs"])] == nf.dataset.inputs
    assert proto.doc_string == nf.name
    shape = proto.graph.input[0].type.tensor_type.shape.dim
    assert shape[0].dim_param == "batch" and shape[1].dim_value == 4


def test_without_a_dataset_the_neurons_give_the_order():
    nf = load(paths.example("xor-worked-example"))
    proto = model(nf.network, None, "float64")
    got = run(proto, nf.dataset.x, "float64")
    np.testing.assert_allclose(got, engine_outputs(nf.network, nf.dataset), atol=1e-15)


def test_refusals_are_one_line(monkeypatch):
    nf = load(paths.example("xor-worked-example"))
    with pytest.raises(ExportError, match="^the ONNX dtype must be float32 or float64, "
                                          "not 'float16'$"):
        model(nf.network, nf.dataset, "float16")
    net = Network()
    net.add_neuron("y", "output", "sigmoid")
    with pytest.raises(ExportError, match="^the network has no input neurons to export$"):
        model(net)
    monkeypatch.setattr(onnx_export, "_onnx", lambda: (_ for _ in ()).throw(
        ExportError(onnx_export.MISSING)))
    with pytest.raises(ExportError, match=r"^ONNX export needs the onnx package: pip install "
                                          r"'netsim\[onnx\]'$"):
        model(nf.network, nf.dataset)


def test_the_command_line_exports_and_refuses(tmp_path, capsys):
    out = tmp_path / "xor.onnx"
    xor = str(paths.example("xor-worked-example"))
    assert main(["export", xor, str(out), "--dtype", "float64"]) == 0
    said = capsys.readouterr()
    assert said.err == "" and "xor.onnx" in said.out
    nf = load(xor)
    got = run(onnx.load(str(out)), nf.dataset.x, "float64")
    np.testing.assert_allclose(got, engine_outputs(nf.network, nf.dataset), atol=1e-15)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["xor.onnx"]  # nothing left behind
    assert main(["export", xor, str(tmp_path / "xor.txt")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.splitlines() == [err] and err.startswith("netsim export: ")
    bad = tmp_path / "bad.netsim"
    bad.write_text("{", encoding="utf-8")
    assert main(["export", str(bad), str(tmp_path / "bad.onnx")]) == 1
    assert capsys.readouterr().err.startswith("netsim: bad.netsim: ")
    assert not (tmp_path / "bad.onnx").exists()


def test_export_writes_through_save_atomically(tmp_path):
    nf = load(paths.example("parity-4bit"))
    path = tmp_path / "parity.onnx"
    onnx_export.export(nf, path, "float32")
    got = run(onnx.load(str(path)), nf.dataset.raw_x, "float32")
    np.testing.assert_allclose(got, engine_outputs(nf.network, nf.dataset), atol=1e-5)
    save(tmp_path / "copy.netsim", nf)  # (the .netsim beside it is untouched by export)
    assert load(tmp_path / "copy.netsim").network.weights() == nf.network.weights()


def test_a_file_without_data_exports_its_neurons(tmp_path):
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("y", "output", "step")
    net.connect("x", "y", 1.0)
    proto = model(NetworkFile(net).network)
    got = run(proto, np.array([[-1.0], [0.0], [2.0]]), "float32")
    assert got.tolist() == [[0.0], [1.0], [1.0]]


def test_sign_of_a_net_input_of_exactly_zero_is_plus_one_as_in_netsim():
    # ONNX's own Sign gives 0 at 0; netsim's sign gives +1 there (sign = 2·step − 1)
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("o", "output", "sign")
    net.connect("x", "o", 2.0)
    data = Dataset(["x"], ["o"], [[-1.5, 0.0], [0.0, 0.0], [0.25, 0.0]])
    for dtype in ("float32", "float64"):
        got = run(model(net, data, dtype), data.x, dtype)
        np.testing.assert_array_equal(got[:, 0], [-1.0, 1.0, 1.0])
    np.testing.assert_array_equal(engine_outputs(net, data)[:, 0], [-1.0, 1.0, 1.0])

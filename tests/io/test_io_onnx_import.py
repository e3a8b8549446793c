"""ONNX import: netsim's own export comes back as the same network (ids, labels, roles,
activations, positions, connections with their zero weights, weights exactly in float64)
and the same outputs, for every example and for random non-layered networks; a plain
model (no netsim description, or one that disagrees with the graph) becomes one neuron per
unit with one bias neuron per level."""
import json

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper, numpy_helper

from engine.builders import ELEMENTWISE, random_dag, random_data, two_level_softmax
from netsim import paths
from netsim.engine import Dataset, Network
from netsim.engine.compiled import Compiled
from netsim.engine.scaling import Scaling
from netsim.io import onnx_import
from netsim.io.fileformat import FormatError, load
from netsim.io.onnx_export import model
from netsim.io.onnx_import import from_model


def outputs(network: Network, inputs, targets, x) -> np.ndarray:
    compiled = Compiled(network, inputs, targets)
    return compiled.outputs(compiled.forward(x))


def assert_same_network(got: Network, want: Network, exact: bool = True) -> None:
    assert list(got.neurons) == list(want.neurons)
    for nid, n in want.neurons.items():
        g = got.neurons[nid]
        assert (g.role, g.activation, g.label, g.position) == \
               (n.role, n.activation, n.label, n.position)
    assert [(c.key, c.trainable, c.label) for c in got.connections] == \
           [(c.key, c.trainable, c.label) for c in want.connections]
    if exact:
        assert got.weights() == want.weights()
    else:  # float32: each weight is the original rounded to float32
        assert got.weights() == np.float32(want.weights()).astype(float).tolist()


@pytest.mark.parametrize("path", paths.examples(), ids=lambda p: p.stem)
def test_every_example_comes_back_from_its_export(path):
    nf = load(path)
    for dtype in ("float64", "float32"):
        got = from_model(model(nf.network, nf.dataset, dtype, nf.name))
        assert_same_network(got.network, nf.network, exact=dtype == "float64")
        assert got.name == nf.name
        data = got.dataset
        assert (data.inputs, data.targets) == (nf.dataset.inputs, nf.dataset.targets)
        want_scaling = nf.dataset.scaling  # the Sub/Div of the graph, method and all
        if want_scaling is not None and dtype == "float32":
            want_scaling = Scaling(want_scaling.method, np.float32(want_scaling.offset),
                                   np.float32(want_scaling.scale))
        assert data.scaling == want_scaling
        want = outputs(nf.network, nf.dataset.inputs, nf.dataset.targets, nf.dataset.x)
        have = outputs(got.network, data.inputs, data.targets,
                       Dataset(data.inputs, data.targets,
                               nf.dataset.rows, scaling=data.scaling).x)
        if dtype == "float64":
            assert np.array_equal(have, want)
        else:
            np.testing.assert_allclose(have, want, rtol=0, atol=1e-5)


@pytest.mark.parametrize("output", [None, "softmax"])
@pytest.mark.parametrize("seed", range(8))
def test_random_networks_come_back(seed, output):
    rng = np.random.default_rng(500 + seed)
    net, ins, outs = random_dag(rng, ELEMENTWISE, output, n_out=3)
    net.connections[0].weight = 0.0  # a zero weight that is a connection
    net.connections[1].trainable = False
    for k, n in enumerate(net.neurons.values()):
        n.position = (10.0 * k, -3.5 * k)
    data = random_data(rng, ins, outs, rows=9)
    got = from_model(model(net, data, "float64"))
    assert_same_network(got.network, net)
    assert np.array_equal(outputs(got.network, ins, outs, data.x),
                          outputs(net, ins, outs, data.x))


@pytest.mark.parametrize("seed", range(6))
def test_without_the_description_an_export_imports_plainly_with_the_same_outputs(seed):
    rng = np.random.default_rng(700 + seed)
    net, ins, outs = random_dag(rng, ELEMENTWISE, "softmax" if seed % 2 else None, n_out=3)
    data = random_data(rng, ins, outs, rows=9)
    proto = model(net, data, "float64")
    kept = [p for p in proto.metadata_props if p.key != "netsim.network"]
    del proto.metadata_props[:]
    proto.metadata_props.extend(kept)
    got = from_model(proto)
    plain = got.network
    assert set(plain.neurons) != set(net.neurons)  # i1.., h1.., o1.., b1..
    assert len(plain.ids("input")) == len(ins) and len(plain.ids("output")) == len(outs)
    levels = plain.levels()
    biases = plain.ids("bias")
    fed = [{levels[c.target] for c in plain.outgoing(b)} for b in biases]
    assert all(len(f) == 1 for f in fed) and len({f.pop() for f in fed}) == len(biases)
    np.testing.assert_allclose(outputs(plain, got.dataset.inputs, got.dataset.targets, data.x),
                               outputs(net, ins, outs, data.x), rtol=0, atol=1e-13)


def test_a_softmax_group_over_two_levels_comes_back():
    net = two_level_softmax()
    got = from_model(model(net, Dataset(["x"], ["o2", "o1"]), "float64"))
    assert_same_network(got.network, net)
    assert got.dataset.targets == ["o2", "o1"]


def test_the_one_row_dataset_holds_the_models_own_outputs():
    nf = load(paths.example("iris-softmax"))
    got = from_model(model(nf.network, nf.dataset, "float64"))
    data = got.dataset
    assert len(data) == 1 and data.raw_x.tolist() == [[0.0] * 4]
    scaled = (np.zeros(4) - nf.dataset.scaling.offset) / nf.dataset.scaling.scale
    want = outputs(nf.network, nf.dataset.inputs, nf.dataset.targets, scaled[None, :])
    assert data.y.tolist() == want.tolist()
    assert data.problem(got.network) is None


def test_a_description_that_disagrees_with_the_graph_is_ignored():
    nf = load(paths.example("xor-worked-example"))
    proto = model(nf.network, nf.dataset, "float64")
    props = {p.key: p for p in proto.metadata_props}
    described = json.loads(props["netsim.network"].value)
    described["connections"] = described["connections"][1:]  # a non-zero weight left out
    props["netsim.network"].value = json.dumps(described)
    got = from_model(proto).network
    assert list(got.neurons) == ["i1", "i2", "b1", "b2", "h1", "h2", "o1"]
    assert len(got.connections) == len(nf.network.connections)
    props["netsim.network"].value = "{not json"
    assert list(from_model(proto).network.neurons) == list(got.neurons)


# ---- plain models, built with onnx.helper ----------------------------------------------
def _model(nodes, inits, n_in=3, n_out=2, outputs=None, extra_inputs=()):
    graph = helper.make_graph(
        nodes, "m", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", n_in]),
                     *extra_inputs],
        outputs or [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", n_out])],
        [numpy_helper.from_array(np.asarray(v, np.float32), k) for k, v in inits.items()])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


W1 = np.arange(12, dtype=np.float32).reshape(4, 3) / 10 - 0.5  # torch's [out, in]
B1 = np.array([0.1, 0.0, -0.2, 0.3], np.float32)
W2 = np.array([[1.0, -1.0, 0.5, 0.0], [0.25, 0.5, -0.75, 2.0]], np.float32)


def test_a_gemm_model_is_one_neuron_per_unit_with_a_bias_neuron_per_level():
    proto = _model([helper.make_node("Gemm", ["x", "W1", "B1"], ["z"], transB=1),
                    helper.make_node("Tanh", ["z"], ["h"]),
                    helper.make_node("Gemm", ["h", "W2"], ["y"], transB=1, alpha=2.0)],
                   {"W1": W1, "B1": B1, "W2": W2})
    net = from_model(proto).network
    assert list(net.neurons) == ["i1", "i2", "i3", "b1", "h1", "h2", "h3", "h4", "o1", "o2"]
    assert [net.neurons[f"h{k}"].activation for k in range(1, 5)] == ["tanh"] * 4
    assert [net.neurons[f"o{k}"].activation for k in (1, 2)] == ["identity"] * 2
    assert net.connection("i2", "h3").weight == float(W1[2, 1])
    assert net.connection("h4", "o1").weight == 0.0  # a zero weight is a connection
    assert net.connection("h1", "o2").weight == 0.5  # alpha · W
    assert net.connection("b1", "h1").weight == float(B1[0])
    assert not net.has_connection("b1", "o1")  # the second Gemm has no bias
    assert len(net.connections) == 12 + 4 + 8
    assert all(n.position is not None for n in net.neurons.values())
    x = np.array([[0.5, -1.0, 2.0], [0.0, 0.3, -0.7]])
    want = 2.0 * np.tanh(x @ W1.T.astype(float) + B1) @ W2.T.astype(float)
    np.testing.assert_allclose(outputs(net, ["i1", "i2", "i3"], ["o1", "o2"], x), want,
                               rtol=1e-12)


def test_gemm_beta_scales_the_bias_and_transB_0_takes_the_matrix_as_it_is():
    proto = _model([helper.make_node("Gemm", ["x", "W", "B"], ["y"], beta=0.5)],
                   {"W": W2.T[:3, :2], "B": [4.0, -2.0]})
    net = from_model(proto).network
    assert net.connection("i3", "o2").weight == float(W2.T[2, 1])
    assert (net.connection("b1", "o1").weight, net.connection("b1", "o2").weight) == (2.0, -1.0)


def test_a_node_of_another_domain_is_refused():
    node = helper.make_node("Relu", ["x"], ["y"], name="r", domain="com.example")
    with pytest.raises(ValueError, match="^netsim cannot import the Relu node 'r'"):
        from_model(_model([node], {}))


def test_matmul_add_and_every_activation():
    acts = [("Sigmoid", "sigmoid", {}), ("Relu", "relu", {}), ("Softplus", "softplus", {}),
            ("LeakyRelu", "leaky_relu", {"alpha": 0.01}), ("Identity", "identity", {})]
    for op, name, attrs in acts:
        proto = _model([helper.make_node("MatMul", ["x", "W"], ["p"]),
                        helper.make_node("Add", ["p", "B"], ["z"]),
                        helper.make_node(op, ["z"], ["h"], **attrs),
                        helper.make_node("MatMul", ["h", "V"], ["q"]),
                        helper.make_node("Softmax", ["q"], ["y"], axis=-1)],
                       {"W": W1.T, "B": B1, "V": W2.T})
        net = from_model(proto).network
        assert {net.neurons[f"h{k}"].activation for k in range(1, 5)} == {name}
        assert {net.neurons[f"o{k}"].activation for k in (1, 2)} == {"softmax"}
        assert len(net.connections) == 12 + 4 + 8


def test_a_sub_and_div_read_elsewhere_too_are_arithmetic_not_the_datasets_scaling():
    c = helper.make_tensor("c", TensorProto.FLOAT, [3], [1.0, 2.0, 3.0])
    s = helper.make_tensor("s", TensorProto.FLOAT, [3], [2.0, 4.0, 8.0])
    nodes = [helper.make_node("Constant", [], ["c"], value=c),
             helper.make_node("Constant", [], ["s"], value=s),
             helper.make_node("Sub", ["x", "c"], ["centred"]),
             helper.make_node("Div", ["centred", "s"], ["scaled"]),
             helper.make_node("Relu", ["scaled"], ["y"])]
    got = from_model(_model(nodes, {}, n_out=3))
    assert got.dataset.scaling is not None  # (x − c) / s alone: the dataset's scaling
    assert got.dataset.scaling.offset.tolist() == [1.0, 2.0, 3.0]
    assert got.dataset.scaling.scale.tolist() == [2.0, 4.0, 8.0]
    assert len(got.network.connections) == 3  # x_k -> relu_k, nothing for the scaling
    nodes[-1] = helper.make_node("Add", ["scaled", "centred"], ["y"])  # the Sub read twice
    got = from_model(_model(nodes, {}, n_out=3))
    assert got.dataset.scaling is None
    net, data = got.network, got.dataset
    x = np.array([[3.0, 6.0, 11.0]])
    np.testing.assert_allclose(outputs(net, data.inputs, data.targets, x),
                               [[1.0 + 2.0, 1.0 + 4.0, 1.0 + 8.0]], rtol=1e-15)


def test_columns_picked_out_of_order_or_twice_keep_their_weights():
    idx = helper.make_tensor("idx", TensorProto.INT64, [4], [2, 0, 0, 1])
    proto = _model([helper.make_node("Constant", [], ["k"], value=idx),
                    helper.make_node("Gather", ["x", "k"], ["g"], axis=1),
                    helper.make_node("MatMul", ["g", "W"], ["y"])],
                   {"W": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]})
    net = from_model(proto).network
    # column 0 of g is x3, columns 1 and 2 are x1 (their rows add up), column 3 is x2
    assert {c.key: c.weight for c in net.connections} == {
        ("i1", "o1"): 8.0, ("i2", "o1"): 7.0, ("i3", "o1"): 1.0,
        ("i1", "o2"): 10.0, ("i2", "o2"): 8.0, ("i3", "o2"): 2.0}


@pytest.mark.parametrize("nodes, inits, message", [
    ([helper.make_node("Conv", ["x", "W"], ["y"], name="conv1")], {"W": W1},
     "netsim cannot import the Conv node 'conv1' (it imports MatMul, Gemm, Add"),
    ([helper.make_node("Flatten", ["x"], ["f"]), helper.make_node("MatMul", ["f", "W"], ["y"])],
     {"W": W2.T[:3, :2]}, "netsim cannot import the Flatten node #0 (output 'f')"),
    ([helper.make_node("MatMul", ["x", "x"], ["y"], name="mm")], {},
     "the MatMul node 'mm': its weight matrix is computed from the input"),
    ([helper.make_node("LeakyRelu", ["x"], ["y"], name="lr", alpha=0.2)], {},
     "the LeakyRelu node 'lr' has alpha=0.2; netsim's leaky relu has the slope 0.01"),
    ([helper.make_node("Softmax", ["x"], ["y"], name="s", axis=0)], {},
     "the Softmax node 's' has axis=0; netsim imports a softmax over the last axis"),
    ([helper.make_node("Gemm", ["x", "W"], ["y"], name="g", transA=1)], {"W": W1},
     "the Gemm node 'g': transA=1 would mix the batch"),
    ([helper.make_node("Relu", ["x"], ["y"], name="r", foo=1)], {},
     "the Relu node 'r' has the attribute 'foo', which netsim does not import"),
    ([helper.make_node("Relu", ["y"], ["z"], name="a"), helper.make_node("Relu", ["z"], ["y"])],
     {}, "the Relu node 'a' reads 'y', which nothing computes before it (a cycle"),
])
def test_refusals_name_the_operator_and_the_node(nodes, inits, message):
    with pytest.raises(ValueError) as caught:
        from_model(_model(nodes, inits))
    text = str(caught.value)
    assert message in text and "\n" not in text


def test_a_softmax_output_held_twice_or_in_part_is_refused():
    soft = [helper.make_node("MatMul", ["x", "W"], ["z"]),
            helper.make_node("Softmax", ["z"], ["s"], name="sm")]
    twice = soft + [helper.make_node("Concat", ["s", "s"], ["y"], axis=1)]
    with pytest.raises(ValueError, match="^the output 'y' holds a softmax output twice"):
        from_model(_model(twice, {"W": W2.T[:3, :2]}, n_out=4))
    idx = helper.make_tensor("i", TensorProto.INT64, [1], [0])
    part = soft + [helper.make_node("Constant", [], ["i"], value=idx),
                   helper.make_node("Gather", ["s", "i"], ["y"], axis=1)]
    with pytest.raises(ValueError, match="^the Softmax node 'sm': some of its softmax neurons "
                                         "are not outputs"):
        from_model(_model(part, {"W": W2.T[:3, :2]}, n_out=1))


def test_several_outputs_or_inputs_are_refused():
    out = [helper.make_tensor_value_info(n, TensorProto.FLOAT, ["N", 3]) for n in ("y", "z")]
    proto = _model([helper.make_node("Relu", ["x"], ["y"]), helper.make_node("Tanh", ["x"], ["z"])],
                   {}, outputs=out)
    with pytest.raises(ValueError, match="^the model has 1 input and 2 outputs; netsim "
                                         "imports models with one of each$"):
        from_model(proto)
    second = helper.make_tensor_value_info("x2", TensorProto.FLOAT, ["N", 3])
    proto = _model([helper.make_node("Add", ["x", "x2"], ["y"])], {}, n_out=3,
                   extra_inputs=[second])
    with pytest.raises(ValueError, match="^the model has 2 inputs and 1 output;"):
        from_model(proto)


def test_an_input_of_unknown_width_and_a_model_too_big_are_refused():
    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"])], "m",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", "M"])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", "M"])])
    with pytest.raises(ValueError, match=r"^the model's input 'x' has the shape \['N', 'M'\]; "
                                         r"netsim imports \[batch, N\] with N known$"):
        from_model(helper.make_model(graph))
    big = np.zeros((1500, 1500), np.float32)
    proto = _model([helper.make_node("MatMul", ["x", "W"], ["y"], name="big")], {"W": big},
                   n_in=1500, n_out=1500)
    with pytest.raises(ValueError, match="^the MatMul node 'big': the model has more than "
                                         "2,000,000 connections, more than netsim holds$"):
        from_model(proto)


def test_files_that_are_not_models_are_one_line(tmp_path):
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"\x00\xffnot a model at all" * 10)
    with pytest.raises(FormatError, match="^bad.onnx: not an ONNX model"):
        onnx_import.read(bad)
    with pytest.raises(FormatError, match="^missing.onnx: cannot open the file"):
        onnx_import.read(tmp_path / "missing.onnx")
    conv = tmp_path / "conv.onnx"
    onnx.save(_model([helper.make_node("Conv", ["x", "W"], ["y"], name="c")], {"W": W1}),
              str(conv))
    with pytest.raises(FormatError, match="^conv.onnx: netsim cannot import the Conv node 'c'"):
        onnx_import.read(conv)


def test_damaged_weights_and_huge_files_are_one_line(tmp_path, monkeypatch):
    from netsim.io import fileformat
    proto = _model([helper.make_node("MatMul", ["x", "W"], ["y"])], {"W": W1.T[:, :2]})
    proto.graph.initializer[0].raw_data = proto.graph.initializer[0].raw_data[:-4]
    with pytest.raises(ValueError, match="^the weights 'W' cannot be read"):
        from_model(proto)
    path = tmp_path / "big.onnx"
    path.write_bytes(_model([helper.make_node("Relu", ["x"], ["y"])], {}).SerializeToString())
    monkeypatch.setattr(fileformat, "MAX_FILE_SIZE", 40)
    with pytest.raises(FormatError, match="^big.onnx: the file is larger than 40 bytes, the "
                                          "most netsim opens$"):
        onnx_import.read(path)


def test_without_onnx_import_says_what_to_install(tmp_path, monkeypatch):
    def missing():
        raise onnx_import.ImportFailed(onnx_import.MISSING)
    monkeypatch.setattr(onnx_import, "_onnx", missing)
    path = tmp_path / "m.onnx"
    path.write_bytes(b"x")
    with pytest.raises(ValueError, match=r"^ONNX import needs the onnx package: pip install "
                                         r"'netsim\[onnx\]'$"):
        onnx_import.read(path)


# ---- the command line --------------------------------------------------------------------
def test_the_command_line_imports_an_export_and_refuses(tmp_path, capsys):
    from netsim.cli import main
    xor = str(paths.example("xor-worked-example"))
    model_path, out = tmp_path / "xor.onnx", tmp_path / "xor.netsim"
    assert main(["export", xor, str(model_path), "--dtype", "float64"]) == 0
    capsys.readouterr()
    assert main(["import", str(model_path), str(out)]) == 0
    said = capsys.readouterr()
    assert said.err == ""
    assert said.out == f"wrote {out}: 6 neurons, 9 connections, 2 levels\n"
    nf = load(out)
    assert_same_network(nf.network, load(xor).network)
    assert main(["import", str(model_path), str(tmp_path / "xor.json")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("netsim import: OUT must be a .netsim file") and err.count("\n") == 1
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"\x00\xff" * 50)
    assert main(["import", str(bad), str(tmp_path / "bad.netsim")]) == 1
    assert capsys.readouterr().err == ("netsim: bad.onnx: not an ONNX model (the file cannot "
                                       "be decoded)\n")
    assert not (tmp_path / "bad.netsim").exists()

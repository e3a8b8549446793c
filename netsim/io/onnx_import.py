"""An ONNX model as a netsim network: `netsim import MODEL.onnx OUT.netsim`, File ▸ Import.

Feed-forward models of MatMul/Gemm/Add and Sigmoid, Tanh, Relu, LeakyRelu, Softplus,
Softmax and Identity (a torch.nn.Sequential of Linear layers as torch.onnx.export writes
it, with either exporter) and netsim's own export (onnx_export.py, with its input scaling,
column picking and composite activations) are traced symbolically (onnx_trace.py): every
unit a neuron, one bias neuron per level, laid out automatically. Anything else is
refused in one line naming the operator and the node.

The weights always come from the graph. netsim's export also writes the network it came
from ("netsim.network": ids, roles, activations, labels, positions, connections, and which
tensor holds each level); when that agrees with the graph, the network comes back as it
was (zero-weight connections included), else it is ignored and the model imported plainly.

The imported network gets a dataset of one row, so that it can be stepped through at
once: inputs 0 (raw, before the model's input scaling, which becomes the dataset's), and
as targets the model's own outputs for them: there is no right answer to teach, and an
Update step leaves the trained weights as they are.
"""
from __future__ import annotations

import json
import os

import numpy as np

from netsim.engine.compiled import Compiled
from netsim.engine.dataset import Dataset
from netsim.engine.layout import auto_layout
from netsim.engine.network import Connection, Network, Neuron
from netsim.engine.scaling import METHODS, Scaling

from .fileformat import FormatError, NetworkFile, file_name, read_bytes
from .onnx_ops import ATTRIBUTES, DOUBLE, FLOAT, OPS, SUPPORTED
from .onnx_package import onnx_package
from .onnx_trace import Act, Refused, Tensor, Tracer

MISSING = "ONNX import needs the onnx package: pip install 'netsim[onnx]'"


class ImportFailed(ValueError):
    """A model netsim cannot import, or onnx missing; the message is one line."""


def _onnx():
    return onnx_package(ImportFailed, MISSING)


def read(path) -> NetworkFile:
    """The network of the ONNX model at `path`; ImportFailed or FormatError (one line
    naming the file) for anything netsim cannot import."""
    name = file_name(path)
    data = read_bytes(path, name)
    onnx = _onnx()
    try:
        proto = onnx.load_model_from_string(data)
    except Exception:  # noqa: BLE001 - protobuf's DecodeError and the like
        raise FormatError(name, "not an ONNX model (the file cannot be decoded)") from None
    if not proto.HasField("graph"):
        raise FormatError(name, "not an ONNX model (it has no graph)")
    try:
        nf = from_model(proto)
    except (Refused, ImportFailed) as e:
        raise FormatError(name, str(e)) from None
    except MemoryError:
        raise FormatError(name, "the model is too large to import") from None
    except Exception as e:  # noqa: BLE001 - never a traceback
        raise FormatError(name, f"cannot import the model ({type(e).__name__}: {e})") from None
    if nf.name is None:  # a title for the window: the model's file name
        nf.name = os.path.splitext(name)[0] or None
    return nf


# ---- the graph -------------------------------------------------------------------------
def _where(node, i: int) -> str:
    name = f"{node.name!r}" if node.name else f"#{i} (output {node.output[0]!r})" \
        if node.output else f"#{i}"
    return f"the {node.op_type} node {name}"


def _constants(onnx, graph) -> dict[str, np.ndarray]:
    out = {}
    for t in graph.initializer:
        if t.data_location == onnx.TensorProto.EXTERNAL:
            raise Refused(f"the weights {t.name!r} are in a separate file; netsim reads "
                          f"models whose weights are inside")
        try:
            out[t.name] = onnx.numpy_helper.to_array(t)
        except Exception as e:  # noqa: BLE001 - a damaged tensor: say which
            raise Refused(f"the weights {t.name!r} cannot be read ({type(e).__name__}: "
                          f"{e})") from None
    return out


def _order(graph, known: set[str]) -> list[int]:
    """The nodes' indices in an order where each comes after what it reads."""
    ready, order, waiting = set(known), [], list(range(len(graph.node)))
    while waiting:
        left = [i for i in waiting if not all(n in ready or not n for n in graph.node[i].input)]
        for i in waiting:
            if i not in left:
                order.append(i)
                ready.update(graph.node[i].output)
        if len(left) == len(waiting):
            node = graph.node[left[0]]
            missing = next(n for n in node.input if n and n not in ready)
            raise Refused(f"{_where(node, left[0])} reads {missing!r}, which nothing "
                          f"computes before it (a cycle, or a missing input)")
        waiting = left
    return order


def _described(meta: dict) -> dict | None:
    """The network netsim's export describes ("netsim.network"), decoded; else None."""
    try:
        described = json.loads(meta["netsim.network"])
    except (KeyError, ValueError, RecursionError):
        return None
    return described if isinstance(described, dict) else None


def _described_tensors(described: dict | None) -> list[str]:
    """The level tensors netsim's export names (a hidden neuron that feeds nothing is in
    one that the output does not need)."""
    try:
        return [str(level["tensor"]) for level in described["levels"]]
    except (KeyError, TypeError, ValueError):
        return []


def _needed(graph, roots: list[str]) -> set[int]:
    """The nodes the roots depend on."""
    made = {o: i for i, node in enumerate(graph.node) for o in node.output}
    need, stack = set(), list(roots)
    while stack:
        i = made.get(stack.pop())
        if i is not None and i not in need:
            need.add(i)
            stack.extend(graph.node[i].input)
    return need


def _scaling_nodes(graph, need: set[int], x: str) -> tuple[int, ...]:
    """The Sub and the Div of an input scaling, (x − offset) / scale, as netsim's export
    writes it: the input read only by the Sub, the Sub's output only by the Div. ()
    when the graph does not start so (a Sub or Div elsewhere is plain arithmetic)."""
    readers: dict[str, list[int]] = {}
    for i in sorted(need):
        for name in graph.node[i].input:
            readers.setdefault(name, []).append(i)
    sub = readers.get(x, [])
    if len(sub) != 1 or graph.node[sub[0]].op_type != "Sub" \
            or list(graph.node[sub[0]].input[:1]) != [x]:
        return ()
    div = readers.get(graph.node[sub[0]].output[0], [])
    if len(div) != 1 or graph.node[div[0]].op_type != "Div" \
            or graph.node[div[0]].input[0] != graph.node[sub[0]].output[0]:
        return ()
    return sub[0], div[0]


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _port(value) -> int:
    """The width N of the model's input, [batch, N] of float32 or float64 numbers."""
    t = value.type.tensor_type
    dims = t.shape.dim
    if len(dims) != 2 or not dims[1].dim_value:
        shape = [d.dim_value or d.dim_param or "?" for d in dims]
        raise Refused(f"the model's input {value.name!r} has the shape {shape}; netsim "
                      f"imports [batch, N] with N known")
    if t.elem_type not in (FLOAT, DOUBLE):
        raise Refused(f"the model's input {value.name!r} is not float32 or float64 numbers")
    return dims[1].dim_value


def from_model(proto) -> NetworkFile:
    """The NetworkFile of an ONNX ModelProto; Refused (one line) when it cannot be."""
    onnx = _onnx()
    graph = proto.graph
    env: dict[str, object] = dict(_constants(onnx, graph))
    inputs = [v for v in graph.input if v.name not in env]
    if len(inputs) != 1 or len(graph.output) != 1:
        raise Refused(f"the model has {_count(len(inputs), 'input')} and "
                      f"{_count(len(graph.output), 'output')}; netsim imports models with one "
                      f"of each")
    width = _port(inputs[0])
    tracer = Tracer(width)
    x = Tensor(("n", k) for k in range(width))
    env[inputs[0].name] = x
    meta = {p.key: p.value for p in proto.metadata_props}
    described = _described(meta)
    need = _needed(graph, [graph.output[0].name, *_described_tensors(described)])
    state = {"input": x, "scaling": None, "node": -1,
             "scaling_nodes": _scaling_nodes(graph, need, inputs[0].name)}
    for i in _order(graph, set(env)):
        node = graph.node[i]
        state["node"] = i
        tracer.where = _where(node, i)
        if node.op_type not in OPS or node.domain not in ("", "ai.onnx"):
            raise Refused(f"netsim cannot import {tracer.where} (it imports {SUPPORTED})")
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        extra = set(attrs) - ATTRIBUTES.get(node.op_type, set())
        if extra:
            raise Refused(f"{tracer.where} has the attribute {sorted(extra)[0]!r}, which "
                          f"netsim does not import")
        if i not in need:
            continue
        args = [env[n] if n else None for n in node.input]
        result = OPS[node.op_type](tracer, args, attrs, state, onnx)
        env[node.output[0]] = result
    out = env.get(graph.output[0].name)
    tracer.where = f"the output {graph.output[0].name!r}"
    if not isinstance(out, Tensor):
        raise Refused(f"{tracer.where} is not computed from the input")
    outputs = _outputs(tracer, out)
    found = None
    if described is not None:
        from .onnx_metadata import restore  # noqa: PLC0415 (only for netsim's own exports)

        found = restore(described, tracer, env, outputs)
    network, inputs, targets = found or _plain(tracer, outputs)
    nf = NetworkFile(network, name=proto.doc_string or None)
    if any(n.activation == "softmax" for n in network.neurons.values()):
        nf.training.loss = "cross_entropy"  # what a softmax head is trained with
    return _with_dataset(nf, inputs, targets, state["scaling"], described or {})


def _outputs(tracer: Tracer, out: Tensor) -> list[int]:
    """A neuron per output column, each a different computing neuron."""
    result, used = [], set()
    for col in out:
        if col[0] == "a" and col[1].name == "softmax":
            nid = int(tracer.materialise(col[1], [col[2]])[0])
        else:
            nid = int(tracer.neurons(Tensor([col]))[0])
        if nid in used and tracer.activation[nid] == "softmax":
            raise Refused(f"{tracer.where} holds a softmax output twice; netsim's softmax "
                          f"neurons feed nothing, not even a copy")
        if tracer.activation[nid] is None or nid in used:  # an input, or twice: a copy
            nid = int(tracer.materialise(Act("identity", tracer.block(Tensor([("n", nid)])),
                                             tracer.where))[0])
        used.add(nid)
        result.append(nid)
    soft = tracer.softmax
    if soft is not None and ((soft.neurons < 0).any() or not set(soft.neurons) <= used):
        raise Refused(f"{soft.where}: some of its softmax neurons are not outputs; netsim's "
                      f"softmax neurons are all outputs")
    return result


def _connections_of(tracer: Tracer) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not tracer.chunks:
        return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0)
    return tuple(np.concatenate(parts) for parts in zip(*tracer.chunks))


def _levels(tracer: Tracer) -> np.ndarray:
    """Each neuron's level: 0 for inputs, else 1 + the highest level it reads."""
    level = np.zeros(len(tracer.activation), dtype=np.intp)
    for s, t, _ in tracer.chunks:  # made in order: every source before its targets
        np.maximum.at(level, t, level[s] + 1)
    computes = np.array([a is not None for a in tracer.activation])
    return np.where(computes, np.maximum(level, 1), 0)


def _plain(tracer: Tracer, outputs: list[int]) -> tuple[Network, list[str], list[str]]:
    """The traced network with ids i1.., h1.., o1.. and one bias neuron per level; the
    ids of the input and output columns."""
    count = len(tracer.activation)
    inputs = [k for k in range(count) if tracer.activation[k] is None]
    is_out = set(outputs)
    hidden = [k for k in range(count) if tracer.activation[k] is not None and k not in is_out]
    ids = [""] * count
    for prefix, members in (("i", inputs), ("h", hidden), ("o", outputs)):
        for j, k in enumerate(members, 1):
            ids[k] = f"{prefix}{j}"
    src, tgt, w = _connections_of(tracer)
    level = _levels(tracer)
    biased = [k for k in range(count) if tracer.bias[k] is not None]
    bias_levels = sorted({int(level[k]) for k in biased})
    bias_id = {lv: f"b{j}" for j, lv in enumerate(bias_levels, 1)}
    neurons = {}
    for k in inputs:
        neurons[ids[k]] = Neuron(ids[k], "input")
    for lv in bias_levels:
        neurons[bias_id[lv]] = Neuron(bias_id[lv], "bias")
    for k in hidden:
        neurons[ids[k]] = Neuron(ids[k], "hidden", tracer.activation[k])
    for k in outputs:
        neurons[ids[k]] = Neuron(ids[k], "output", tracer.activation[k])
    names = np.array(ids, dtype=object)
    connections = list(map(Connection, names[src].tolist(), names[tgt].tolist(), w.tolist()))
    connections += [Connection(bias_id[int(level[k])], ids[k], tracer.bias[k]) for k in biased]
    network = Network(neurons, connections)
    for nid, xy in auto_layout(network).items():
        network.neurons[nid].position = xy
    return network, [ids[k] for k in inputs], [ids[k] for k in outputs]


def _with_dataset(nf: NetworkFile, inputs: list[str], targets: list[str], scaling,
                  described: dict) -> NetworkFile:
    """nf with a one-row dataset: raw inputs 0, targets the network's outputs for them."""
    if scaling is not None:
        method = described.get("scaling")
        scaling = Scaling(method if method in METHODS else "standardise", *scaling)
    data = Dataset(inputs, targets, np.zeros((1, len(inputs) + len(targets))),
                   scaling=scaling)
    compiled = Compiled(nf.network, inputs, targets)
    data.rows[:, len(inputs):] = compiled.outputs(compiled.forward(data.x))
    nf.dataset = data
    return nf

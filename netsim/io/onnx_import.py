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
from .onnx_trace import ELEMENTWISE, Act, Refused, Tensor, Tracer, activated

MISSING = "ONNX import needs the onnx package: pip install 'netsim[onnx]'"
SUPPORTED = ("MatMul, Gemm, Add and Sigmoid, Tanh, Relu, LeakyRelu, Softplus, Softmax, "
             "Identity")
# The attributes each operator may have; any other is refused.
ATTRIBUTES = {"Gemm": {"transA", "transB", "alpha", "beta"}, "LeakyRelu": {"alpha"},
              "Softmax": {"axis"}, "Gather": {"axis"}, "Concat": {"axis"}, "Cast": {"to"},
              "Transpose": {"perm"},
              "Constant": {"value", "value_float", "value_floats", "value_int", "value_ints"}}
FLOAT, DOUBLE = 1, 11  # onnx.TensorProto's FLOAT and DOUBLE
SOFTPLUS_THRESHOLD = 15.0  # torch's Softplus(z) is z above its threshold (20): see op_where


class ImportFailed(ValueError):
    """A model netsim cannot import, or onnx missing; the message is one line."""


class _Mark:
    """A piece of one of netsim's composite activations (never a value of its own)."""

    def __init__(self, kind: str, of: Tensor) -> None:
        self.kind, self.of = kind, of


def _onnx():
    try:
        import onnx  # noqa: PLC0415 (optional: only import needs it)
    except ImportError:
        raise ImportFailed(MISSING) from None
    return onnx


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
        out[t.name] = onnx.numpy_helper.to_array(t)
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


def _port(value, kind: str) -> tuple[int, int]:
    t = value.type.tensor_type
    dims = t.shape.dim
    if len(dims) != 2 or not dims[1].dim_value:
        shape = [d.dim_value or d.dim_param or "?" for d in dims]
        raise Refused(f"the model's {kind} {value.name!r} has the shape {shape}; netsim "
                      f"imports [batch, N] with N known")
    if t.elem_type not in (FLOAT, DOUBLE):
        raise Refused(f"the model's {kind} {value.name!r} is not float32 or float64 numbers")
    return dims[1].dim_value, t.elem_type


def from_model(proto) -> NetworkFile:
    """The NetworkFile of an ONNX ModelProto; Refused (one line) when it cannot be."""
    onnx = _onnx()
    graph = proto.graph
    env: dict[str, object] = dict(_constants(onnx, graph))
    inputs = [v for v in graph.input if v.name not in env]
    if len(inputs) != 1 or len(graph.output) != 1:
        raise Refused(f"the model has {len(inputs)} inputs and {len(graph.output)} outputs; "
                      f"netsim imports models with one of each")
    width, _ = _port(inputs[0], "input")
    _port(graph.output[0], "output")
    tracer = Tracer(width)
    x = Tensor(("n", k) for k in range(width))
    env[inputs[0].name] = x
    state = {"input": x, "scaling": None}
    meta = {p.key: p.value for p in proto.metadata_props}
    described = _described(meta)
    need = _needed(graph, [graph.output[0].name, *_described_tensors(described)])
    for i in _order(graph, set(env)):
        node = graph.node[i]
        tracer.where = _where(node, i)
        if node.op_type not in _OPS:
            raise Refused(f"netsim cannot import {tracer.where} (it imports {SUPPORTED})")
        attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
        extra = set(attrs) - ATTRIBUTES.get(node.op_type, set())
        if extra:
            raise Refused(f"{tracer.where} has the attribute {sorted(extra)[0]!r}, which "
                          f"netsim does not import")
        if i not in need:
            continue
        args = [env[n] if n else None for n in node.input]
        result = _OPS[node.op_type](tracer, args, attrs, state, onnx)
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


def connections_of(tracer: Tracer) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not tracer.chunks:
        return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0)
    return tuple(np.concatenate(parts) for parts in zip(*tracer.chunks))


def _levels(tracer: Tracer, src: np.ndarray, tgt: np.ndarray) -> np.ndarray:
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
    src, tgt, w = connections_of(tracer)
    level = _levels(tracer, src, tgt)
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


# ---- the operators ---------------------------------------------------------------------
def _const(tracer: Tracer, value, what: str) -> np.ndarray:
    if not isinstance(value, np.ndarray):
        raise Refused(f"{tracer.where}: its {what} is computed from the input; netsim "
                      f"imports constant weights only")
    return value


def _tensor(tracer: Tracer, value, what: str = "input") -> Tensor:
    if isinstance(value, _Mark):
        raise Refused(f"{tracer.where}: its {what} is a part of a composite activation "
                      f"netsim does not recognise")
    if not isinstance(value, Tensor):
        raise Refused(f"{tracer.where}: its {what} is a constant; netsim imports nodes that "
                      f"compute from the model's input")
    return value


def _row(tracer: Tracer, c: np.ndarray, width: int) -> np.ndarray:
    """A constant that broadcasts over the columns: (), (n,), (1, n)."""
    c = np.asarray(c, dtype=float)
    if c.ndim > 2 or (c.ndim == 2 and c.shape[0] != 1) or c.size not in (1, width):
        raise Refused(f"{tracer.where}: a constant of shape {list(c.shape)} does not apply "
                      f"column by column to {width} columns")
    return np.broadcast_to(c.reshape(-1), (width,)).astype(float)


def _split(tracer: Tracer, args) -> tuple[Tensor, np.ndarray]:
    a, b = args[0], args[1]
    if isinstance(a, np.ndarray):
        a, b = b, a
    return _tensor(tracer, a), _const(tracer, b, "second operand")


def _both_const(args) -> bool:
    return all(isinstance(a, np.ndarray) for a in args if a is not None)


def op_constant(tracer, args, attrs, state, onnx):
    if "value" in attrs:
        return onnx.numpy_helper.to_array(attrs["value"])
    (key, value), = attrs.items()
    return np.asarray(value, dtype=np.int64 if "int" in key else np.float32)


def op_matmul(tracer, args, attrs, state, onnx):
    if _both_const(args):
        return np.matmul(*args)
    a = _tensor(tracer, args[0])
    return tracer.matmul(a, _const(tracer, args[1], "weight matrix").astype(float))


def op_gemm(tracer, args, attrs, state, onnx):
    if attrs.get("transA", 0):
        raise Refused(f"{tracer.where}: transA=1 would mix the batch; netsim imports "
                      f"transA=0")
    a = _tensor(tracer, args[0])
    w = _const(tracer, args[1], "weight matrix").astype(float)
    w = w.T if attrs.get("transB", 0) else w
    alpha, beta = float(attrs.get("alpha", 1.0)), float(attrs.get("beta", 1.0))
    out = tracer.matmul(a, w * alpha if alpha != 1.0 else w)
    if len(args) > 2 and args[2] is not None:
        c = _row(tracer, _const(tracer, args[2], "bias"), len(out))
        out = tracer.affine(out, add=c * beta if beta != 1.0 else c)
    return out


def op_add(tracer, args, attrs, state, onnx):
    if _both_const(args):
        return np.add(*args)
    a, b = args
    if isinstance(a, _Mark) or isinstance(b, _Mark):
        return _composite_add(tracer, a, b)
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        return tracer.add(a, b)
    t, c = _split(tracer, args)
    return tracer.affine(t, add=_row(tracer, c, len(t)))


def _composite_add(tracer, a, b):
    """Exp(−|z|) + 1, and Relu(z) + Log(...): netsim's float64 softplus."""
    if isinstance(a, _Mark) and a.kind == "exp" and isinstance(b, np.ndarray) \
            and np.all(b == 1):
        return _Mark("exp1", a.of)
    if isinstance(b, _Mark) and b.kind == "log" and isinstance(a, Tensor) and a \
            and a[0][0] == "a":
        act = a[0][1]
        if (act.name == "relu" and act.of is b.of and len(a) == act.block.width
                and all(c[0] == "a" and c[1] is act and c[2] == k for k, c in enumerate(a))
                and not (act.neurons >= 0).any()):
            return activated(Act("softplus", act.block, tracer.where, act.of))
    raise Refused(f"{tracer.where}: adds a part of a composite activation netsim does not "
                  f"recognise")


def op_sub(tracer, args, attrs, state, onnx):
    if _both_const(args):
        return np.subtract(*args)
    t = _tensor(tracer, args[0])
    c = _row(tracer, _const(tracer, args[1], "second operand"), len(t))
    out = tracer.affine(t, add=-c)
    if t is state["input"] and state["scaling"] is None:
        out.tag = ("centred", c)  # the input scaling's first half
    return out


def op_div(tracer, args, attrs, state, onnx):
    if _both_const(args):
        return np.divide(*args)
    t = _tensor(tracer, args[0])
    c = _row(tracer, _const(tracer, args[1], "divisor"), len(t))
    if (c == 0).any():
        raise Refused(f"{tracer.where}: divides by 0")
    if t.tag[:1] == ("centred",) and state["scaling"] is None:
        state["scaling"] = (t.tag[1], c)  # (x − offset) / scale: the dataset's scaling
        return state["input"]
    return tracer.affine(t, times=1.0 / c)


def op_mul(tracer, args, attrs, state, onnx):
    if _both_const(args):
        return np.multiply(*args)
    t, c = _split(tracer, args)
    return tracer.scaled(t, _row(tracer, c, len(t)))


def op_max(tracer, args, attrs, state, onnx):
    if len(args) != 2:
        raise Refused(f"{tracer.where}: netsim imports Max only as its leaky relu")
    return tracer.maximum(_tensor(tracer, args[0]), _tensor(tracer, args[1]))


def _mark(kind: str, after: str | None):
    def op(tracer, args, attrs, state, onnx):
        value = args[0]
        if after is None and isinstance(value, Tensor):
            return _Mark(kind, value)
        if isinstance(value, _Mark) and value.kind == after:
            return _Mark(kind, value.of)
        raise Refused(f"netsim cannot import {tracer.where} (it imports {SUPPORTED})")
    return op


def op_greater_or_equal(tracer, args, attrs, state, onnx):
    if isinstance(args[0], Tensor) and isinstance(args[1], np.ndarray) and not args[1].any():
        return _Mark("nonnegative", args[0])
    raise Refused(f"netsim cannot import {tracer.where} (it imports {SUPPORTED})")


def op_greater(tracer, args, attrs, state, onnx):
    """z > t, for torch's Softplus: Where(z > 20, z, Softplus(z))."""
    if isinstance(args[0], Tensor) and isinstance(args[1], np.ndarray) \
            and args[1].size == 1 and float(args[1].reshape(-1)[0]) >= SOFTPLUS_THRESHOLD:
        return _Mark("above", args[0])
    raise Refused(f"netsim cannot import {tracer.where} (it imports {SUPPORTED})")


def op_where(tracer, args, attrs, state, onnx):
    """torch's Softplus with a threshold t: z where z > t, else softplus(z); the two differ
    by ln(1 + e^−t), less than a float32 can tell from z when t ≥ 15."""
    cond, z, soft = args
    if isinstance(cond, _Mark) and cond.kind == "above" and cond.of is z \
            and isinstance(soft, Tensor) and soft and soft[0][0] == "a" \
            and soft[0][1].name == "softplus" and soft[0][1].of is z:
        return soft
    raise Refused(f"netsim imports {tracer.where} only as torch's softplus threshold, "
                  f"Where(z > t, z, Softplus(z))")


def op_cast(tracer, args, attrs, state, onnx):
    value = args[0]
    if isinstance(value, _Mark) and value.kind == "nonnegative" \
            and attrs.get("to") in (FLOAT, DOUBLE):
        return tracer.activate("step", value.of)  # z ≥ 0 as 1.0 or 0.0: netsim's step
    raise Refused(f"netsim cannot import {tracer.where} (it imports {SUPPORTED})")


def _activation(name: str):
    def op(tracer, args, attrs, state, onnx):
        return tracer.activate(name, _tensor(tracer, args[0]))
    return op


def op_leaky_relu(tracer, args, attrs, state, onnx):
    alpha = attrs.get("alpha", 0.01)
    if np.float32(alpha) != np.float32(0.01):
        raise Refused(f"{tracer.where} has alpha={alpha:g}; netsim's leaky relu has the "
                      f"slope 0.01")
    return tracer.activate("leaky_relu", _tensor(tracer, args[0]))


def op_softmax(tracer, args, attrs, state, onnx):
    if attrs.get("axis", -1) not in (-1, 1):
        raise Refused(f"{tracer.where} has axis={attrs['axis']}; netsim imports a softmax "
                      f"over the last axis")
    return tracer.activate("softmax", _tensor(tracer, args[0]))


def op_identity(tracer, args, attrs, state, onnx):
    if isinstance(args[0], np.ndarray):
        return args[0]
    return tracer.identity(_tensor(tracer, args[0]))


def _axis(tracer, attrs, default: int) -> None:
    if attrs.get("axis", default) not in (1, -1):
        raise Refused(f"{tracer.where} has axis={attrs.get('axis', default)}; netsim "
                      f"imports it over the columns (axis 1)")


def op_gather(tracer, args, attrs, state, onnx):
    _axis(tracer, attrs, 0)
    t = _tensor(tracer, args[0])
    idx = _const(tracer, args[1], "indices")
    if idx.ndim != 1 or idx.dtype.kind not in "iu" or ((idx < -len(t)) | (idx >= len(t))).any():
        raise Refused(f"{tracer.where}: netsim imports a Gather of columns by a list of "
                      f"column numbers")
    return Tensor(t[int(k)] for k in idx)


def op_concat(tracer, args, attrs, state, onnx):
    _axis(tracer, attrs, 1)
    return Tensor(col for a in args for col in _tensor(tracer, a))


def op_transpose(tracer, args, attrs, state, onnx):
    c = _const(tracer, args[0], "input")
    return np.transpose(c, attrs.get("perm"))


_OPS = {"Constant": op_constant, "MatMul": op_matmul, "Gemm": op_gemm, "Add": op_add,
        "Sub": op_sub, "Div": op_div, "Mul": op_mul, "Max": op_max,
        "Abs": _mark("abs", None), "Neg": _mark("negative", "abs"),
        "Exp": _mark("exp", "negative"), "Log": _mark("log", "exp1"),
        "GreaterOrEqual": op_greater_or_equal, "Cast": op_cast, "Greater": op_greater,
        "Where": op_where,
        "LeakyRelu": op_leaky_relu, "Softmax": op_softmax, "Identity": op_identity,
        "Gather": op_gather, "Concat": op_concat, "Transpose": op_transpose,
        **{kind: _activation(name) for kind, name in ELEMENTWISE.items()}}

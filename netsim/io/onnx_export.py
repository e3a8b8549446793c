"""The network as an ONNX model, for onnxruntime and every engine that reads ONNX.

The graph computes exactly what engine/compiled.py computes, level by level:

    input     [batch, inputs], in the order of the dataset's input columns (of the input
              neurons without a dataset); the file's input scaling, (x − offset) / scale,
              is the graph's first step, so the model takes the raw numbers
    level l   Z_l = Σ_s Gather(S_s, columns) @ W_{s,l} + b_l, with the zeros of missing
              connections in W (any DAG, skip connections, partial connectivity), then
              each activation on its own columns
    softmax   over the whole group's net inputs, wherever its members are
    output    [batch, outputs], in the order of the target columns (of the output neurons)

float32 by default, float64 on request. The neurons' ids and labels go into the model's
metadata ("netsim.inputs", "netsim.outputs": JSON lists of {"id", "label"}), and the whole
network, so that importing the model gives it back ("netsim.network", onnx_metadata.py). onnx is an
optional dependency (`pip install 'netsim[onnx]'`): without it, export says so in one line.
"""
from __future__ import annotations

import json

import numpy as np

from netsim.engine.activations import LEAKY_SLOPE
from netsim.engine.compiled import Compiled
from netsim.engine.dataset import Dataset
from netsim.engine.network import Network

from . import onnx_metadata
from .atomic import atomic_write
from .fileformat import FormatError, NetworkFile, file_name
from .onnx_package import onnx_package

OPSET = 17
IR_VERSION = 8  # what onnxruntime reads since 1.10
DTYPES = ("float32", "float64")
MISSING = "ONNX export needs the onnx package: pip install 'netsim[onnx]'"


class ExportError(ValueError):
    """A network netsim cannot export, or onnx missing; the message is one line."""


def _onnx():
    return onnx_package(ExportError, MISSING)


class _Graph:
    """The nodes and constants of the graph being built, with fresh tensor names."""

    def __init__(self, onnx, dtype: str) -> None:
        self.onnx, self.h = onnx, onnx.helper
        self.np = np.float32 if dtype == "float32" else np.float64
        self.elem = onnx.TensorProto.FLOAT if dtype == "float32" else onnx.TensorProto.DOUBLE
        self.nodes, self.constants, self.count = [], [], 0

    def name(self, stem: str) -> str:
        self.count += 1
        return f"{stem}_{self.count}"

    def constant(self, stem: str, values, integer: bool = False) -> str:
        array = np.asarray(values, dtype=np.int64 if integer else self.np)
        name = self.name(stem)
        self.constants.append(self.onnx.numpy_helper.from_array(array, name))
        return name

    def op(self, kind: str, inputs: list[str], stem: str, **attrs) -> str:
        out = self.name(stem)
        self.nodes.append(self.h.make_node(kind, inputs, [out], **attrs))
        return out

    def columns(self, tensor: str, cols, width: int) -> str:
        """`tensor`'s columns `cols` (all of them: `tensor` itself)."""
        cols = np.arange(width)[cols] if not isinstance(cols, np.ndarray) else cols
        if len(cols) == width and np.array_equal(cols, np.arange(width)):
            return tensor
        return self.op("Gather", [tensor, self.constant("cols", cols, integer=True)],
                       "picked", axis=1)

    def activation(self, name: str, z: str) -> str:
        if name == "identity":
            return self.op("Identity", [z], "identity")
        if name == "leaky_relu":
            if self.np is np.float64:  # LeakyRelu's alpha is a float32: 0.00999999977...
                slope = self.op("Mul", [z, self.constant("slope", LEAKY_SLOPE)], "sloped")
                return self.op("Max", [z, slope], "leaky")  # z > 0: z; else 0.01·z
            return self.op("LeakyRelu", [z], "leaky", alpha=LEAKY_SLOPE)
        if name == "step":  # 1 where z ≥ 0, else 0
            zero = self.constant("zero", 0.0)
            return self.op("Cast", [self.op("GreaterOrEqual", [z, zero], "nonnegative")],
                           "step", to=self.elem)
        if name == "sign":  # +1 where z ≥ 0, else −1 (ONNX's Sign would give 0 at 0)
            nonnegative = self.op("GreaterOrEqual", [z, self.constant("zero", 0.0)], "nonnegative")
            return self.op("Where", [nonnegative, self.constant("plus", 1.0),
                                     self.constant("minus", -1.0)], "sign")
        if name == "softmax":
            return self.op("Softmax", [z], "softmax", axis=-1)
        if name == "softplus" and self.np is np.float64:
            # onnxruntime has no float64 Softplus: max(z, 0) + ln(1 + e^−|z|), as the
            # engine computes it (never e^z of a large z)
            tail = self.op("Exp", [self.op("Neg", [self.op("Abs", [z], "size")], "minus")],
                           "tail")
            tail = self.op("Log", [self.op("Add", [tail, self.constant("one", 1.0)], "plus")],
                           "log")
            return self.op("Add", [self.op("Relu", [z], "positive"), tail], "softplus")
        kind = {"sigmoid": "Sigmoid", "tanh": "Tanh", "relu": "Relu",
                "softplus": "Softplus"}[name]
        return self.op(kind, [z], name)


def _people(network: Network, ids: list[str]) -> str:
    return json.dumps([{"id": nid, "label": network.neurons[nid].label} for nid in ids],
                      ensure_ascii=False)


def ports(network: Network, dataset: Dataset | None) -> tuple[list[str], list[str]]:
    """The neurons behind the model's input and output columns, in column order: the
    dataset's input and target columns, else the input and output neurons."""
    if dataset is not None:
        return list(dataset.inputs), list(dataset.targets)
    return network.ids("input"), network.ids("output")


def model(network: Network, dataset: Dataset | None = None, dtype: str = "float32",
          name: str | None = None):
    """The ONNX ModelProto of `network` (with the input and target columns and the input
    scaling of `dataset`, when given)."""
    if dtype not in DTYPES:
        raise ExportError(f"the ONNX dtype must be float32 or float64, not {dtype!r}")
    onnx = _onnx()
    if dataset is not None:
        problem = dataset.problem(network)
        if problem:
            raise ExportError(problem)
    inputs, targets = ports(network, dataset)
    if not inputs:
        raise ExportError("the network has no input neurons to export")
    if not targets:
        raise ExportError("the network has no output neurons to export")
    compiled = Compiled(network, inputs, targets)
    g = _Graph(onnx, dtype)
    x = "input"
    scaling = dataset.scaling if dataset is not None else None
    if scaling is not None:
        x = g.op("Sub", [x, g.constant("offset", scaling.offset[None, :])], "centred")
        x = g.op("Div", [x, g.constant("scale", scaling.scale[None, :])], "scaled")
    segments, widths = [x], [len(inputs)]
    level_nets = []  # each level's net inputs
    levels = []  # each level's output tensor and the neuron of each column, for the metadata
    grouped = set(compiled.group) if len(compiled.group_parts) > 1 else set()  # its own tensor
    for block in compiled.blocks:
        width = len(block.ids)
        z = None
        for p in block.pieces:
            picked = g.columns(segments[p.segment], p.cols, widths[p.segment])
            term = g.op("MatMul", [picked, g.constant("w", p.weights)], "product")
            z = term if z is None else g.op("Add", [z, term], "sum")
        if z is None:  # nothing feeds the level but bias neurons: start from zeros
            z = g.op("MatMul", [segments[0], g.constant("w", np.zeros((widths[0], width)))],
                     "zeros")
        if block.bias is not None:
            z = g.op("Add", [z, g.constant("b", block.bias.weights.sum(axis=0)[None, :])],
                     "net")
        level_nets.append(z)
        if len(block.groups) == 1:
            a = g.activation(block.groups[0][0].name, z)
        else:  # each activation on its own columns, then the columns back in order
            parts, order = [], []
            for act, cols in block.groups:
                cols = np.arange(width)[cols]
                parts.append(g.activation(act.name, g.columns(z, cols, width)))
                order.extend(cols.tolist())
            joined = g.op("Concat", parts, "joined", axis=1)
            a = g.columns(joined, np.argsort(np.asarray(order)), width)
        segments.append(a)
        widths.append(width)
        if not grouped.issuperset(block.ids):
            levels.append((a, [None if nid in grouped else nid for nid in block.ids]))
    group = None
    if len(compiled.group_parts) > 1:  # a softmax group over several levels
        nets, places = [], []
        for lv, cols, at in compiled.group_parts:
            nets.append(g.columns(level_nets[lv - 1], cols, widths[lv]))
            places.extend(at.tolist())
        joined = g.op("Concat", nets, "group_nets", axis=1)
        ordered = g.columns(joined, np.argsort(np.asarray(places)), len(places))
        group = g.activation("softmax", ordered)
        levels.append((group, list(compiled.group)))
    members = {nid: k for k, nid in enumerate(compiled.group)}
    runs: list[tuple[str, list[int], int]] = []  # (tensor, columns, its width)
    for t in targets:
        if group is not None and t in members:
            source, col, width = group, members[t], len(compiled.group)
        else:
            seg, col = compiled.where[t]
            source, width = segments[seg], widths[seg]
        if runs and runs[-1][0] == source:
            runs[-1][1].append(col)
        else:
            runs.append((source, [col], width))
    parts = [g.columns(source, np.asarray(cols), width) for source, cols, width in runs]
    last = parts[0] if len(parts) == 1 else g.op("Concat", parts, "outputs", axis=1)
    g.nodes.append(g.h.make_node("Identity", [last], ["output"]))
    graph = g.h.make_graph(
        g.nodes, name or "netsim",
        [g.h.make_tensor_value_info("input", g.elem, ["batch", len(inputs)])],
        [g.h.make_tensor_value_info("output", g.elem, ["batch", len(targets)])],
        g.constants)
    proto = g.h.make_model(graph, producer_name="netsim",
                           opset_imports=[g.h.make_opsetid("", OPSET)])
    proto.ir_version = IR_VERSION
    if name:
        proto.doc_string = name
    g.h.set_model_props(proto, {
        "netsim.inputs": _people(network, inputs), "netsim.outputs": _people(network, targets),
        onnx_metadata.KEY: onnx_metadata.describe(
            network, inputs, levels, scaling.method if scaling is not None else None)})
    return proto


def export(nf: NetworkFile, path, dtype: str = "float32") -> None:
    """Write `nf`'s network as an ONNX model to `path`, atomically; ExportError (one
    line) when it cannot be exported, FormatError when the file cannot be written."""
    proto = model(nf.network, nf.dataset, dtype, nf.name)
    onnx = _onnx()
    onnx.checker.check_model(proto)
    try:
        atomic_write(path, proto.SerializeToString())
    except OSError as e:
        raise FormatError(file_name(path), f"cannot write the file: {e.strerror or e}") from None

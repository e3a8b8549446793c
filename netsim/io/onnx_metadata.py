"""The network behind a netsim ONNX export, written beside the graph and read back.

"netsim.network" (JSON) holds what the graph cannot say: the neurons (id, role,
activation, label, position) in file order, the connections (source and target as
indices into that list; zero weights are connections too, missing ones are not), and the
graph tensor that holds each level's outputs with the id of each column (null for a
column the tensor holds but another gives: a softmax group over several levels is its
own tensor). The weights are never taken from here, except to split a neuron's bias
between several bias neurons (the graph holds their sum): the graph's numbers rule.

`restore` gives the network back when this description agrees with the traced graph in
every point (same neurons and activations, every graph connection with a non-zero weight
listed, every listed connection in the graph, the biases adding up), else None: the
model is then imported plainly.
"""
from __future__ import annotations

import json
import math

import numpy as np

from netsim.engine.network import Connection, Network, NetworkError

from .onnx_trace import Tensor, Tracer

KEY = "netsim.network"


def describe(network: Network, inputs: list[str], levels: list[tuple[str, list]],
             scaling: str | None) -> str:
    """The JSON of "netsim.network"; `inputs`: the ids of the input columns; `levels`:
    (tensor name, id or None per column)."""
    index = {nid: k for k, nid in enumerate(network.neurons)}
    neurons = [{"id": n.id, "role": n.role, "activation": n.activation, "label": n.label,
                "position": list(n.position) if n.position is not None else None}
               for n in network.neurons.values()]
    several = _several_biases(network)
    connections = []
    for c in network.connections:
        item: list = [index[c.source], index[c.target]]
        extra = {}
        if c.target in several and network.neurons[c.source].role == "bias":
            extra["weight"] = c.weight
        if not c.trainable:
            extra["trainable"] = False
        if c.label:
            extra["label"] = c.label
        connections.append(item + [extra] if extra else item)
    levels = [{"tensor": t, "ids": [None if nid is None else index[nid] for nid in ids]}
              for t, ids in levels]
    return json.dumps({"neurons": neurons, "inputs": [index[nid] for nid in inputs],
                       "connections": connections, "levels": levels,
                       "scaling": scaling}, ensure_ascii=False, separators=(",", ":"))


def _several_biases(network: Network) -> set[str]:
    count: dict[str, int] = {}
    for c in network.connections:
        if network.neurons[c.source].role == "bias":
            count[c.target] = count.get(c.target, 0) + 1
    return {nid for nid, n in count.items() if n > 1}


def restore(meta: dict, tracer: Tracer, env: dict, outputs: list[int]
            ) -> tuple[Network, list[str], list[str]] | None:
    """The described network (the decoded "netsim.network") with the graph's weights, and
    the ids of the input and output columns; None when the description does not agree
    with the graph."""
    try:
        return _restore(meta, tracer, env, outputs)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, NetworkError):
        return None


def _restore(meta: dict, tracer: Tracer, env: dict, outputs: list[int]):
    probe = Network()
    for n in meta["neurons"]:  # every check add_neuron makes (ids, roles, activations)
        probe.add_neuron(n["id"], n["role"], n["activation"],
                         n["label"] if isinstance(n["label"], str) else None,
                         _position(n["position"]))
    neurons = list(probe.neurons.values())
    inputs = [k for k, n in enumerate(neurons) if n.role == "input"]
    which: dict[int, int] = {}  # traced neuron -> described neuron
    width = sum(a is None for a in tracer.activation)
    if len(inputs) < width:
        return None

    def claim(traced: int, described: int) -> bool:
        return which.setdefault(traced, described) == described

    for level in meta["levels"]:
        tensor = env.get(level["tensor"])
        ids = level["ids"]
        if not isinstance(tensor, Tensor) or len(tensor) != len(ids):
            return None
        for col, k in zip(tensor, ids):
            if k is None:
                continue
            if col[0] == "a":
                traced = int(tracer.materialise(col[1], [col[2]])[0])
            elif col[0] == "n":
                traced = col[1]
            else:
                return None
            if not claim(traced, k):
                return None
    for traced, k in zip(range(width), meta["inputs"]):
        if not claim(traced, k):
            return None
    described = list(which.values())
    computed = [k for k, n in enumerate(neurons) if n.computes]
    if (len(which) != len(tracer.activation) or len(set(described)) != len(described)
            or sorted(k for t, k in which.items() if tracer.activation[t] is not None)
            != computed):
        return None
    for t, k in which.items():
        if tracer.activation[t] != neurons[k].activation:
            return None
    connections = _connections(meta["connections"], neurons, which, tracer)
    if connections is None:
        return None
    network = Network(probe.neurons, connections)
    network.topological_order()  # NetworkError for a cycle: not what the graph says
    ins = [neurons[k].id for k in meta["inputs"]]
    outs = [neurons[which[t]].id for t in outputs]
    if [neurons[k].role for k in meta["inputs"]].count("input") != len(ins) or any(
            network.neurons[o].role != "output" for o in outs):
        return None
    return network, ins, outs


def _position(value) -> tuple[float, float] | None:
    if value is None:
        return None
    x, y = (float(v) for v in value)
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError("not a position")
    return x, y


def _connections(entries: list, neurons: list, which: dict[int, int], tracer: Tracer
                 ) -> list[Connection] | None:
    """The described connections with the graph's weights (all at once: a hundred thousand
    of them), or None where they disagree with the graph."""
    count = len(neurons)
    back = np.full(count, -1, dtype=np.intp)  # described neuron -> traced neuron
    for traced, k in which.items():
        back[k] = traced
    ends = np.array([entry[:2] for entry in entries], dtype=np.intp).reshape(-1, 2)
    if ends.size and (ends.min() < 0 or ends.max() >= count):
        return None
    s, t = ends[:, 0], ends[:, 1]
    if np.unique(s * count + t).size != s.size:
        return None  # a connection listed twice
    biased = np.array([n.role == "bias" for n in neurons], dtype=bool)[s]
    weights = np.zeros(s.size)
    # the graph's connections, by key source · n + target of traced neurons
    src, tgt, w = (np.concatenate(p) for p in zip(*tracer.chunks)) if tracer.chunks else \
        (np.zeros(0, np.intp),) * 2 + (np.zeros(0),)
    n = len(tracer.activation)
    order = np.argsort(src * n + tgt)
    graph_keys, graph_w = (src * n + tgt)[order], np.asarray(w, float)[order]
    plain = ~biased
    if (back[s[plain]] < 0).any() or (back[t] < 0).any():
        return None
    keys = back[s[plain]] * n + back[t[plain]]
    at = np.searchsorted(graph_keys, keys)
    if (at >= graph_keys.size).any() or (graph_keys[np.minimum(at, graph_keys.size - 1)]
                                         != keys).any():
        return None  # a described connection the graph does not have
    weights[plain] = graph_w[at]
    listed = np.zeros(graph_keys.size, dtype=bool)
    listed[at] = True
    if (graph_w[~listed] != 0).any():
        return None  # a graph weight the description leaves out
    bias = np.array([np.nan if b is None else b for b in tracer.bias])[back[t[biased]]]
    into = np.bincount(t[biased], minlength=count)
    if not _biases(entries, weights, biased, t, into, bias, neurons, back, tracer):
        return None
    trainable, labels = [True] * s.size, [None] * s.size
    for i, entry in enumerate(entries):
        if len(entry) > 2:
            trainable[i] = entry[2].get("trainable", True) is not False
            labels[i] = entry[2].get("label") or None
    ids = np.array([nn.id for nn in neurons], dtype=object)
    return list(map(Connection, ids[s].tolist(), ids[t].tolist(), weights.tolist(),
                    trainable, labels))


def _biases(entries, weights, biased, t, into, bias, neurons, back, tracer) -> bool:
    """Each neuron's bias (the graph's) onto its bias connections: all of it on one; split
    as described between several when the parts add up to it. False if they cannot."""
    rows = np.flatnonzero(biased)
    single = into[t[rows]] == 1
    if np.isnan(bias[single]).any():
        return False
    weights[rows[single]] = bias[single]
    parts: dict[int, list[int]] = {}
    for r in rows[~single]:
        parts.setdefault(int(t[r]), []).append(int(r))
    for target, rs in parts.items():
        split = [float(entries[r][2]["weight"]) for r in rs]
        total = tracer.bias[back[target]]
        if total is None or not math.isclose(math.fsum(split), total, rel_tol=1e-6,
                                             abs_tol=1e-12):
            return False
        weights[rs] = split
    for k, nn in enumerate(neurons):  # a bias in the graph needs a bias connection
        if nn.computes and not into[k] and (tracer.bias[back[k]] or 0.0) != 0:
            return False
    return True

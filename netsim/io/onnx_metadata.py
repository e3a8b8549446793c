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


def restore(text: str, tracer: Tracer, env: dict, outputs: list[int]
            ) -> tuple[Network, list[str], list[str]] | None:
    """The described network with the graph's weights, and the ids of the input and output
    columns; None when the description does not agree with the graph."""
    try:
        return _restore(json.loads(text), tracer, env, outputs)
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
    back = {k: t for t, k in which.items()}
    network = probe
    weights = _graph_weights(tracer)
    connections, listed, bias_into = [], set(), {}
    for entry in meta["connections"]:
        s, t = int(entry[0]), int(entry[1])
        extra = entry[2] if len(entry) > 2 else {}
        if neurons[s].role == "bias":
            bias_into.setdefault(t, []).append((len(connections), extra.get("weight")))
            weight = 0.0
        else:
            key = (back[s], back[t])
            if key not in weights:
                return None
            weight = weights[key]
            listed.add(key)
        connections.append(Connection(neurons[s].id, neurons[t].id, weight,
                                      extra.get("trainable", True) is not False,
                                      extra.get("label") or None))
    if any(w != 0 and key not in listed for key, w in weights.items()):
        return None
    for t in computed:
        bias = tracer.bias[back[t]] or 0.0
        into = bias_into.get(t, [])
        if len(into) == 1:
            connections[into[0][0]].weight = bias
        elif into:
            split = [float(w) for _, w in into]
            if not math.isclose(math.fsum(split), bias, rel_tol=1e-6, abs_tol=1e-12):
                return None
            for (at, _), w in zip(into, split):
                connections[at].weight = w
        elif bias != 0:
            return None
    network = Network(network.neurons, connections)
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


def _graph_weights(tracer: Tracer) -> dict[tuple[int, int], float]:
    out: dict[tuple[int, int], float] = {}
    for s, t, w in tracer.chunks:
        out.update(zip(zip(s.tolist(), t.tolist()), np.asarray(w, float).tolist()))
    return out

"""A softmax group for class targets: one output neuron per class, activation
"softmax", labelled with the class name, in place of the network's outputs.

The new outputs are fed as the old ones were (every neuron that fed any output, bias
included); a network without outputs feeds them from its last hidden layer (the hidden
neurons that feed no other hidden neuron), else from its inputs, and from its bias
neurons. Their weights are drawn from U(−0.5, 0.5) with NumPy's default_rng(seed), as
the "uniform" initialisation does. Planning changes nothing: the caller applies the
plan (as one undo step in the app).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .layout import COLUMN_SPACING, ROW_SPACING
from .network import Connection, Network, Neuron

SOFTMAX = "softmax"


@dataclass
class GroupPlan:
    removed: list[str]  # the old output neurons (deleted with their connections)
    neurons: list[Neuron]  # the new output neurons, in class order
    connections: list[Connection]

    def __repr__(self) -> str:
        return (f"GroupPlan({len(self.neurons)} softmax outputs in place of {self.removed}, "
                f"{len(self.connections)} connections)")

    @property
    def outputs(self) -> list[str]:
        return [n.id for n in self.neurons]

    def applied_to(self, network: Network) -> Network:
        """A copy of `network` with the plan applied."""
        net = network.copy()
        for nid in self.removed:
            net.remove_neuron(nid)
        for n in self.neurons:
            net.add_neuron(n.id, n.role, n.activation, n.label, n.position)
        for c in self.connections:
            net.connect(c.source, c.target, c.weight)
        return net


def _sources(network: Network) -> list[str]:
    outputs = network.ids("output")
    fed = dict.fromkeys(c.source for nid in outputs for c in network.incoming(nid))
    if fed:
        return list(fed)
    hidden = network.ids("hidden")
    last = [h for h in hidden
            if not any(network.neurons[c.target].role == "hidden" for c in network.outgoing(h))]
    return (last or network.ids("input")) + network.ids("bias")


def _positions(network: Network, sources: list[str], count: int) -> list[tuple[float, float]]:
    placed = [network.neurons[nid].position for nid in network.ids("output")]
    placed = [p for p in placed if p is not None]
    if placed:
        x = max(p[0] for p in placed)
        centre = sum(p[1] for p in placed) / len(placed)
    else:
        feeding = [p for p in (network.neurons[nid].position for nid in sources) if p is not None]
        x = max((p[0] for p in feeding), default=0.0) + COLUMN_SPACING
        centre = sum(p[1] for p in feeding) / len(feeding) if feeding else 0.0
    top = centre - (count - 1) * ROW_SPACING / 2
    return [(x, top + k * ROW_SPACING) for k in range(count)]


def plan_group(network: Network, classes: list[str], seed: int = 0) -> GroupPlan:
    """The softmax group for `classes`; ValueError (one line) when nothing could feed it."""
    removed = network.ids("output")
    sources = [nid for nid in _sources(network) if nid not in removed]
    if not sources:
        raise ValueError("the network has no neurons to feed a softmax group from")
    taken = set(network.neurons)
    ids = []
    k = 1
    while len(ids) < len(classes):
        if f"o{k}" not in taken:
            ids.append(f"o{k}")
        k += 1
    neurons = [Neuron(nid, "output", SOFTMAX, name, pos)
               for nid, name, pos in zip(ids, classes, _positions(network, sources, len(ids)))]
    weights = np.random.default_rng(seed).uniform(-0.5, 0.5, len(ids) * len(sources))
    pairs = [(s, t) for t in ids for s in sources]
    connections = [Connection(s, t, float(w)) for (s, t), w in zip(pairs, weights.tolist())]
    return GroupPlan(removed, neurons, connections)

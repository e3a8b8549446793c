"""Network ▸ Validate: what stops a network from learning, as plain sentences. No Qt.

The file format already refuses what is invalid (cycles, unknown neurons); these checks
find what is allowed but useless for a learner: nothing to read or to predict, outputs no
input reaches, hidden neurons that are dead ends, a softmax group of one output (always 1),
a dataset that does not fit.
"""
from __future__ import annotations

from ..engine.activations import GROUP_ACTIVATIONS
from ..engine.dataset import Dataset
from ..engine.network import Network


def _plural(n: int, noun: str, plural: str | None = None) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {plural or noun + 's'}"


def _reached(network: Network, start: list[str], forward: bool = True) -> set[str]:
    """Every neuron reached from `start` along connections (or against them)."""
    seen, stack = set(start), list(start)
    while stack:
        nid = stack.pop()
        links = network.outgoing(nid) if forward else network.incoming(nid)
        for c in links:
            nxt = c.target if forward else c.source
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def findings(network: Network, dataset: Dataset | None) -> list[str]:
    """Every problem found, one sentence each; an empty list when there is none."""
    out: list[str] = []
    inputs, outputs = network.ids("input"), network.ids("output")
    if not inputs:
        out.append("There are no input neurons: the network has nothing to read.")
    if not outputs:
        out.append("There are no output neurons: the network predicts nothing.")
    from_inputs = _reached(network, inputs)
    to_outputs = _reached(network, outputs, forward=False)
    if inputs:
        for nid in outputs:
            if nid not in from_inputs:
                out.append(f"Output {network.neurons[nid].name} is not reached from any input.")
    for nid in inputs:
        if not network.outgoing(nid):
            out.append(f"Input {network.neurons[nid].name} is connected to nothing.")
    for nid in network.ids("hidden"):
        name = network.neurons[nid].name
        if not network.incoming(nid):
            out.append(f"Hidden neuron {name} has no incoming connections.")
        if not network.outgoing(nid):
            out.append(f"Hidden neuron {name} has no outgoing connections.")
        elif outputs and nid not in to_outputs:
            out.append(f"Hidden neuron {name} does not lead to any output.")
    group = [n for n in network.neurons.values() if n.activation in GROUP_ACTIVATIONS]
    if len(group) == 1:
        out.append(f"Output {group[0].name} is a {group[0].activation} group of one: its "
                   f"output is always 1. Give two or more outputs {group[0].activation}.")
    if dataset is None:
        out.append("There is no dataset to learn from.")
    else:
        problem = dataset.problem(network)
        if problem:
            out.append(f"Dataset: {problem}.")
        elif len(dataset) == 0:
            out.append("The dataset has no rows.")
    return out


def summary(network: Network, dataset: Dataset | None) -> str:
    """'2 inputs, 1 bias, 2 hidden, 1 output; 9 connections; 4 data rows'."""
    counts = [_plural(len(network.ids("input")), "input"),
              _plural(len(network.ids("bias")), "bias", "biases"),
              f"{len(network.ids('hidden'))} hidden",
              _plural(len(network.ids("output")), "output")]
    data = "no dataset" if dataset is None else _plural(len(dataset), "data row")
    return f"{', '.join(counts)}; {_plural(len(network.connections), 'connection')}; {data}"

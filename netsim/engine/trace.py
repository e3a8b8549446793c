"""One forward and backward pass on one row, with every number kept for inspection."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .compiled import Compiled
from .dataset import Dataset
from .network import Network


@dataclass(frozen=True)
class NeuronTrace:
    net: float | None  # None for input and bias neurons
    output: float
    delta: float | None  # -dJ/dnet; None for input and bias neurons


@dataclass(frozen=True)
class ConnectionTrace:
    source: str
    target: str
    weight: float
    gradient: float  # dJ/dw = -delta_target * output_source


@dataclass(frozen=True)
class Trace:
    error: float
    outputs: dict[str, float]
    targets: dict[str, float]
    neurons: dict[str, NeuronTrace]
    connections: list[ConnectionTrace]

    def __repr__(self) -> str:
        outs = ", ".join(f"{k}={v:.6g}" for k, v in self.outputs.items())
        return f"Trace(J={self.error:.6g}; {outs})"

    def updated_weight(self, source: str, target: str, learning_rate: float) -> float:
        """w - alpha * dJ/dw: the weight after one gradient step on this row."""
        for c in self.connections:
            if (c.source, c.target) == (source, target):
                return c.weight - learning_rate * c.gradient
        raise KeyError(f"no connection {source} -> {target}")


def trace(network: Network, dataset: Dataset, row: int = 0,
          loss: str = "squared_error") -> Trace:
    """Forward and backward pass of dataset row `row` with the current weights; no update."""
    problem = dataset.problem(network)
    if problem:
        raise ValueError(problem)
    if not 0 <= row < len(dataset):
        raise ValueError(f"row {row} is out of range: the dataset has {len(dataset)} rows")
    compiled = Compiled(network, dataset.inputs, dataset.targets, loss)
    return trace_compiled(compiled, dataset.x[row], dataset.y[row])


def trace_compiled(compiled: Compiled, x, y) -> Trace:
    x = np.asarray(x, dtype=float).reshape(1, -1)
    y = np.asarray(y, dtype=float).reshape(1, -1)
    with np.errstate(over="ignore", invalid="ignore"):
        state = compiled.forward(x)
        gradient = compiled.scatter(compiled.backward(state, y))
        error = float(compiled.row_errors(state, y)[0])
    net = compiled.network
    neurons = {}
    for nid, neuron in net.neurons.items():
        out = float(compiled.value(state, nid)[0])
        if neuron.computes:
            seg, j = compiled.where[nid]
            net_in = float(state.z[seg - 1][0, j])
            neurons[nid] = NeuronTrace(net_in, out, -float(compiled.dnet(state, nid)[0]))
        else:
            neurons[nid] = NeuronTrace(None, out, None)
    connections = [ConnectionTrace(c.source, c.target, c.weight, float(gradient[i]))
                   for i, c in enumerate(net.connections)]
    outputs = {t: neurons[t].output for t in compiled.targets}
    targets = {t: float(y[0, k]) for k, t in enumerate(compiled.targets)}
    return Trace(error, outputs, targets, neurons, connections)

"""One forward and backward pass on one row, with every number kept for inspection.

The numbers are kept as arrays, per neuron in the network's neuron order and per
connection in its connection order (what `Trace.neurons.ids` and
`Trace.connections.keys` list). `Trace.neurons` and `Trace.connections` read them as one
NeuronTrace or ConnectionTrace at a time, built only for what is asked, so tracing a
network of a hundred thousand connections costs a few NumPy calls, not a Python object
per connection:

    t.neurons["h1"]           NeuronTrace(net, output, delta)
    t.neurons.output          every output, in neuron order (bias 1; no data column 0)
    t.neurons.net, .delta     NaN for input and bias neurons
    t.connections[6]          ConnectionTrace(source, target, weight, gradient)
    t.connections.weights     every weight this row used, in connection order
    t.gradients               every dJ/dw, in connection order
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .compiled import Compiled
from .dataset import Dataset
from .network import Network
from .trainer import loss_problem


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


class NeuronTraces(Mapping):
    """Neuron id -> NeuronTrace, read from arrays in the order of `ids`."""

    def __init__(self, ids: list[str], index: dict[str, int], computes: np.ndarray,
                 net: np.ndarray, output: np.ndarray, delta: np.ndarray) -> None:
        self.ids, self._index, self._computes = ids, index, computes
        self.net, self.output, self.delta = net, output, delta

    def __getitem__(self, nid: str) -> NeuronTrace:
        i = self._index[nid]
        if not self._computes[i]:  # a source: input or bias
            return NeuronTrace(None, float(self.output[i]), None)
        return NeuronTrace(float(self.net[i]), float(self.output[i]), float(self.delta[i]))

    def __iter__(self):
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        return f"NeuronTraces({len(self.ids)} neurons)"


class ConnectionTraces(Sequence):
    """ConnectionTrace per connection, read from arrays in the order of `keys`."""

    def __init__(self, keys: list[tuple[str, str]], weights: np.ndarray,
                 gradients: np.ndarray) -> None:
        self.keys, self.weights, self.gradients = keys, weights, gradients

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self.keys)))]
        source, target = self.keys[i]
        return ConnectionTrace(source, target, float(self.weights[i]), float(self.gradients[i]))

    def __len__(self) -> int:
        return len(self.keys)

    def __repr__(self) -> str:
        return f"ConnectionTraces({len(self.keys)} connections)"


@dataclass(frozen=True)
class Trace:
    error: float
    outputs: dict[str, float]
    targets: dict[str, float]
    neurons: NeuronTraces
    connections: ConnectionTraces
    shares: dict[str, float]  # each target's term of J (their sum is `error`)

    def __repr__(self) -> str:
        outs = ", ".join(f"{k}={v:.6g}" for k, v in self.outputs.items())
        return f"Trace(J={self.error:.6g}; {outs})"

    @property
    def gradients(self) -> np.ndarray:
        """dJ/dw of every connection, in connection order."""
        return self.connections.gradients

    def updated_weight(self, source: str, target: str, learning_rate: float) -> float:
        """w - alpha * dJ/dw: the weight after one gradient step on this row."""
        try:
            i = self.connections.keys.index((source, target))
        except ValueError:
            raise KeyError(f"no connection {source} -> {target}") from None
        c = self.connections[i]
        return c.weight - learning_rate * c.gradient


class Gather:
    """Where each neuron's numbers are in a Compiled's arrays, worked out once so that
    every trace of the same compiled network reads them with a few fancy indexes."""

    def __init__(self, compiled: Compiled) -> None:
        net = compiled.network
        self.ids = list(net.neurons)
        self.index = {nid: i for i, nid in enumerate(self.ids)}
        self.keys = [c.key for c in net.connections]
        self.computes = np.asarray([net.neurons[nid].computes for nid in self.ids], dtype=bool)
        self.ones = np.asarray([i for i, nid in enumerate(self.ids)
                                if net.neurons[nid].role == "bias"], dtype=np.intp)
        by_segment: dict[int, tuple[list[int], list[int]]] = {}
        for nid, (seg, j) in compiled.where.items():
            at, cols = by_segment.setdefault(seg, ([], []))
            at.append(self.index[nid])
            cols.append(j)
        self.segments = [(seg, np.asarray(at, dtype=np.intp), np.asarray(cols, dtype=np.intp))
                         for seg, (at, cols) in sorted(by_segment.items())]


def trace(network: Network, dataset: Dataset, row: int = 0,
          loss: str = "squared_error") -> Trace:
    """Forward and backward pass of dataset row `row` with the current weights; no update."""
    problem = dataset.problem(network) or loss_problem(network, dataset, loss)
    if problem:
        raise ValueError(problem)
    if not 0 <= row < len(dataset):
        raise ValueError(f"row {row} is out of range: the dataset has {len(dataset)} rows")
    compiled = Compiled(network, dataset.inputs, dataset.targets, loss)
    return trace_compiled(compiled, dataset.x[row], dataset.y[row])


def trace_compiled(compiled: Compiled, x, y, gather: Gather | None = None,
                   weights: np.ndarray | None = None) -> Trace:
    """The trace of one row (`x`, `y`) through `compiled`. `gather` (made once per compiled
    network) saves working out where each neuron's numbers are; `weights` are the weights
    in connection order that the network has now (default: read from it)."""
    gather = gather if gather is not None else Gather(compiled)
    if weights is None:
        weights = np.array(compiled.network.weights(), dtype=float)
    x = np.asarray(x, dtype=float).reshape(1, -1)
    y = np.asarray(y, dtype=float).reshape(1, -1)
    with np.errstate(over="ignore", invalid="ignore"):
        state = compiled.forward(x)
        gradient = compiled.scatter(compiled.backward(state, y))
        shares = compiled.row_shares(state, y)[0]
        error = float(np.sum(shares))
    n = len(gather.ids)
    output, net, delta = np.zeros(n), np.full(n, np.nan), np.full(n, np.nan)
    output[gather.ones] = 1.0
    for seg, at, cols in gather.segments:
        output[at] = state.out[seg][0, cols]
        if seg > 0:
            net[at] = state.z[seg - 1][0, cols]
            delta[at] = -state.dnet[seg - 1][0, cols]
    for array in (output, net, delta, gradient):
        array.flags.writeable = False  # a trace is kept (a stepper's history shares it)
    neurons = NeuronTraces(gather.ids, gather.index, gather.computes, net, output, delta)
    outputs = {t: float(output[gather.index[t]]) for t in compiled.targets}
    targets = {t: float(y[0, k]) for k, t in enumerate(compiled.targets)}
    return Trace(error, outputs, targets, neurons,
                 ConnectionTraces(gather.keys, weights, gradient),
                 {t: float(shares[k]) for k, t in enumerate(compiled.targets)})

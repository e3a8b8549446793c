"""Big fully connected networks for tests and measurements: layers of sizes like
784-128-10, one bias neuron per computing layer, sigmoid, random weights, positions from
auto_layout, and a random dataset of `rows` rows (inputs in [0, 1], targets 0 or 1).

    layered([784, 128, 10])   -> NetworkFile (101,770 connections)
    layered([2, 64, 64, 64, 1]) -> NetworkFile (8,577 connections)

Neuron ids: x0.. for inputs, h{l}_{j} for hidden layer l (1-based), y0.. for outputs,
b{l} for the bias neuron feeding layer l.

fan() is a small one whose numbers read easily, for the summarised sums and lists.
"""
from __future__ import annotations

import numpy as np

from netsim.engine import Dataset, Network
from netsim.engine.layout import auto_layout
from netsim.io.fileformat import NetworkFile


def layer_ids(sizes: list[int]) -> list[list[str]]:
    """The neuron ids of each layer, inputs first."""
    last = len(sizes) - 1
    return [[f"x{j}" if lv == 0 else f"y{j}" if lv == last else f"h{lv}_{j}"
             for j in range(n)] for lv, n in enumerate(sizes)]


def layered(sizes: list[int], rows: int = 100, seed: int = 0,
            activation: str = "sigmoid") -> NetworkFile:
    rng = np.random.default_rng(seed)
    layers = layer_ids(sizes)
    net = Network()
    for nid in layers[0]:
        net.add_neuron(nid, "input")
    for lv in range(1, len(sizes)):
        net.add_neuron(f"b{lv}", "bias")
        role = "output" if lv == len(sizes) - 1 else "hidden"
        for nid in layers[lv]:
            net.add_neuron(nid, role, activation)
    for lv in range(1, len(sizes)):
        scale = 1.0 / np.sqrt(sizes[lv - 1] + 1)
        weights = rng.normal(0.0, scale, (sizes[lv - 1] + 1, sizes[lv]))
        for j, t in enumerate(layers[lv]):
            for i, s in enumerate(layers[lv - 1] + [f"b{lv}"]):
                net.connect(s, t, float(weights[i, j]))
    for nid, pos in auto_layout(net).items():
        net.neurons[nid].position = pos
    x = rng.random((rows, sizes[0]))
    y = (rng.random((rows, sizes[-1])) < 0.5).astype(float)
    dataset = Dataset(layers[0], layers[-1], np.hstack([x, y]))
    return NetworkFile(net, dataset, name="-".join(map(str, sizes)))


def fan() -> tuple[Network, Dataset]:
    """20 inputs x1..x20 and a bias b into one hidden neuron h (weights 0.01 .. 0.2, and
    0.5 from b), h into ten outputs y0..y9 (weights 0.1 .. 1), all sigmoid; one row:
    every input 1, the targets 1, 0, 1, 0, ..."""
    net = Network()
    for i in range(1, 21):
        net.add_neuron(f"x{i}", "input")
    net.add_neuron("b", "bias")
    net.add_neuron("h", "hidden", "sigmoid")
    for k in range(10):
        net.add_neuron(f"y{k}", "output", "sigmoid")
    for i in range(1, 21):
        net.connect(f"x{i}", "h", i / 100)
    net.connect("b", "h", 0.5)
    for k in range(10):
        net.connect("h", f"y{k}", (k + 1) / 10)
    data = Dataset([f"x{i}" for i in range(1, 21)], [f"y{k}" for k in range(10)],
                   [[1.0] * 20 + [1.0, 0.0] * 5])
    return net, data

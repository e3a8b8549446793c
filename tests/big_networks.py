"""Big fully connected networks for tests and measurements: layers of sizes like
784-128-10, one bias neuron per computing layer, sigmoid, random weights, positions from
auto_layout, and a random dataset of `rows` rows (inputs in [0, 1], targets 0 or 1).

    layered([784, 128, 10])   -> NetworkFile (101,770 connections)
    layered([2, 64, 64, 64, 1]) -> NetworkFile (8,577 connections)

Neuron ids: x0.. for inputs, h{l}_{j} for hidden layer l (1-based), y0.. for outputs,
b{l} for the bias neuron feeding layer l.
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

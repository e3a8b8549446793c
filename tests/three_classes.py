"""A small three-class network for the GUI tests and screenshots of the softmax group:
inputs x1, x2, a bias b, a hidden tanh layer h1..h3 and three softmax outputs named
"red", "green", "blue" (ids y1, y2, y3), with fixed weights whose regions meet inside the
data, and a dataset of three clouds of 8 points each (one-hot targets), the last point of
each cloud held out for testing. Loss: cross-entropy.

    python tests/three_classes.py OUT.netsim   writes it with netsim's io
"""
from __future__ import annotations

import sys

import numpy as np

from netsim.engine import Dataset, Network, TrainingSettings
from netsim.io.fileformat import NetworkFile, save

INPUTS = ("x1", "x2")
HIDDEN = ("h1", "h2", "h3")
OUTPUTS = ("y1", "y2", "y3")
NAMES = ("setosa", "versicolor", "virginica")
CENTRES = ((-1.0, -1.0), (1.5, -0.5), (0.0, 1.5))
# weights into each hidden neuron from x1, x2, b; into each output from h1, h2, h3, b
HIDDEN_W = ((1.2, -0.4, 0.1), (-0.7, 1.1, -0.2), (0.5, 0.9, 0.3))
OUTPUT_W = ((-1.5, -1.0, -1.2, 0.2), (1.8, -1.4, 0.3, 0.0), (-0.2, 1.6, 1.1, -0.1))


def network(activation: str = "softmax") -> Network:
    net = Network()
    for i, nid in enumerate(INPUTS):
        net.add_neuron(nid, "input", position=(0.0, 60.0 + 120.0 * i))
    net.add_neuron("b", "bias", position=(90.0, 300.0))
    for i, nid in enumerate(HIDDEN):
        net.add_neuron(nid, "hidden", "tanh", position=(180.0, 120.0 * i))
    for i, (nid, name) in enumerate(zip(OUTPUTS, NAMES)):
        net.add_neuron(nid, "output", activation, name, position=(360.0, 120.0 * i))
    for h, (w1, w2, wb) in zip(HIDDEN, HIDDEN_W):
        net.connect("x1", h, w1)
        net.connect("x2", h, w2)
        net.connect("b", h, wb)
    for y, weights in zip(OUTPUTS, OUTPUT_W):
        for source, w in zip((*HIDDEN, "b"), weights):
            net.connect(source, y, w)
    return net


def dataset(per_class: int = 8, seed: int = 3) -> Dataset:
    rng = np.random.default_rng(seed)
    rows, test = [], []
    for k, centre in enumerate(CENTRES):
        for i in range(per_class):
            x = np.asarray(centre) + rng.normal(0.0, 0.45, 2)
            rows.append([*np.round(x, 2), *np.eye(3)[k]])
            test.append(i == per_class - 1)
    return Dataset(list(INPUTS), list(OUTPUTS), rows, test)


def network_file(activation: str = "softmax") -> NetworkFile:
    return NetworkFile(network(activation), dataset(),
                       TrainingSettings(loss="cross_entropy", learning_rate=0.5),
                       name="Three classes")


if __name__ == "__main__":
    save(sys.argv[1], network_file())

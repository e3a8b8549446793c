"""The networks the canvas benchmark opens, written as .netsim files into a folder.

XOR is the shipped worked example; the others are generated (not shipped): fully
connected layers, one bias neuron per layer feeding the next, sigmoid throughout,
weights from U(-1/sqrt(fan-in), 1/sqrt(fan-in)), positions from auto_layout, and a small
dataset (random inputs in [0, 1], one-hot targets) whose inputs are a 28 x 28 image
for the 784-input networks.
"""
from __future__ import annotations

import math
import os

import numpy as np

from netsim import paths
from netsim.engine import Dataset, Network, TrainingSettings
from netsim.engine.layout import auto_layout, image_of
from netsim.io.fileformat import NetworkFile, save

XOR = "XOR"
GENERATED = {"2-64-64-64-1": (2, 64, 64, 64, 1), "784-128-10": (784, 128, 10),
             "784-300-100-10": (784, 300, 100, 10)}
BIG = ("784-128-10", "784-300-100-10")  # left out by --quick
ROWS = 100


def layered_file(sizes, rows: int = ROWS, seed: int = 0) -> NetworkFile:
    """A fully connected sigmoid network of these layer sizes with its dataset."""
    rng = np.random.default_rng(seed)
    net = Network()
    layers = []
    for li, n in enumerate(sizes):
        last = li == len(sizes) - 1
        role = "input" if li == 0 else "output" if last else "hidden"
        prefix = "x" if li == 0 else "y" if last else f"h{li}_"
        activation = None if li == 0 else "sigmoid"
        layers.append([net.add_neuron(f"{prefix}{i}", role, activation).id for i in range(n)])
        if not last:
            net.add_neuron(f"b{li}", "bias")
    for li in range(1, len(sizes)):
        sources = layers[li - 1] + [f"b{li - 1}"]
        bound = 1 / math.sqrt(len(sources))
        weights = rng.uniform(-bound, bound, (len(layers[li]), len(sources)))
        for t, row in zip(layers[li], weights):
            for s, w in zip(sources, row):
                net.connect(s, t, float(w))
    n_in, n_out = sizes[0], sizes[-1]
    x = rng.random((rows, n_in)).round(3)
    y = np.eye(n_out)[rng.integers(0, n_out, rows)] if n_out > 1 else rng.integers(0, 2, (rows, 1))
    side = math.isqrt(n_in)
    image = (side, side) if side * side == n_in and n_in >= 64 else None
    data = Dataset(layers[0], layers[-1], np.hstack([x, y]), image=image)
    for nid, position in auto_layout(net, *image_of(data)).items():
        net.neurons[nid].position = position
    name = "-".join(str(n) for n in sizes)
    return NetworkFile(net, data, TrainingSettings(learning_rate=0.1), name=name)


def write(folder: str, quick: bool = False) -> dict[str, str]:
    """{name: path} of the benchmark's networks, the generated ones written into `folder`
    (without the big ones when `quick`)."""
    out = {XOR: str(paths.example("xor-worked-example"))}
    for name, sizes in GENERATED.items():
        if quick and name in BIG:
            continue
        out[name] = os.path.join(folder, f"{name}.netsim")
        save(out[name], layered_file(sizes))
    return out

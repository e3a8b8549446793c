"""Image-sized networks and datasets for tests and benchmarks (not shipped).

`image_file(side_rows, side_cols, hidden, outputs, rows)` makes a fully connected
sigmoid network (the pixels as input neurons, one hidden layer, the outputs, one bias
neuron per layer) with a dataset of `rows` random pixel rows in [0, 1] and one-hot
targets, whose image shape is (side_rows, side_cols). `mnist_file()` is the 784-128-10
network on 10,000 rows; `digits_file()` the 64-input 8 × 8 variant.

Benchmarks import this module with the tests folder on sys.path.
"""
from __future__ import annotations

import numpy as np

from netsim.engine import Dataset, Network, TrainingSettings
from netsim.engine.layout import auto_layout
from netsim.io.fileformat import NetworkFile, save


def image_network(pixels: int, hidden: int, outputs: int, rng) -> Network:
    """x0 … → h0 … → o0 …, fully connected, bias neurons b0 and b1, small weights."""
    net = Network()
    ins = [net.add_neuron(f"x{i}", "input").id for i in range(pixels)]
    net.add_neuron("b0", "bias")
    hid = [net.add_neuron(f"h{j}", "hidden", "sigmoid").id for j in range(hidden)]
    net.add_neuron("b1", "bias")
    outs = [net.add_neuron(f"o{k}", "output", "sigmoid").id for k in range(outputs)]
    for j in hid:
        for i, w in zip(ins + ["b0"], rng.uniform(-0.1, 0.1, pixels + 1)):
            net.connect(i, j, w)
    for k in outs:
        for j, w in zip(hid + ["b1"], rng.uniform(-0.1, 0.1, hidden + 1)):
            net.connect(j, k, w)
    for nid, position in auto_layout(net).items():
        net.neurons[nid].position = position
    return net


def image_dataset(net: Network, shape: tuple[int, int] | None, rows: int, rng) -> Dataset:
    """`rows` rows of random pixels in [0, 1] and one-hot targets (class chosen at random)."""
    ins, outs = net.ids("input"), net.ids("output")
    x = rng.random((rows, len(ins)))
    y = np.eye(len(outs))[rng.integers(0, len(outs), rows)]
    return Dataset(ins, outs, np.hstack([x, y]), image=shape)


def image_file(side_rows: int, side_cols: int, hidden: int, outputs: int, rows: int,
               seed: int = 13, image: bool = True) -> NetworkFile:
    """The network and its dataset; `image=False` leaves the dataset's image shape out."""
    rng = np.random.default_rng(seed)
    net = image_network(side_rows * side_cols, hidden, outputs, rng)
    data = image_dataset(net, (side_rows, side_cols) if image else None, rows, rng)
    name = f"{side_rows * side_cols}-{hidden}-{outputs} on {rows} rows"
    return NetworkFile(net, data, TrainingSettings(learning_rate=0.1, mode="minibatch",
                                                   batch_size=64), name=name)


def mnist_file(rows: int = 10_000, image: bool = True) -> NetworkFile:
    """784 (28 × 28) → 128 → 10."""
    return image_file(28, 28, 128, 10, rows, image=image)


def digits_file(rows: int = 1_000, image: bool = True) -> NetworkFile:
    """64 (8 × 8) → 16 → 10."""
    return image_file(8, 8, 16, 10, rows, image=image)


def save_file(nf: NetworkFile, path) -> str:
    """Write `nf` to `path`; return the path as a string."""
    save(path, nf)
    return str(path)


if __name__ == "__main__":  # python tests/image_networks.py DIR: write both files there
    import sys
    folder = sys.argv[1] if len(sys.argv) > 1 else "."
    for label, make in (("mnist-784-128-10", mnist_file), ("digits-64-16-10", digits_file)):
        print(save_file(make(), f"{folder}/{label}.netsim"))

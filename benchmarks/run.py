"""Training throughput of the engine beside a plain hand-written NumPy loop of the same
network, in the same process, on the same data (`make bench`).

Both sides do the same work per epoch: one update pass over the rows and the epoch error
with the weights at the end of the epoch. Set-up (building the weight arrays) is not
timed. Each figure is the best of many short repeats, the two sides interleaved and
taking turns to go first, so that load on a shared machine hits both alike and the best
run of each is one the neighbours left alone.
"""
from __future__ import annotations

import argparse
import sys

import numpy as np

from netsim.engine import Dataset, Network, TrainingSettings
from netsim.engine.trainer import Trainer

import canvas_bench
import digits_bench
import docks_bench
import explorer_bench
import gui_bench
import heatmap_bench
import io_bench
import onnx_import_bench
import restarts_bench
from common import compare


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# ---- the plain loops -------------------------------------------------------------------
def plain_sgd(params, x, y, lr, epochs):
    """Per-sample SGD on a 2-2-1 sigmoid network, the way one writes it by hand."""
    w1, b1, w2, b2 = params
    for _ in range(epochs):
        for i in range(len(x)):
            h = sigmoid(w1 @ x[i] + b1)
            o = sigmoid(w2 @ h + b2)
            d_o = (y[i] - o) * o * (1 - o)
            d_h = h * (1 - h) * (w2.T @ d_o)
            w2 += lr * np.outer(d_o, h)
            b2 += lr * d_o
            w1 += lr * np.outer(d_h, x[i])
            b1 += lr * d_h
        o = sigmoid(sigmoid(x @ w1.T + b1) @ w2.T + b2)
        np.mean(0.5 * np.sum((y - o) ** 2, axis=1))


def plain_minibatch(params, x, y, lr, epochs, batch):
    """Mini-batch gradient descent on a two-layer sigmoid network, by hand."""
    w1, b1, w2, b2 = params  # w1: (n_in, n_hidden), w2: (n_hidden, n_out)
    for _ in range(epochs):
        for s in range(0, len(x), batch):
            xb, yb = x[s:s + batch], y[s:s + batch]
            h = sigmoid(xb @ w1 + b1)
            o = sigmoid(h @ w2 + b2)
            d_o = (yb - o) * o * (1 - o)
            d_h = h * (1 - h) * (d_o @ w2.T)
            m = lr / len(xb)
            w2 += m * (h.T @ d_o)
            b2 += m * d_o.sum(axis=0)
            w1 += m * (xb.T @ d_h)
            b1 += m * d_h.sum(axis=0)
        o = sigmoid(sigmoid(x @ w1 + b1) @ w2 + b2)
        np.mean(0.5 * np.sum((y - o) ** 2, axis=1))


# ---- the same networks in netsim -------------------------------------------------------
def layered(n_in: int, n_hidden: int, n_out: int, rng) -> Network:
    """A fully connected n_in-n_hidden-n_out sigmoid network with a bias neuron per layer."""
    net = Network()
    ins = [net.add_neuron(f"x{i}", "input").id for i in range(n_in)]
    net.add_neuron("b0", "bias")
    hid = [net.add_neuron(f"h{j}", "hidden").id for j in range(n_hidden)]
    net.add_neuron("b1", "bias")
    outs = [net.add_neuron(f"o{k}", "output").id for k in range(n_out)]
    for j in hid:
        for i in ins + ["b0"]:
            net.connect(i, j, rng.uniform(-0.1, 0.1))
    for k in outs:
        for j in hid + ["b1"]:
            net.connect(j, k, rng.uniform(-0.1, 0.1))
    return net


def plain_params(net: Network, n_in: int, n_hidden: int, n_out: int):
    """The network's weights as the plain loop's (w1, b1, w2, b2) in (in, out) layout."""
    w1, b1 = np.zeros((n_in, n_hidden)), np.zeros(n_hidden)
    w2, b2 = np.zeros((n_hidden, n_out)), np.zeros(n_out)
    for c in net.connections:
        t = int(c.target[1:])
        w, b = (w1, b1) if c.target.startswith("h") else (w2, b2)
        if c.source.startswith("b"):
            b[t] = c.weight
        else:
            w[int(c.source[1:]), t] = c.weight
    return w1, b1, w2, b2


def bench_xor(repeats: int, epochs: int) -> float:
    x = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    net = layered(2, 2, 1, np.random.default_rng(1))
    data = Dataset([f"x{i}" for i in range(2)], ["o0"], np.hstack([x, y]))
    settings = TrainingSettings(learning_rate=0.5, mode="sgd", max_epochs=epochs)

    def plain():
        w1, b1, w2, b2 = plain_params(net, 2, 2, 1)
        params = (w1.T.copy(), b1, w2.T.copy(), b2)
        return lambda: plain_sgd(params, x, y, 0.5, epochs)

    def engine():
        return Trainer(net, data, settings).run

    return compare("per-sample SGD, XOR 2-2-1", epochs * len(x), plain, engine, repeats)


def bench_mnist_shape(repeats: int, rows: int, epochs: int) -> float:
    rng = np.random.default_rng(2)
    x = rng.random((rows, 784))
    y = np.eye(10)[rng.integers(0, 10, rows)]
    net = layered(784, 128, 10, rng)
    data = Dataset([f"x{i}" for i in range(784)], [f"o{k}" for k in range(10)], np.hstack([x, y]))
    settings = TrainingSettings(learning_rate=0.1, mode="minibatch", batch_size=64,
                                max_epochs=epochs)

    def plain():
        params = plain_params(net, 784, 128, 10)
        return lambda: plain_minibatch(params, x, y, 0.1, epochs, 64)

    def engine():
        return Trainer(net, data, settings).run

    return compare("mini-batch 64, 784-128-10 sigmoid", epochs * rows, plain, engine, repeats)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a smoke run")
    args = parser.parse_args(argv)
    repeats = 3 if args.quick else 15
    print(f"netsim benchmarks · numpy {np.__version__} · python {sys.version.split()[0]}")
    print(f"{'samples per second':<34} {'plain loop':>14} {'netsim':>14} {'ratio':>9}")
    xor = bench_xor(repeats, 200 if args.quick else 1000)
    big = bench_mnist_shape(repeats, 1024 if args.quick else 4096, 1)
    explorer_bench.run(repeats, args.quick, layered)
    restarts_bench.run(1 if args.quick else 3, args.quick)
    in_app = gui_bench.run(1 if args.quick else 3, args.quick)
    canvas_bench.run(1 if args.quick else 3, args.quick)
    io_bench.run(1 if args.quick else 3, args.quick)
    onnx_import_bench.run(1 if args.quick else 3, args.quick)
    docks_bench.run(1 if args.quick else 3, args.quick)
    heatmap_bench.run(1 if args.quick else 3, args.quick)
    digits_bench.run(1 if args.quick else 3)
    print(f"targets: per-sample SGD >= 1.5x ({'met' if xor >= 1.5 else 'NOT met'}), "
          f"mini-batch >= 1.0x ({'met' if big >= 1.0 else 'NOT met'}), in the app with every "
          f"plot open >= 0.8x ({'met' if min(in_app) >= 0.8 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Files: loading and saving a 784-128-10 network and reading a 10,000-row CSV, each beside
the plain cost of the same bytes in the same process (`make bench`).

The files are generated here, in a temporary folder: the network fully connected with a
bias neuron per layer (101,770 connections) at the positions Auto Layout gives; the CSV
with 784 input and 10 target columns, as MNIST is often shipped (pixel intensities 0-255,
four in five of them 0, and a one-hot target), and the same pixels scaled to 0-1 and
written by netsim's own CSV writer (full-precision floats). The baselines: json.loads of
the file's text, json.dumps of the same decoded JSON, and numpy.loadtxt of the CSV; they
check nothing. Each figure is the best of `repeats` runs; netsim's processor time is shown
beside its wall-clock time, which is what the goal is about.

    python benchmarks/io_bench.py [--quick] [--keep FOLDER]
"""
from __future__ import annotations

import argparse
import gc
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from netsim.engine import Dataset, Network
from netsim.engine.layout import auto_layout
from netsim.io import NetworkFile, load, load_csv, save, save_csv

GOAL = 0.5  # seconds, for each of load, save and the CSV read (issue 13)


def layered(sizes, rng) -> Network:
    """Fully connected layers, a bias neuron per layer, weights in +-0.1, placed by
    Auto Layout; input ids x0.., output ids y0.."""
    net = Network()
    layers = []
    for k, size in enumerate(sizes):
        role, prefix = (("input", "x") if k == 0 else ("output", "y") if k == len(sizes) - 1
                        else ("hidden", f"h{k}_"))
        layers.append([net.add_neuron(f"{prefix}{i}", role).id for i in range(size)])
        if k < len(sizes) - 1:
            layers[-1] = layers[-1] + [net.add_neuron(f"b{k}", "bias").id]
    for sources, targets in zip(layers, layers[1:]):
        for t in targets:
            if net.neurons[t].role != "bias":
                for s in sources:
                    net.connect(s, t, rng.uniform(-0.1, 0.1))
    for nid, position in auto_layout(net).items():
        net.neurons[nid].position = position
    return net


def write_files(folder: Path, rows: int = 10_000) -> tuple[Path, Path, Path, Network]:
    """The network file and the two CSV files; returns their paths and the network."""
    rng = np.random.default_rng(13)
    net = layered((784, 128, 10), rng)
    network = folder / "784-128-10.netsim"
    save(network, NetworkFile(net, name="784-128-10"))
    pixels = rng.integers(1, 256, (rows, 784))
    pixels[rng.random((rows, 784)) < 0.8] = 0
    targets = np.eye(10, dtype=int)[rng.integers(0, 10, rows)]
    integers = folder / "pixels-0-255.csv"
    with open(integers, "w", encoding="utf-8") as f:
        f.write(",".join([f"x{i}" for i in range(784)] + [f"y{k}" for k in range(10)]) + "\n")
        f.writelines(",".join(map(str, row)) + "\n" for row in np.hstack([pixels, targets]))
    floats = folder / "pixels-0-1.csv"
    save_csv(floats, Dataset([f"x{i}" for i in range(784)], [f"y{k}" for k in range(10)],
                             np.hstack([pixels / 255, targets])))
    return network, integers, floats, net


def best(run, repeats: int) -> tuple[float, float]:
    """The shortest wall-clock time of `repeats` runs, and the shortest processor time
    (which neighbours on a shared machine disturb less). Each run starts with the
    previous runs' garbage collected, so that none pays for another."""
    wall = cpu = float("inf")
    for _ in range(repeats):
        gc.collect()
        start, started = time.perf_counter(), time.process_time()
        run()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - started)
    return wall, cpu


def line(name: str, baseline: str, base: tuple, ours: tuple, width: int = 40) -> bool:
    met = ours[0] <= GOAL
    print(f"{name:<{width}} {baseline:>17} {base[0]:>7.3f} {ours[0]:>8.3f} {ours[1]:>8.3f}"
          f"   <= {GOAL} s {'met' if met else 'NOT met'}")
    return met


def run(repeats: int, quick: bool = False, keep: Path | None = None) -> bool:
    """Print the figures; True when every goal is met."""
    print(f"\n{'files (seconds, best of ' + str(repeats) + ')':<40} {'plain':>25} "
          f"{'netsim':>8} {'(cpu)':>8}   goal")
    with tempfile.TemporaryDirectory(prefix="netsim-io-bench-") as tmp:
        folder = keep or Path(tmp)
        network, integers, floats, net = write_files(folder, 1000 if quick else 10_000)
        text = network.read_text(encoding="utf-8")
        decoded = json.loads(text)
        nf = load(network)
        out = folder / "saved.netsim"
        rows = "1,000" if quick else "10,000"
        results = [
            line(f"load 784-128-10 ({len(net.connections):,} conn.)", "json.loads",
                 best(lambda: json.loads(network.read_text(encoding="utf-8")), repeats),
                 best(lambda: load(network), repeats)),
            line("save 784-128-10 (atomic, checked)", "json.dumps+write",
                 best(lambda: out.write_text(json.dumps(decoded, indent=1)), repeats),
                 best(lambda: save(out, nf), repeats)),
        ]
        for name, path in ((f"CSV {rows} x 794, pixels 0-255", integers),
                           (f"CSV {rows} x 794, floats 0-1", floats)):
            results.append(line(
                name, "numpy.loadtxt",
                best(lambda: np.loadtxt(path, delimiter=",", skiprows=1), min(repeats, 2)),
                best(lambda: load_csv(path, net), repeats)))
    return all(results)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run each, 1,000 CSV rows")
    parser.add_argument("--keep", type=Path, metavar="FOLDER",
                        help="write the generated files into FOLDER and keep them")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    run(1 if args.quick else 3, args.quick, args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())

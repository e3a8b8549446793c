"""The digits example (resources/examples/digits-softmax.netsim, 64-32-10 softmax on the
8 x 8 handwritten digits) trained as a person would: `netsim train FILE` in a fresh
process with the file's own settings, timed from start to exit (`make bench`).

The test accuracy is the share of the 359 held-out images whose largest softmax output
is the digit of the one-hot target; the goal (issue 14) is >= 95 % within 60 s.

    python benchmarks/digits_bench.py [--repeats N]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from netsim import paths
from netsim.engine.compiled import Compiled
from netsim.io import load

EXAMPLE = "digits-softmax"
GOAL_ACCURACY, GOAL_SECONDS = 0.95, 60.0


def accuracy(nf) -> float:
    """The share of held-out rows whose largest output is the target's class."""
    test = nf.dataset.testing()
    compiled = Compiled(nf.network, test.inputs, test.targets)
    outputs = compiled.outputs(compiled.forward(test.x))
    return float(np.mean(outputs.argmax(axis=1) == test.y.argmax(axis=1)))


def train_once(folder: Path) -> tuple[float, float]:
    """(seconds, test accuracy) of one `netsim train` of the example."""
    trained = folder / "trained.netsim"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "netsim.cli", "train", str(paths.example(EXAMPLE)),
                    "--output", str(trained)], check=True, capture_output=True)
    seconds = time.perf_counter() - start
    return seconds, accuracy(load(trained))


def run(repeats: int = 1) -> bool:
    """Print the slowest run's time and its accuracy beside the goal; True when met."""
    with tempfile.TemporaryDirectory() as folder:
        runs = [train_once(Path(folder)) for _ in range(repeats)]
    seconds = max(s for s, _ in runs)
    acc = min(a for _, a in runs)  # the same every run: the file fixes every seed
    settings = load(paths.example(EXAMPLE)).training
    met = acc >= GOAL_ACCURACY and seconds <= GOAL_SECONDS
    print(f"digits 64-32-10, {settings.max_epochs} epochs: test accuracy {acc:.1%} in "
          f"{seconds:.1f} s (goal >= {GOAL_ACCURACY:.0%} within {GOAL_SECONDS:.0f} s: "
          f"{'met' if met else 'NOT met'})")
    return met


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="runs; the slowest is shown")
    args = parser.parse_args(argv)
    return 0 if run(args.repeats) else 1


if __name__ == "__main__":
    sys.exit(main())

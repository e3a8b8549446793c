"""The exported PyTorch script against `netsim train`, on every example.

    python benchmarks/torch_check.py --torch-python /path/to/venv-with-torch/bin/python

For every example (and three networks the examples do not cover: odd_networks) x
{sgd, minibatch, batch} x {momentum 0, 0.9}: `netsim export` writes
the script, the script trains N epochs on the CPU in float64 without shuffling (in the
Python that has torch; netsim is not needed there), `netsim train` trains the same N
epochs, and both trained files are read back with netsim's loader and their weights
compared. Then once per example with shuffling (seed 7), and once with torchrun
--nproc_per_node 2 (DistributedDataParallel over gloo). Prints the largest weight
difference of each run; exits 1 if one is above --tolerance (default 1e-9).

Beside it, each line shows how far netsim's NumPy path lands from `netsim train` (which
trains a small network through generated scalar code, whose tanh and exp round as the C
library's do: netsim's two engines differ in the last digits as torch does), and how far
netsim moves from itself when every starting weight is nudged by one unit in the last
place: where training is chaotic (a learning rate on the
edge of diverging, momentum 0.9 on a tanh network) that one nudge already moves netsim by
more than a tenth of the tolerance, the rounding differences of every step move it
further, and no engine whose tanh or exp rounds differently from NumPy's and the C
library's can land within the tolerance; such runs are marked "chaotic" and do not fail
the check.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from netsim import paths  # noqa: E402
from netsim.engine import Dataset, Network  # noqa: E402
from netsim.engine.settings import TrainingSettings  # noqa: E402
from netsim.io.fileformat import NetworkFile, load, save  # noqa: E402

EPOCHS = {"digits-softmax": 3}  # per example; the rest: --epochs


def odd_networks(folder: Path) -> list[Path]:
    """Two networks that the examples do not cover: not layered (skip connections), two
    bias neurons into one level, a frozen connection, every element-wise activation, L1
    and L2 (with and without the bias weights), a step schedule; and a softmax group
    whose members sit at two levels, trained with cross-entropy."""
    rng = np.random.default_rng(11)
    net = Network()
    for nid in ("x0", "x1", "x2"):
        net.add_neuron(nid, "input")
    net.add_neuron("b0", "bias")
    net.add_neuron("b1", "bias")
    for nid, act in (("h0", "tanh"), ("h1", "relu"), ("h2", "softplus"), ("h3", "leaky_relu"),
                     ("h4", "step")):
        net.add_neuron(nid, "hidden", act)
    net.add_neuron("o0", "output", "sigmoid")
    net.add_neuron("o1", "output", "identity")
    edges = {"h0": "x0 x1 b0", "h1": "x1 x2 b0 b1", "h2": "h0 x2 b1", "h3": "h0 h1",
             "h4": "x0 b0", "o0": "h2 h3 x0 b0 b1", "o1": "h1 h3 h4 b1"}
    for target, sources in edges.items():
        for source in sources.split():
            net.connect(source, target, float(rng.normal(0, 0.7)),
                        trainable=(source, target) != ("x1", "h1"))
    rows = np.hstack([rng.normal(0, 1, (11, 3)), rng.random((11, 2))])
    data = Dataset(["x0", "x1", "x2"], ["o0", "o1"], rows)
    files = []
    for name, settings in (
            ("odd-l1-l2-bias", TrainingSettings(learning_rate=0.1, l1=0.01, l2=0.02,
                                                regularise_bias=True, schedule="step",
                                                decay_rate=0.5, decay_steps=3)),
            ("odd-l1", TrainingSettings(learning_rate=0.2, l1=0.03, schedule="inverse_time",
                                        decay_rate=1.0, decay_steps=4))):
        files.append(folder / f"{name}.netsim")
        save(files[-1], NetworkFile(net, data, settings, name))
    group = Network()
    group.add_neuron("x", "input")
    group.add_neuron("h", "hidden", "tanh")
    for nid in ("o1", "o2"):
        group.add_neuron(nid, "output", "softmax")
    group.connect("x", "h", 0.7)
    group.connect("x", "o1", 0.3)
    group.connect("h", "o2", -1.1)
    x = rng.normal(0, 1, (9, 1))
    y = np.eye(2)[(x[:, 0] > 0).astype(int)]
    files.append(folder / "softmax-two-levels.netsim")
    save(files[-1], NetworkFile(group, Dataset(["x"], ["o1", "o2"], np.hstack([x, y])),
                                TrainingSettings(loss="cross_entropy", learning_rate=0.3),
                                "softmax over two levels"))
    return files


def run(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode not in (0, 3):  # 3: netsim trained, but judges the run stalled
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): "
                         f"{done.stderr.strip()[-800:]}")


def weights(path: Path) -> np.ndarray:
    return np.array(load(path).network.weights())


def nudged(example: Path, folder: Path) -> Path:
    """A copy of `example` with every weight one unit in the last place higher."""
    target = folder / f"{example.stem}-nudged.netsim"
    if not target.exists():
        nf = load(example)
        nf.network.set_weights(np.nextafter(np.array(nf.network.weights()), np.inf))
        save(target, nf)
    return target


def sensitivity(example: Path, options: list[str], folder: Path) -> float:
    """How far netsim's own trained weights move when the starting weights are nudged."""
    a, b = folder / "a.netsim", folder / "b.netsim"
    run([sys.executable, "-m", "netsim.cli", "train", str(example), "--output", str(a)]
        + options, ROOT)
    run([sys.executable, "-m", "netsim.cli", "train", str(nudged(example, folder)), "--output",
         str(b)] + options, ROOT)
    return float(np.max(np.abs(weights(a) - weights(b)), initial=0.0))


def through_numpy(example: Path, options: list[str], theirs: Path) -> float:
    """How far netsim's NumPy path (engine/compiled.py) lands from the weights `netsim
    train` wrote, which for a small network come from its scalar code (engine/kernel.py):
    netsim's two engines round tanh and exp differently too."""
    import netsim.engine.trainer as trainer
    from dataclasses import replace
    nf = load(example)
    p = argparse.ArgumentParser()
    for name in ("--mode", "--batch-size", "--momentum", "--seed", "--epochs"):
        p.add_argument(name)
    p.add_argument("--shuffle", action=argparse.BooleanOptionalAction)
    given = p.parse_args(options)
    settings = replace(nf.training, mode=given.mode or nf.training.mode,
                       batch_size=int(given.batch_size or nf.training.batch_size),
                       momentum=float(given.momentum or nf.training.momentum),
                       seed=int(given.seed or nf.training.seed),
                       shuffle=nf.training.shuffle if given.shuffle is None else given.shuffle)
    epochs = int(given.epochs)
    scalar, trainer.scalar = trainer.scalar, lambda network, rows: False
    try:
        t = trainer.Trainer(nf.network, nf.dataset, settings)
        t.run(epochs)
    finally:
        trainer.scalar = scalar
    return float(np.max(np.abs(t.weights() - weights(theirs)), initial=0.0))


def compare(example: Path, options: list[str], torch_python: str, folder: Path,
            torchrun: list[str] | None = None) -> float:
    script = folder / f"{example.stem}.py"
    if not script.exists():
        run([sys.executable, "-m", "netsim.cli", "export", str(example), str(script)], ROOT)
    mine, theirs = folder / "torch.netsim", folder / "netsim.netsim"
    launcher = torchrun or [torch_python]
    run(launcher + [str(script), "--device", "cpu", "--dtype", "float64", "--output", str(mine)]
        + options, folder)
    run([sys.executable, "-m", "netsim.cli", "train", str(example), "--output", str(theirs)]
        + options, ROOT)
    return float(np.max(np.abs(weights(mine) - weights(theirs)), initial=0.0))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--torch-python", default="/tmp/torch/bin/python",
                   help="a Python with torch and numpy (default /tmp/torch/bin/python)")
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--tolerance", type=float, default=1e-9)
    p.add_argument("--only", help="only the examples whose name contains this")
    args = p.parse_args()
    torchrun = shutil.which("torchrun", path=str(Path(args.torch_python).parent))
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        for example in paths.examples() + odd_networks(Path(tmp)):
            if args.only and args.only not in example.stem:
                continue
            folder = Path(tmp) / example.stem
            folder.mkdir()
            epochs = ["--epochs", str(EPOCHS.get(example.stem, args.epochs))]
            runs = [(f"{mode:9} momentum {mu}", ["--mode", mode, "--batch-size", "3",
                                                  "--momentum", str(mu), "--no-shuffle"])
                    for mode in ("sgd", "minibatch", "batch") for mu in (0.0, 0.9)]
            runs.append(("minibatch shuffled, seed 7", ["--mode", "minibatch", "--batch-size",
                                                        "3", "--shuffle", "--seed", "7"]))
            for label, options in runs:
                diff = compare(example, options + epochs, args.torch_python, folder)
                numpy = through_numpy(example, options + epochs, folder / "netsim.netsim")
                own = sensitivity(example, options + epochs, folder)
                # one nudge at the start already moves netsim by a tenth of the tolerance:
                # the rounding differences of every step move it further
                chaotic = own > args.tolerance / 10
                if not chaotic:
                    worst = max(worst, diff)
                print(f"{example.stem:22} {label:28} max |dw| {diff:<9.3g} netsim's numpy "
                      f"path {numpy:<9.3g} netsim nudged {own:<9.3g}"
                      f"{' chaotic' if chaotic else ''}", flush=True)
            if torchrun:
                options = ["--mode", "batch", "--no-shuffle"] + epochs
                diff = compare(example, options, args.torch_python, folder,
                               [torchrun, "--nproc_per_node", "2"])
                print(f"{example.stem:22} {'torchrun x2, batch':28} max |dw| {diff:.3g}",
                      flush=True)
    print(f"largest difference outside chaotic runs {worst:.3g} (tolerance "
          f"{args.tolerance:g})")
    return 0 if worst <= args.tolerance else 1


if __name__ == "__main__":
    sys.exit(main())

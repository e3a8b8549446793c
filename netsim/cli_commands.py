"""The headless subcommands of `netsim`: validate, trace, train, eval."""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from .engine.compiled import Compiled
from .engine.trace import trace
from .engine.trainer import Trainer, TrainingError, train_with_restarts
from .io.csvdata import load_csv
from .io.fileformat import NetworkFile, load, save


class CliError(Exception):
    """A one-line message for stderr and the exit status that goes with it."""

    def __init__(self, message: str, status: int = 1):
        super().__init__(message)
        self.status = status


def _open(path: str) -> NetworkFile:
    return load(path)  # FormatError is a ValueError: main prints it in one line


def _finite(x: float) -> float | None:
    """JSON has no inf or nan: such a number is written as null."""
    return x if math.isfinite(x) else None


def _summary(nf: NetworkFile) -> str:
    net = nf.network
    roles = ", ".join(f"{len(net.ids(r))} {r}" for r in ("input", "bias", "hidden", "output")
                      if net.ids(r))
    data = f"dataset {len(nf.dataset)} rows" if nf.dataset is not None else "no dataset"
    if nf.dataset is not None and nf.dataset.test_count:
        data += f" ({nf.dataset.test_count} held out for testing)"
    return f"{len(net.neurons)} neurons ({roles}), {len(net.connections)} connections, {data}"


# ---- validate --------------------------------------------------------------------------
def cmd_validate(args) -> int:
    nf = _open(args.file)
    print(f"{Path(args.file).name}: valid: {_summary(nf)}")
    return 0


# ---- trace -----------------------------------------------------------------------------
def cmd_trace(args) -> int:
    nf = _open(args.file)
    data = nf.dataset
    if data is None or len(data) == 0:
        raise CliError(f"netsim trace: {Path(args.file).name} has no dataset rows to trace")
    if not 0 <= args.row < len(data):
        raise CliError(f"netsim trace: row {args.row} is out of range: the dataset has "
                       f"{len(data)} rows (0 to {len(data) - 1})")
    problem = data.problem(nf.network)
    if problem:
        raise CliError(f"netsim trace: {problem}")
    t = trace(nf.network, data, args.row, nf.training.loss)
    if args.json:
        print(json.dumps({
            "row": args.row, "error": _finite(t.error),
            "outputs": {k: _finite(v) for k, v in t.outputs.items()},
            "neurons": {nid: {"net": None if n.net is None else _finite(n.net),
                              "output": _finite(n.output),
                              "delta": None if n.delta is None else _finite(n.delta)}
                        for nid, n in t.neurons.items()},
            "connections": [{"source": c.source, "target": c.target, "weight": c.weight,
                             "gradient": _finite(c.gradient)} for c in t.connections],
        }))
        return 0
    print(_trace_table(nf, t, args.row))
    return 0


def _g(x: float | None) -> str:
    return "-" if x is None else f"{x:.6g}"


def _trace_table(nf: NetworkFile, t, row: int) -> str:
    net, data, alpha = nf.network, nf.dataset, nf.training.learning_rate
    x = ", ".join(f"{i} = {v:g}" for i, v in zip(data.inputs, data.x[row]))
    y = ", ".join(f"{k} = {v:g}" for k, v in t.targets.items())
    lines = [f"row {row} of {len(data)}: {x}; target {y}", "",
             f"{'neuron':<12} {'role':<7} {'activation':<11} {'net':>11} {'output':>11} {'delta':>11}"]
    for nid, n in t.neurons.items():
        neuron = net.neurons[nid]
        lines.append(f"{neuron.name:<12} {neuron.role:<7} {neuron.activation or '-':<11} "
                     f"{_g(n.net):>11} {_g(n.output):>11} {_g(n.delta):>11}")
    lines += ["", f"{'connection':<20} {'weight':>11} {'dJ/dw':>12} {f'w - {alpha:g}·dJ/dw':>16}"]
    for c in t.connections:
        name = f"{c.source} -> {c.target}"
        lines.append(f"{name:<20} {c.weight:>11.6g} {c.gradient:>12.6g} "
                     f"{c.weight - alpha * c.gradient:>16.6g}")
    outs = ", ".join(f"{k} = {v:.6g}" for k, v in t.outputs.items())
    lines += ["", f"outputs: {outs}", f"error J = {t.error:.6g} ({nf.training.loss})"]
    return "\n".join(lines)


# ---- train -----------------------------------------------------------------------------
OVERRIDES = {  # option -> TrainingSettings field
    "epochs": "max_epochs", "learning_rate": "learning_rate", "mode": "mode",
    "batch_size": "batch_size", "momentum": "momentum", "seed": "seed",
    "shuffle": "shuffle", "target_error": "target_error", "loss": "loss",
    "restarts": "restarts",
}


class Progress:
    """A progress bar on a terminal, redrawn at most ten times a second."""

    def __init__(self, total: int, stream=None):
        self.total, self.stream = total, stream or sys.stderr
        self.last, self.state = 0.0, None

    def __call__(self, epoch: int, error: float) -> None:
        self.state = (epoch, error)
        now = time.perf_counter()
        if now - self.last >= 0.1:
            self.last = now
            self.draw()

    def draw(self) -> None:
        epoch, error = self.state
        done = int(30 * epoch / self.total)
        bar = "#" * done + "." * (30 - done)
        self.stream.write(f"\repoch {epoch}/{self.total} [{bar}] error {error:.6g}")
        self.stream.flush()

    def close(self) -> None:
        if self.state is not None:
            self.draw()
            self.stream.write("\n")
            self.stream.flush()


def cmd_train(args) -> int:
    nf = _open(args.file)
    if args.data:
        nf.dataset = load_csv(args.data, nf.network)
    changes = {field: getattr(args, opt) for opt, field in OVERRIDES.items()
               if getattr(args, opt) is not None}
    settings = replace(nf.training, **changes)
    progress = Progress(settings.max_epochs) if not args.json and sys.stderr.isatty() else None
    try:
        if settings.restarts > 1:
            rr = train_with_restarts(nf.network, nf.dataset, settings)
            result, weights = rr.results[rr.best], rr.weights
            restarts = f" (best of {settings.restarts} restarts: run {rr.best + 1})"
        else:
            trainer = Trainer(nf.network, nf.dataset, settings)
            result = trainer.run(progress=progress)
            weights, restarts = trainer.weights(), ""
    except TrainingError as exc:
        raise CliError(f"netsim train: {exc}") from None
    finally:
        if progress:
            progress.close()
    for warning in result.warnings:
        print(f"netsim: warning: {warning}", file=sys.stderr)
    nf.network.set_weights(weights)
    nf.training = settings
    if args.output:
        save(args.output, nf)
    tested = bool(result.test_history)
    if args.json:
        out = {"epochs": result.epochs, "error": result.error, "history": result.history}
        if tested:  # only with rows held out for testing
            out["test_error"] = _finite(result.test_history[-1])
            out["test_history"] = [_finite(e) for e in result.test_history]
        print(json.dumps(out))
    else:
        err = "no epoch ran" if result.error is None else f"error {result.error:.6g}"
        why = {"max_epochs": "all epochs run"}.get(result.stopped, result.message)
        print(f"trained {result.epochs} epochs{restarts}: {err} ({why})")
        if tested:
            held = nf.dataset.test_count
            print(f"test error {result.test_history[-1]:.6g} on the {held} held-out "
                  f"row{'s' if held != 1 else ''}")
        if args.output:
            print(f"wrote {args.output}")
    if result.stopped == "diverged":
        print(f"netsim train: {result.message}", file=sys.stderr)
        return 1
    return 0


# ---- eval ------------------------------------------------------------------------------
def _values(text: str) -> list[float]:
    values = []
    for k, cell in enumerate(text.split(","), start=1):
        try:
            v = float(cell)
        except ValueError:
            raise CliError(f"netsim eval: input value {k} ({cell.strip()!r}) is not a number") from None
        if not math.isfinite(v):
            raise CliError(f"netsim eval: input value {k} ({cell.strip()}) is not a finite number")
        values.append(v)
    return values


def cmd_eval(args) -> int:
    nf = _open(args.file)
    net = nf.network
    inputs = nf.dataset.inputs if nf.dataset is not None else net.ids("input")
    values = _values(args.input)
    if len(values) != len(inputs):
        raise CliError(f"netsim eval: expected {len(inputs)} input values ({', '.join(inputs)}), "
                       f"got {len(values)}")
    outputs = net.ids("output")
    compiled = Compiled(net, inputs, outputs)
    with np.errstate(over="ignore", invalid="ignore"):
        out = compiled.outputs(compiled.forward(np.array([values])))[0]
    for nid, v in zip(outputs, out):
        print(f"{net.neurons[nid].name} = {float(v)!r}")
    return 0


COMMANDS = {"validate": cmd_validate, "trace": cmd_trace, "train": cmd_train, "eval": cmd_eval}


def add_command_parsers(sub) -> None:
    p = sub.add_parser("validate", help="check a network file and summarise it")
    p.add_argument("file", metavar="FILE")
    p = sub.add_parser("trace", help="one forward and backward pass on a dataset row, no update")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--row", type=int, default=0, metavar="K", help="dataset row (default 0)")
    p.add_argument("--json", action="store_true", help="print the numbers as JSON")
    p = sub.add_parser("train", help="train from the file's current weights")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--epochs", type=int, metavar="N", help="number of epochs (max_epochs)")
    p.add_argument("--learning-rate", type=float, metavar="A")
    p.add_argument("--mode", choices=("sgd", "minibatch", "batch"))
    p.add_argument("--batch-size", type=int, metavar="B")
    p.add_argument("--momentum", type=float, metavar="M")
    p.add_argument("--seed", type=int, metavar="S")
    p.add_argument("--shuffle", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--target-error", type=float, metavar="E", help="stop at this epoch error")
    p.add_argument("--loss", choices=("squared_error", "cross_entropy"))
    p.add_argument("--restarts", type=int, metavar="R",
                   help="R runs from random initial weights; keep the best (seed 002)")
    p.add_argument("--data", metavar="CSV", help="train on this CSV instead of the file's dataset")
    p.add_argument("--output", metavar="OUT", help="write the trained network here")
    p.add_argument("--json", action="store_true", help="print epochs, error and history as JSON")
    p = sub.add_parser("eval", help="the network's outputs for one input")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--input", required=True, metavar="V1,V2,...", help="input values, in order")

"""The headless subcommands of `netsim`: validate, trace, train, eval, export, import
(animate is cli_animate.py's)."""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from .engine.classes import NO_CLASS, class_targets, classify
from .engine.compiled import Compiled
from .engine import perceptron
from .engine.perceptron import misclassified
from .engine.settings import MODES, RANGES, out_of_range
from .engine.trace import trace
from .engine.restarts import train_side_by_side
from .engine.scaling import METHOD_NAMES
from .engine.trainer import Trainer, TrainingError
from .io.csvdata import load_csv
from .io.fileformat import NetworkFile, load, save
from .io.numbers import read_number, read_whole
from .jobs.checks import Plateau, run_stall  # Qt-free, shared with the app

# Exit statuses of the headless commands (documented in `netsim COMMAND --help`).
OK, FAILED, USAGE, DID_NOT_LEARN = 0, 1, 2, 3
EXIT_STATUS = ("exit status: 0 done; 1 the file, the data or the settings cannot be used, "
               "training diverged, or an output is not a finite number; 2 the command line "
               "is wrong")
TRAIN_EXIT_STATUS = (EXIT_STATUS + "; 3 trained, but the run learnt nothing: its neurons "
                     "saturated or its error did not fall (the message says why)")

# Control characters (C0, DEL, C1), line and paragraph separators and the bidirectional
# overrides: a terminal would act on them (ESC starts an escape sequence, BEL rings, a
# newline breaks a table row, U+202E reverses the text after it).
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u061c"
                      "\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text) -> str:
    """`text` for a terminal: every control character written as an escape (\\x1b, \\x07,
    \\n, \\u202e), so that text from a file is shown, never obeyed. Every line the
    commands print passes user text through here."""
    return _CONTROL.sub(lambda m: _NAMED.get(m.group(0)) or _escape(m.group(0)), str(text))


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def number_text(x: float, spec: str = ".6g") -> str:
    """`x` formatted with `spec`, with 0 for a negative zero (-0.0 or a tiny negative
    number rounded to 0): the table never shows "-0"."""
    text = format(x, spec)
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text


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
    print(printable(f"{Path(args.file).name}: valid: {_summary(nf)}"))
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
    return "-" if x is None else number_text(x)


def _trace_table(nf: NetworkFile, t, row: int) -> str:
    """The trace as a table; names from the file are printable() so that each row stays
    one line and nothing reaches the terminal as a control code."""
    net, data, alpha = nf.network, nf.dataset, nf.training.learning_rate
    x = ", ".join(f"{printable(i)} = {number_text(v, 'g')}" for i, v in zip(data.inputs, data.x[row]))
    y = ", ".join(f"{printable(k)} = {number_text(v, 'g')}" for k, v in t.targets.items())
    lines = [f"row {row} of {len(data)}: {x}; target {y}", "",
             f"{'neuron':<12} {'role':<7} {'activation':<11} {'net':>11} {'output':>11} {'delta':>11}"]
    for nid, n in t.neurons.items():
        neuron = net.neurons[nid]
        lines.append(f"{printable(neuron.name):<12} {neuron.role:<7} {neuron.activation or '-':<11} "
                     f"{_g(n.net):>11} {_g(n.output):>11} {_g(n.delta):>11}")
    step = f"w - {number_text(alpha, 'g')}·dJ/dw"
    after = [c.weight - alpha * c.gradient for c in t.connections]
    if nf.training.mode == "perceptron" and perceptron.problem(net, nf.training) is None:
        # the perceptron rule's update instead: w + α·(y − ŷ)·x
        step = f"w + {number_text(alpha, 'g')}·(y-o)·x"
        rule = perceptron.Rule(Compiled(net, data.inputs, data.targets))
        o = np.array([t.outputs[k] for k in data.targets])
        after = (np.array([c.weight for c in t.connections])
                 + rule.steps(data.x[row], data.y[row], o, alpha)).tolist()
    lines += ["", f"{'connection':<20} {'weight':>11} {'dJ/dw':>12} {step:>16}"]
    for c, w in zip(t.connections, after):
        name = printable(f"{c.source} -> {c.target}")
        lines.append(f"{name:<20} {_g(c.weight):>11} {_g(c.gradient):>12} {_g(w):>16}")
    outs = ", ".join(f"{printable(k)} = {_g(v)}" for k, v in t.outputs.items())
    lines += ["", f"outputs: {outs}", f"error J = {_g(t.error)} ({nf.training.loss})"]
    return "\n".join(lines)


# ---- train -----------------------------------------------------------------------------
OVERRIDES = {  # option -> TrainingSettings field
    "epochs": "max_epochs", "learning_rate": "learning_rate", "mode": "mode",
    "batch_size": "batch_size", "momentum": "momentum", "seed": "seed",
    "shuffle": "shuffle", "target_error": "target_error", "loss": "loss",
    "restarts": "restarts", "l1": "l1", "l2": "l2", "regularise_bias": "regularise_bias",
}


class Progress:
    """A progress bar on a terminal, redrawn at most ten times a second."""

    def __init__(self, total: int, stream=None):
        self.total, self.stream = total, stream or sys.stderr
        self.last, self.state = 0.0, None
        self.label, self.what = "", "error"

    def side(self, side) -> None:
        """Restarts side by side (restarts.Side): their epoch and best error."""
        self.label = (f"{side.runs} runs: " if side.count == side.runs else
                      f"runs {side.first + 1}-{side.first + side.count} of {side.runs}: ")
        self.what = "best error"
        self(side.epoch, side.best)

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
        self.stream.write(f"\r{self.label}epoch {epoch}/{self.total} [{bar}] {self.what} "
                          f"{error:.6g}")
        self.stream.flush()

    def close(self) -> None:
        if self.state is not None:
            self.draw()
            self.stream.write("\n")
            self.stream.flush()


def _overrides(args) -> dict:
    """The training settings given as options, each checked against its range (the
    file's ranges, RANGES), naming the option in the refusal."""
    changes = {}
    for opt, field in OVERRIDES.items():
        value = getattr(args, opt)
        if value is None:
            continue
        reason = out_of_range(field, value) if field in RANGES else None
        if reason:
            option = "--" + opt.replace("_", "-")
            raise CliError(f"netsim train: {option}{reason[len(field):]}")
        changes[field] = value
    return changes


def _with_stored_scaling(data, stored):
    """Raw rows from a CSV file, scaled as the file's own dataset was (the network learnt
    on those numbers), when the file has a scaling of the same input columns."""
    if stored is not None and stored.scaling is not None and data.inputs == stored.inputs:
        return data.with_scaling(stored.scaling)
    return data


def cmd_train(args) -> int:
    nf = _open(args.file)
    if args.data:
        nf.dataset = _with_stored_scaling(load_csv(args.data, nf.network), nf.dataset)
    settings = replace(nf.training, **_overrides(args))
    progress = Progress(settings.max_epochs) if not args.json and sys.stderr.isatty() else None
    try:
        if settings.restarts > 1:
            rr = train_side_by_side(nf.network, nf.dataset, settings,
                                    progress=progress.side if progress else None)
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
        print(printable(f"netsim: warning: {warning}"), file=sys.stderr)
    stall = None
    if result.history and result.stopped == "max_epochs":
        # As the app judges a run: saturated neurons, or an error that did not fall.
        plateau = Plateau(settings.target_error).read(result.history)
        stall = run_stall(nf.network, nf.dataset, weights, settings, result.history, plateau)
    nf.network.set_weights(weights)
    nf.training = settings
    if args.output:
        save(args.output, nf)
    tested = bool(result.test_history)
    classified = classify(nf.network, nf.dataset)  # None without class targets
    if args.json:
        out = {"epochs": result.epochs, "error": result.error, "history": result.history}
        if tested:  # only with rows held out for testing
            out["test_error"] = _finite(result.test_history[-1])
            out["test_history"] = [_finite(e) for e in result.test_history]
        out.update(_accuracies(classified, tested))
        if settings.mode == "perceptron":
            out["misclassified"] = _wrong(nf)[0]
        print(json.dumps(out))
    else:
        err = "no epoch ran" if result.error is None else f"error {number_text(result.error)}"
        why = {"max_epochs": "all epochs run"}.get(result.stopped, result.message)
        if stall is not None and stall.failed:
            why = "all epochs run, but the error stopped falling"
            if settings.mode == "perceptron":
                why = "all epochs run, but some rows are still wrong"
        epochs = f"{result.epochs} epoch{'' if result.epochs == 1 else 's'}"
        print(f"trained {epochs}{restarts}: {err} ({why})")
        if classified is not None:
            print(_accuracy_line(classified, test=False))
        if settings.mode == "perceptron":
            print(_wrong_line(nf))
        if tested:
            held = nf.dataset.test_count
            print(f"test error {number_text(result.test_history[-1])} on the {held} held-out "
                  f"row{'s' if held != 1 else ''}")
            if classified is not None:
                print(_accuracy_line(classified, test=True))
        if args.output:
            print(printable(f"wrote {args.output}"))
    if result.stopped == "diverged":
        print(printable(f"netsim train: {result.message}"), file=sys.stderr)
        return FAILED
    if stall is not None and stall.failed:
        print(printable(f"netsim train: {stall.text}"), file=sys.stderr)
        return DID_NOT_LEARN
    return OK


def _wrong(nf) -> tuple[int, int]:
    """How many training rows the trained perceptron gets wrong (the rule's own measure:
    it stops changing the weights exactly when none is), of how many."""
    compiled = Compiled(nf.network, nf.dataset.inputs, nf.dataset.targets)
    rows = nf.dataset.training()
    return misclassified(compiled, rows.x, rows.y), len(rows)


def _wrong_line(nf) -> str:
    wrong, rows = _wrong(nf)
    return f"misclassified: {wrong} of {rows} training row{'s' if rows != 1 else ''}"


# ---- eval ------------------------------------------------------------------------------
def _values(text: str) -> list[float]:
    values = []
    for k, cell in enumerate(text.split(","), start=1):
        try:
            values.append(read_number(cell))
        except ValueError as e:
            raise CliError(f"netsim eval: input value {k}: {e}") from None
    return values


def _scaled(net, dataset, values: list[float]) -> list[float]:
    """The input values as the network sees them: scaled by the file's stored scaling,
    if any, which is said on one line (the numbers given are raw, like the rows)."""
    if dataset is None or dataset.scaling is None:
        return values
    scaled = dataset.scaling.apply(np.array(values)).tolist()
    shown = ", ".join(f"{printable(net.neurons[i].name)} = {number_text(v, 'g')}"
                      for i, v in zip(dataset.inputs, scaled))
    print(f"inputs {METHOD_NAMES[dataset.scaling.method]} as stored in the file: {shown}")
    return scaled


def cmd_eval(args) -> int:
    nf = _open(args.file)
    net = nf.network
    inputs = nf.dataset.inputs if nf.dataset is not None else net.ids("input")
    values = _values(args.input)
    if len(values) != len(inputs):
        raise CliError(f"netsim eval: expected {len(inputs)} input values ({', '.join(inputs)}), "
                       f"got {len(values)}")
    values = _scaled(net, nf.dataset, values)
    outputs = net.ids("output")
    compiled = Compiled(net, inputs, outputs)
    with np.errstate(over="ignore", invalid="ignore"):
        out = compiled.outputs(compiled.forward(np.array([values])))[0]
    for nid, v in zip(outputs, out):
        print(printable(f"{net.neurons[nid].name} = {float(v) + 0.0!r}"))
    name = _class_name(nf, dict(zip(outputs, out)))
    if name is not None:
        print(printable(f"class = {name}"))
    bad = [net.neurons[nid].name for nid, v in zip(outputs, out) if not math.isfinite(v)]
    if bad:
        raise CliError(f"netsim eval: {', '.join(bad)} {'is' if len(bad) == 1 else 'are'} "
                       f"not a finite number: the network overflowed for this input")
    return OK


# ---- classes (engine/classes.py decides what they are) -----------------------------------
def _accuracies(classified, tested: bool) -> dict:
    """train --json's "accuracy" (and "test_accuracy" with held-out rows), for class
    targets only."""
    if classified is None:
        return {}
    out = {"accuracy": _finite(classified.accuracy())}
    if tested:
        out["test_accuracy"] = _finite(classified.accuracy(test=True))
    return out


def _accuracy_line(classified, test: bool) -> str:
    """'accuracy 75% (3 of 4 training rows right)'."""
    rows = classified.rows(test)
    right = int((classified.predicted[rows] == classified.true[rows]).sum())
    total = int(rows.sum())
    share = "-" if not total else f"{number_text(100 * right / total, '.4g')}%"
    what = "held-out" if test else "training"
    return (f"{'test ' if test else ''}accuracy {share} ({right} of {total} {what} "
            f"row{'s' if total != 1 else ''} right)")


def _class_name(nf: NetworkFile, outputs: dict) -> str | None:
    """The predicted class of eval's outputs (by output id), named, when the file's
    dataset has class targets; None otherwise or when an output is not a number."""
    targets = class_targets(nf.network, nf.dataset)
    if targets is None:
        return None
    row = np.array([[outputs[t] for t in nf.dataset.targets]], dtype=float)
    k = int(targets.predicted(row)[0])
    return None if k == NO_CLASS else targets.names[k]


# ---- export ----------------------------------------------------------------------------
def cmd_export(args) -> int:
    """The network as an ONNX model (io/onnx_export.py) or as a PyTorch training script
    (io/torch_export.py), chosen by OUT's suffix."""
    suffix = Path(args.out).suffix.lower()
    if suffix not in (".onnx", ".py"):
        raise CliError(f"netsim export: OUT must be a .onnx model or a .py PyTorch script, "
                       f"not {printable(args.out)!r} (see netsim export --help)", status=2)
    nf = _open(args.file)
    if suffix == ".py":
        return _export_torch(nf, args.out)
    from .io import onnx_export  # onnx (optional) only when exporting

    try:
        onnx_export.export(nf, args.out, args.dtype)
    except onnx_export.ExportError as e:
        raise CliError(f"netsim export: {e}") from None
    inputs, outputs = onnx_export.ports(nf.network, nf.dataset)
    print(printable(f"wrote {args.out} (ONNX, {args.dtype}: input [batch, {len(inputs)}], "
                    f"output [batch, {len(outputs)}])"))
    return OK


def _export_torch(nf: NetworkFile, out: str) -> int:
    from .io import torch_export

    try:
        torch_export.export(nf, out)
    except torch_export.ExportError as e:
        raise CliError(f"netsim export: {e}") from None
    print(printable(f"wrote {out} (PyTorch training script: python {Path(out).name} "
                    f"--epochs N --output TRAINED.netsim)"))
    if nf.training.restarts > 1:
        print(f"netsim: note: the script trains once from the file's weights; "
              f"netsim's {nf.training.restarts} restarts are not part of it", file=sys.stderr)
    return OK


# ---- import ----------------------------------------------------------------------------
def cmd_import(args) -> int:
    """An ONNX model as a network file (io/onnx_import.py)."""
    from .io import onnx_import  # onnx (optional) only when importing

    if not args.out.lower().endswith(".netsim"):
        raise CliError(f"netsim import: OUT must be a .netsim file, not "
                       f"{printable(args.out)!r} (see netsim import --help)", status=2)
    try:
        nf = onnx_import.read(args.model)
    except onnx_import.ImportFailed as e:
        raise CliError(f"netsim import: {e}") from None
    save(args.out, nf)
    net = nf.network
    levels = max(net.levels().values(), default=0)
    print(printable(f"wrote {args.out}: {len(net.neurons)} neurons, {len(net.connections)} "
                    f"connections, {levels} levels"))
    return OK


COMMANDS = {"validate": cmd_validate, "trace": cmd_trace, "train": cmd_train, "eval": cmd_eval,
            "export": cmd_export, "import": cmd_import}
# Options that take a value: their value may start with a minus (--input -1,0).
VALUE_OPTIONS: set[str] = set()


def _number(text: str) -> float:
    try:
        return read_number(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _whole(text: str) -> int:
    try:
        return read_whole(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def _option(parser, name: str, **kwargs) -> None:
    VALUE_OPTIONS.add(name)
    parser.add_argument(name, **kwargs)


def add_command_parsers(sub) -> None:
    p = sub.add_parser("validate", help="check a network file and summarise it",
                       epilog=EXIT_STATUS)
    p.add_argument("file", metavar="FILE")
    p = sub.add_parser("trace", help="one forward and backward pass on a dataset row, no update",
                       epilog=EXIT_STATUS)
    p.add_argument("file", metavar="FILE")
    _option(p, "--row", type=_whole, default=0, metavar="K", help="dataset row (default 0)")
    p.add_argument("--json", action="store_true", help="print the numbers as JSON")
    p = sub.add_parser("train", help="train from the file's current weights",
                       epilog=TRAIN_EXIT_STATUS)
    p.add_argument("file", metavar="FILE")
    _option(p, "--epochs", type=_whole, metavar="N", help="number of epochs (max_epochs)")
    _option(p, "--learning-rate", type=_number, metavar="A")
    _option(p, "--mode", choices=MODES)
    _option(p, "--batch-size", type=_whole, metavar="B")
    _option(p, "--momentum", type=_number, metavar="M")
    _option(p, "--seed", type=_whole, metavar="S")
    p.add_argument("--shuffle", action=argparse.BooleanOptionalAction, default=None)
    _option(p, "--target-error", type=_number, metavar="E", help="stop at this epoch error")
    _option(p, "--loss", choices=("squared_error", "cross_entropy"))
    _option(p, "--restarts", type=_whole, metavar="R",
            help="R runs from random initial weights; keep the best (seed 002)")
    _option(p, "--l1", type=_number, metavar="L",
            help="L1 regularisation: each update adds L·sign(w) to the mean dJ/dw")
    _option(p, "--l2", type=_number, metavar="L",
            help="L2 regularisation (weight decay): each update adds L·w to the mean dJ/dw")
    p.add_argument("--regularise-bias", action=argparse.BooleanOptionalAction, default=None,
                   help="apply L1/L2 to the weights from bias neurons too (default: no)")
    _option(p, "--data", metavar="CSV", help="train on this CSV instead of the file's dataset")
    _option(p, "--output", metavar="OUT", help="write the trained network here")
    p.add_argument("--json", action="store_true", help="print epochs, error and history as JSON")
    p = sub.add_parser("eval", help="the network's outputs for one input", epilog=EXIT_STATUS)
    p.add_argument("file", metavar="FILE")
    _option(p, "--input", required=True, metavar="V1,V2,...",
            help="input values, in order (e.g. --input -1,0.5)")
    p = sub.add_parser("export", help="write the network as an ONNX model (OUT.onnx) or "
                                      "a PyTorch training script (OUT.py)",
                       epilog=EXIT_STATUS)
    p.add_argument("file", metavar="FILE", help="network file (.netsim)")
    p.add_argument("out", metavar="OUT", help="the file to write: .onnx (an ONNX model) or "
                                              ".py (a PyTorch training script)")
    _option(p, "--dtype", choices=("float32", "float64"), default="float32",
            help="the ONNX model's number type (default float32; the script chooses its "
                 "own with its --dtype)")
    p = sub.add_parser("import", help="read an ONNX model into a network file (OUT.netsim)",
                       epilog=EXIT_STATUS)
    p.add_argument("model", metavar="MODEL", help="the ONNX model to read (.onnx)")
    p.add_argument("out", metavar="OUT", help="the network file to write (.netsim)")


def attach_values(argv: list[str]) -> list[str]:
    """argparse takes a value that starts with a minus and is not a plain number ("-1,0",
    "-1e3") for an option; after an option that takes a value, write it as --input=-1,0."""
    out: list[str] = []
    for arg in argv:
        if out and out[-1] in VALUE_OPTIONS and re.match(r"-[\d.]", arg):
            out[-1] = f"{out[-1]}={arg}"
        else:
            out.append(arg)
    return out

"""The network as a standalone PyTorch training script (`netsim export FILE OUT.py`).

The script is torch_script.py (a plain Python file that imports only torch, numpy and the
standard library) with its block "what netsim exported" filled in from the network file:

    NAME, SETTINGS       the file's name and training settings
    INPUTS, TARGETS      the dataset's input and target columns (neuron ids)
    LEVELS               the levels as engine/compiled.py compiles them: each level's
                         neurons, activations, the levels it reads and its bias neurons
    SOFTMAX              the softmax group's members as [level, column]
    PLACES               where each connection's weight sits in its level's nn.Linear
    DOCUMENT             the file itself (weights, dataset, scaling, test rows), written
                         out as the script trains into a copy of it

The dataset is embedded, never a CSV beside the script: the netsim file holds it already
(the trained file the script writes is that file with new weights), so one file is all
there is to copy to a GPU machine, and Python reads a string of a few megabytes in
milliseconds. The script's docstring says how netsim's maths maps onto PyTorch.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import numpy as np

from netsim.engine.compiled import Compiled
from netsim.engine.trainer import problem

from .atomic import atomic_write
from .fileformat import FormatError, NetworkFile, dumps, file_name

TEMPLATE = Path(__file__).with_name("torch_script.py")
START = "# ---- what netsim exported (the export fills this in) "
END = "# ---- end of what netsim exported "
GRADIENT_MODES = ("sgd", "minibatch", "batch")  # what the script's train() does


class ExportError(ValueError):
    """A network the script cannot train; the message is one line."""


def _levels(compiled: Compiled) -> tuple[list[dict], list]:
    """LEVELS and PLACES (one entry per connection, in the network's order)."""
    network = compiled.network
    connections = network.connections
    widths = [len(compiled.inputs)] + [len(b.ids) for b in compiled.blocks]
    levels: list[dict] = []
    places: list = [None] * len(connections)
    for lv, block in enumerate(compiled.blocks, start=1):
        reads = sorted({p.segment for p in block.pieces}) or [0]
        offset = {}
        start = 0
        for s in reads:
            offset[s], start = start, start + widths[s]
        bias: list[str] = []
        if block.bias is not None:
            bias = [""] * block.bias.weights.shape[-2]
            for k, row in zip(block.bias.conn.tolist(), block.bias.rows.tolist()):
                bias[row] = connections[k].source
        levels.append({"neurons": list(block.ids),
                       "activations": [network.neurons[n].activation for n in block.ids],
                       "reads": reads, "bias": bias})
        for p in block.pieces:
            columns = np.arange(widths[p.segment])[p.cols][p.rows] + offset[p.segment]
            for k, out, col in zip(p.conn.tolist(), p.at.tolist(), columns.tolist()):
                places[k] = [lv, out, col]
        if block.bias is not None:
            for k, out, row in zip(block.bias.conn.tolist(), block.bias.at.tolist(),
                                   block.bias.rows.tolist()):
                places[k] = [lv, out, -1 if len(bias) == 1 else start + row]
    return levels, places


def _ascii_json(text: str) -> str:
    """JSON text with every character outside printable ASCII written as a \\u escape
    (the same JSON), so that it sits in a raw string literal as plain text."""
    def escape(m: re.Match) -> str:
        code = ord(m.group(0))
        if code > 0xFFFF:  # a surrogate pair, as JSON writes it
            code -= 0x10000
            return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
        return f"\\u{code:04x}"
    return re.sub(r"[^\x20-\x7e\n]", escape, text)


def _lines(items: list, per_line: int, braces: str = "[]") -> str:
    """A Python list (or, with braces "{}", a dict of `items` as (key, value) pairs) written
    `per_line` entries to a line."""
    texts = [f"{k!r}: {v!r}" for k, v in items] if braces == "{}" else [repr(v) for v in items]
    if not texts:
        return braces
    rows = [", ".join(texts[i:i + per_line]) for i in range(0, len(texts), per_line)]
    return braces[0] + "\n    " + ",\n    ".join(rows) + ",\n" + braces[1]


def script(nf: NetworkFile) -> str:
    """The training script's text; ExportError (one line) when netsim could not train
    this network on its data."""
    settings = nf.training
    if settings.mode not in GRADIENT_MODES:  # the perceptron rule: the script asks for a
        settings = replace(settings, mode="sgd")  # gradient mode when it is run (--mode)
    reason = problem(nf.network, nf.dataset, settings)
    if reason:
        raise ExportError(f"cannot write a training script: {reason}")
    data = nf.dataset
    compiled = Compiled(nf.network, data.inputs, data.targets, nf.training.loss)
    levels, places = _levels(compiled)
    group = [list(compiled.where[nid]) for nid in compiled.group]
    document = _ascii_json(dumps(nf))
    if '"""' in document:  # JSON never has three quotes in a row outside a string
        raise ExportError("cannot write a training script: the file's text cannot be embedded")
    block = "\n".join([
        START + "-" * max(0, 88 - len(START)),
        f"NAME = {nf.name or 'network'!r}",
        "# Training settings, as in the netsim file (options below override them).",
        f"SETTINGS = {_lines(list(nf.training.as_dict().items()), 1, '{}')}",
        "# The dataset's input columns (level 0) and target columns, as neuron ids.",
        f"INPUTS = {_lines(list(data.inputs), 16)}",
        f"TARGETS = {_lines(list(data.targets), 16)}",
        "# Per level: its neurons, their activations, the levels it reads (0 = the inputs) and",
        "# the bias neurons that feed it.",
        f"LEVELS = {_lines(levels, 1)}",
        "# The softmax group's members, in the group's order: [level, column of the level].",
        f"SOFTMAX = {_lines(group, 8)}",
        "# Where each of DOCUMENT's connections sits, in the file's order: [level, neuron (row",
        "# of the Linear's weight), column of the level's input] (column -1: the Linear's bias);",
        "# None for a connection from an input without a dataset column (it carries 0).",
        f"PLACES = {_lines(places, 8)}",
        "# The netsim file itself: network, weights, dataset and settings.",
        f'DOCUMENT = json.loads(r"""{document}""")',
    ])
    template = TEMPLATE.read_text(encoding="utf-8")
    head, rest = template.split(START, 1)
    tail = rest[rest.index(END):]
    return head + block + "\n" + tail


def export(nf: NetworkFile, path) -> None:
    """Write the training script of `nf` to `path`, atomically; ExportError (one line)
    when the network cannot be trained, FormatError when the file cannot be written."""
    text = script(nf)
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as e:
        raise FormatError(file_name(path), f"cannot write the file: {e.strerror or e}") from None

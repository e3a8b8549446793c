"""Reading and writing .netsim network files (format versions 1 and 2, see
docs/file-format.md).

Version 2 is version 1 plus softmax output groups, L1/L2 regularisation, stored input
scaling, the sign activation and the perceptron training mode. A file is written as
version 1 unless it uses one of those (so that an older netsim still opens it), and as
version 2 when it does (so that an older netsim refuses it with one line naming the
version, instead of losing what it cannot read).

A file is UTF-8 JSON. Loading checks everything and refuses a bad file with one line,
"<file name>: <problem>". Saving writes a stable, diff-friendly layout (one neuron, one
connection, one dataset row per line) atomically: a temporary file in the same folder,
flushed and fsynced, then renamed over the target (netsim.io.atomic).
"""
from __future__ import annotations

import codecs
import contextlib
import gc
import json
import math
import os
import stat
from dataclasses import dataclass, field, fields

import numpy as np

from netsim.engine.dataset import Dataset
from netsim.engine.network import Network
from netsim.engine.settings import TrainingSettings

from . import validate
from .atomic import atomic_write
from .bulk import check_file_budget, decode_file
from .validate import Invalid
from .validate_dataset import IMAGE, SCALING, TEST_ROWS, read_dataset

FORMAT_VERSION = 2  # the newest version this netsim reads and writes
# What version 2 added: training settings, and the dataset's key ...
V2_SETTINGS = ("l1", "l2", "regularise_bias")
V2_DATASET = ("scaling",)
V2_ACTIVATIONS = ("softmax", "sign")  # ... activations ...
V2_VALUES = {"mode": ("perceptron",)}  # ... and values of version-1 training settings
FORMAT_MARKER = "netsim"
MAX_FILE_SIZE = 256 * 1024 * 1024  # bytes; larger files are refused before reading


class FormatError(ValueError):
    """A file netsim cannot read (or a network it cannot write), as one line.

    FormatError(source, problem) reads "<source>: <problem>"; FormatError(message) is the
    message as given. Line breaks are turned into spaces so str(e) is always one line.
    """

    def __init__(self, source: str, problem: str | None = None):
        message = source if problem is None else f"{source}: {problem}"
        self.source = source if problem is not None else None
        self.problem = problem if problem is not None else source
        super().__init__(" ".join(str(message).splitlines()))


@dataclass
class NetworkFile:
    network: Network
    dataset: Dataset | None = None
    training: TrainingSettings = field(default_factory=TrainingSettings)
    name: str | None = None
    view: dict | None = None  # the app's own data under the top-level "view" key, kept as-is


# ---- loading -------------------------------------------------------------------------
def file_name(path) -> str:
    """The base name of `path`, used in messages."""
    try:
        return os.path.basename(os.fsdecode(path)) or str(path)
    except TypeError:
        return str(path)


def read_bytes(path, name: str) -> bytes:
    """The file's bytes, refusing missing, non-regular and over-large files."""
    limit = MAX_FILE_SIZE
    too_big = f"the file is larger than {limit // (1024 * 1024)} MiB, the most netsim opens"
    if limit < 1024 * 1024:
        too_big = f"the file is larger than {limit} bytes, the most netsim opens"
    try:
        info = os.stat(path)
    except (OSError, ValueError) as e:  # ValueError: a NUL character in the path
        raise FormatError(name, f"cannot open the file: {_reason(e)}") from None
    # A pipe or device could block or never end; a folder fails in open() below.
    if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        raise FormatError(name, "not a regular file")
    if info.st_size > limit:
        raise FormatError(name, too_big)
    try:
        with open(path, "rb") as f:
            # read(n) allocates n bytes first: ask for the size found (and one byte more,
            # in case the file grew meanwhile), not for the limit
            data = f.read(min(info.st_size, limit) + 1)
            if len(data) > info.st_size:
                data += f.read(limit + 1 - len(data))
    except OSError as e:
        raise FormatError(name, f"cannot open the file: {_reason(e)}") from None
    if len(data) > limit:
        raise FormatError(name, too_big)
    return data


def _reason(e: Exception) -> str:
    return getattr(e, "strerror", None) or str(e)


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 bytes as text; a leading byte-order mark is allowed and dropped."""
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as e:
        at = skip + e.start
        line = data.count(b"\n", 0, at) + 1
        raise FormatError(name, f"the file is not UTF-8 text (byte 0x{data[at]:02x} "
                                f"on line {line})") from None


def load(path) -> NetworkFile:
    """Read a .netsim file. Raises FormatError, and nothing else, for any bad file."""
    name = file_name(path)
    try:
        text = decode_text(read_bytes(path, name), name)
    except FormatError:
        raise
    except MemoryError:
        raise FormatError(name, "the file is too large to read into memory") from None
    except Exception as e:  # never let anything else escape
        raise FormatError(name, f"cannot read the file ({type(e).__name__}: {e})") from None
    return loads(text, name)


def loads(text: str, source: str = "<string>") -> NetworkFile:
    """Read a network file's text; `source` names it in messages."""
    try:
        with _collector_paused():
            return _read(text)
    except Invalid as e:
        raise FormatError(source, str(e)) from None
    except RecursionError:
        raise FormatError(source, "the JSON is nested too deeply") from None
    except MemoryError:
        raise FormatError(source, "the file is too large to read into memory") from None
    except Exception as e:  # a check we did not foresee: still one clear line
        raise FormatError(source, f"cannot read the file ({type(e).__name__}: {e})") from None


@contextlib.contextmanager
def _collector_paused():
    """Python's cyclic garbage collector paused: decoding a big file makes hundreds of
    thousands of lists and dicts, and each few hundred of them would start a collection
    walking all the others (a sixth of the time of a 100,000-connection file). Nothing
    made here holds a reference cycle that must be freed meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read(text: str) -> NetworkFile:
    if not isinstance(text, str):
        raise Invalid(f"expected text, not {type(text).__name__}")
    if not text.strip():
        raise Invalid("the file is empty")
    top, raw_rows = decode_file(text)  # the dataset's rows stay text until read_dataset
    if not isinstance(top, dict):
        raise Invalid(f"not a netsim file (the JSON is {validate.show(top)}, not an object)")
    if top.get("format") != FORMAT_MARKER:
        found = "no \"format\""
        if "format" in top:
            found = f"\"format\" is {validate.show(top['format'])}"
        raise Invalid(f"not a netsim file ({found}; expected \"format\": \"netsim\")")
    version = top.get("version")
    if "version" not in top:
        raise Invalid("the file has no \"version\" number")
    if isinstance(version, bool) or not isinstance(version, int):
        raise Invalid(f"\"version\" must be a whole number, not {validate.show(version)}")
    if version > FORMAT_VERSION:
        raise Invalid(f"file format version {version} is newer than this netsim understands "
                      f"({FORMAT_VERSION}); update netsim to open it")
    if version < 1:
        raise Invalid(f"file format version {version} does not exist (versions start at 1)")
    if version < 2:
        _check_version_1(top)
    name = validate.text_or_none(top, "name", "\"name\"")
    network = validate.read_network(top)
    dataset = read_dataset(top, network, raw_rows)
    training = validate.read_training(top)
    view = validate.optional_object(top, "view")
    return NetworkFile(network, dataset, training, name, view)


def _check_version_1(top: dict) -> None:
    """Refuse what a version-1 file cannot hold (it would mean something else to the
    netsim that wrote version 1), naming the version it needs."""
    def needs(what: str) -> Invalid:
        return Invalid(f"{what} needs file format version 2, but the file says "
                       f"\"version\": 1")
    training = top.get("training")
    if isinstance(training, dict):
        for key in V2_SETTINGS:
            if key in training:
                raise needs(f"training {key}")
        for key, values in V2_VALUES.items():
            if isinstance(training.get(key), str) and training[key] in values:
                raise needs(f"training {key} {training[key]}")
    dataset = top.get("dataset")
    if isinstance(dataset, dict):
        for key in V2_DATASET:
            if key in dataset:
                raise needs(f"the dataset's \"{key}\"")
    neurons = top.get("neurons")
    for item in neurons if isinstance(neurons, list) else ():
        if isinstance(item, dict) and item.get("activation") in V2_ACTIVATIONS:
            raise needs(f"activation {item['activation']} (neuron {validate.show(item.get('id'))})")


def version_needed(nf: "NetworkFile") -> int:
    """The oldest format version that holds everything in `nf`."""
    training = nf.training if nf.training is not None else TrainingSettings()
    defaults = TrainingSettings()
    if any(getattr(training, key) != getattr(defaults, key) for key in V2_SETTINGS):
        return 2
    if any(getattr(training, key) in values for key, values in V2_VALUES.items()):
        return 2
    if nf.dataset is not None and any(getattr(nf.dataset, key, None) is not None
                                      for key in V2_DATASET):
        return 2
    if any(n.activation in V2_ACTIVATIONS for n in nf.network.neurons.values()):
        return 2
    return 1


# ---- writing -------------------------------------------------------------------------
def _str(s: str) -> str:
    # Keep non-ASCII readable, but fall back to \u escapes for text that is not valid
    # Unicode (lone surrogates), which cannot be written as UTF-8.
    out = json.dumps(str(s), ensure_ascii=False)
    try:
        out.encode("utf-8")
    except UnicodeEncodeError:
        out = json.dumps(str(s))
    return out


def _num(x, what: str) -> str:
    # repr() of a float is the shortest text that reads back as exactly the same float.
    value = float(x)
    if not math.isfinite(value):
        raise ValueError(f"cannot write {what}: {value!r} is not a finite number")
    return repr(value)


def _block(items: list[str], indent: str) -> str:
    """A JSON list with one item per line (or [] when empty)."""
    if not items:
        return "[]"
    inner = indent + "  "
    return "[\n" + ",\n".join(inner + item for item in items) + "\n" + indent + "]"


def _members(pairs: list[tuple[str, str]], indent: str) -> str:
    """A JSON object with one key per line; values are already JSON text."""
    if not pairs:
        return "{}"
    inner = indent + "  "
    body = ",\n".join(f"{inner}{_str(k)}: {v}" for k, v in pairs)
    return "{\n" + body + "\n" + indent + "}"


def _neuron(n) -> str:
    parts = [f"\"id\": {_str(n.id)}", f"\"role\": {_str(n.role)}"]
    if n.activation is not None and n.role not in ("input", "bias"):
        parts.append(f"\"activation\": {_str(n.activation)}")
    if n.label:
        parts.append(f"\"label\": {_str(n.label)}")
    if n.position is not None:
        x, y = (_num(v, f"the position of neuron {n.id}") for v in n.position)
        parts.append(f"\"position\": [{x}, {y}]")
    return "{" + ", ".join(parts) + "}"


class _Quoted(dict):
    """JSON text of ids, made once per id: 100,000 connections name a few hundred."""

    def __missing__(self, key):
        text = self[key] = _str(key)
        return text


def _weights(connections) -> list[float]:
    """The weights as floats, or ValueError naming the first that is not finite."""
    weights = np.fromiter((c.weight for c in connections), float, len(connections))
    if not np.isfinite(weights).all():
        bad = connections[int(np.flatnonzero(~np.isfinite(weights))[0])]
        _num(bad.weight, f"the weight of {bad.source} \u2192 {bad.target}")
    return weights.tolist()


def _connections(net: Network) -> list[str]:
    quoted = _Quoted()
    lines = []
    for c, w in zip(net.connections, _weights(net.connections)):
        line = (f"{{\"source\": {quoted[c.source]}, \"target\": {quoted[c.target]}, "
                f"\"weight\": {w!r}")
        if not c.trainable:  # true is the default and is left out
            line += ", \"trainable\": false"
        if c.label:
            line += f", \"label\": {_str(c.label)}"
        lines.append(line + "}")
    return lines


def _dataset(ds: Dataset) -> str:
    values = np.asarray(ds.rows, dtype=float)
    if not np.isfinite(values).all():
        _num(values[~np.isfinite(values)][0], "a dataset value")
    rows = [", ".join(map(repr, row)) for row in values.tolist()]
    members = [
        ("inputs", "[" + ", ".join(_str(c) for c in ds.inputs) + "]"),
        ("targets", "[" + ", ".join(_str(c) for c in ds.targets) + "]"),
        ("rows", _block(["[" + r + "]" for r in rows], "    ")),
    ]
    if ds.test_count:  # only with a test split
        members.append((TEST_ROWS, "[" + ", ".join(str(i) for i in ds.test_rows) + "]"))
    if ds.image is not None:  # only for image inputs
        members.append((IMAGE, f"[{ds.image[0]}, {ds.image[1]}]"))
    if ds.scaling is not None:  # only for scaled inputs
        members.append((SCALING, _scaling(ds.scaling)))
    return _members(members, "  ")


def _scaling(scaling) -> str:
    numbers = lambda values, what: ", ".join(_num(v, what) for v in values)  # noqa: E731
    return (f"{{\"method\": {_str(scaling.method)}, "
            f"\"offset\": [{numbers(scaling.offset, 'a scaling offset')}], "
            f"\"scale\": [{numbers(scaling.scale, 'a scaling scale')}]}}")


def _setting(value, kind: str, name: str) -> str:
    # Written by the field's type, so a float setting holding 1 is written 1.0 and a
    # re-save stays byte-identical.
    if value is None:
        return "null"
    if kind.startswith("float"):
        return _num(value, f"training {name}")
    if kind == "bool":
        return "true" if value else "false"
    if kind == "int":
        return str(int(value))
    return _str(value)


def _view(view: dict) -> str:
    text = json.dumps(view, indent=2, ensure_ascii=False, allow_nan=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(view, indent=2, allow_nan=False)
    return text.replace("\n", "\n  ")


def _sections(nf: NetworkFile) -> list[tuple[str, str]]:
    """The top-level keys of the file with their JSON text, in the file's order."""
    net = nf.network
    version = version_needed(nf)
    top = [("format", _str(FORMAT_MARKER)), ("version", str(version))]
    if nf.name:
        top.append(("name", _str(nf.name)))
    top.append(("neurons", _block([_neuron(n) for n in net.neurons.values()], "  ")))
    top.append(("connections", _block(_connections(net), "  ")))
    if nf.dataset is not None:
        top.append(("dataset", _dataset(nf.dataset)))
    training = nf.training if nf.training is not None else TrainingSettings()
    settings = [(f.name, _setting(getattr(training, f.name), validate.setting_kind(f.type), f.name))
                for f in fields(TrainingSettings) if version > 1 or f.name not in V2_SETTINGS]
    top.append(("training", _members(settings, "  ")))
    if nf.view is not None:
        top.append(("view", _view(nf.view)))
    return top


def dumps(nf: NetworkFile) -> str:
    """The file's text: fixed key order, one neuron/connection/dataset row per line."""
    return _members(_sections(nf), "") + "\n"


def save(path, nf: NetworkFile, mode: int | None = None) -> None:
    """Write `nf` to `path` atomically (see atomic.atomic_write, which also says what
    `mode` does). Netsim never writes a file it would refuse to open: what would be
    written is checked first (FormatError "<name>: not saved: ...", see _check_readable)."""
    name = file_name(path)
    sections = _sections(nf)
    text = _members(sections, "") + "\n"
    try:
        _check_readable(text, sections, nf.network.connections)
    except FormatError as e:
        raise FormatError(name, f"not saved: {e.problem}") from None
    atomic_write(path, text.encode("utf-8"), mode)


def _check_readable(text: str, sections: list[tuple[str, str]], connections) -> None:
    """Raise the FormatError that loads(text) would raise, if any, without reading the
    connections back one by one (the bulk of a big network's file).

    Every section but the connections is read back from its own text, so the loader's
    checks run on exactly what is written. The connections are written, by construction,
    as objects with text ends, a finite weight and plain flags (_connections), which is
    all the loader asks of their form; what it checks beyond that (the ends among the
    neurons read back, no self-loop or duplicate, only into hidden and output neurons,
    no cycle, and the memory the decoding may take) is checked here on the connections
    themselves, with the loader's own functions. Only when one of these fails is the
    whole text read back, to give the loader's message."""
    without = [(key, "[]" if key == "connections" else value) for key, value in sections]
    try:
        neurons = loads(_members(without, "") + "\n").network.neurons
    except FormatError:
        loads(text)  # the first problem in file order may be in a connection
        raise
    try:
        check_file_budget(text)
        sound = (all(type(c.source) is str and type(c.target) is str for c in connections)
                 and validate.connections_sound(neurons, connections))
        if sound:
            validate.check_acyclic(Network(neurons, connections))
    except Invalid:
        sound = False
    if not sound:
        loads(text)  # raises with the loader's message

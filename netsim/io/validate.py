"""Checks that turn decoded JSON into a Network and TrainingSettings (the dataset's are in
validate_dataset.py).

Every check raises ``Invalid`` with one plain sentence; ``fileformat`` adds the file name
and turns it into a ``FormatError``. The rules are described in docs/file-format.md.
"""
from __future__ import annotations

import json
import math
from dataclasses import fields

from netsim.engine.activations import ACTIVATIONS, GROUP_ACTIVATIONS
from netsim.engine.network import SOURCE_ROLES, Connection, Network, NetworkError, ROLES
from netsim.engine.settings import TrainingSettings

# A JSON integer with more digits than this cannot be a finite float (max is ~1.8e308).
MAX_INT_DIGITS = 308
# Whole-number training settings must fit a signed 64-bit integer (NumPy seeds, counters).
MAX_WHOLE = 2 ** 63 - 1


class Invalid(Exception):
    """One thing wrong with the file, as a sentence without the file name."""


# ---- decoding ------------------------------------------------------------------------
def _parse_float(text: str) -> float:
    # Python turns 1e400 into inf; a file must hold finite numbers only.
    value = float(text)
    if not math.isfinite(value):
        raise Invalid(f"the number {_clip(text)} is too large")
    return value


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise Invalid(f"the number {_clip(text)} is too large")
    return int(text)


def _parse_constant(text: str) -> float:
    # Python's json accepts NaN, Infinity and -Infinity; JSON itself does not.
    raise Invalid(f"{text} is not a valid number (JSON has no NaN or Infinity)")


def _object(pairs: list) -> dict:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise Invalid(f"the key {json.dumps(key)} appears twice in one object")
            seen.add(key)
    return obj


def decode(text: str):
    """Parse JSON text, refusing NaN/Infinity, overflowing numbers and repeated keys."""
    try:
        return json.loads(text, parse_float=_parse_float, parse_int=_parse_int,
                          parse_constant=_parse_constant, object_pairs_hook=_object)
    except json.JSONDecodeError as e:
        what = e.msg.removesuffix(" at")  # json's own "Invalid control character at"
        raise Invalid(f"not valid JSON: {what} at line {e.lineno}, column {e.colno}") from None
    except RecursionError:
        raise Invalid("the JSON is nested too deeply") from None


# ---- small helpers -------------------------------------------------------------------
def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def show(value) -> str:
    """A JSON value as a short one-line text for messages."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return _clip(json.dumps(value))


def number(value, what: str) -> float:
    # bool is a subclass of int in Python, so true/false must be refused first.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(f"{what} must be a number, not {show(value)}")
    result = float(value)
    if not math.isfinite(result):
        raise Invalid(f"{what} must be a finite number, not {show(value)}")
    return result


def text_or_none(obj: dict, key: str, what: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise Invalid(f"{what} must be text, not {show(value)}")
    return value or None  # "" counts as not set


def required_list(obj: dict, key: str, what: str) -> list:
    if key not in obj:
        raise Invalid(f"{what} has no {json.dumps(key)} list")
    value = obj[key]
    if not isinstance(value, list):
        raise Invalid(f"{json.dumps(key)} in {what} must be a list, not {show(value)}")
    return value


def optional_object(obj: dict, key: str) -> dict | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, dict):
        raise Invalid(f"{json.dumps(key)} must be an object, not {show(value)}")
    return value


# ---- the network ---------------------------------------------------------------------
def read_network(top: dict) -> Network:
    net = Network()
    for i, item in enumerate(required_list(top, "neurons", "the file"), 1):
        _read_neuron(net, item, i)
    items = required_list(top, "connections", "the file")
    connections = plain_connections(items)
    if connections is None or not connections_sound(net.neurons, connections):
        connections = _read_connections(net, items)  # raises for the first bad one
    net = Network(net.neurons, connections)
    check_acyclic(net)
    return net


def plain_connections(items: list) -> list[Connection] | None:
    """The connections, when every item is an object with text ends, a number weight and
    a plain trainable flag and label; None otherwise (then _read_connections, which
    checks item by item, names the first problem). The ends are not checked here."""
    out = []
    append = out.append
    for item in items:
        if type(item) is not dict:
            return None
        source, target, weight = item.get("source"), item.get("target"), item.get("weight")
        trainable, label = item.get("trainable", True), item.get("label")
        if (type(source) is not str or type(target) is not str
                or (type(weight) is not float and type(weight) is not int)
                or type(trainable) is not bool
                or (label is not None and type(label) is not str)):
            return None
        append(Connection(source, target, float(weight), trainable, label or None))
    return out


def connections_sound(neurons: dict, connections: list[Connection]) -> bool:
    """Whether the connections pass every check Network.refusal makes of a connection
    among `neurons` (known ends, no self-loop, only into hidden and output neurons,
    no duplicate) and have finite weights: all at once, for the common case."""
    receivers = {nid for nid, n in neurons.items() if n.computes}
    sources = {c.source for c in connections}
    targets = {c.target for c in connections}
    return (sources <= neurons.keys() and targets <= receivers
            and not any(neurons[s].activation in GROUP_ACTIVATIONS for s in sources)
            and all(c.source != c.target for c in connections)
            and len({(c.source, c.target) for c in connections}) == len(connections)
            and all(math.isfinite(c.weight) for c in connections))


def _read_connections(net: Network, items: list) -> list[Connection]:
    """The connections, checked one by one in file order: the first problem is raised."""
    connections: list[Connection] = []
    seen: set[tuple[str, str]] = set()
    # A network with the neurons only: its refusal() reports unknown ids, self-loops and
    # connections into input/bias neurons without any graph search.
    probe = Network(net.neurons)
    for i, item in enumerate(items, 1):
        c = _read_connection(item, i)
        reason = probe.refusal(c.source, c.target)
        if reason is None and c.key in seen:
            reason = f"duplicate connection {c.source} \u2192 {c.target}"
        if reason:
            raise Invalid(reason)
        seen.add(c.key)
        connections.append(c)
    return connections


def check_acyclic(net: Network) -> None:
    """Raise Invalid naming the cycle closed by the first connection that closes one."""
    try:
        net.topological_order()
    except NetworkError:
        raise Invalid(_cycle(net, net.connections)) from None


def _read_neuron(net: Network, item, i: int) -> None:
    if not isinstance(item, dict):
        raise Invalid(f"neuron #{i} must be an object, not {show(item)}")
    nid = item.get("id")
    if not isinstance(nid, str) or not nid.strip():
        raise Invalid(f"neuron #{i} needs an \"id\" that is a non-empty text, not {show(nid)}")
    role = item.get("role")
    if not isinstance(role, str) or role not in ROLES:
        raise Invalid(f"unknown role {show(role)} for neuron {nid} (known: {', '.join(ROLES)})")
    activation = item.get("activation")
    if activation is not None:
        if role in SOURCE_ROLES:
            raise Invalid(f"{role} neuron {nid} cannot have an activation "
                          f"(it has {show(activation)}); leave it out or use null")
        if not isinstance(activation, str) or activation not in ACTIVATIONS:
            known = ", ".join(ACTIVATIONS)
            raise Invalid(f"unknown activation {show(activation)} for neuron {nid} "
                          f"(known: {known})")
    label = text_or_none(item, "label", f"the label of neuron {nid}")
    position = item.get("position")
    if position is not None:
        if not isinstance(position, list) or len(position) != 2:
            raise Invalid(f"the position of neuron {nid} must be a list [x, y], "
                          f"not {show(position)}")
        what = f"the position of neuron {nid}"
        position = (number(position[0], what), number(position[1], what))
    try:
        net.add_neuron(nid, role, activation, label, position)
    except NetworkError as e:  # a duplicate id
        raise Invalid(str(e)) from None


def _read_connection(item, i: int) -> Connection:
    if not isinstance(item, dict):
        raise Invalid(f"connection #{i} must be an object, not {show(item)}")
    ends = []
    for key in ("source", "target"):
        value = item.get(key)
        if not isinstance(value, str) or not value:
            raise Invalid(f"connection #{i} needs a {json.dumps(key)} neuron id, not {show(value)}")
        ends.append(value)
    where = f"connection {ends[0]} \u2192 {ends[1]}"
    if "weight" not in item:
        raise Invalid(f"{where} has no \"weight\"")
    weight = number(item["weight"], f"the weight of {where}")
    trainable = item.get("trainable", True)
    if not isinstance(trainable, bool):
        raise Invalid(f"\"trainable\" of {where} must be true or false, not {show(trainable)}")
    label = text_or_none(item, "label", f"the label of {where}")
    return Connection(ends[0], ends[1], weight, trainable, label)


def _cycle(net: Network, connections: list[Connection]) -> str:
    """Name the cycle closed by the first connection (in file order) that closes one.

    Binary search for the shortest cyclic prefix (a prefix of an acyclic list is acyclic),
    then let Network.refusal describe the last connection of that prefix.
    """
    def cyclic(n: int) -> bool:
        try:
            Network(net.neurons, connections[:n]).topological_order()
            return False
        except NetworkError:
            return True

    lo, hi = 0, len(connections)  # connections[:lo] is acyclic, connections[:hi] is not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if cyclic(mid):
            hi = mid
        else:
            lo = mid
    c = connections[hi - 1]
    reason = Network(net.neurons, connections[: hi - 1]).refusal(c.source, c.target)
    reason = reason or "the network has a cycle"
    # A long cycle is shortened in the middle so the message stays readable.
    return reason if len(reason) <= 240 else reason[:150] + " ... " + reason[-80:]


# ---- the training settings -----------------------------------------------------------
def setting_kind(field_type) -> str:
    """'float', 'float?' (may be null), 'int', 'bool' or 'str' for a TrainingSettings field."""
    kind = field_type if isinstance(field_type, str) else field_type.__name__
    if kind.startswith("float"):
        return "float?" if "None" in kind else "float"
    return kind


def read_training(top: dict) -> TrainingSettings:
    data = optional_object(top, "training")
    settings = TrainingSettings()
    for f in fields(TrainingSettings):
        if f.name not in (data or {}):
            continue
        value, kind, what = data[f.name], setting_kind(f.type), f"training {f.name}"
        if kind == "float?" and value is None:
            pass
        elif kind.startswith("float"):
            value = number(value, what)
        elif kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise Invalid(f"{what} must be a whole number, not {show(value)}")
            if abs(value) > MAX_WHOLE:
                raise Invalid(f"{what} is too large ({show(value)})")
        elif kind == "bool" and not isinstance(value, bool):
            raise Invalid(f"{what} must be true or false, not {show(value)}")
        elif kind == "str" and not isinstance(value, str):
            raise Invalid(f"{what} must be text, not {show(value)}")
        setattr(settings, f.name, value)
    problem = settings.problem()
    if problem:
        raise Invalid(f"training settings: {problem}")
    return settings

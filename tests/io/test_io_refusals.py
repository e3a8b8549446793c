"""Every kind of bad .netsim file is refused with one line naming the file and the problem."""
from __future__ import annotations

import copy
import json

import pytest

from netsim.io import FormatError, loads


def base() -> dict:
    """A small valid XOR file as a dict; each case below breaks one thing."""
    return {
        "format": "netsim",
        "version": 1,
        "name": "XOR",
        "neurons": [
            {"id": "x1", "role": "input", "position": [0.0, 0.0]},
            {"id": "x2", "role": "input"},
            {"id": "b", "role": "bias"},
            {"id": "h1", "role": "hidden", "activation": "sigmoid"},
            {"id": "h2", "role": "hidden"},
            {"id": "y", "role": "output", "activation": "sigmoid"},
        ],
        "connections": [
            {"source": "x1", "target": "h1", "weight": 0.25},
            {"source": "x2", "target": "h1", "weight": 0.2},
            {"source": "b", "target": "h1", "weight": 1.0},
            {"source": "x1", "target": "h2", "weight": 0.15},
            {"source": "h1", "target": "y", "weight": 0.3},
            {"source": "h2", "target": "y", "weight": 0.4, "trainable": False},
        ],
        "dataset": {"inputs": ["x1", "x2"], "targets": ["y"],
                    "rows": [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]},
        "training": {"learning_rate": 0.5, "mode": "sgd"},
    }


def refused(text: str) -> str:
    with pytest.raises(FormatError) as info:
        loads(text, "xor.netsim")
    message = str(info.value)
    assert "\n" not in message
    return message


def test_the_base_file_is_fine():
    nf = loads(json.dumps(base()))
    assert len(nf.network.connections) == 6


def _set(path, value):
    """A change that sets base()[path...] = value (None in path means 'delete')."""
    def change(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _delete(*path):
    def change(doc):
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return change


def _append(key, item):
    return lambda doc: doc[key].append(item)


# (case id, change to base(), expected message after "xor.netsim: ")
CASES = [
    ("format missing", _delete("format"),
     'not a netsim file (no "format"; expected "format": "netsim")'),
    ("format wrong", _set(["format"], "netsym"),
     'not a netsim file ("format" is "netsym"; expected "format": "netsim")'),
    ("version missing", _delete("version"), 'the file has no "version" number'),
    ("version text", _set(["version"], "1"), '"version" must be a whole number, not "1"'),
    ("version float", _set(["version"], 1.5), '"version" must be a whole number, not 1.5'),
    ("version boolean", _set(["version"], True), '"version" must be a whole number, not true'),
    ("version newer", _set(["version"], 3),
     "file format version 3 is newer than this netsim understands (2); update netsim to open it"),
    ("version zero", _set(["version"], 0),
     "file format version 0 does not exist (versions start at 1)"),
    ("version negative", _set(["version"], -3),
     "file format version -3 does not exist (versions start at 1)"),
    ("name not text", _set(["name"], 5), '"name" must be text, not 5'),
    ("neurons missing", _delete("neurons"), 'the file has no "neurons" list'),
    ("neurons not a list", _set(["neurons"], {"x1": "input"}),
     '"neurons" in the file must be a list, not an object'),
    ("connections missing", _delete("connections"), 'the file has no "connections" list'),
    ("connections not a list", _set(["connections"], "none"),
     '"connections" in the file must be a list, not "none"'),
    ("neuron not an object", _set(["neurons", 2], "b"),
     'neuron #3 must be an object, not "b"'),
    ("neuron without id", _delete("neurons", 1, "id"),
     'neuron #2 needs an "id" that is a non-empty text, not null'),
    ("neuron empty id", _set(["neurons", 1, "id"], ""),
     'neuron #2 needs an "id" that is a non-empty text, not ""'),
    ("neuron blank id", _set(["neurons", 1, "id"], "  "),
     'neuron #2 needs an "id" that is a non-empty text, not "  "'),
    ("neuron number id", _set(["neurons", 1, "id"], 7),
     'neuron #2 needs an "id" that is a non-empty text, not 7'),
    ("duplicate id", _set(["neurons", 4, "id"], "h1"), "duplicate neuron id 'h1'"),
    ("unknown role", _set(["neurons", 3, "role"], "middle"),
     'unknown role "middle" for neuron h1 (known: input, bias, hidden, output)'),
    ("missing role", _delete("neurons", 3, "role"),
     "unknown role null for neuron h1 (known: input, bias, hidden, output)"),
    ("unknown activation", _set(["neurons", 3, "activation"], "sigmod"),
     'unknown activation "sigmod" for neuron h1 (known: identity, sigmoid, tanh, relu, '
     "leaky_relu, softplus, step, sign, softmax)"),
    ("activation not text", _set(["neurons", 3, "activation"], 1),
     "unknown activation 1 for neuron h1 (known: identity, sigmoid, tanh, relu, "
     "leaky_relu, softplus, step, sign, softmax)"),
    ("activation on input", _set(["neurons", 0, "activation"], "sigmoid"),
     'input neuron x1 cannot have an activation (it has "sigmoid"); leave it out or use null'),
    ("activation on bias", _set(["neurons", 2, "activation"], "identity"),
     'bias neuron b cannot have an activation (it has "identity"); leave it out or use null'),
    ("label not text", _set(["neurons", 0, "label"], ["x"]),
     "the label of neuron x1 must be text, not a list"),
    ("position not a pair", _set(["neurons", 0, "position"], [1.0]),
     "the position of neuron x1 must be a list [x, y], not a list"),
    ("position text", _set(["neurons", 0, "position"], [1.0, "2"]),
     'the position of neuron x1 must be a number, not "2"'),
    ("position boolean", _set(["neurons", 0, "position"], [False, 2.0]),
     "the position of neuron x1 must be a number, not false"),
    ("connection not an object", _set(["connections", 0], ["x1", "h1"]),
     "connection #1 must be an object, not a list"),
    ("connection without source", _delete("connections", 0, "source"),
     'connection #1 needs a "source" neuron id, not null'),
    ("connection target not text", _set(["connections", 0, "target"], 3),
     'connection #1 needs a "target" neuron id, not 3'),
    ("unknown source", _set(["connections", 0, "source"], "x9"),
     "connection x9 → h1 names an unknown neuron 'x9'"),
    ("unknown target", _set(["connections", 0, "target"], "h9"),
     "connection x1 → h9 names an unknown neuron 'h9'"),
    ("duplicate connection", _append("connections", {"source": "x1", "target": "h1", "weight": 1}),
     "duplicate connection x1 → h1"),
    ("self-loop", _append("connections", {"source": "h1", "target": "h1", "weight": 1}),
     "connection h1 → h1 would connect h1 to itself"),
    ("cycle", _append("connections", {"source": "y", "target": "h1", "weight": 1}),
     "connection y → h1 closes the cycle h1 → y → h1"),
    ("into input", _append("connections", {"source": "h1", "target": "x2", "weight": 1}),
     "connection h1 → x2 goes into input neuron x2; only hidden and output neurons "
     "receive connections"),
    ("into bias", _append("connections", {"source": "x1", "target": "b", "weight": 1}),
     "connection x1 → b goes into bias neuron b; only hidden and output neurons "
     "receive connections"),
    ("weight missing", _delete("connections", 0, "weight"), 'connection x1 → h1 has no "weight"'),
    ("weight text", _set(["connections", 0, "weight"], "0.25"),
     'the weight of connection x1 → h1 must be a number, not "0.25"'),
    ("weight boolean", _set(["connections", 0, "weight"], True),
     "the weight of connection x1 → h1 must be a number, not true"),
    ("weight null", _set(["connections", 0, "weight"], None),
     "the weight of connection x1 → h1 must be a number, not null"),
    ("huge integer weight", _set(["connections", 0, "weight"], 10 ** 400),
     "the number 1000000000000000000000000000000000000... is too large"),
    ("trainable text", _set(["connections", 0, "trainable"], "yes"),
     '"trainable" of connection x1 → h1 must be true or false, not "yes"'),
    ("connection label not text", _set(["connections", 0, "label"], 1),
     "the label of connection x1 → h1 must be text, not 1"),
    ("dataset not an object", _set(["dataset"], [[0, 0, 0]]),
     '"dataset" must be an object, not a list'),
    ("dataset without inputs", _delete("dataset", "inputs"), 'the dataset has no "inputs" list'),
    ("dataset without rows", _delete("dataset", "rows"), 'the dataset has no "rows" list'),
    ("dataset column hidden", _set(["dataset", "inputs"], ["x1", "h1"]),
     'dataset column "h1" is not an input neuron'),
    ("dataset column unknown", _set(["dataset", "targets"], ["z"]),
     'dataset column "z" is not an output neuron'),
    ("dataset input as target", _set(["dataset", "targets"], ["x1"]),
     'dataset column "x1" is not an output neuron'),
    ("dataset column twice", _set(["dataset", "inputs"], ["x1", "x1"]),
     'dataset column "x1" appears twice'),
    ("dataset column not text", _set(["dataset", "inputs"], ["x1", 2]),
     "dataset inputs must be neuron ids, not 2"),
    ("dataset row short", _set(["dataset", "rows", 1], [0, 1]),
     "dataset row 1 has 2 values; expected 3 (2 inputs, then 1 target)"),
    ("dataset row long", _set(["dataset", "rows", 3], [1, 1, 0, 0]),
     "dataset row 3 has 4 values; expected 3 (2 inputs, then 1 target)"),
    ("dataset row not a list", _set(["dataset", "rows", 0], 0),
     "dataset row 0 must be a list of 3 numbers (2 inputs, then 1 target), not 0"),
    ("dataset value text", _set(["dataset", "rows", 2], [1, "0", 1]),
     'value 2 of dataset row 2 must be a number, not "0"'),
    ("dataset value boolean", _set(["dataset", "rows", 2], [1, 0, True]),
     "value 3 of dataset row 2 must be a number, not true"),
    ("dataset value null", _set(["dataset", "rows", 0], [None, 0, 0]),
     "value 1 of dataset row 0 must be a number, not null"),
    ("training not an object", _set(["training"], "fast"),
     '"training" must be an object, not "fast"'),
    ("negative learning rate", _set(["training", "learning_rate"], -0.1),
     "training settings: learning_rate must be from 0 to 1000000, not -0.1"),
    ("learning rate text", _set(["training", "learning_rate"], "0.5"),
     'training learning_rate must be a number, not "0.5"'),
    ("learning rate boolean", _set(["training", "learning_rate"], True),
     "training learning_rate must be a number, not true"),
    ("shuffle text", _set(["training", "shuffle"], "yes"),
     'training shuffle must be true or false, not "yes"'),
    ("max_epochs float", _set(["training", "max_epochs"], 1000.0),
     "training max_epochs must be a whole number, not 1000.0"),
    ("max_epochs boolean", _set(["training", "max_epochs"], True),
     "training max_epochs must be a whole number, not true"),
    ("seed too large", _set(["training", "seed"], 2 ** 64),
     "training seed is too large (18446744073709551616)"),
    ("mode not text", _set(["training", "mode"], 1), "training mode must be text, not 1"),
    ("unknown mode", _set(["training", "mode"], "online"),
     "training settings: unknown mode 'online' (known: sgd, minibatch, batch, perceptron)"),
    ("unknown loss", _set(["training", "loss"], "hinge"),
     "training settings: unknown loss 'hinge' (known: squared_error, cross_entropy)"),
    ("unknown schedule", _set(["training", "schedule"], "cosine"),
     "training settings: unknown schedule 'cosine' (known: constant, step, inverse_time)"),
    ("unknown init", _set(["training", "init"], "he"),
     "training settings: unknown init 'he' (known: uniform, normal, xavier)"),
    ("batch size zero", _set(["training", "batch_size"], 0),
     "training settings: batch_size must be a whole number from 1 to 1000000000, not 0"),
    ("momentum one", _set(["training", "momentum"], 1),
     "training settings: momentum must be at least 0 and below 1, not 1"),
    ("max_epochs zero", _set(["training", "max_epochs"], 0),
     "training settings: max_epochs must be a whole number from 1 to 1000000000, not 0"),
    ("negative target error", _set(["training", "target_error"], -1),
     "training settings: target_error must be from 0 to 1000000, not -1"),
    ("negative seed", _set(["training", "seed"], -1), "training settings: seed must be a whole number from 0 to 4294967295, not -1"),
    ("negative decay rate", _set(["training", "decay_rate"], -0.5),
     "training settings: decay_rate must be from 0 to 1000000, not -0.5"),
    ("decay steps zero", _set(["training", "decay_steps"], 0),
     "training settings: decay_steps must be a whole number from 1 to 1000000000, not 0"),
    ("init scale zero", _set(["training", "init_scale"], 0),
     "training settings: init_scale must be above 0 and at most 1000000, not 0"),
    ("restarts beyond the range", _set(["training", "restarts"], 3_000_000_000),
     "training settings: restarts must be a whole number from 1 to 1000, not 3000000000"),
    ("decay rate beyond the range", _set(["training", "decay_rate"], 1e200),
     "training settings: decay_rate must be from 0 to 1000000, not 1e+200"),
    ("init scale beyond the range", _set(["training", "init_scale"], 1e308),
     "training settings: init_scale must be above 0 and at most 1000000, not 1e+308"),
    ("seed beyond the range", _set(["training", "seed"], 10 ** 30),
     "training seed is too large (1000000000000000000000000000000)"),
    ("seed beyond 32 bits", _set(["training", "seed"], 2 ** 32),
     "training settings: seed must be a whole number from 0 to 4294967295, not 4294967296"),
    ("restarts zero", _set(["training", "restarts"], 0),
     "training settings: restarts must be a whole number from 1 to 1000, not 0"),
    ("learning rate null", _set(["training", "learning_rate"], None),
     "training learning_rate must be a number, not null"),
    ("view not an object", _set(["view"], [1, 2]), '"view" must be an object, not a list'),
]


@pytest.mark.parametrize("change, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_refused(change, expected):
    doc = copy.deepcopy(base())
    change(doc)
    assert refused(json.dumps(doc)) == f"xor.netsim: {expected}"


def test_cycle_listed_out_of_order_names_the_first_connection_that_closes_it():
    doc = base()
    doc["connections"] = [
        {"source": "h2", "target": "h1", "weight": 1},
        {"source": "x1", "target": "h2", "weight": 1},
        {"source": "h1", "target": "y", "weight": 1},
        {"source": "y", "target": "h2", "weight": 1},  # closes h2 -> h1 -> y -> h2
        {"source": "h1", "target": "h2", "weight": 1},
    ]
    doc["connections"].pop(4)
    doc["neurons"][5]["role"] = "hidden"  # y may send connections either way
    doc.pop("dataset")
    assert refused(json.dumps(doc)) == \
        "xor.netsim: connection y → h2 closes the cycle h2 → h1 → y → h2"


# Text-level cases: the JSON itself is bad.
TEXT_CASES = [
    ("malformed JSON", '{"format": "netsim",\n  "version": 1,,\n}',
     "not valid JSON: Expecting property name enclosed in double quotes at line 2, column 16"),
    ("truncated JSON", '{"format": "netsim", "neurons": [',
     "not valid JSON: Expecting value at line 1, column 34"),
    ("a raw control character", '{"format": "net\x00sim"}',
     "not valid JSON: Invalid control character at line 1, column 16"),
    ("not an object", "[1, 2, 3]", "not a netsim file (the JSON is a list, not an object)"),
    ("a bare string", '"netsim"', 'not a netsim file (the JSON is "netsim", not an object)'),
    ("empty", "", "the file is empty"),
    ("only whitespace", "  \n\t\n", "the file is empty"),
    ("repeated key", '{"format": "netsim", "format": "netsim"}',
     'the key "format" appears twice in one object'),
    ("deeply nested lists", "[" * 100000 + "]" * 100000, "the JSON is nested too deeply"),
    ("deeply nested objects", '{"a": ' * 100000 + "1" + "}" * 100000,
     "the JSON is nested too deeply"),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in TEXT_CASES],
                         ids=[c[0] for c in TEXT_CASES])
def test_refused_text(text, expected):
    assert refused(text) == f"xor.netsim: {expected}"


NUMBER_LITERALS = [
    ("NaN", "NaN is not a valid number (JSON has no NaN or Infinity)"),
    ("Infinity", "Infinity is not a valid number (JSON has no NaN or Infinity)"),
    ("-Infinity", "-Infinity is not a valid number (JSON has no NaN or Infinity)"),
    ("1e400", "the number 1e400 is too large"),
    ("-1e400", "the number -1e400 is too large"),
    ("1" * 400, "the number 1111111111111111111111111111111111111... is too large"),
]


@pytest.mark.parametrize("where", ["weight", "position", "dataset", "training", "view"])
@pytest.mark.parametrize("literal, expected", NUMBER_LITERALS)
def test_non_finite_numbers_are_refused_everywhere(where, literal, expected):
    doc = base()
    marker = 123456.5
    if where == "weight":
        doc["connections"][0]["weight"] = marker
    elif where == "position":
        doc["neurons"][0]["position"] = [0.0, marker]
    elif where == "dataset":
        doc["dataset"]["rows"][1][2] = marker
    elif where == "training":
        doc["training"]["learning_rate"] = marker
    else:
        doc["view"] = {"zoom": marker}
    text = json.dumps(doc).replace("123456.5", literal)
    assert refused(text) == f"xor.netsim: {expected}"


def test_tiny_numbers_that_underflow_to_zero_are_fine():
    doc = base()
    doc["connections"][0]["weight"] = 1.5
    nf = loads(json.dumps(doc).replace("1.5", "1e-400"))
    assert nf.network.connection("x1", "h1").weight == 0.0


def test_message_is_one_line_even_with_line_breaks_in_ids():
    doc = base()
    doc["neurons"].append({"id": "h\n3", "role": "hidden"})
    doc["connections"].append({"source": "h\n3", "target": "x1", "weight": 1})
    message = refused(json.dumps(doc))
    assert message.startswith("xor.netsim: connection h 3 → x1 goes into input neuron x1")

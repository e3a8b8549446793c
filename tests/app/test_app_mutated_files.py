"""Files no example anticipated: each example with one to three values replaced, keys
dropped or list items doubled. `netsim validate` refuses such a file in one line, or the
window opens it and every panel shows it: stepping, training and the plots run on it
without an exception (pytest-qt fails a test on any exception raised inside Qt)."""
import contextlib
import copy
import io
import json

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from netsim import cli, paths

EXAMPLES = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in paths.examples()}
NUMBERS = [0, -0.0, 1, -1, 2, 3, 0.5, 1e-320, 1e-9, 1e6, -1e6, 1e9, 3000000000, 1e15, 1e308,
           -1e308, 10 ** 30]
STRINGS = ["", " ", "x" * 300, "<b>x</b>", "<img src=nothing.png>", "\x1b[31mred\x07", "a\nb",
           "sigmoid", "tanh", "relu", "step", "identity", "softplus", "leaky_relu", "batch",
           "minibatch", "cross_entropy", "squared_error", "step", "inverse_time", "normal",
           "xavier", "input", "output", "hidden", "bias", "x1", "y", "b", "h1"]
OTHERS = [None, True, False, [], {}, [1, 2], [0.0, 0.0], [[0, 0]], [[1, 2, 3, 4]], [[]]]


def like(value):
    """What may stand in for `value`: mostly a value of its own kind, so that many drawn
    files are valid and reach the window, sometimes anything at all."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return st.sampled_from(NUMBERS * 8 + STRINGS + OTHERS)
    if isinstance(value, str):
        return st.sampled_from(STRINGS * 4 + NUMBERS + OTHERS)
    return st.sampled_from(NUMBERS + STRINGS + OTHERS)


def places(node, at=()):
    """Every path into the JSON tree (but the root)."""
    if at:
        yield at
    children = node.items() if isinstance(node, dict) else (
        enumerate(node) if isinstance(node, list) else ())
    for key, child in children:
        yield from places(child, at + (key,))


def lookup(data, at):
    for key in at:
        data = data[key]
    return data


@st.composite
def mutated(draw):
    name = draw(st.sampled_from(sorted(EXAMPLES)))
    data = copy.deepcopy(EXAMPLES[name])
    for _ in range(draw(st.integers(1, 3))):
        every = [at for at in places(data) if at[0] not in ("format", "version")]
        leaves = [at for at in every if not isinstance(lookup(data, at), (dict, list))]
        where = draw(st.sampled_from(leaves) | st.sampled_from(every))
        parent = data
        for key in where[:-1]:
            parent = parent[key]
        key = where[-1]
        how = draw(st.sampled_from(["replace", "replace", "replace", "drop", "double"]))
        if how == "drop":
            del parent[key]
        elif how == "double" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
        else:
            parent[key] = copy.deepcopy(draw(like(parent[key])))
    return data


@pytest.fixture
def window(make_window):
    """One window for every file drawn (a function's fixture is made once for all of
    hypothesis's examples), as a person opens one file after another."""
    return make_window()


def validate(path) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(["validate", str(path)])
    return status, err.getvalue()


@pytest.mark.filterwarnings("ignore")
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=mutated())
def test_a_file_is_refused_in_one_line_or_opens_and_runs(window, dialogs, tmp_path, data):
    path = tmp_path / "mutated.netsim"
    path.write_text(json.dumps(data), encoding="utf-8")
    status, err = validate(path)
    dialogs.errors.clear()
    opened = window.open_file(path)
    event("refused" if status else "opened")  # --hypothesis-show-statistics
    if status != 0:
        assert len(err.strip().splitlines()) == 1 and "internal error" not in err
        assert not opened and len(dialogs.errors) == 1
        assert "\n" not in dialogs.errors[0][1].strip()
        return
    assert opened and dialogs.errors == [], dialogs.errors
    for _ in range(4):  # the step-through, as far as it goes
        QTest.keyClick(window, Qt.Key.Key_F10)
    QTest.keyClick(window, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    for title in ("Gradient Check", "Error Landscape", "Decision Map", "Neuron"):
        window.plots[title].grab()
    window.grab()

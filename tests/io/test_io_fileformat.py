"""Loading, saving and round trips of .netsim files."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import netsim.io.fileformat as ff
from netsim import paths
from netsim.engine import Dataset, Network, TrainingSettings
from netsim.io import FORMAT_VERSION, FormatError, NetworkFile, dumps, load, loads, save

EXAMPLES = paths.examples()


def same(a: NetworkFile, b: NetworkFile) -> bool:
    """Everything a file holds, compared exactly (weights bit for bit)."""
    def conns(nf):
        return [(c.source, c.target, c.weight, c.trainable, c.label) for c in nf.network.connections]

    def data(nf):
        d = nf.dataset
        return None if d is None else (d.inputs, d.targets, d.rows.tolist(), d.test_rows)

    return (a.network.neurons == b.network.neurons and conns(a) == conns(b)
            and data(a) == data(b) and a.training == b.training
            and a.name == b.name and a.view == b.view)


def full() -> NetworkFile:
    """A file with every field set to something other than its default."""
    net = Network()
    net.add_neuron("x1", "input", label="x₁ (ünïcode)", position=(-12.5, 1e-7))
    net.add_neuron("x2", "input", position=(0.0, -0.0))
    net.add_neuron("b", "bias", label="bias")
    net.add_neuron("h", "hidden", "tanh", label="h", position=(100.0, 3.0))
    net.add_neuron("y", "output", "identity", position=(200.0, 1.0 / 3.0))
    net.add_neuron("z", "output", "relu")
    net.connect("x1", "h", 0.1 + 0.2, label="w1")
    net.connect("x2", "h", -1e-300, trainable=False)
    net.connect("b", "h", 123456789.123456789, label="bias \"weight\"")
    net.connect("h", "y", -0.0)
    net.connect("x1", "y", 2.0 ** 60, trainable=False, label="skip")
    net.connect("h", "z", 1.7976931348623157e308)
    data = Dataset(["x2", "x1"], ["z", "y"], [[0.1, 1e-12, 3.0, -7.25], [1, 2, 3, 4]],
                   [False, True])
    training = TrainingSettings(
        learning_rate=0.125, mode="minibatch", batch_size=4, loss="cross_entropy",
        momentum=0.9, max_epochs=5000, target_error=0.001, shuffle=True, seed=42,
        schedule="inverse_time", decay_rate=0.25, decay_steps=10, init="xavier",
        init_scale=0.75, restarts=3)
    view = {"zoom": 1.5, "pan": [10, -20.25], "notes": "δ rule", "nested": {"a": [None, True]}}
    return NetworkFile(net, data, training, "Everything set", view)


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_round_trip_is_lossless_and_byte_identical(path, tmp_path):
    original = path.read_bytes()
    nf = load(path)
    assert nf.network.connections and nf.dataset is not None
    assert nf.dataset.problem(nf.network) is None
    assert nf.training.problem() is None
    copy = tmp_path / path.name
    save(copy, nf)
    assert copy.read_bytes() == original  # the examples are stored canonically
    assert same(load(copy), nf)


def test_there_are_examples():
    assert len(EXAMPLES) >= 5


def test_connection_labels_of_seed_001_survive():
    nf = load(paths.example("two-two-two"))
    assert [c.label for c in nf.network.connections] == [f"w{i}" for i in range(1, 13)]


def test_full_round_trip(tmp_path):
    nf = full()
    path = tmp_path / "full.netsim"
    save(path, nf)
    again = load(path)
    assert same(again, nf)
    assert str(again.network.connection("h", "y").weight) == "-0.0"
    assert again.network.neurons["x2"].position == (0.0, -0.0)
    save(path, again)
    assert path.read_text(encoding="utf-8") == dumps(nf)


def test_saved_layout_is_diff_friendly():
    text = dumps(full())
    lines = text.splitlines()
    assert lines[:4] == ['{', '  "format": "netsim",', '  "version": 1,',
                         '  "name": "Everything set",']
    keys = [k for k in json.loads(text)]
    assert keys == ["format", "version", "name", "neurons", "connections", "dataset",
                    "training", "view"]
    assert '    {"id": "x1", "role": "input", "label": "x₁ (ünïcode)", "position": [-12.5, 1e-07]},' in lines
    assert '    {"id": "h", "role": "hidden", "activation": "tanh", "label": "h", "position": [100.0, 3.0]},' in lines
    assert '    {"id": "x2", "target": "h"' not in text
    assert '    {"source": "x2", "target": "h", "weight": -1e-300, "trainable": false},' in lines
    assert '    {"source": "x1", "target": "h", "weight": 0.30000000000000004, "label": "w1"},' in lines
    assert '      [0.1, 1e-12, 3.0, -7.25],' in lines
    assert lines[lines.index('      [1.0, 2.0, 3.0, 4.0]') + 1:][:2] == ['    ],',
                                                                    '    "test_rows": [1]']
    assert '    "learning_rate": 0.125,' in lines
    assert '    "target_error": 0.001,' in lines
    assert text.endswith("}\n")
    assert "ünïcode" in text  # readable, not \u escaped


def test_defaults_are_filled_in_and_optional_keys_may_be_left_out():
    text = json.dumps({"format": "netsim", "version": 1, "neurons": [
        {"id": "x", "role": "input", "activation": None},
        {"id": "y", "role": "output"}],
        "connections": [{"source": "x", "target": "y", "weight": 1}],
        "training": {"learning_rate": 1}})
    nf = loads(text)
    assert nf.network.neurons["y"].activation == "sigmoid"
    assert nf.network.neurons["x"].activation is None
    c = nf.network.connection("x", "y")
    assert c.trainable is True and c.label is None and c.weight == 1.0
    assert isinstance(c.weight, float)
    assert nf.training.learning_rate == 1.0 and isinstance(nf.training.learning_rate, float)
    assert nf.training.max_epochs == TrainingSettings().max_epochs
    assert nf.dataset is None and nf.name is None and nf.view is None


def test_empty_network_and_empty_dataset_rows():
    nf = loads('{"format": "netsim", "version": 1, "neurons": [], "connections": []}')
    assert nf.network.neurons == {} and nf.network.connections == []
    assert '"neurons": [],' in dumps(nf)
    text = json.dumps({"format": "netsim", "version": 1,
                       "neurons": [{"id": "x", "role": "input"}, {"id": "y", "role": "output"}],
                       "connections": [], "dataset": {"inputs": ["x"], "targets": ["y"], "rows": []}})
    nf = loads(text)
    assert nf.dataset.rows.shape == (0, 2)
    assert same(loads(dumps(nf)), nf)


def test_null_means_absent_for_optional_keys():
    text = json.dumps({"format": "netsim", "version": 1, "name": None, "neurons": [
        {"id": "x", "role": "input", "label": None, "position": None}], "connections": [],
        "dataset": None, "training": None, "view": None})
    nf = loads(text)
    assert nf.name is None and nf.dataset is None and nf.view is None
    assert nf.training == TrainingSettings()


def test_unknown_keys_are_ignored_and_view_is_kept():
    doc = json.loads(paths.example("xor-worked-example").read_text())
    doc["future_key"] = {"anything": [1, 2]}
    doc["neurons"][0]["colour"] = "red"
    doc["view"] = {"zoom": 2.0, "selection": ["h1"], "z": {"b": 1, "a": 2}}
    nf = loads(json.dumps(doc))
    assert nf.view == {"zoom": 2.0, "selection": ["h1"], "z": {"b": 1, "a": 2}}
    text = dumps(nf)
    assert "future_key" not in text and "colour" not in text
    assert json.loads(text)["view"] == nf.view
    assert list(json.loads(text)["view"]["z"]) == ["b", "a"]  # order kept as-is
    assert dumps(loads(text)) == text


def test_empty_name_and_labels_are_left_out():
    nf = load(paths.example("xor-worked-example"))
    nf.name = ""
    nf.network.neurons["x1"].label = ""
    text = dumps(nf)
    assert '"name"' not in text and '"label"' not in text.split('"connections"')[0].split("x1")[1][:30]


def test_a_float_setting_holding_an_int_is_written_as_a_float():
    nf = load(paths.example("xor-worked-example"))
    nf.training.learning_rate = 1
    nf.network.connections[0].weight = np.float64(2)
    text = dumps(nf)
    assert '"learning_rate": 1.0,' in text and '"weight": 2.0' in text
    assert dumps(loads(text)) == text


def test_lone_surrogates_are_written_as_escapes():
    nf = load(paths.example("xor-worked-example"))
    nf.name = "bad \ud800 text"
    nf.view = {"note": "\udfff"}
    text = dumps(nf)
    text.encode("utf-8")
    assert loads(text).name == nf.name and loads(text).view == nf.view
    assert dumps(loads(text)) == text


def test_dumps_refuses_non_finite_numbers():
    nf = load(paths.example("xor-worked-example"))
    nf.network.connections[0].weight = float("nan")
    with pytest.raises(ValueError, match="not a finite number"):
        dumps(nf)


def test_save_refuses_what_load_would_refuse(tmp_path):
    nf = load(paths.example("xor-worked-example"))
    nf.network.remove_neuron("x2")  # the dataset still names x2
    path = tmp_path / "stale.netsim"
    with pytest.raises(FormatError) as info:
        save(path, nf)
    assert str(info.value) == "stale.netsim: not saved: dataset column \"x2\" is not an input neuron"
    assert not path.exists() and list(tmp_path.iterdir()) == []


@st.composite
def networks(draw):
    floats = st.floats(allow_nan=False, allow_infinity=False)
    text = st.text(min_size=1, max_size=8)
    net = Network()
    ids = draw(st.lists(text.filter(str.strip), min_size=2, max_size=6, unique=True))
    net.add_neuron(ids[0], "input", label=draw(st.none() | text),
                   position=draw(st.none() | st.tuples(floats, floats)))
    for nid in ids[1:]:
        net.add_neuron(nid, "output", draw(st.sampled_from(["sigmoid", "tanh", "step"])))
        net.connect(ids[0], nid, draw(floats), draw(st.booleans()), draw(st.none() | text))
    return NetworkFile(net, name=draw(st.none() | text))


@settings(max_examples=60, deadline=None)
@given(networks())
def test_random_round_trips(nf):
    text = dumps(nf)
    again = loads(text)
    assert same(again, nf)
    assert dumps(again) == text


# ---- reading files -------------------------------------------------------------------
def test_load_names_the_file_by_base_name(tmp_path):
    path = tmp_path / "xor.netsim"
    path.write_text('{"format": "netsim", "version": 3}')
    with pytest.raises(FormatError) as info:
        load(path)
    assert str(info.value) == ("xor.netsim: file format version 3 is newer than this netsim "
                               "understands (2); update netsim to open it")
    assert info.value.source == "xor.netsim"
    with pytest.raises(FormatError):
        load(str(path))


def test_missing_file(tmp_path):
    with pytest.raises(FormatError) as info:
        load(tmp_path / "missing.netsim")
    assert str(info.value) == "missing.netsim: cannot open the file: No such file or directory"


def test_directory(tmp_path):
    folder = tmp_path / "folder.netsim"
    folder.mkdir()
    with pytest.raises(FormatError) as info:
        load(folder)
    assert str(info.value).startswith("folder.netsim: cannot open the file: ")
    assert "\n" not in str(info.value)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.netsim"
    path.write_bytes(b"")
    with pytest.raises(FormatError, match=r"^empty\.netsim: the file is empty$"):
        load(path)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin.netsim"
    path.write_bytes('{"format": "netsim",\n"name": "caf\u00e9"}'.encode("latin-1"))
    with pytest.raises(FormatError) as info:
        load(path)
    assert str(info.value) == "latin.netsim: the file is not UTF-8 text (byte 0xe9 on line 2)"


def test_utf16_is_not_utf8(tmp_path):
    path = tmp_path / "wide.netsim"
    path.write_bytes('{"format": "netsim"}'.encode("utf-16"))
    with pytest.raises(FormatError, match=r"^wide\.netsim: the file is not UTF-8 text"):
        load(path)


def test_utf8_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.netsim"
    path.write_bytes(b"\xef\xbb\xbf" + paths.example("xor-worked-example").read_bytes())
    assert load(path).name == "XOR: the worked example (seed 000)"


def test_file_larger_than_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "big.netsim"
    path.write_bytes(paths.example("xor-worked-example").read_bytes())
    monkeypatch.setattr(ff, "MAX_FILE_SIZE", 100)
    monkeypatch.setattr("builtins.open", lambda *a, **k: pytest.fail("opened a too-large file"))
    with pytest.raises(FormatError) as info:
        load(path)
    assert str(info.value) == "big.netsim: the file is larger than 100 bytes, the most netsim opens"


def test_size_limit_is_256_mib():
    assert ff.MAX_FILE_SIZE == 256 * 1024 * 1024


def test_load_raises_only_format_error_even_for_unforeseen_failures(tmp_path, monkeypatch):
    path = tmp_path / "odd.netsim"
    path.write_bytes(paths.example("xor-worked-example").read_bytes())
    monkeypatch.setattr(ff.validate, "read_training", lambda top: 1 / 0)
    with pytest.raises(FormatError) as info:
        load(path)
    assert str(info.value) == "odd.netsim: cannot read the file (ZeroDivisionError: division by zero)"


def test_large_network_in_reverse_order_loads_quickly():
    # A chain n0 -> n1 -> ... listed backwards: no per-connection graph search.
    n = 5000
    neurons = [{"id": "n0", "role": "input"}] + [
        {"id": f"n{i}", "role": "hidden"} for i in range(1, n)]
    conns = [{"source": f"n{i}", "target": f"n{i + 1}", "weight": 0.5} for i in range(n - 2, -1, -1)]
    doc = {"format": "netsim", "version": 1, "neurons": neurons, "connections": conns}
    nf = loads(json.dumps(doc))
    assert len(nf.network.connections) == n - 1
    conns.append({"source": f"n{n - 1}", "target": "n1", "weight": 0.5})
    with pytest.raises(FormatError) as info:
        loads(json.dumps(doc))
    message = str(info.value)
    assert message.startswith("<string>: connection n4999 → n1 closes the cycle n1 → n2 → ")
    assert message.endswith(" → n4998 → n4999 → n1") and " ... " in message
    assert len(message) < 300


# ---- atomic saving -------------------------------------------------------------------
def _old_file(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "net.netsim"
    old = b"old contents, not even JSON"
    path.write_bytes(old)
    return path, old


@pytest.mark.parametrize("step", ["fsync", "replace", "write"])
def test_failed_save_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch, step):
    path, old = _old_file(tmp_path)

    def boom(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if step == "write":
        real_fdopen = os.fdopen

        class Breaking:
            def __init__(self, f):
                self.f = f

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.f.close()

            def write(self, data):
                self.f.write(data[:10])  # half written, then the disk fills up
                boom()

        monkeypatch.setattr(ff.os, "fdopen", lambda fd, mode: Breaking(real_fdopen(fd, mode)))
    else:
        monkeypatch.setattr(ff.os, step, boom)
    with pytest.raises(OSError, match="No space left"):
        save(path, load(paths.example("xor-worked-example")))
    assert path.read_bytes() == old
    assert [p.name for p in tmp_path.iterdir()] == ["net.netsim"]


def test_save_writes_a_temporary_file_in_the_same_folder_then_replaces(tmp_path, monkeypatch):
    path, _ = _old_file(tmp_path)
    calls = []
    real_replace, real_fsync = os.replace, os.fsync
    monkeypatch.setattr(ff.os, "fsync", lambda fd: calls.append("fsync") or real_fsync(fd))
    monkeypatch.setattr(ff.os, "replace",
                        lambda a, b: calls.append(("replace", Path(a), Path(b))) or real_replace(a, b))
    nf = load(paths.example("xor-worked-example"))
    save(path, nf)
    assert calls[0] == "fsync"
    _, tmp, target = calls[1]
    assert tmp.parent == path.parent and tmp.name.startswith(".net.netsim.") and target == path
    assert path.read_text(encoding="utf-8") == dumps(nf)
    assert [p.name for p in tmp_path.iterdir()] == ["net.netsim"]


def test_save_keeps_the_file_mode(tmp_path):
    path, _ = _old_file(tmp_path)
    os.chmod(path, 0o640)
    save(path, load(paths.example("xor-worked-example")))
    assert path.stat().st_mode & 0o777 == 0o640


def test_save_through_a_symlink_replaces_the_link_target(tmp_path):
    real = tmp_path / "real.netsim"
    real.write_text("old")
    link = tmp_path / "link.netsim"
    link.symlink_to(real)
    save(link, load(paths.example("xor-worked-example")))
    assert link.is_symlink()
    assert load(real).name == "XOR: the worked example (seed 000)"


def test_save_into_a_missing_folder_raises_os_error(tmp_path):
    with pytest.raises(OSError):
        save(tmp_path / "nowhere" / "x.netsim", load(paths.example("xor-worked-example")))


def test_io_does_not_import_qt():
    code = ("import netsim.io, netsim.engine, sys; "
            "assert not any(m.startswith('PySide6') for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True,
                   cwd=Path(__file__).resolve().parents[2])


def test_the_example_in_the_docs_is_a_canonical_file():
    doc = Path(__file__).resolve().parents[2] / "docs" / "file-format.md"
    block = doc.read_text(encoding="utf-8").split("```json\n", 1)[1].split("```", 1)[0]
    nf = loads(block, "file-format.md")
    assert dumps(nf) == block
    assert [c.label for c in nf.network.connections] == ["w1", "w2", None]

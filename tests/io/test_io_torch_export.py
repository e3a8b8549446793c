"""PyTorch export (`netsim export FILE OUT.py`): the script is plain Python that imports only
torch, numpy and the standard library, and it builds the network netsim compiles.

torch is not a test dependency: the script is run against a stand-in (stand_in_torch/)
that records what it builds. That the trained weights equal `netsim train`'s is checked
with torch itself by benchmarks/torch_check.py (README: "When you outgrow netsim")."""
import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine.builders import random_dag, random_data, two_level_softmax
from netsim import paths
from netsim.cli import main
from netsim.engine import Dataset
from netsim.engine.compiled import Compiled
from netsim.engine.settings import TrainingSettings
from netsim.io import torch_export
from netsim.io.fileformat import NetworkFile, load, save

STAND_IN = Path(__file__).with_name("stand_in_torch")
# Imports the exported script as a module with the stand-in torch, builds its network and
# writes what it built (and the trained file it would write, untrained) as JSON.
RUNNER = """
import json, runpy, sys
before = set(sys.modules)
import torch
g = runpy.run_path(sys.argv[1], run_name="exported")
model = g["Network"](torch.float64, "cpu")
plain = lambda t: None if t is None else t.a.tolist()
levels = []
for level in model.levels:
    w, b = level.weights()
    levels.append({"reads": level.reads, "ones": level.ones, "effective": plain(w),
                   "effective_bias": plain(b), "mask": plain(level.mask),
                   "bias_mask": plain(level.bias_mask), "frozen": plain(level.frozen)})
chosen = g["settings"](g["arguments"](sys.argv[3:]))  # the script's options
g["write_atomically"](sys.argv[2], json.dumps(g["trained_document"](model, chosen)))
json.dump({"linears": torch.RECORD["linears"], "levels": levels, "settings": g["SETTINGS"],
           "modules": sorted({m.split(".")[0] for m in set(sys.modules) - before})},
          sys.stdout)
"""


def exported(nf: NetworkFile, tmp_path: Path, *options: str) -> dict:
    script = tmp_path / "train.py"
    torch_export.export(nf, script)
    env = dict(os.environ, PYTHONPATH=str(STAND_IN))
    done = subprocess.run([sys.executable, "-c", RUNNER, str(script), str(tmp_path / "out.netsim"),
                           *options], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def expected_levels(nf: NetworkFile) -> list[dict]:
    """Each level's reads, Linear shape and the weights at each place, worked out from the
    connections and where netsim computes each neuron (Compiled.where)."""
    net, data = nf.network, nf.dataset
    compiled = Compiled(net, data.inputs, data.targets)
    widths = [len(data.inputs)] + [len(b.ids) for b in compiled.blocks]
    bias = {nid for nid, n in net.neurons.items() if n.role == "bias"}
    levels = [{"reads": set(), "bias": [], "conns": []} for _ in compiled.blocks]
    for c in net.connections:
        lv, j = compiled.where[c.target]
        level = levels[lv - 1]
        level["conns"].append(c)
        if c.source in bias:
            level["bias"] += [] if c.source in level["bias"] else [c.source]
        else:
            level["reads"].add(compiled.where[c.source][0])
    for level in levels:
        level["reads"] = sorted(level["reads"]) or [0]
        level["width"] = sum(widths[s] for s in level["reads"])
    return levels, compiled


def check_network(nf: NetworkFile, tmp_path: Path) -> dict:
    got = exported(nf, tmp_path)
    levels, compiled = expected_levels(nf)
    ones = [len(lv["bias"]) if len(lv["bias"]) > 1 else 0 for lv in levels]
    assert got["linears"] == [[lv["width"] + k, len(b.ids), len(lv["bias"]) == 1, "float64", "cpu"]
                              for lv, k, b in zip(levels, ones, compiled.blocks)]
    for lv, built, k in zip(levels, got["levels"], ones):
        assert built["reads"] == lv["reads"] and built["ones"] == k
        w = np.array(built["effective"])
        mask = np.ones_like(w) if built["mask"] is None else np.array(built["mask"])
        assert set(np.unique(mask)) <= {0.0, 1.0}
        expected_w, expected_mask = np.zeros_like(w), np.zeros_like(w)
        bias_total = np.zeros(len(w))
        offsets = {}
        widths = [len(nf.dataset.inputs)] + [len(b.ids) for b in compiled.blocks]
        start = 0
        for s in lv["reads"]:
            offsets[s], start = start, start + widths[s]
        for c in lv["conns"]:
            row = compiled.where[c.target][1]
            if c.source in lv["bias"]:
                bias_total[row] += c.weight
                continue
            seg, col = compiled.where[c.source]
            expected_w[row, offsets[seg] + col] = c.weight
            expected_mask[row, offsets[seg] + col] = float(c.trainable)
        if k:  # several bias neurons: one column of ones each, their weights add up
            expected_mask[:, -k:] = mask[:, -k:]
            np.testing.assert_array_equal(w[:, -k:].sum(axis=1), bias_total)
            w = w[:, :-k]
            expected_w, expected_mask, mask_left = expected_w[:, :-k], expected_mask[:, :-k], \
                mask[:, :-k]
        else:
            mask_left = mask
            if built["effective_bias"] is not None:
                np.testing.assert_array_equal(built["effective_bias"], bias_total)
        np.testing.assert_array_equal(w, expected_w)
        np.testing.assert_array_equal(mask_left, expected_mask)
        assert (built["mask"] is None) == bool(expected_mask.all() and (not k or mask.all()))
    assert got["settings"] == nf.training.as_dict()
    trained = load(tmp_path / "out.netsim")  # the file it writes, netsim opens
    assert trained.network.weights() == nf.network.weights()
    assert trained.training == nf.training
    # only torch (the stand-in), numpy and the standard library were imported
    assert {"numpy", "torch"} <= set(got["modules"])
    assert not set(got["modules"]) - set(sys.stdlib_module_names) - {"numpy", "torch"}
    return got


def test_the_script_imports_only_torch_numpy_and_the_standard_library(tmp_path):
    script = tmp_path / "xor.py"
    torch_export.export(load(paths.example("xor-worked-example")), script)
    names = set()
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0
            names.add(node.module.split(".")[0])
    assert names == {"argparse", "json", "math", "os", "sys", "numpy", "torch"}
    assert not names - set(sys.stdlib_module_names) - {"numpy", "torch"}


@pytest.mark.parametrize("path", paths.examples(), ids=lambda p: p.stem)
def test_every_example_builds_its_levels_masks_weights_and_settings(path, tmp_path):
    check_network(load(path), tmp_path)


def test_the_xor_script_builds_two_dense_linears_with_their_bias(tmp_path):
    got = check_network(load(paths.example("xor-worked-example")), tmp_path)
    assert [lin[:3] for lin in got["linears"]] == [[2, 2, True], [2, 1, True]]
    first, second = got["levels"]
    assert first["effective"] == [[0.25, 0.2], [0.15, 0.1]]  # W1, as the file has it
    assert first["effective_bias"] == [1.0, 1.0] and second["effective"] == [[0.3, 0.4]]
    assert first["mask"] is None and second["mask"] is None  # fully connected: no mask


def odd_network() -> NetworkFile:
    """Not layered: skip connections, partial connectivity, two bias neurons into one
    level, a frozen connection, a bias neuron feeding only some neurons, mixed activations."""
    rng = np.random.default_rng(5)
    net, ins, outs = random_dag(rng)
    net.connect("b0", "o0", 0.3) if not net.has_connection("b0", "o0") else None
    net.connect("b1", "o0", -0.7) if not net.has_connection("b1", "o0") else None
    frozen = next(c for c in net.connections if net.neurons[c.source].role == "input")
    frozen.trainable = False
    data = random_data(rng, ins, outs, unit=True)
    settings = TrainingSettings(mode="minibatch", batch_size=3, momentum=0.5, l1=0.01,
                                l2=0.02, regularise_bias=True, shuffle=True, seed=4)
    return NetworkFile(net, data, settings, "odd")


def test_a_dag_with_skips_frozen_weights_and_two_bias_neurons(tmp_path):
    nf = odd_network()
    got = check_network(nf, tmp_path)
    assert any(level["ones"] == 2 for level in got["levels"])  # b0 and b1 as columns of ones
    assert any(len(level["reads"]) > 1 for level in got["levels"])  # a skip connection
    frozen = [c for c in nf.network.connections if not c.trainable]
    assert sum(np.count_nonzero(level["frozen"] or 0) for level in got["levels"]) == len(frozen)


def test_a_softmax_group_over_two_levels(tmp_path):
    net = two_level_softmax()
    rng = np.random.default_rng(2)
    ins, outs = net.ids("input"), net.ids("output")
    x = random_data(rng, ins, outs).x
    y = np.eye(len(outs))[rng.integers(0, len(outs), len(x))]
    nf = NetworkFile(net, Dataset(ins, outs, np.hstack([x, y])),
                     TrainingSettings(loss="cross_entropy"))
    check_network(nf, tmp_path)
    assigned = {node.targets[0].id: node.value for node in
                ast.parse((tmp_path / "train.py").read_text(encoding="utf-8")).body
                if isinstance(node, ast.Assign)}
    compiled = Compiled(net, ins, outs)
    group = [list(compiled.where[n]) for n in compiled.group]
    assert ast.literal_eval(assigned["SOFTMAX"]) == group
    assert len({lv for lv, _ in (compiled.where[n] for n in compiled.group)}) == 2


def test_the_trained_file_has_the_options_used_and_the_format_version_they_need(tmp_path):
    nf = load(paths.example("xor-worked-example"))  # format version 1: no l1/l2 in it
    assert json.loads(paths.example("xor-worked-example").read_text())["version"] == 1
    exported(nf, tmp_path, "--epochs", "7", "--mode", "batch", "--l2", "0.25",
             "--learning-rate", "0.125", "--no-shuffle", "--target-error", "0.5")
    trained = load(tmp_path / "out.netsim")
    assert json.loads((tmp_path / "out.netsim").read_text())["version"] == 2
    from dataclasses import replace
    assert trained.training == replace(nf.training, max_epochs=7, mode="batch", l2=0.25,
                                       learning_rate=0.125, shuffle=False, target_error=0.5)
    exported(nf, tmp_path, "--epochs", "3")
    assert json.loads((tmp_path / "out.netsim").read_text())["version"] == 1
    assert load(tmp_path / "out.netsim").training == replace(nf.training, max_epochs=3)


def test_the_script_refuses_options_out_of_range_in_one_line(tmp_path):
    script = tmp_path / "train.py"
    torch_export.export(load(paths.example("xor-worked-example")), script)
    env = dict(os.environ, PYTHONPATH=str(STAND_IN))
    for options, said in [(["--epochs", "0"], "--epochs is out of range"),
                          (["--momentum", "1"], "--momentum is out of range"),
                          (["--batch-size", "0"], "--batch-size is out of range"),
                          (["--output", str(tmp_path / "none" / "x.netsim")],
                           f"--output: there is no folder {tmp_path / 'none'}")]:
        done = subprocess.run([sys.executable, str(script), *options], cwd=tmp_path, env=env,
                              capture_output=True, text=True)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.splitlines()[-1] == f"train.py: error: {said}"


ACTIVATIONS_RUNNER = """
import json, runpy, sys
import numpy as np, torch
g = runpy.run_path(sys.argv[1], run_name="exported")
z = torch.tensor(json.loads(sys.argv[2]), dtype=torch.float64)
out = {}
for split in (False, True):
    g["SPLIT_SIGMOID"][0] = split
    for name, (f, df) in g["ACTIVATIONS"].items():
        o = f(z)
        out[f"{name} {split}"] = [o.a.tolist(), df(z, o).a.tolist()]
out["softmax"] = g["softmax"](z).a.tolist()
out["log_softmax"] = g["log_softmax"](z).a.tolist()
json.dump(out, sys.stdout)
"""


def test_each_activation_and_its_derivative_compute_netsims_numbers(tmp_path):
    from netsim.engine import activations
    script = tmp_path / "train.py"
    torch_export.export(load(paths.example("xor-worked-example")), script)
    z = np.array([[-800.0, -30.0, -2.5, -1e-300, -0.0, 0.0, 1e-300, 0.75, 3.0, 40.0, 800.0]])
    env = dict(os.environ, PYTHONPATH=str(STAND_IN))
    done = subprocess.run([sys.executable, "-c", ACTIVATIONS_RUNNER, str(script),
                           json.dumps(z.tolist())], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    names = set(activations.ACTIVATIONS) - {"softmax"}
    assert {key.split()[0] for key in got} - {"softmax", "log_softmax"} == names
    for name in names:
        act = activations.get(name)
        o = act.f(z)
        for split in (False, True):
            f, df = (np.array(v) for v in got[f"{name} {split}"])
            # as NumPy computes them, to the last digit (the split sigmoid to rounding)
            np.testing.assert_allclose(f, o, rtol=1e-15 if split else 0, atol=0)
            np.testing.assert_allclose(df, act.df(z, o), rtol=1e-15 if split else 0, atol=0)
    np.testing.assert_array_equal(got["softmax"], activations.softmax(z))
    np.testing.assert_array_equal(got["log_softmax"], activations.log_softmax(z))


def test_a_perceptron_file_exports_and_its_script_asks_for_a_gradient_mode(tmp_path):
    nf = load(paths.example("xor-perceptron"))
    assert nf.training.mode == "perceptron"
    check_network(nf, tmp_path)  # the network and settings as they are
    env = dict(os.environ, PYTHONPATH=str(STAND_IN))
    done = subprocess.run([sys.executable, "train.py", "--epochs", "3"], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("train.py: this script trains by gradient descent; the file's mode "
                           "perceptron is not one of them: add --mode sgd or --mode minibatch "
                           "or --mode batch\n")


def test_labels_with_quotes_and_non_ascii_text_embed_as_plain_text(tmp_path):
    nf = load(paths.example("xor-worked-example"))
    nf.name = 'XOR """ \u00e9\u6f22 \U0001f600 \\'
    nf.network.neurons["h1"].label = '"\u2028\x07'
    got = exported(nf, tmp_path)
    assert got["settings"] == nf.training.as_dict()
    text = (tmp_path / "train.py").read_text(encoding="utf-8")
    assert all(ch.isprintable() or ch == "\n" for ch in text)
    assert not any(ch in text for ch in "\x07\u2028")
    trained = load(tmp_path / "out.netsim")
    assert trained.name == nf.name and trained.network.neurons["h1"].label == '"\u2028\x07'


def test_a_network_netsim_cannot_train_is_refused_in_one_line(tmp_path):
    for change, reason in [
            (lambda f: setattr(f, "dataset", None), "there is no training data"),
            (lambda f: setattr(f, "dataset", f.dataset.with_test([True] * 4)),
             "every row is held out for testing"),
            (lambda f: setattr(f.training, "loss", "cross_entropy") or
             f.network.set_activation("y", "tanh"), "cross_entropy needs sigmoid"),
            ]:
        bad = load(paths.example("xor-worked-example"))
        change(bad)
        with pytest.raises(torch_export.ExportError) as e:
            torch_export.export(bad, tmp_path / "bad.py")
        assert str(e.value).startswith(f"cannot write a training script: {reason}")
        assert "\n" not in str(e.value)
    assert not (tmp_path / "bad.py").exists()


def test_the_command_line_dispatches_on_the_suffix(tmp_path, capsys):
    xor = str(paths.example("xor-worked-example"))
    out = tmp_path / "xor.py"
    assert main(["export", xor, str(out)]) == 0
    said = capsys.readouterr()
    assert said.err == "" and said.out == (f"wrote {out} (PyTorch training script: python "
                                           f"xor.py --epochs N --output TRAINED.netsim)\n")
    ast.parse(out.read_text(encoding="utf-8"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["xor.py"]  # nothing left behind
    for wrong in ("xor.txt", "xor.pt", "xor"):
        assert main(["export", xor, str(tmp_path / wrong)]) == 2
        err = capsys.readouterr().err.strip()
        assert err.splitlines() == [err] and ".onnx" in err and ".py" in err
    empty = tmp_path / "empty.netsim"
    nf = load(xor)
    nf.dataset = None
    save(empty, nf)
    assert main(["export", str(empty), str(tmp_path / "empty.py")]) == 1
    err = capsys.readouterr().err
    assert err == ("netsim export: cannot write a training script: there is no training data: "
                   "the dataset has no rows\n")
    assert not (tmp_path / "empty.py").exists()


def test_the_command_line_says_the_script_trains_once_without_restarts(tmp_path, capsys):
    nf = load(paths.example("xor-worked-example"))
    nf.training.restarts = 5
    save(tmp_path / "restarts.netsim", nf)
    assert main(["export", str(tmp_path / "restarts.netsim"), str(tmp_path / "r.py")]) == 0
    assert capsys.readouterr().err == ("netsim: note: the script trains once from the file's "
                                       "weights; netsim's 5 restarts are not part of it\n")


def test_export_is_atomic_and_says_why_it_cannot_write(tmp_path, monkeypatch):
    from netsim.io import atomic
    from netsim.io.fileformat import FormatError
    nf = load(paths.example("xor-worked-example"))
    target = tmp_path / "xor.py"
    target.write_text("old", encoding="utf-8")

    def full(fd):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(FormatError, match="^xor.py: cannot write the file: No space left"):
        torch_export.export(nf, target)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["xor.py"]
    with pytest.raises(FormatError, match="^x.py: cannot write the file: No such file"):
        torch_export.export(nf, tmp_path / "no such folder" / "x.py")

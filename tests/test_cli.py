"""The `netsim` command: every subcommand and its error paths."""
import io
import os
import json
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from netsim import paths
from netsim.cli import main
from netsim.cli_commands import Progress
from netsim.engine import Dataset, Network, TrainingSettings
from netsim.engine.restarts import Side
from netsim.engine.scaling import Scaling
from netsim.engine.trace import trace
from netsim.engine.trainer import Trainer, train_with_restarts
from netsim.io.fileformat import NetworkFile, load, save

XOR = str(paths.example("xor-worked-example"))


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def one_line_error(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


def test_validate(capsys):
    status, out, err = run(capsys, "validate", XOR)
    assert status == 0 and err == ""
    assert out == ("xor-worked-example.netsim: valid: 6 neurons (2 input, 1 bias, 2 hidden, "
                   "1 output), 9 connections, dataset 4 rows\n")


def test_validate_every_example(capsys):
    for path in paths.examples():
        status, out, _ = run(capsys, "validate", str(path))
        assert status == 0 and out.startswith(f"{path.name}: valid: ")


@pytest.mark.parametrize("content, message", [
    ("{", "bad.netsim: "),
    ('{"format": "netsim", "version": 9, "neurons": [], "connections": []}', "bad.netsim: "),
])
def test_validate_refuses_a_bad_file(capsys, tmp_path, content, message):
    bad = tmp_path / "bad.netsim"
    bad.write_text(content)
    status, out, err = run(capsys, "validate", str(bad))
    assert status == 1 and out == ""
    assert one_line_error(err).startswith("netsim: " + message)


def test_validate_missing_file(capsys, tmp_path):
    status, _, err = run(capsys, "validate", str(tmp_path / "none.netsim"))
    assert status == 1 and "none.netsim" in one_line_error(err)


def test_trace_json_is_the_engine_trace(capsys):
    status, out, err = run(capsys, "trace", XOR, "--row", "2", "--json")
    assert status == 0 and err == ""
    got = json.loads(out)
    nf = load(XOR)
    t = trace(nf.network, nf.dataset, 2)
    assert set(got) == {"row", "error", "outputs", "neurons", "connections"}
    assert got["row"] == 2 and got["error"] == t.error and got["outputs"] == t.outputs
    assert got["neurons"]["x1"] == {"net": None, "output": 0.0, "delta": None}
    assert got["neurons"]["b"] == {"net": None, "output": 1.0, "delta": None}
    h1 = t.neurons["h1"]
    assert got["neurons"]["h1"] == {"net": h1.net, "output": h1.output, "delta": h1.delta}
    assert got["connections"][0] == {"source": "x1", "target": "h1", "weight": 0.25,
                                      "gradient": t.connections[0].gradient}
    assert len(got["connections"]) == 9


def test_trace_table_shows_seed000_numbers(capsys):
    status, out, _ = run(capsys, "trace", XOR)
    assert status == 0
    assert out.startswith("row 0 of 4: x1 = 1, x2 = 0; target y = 1\n")
    assert "h1           hidden  sigmoid            1.25      0.7773  0.00133862" in out
    assert "h1 -> y                      0.3   -0.0200362         0.310018" in out
    assert out.endswith("error J = 0.0156597 (squared_error)\n")


def test_trace_errors(capsys, tmp_path):
    status, _, err = run(capsys, "trace", XOR, "--row", "4")
    assert status == 1
    assert one_line_error(err) == "netsim trace: row 4 is out of range: the dataset has 4 rows (0 to 3)"
    nf = load(XOR)
    nf.dataset = None
    save(tmp_path / "nodata.netsim", nf)
    status, _, err = run(capsys, "trace", str(tmp_path / "nodata.netsim"))
    assert one_line_error(err) == "netsim trace: nodata.netsim has no dataset rows to trace"
    status, _, err = run(capsys, "trace", XOR, "--row", "one")
    assert status == 2 and "argument --row: 'one' is not a number" in one_line_error(err)


def test_train_json_matches_the_engine_and_leaves_the_input_alone(capsys, tmp_path):
    before = open(XOR, "rb").read()
    out_path = tmp_path / "trained.netsim"
    status, out, err = run(capsys, "train", XOR, "--epochs", "40", "--learning-rate", "0.3",
                           "--mode", "minibatch", "--batch-size", "3", "--momentum", "0.5",
                           "--shuffle", "--seed", "4", "--output", str(out_path), "--json")
    assert status == 0 and err == ""
    got = json.loads(out)
    assert set(got) == {"epochs", "error", "history", "accuracy"}  # XOR's 0/1 targets: classes
    nf = load(XOR)
    settings = TrainingSettings(**{**nf.training.as_dict(), "max_epochs": 40, "learning_rate": 0.3,
                                   "mode": "minibatch", "batch_size": 3, "momentum": 0.5,
                                   "shuffle": True, "seed": 4})
    trainer = Trainer(nf.network, nf.dataset, settings)
    result = trainer.run()
    nf.network.set_weights(trainer.weights())
    outputs = np.array([trace(nf.network, nf.dataset, k).outputs["y"] for k in range(4)])
    right = (outputs >= 0.5) == (nf.dataset.y[:, 0] == 1)
    assert got == {"epochs": 40, "error": result.error, "history": result.history,
                   "accuracy": right.mean()}
    assert open(XOR, "rb").read() == before
    trained = load(out_path)
    np.testing.assert_array_equal(trained.network.weights(), trainer.weights())
    assert trained.training == settings


def test_train_summary_and_target_error(capsys):
    status, out, _ = run(capsys, "train", XOR)
    assert status == 0
    assert out == ("trained 2815 epochs: error 0.00997494 (reached the target error 0.01 in epoch 2815)\n"
                   "accuracy 100% (4 of 4 training rows right)\n")


def test_train_on_csv_data(capsys, tmp_path):
    csv = tmp_path / "or.csv"
    csv.write_text("x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,1\n")
    status, out, _ = run(capsys, "train", XOR, "--data", str(csv), "--epochs", "3", "--json")
    nf = load(XOR)
    expected = Trainer(nf.network, Dataset(["x1", "x2"], ["y"], [[0, 0, 0], [0, 1, 1], [1, 0, 1],
                                                                 [1, 1, 1]]),
                       TrainingSettings(**{**nf.training.as_dict(), "max_epochs": 3})).run()
    assert status == 0 and json.loads(out)["history"] == expected.history
    csv.write_text("x1,x2,y\n0,0,0\n0,1\n")
    status, _, err = run(capsys, "train", XOR, "--data", str(csv))
    assert status == 1 and one_line_error(err).startswith("netsim: or.csv: line 3: ")


@pytest.mark.parametrize("option, value, message", [
    ("--learning-rate", "-1", "netsim train: --learning-rate must be from 0 to 1000000, not -1"),
    ("--learning-rate", "nan", "netsim train: argument --learning-rate: 'nan' is not a finite number"),
    ("--batch-size", "0", "netsim train: --batch-size must be a whole number from 1 to 1000000000, not 0"),
    ("--epochs", "0", "netsim train: --epochs must be a whole number from 1 to 1000000000, not 0"),
    ("--momentum", "1.5", "netsim train: --momentum must be at least 0 and below 1, not 1.5"),
    ("--mode", "adam", "netsim train: argument --mode: invalid choice: 'adam'"),
])
def test_train_refuses_bad_options(capsys, option, value, message):
    status, out, err = run(capsys, "train", XOR, option, value)
    assert status != 0 and out == ""
    assert one_line_error(err).startswith(message)


def test_train_divergence_is_a_clear_failure(capsys, tmp_path, line_file):
    path = line_file(0.5, [[3.0, 1.0], [-2.0, 0.5]])
    status, out, err = run(capsys, "train", str(path), "--learning-rate", "1000",
                           "--output", str(tmp_path / "out.netsim"))
    assert status == 1
    assert one_line_error(err).startswith("netsim train: training diverged in epoch ")
    assert np.isfinite(load(tmp_path / "out.netsim").network.weights()).all()
    assert out.startswith("trained ")


def test_train_warns_about_step_neurons(capsys):
    status, _, err = run(capsys, "train", str(paths.example("and-perceptron")), "--epochs", "2",
                         "--mode", "sgd")
    assert status == 0
    assert one_line_error(err).startswith("netsim: warning: 3 trainable connection(s)")
    assert one_line_error(err).endswith("they will not learn (train with mode perceptron)")


def test_train_in_perceptron_mode_says_how_many_rows_are_wrong(capsys):
    status, out, err = run(capsys, "train", str(paths.example("and-perceptron")))
    assert (status, err) == (0, "")
    assert out.splitlines() == ["trained 5 epochs: error 0 (reached the target error 0 in "
                                "epoch 5)", "accuracy 100% (4 of 4 training rows right)",
                                "misclassified: 0 of 4 training rows"]
    status, out, err = run(capsys, "train", str(paths.example("xor-worked-example")),
                           "--mode", "perceptron")
    assert status == 1
    assert err == ("netsim train: perceptron training needs sign or step output neurons fed by "
                   "inputs only, but h1 is a hidden neuron\n")


def test_train_says_the_perceptron_on_xor_does_not_converge(capsys):
    status, out, err = run(capsys, "train", str(paths.example("xor-perceptron")), "--json")
    assert status == 3  # did not learn
    data = json.loads(out)
    assert data["epochs"] == 1000 and data["misclassified"] == 2 and min(data["history"]) > 0
    assert err == ("netsim train: the perceptron rule did not converge: after 1,000 epochs 2 "
                   "of 4 training rows are still wrong; the rule converges only when a line "
                   "(a plane) separates the targets: perhaps none does, as for XOR\n")


def test_train_with_restarts(capsys):
    status, out, _ = run(capsys, "train", XOR, "--restarts", "3", "--epochs", "50")
    assert status == 0 and out.startswith("trained 50 epochs (best of 3 restarts: run ")


def test_restarts_train_side_by_side_as_one_after_another(capsys, tmp_path):
    # 60 runs of the worked example, side by side: the best run, its epochs and its
    # error curve are those of the runs trained one after another.
    nf = load(XOR)
    settings = replace(nf.training, restarts=60, max_epochs=1500)
    alone = train_with_restarts(nf.network, nf.dataset, settings)
    best = alone.results[alone.best]
    status, out, _ = run(capsys, "train", XOR, "--restarts", "60", "--epochs", "1500", "--json",
                         "--output", str(tmp_path / "best.netsim"))
    shown = json.loads(out)
    assert status == 0 and shown["epochs"] == best.epochs
    np.testing.assert_allclose(shown["history"], best.history, rtol=0, atol=1e-12)
    np.testing.assert_allclose(load(tmp_path / "best.netsim").network.weights(), alone.weights,
                               rtol=0, atol=1e-12)
    status, out, _ = run(capsys, "train", XOR, "--restarts", "60", "--epochs", "1500")
    assert out == (f"trained {best.epochs} epochs (best of 60 restarts: run {alone.best + 1}): "
                   f"error {best.error:.6g} ({best.message})\n"
                   "accuracy 100% (4 of 4 training rows right)\n")


def test_progress_bar_of_restarts_side_by_side():
    stream = io.StringIO()
    bar = Progress(200, stream)
    latest = np.array([0.3, 0.02, np.inf, 0.4])
    bar.side(Side(0, 4, 4, 50, 200, 200, latest))
    bar.close()
    assert stream.getvalue().split("\r")[-1] == f"4 runs: epoch 50/200 [{'#' * 7}{'.' * 23}] " \
                                                "best error 0.02\n"
    grouped = io.StringIO()
    bar = Progress(200, grouped)
    bar.side(Side(4, 4, 10, 200, 200, 1000, latest))
    bar.close()
    assert grouped.getvalue().split("\r")[-1].startswith("runs 5-8 of 10: epoch 200/200 [###")


def split_xor(tmp_path):
    """The XOR example with rows 1 and 3 held out for testing, as a file."""
    nf = load(XOR)
    nf.dataset = nf.dataset.with_test([False, True, False, True])
    nf.training = TrainingSettings(**{**nf.training.as_dict(), "target_error": None})
    path = tmp_path / "split.netsim"
    save(path, nf)
    return path, nf


def test_train_with_a_test_split_reports_the_test_error(capsys, tmp_path):
    path, nf = split_xor(tmp_path)
    status, out, _ = run(capsys, "validate", str(path))
    assert out.endswith("dataset 4 rows (2 held out for testing)\n")
    status, out, _ = run(capsys, "train", str(path), "--epochs", "30", "--json")
    got = json.loads(out)
    settings = TrainingSettings(**{**nf.training.as_dict(), "max_epochs": 30})
    trainer = Trainer(nf.network, nf.dataset, settings)
    expected = trainer.run()
    assert status == 0 and len(expected.test_history) == 30
    nf.network.set_weights(trainer.weights())
    outputs = np.array([trace(nf.network, nf.dataset, k).outputs["y"] for k in range(4)])
    right = (outputs >= 0.5) == (nf.dataset.y[:, 0] == 1)  # rows 1 and 3 held out
    assert got == {"epochs": 30, "error": expected.error, "history": expected.history,
                   "test_error": expected.test_history[-1],
                   "test_history": expected.test_history,
                   "accuracy": right[[0, 2]].mean(), "test_accuracy": right[[1, 3]].mean()}
    status, out, _ = run(capsys, "train", str(path), "--epochs", "30")
    share = lambda r: f"{100 * r.mean():.4g}%"  # noqa: E731
    assert out.splitlines() == [
        f"trained 30 epochs: error {expected.error:.6g} (all epochs run)",
        f"accuracy {share(right[[0, 2]])} ({right[[0, 2]].sum()} of 2 training rows right)",
        f"test error {expected.test_history[-1]:.6g} on the 2 held-out rows",
        f"test accuracy {share(right[[1, 3]])} ({right[[1, 3]].sum()} of 2 held-out rows right)"]


def test_eval(capsys):
    status, out, err = run(capsys, "eval", str(paths.example("xor-from-or-nand-and")),
                           "--input", "1,0")
    assert status == 0 and err == ""
    output, cls = out.strip().splitlines()  # 0/1 targets: the class follows
    name, value = output.split(" = ")
    assert name == "AND" and float(value) > 0.99 and cls == "class = 1"
    status, out, _ = run(capsys, "eval", XOR, "--input", "1, 0")
    y = trace(load(XOR).network, load(XOR).dataset, 0).outputs['y']
    assert out == f"y = {y!r}\nclass = {int(y >= 0.5)}\n"


@pytest.mark.parametrize("values, message", [
    ("1", "netsim eval: expected 2 input values (x1, x2), got 1"),
    ("1,a", "netsim eval: input value 2: 'a' is not a number"),
    ("1,inf", "netsim eval: input value 2: 'inf' is not a finite number"),
    ("1,1e999", "netsim eval: input value 2: '1e999' is too large"),
    ("1_000,0", "netsim eval: input value 1: '1_000' is not a number"),
    ("\u0661,0", "netsim eval: input value 1: '\u0661' is not a number"),  # Arabic-Indic 1
    ("\uff11,0", "netsim eval: input value 1: '\uff11' is not a number"),  # fullwidth 1
])
def test_eval_errors(capsys, values, message):
    status, _, err = run(capsys, "eval", XOR, "--input", values)
    assert status == 1 and one_line_error(err) == message


def test_usage_errors_are_one_line(capsys):
    status, _, err = run(capsys, "train", XOR, "--bogus")
    assert status == 2 and "unrecognized arguments: --bogus" in one_line_error(err)
    status, _, err = run(capsys, "eval", XOR)
    assert status == 2 and "--input" in one_line_error(err)


def test_progress_bar_ends_on_the_last_epoch():
    stream = io.StringIO()
    bar = Progress(100, stream)
    for epoch in range(1, 61):
        bar(epoch, 0.5 / epoch)
    bar.close()
    last = stream.getvalue().split("\r")[-1]
    assert last == f"epoch 60/100 [{'#' * 18}{'.' * 12}] error {0.5 / 60:.6g}\n"


def test_console_entry_point():
    done = subprocess.run([sys.executable, "-m", "netsim.cli", "validate", XOR],
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("xor-worked-example.netsim: valid")


def test_screenshot_writes_a_real_png(tmp_path):
    out = tmp_path / "shot.png"
    done = subprocess.run([sys.executable, "-m", "netsim.cli", "--screenshot", str(out),
                           str(paths.example("two-two-two"))], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1280, 800)


def test_screenshot_of_a_bad_file_is_one_line(tmp_path):
    bad = tmp_path / "bad.netsim"
    bad.write_text("[1, 2")
    done = subprocess.run([sys.executable, "-m", "netsim.cli", "--screenshot",
                           str(tmp_path / "x.png"), str(bad)], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 1 and not (tmp_path / "x.png").exists()
    assert one_line_error(done.stderr).startswith("netsim: bad.netsim: not valid JSON")


def test_eval_applies_the_stored_scaling_and_says_so(capsys, tmp_path):
    nf = load(XOR)
    nf.dataset = nf.dataset.with_scaling(Scaling("standardise", [0.5, 0.5], [0.5, 0.5]))
    path = tmp_path / "scaled.netsim"
    save(path, nf)
    status, out, err = run(capsys, "eval", str(path), "--input", "1,0")
    assert status == 0 and err == ""
    # the raw (1, 0) is seen as ((1 - 0.5) / 0.5, (0 - 0.5) / 0.5) = (1, -1)
    plain = Dataset(["x1", "x2"], ["y"], [[1.0, -1.0, 1.0]])
    y = trace(nf.network, plain, 0).outputs["y"]
    assert out.splitlines() == [
        "inputs standardised (x \u2212 mean) / std as stored in the file: x1 = 1, x2 = -1",
        f"y = {y!r}", f"class = {int(y >= 0.5)}"]


def test_train_with_l1_and_l2_writes_them_and_matches_the_engine(capsys, tmp_path):
    out = tmp_path / "decayed.netsim"
    status, _, err = run(capsys, "train", XOR, "--epochs", "5", "--l2", "0.01", "--l1",
                         "0.001", "--regularise-bias", "--output", str(out), "--json")
    assert status == 0 and err == ""
    saved = load(out)
    assert (saved.training.l1, saved.training.l2, saved.training.regularise_bias) == \
        (0.001, 0.01, True)
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == 2
    nf = load(XOR)
    trainer = Trainer(nf.network, nf.dataset, replace(nf.training, l1=0.001, l2=0.01,
                                                      regularise_bias=True, max_epochs=5))
    trainer.run()
    assert saved.network.weights() == trainer.weights().tolist()


@pytest.mark.parametrize("option, value, message", [
    ("--l2", "-1", "netsim train: --l2 must be from 0 to 1000000, not -1"),
    ("--l1", "inf", "netsim train: argument --l1: 'inf' is not a finite number"),
])
def test_train_refuses_bad_regularisation(capsys, option, value, message):
    status, out, err = run(capsys, "train", XOR, option, value)
    assert status != 0 and out == ""
    assert one_line_error(err).startswith(message)


def test_trace_json_of_a_softmax_group_keeps_its_shape(capsys, tmp_path):
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("b", "bias")
    for nid, w in (("a", 1.0), ("c", -0.5), ("d", 0.25)):
        net.add_neuron(nid, "output", "softmax")
        net.connect("x", nid, w)
        net.connect("b", nid, 0.1)
    path = tmp_path / "three.netsim"
    save(path, NetworkFile(net, Dataset(["x"], ["a", "c", "d"], [[2.0, 0.0, 0.0, 1.0]]),
                           TrainingSettings(loss="cross_entropy")))
    status, out, err = run(capsys, "trace", str(path), "--json")
    assert status == 0 and err == ""
    got = json.loads(out)
    z = np.array([2.1, -0.9, 0.6])
    o = np.exp(z) / np.exp(z).sum()
    assert sum(got["outputs"].values()) == pytest.approx(1.0, abs=1e-15)
    assert got["error"] == pytest.approx(-np.log(o[2]), rel=1e-14)
    y = [0.0, 0.0, 1.0]
    for k, nid in enumerate("acd"):
        assert got["outputs"][nid] == pytest.approx(o[k], rel=1e-14)
        assert got["neurons"][nid]["delta"] == pytest.approx(y[k] - o[k], abs=1e-15)
    grads = {(c["source"], c["target"]): c["gradient"] for c in got["connections"]}
    for k, nid in enumerate("acd"):
        assert grads[("x", nid)] == pytest.approx(-(y[k] - o[k]) * 2.0, abs=1e-15)
        assert grads[("b", nid)] == pytest.approx(-(y[k] - o[k]), abs=1e-15)


def test_train_on_csv_data_keeps_the_files_scaling_and_reads_a_class_column(capsys, tmp_path):
    iris = str(paths.example("iris-softmax"))
    csv = tmp_path / "few.csv"
    csv.write_text("sepal_length,sepal_width,petal_length,petal_width,species\n"
                   "5.1,3.5,1.4,0.2,setosa\n7.0,3.2,4.7,1.4,versicolor\n6.3,3.3,6.0,2.5,virginica\n")
    status, out, err = run(capsys, "train", iris, "--data", str(csv), "--epochs", "2", "--json")
    assert status == 0, err
    nf = load(iris)
    rows = [[5.1, 3.5, 1.4, 0.2, 1, 0, 0], [7.0, 3.2, 4.7, 1.4, 0, 1, 0],
            [6.3, 3.3, 6.0, 2.5, 0, 0, 1]]
    data = Dataset(nf.dataset.inputs, nf.dataset.targets, rows, scaling=nf.dataset.scaling)
    expected = Trainer(nf.network, data, replace(nf.training, max_epochs=2)).run()
    assert json.loads(out)["history"] == expected.history


def test_eval_names_the_scaled_inputs_by_their_labels(capsys):
    nf = load(paths.example("iris-softmax"))
    status, out, err = run(capsys, "eval", str(paths.example("iris-softmax")), "--input",
                           "5.1,3.5,1.4,0.2")
    assert status == 0 and err == ""
    s = nf.dataset.scaling
    seen = (np.array([5.1, 3.5, 1.4, 0.2]) - s.offset) / s.scale
    names = ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    assert out.splitlines()[0] == (
        "inputs standardised (x \u2212 mean) / std as stored in the file: "
        + ", ".join(f"{n} = {v:g}" for n, v in zip(names, seen)))

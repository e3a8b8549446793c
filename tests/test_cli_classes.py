"""The command line on class targets: train's accuracy, eval's class (hand-worked
numbers: see class_networks.py)."""
import json

import pytest

from class_networks import class_file
from netsim import paths
from netsim.cli import main

XOR = str(paths.example("xor-worked-example"))
KEEP_WEIGHTS = ("--epochs", "1", "--learning-rate", "0")  # one epoch that changes nothing


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_train_json_adds_the_accuracy_on_training_and_held_out_rows(capsys, tmp_path):
    path = class_file(tmp_path / "iris-like.netsim")
    status, out, _ = run(capsys, "train", str(path), *KEEP_WEIGHTS, "--json")
    got = json.loads(out)
    assert status == 0
    assert got["accuracy"] == 0.75 and got["test_accuracy"] == 0.0


def test_train_json_without_held_out_rows_has_no_test_accuracy(capsys, tmp_path):
    path = class_file(tmp_path / "all.netsim", held_out=False)
    status, out, _ = run(capsys, "train", str(path), *KEEP_WEIGHTS, "--json")
    got = json.loads(out)
    assert got["accuracy"] == 0.5 and "test_accuracy" not in got


def test_train_prints_the_accuracy_lines(capsys, tmp_path):
    path = class_file(tmp_path / "iris-like.netsim")
    status, out, _ = run(capsys, "train", str(path), *KEEP_WEIGHTS)
    lines = out.splitlines()
    assert lines[1] == "accuracy 75% (3 of 4 training rows right)"
    assert lines[2].startswith("test error ")
    assert lines[3] == "test accuracy 0% (0 of 2 held-out rows right)"


def test_a_regression_gets_no_accuracy(capsys, line_file):
    path = line_file(0.5, [[1.0, 0.3], [2.0, 0.7]])
    status, out, _ = run(capsys, "train", str(path), *KEEP_WEIGHTS, "--json")
    assert "accuracy" not in json.loads(out)
    status, out, _ = run(capsys, "train", str(path), *KEEP_WEIGHTS)
    assert "accuracy" not in out
    status, out, _ = run(capsys, "eval", str(path), "--input", "1")
    assert out == "y = 0.5\n"


@pytest.mark.parametrize("values, name", [("1,0", "setosa"), ("0,1", "b"),
                                          ("0.2,0.1", "virginica")])
def test_eval_names_the_predicted_class_of_a_group(capsys, tmp_path, values, name):
    path = class_file(tmp_path / "iris-like.netsim")
    status, out, _ = run(capsys, "eval", str(path), "--input", values)
    assert status == 0
    assert out.splitlines()[-1] == f"class = {name}"


def test_eval_of_a_binary_output_says_0_or_1(capsys, line_file):
    # identity y = 0.5·x on 0/1 targets: 0.5 is class 1, 0.4 class 0
    path = line_file(0.5, [[0.0, 0.0], [2.0, 1.0]])
    assert run(capsys, "eval", str(path), "--input", "1")[1] == "y = 0.5\nclass = 1\n"
    assert run(capsys, "eval", str(path), "--input", "0.8")[1] == "y = 0.4\nclass = 0\n"


def test_a_softmax_classifier_reports_its_accuracy_and_class(capsys, tmp_path):
    # softmax keeps the order of the outputs: the same classes as class_networks says
    path = class_file(tmp_path / "softmax.netsim", activation="softmax")
    status, out, _ = run(capsys, "train", str(path), *KEEP_WEIGHTS, "--loss", "cross_entropy",
                         "--json")
    got = json.loads(out)
    assert status == 0 and got["accuracy"] == 0.75 and got["test_accuracy"] == 0.0
    status, out, _ = run(capsys, "eval", str(path), "--input", "0.9,0.95")
    assert out.splitlines()[-1] == "class = b"


def test_a_class_name_is_printed_never_obeyed(capsys, tmp_path):
    from class_networks import group_data, three_outputs
    from netsim.io.fileformat import NetworkFile, save
    net = three_outputs()
    net.neuron("a").label = "\x1b[31mred"
    save(tmp_path / "h.netsim", NetworkFile(net, group_data()))
    status, out, _ = run(capsys, "eval", str(tmp_path / "h.netsim"), "--input", "1,0")
    assert out.splitlines()[-1] == "class = \\x1b[31mred"

"""What the `netsim` command prints: text from a file shown and never obeyed, numbers
without "-0", options whose values start with a minus, ranges, saturation and
non-finite outputs reported with a non-zero exit status."""
import json

import pytest

from netsim import paths
from netsim.cli import main
from netsim.cli_commands import number_text, printable
from netsim.io.fileformat import load

XOR = str(paths.example("xor-worked-example"))
ESC, BEL = "\x1b", "\x07"


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.mark.parametrize("text, shown", [
    ("plain h1 \u03b1 \u2192", "plain h1 \u03b1 \u2192"),
    (f"{ESC}[31mred{BEL}", "\\x1b[31mred\\x07"),
    ("a\nb\r\tc", "a\\nb\\r\\tc"),
    ("\x00\x7f\x9b", "\\x00\\x7f\\x9b"),
    ("abc\u202edef\u2028", "abc\\u202edef\\u2028"),
])
def test_printable_escapes_control_characters(text, shown):
    assert printable(text) == shown


def test_number_text_never_shows_minus_zero():
    assert number_text(-0.0) == "0" and number_text(-1e-300, ".3f") == "0.000"
    assert number_text(-0.5) == "-0.5" and number_text(0.0) == "0"


@pytest.fixture
def hostile(tmp_path):
    """The worked example with ESC/BEL in a label and a newline in an id."""
    data = json.loads(paths.example("xor-worked-example").read_text(encoding="utf-8"))
    text = json.dumps(data).replace('"h2"', '"h\\n2"')
    data = json.loads(text)
    for neuron in data["neurons"]:
        if neuron["id"] == "h1":
            neuron["label"] = f"{ESC}]0;pwned{BEL}{ESC}[2J"
    path = tmp_path / f"evil{ESC}[5m.netsim"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_trace_shows_labels_and_ids_escaped_one_row_per_line(capsys, hostile):
    status, out, err = run(capsys, "trace", str(hostile))
    assert status == 0 and err == ""
    assert ESC not in out and BEL not in out
    lines = out.splitlines()
    neuron_rows = [line for line in lines if line.split()[:1] and line.split()[1:2]
                   and line.split()[1] in ("input", "bias", "hidden", "output")]
    assert len(neuron_rows) == 6
    assert any(line.startswith("\\x1b]0;pwned\\x07\\x1b[2J hidden  sigmoid") for line in lines)
    assert any(line.startswith("h\\n2 ") for line in lines)
    assert any(line.startswith("x1 -> h\\n2 ") for line in lines)
    status, out, _ = run(capsys, "trace", str(hostile), "--json")
    assert ESC not in out and "\n" not in out.rstrip("\n") and "h\\n2" in out


def test_validate_train_and_eval_escape_names(capsys, hostile, tmp_path):
    status, out, _ = run(capsys, "validate", str(hostile))
    assert status == 0 and out.startswith("evil\\x1b[5m.netsim: valid: ")
    output = tmp_path / f"out{BEL}.netsim"
    status, out, _ = run(capsys, "train", str(hostile), "--epochs", "2", "--output", str(output))
    assert status == 0 and ESC not in out and BEL not in out and "out\\x07.netsim" in out
    assert load(output).network.neurons["h\n2"].role == "hidden"  # the file keeps the text


def test_errors_escape_names_and_stay_one_line(capsys, tmp_path):
    path = tmp_path / "bad.netsim"
    path.write_text(json.dumps({"format": "netsim", "version": 1, "neurons": [
        {"id": f"x{ESC}[31m\ny", "role": "inptu"}], "connections": []}), encoding="utf-8")
    status, out, err = run(capsys, "validate", str(path))
    assert status == 1 and out == ""
    # FormatError makes a message one line (a newline becomes a space); ESC is escaped.
    assert err == ('netsim: bad.netsim: unknown role "inptu" for neuron x\\x1b[31m y '
                   "(known: input, bias, hidden, output)\n")


def step_net(tmp_path):
    path = tmp_path / "and.netsim"
    path.write_bytes(paths.example("and-perceptron").read_bytes())
    return str(path)


def test_trace_prints_zero_not_minus_zero(capsys):
    # The step neuron's derivative is 0, so its delta is -0.0 in floating point.
    status, out, _ = run(capsys, "trace", str(paths.example("and-perceptron")))
    assert status == 0
    row = next(line for line in out.splitlines() if line.startswith("AND "))
    assert row.split() == ["AND", "output", "step", "0", "1", "0"]  # weights 0: step(0) = 1
    assert " -0 " not in out + " " and not any(cell == "-0" for cell in out.split())


def test_eval_takes_negative_inputs(capsys):
    status, out, err = run(capsys, "eval", XOR, "--input", "-1,0")
    assert status == 0 and err == "" and out.startswith("y = ")
    assert run(capsys, "eval", XOR, "--input", "-1e0,-.5")[0] == 0
    status, out, err = run(capsys, "eval", XOR, "--input=-1,0")
    assert status == 0 and out.startswith("y = ")


def test_option_values_with_a_minus_reach_the_range_check(capsys):
    status, out, err = run(capsys, "train", XOR, "--learning-rate", "-1e3")
    assert status == 1 and out == ""
    assert err == "netsim train: --learning-rate must be from 0 to 1000000, not -1000\n"
    status, _, err = run(capsys, "trace", XOR, "--row", "-1")
    assert status == 1 and "row -1 is out of range" in err


@pytest.mark.parametrize("option, value, message", [
    ("--restarts", "3000000000", "--restarts must be a whole number from 1 to 1000, not 3000000000"),
    ("--seed", "1e30", "--seed must be a whole number from 0 to 4294967295, not 1e+30"),
    ("--seed", "1000000000000000000000000000000",
     "--seed must be a whole number from 0 to 4294967295, not 1e+30"),
    ("--epochs", "1_000", "argument --epochs: '1_000' is not a number"),
    ("--epochs", "\uff12", "argument --epochs: '\uff12' is not a number"),
    ("--epochs", "2.5", "argument --epochs: '2.5' is not a whole number"),
    ("--target-error", "2e6", "--target-error must be from 0 to 1000000, not 2000000"),
])
def test_train_options_outside_their_range_are_refused(capsys, tmp_path, option, value, message):
    out_path = tmp_path / "never.netsim"
    status, out, err = run(capsys, "train", XOR, option, value, "--output", str(out_path))
    assert status in (1, 2) and out == "" and not out_path.exists()
    assert err.strip().splitlines() == [err.strip()] and message in err


def test_train_says_saturated_and_exits_3(capsys, tmp_path):
    out_path = tmp_path / "stuck.netsim"
    status, out, err = run(capsys, "train", XOR, "--learning-rate", "1e6", "--epochs", "100",
                           "--output", str(out_path))
    assert status == 3
    assert out.splitlines()[0] == ("trained 100 epochs: error 0.25 (all epochs run, but the "
                                   "error stopped falling)")
    assert err == ("netsim train: the error stopped falling: the neurons saturated (learning "
                   "rate 1e+06 is probably too large); h1, h2, y are on the flat part of their "
                   "activation for every row, so almost no gradient passes (error 0.25)\n")
    assert out_path.exists()  # the weights are written all the same, as asked
    assert "exit status" in _help(capsys, "train") and "3 trained, but" in _help(capsys, "train")


def test_train_that_learns_exits_0(capsys):
    status, out, err = run(capsys, "train", XOR, "--epochs", "100")
    assert status == 0 and err == ""


def _help(capsys, command):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    return " ".join(capsys.readouterr().out.split())


def test_eval_output_that_overflows_is_reported(capsys, line_file):
    path = line_file(1e300, [[1.0, 1.0]])
    status, out, err = run(capsys, "eval", str(path), "--input", "1e10")
    assert status == 1 and out == "y = inf\n"
    assert err == ("netsim eval: y is not a finite number: the network overflowed for this "
                   "input\n")
    assert run(capsys, "eval", str(path), "--input", "1")[0] == 0


def test_trace_in_perceptron_mode_shows_the_rules_update(capsys):
    # row 0 of AND from weights 0: step(0) = 1 but y = 0, so the bias weight (x = 1)
    # moves by 0.5·(0 − 1)·1 = −0.5 and the others (x = 0) stay
    status, out, _ = run(capsys, "trace", str(paths.example("and-perceptron")))
    assert status == 0
    lines = out.splitlines()
    head = next(line for line in lines if line.startswith("connection"))
    assert head.split() == ["connection", "weight", "dJ/dw", "w", "+", "0.5\u00b7(y-o)\u00b7x"]
    assert [line.split() for line in lines[-6:-3]] == [
        ["x1", "->", "y", "0", "0", "0"], ["x2", "->", "y", "0", "0", "0"],
        ["b", "->", "y", "0", "0", "-0.5"]]

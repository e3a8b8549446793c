"""Datasets from and to CSV files."""
from __future__ import annotations

import numpy as np
import pytest

import netsim.io.fileformat as ff
from netsim import paths
from netsim.engine import Dataset, Network
from netsim.io import FormatError, load, load_csv, save_csv


@pytest.fixture
def net() -> Network:
    n = Network()
    n.add_neuron("x1", "input", label="first")
    n.add_neuron("x2", "input", label="second")
    n.add_neuron("b", "bias", label="bias")
    n.add_neuron("h", "hidden")
    n.add_neuron("y", "output", label="result")
    n.add_neuron("z", "output", label="same")
    n.add_neuron("w", "output", label="same")
    return n


def write(tmp_path, text: str, name: str = "data.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_simple_file(tmp_path, net):
    ds = load_csv(write(tmp_path, "x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n"), net)
    assert ds.inputs == ["x1", "x2"] and ds.targets == ["y"]
    assert ds.rows.tolist() == [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]]
    assert ds.problem(net) is None


def test_whitespace_blank_lines_crlf_quotes_and_labels(tmp_path, net):
    text = '\r\n  result , "first",second \r\n\r\n 1.5 , -2e-3,3\r\n   \r\n4,5 ,  6\r\n'
    ds = load_csv(write(tmp_path, text), net)
    # inputs first, in header order; then targets; the columns are rearranged to match
    assert ds.inputs == ["x1", "x2"] and ds.targets == ["y"]
    assert ds.rows.tolist() == [[-0.002, 3.0, 1.5], [5.0, 6.0, 4.0]]


def test_byte_order_mark_and_several_targets(tmp_path, net):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffx2,z,x1,w,y\n1,2,3,4,5\n".encode("utf-8"))
    ds = load_csv(path, net)
    assert ds.inputs == ["x2", "x1"] and ds.targets == ["z", "w", "y"]
    assert ds.rows.tolist() == [[1, 3, 2, 4, 5]]


def test_id_wins_over_a_label(tmp_path):
    n = Network()
    n.add_neuron("a", "input", label="y")
    n.add_neuron("y", "output")
    ds = load_csv(write(tmp_path, "a,y\n1,2\n"), n)
    assert ds.inputs == ["a"] and ds.targets == ["y"]


def test_header_only_gives_an_empty_dataset(tmp_path, net):
    ds = load_csv(write(tmp_path, "x1,x2,y\n"), net)
    assert len(ds) == 0 and ds.rows.shape == (0, 3)


def test_save_and_load_round_trip(tmp_path, net):
    ds = Dataset(["x1", "x2"], ["y", "z"], [[0.1, 1e-300, -0.0, 123456789.125],
                                            [1 / 3, 2.0, 3.0, -4.5]])
    path = tmp_path / "out.csv"
    save_csv(path, ds)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "x1,x2,y,z"
    assert text.splitlines()[1] == "0.1,1e-300,-0.0,123456789.125"
    again = load_csv(path, net)
    assert again.inputs == ds.inputs and again.targets == ds.targets
    assert np.array_equal(again.rows, ds.rows)
    assert str(again.rows[0, 2]) == "-0.0"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_save_of_an_example_dataset(tmp_path):
    nf = load(paths.example("xor-worked-example"))
    path = tmp_path / "xor.csv"
    save_csv(path, nf.dataset)
    assert path.read_text() == "x1,x2,y\n1.0,0.0,1.0\n0.0,0.0,0.0\n0.0,1.0,1.0\n1.0,1.0,0.0\n"
    assert np.array_equal(load_csv(path, nf.network).rows, nf.dataset.rows)


def test_save_is_atomic(tmp_path, monkeypatch):
    path = tmp_path / "keep.csv"
    path.write_bytes(b"old")

    def boom(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ff.os, "fsync", boom)
    with pytest.raises(OSError):
        save_csv(path, Dataset(["x1"], ["y"], [[1, 2]]))
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.csv"]


def test_save_refuses_non_finite_values(tmp_path):
    with pytest.raises(ValueError, match="not a finite number"):
        save_csv(tmp_path / "x.csv", Dataset(["x1"], ["y"], [[1, float("inf")]]))
    assert list(tmp_path.iterdir()) == []


BAD = [
    ("empty", "", "data.csv: the file is empty"),
    ("blank lines only", "\n  \n\n", "data.csv: the file is empty"),
    ("unknown neuron", "x1,x2,q\n1,2,3\n", "data.csv: line 1: column 'q' names no neuron of the network"),
    ("semicolons", "x1;x2;y\n1;2;3\n",
     "data.csv: line 1: column 'x1;x2;y' names no neuron of the network "
     "(cells must be separated by commas)"),
    ("bias column", "x1,x2,bias,y\n1,2,3,4\n",
     "data.csv: line 1: column 'bias' is bias neuron b; only input and output neurons can be columns"),
    ("hidden column", "x1,x2,h,y\n1,2,3,4\n",
     "data.csv: line 1: column 'h' is hidden neuron h; only input and output neurons can be columns"),
    ("duplicate column", "x1,x2,y,y\n1,2,3,4\n", "data.csv: line 1: neuron y has two columns"),
    ("duplicate via label", "x1,first,x2,y\n1,2,3,4\n", "data.csv: line 1: neuron x1 has two columns"),
    ("ambiguous label", "x1,x2,same\n1,2,3\n",
     "data.csv: line 1: column 'same' matches the label of several neurons (z, w); use an id"),
    ("empty header cell", "x1,,x2,y\n1,2,3,4\n", "data.csv: line 1: the header has an empty cell"),
    ("no target", "x1,x2\n1,2\n",
     "data.csv: line 1: no column names an output neuron, so there are no targets"),
    ("missing input", "\nx1,y\n1,2\n", "data.csv: line 2: input neuron x2 has no column"),
    ("short row", "x1,x2,y\n1,2,3\n\n4,5\n", "data.csv: line 4: 2 cells; the header has 3"),
    ("long row", "x1,x2,y\n1,2,3,4\n", "data.csv: line 2: 4 cells; the header has 3"),
    ("text cell", "x1,x2,y\n1,2,3\n1,two,3\n", "data.csv: line 3: cell 2 is 'two', not a number"),
    ("empty cell", "x1,x2,y\n1,,3\n", "data.csv: line 2: cell 2 is empty, not a number"),
    ("underscore", "x1,x2,y\n1_000,1,1\n", "data.csv: line 2: cell 1 is '1_000', not a number"),
    ("arabic digit", "x1,x2,y\n1,\u0661,1\n", "data.csv: line 2: cell 2 is '\u0661', not a number"),
    ("fullwidth", "x1,x2,y\n1,1,\uff11\n", "data.csv: line 2: cell 3 is '\uff11', not a number"),
    ("nan cell", "x1,x2,y\nnan,1,1\n", "data.csv: line 2: cell 1 is 'nan', not a finite number"),
    ("inf cell", "x1,x2,y\n1,1,-inf\n", "data.csv: line 2: cell 3 is '-inf', not a finite number"),
    ("overflowing cell", "x1,x2,y\n1,1e999,1\n",
     "data.csv: line 2: cell 2 is '1e999', not a finite number"),
]


@pytest.mark.parametrize("text, expected", [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_csv(tmp_path, net, text, expected):
    with pytest.raises(FormatError) as info:
        load_csv(write(tmp_path, text), net)
    assert str(info.value) == expected


def test_not_utf8_missing_and_too_large(tmp_path, net, monkeypatch):
    path = tmp_path / "latin.csv"
    path.write_bytes("x1,x2,y\n1,2,3 \u00e9\n".encode("latin-1"))
    with pytest.raises(FormatError, match=r"^latin\.csv: the file is not UTF-8 text \(byte 0xe9 on line 2\)$"):
        load_csv(path, net)
    with pytest.raises(FormatError, match=r"^gone\.csv: cannot open the file: No such file"):
        load_csv(tmp_path / "gone.csv", net)
    monkeypatch.setattr(ff, "MAX_FILE_SIZE", 4)
    with pytest.raises(FormatError, match=r"^latin\.csv: the file is larger than 4 bytes"):
        load_csv(path, net)

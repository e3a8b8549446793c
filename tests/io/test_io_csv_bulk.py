"""A clean CSV is read all at once (netsim.io.csvfast); it gives the very floats float()
gives, and whatever it does not vouch for goes to the line-by-line reader, so every file
reads exactly as it did, refusals and their messages included."""
from __future__ import annotations

import random
import struct

import numpy as np
import pytest

from netsim.engine import Network
from netsim.io import FormatError, csvdata, csvfast, load_csv

# Cells where a careless conversion goes wrong by a unit in the last place, or worse.
TRICKY = [
    "0", "-0", "-0.0", "+0.0e-0", "1.", ".5", "+.5e+5", "-.25E-2", "007", "0.1", "0.3",
    "0.30000000000000004", "1.7976931348623157e308", "2.2250738585072014e-308",
    "4.9406564584124654e-324", "5e-324", "1e-300", "1e22", "1e23", "123456789e-30",
    "9007199254740992", "9007199254740993",  # 2**53 + 1: a tie, rounded to even
    "9007199254740995", "9007199254740993e-3", "18446744073709551615",
    "18446744073709551616", "1234567890123456789012345", "0.000000000000000000001234",
    "3.141592653589793238462643383279", "8.98846567431158e307", "2.5", "1e0", "1e00000008",
    "123456789012345678e-20", "0.1000000000000000055511151231257827",
    "0.10000000000000000555111512312578270211815834045410156250001",
    "0.0039215686274509803", "0.00012345678901234567", "0.000000000000000000001234",
    "0.0000000000000000000012345", "0.99999999999999999999999", "0.18446744073709551615",
    "0.184467440737095516159", "00.5", "10.0000000000000000001",
]


def network(inputs: int, outputs: int) -> Network:
    net = Network()
    for i in range(inputs):
        net.add_neuron(f"x{i}", "input")
    for k in range(outputs):
        net.add_neuron(f"y{k}", "output")
    return net


def bits(values) -> list[int]:
    return [struct.unpack("<Q", struct.pack("<d", v))[0] for v in np.ravel(values)]


@pytest.mark.parametrize("extended", [True, False], ids=["extended", "doubles only"])
def test_every_cell_is_the_float_python_reads(monkeypatch, extended):
    monkeypatch.setattr(csvfast, "EXTENDED", csvfast.EXTENDED and extended)
    rng = random.Random(13)
    cells = TRICKY + [repr(struct.unpack("<d", struct.pack("<Q", rng.getrandbits(63)))[0])
                      for _ in range(300)] + [repr(rng.random()) for _ in range(300)]
    cells = [c for c in cells if np.isfinite(float(c))]
    text = "h\n" + "\n".join(cells) + "\n"
    got = csvfast.matrix(text, 2, [0], 10 ** 6)
    assert got is not None and got.shape == (len(cells), 1)
    assert bits(got) == bits([float(c) for c in cells])


def test_files_of_plain_decimals_read_as_float_reads_them():
    # Every cell digits, a point and digits: the commonest file of fractions.
    rng = random.Random(5)
    cells = ["0.0", "1.0", "3.", ".5", "0.0039215686274509803", "0.00012345678901234567",
             "12345678901234567.0", "0.30000000000000004", "9007199254740993.0"]
    cells += [repr(rng.random() * 10 ** rng.randint(-3, 15)) for _ in range(500)]
    cells = [c for c in cells if "e" not in c]
    text = "h\n" + "\n".join(cells) + "\n"
    got = csvfast.matrix(text, 2, [0], 10 ** 6)
    assert got is not None and bits(got) == bits([float(c) for c in cells])
    for bad in (".", "1.2.3", "1..", "..5"):
        assert csvfast.matrix(f"h\n0.5\n{bad}\n", 2, [0], 10 ** 6) is None


def test_columns_come_in_dataset_order_and_signs_and_spaces_are_kept():
    text = "y0, x1 ,x0\n 1 ,-2.5e1,\t+3.\n\n4,5,6\n"
    ds = csvdata.parse_csv(text, network(2, 1))
    assert ds.inputs == ["x1", "x0"] and ds.targets == ["y0"]
    assert ds.rows.tolist() == [[-25.0, 3.0, 1.0], [5.0, 6.0, 4.0]]


def test_a_clean_file_is_not_read_cell_by_cell(tmp_path, monkeypatch):
    monkeypatch.setattr(csvdata, "_number", lambda *a: pytest.fail("read cell by cell"))
    rows = np.arange(3000.0).reshape(1000, 3) / 8
    path = tmp_path / "clean.csv"
    path.write_text("x0,x1,y0\n" + "".join(f"{a!r},{b!r},{c!r}\n" for a, b, c in rows.tolist()))
    ds = load_csv(path, network(2, 1))
    assert np.array_equal(ds.rows, rows)


def test_one_bad_cell_deep_in_a_big_file_is_named(tmp_path):
    lines = ["x0,x1,y0"] + ["0.5,1,2"] * 999
    lines[700] = "0.5,1,1_0"
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(FormatError) as info:
        load_csv(path, network(2, 1))
    assert str(info.value) == "big.csv: line 701: cell 3 is '1_0', not a number"


CELLS = ["0", "1", "-2.5", "1e3", "+.5", "3.", " 7 ", "\t8", "1 2", "", "nan", "inf", "1e999",
         "1_0", "\u0661", '"4"', "0x1", "--1", "1e", "e1", ".", "1.2.3", "5e-324", "1e-400",
         "9007199254740993", "\u00a05", "1\x0b", "1e+", "-.e1", "1.e5", "1e5.5", "1e1e1"]


def random_csv(rng: random.Random) -> str:
    header = rng.sample(["x0", "x1", "x2", "y0", "y1"], 5)
    lines = [" , ".join(header) if rng.random() < 0.2 else ",".join(header)]
    for _ in range(rng.randint(0, 6)):
        if rng.random() < 0.08:
            lines.append(rng.choice(["", "   "]))
            continue
        width = 5 if rng.random() < 0.93 else rng.randint(1, 7)
        lines.append(",".join(rng.choice(CELLS) if rng.random() < 0.15
                              else repr(rng.uniform(-9, 9)) for _ in range(width)))
    end = rng.choice(["\n", "\n", "\r\n", "\r"])
    return end.join(lines) + (end if rng.random() < 0.7 else "")


def outcome(text: str, net: Network):
    try:
        ds = csvdata.parse_csv(text, net)
        return ds.inputs, ds.targets, ds.rows.shape, bits(ds.rows)
    except csvdata._Bad as e:
        return e.line, str(e)


def test_reading_at_once_gives_what_reading_line_by_line_gives(monkeypatch):
    rng, net = random.Random(7), network(3, 2)
    texts = [random_csv(rng) for _ in range(600)]
    at_once = [outcome(t, net) for t in texts]
    monkeypatch.setattr(csvfast, "matrix", lambda *args: None)
    line_by_line = [outcome(t, net) for t in texts]
    assert at_once == line_by_line
    refused = sum(len(o) == 2 for o in at_once)
    assert 100 < refused < 500  # both kinds of file were tried

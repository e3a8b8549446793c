"""Big files load within a memory bound: the dataset's rows go straight into a float
array; what cannot be held is refused in one line."""
import json
import tracemalloc

import numpy as np
import pytest

from netsim import paths
from netsim.io import bulk, csvdata
from netsim.io.csvdata import load_csv
from netsim.io.fileformat import FormatError, dumps, load, loads


def xor_text(rows: str, view: str = "") -> str:
    data = json.loads(paths.example("xor-worked-example").read_text(encoding="utf-8"))
    data["dataset"]["rows"] = []
    text = json.dumps(data, indent=1)
    if view:
        text = text[:text.rindex("}")] + f', "view": {view}}}'
    return text.replace('"rows": []', f'"rows": {rows}')


def zeros_file(tmp_path, n: int):
    path = tmp_path / "zeros.netsim"
    path.write_text(xor_text("[" + ",".join(["[0,0,0]"] * n) + "]"), encoding="utf-8")
    return path


def test_a_big_dataset_loads_within_a_small_multiple_of_the_file_size(tmp_path, monkeypatch):
    # The rows are converted CHUNK characters at a time: a constant (a few MiB) that a
    # small file would be measured against, so it is made smaller here.
    monkeypatch.setattr(bulk, "CHUNK", 64 * 1024)
    path = zeros_file(tmp_path, 200_000)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        nf = load(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert nf.dataset.rows.shape == (200_000, 3) and not nf.dataset.rows.any()
    # The float array alone is 24 bytes per 8-character row, 3 times the file; Python
    # lists of the rows took 17 times.
    assert peak < 6 * size, (peak, size)


def test_rows_read_in_bulk_are_exactly_the_rows_json_reads(tmp_path, monkeypatch):
    rng = np.random.default_rng(7)
    values = np.concatenate([rng.normal(size=(300, 3)) * 10.0 ** rng.integers(-300, 300, (300, 3)),
                             [[0.0, -0.0, 5e-324], [1e308, -1e-308, 123456789012345678]]])
    rows = json.dumps(values.tolist()).replace("], [", "],\n  [")
    text = xor_text(rows)
    monkeypatch.setattr(bulk, "CHUNK", 50)  # many chunks, cut after a row each time
    got = loads(text).dataset.rows
    np.testing.assert_array_equal(got, np.array(json.loads(rows), dtype=float))
    assert np.signbit(got[-2, 1])
    assert dumps(loads(text)) == dumps(loads(dumps(loads(text))))


@pytest.mark.parametrize("rows, message", [
    ("[[0, 0, 0], [1, 1]]", "dataset row 1 has 2 values; expected 3 (2 inputs, then 1 target)"),
    ("[[0, 0, 0], [1, 1, 1e400]]", "the number 1e400 is too large"),
    ("[[0, 0, 0], [1, true, 1]]", "value 2 of dataset row 1 must be a number, not true"),
    ("[[0, 0, 0], [1, 01, 1]]", "not valid JSON: Expecting ',' delimiter at line 114, column 28"),
    ("[[0, 0, 0], [1, [1], 1]]", "value 2 of dataset row 1 must be a number, not a list"),
    ("[[0, 0, 0], 5]", "dataset row 1 must be a list of 3 numbers (2 inputs, then 1 target), not 5"),
    ("[[0, 0, 0],]", "not valid JSON: Expecting value at line 114, column 22"),
])
def test_bad_rows_are_named_as_before(rows, message):
    with pytest.raises(FormatError) as info:
        loads(xor_text(rows), "x.netsim")
    assert info.value.problem == message


def test_a_second_rows_key_elsewhere_takes_the_ordinary_way():
    text = xor_text("[[0, 0, 0], [1, 1, 0]]", view='{"rows": [[1, 2]], "note": "rows"}')
    nf = loads(text)
    assert nf.dataset.rows.tolist() == [[0, 0, 0], [1, 1, 0]]
    assert nf.view == {"rows": [[1, 2]], "note": "rows"}


def test_more_numbers_than_netsim_holds_are_refused_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "MAX_VALUES", 30)
    path = zeros_file(tmp_path, 11)
    with pytest.raises(FormatError) as info:
        load(path)
    assert str(info.value) == ("zeros.netsim: the dataset holds more than 30 numbers (33), the "
                               "most netsim holds")
    assert load(zeros_file(tmp_path, 10)).dataset.rows.shape == (10, 3)


def test_json_that_would_not_fit_in_memory_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(bulk, "BUDGET_SLACK", 0)
    text = xor_text("[[0, 0, 0]]", view='{"junk": [' + ",".join(["[]"] * 20_000) + "]}")
    monkeypatch.setattr(bulk, "decode", lambda _text: pytest.fail("decoded"))
    with pytest.raises(FormatError) as info:
        loads(text, "junk.netsim")
    assert info.value.problem.startswith("the file holds too many lists, objects and values to "
                                         "read: about ")
    assert "\n" not in str(info.value)


def test_a_big_csv_loads_within_a_small_multiple_of_the_file_size(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("x1,x2,y\n" + "0,1,1\n" * 200_000, encoding="utf-8")
    network = load(paths.example("xor-worked-example")).network
    size = path.stat().st_size
    tracemalloc.start()
    try:
        ds = load_csv(path, network)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert ds.rows.shape == (200_000, 3) and ds.rows.sum() == 400_000
    # 24 bytes of floats per 6-character line is 4 times the file; a list of the lines
    # and lists of rows took 55 times.
    assert peak < 10 * size, (peak, size)


def test_a_csv_with_more_numbers_than_netsim_holds_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(csvdata, "MAX_VALUES", 30)
    path = tmp_path / "many.csv"
    path.write_text("x1,x2,y\n" + "0,1,1\n" * 11, encoding="utf-8")
    network = load(paths.example("xor-worked-example")).network
    with pytest.raises(FormatError) as info:
        load_csv(path, network)
    assert str(info.value) == ("many.csv: line 12: the dataset holds more than 30 numbers, the "
                               "most netsim holds")

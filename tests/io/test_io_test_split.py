"""The dataset's test split in a .netsim file: the optional "test_rows" key."""
from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from netsim import paths
from netsim.io import FormatError, dumps, load, loads, save

XOR_FILE = paths.example("xor-worked-example")


def with_test_rows(value) -> str:
    doc = json.loads(XOR_FILE.read_text(encoding="utf-8"))
    doc = copy.deepcopy(doc)
    doc["dataset"]["test_rows"] = value
    return json.dumps(doc)


def test_a_split_round_trips(tmp_path):
    nf = load(XOR_FILE)
    nf.dataset = nf.dataset.with_test([False, True, False, True])
    path = tmp_path / "split.netsim"
    save(path, nf)
    text = path.read_text(encoding="utf-8")
    assert '    "test_rows": [1, 3]\n  },\n' in text
    again = load(path)
    assert again.dataset.test_rows == [1, 3]
    np.testing.assert_array_equal(again.dataset.rows, nf.dataset.rows)
    assert dumps(again) == text


def test_without_a_split_the_key_is_not_written_and_files_are_unchanged():
    nf = load(XOR_FILE)
    assert nf.dataset.test_count == 0
    text = dumps(nf)
    assert "test_rows" not in text
    assert text == XOR_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize("value", [[], None])
def test_an_empty_list_or_null_is_no_split(value):
    assert loads(with_test_rows(value)).dataset.test_rows == []


def test_rows_may_be_listed_in_any_order():
    assert loads(with_test_rows([3, 0])).dataset.test_rows == [0, 3]


@pytest.mark.parametrize("value, problem", [
    ("2", '"test_rows" in the dataset must be a list of row numbers, not "2"'),
    ({"row": 1}, '"test_rows" in the dataset must be a list of row numbers, not an object'),
    ([1.0], '"test_rows" must hold row numbers (whole numbers counting from 0), not 1.0'),
    ([True], '"test_rows" must hold row numbers (whole numbers counting from 0), not true'),
    (["1"], '"test_rows" must hold row numbers (whole numbers counting from 0), not "1"'),
    ([4], '"test_rows" names row 4, but the dataset has 4 rows (0 to 3)'),
    ([-1], '"test_rows" names row -1, but the dataset has 4 rows (0 to 3)'),
    ([1, 2, 1], '"test_rows" names row 1 twice'),
    ([0, 1, 2, 3], '"test_rows" holds out every row (4 of 4); at least one row must be left '
                   'for training'),
])
def test_bad_test_rows_are_refused_in_one_line(value, problem):
    with pytest.raises(FormatError) as info:
        loads(with_test_rows(value), "xor.netsim")
    assert str(info.value) == f"xor.netsim: {problem}"


def test_a_dataset_without_rows_names_none():
    doc = json.loads(XOR_FILE.read_text(encoding="utf-8"))
    doc["dataset"]["rows"], doc["dataset"]["test_rows"] = [], [0]
    with pytest.raises(FormatError) as info:
        loads(json.dumps(doc), "xor.netsim")
    assert str(info.value) == ('xor.netsim: "test_rows" names row 0, but the dataset has '
                               '0 rows (none)')

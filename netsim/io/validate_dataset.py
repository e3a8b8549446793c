"""Checks that turn the decoded "dataset" object of a .netsim file into a Dataset.

Like validate.py, every check raises ``Invalid`` with one plain sentence. The optional
"test_rows" key lists the rows held out for testing, by index counting from 0.
"""
from __future__ import annotations

import numpy as np

from netsim.engine.dataset import Dataset
from netsim.engine.network import Network

from .validate import Invalid, number, optional_object, required_list, show

TEST_ROWS = "test_rows"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def read_dataset(top: dict, net: Network) -> Dataset | None:
    data = optional_object(top, "dataset")
    if data is None:
        return None
    columns = {}
    for key, role in (("inputs", "input"), ("targets", "output")):
        ids = required_list(data, key, "the dataset")
        seen = set()
        for nid in ids:
            if not isinstance(nid, str):
                raise Invalid(f"dataset {key} must be neuron ids, not {show(nid)}")
            if nid not in net.neurons or net.neurons[nid].role != role:
                raise Invalid(f"dataset column {show(nid)} is not an {role} neuron")
            if nid in seen:
                raise Invalid(f"dataset column {show(nid)} appears twice")
            seen.add(nid)
        columns[key] = ids
    n_in, n_out = len(columns["inputs"]), len(columns["targets"])
    width = n_in + n_out
    rows = required_list(data, "rows", "the dataset")
    values = np.empty((len(rows), width))
    layout = f"{_count(n_in, 'input')}, then {_count(n_out, 'target')}"
    for r, row in enumerate(rows):  # counted from 0, as the dataset table and "test_rows" do
        if not isinstance(row, list):
            raise Invalid(f"dataset row {r} must be a list of {width} numbers ({layout}), "
                          f"not {show(row)}")
        if len(row) != width:
            raise Invalid(f"dataset row {r} has {_count(len(row), 'value')}; "
                          f"expected {width} ({layout})")
        for k, value in enumerate(row):
            values[r, k] = number(value, f"value {k + 1} of dataset row {r}")
    test = read_test_rows(data, len(rows))
    return Dataset(list(columns["inputs"]), list(columns["targets"]), values, test)


def read_test_rows(data: dict, rows: int) -> np.ndarray:
    """The test mask from the optional "test_rows" list of row indices (from 0)."""
    test = np.zeros(rows, dtype=bool)
    listed = data.get(TEST_ROWS)
    if listed is None:
        return test
    if not isinstance(listed, list):
        raise Invalid(f"\"{TEST_ROWS}\" in the dataset must be a list of row numbers, "
                      f"not {show(listed)}")
    last = f"0 to {rows - 1}" if rows else "none"
    for item in listed:
        if isinstance(item, bool) or not isinstance(item, int):
            raise Invalid(f"\"{TEST_ROWS}\" must hold row numbers (whole numbers counting "
                          f"from 0), not {show(item)}")
        if not 0 <= item < rows:
            raise Invalid(f"\"{TEST_ROWS}\" names row {show(item)}, but the dataset has "
                          f"{_count(rows, 'row')} ({last})")
        if test[item]:
            raise Invalid(f"\"{TEST_ROWS}\" names row {item} twice")
        test[item] = True
    if rows and test.all():
        raise Invalid(f"\"{TEST_ROWS}\" holds out every row ({rows} of {rows}); at least one "
                      f"row must be left for training")
    return test

"""Checks that turn the decoded "dataset" object of a .netsim file into a Dataset.

Like validate.py, every check raises ``Invalid`` with one plain sentence. The optional
"test_rows" key lists the rows held out for testing, by index counting from 0; the
optional "image" key, [rows, columns], says that the inputs are the pixels of an image of
that shape, in row-major order; the optional "scaling" key,
{"method": "standardise" | "minmax", "offset": [...], "scale": [...]}, one offset and one
scale per input column, says that the network sees (raw − offset) / scale.
"""
from __future__ import annotations

import numpy as np

from netsim.engine.dataset import Dataset, image_shape
from netsim.engine.scaling import METHODS, Scaling
from netsim.engine.network import Network

from .bulk import MAX_VALUES, RawRows, decode_whole
from .validate import Invalid, number, optional_object, required_list, show

TEST_ROWS = "test_rows"
IMAGE = "image"
SCALING = "scaling"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def read_dataset(top: dict, net: Network, raw: RawRows | None = None) -> Dataset | None:
    """The dataset; `raw`: its "rows" list still as text (bulk.decode_file)."""
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
    values = raw.matrix(width) if raw is not None else None
    if values is None:
        if raw is not None:  # not a plain matrix: decode it to say what is wrong
            data = decode_whole(raw.text)["dataset"]
        values = _rows(required_list(data, "rows", "the dataset"), n_in, n_out)
    test = read_test_rows(data, len(values))
    return Dataset(list(columns["inputs"]), list(columns["targets"]), values, test,
                   read_image(data, n_in), read_scaling(data, n_in))


def read_scaling(data: dict, inputs: int) -> Scaling | None:
    """The optional input scaling: a method and one offset and one scale per input."""
    found = data.get(SCALING)
    if found is None:
        return None
    where = f"\"{SCALING}\" in the dataset"
    if not isinstance(found, dict):
        raise Invalid(f"{where} must be an object with \"method\", \"offset\" and "
                      f"\"scale\", not {show(found)}")
    unknown = sorted(set(found) - {"method", "offset", "scale"})
    if unknown:
        raise Invalid(f"{where} has an unknown key {show(unknown[0])}")
    method = found.get("method")
    if method not in METHODS:
        raise Invalid(f"{where}: \"method\" must be \"standardise\" or \"minmax\", "
                      f"not {show(method)}")
    lists = {}
    for key in ("offset", "scale"):
        values = required_list(found, key, where)
        if len(values) != inputs:
            raise Invalid(f"{where}: \"{key}\" has {_count(len(values), 'number')}; the "
                          f"dataset has {_count(inputs, 'input')}")
        lists[key] = [number(v, f"{key} {k + 1} of the scaling") for k, v in enumerate(values)]
    zero = [k for k, v in enumerate(lists["scale"]) if v == 0]
    if zero:
        raise Invalid(f"{where}: scale {zero[0] + 1} is 0; a column cannot be divided by 0")
    return Scaling(method, lists["offset"], lists["scale"])


def read_image(data: dict, inputs: int) -> tuple[int, int] | None:
    """The optional image shape [rows, columns] of the inputs."""
    shape = data.get(IMAGE)
    if shape is None:
        return None
    if not isinstance(shape, list):
        raise Invalid(f"\"{IMAGE}\" in the dataset must be [rows, columns], not {show(shape)}")
    if len(shape) != 2:
        raise Invalid(f"\"{IMAGE}\" in the dataset must be [rows, columns], two numbers, "
                      f"not {len(shape)}")
    try:
        return image_shape(tuple(shape), inputs)
    except ValueError as e:
        raise Invalid(f"\"{IMAGE}\" in the dataset: {e}") from None


def _rows(rows: list, n_in: int, n_out: int) -> np.ndarray:
    width = n_in + n_out
    if len(rows) * width > MAX_VALUES:
        raise Invalid(f"the dataset holds more than {MAX_VALUES:,} numbers "
                      f"({len(rows) * width:,}), the most netsim holds")
    values = np.empty((len(rows), width))
    layout = f"{_count(n_in, 'input')}, then {_count(n_out, 'target')}"
    for r, row in enumerate(rows):  # counted from 0, as the dataset table and "test_rows" do
        if not isinstance(row, list):
            raise Invalid(f"dataset row {r} must be a list of {width} numbers ({layout}), "
                          f"not {show(row)}")
        if len(row) != width:
            raise Invalid(f"dataset row {r} has {_count(len(row), 'value')}; "
                          f"expected {width} ({layout})")
        if all(type(v) is float or type(v) is int for v in row):  # not bool: a subclass
            values[r] = row
            continue
        for k, value in enumerate(row):
            values[r, k] = number(value, f"value {k + 1} of dataset row {r}")
    return values


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

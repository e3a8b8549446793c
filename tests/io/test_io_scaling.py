"""The dataset's input scaling in a .netsim file: the optional "scaling" key."""
from __future__ import annotations

import json

import numpy as np
import pytest

from netsim import paths
from netsim.io import FormatError, dumps, load, loads, save

XOR_FILE = paths.example("xor-worked-example")


def with_scaling(value, version: int = 2) -> str:
    doc = json.loads(XOR_FILE.read_text(encoding="utf-8"))
    doc["version"] = version
    doc["dataset"]["scaling"] = value
    return json.dumps(doc)


def test_a_scaling_round_trips_exactly(tmp_path):
    nf = load(XOR_FILE)
    nf.dataset = nf.dataset.with_test([False, False, False, True]).scaled("standardise")
    path = tmp_path / "scaled.netsim"
    save(path, nf)
    text = path.read_text(encoding="utf-8")
    # training rows (1,0), (0,0), (0,1): mean 1/3, std sqrt(2)/3
    offset, scale = repr(1 / 3), repr(float(np.std([1.0, 0.0, 0.0])))
    assert (f'    "scaling": {{"method": "standardise", "offset": [{offset}, {offset}], '
            f'"scale": [{scale}, {scale}]}}\n  }},\n') in text
    again = load(path)
    assert again.dataset.scaling == nf.dataset.scaling
    np.testing.assert_array_equal(again.dataset.rows, nf.dataset.rows)  # raw rows stored
    np.testing.assert_array_equal(again.dataset.x, nf.dataset.x)
    assert dumps(again) == text
    assert json.loads(text)["version"] == 2  # an older netsim refuses it, naming the version


def test_a_version_1_file_cannot_hold_a_scaling():
    with pytest.raises(FormatError) as e:
        loads(with_scaling({"method": "minmax", "offset": [0, 0], "scale": [1, 1]}, 1))
    assert e.value.problem == ('the dataset\'s "scaling" needs file format version 2, but the '
                               'file says "version": 1')


def test_without_a_scaling_the_key_is_not_written():
    assert "scaling" not in dumps(load(XOR_FILE))
    assert load(XOR_FILE).dataset.scaling is None


def test_a_file_scaling_is_read():
    nf = loads(with_scaling({"method": "minmax", "offset": [1, 0], "scale": [2, 4]}))
    np.testing.assert_array_equal(nf.dataset.x, [[0, 0], [-0.5, 0], [-0.5, 0.25], [0, 0.25]])


WHERE = '"scaling" in the dataset'


@pytest.mark.parametrize("value, problem", [
    ([1, 2], f'{WHERE} must be an object with "method", "offset" and "scale", not a list'),
    ({"method": "minmax", "offset": [0, 0], "scale": [1, 1], "centre": 1},
     f"{WHERE} has an unknown key \"centre\""),
    ({"method": "zscore", "offset": [0, 0], "scale": [1, 1]},
     f"{WHERE}: \"method\" must be \"standardise\" or \"minmax\", not \"zscore\""),
    ({"method": "minmax", "scale": [1, 1]}, f'{WHERE} has no "offset" list'),
    ({"method": "minmax", "offset": [0], "scale": [1, 1]},
     f'{WHERE}: "offset" has 1 number; the dataset has 2 inputs'),
    ({"method": "minmax", "offset": [0, 0], "scale": [1, 1, 1]},
     f'{WHERE}: "scale" has 3 numbers; the dataset has 2 inputs'),
    ({"method": "minmax", "offset": [0, "a"], "scale": [1, 1]},
     "offset 2 of the scaling must be a number, not \"a\""),
    ({"method": "minmax", "offset": [0, 0], "scale": [1, 0]},
     f"{WHERE}: scale 2 is 0; a column cannot be divided by 0"),
])
def test_a_bad_scaling_is_refused_in_one_line(value, problem):
    with pytest.raises(FormatError) as e:
        loads(with_scaling(value))
    assert e.value.problem == problem
    assert "\n" not in str(e.value)


def test_a_huge_scale_is_refused_in_one_line():
    text = with_scaling({"method": "minmax", "offset": [0, 0], "scale": [1, 1]})
    text = text.replace('"scale": [1, 1]', '"scale": [1, 1e999]')
    with pytest.raises(FormatError) as e:
        loads(text)
    assert e.value.problem == "the number 1e999 is too large"

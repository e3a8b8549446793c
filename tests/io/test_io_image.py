"""The dataset's image shape in a .netsim file: the optional "image" key."""
from __future__ import annotations

import json

import numpy as np
import pytest

from netsim.document.commands import dataset_without
from netsim.document.dataset_commands import with_column, with_rows, without_rows
from netsim.engine import Network
from netsim.engine.dataset import Dataset
from netsim.io import FormatError, dumps, loads
from netsim.io.fileformat import NetworkFile


def four_pixels() -> NetworkFile:
    net = Network()
    for i in range(4):
        net.add_neuron(f"p{i}", "input")
    net.add_neuron("y", "output", "sigmoid")
    for i in range(4):
        net.connect(f"p{i}", "y", 0.5)
    rows = np.arange(10.0).reshape(2, 5)
    return NetworkFile(net, Dataset([f"p{i}" for i in range(4)], ["y"], rows, image=(2, 2)))


def test_an_image_shape_round_trips():
    text = dumps(four_pixels())
    assert '    "image": [2, 2]\n  },\n' in text
    again = loads(text, "pixels.netsim")
    assert again.dataset.image == (2, 2)
    assert dumps(again) == text


def test_without_an_image_the_key_is_not_written():
    nf = four_pixels()
    nf.dataset = Dataset(nf.dataset.inputs, nf.dataset.targets, nf.dataset.rows)
    assert "image" not in dumps(nf)


@pytest.mark.parametrize("value, message", [
    ([3, 2], "\"image\" in the dataset: an image of 3 x 2 pixels needs 6 inputs, not 4"),
    ([4], "\"image\" in the dataset must be [rows, columns], two numbers, not 1"),
    ("2x2", "\"image\" in the dataset must be [rows, columns], not \"2x2\""),
    ([2.0, 2], "\"image\" in the dataset: an image shape is two whole numbers above 0, "
               "not 2.0 x 2"),
    ([0, 4], "\"image\" in the dataset: an image shape is two whole numbers above 0, not 0 x 4"),
    ([True, 4], "\"image\" in the dataset: an image shape is two whole numbers above 0, "
                "not True x 4"),
])
def test_a_wrong_image_shape_is_refused_in_one_line(value, message):
    doc = json.loads(dumps(four_pixels()))
    doc["dataset"]["image"] = value
    with pytest.raises(FormatError) as caught:
        loads(json.dumps(doc), "pixels.netsim")
    assert str(caught.value) == f"pixels.netsim: {message}"


def test_the_image_stays_while_the_pixels_stay():
    ds = four_pixels().dataset
    assert with_rows(ds, [[1, 2, 3, 4, 5]]).image == (2, 2)
    assert without_rows(ds, [0]).image == (2, 2)
    assert ds.split(0.5).training().image == (2, 2)
    assert with_column(ds, "z", target=True).image == (2, 2)
    assert with_column(ds, "q", target=False).image is None
    assert dataset_without(ds, "p3").image is None
    assert dataset_without(ds, "y").image == (2, 2)

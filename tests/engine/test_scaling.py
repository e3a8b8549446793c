"""Input scaling: the dataset keeps the raw rows, the network sees (raw − offset) / scale."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from netsim import paths
from netsim.document.commands import dataset_without
from netsim.document.dataset_commands import with_column, with_rows, without_rows
from netsim.engine import Dataset, TrainingSettings
from netsim.engine.scaling import Scaling, fit_scaling
from netsim.engine.trace import trace
from netsim.engine.trainer import Trainer
from netsim.io.fileformat import load

RAW = np.array([[1.0, 10.0, 5.0, 0.0],
                [3.0, 10.0, 7.0, 1.0],
                [5.0, 10.0, 9.0, 1.0],
                [7.0, 10.0, 3.0, 0.0]])


def data(**kw) -> Dataset:
    return Dataset(["a", "b", "c"], ["y"], RAW.copy(), **kw)


def test_standardise_divides_by_the_population_std_and_a_constant_column_by_1():
    s = fit_scaling(RAW[:, :3], "standardise")
    # a: mean 4, std sqrt((9+1+1+9)/4) = sqrt(5); b: constant; c: mean 6, std sqrt(5)
    np.testing.assert_allclose(s.offset, [4.0, 10.0, 6.0])
    np.testing.assert_allclose(s.scale, [np.sqrt(5), 1.0, np.sqrt(5)])
    scaled = data().with_scaling(s)
    np.testing.assert_allclose(scaled.x[:, 0], np.array([-3, -1, 1, 3]) / np.sqrt(5))
    np.testing.assert_array_equal(scaled.x[:, 1], [0, 0, 0, 0])
    np.testing.assert_array_equal(scaled.raw_x, RAW[:, :3])  # the rows stay raw
    np.testing.assert_array_equal(scaled.rows, RAW)


def test_minmax_puts_each_column_in_0_to_1():
    scaled = data().scaled("minmax")
    np.testing.assert_array_equal(scaled.scaling.offset, [1.0, 10.0, 3.0])
    np.testing.assert_array_equal(scaled.scaling.scale, [6.0, 1.0, 6.0])
    np.testing.assert_allclose(scaled.x, [[0, 0, 1 / 3], [1 / 3, 0, 2 / 3], [2 / 3, 0, 1],
                                          [1, 0, 0]])


def test_the_scaling_is_computed_from_the_training_rows_only():
    held = data(test=[False, False, False, True]).scaled("minmax")
    np.testing.assert_array_equal(held.scaling.offset, [1.0, 10.0, 5.0])
    np.testing.assert_array_equal(held.scaling.scale, [4.0, 1.0, 4.0])
    assert held.testing().scaling == held.scaling  # the held-out rows are scaled the same
    np.testing.assert_allclose(held.testing().x, [[1.5, 0.0, -0.5]])


@pytest.mark.parametrize("kwargs, message", [
    ({"method": "zscore", "offset": [0], "scale": [1]},
     "the scaling method must be one of standardise, minmax, not 'zscore'"),
    ({"method": "minmax", "offset": [0, 1], "scale": [1]},
     "the scaling has 2 offsets but 1 scales"),
    ({"method": "minmax", "offset": [0], "scale": [np.nan]},
     "every scaling offset and scale must be a finite number"),
    ({"method": "minmax", "offset": [0, 0], "scale": [1, 0]},
     "scaling scale 2 is 0; a column cannot be divided by 0"),
])
def test_bad_scalings_are_refused_in_one_line(kwargs, message):
    with pytest.raises(ValueError) as e:
        Scaling(**kwargs)
    assert str(e.value) == message


def test_a_scaling_must_have_one_column_per_input():
    with pytest.raises(ValueError, match="^the scaling has 2 columns; the dataset has 3 inputs$"):
        data(scaling=Scaling("minmax", [0, 0], [1, 1]))


def test_edits_keep_the_scaling_and_columns_follow_it():
    scaled = data().scaled("minmax")
    assert with_rows(scaled, [0, 0, 0, 0]).scaling == scaled.scaling
    assert without_rows(scaled, [0]).scaling == scaled.scaling
    assert scaled.copy().scaling == scaled.scaling
    assert scaled.with_test([True, False, False, False]).scaling == scaled.scaling
    wider = with_column(scaled, "d", target=False)
    np.testing.assert_array_equal(wider.scaling.offset, [1.0, 10.0, 3.0, 0.0])
    np.testing.assert_array_equal(wider.scaling.scale, [6.0, 1.0, 6.0, 1.0])
    narrower = dataset_without(scaled, "b")
    np.testing.assert_array_equal(narrower.scaling.offset, [1.0, 3.0])
    np.testing.assert_array_equal(narrower.scaling.scale, [6.0, 6.0])
    assert scaled.with_scaling(None).scaling is None


def xor():
    return load(paths.example("xor-worked-example"))


def test_a_scaled_dataset_traces_and_trains_like_one_holding_the_scaled_numbers():
    nf = xor()
    scaled = nf.dataset.scaled("standardise")
    np.testing.assert_array_equal(scaled.scaling.offset, [0.5, 0.5])
    np.testing.assert_array_equal(scaled.scaling.scale, [0.5, 0.5])
    plain = Dataset(scaled.inputs, scaled.targets, np.column_stack([scaled.x, scaled.y]))
    np.testing.assert_array_equal(plain.x, [[1, -1], [-1, -1], [-1, 1], [1, 1]])
    for row in range(4):
        a, b = trace(nf.network, scaled, row), trace(nf.network, plain, row)
        assert a.outputs == b.outputs
        assert {k: n.delta for k, n in a.neurons.items()} == \
            {k: n.delta for k, n in b.neurons.items()}
    settings = replace(nf.training, max_epochs=50)
    one = Trainer(nf.network.copy(), scaled, settings).run()
    two = Trainer(nf.network.copy(), plain, settings).run()
    assert one.history == two.history

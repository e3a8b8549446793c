"""Generated data sets (n-bit parity, NOT, 1-D functions), one-hot classes, and the
shipped iris and digits files."""
from __future__ import annotations

import math

import numpy as np
import pytest

from netsim.engine import Network
from netsim.engine.datasets import (FUNCTIONS, columns_problem, fit_columns, function_points,
                                    not_table, parity)
from netsim.engine.onehot import MAX_CLASSES, class_order, one_hot
from netsim.io.shipped import shipped


def test_parity_lists_every_row_in_counting_order():
    x, y = parity(3)
    assert x.shape == (8, 3) and y.shape == (8, 1)
    np.testing.assert_array_equal(x, [[0, 0, 0], [0, 0, 1], [0, 1, 0], [0, 1, 1],
                                      [1, 0, 0], [1, 0, 1], [1, 1, 0], [1, 1, 1]])
    np.testing.assert_array_equal(y[:, 0], [0, 1, 1, 0, 1, 0, 0, 1])
    x, y = parity(2)
    np.testing.assert_array_equal(y[:, 0], [0, 1, 1, 0])  # XOR
    x, y = parity(10)
    assert x.shape == (1024, 10)
    assert len({tuple(r) for r in x.tolist()}) == 1024
    np.testing.assert_array_equal(y[:, 0], x.sum(axis=1) % 2)
    assert y.sum() == 512


@pytest.mark.parametrize("bits", [1, 11, 2.0, True])
def test_parity_refuses_other_sizes(bits):
    with pytest.raises(ValueError, match="^parity takes 2 to 10 bits, not "):
        parity(bits)


def test_not():
    x, y = not_table()
    np.testing.assert_array_equal(np.column_stack([x, y]), [[0, 1], [1, 0]])


def test_functions_are_exact_on_their_intervals():
    x, y = function_points("sin", 5)
    np.testing.assert_array_equal(x[:, 0], np.linspace(-math.pi, math.pi, 5))
    np.testing.assert_allclose(y[:, 0], [0, -1, 0, 1, 0], atol=1e-15)
    x, y = function_points("square", 5)
    np.testing.assert_array_equal(x[:, 0], [-1, -0.5, 0, 0.5, 1])
    np.testing.assert_array_equal(y[:, 0], [1, 0.25, 0, 0.25, 1])
    np.testing.assert_array_equal(function_points("abs", 5)[1][:, 0], [1, 0.5, 0, 0.5, 1])
    np.testing.assert_array_equal(function_points("step", 5)[1][:, 0], [0, 0, 1, 1, 1])
    assert set(FUNCTIONS) == {"sin", "square", "abs", "step"}


def test_noise_is_seeded_and_only_on_the_targets():
    x0, y0 = function_points("square", 20)
    x1, y1 = function_points("square", 20, noise=0.1, seed=3)
    x2, y2 = function_points("square", 20, noise=0.1, seed=3)
    np.testing.assert_array_equal(x0, x1)
    np.testing.assert_array_equal(y1, y2)
    expected = y0[:, 0] + np.random.default_rng(3).normal(0.0, 0.1, size=20)
    np.testing.assert_array_equal(y1[:, 0], expected)
    assert not np.array_equal(y1, function_points("square", 20, noise=0.1, seed=4)[1])


@pytest.mark.parametrize("args, message", [
    (("cos",), "unknown function 'cos' (known: sin, square, abs, step)"),
    (("sin", 1), "the number of points must be a whole number from 2 to 100000"),
    (("sin", 10, -1.0), "the noise must be a finite number, 0 or more"),
    (("sin", 10, 0.0, -1), "the seed must be a whole number, 0 or more"),
])
def test_function_arguments_are_checked(args, message):
    with pytest.raises(ValueError) as e:
        function_points(*args)
    assert str(e.value) == message


def net(inputs: int, outputs: int) -> Network:
    n = Network()
    for k in range(inputs):
        n.add_neuron(f"x{k + 1}", "input")
    for k in range(outputs):
        n.add_neuron(f"o{k + 1}", "output")
    return n


def test_columns_must_fit_the_network():
    x, y = parity(3)
    data = fit_columns(net(3, 1), x, y)
    assert data.inputs == ["x1", "x2", "x3"] and data.targets == ["o1"]
    np.testing.assert_array_equal(data.rows, np.column_stack([x, y]))
    assert fit_columns(net(3, 2), x, y).targets == ["o1"]  # one target: the first output
    assert columns_problem(net(2, 1), 3, 1) == (
        "it has 3 inputs and 1 target; the network has 2 input neurons and 1 output neuron")
    assert columns_problem(net(4, 2), 4, 3) == (
        "it has 4 inputs and 3 targets; the network has 4 input neurons and 2 output neurons")
    assert columns_problem(net(1, 0), 1, 1) is not None
    with pytest.raises(ValueError, match="^it has 3 inputs"):
        fit_columns(net(2, 1), x, y)


def test_one_hot_sorts_classes_by_name_or_by_number():
    classes, y = one_hot(["b", "a", "c", "a"])
    assert classes == ["a", "b", "c"]
    np.testing.assert_array_equal(y, [[0, 1, 0], [1, 0, 0], [0, 0, 1], [1, 0, 0]])
    assert class_order(["10", "2", "1"]) == ["1", "2", "10"]
    assert class_order(["10", "2", "x"]) == ["10", "2", "x"]


@pytest.mark.parametrize("labels, message", [
    (["a", " ", "b"], "the class column is empty in row 1 (counting from 0)"),
    (["a", "a"], "the class column holds only one class ('a'); a classifier needs two or more"),
    ([f"n{k}" for k in range(10_000)],
     f"the class column holds 10,000 different names; netsim takes at most {MAX_CLASSES} "
     "classes"),
])
def test_bad_class_columns_are_refused_in_one_line(labels, message):
    with pytest.raises(ValueError) as e:
        one_hot(labels)
    assert str(e.value) == message


def test_shipped_iris():
    iris = shipped("iris")
    assert iris.columns == ["sepal_length", "sepal_width", "petal_length", "petal_width"]
    assert iris.x.shape == (150, 4) and iris.image is None
    classes, y = iris.one_hot()
    assert classes == ["setosa", "versicolor", "virginica"]
    np.testing.assert_array_equal(y.sum(axis=0), [50, 50, 50])
    np.testing.assert_array_equal(iris.x[0], [5.1, 3.5, 1.4, 0.2])
    np.testing.assert_array_equal(iris.x[149], [5.9, 3.0, 5.1, 1.8])
    np.testing.assert_array_equal(iris.x[34], [4.9, 3.1, 1.5, 0.2])  # Fisher's value
    assert iris.labels[0] == "setosa" and iris.labels[149] == "virginica"
    np.testing.assert_allclose(iris.x.sum(axis=0), [876.5, 458.6, 563.7, 179.9])


def test_shipped_digits():
    digits = shipped("digits")
    assert digits.x.shape == (1797, 64) and digits.image == (8, 8)
    assert digits.columns[:2] == ["r0c0", "r0c1"] and digits.columns[-1] == "r7c7"
    classes, y = digits.one_hot()
    assert classes == [str(d) for d in range(10)]
    np.testing.assert_array_equal(y.sum(axis=0),
                                  [178, 182, 177, 183, 181, 182, 181, 179, 174, 180])
    assert digits.x.min() == 0 and digits.x.max() == 16
    assert digits.x.sum() == 561718
    np.testing.assert_array_equal(digits.x[0, :8], [0, 0, 5, 13, 9, 1, 0, 0])
    assert digits.labels[0] == "0" and digits.labels[-1] == "8"


def test_an_unknown_shipped_data_set_is_refused():
    with pytest.raises(ValueError, match="^no shipped data set called 'mnist'"):
        shipped("mnist")


def test_the_data_modules_import_no_qt():
    import subprocess
    import sys
    code = ("import sys, netsim.engine.scaling, netsim.engine.onehot, netsim.engine.class_group, "
            "netsim.io.shipped, netsim.io.csvclasses, netsim.io.csvdata; "
            "print(any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_scaled_inputs_are_worked_out_once_per_rows_and_scaling():
    import pickle
    from netsim.engine import Dataset
    data = Dataset(["a", "b"], ["y"], [[1.0, 10.0, 0.0], [3.0, 30.0, 1.0]]).scaled("minmax")
    first = data.x
    assert data.x is first and not first.flags.writeable
    np.testing.assert_array_equal(first, [[0.0, 0.0], [1.0, 1.0]])
    again = pickle.loads(pickle.dumps(data))
    assert "_scaled" not in again.__dict__ and np.array_equal(again.x, first)
    data.rows = np.array([[2.0, 20.0, 0.0], [3.0, 30.0, 1.0]])  # new rows: worked out again
    np.testing.assert_array_equal(data.x, [[0.5, 0.5], [1.0, 1.0]])
    edited = data.copy()
    edited.rows[0, 0] = 1.0  # a copy's rows, changed before anything read them
    np.testing.assert_array_equal(edited.x, [[0.0, 0.5], [1.0, 1.0]])

"""Class targets, predicted classes, accuracy and confusion counts against hand-worked
numbers."""
import math

import numpy as np
import pytest

from class_networks import ROWS, group_data, three_outputs
from netsim.engine import Dataset, Network
from netsim.engine.classes import (BINARY, GROUP, NO_CLASS, accuracy, class_targets,
                                   classify, confusion)


def test_one_hot_targets_on_several_outputs_are_a_group_named_after_the_outputs():
    found = class_targets(three_outputs("sigmoid"), group_data())
    assert found.kind == GROUP
    assert found.columns == (0, 1, 2)
    assert found.names == ("setosa", "b", "virginica")


def test_a_group_predicts_by_argmax_and_counts_its_confusion():
    got = classify(three_outputs(), group_data())
    assert got.true.tolist() == [0, 1, 2, 0, 0, 2]
    assert got.predicted.tolist() == [0, 1, 2, 2, 1, 0]
    assert got.accuracy() == 0.5
    assert got.confusion().tolist() == [[1, 1, 1], [0, 1, 0], [1, 0, 1]]
    assert got.cell_rows(0, 2) == [3]
    assert got.cell_rows(0, 0) == [0]


def test_held_out_rows_are_counted_apart():
    test = np.array([False, False, False, False, True, True])
    got = classify(three_outputs(), group_data(test))
    assert got.accuracy() == 0.75
    assert got.accuracy(test=True) == 0.0
    assert got.confusion().tolist() == [[1, 0, 1], [0, 1, 0], [0, 0, 1]]
    assert got.confusion(test=True).tolist() == [[0, 1, 0], [0, 0, 0], [1, 0, 0]]
    assert got.cell_rows(2, 0, test=True) == [5]
    assert got.cell_rows(2, 0) == []


def test_a_tie_goes_to_the_first_output():
    data = Dataset(["x1", "x2"], ["a", "b", "c"], np.array([[0.5, 0.5, 0, 1, 0]]))
    assert classify(three_outputs(), data).predicted.tolist() == [0]


def binary_net() -> Network:
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("y", "output", "sigmoid")
    net.connect("x", "y", 1.0)
    return net


def test_a_single_output_with_0_1_targets_is_binary_at_threshold_one_half():
    # sigmoid(x): 0 -> 0.5 (class 1), -1 -> 0.27, 2 -> 0.88, -3 -> 0.05, 3 -> 0.95
    data = Dataset(["x"], ["y"], np.array([[0, 0], [-1, 0], [2, 1], [-3, 1], [3, 1.0]]))
    got = classify(binary_net(), data)
    assert got.targets.kind == BINARY
    assert got.targets.names == ("0", "1")
    assert got.predicted.tolist() == [1, 0, 1, 0, 1]
    assert got.true.tolist() == [0, 0, 1, 1, 1]
    assert got.accuracy() == 0.6
    assert got.confusion().tolist() == [[1, 1], [1, 2]]


@pytest.mark.parametrize("rows", [
    [[0, 0.5]],                 # a target between 0 and 1: a regression
    [[0, 2.0]],
])
def test_a_single_output_with_other_targets_has_no_classes(rows):
    assert class_targets(binary_net(), Dataset(["x"], ["y"], np.array(rows, dtype=float))) is None


@pytest.mark.parametrize("targets", [
    [1, 1, 0],  # two ones: not one-hot
    [0, 0, 0],  # no one
    [0.5, 0.5, 0],
])
def test_several_outputs_without_one_hot_targets_have_no_classes(targets):
    rows = np.array([ROWS[0], [0, 0, *targets]], dtype=float)
    assert class_targets(three_outputs(), Dataset(["x1", "x2"], ["a", "b", "c"], rows)) is None


def test_no_dataset_no_rows_or_a_dataset_that_does_not_fit_have_no_classes():
    net = three_outputs()
    assert class_targets(net, None) is None
    assert class_targets(net, Dataset(["x1", "x2"], ["a", "b", "c"], np.zeros((0, 5)))) is None
    assert class_targets(net, Dataset(["x1", "zz"], ["a", "b", "c"], np.array([ROWS[0]]))) is None


def test_a_row_with_outputs_that_are_not_numbers_predicts_no_class():
    net = three_outputs()
    net.connection("x1", "a").weight = math.nan
    got = classify(net, group_data())
    assert got.predicted.tolist() == [NO_CLASS] * 6
    assert got.accuracy() == 0.0
    assert got.confusion().sum() == 0


def test_accuracy_and_confusion_of_plain_arrays():
    assert accuracy([0, 1, 1, 2], [0, 1, 2, 2]) == 0.75
    assert math.isnan(accuracy([], []))
    assert confusion([0, 1, -1, 2], [0, 0, 1, 2], 3).tolist() == [[1, 1, 0], [0, 0, 0], [0, 0, 1]]


def test_a_softmax_group_predicts_by_argmax_of_its_probabilities():
    # softmax keeps the order of x1, x2, 0.5: the same classes as the identity outputs
    got = classify(three_outputs("softmax"), group_data())
    assert got.targets.kind == GROUP and got.targets.names == ("setosa", "b", "virginica")
    assert got.predicted.tolist() == [0, 1, 2, 2, 1, 0]
    assert got.confusion().tolist() == [[1, 1, 1], [0, 1, 0], [1, 0, 1]]


def test_a_softmax_group_beside_a_regression_output_is_the_group():
    net = three_outputs("softmax")
    net.add_neuron("d", "output", "identity", label="size")
    net.connect("x1", "d", 1.0)
    rows = np.column_stack([np.array(ROWS), np.linspace(0.1, 0.6, 6)])  # d's targets: sizes
    data = Dataset(["x1", "x2"], ["a", "b", "c", "d"], rows)
    found = class_targets(net, data)
    assert found.kind == GROUP and found.columns == (0, 1, 2)
    assert classify(net, data).accuracy() == 0.5


def test_a_classifier_compiles_once_and_takes_each_new_set_of_weights():
    from netsim.engine.classes import Classifier
    net, data = three_outputs(), group_data()
    classifier = Classifier()
    assert classifier.classify(net, data, net.weights()).predicted.tolist() == [0, 1, 2, 2, 1, 0]
    compiled = classifier._compiled
    net.connection("x2", "b").weight = 0.5  # b = x2 / 2: row 1 ties b and c (b), row 4 is a
    got = classifier.classify(net, data, np.array(net.weights()))
    assert classifier._compiled is compiled
    assert got.predicted.tolist() == [0, 1, 2, 2, 0, 0]
    assert classifier.classify(net, Dataset(["x1", "x2"], ["a", "b", "c"], np.zeros((0, 5))),
                               net.weights()) is None

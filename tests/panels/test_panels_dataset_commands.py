"""SetDataset: one undo step that replaces the whole dataset; undo puts back exactly what was."""
import numpy as np
import pytest

from netsim import paths
from netsim.document import Document
from netsim.document.dataset_commands import (SetDataset, empty_for, with_column, with_rows,
                                              with_value, without_rows)
from netsim.engine import Dataset


@pytest.fixture
def doc(qapp):
    return Document.open(paths.example("xor-worked-example"))


def test_set_dataset_replaces_a_copy_and_undo_restores_exactly(doc):
    before = doc.dataset
    rows = before.rows.copy()
    new = Dataset(["x1", "x2"], ["y"], [[0.1, 0.2, 0.3]])
    kinds = []
    doc.changed.connect(lambda change: kinds.append(change.kind))
    doc.undo_stack.push(SetDataset(doc, new, "Load something"))
    assert doc.undo_stack.text(0) == "Load something"
    np.testing.assert_array_equal(doc.dataset.rows, [[0.1, 0.2, 0.3]])
    new.rows[0, 0] = 99.0  # the command keeps its own copy
    assert doc.dataset.rows[0, 0] == 0.1
    doc.undo_stack.undo()
    np.testing.assert_array_equal(doc.dataset.rows, rows)
    assert doc.dataset.inputs == ["x1", "x2"] and doc.dataset.targets == ["y"]
    doc.undo_stack.redo()
    np.testing.assert_array_equal(doc.dataset.rows, [[0.1, 0.2, 0.3]])
    assert kinds == ["dataset"] * 3


def test_set_dataset_to_and_from_none(doc):
    rows = doc.dataset.rows.copy()
    doc.undo_stack.push(SetDataset(doc, None, "Remove the dataset"))
    assert doc.dataset is None
    doc.undo_stack.undo()
    np.testing.assert_array_equal(doc.dataset.rows, rows)
    doc.undo_stack.redo()
    doc.undo_stack.push(SetDataset(doc, empty_for(["x1", "x2"], ["y"], 1), "Create a dataset"))
    np.testing.assert_array_equal(doc.dataset.rows, [[0.0, 0.0, 0.0]])
    doc.undo_stack.undo()
    assert doc.dataset is None


def test_the_helpers_make_new_datasets_and_leave_the_old_alone(doc):
    old = doc.dataset
    rows = old.rows.copy()
    assert with_value(old, 2, 0, 0.5).rows[2, 0] == 0.5
    added = with_rows(old, [[7, 8, 9], [1, 2, 3]])
    np.testing.assert_array_equal(added.rows[4:], [[7, 8, 9], [1, 2, 3]])
    np.testing.assert_array_equal(without_rows(old, [0, 2]).rows, rows[[1, 3]])
    col = with_column(old, "x3", target=False)
    assert col.inputs == ["x1", "x2", "x3"] and col.targets == ["y"]
    np.testing.assert_array_equal(col.rows[:, 2], 0.0)
    np.testing.assert_array_equal(col.rows[:, [0, 1, 3]], rows)
    tcol = with_column(old, "z", target=True)
    assert tcol.targets == ["y", "z"]
    np.testing.assert_array_equal(tcol.rows[:, 3], 0.0)
    np.testing.assert_array_equal(old.rows, rows)
    assert old.inputs == ["x1", "x2"] and old.targets == ["y"]


def test_edits_keep_the_rows_held_out_for_testing(doc):
    from netsim.document.dataset_commands import with_test_rows
    split = doc.dataset.with_test([False, True, False, True])
    assert with_value(split, 0, 0, 5.0).test_rows == [1, 3]
    assert with_rows(split, [[0, 0, 0], [1, 1, 1]]).test.tolist() == \
        [False, True, False, True, False, False]  # new rows are training rows
    assert without_rows(split, [0, 1]).test.tolist() == [False, True]
    assert with_column(split, "y2", target=True).test_rows == [1, 3]
    assert with_test_rows(split, [0, 1], True).test_rows == [0, 1, 3]
    assert with_test_rows(split, [1], False).test_rows == [3]
    assert split.test_rows == [1, 3]  # never changed in place


def test_a_split_is_one_undo_step(doc):
    doc.undo_stack.push(SetDataset(doc, doc.dataset.split(0.5, seed=0), "Hold out 50%"))
    held = doc.dataset.test_rows
    assert len(held) == 2
    doc.undo_stack.undo()
    assert doc.dataset.test_rows == []
    doc.undo_stack.redo()
    assert doc.dataset.test_rows == held


@pytest.mark.parametrize("width", [0, 1, 3])
def test_rows_of_any_width_are_added_one_or_many_at_a_time(width):
    names = ["x1", "x2", "y"][:width]
    dataset = Dataset(names[:-1] if width else [], names[-1:], np.zeros((2, width)))
    assert len(dataset) == 2  # rows of no columns are rows too
    assert with_rows(dataset, np.ones(width)).rows.shape == (3, width)
    assert with_rows(dataset, np.ones((2, width))).rows.shape == (4, width)

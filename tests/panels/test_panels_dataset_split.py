"""Dataset dock, test split: "Hold out N % for testing" with Split and Clear, and the
table's right-click actions; every change is one undo step, and held-out rows are marked
in the table and hollow in the scatter."""
import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from netsim.panels.dataset_dock import DatasetDock
from netsim.panels.dataset_model import TEST_COLOR
from panel_fixtures import show_panel

LEFT = Qt.MouseButton.LeftButton
XOR_ROWS = [[1, 0, 1], [0, 0, 0], [0, 1, 1], [1, 1, 0]]


@pytest.fixture
def dock(qtbot, doc):
    return show_panel(qtbot, DatasetDock(), doc, (340, 560))


def type_percent(qtbot, dock, text):
    spin = dock.split.percent
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, text)
    qtbot.keyClick(spin, Qt.Key.Key_Return)


def row_headers(dock):
    model = dock.model
    return [model.headerData(r, Qt.Orientation.Vertical) for r in range(model.rowCount())]


def click_row_header(qtbot, dock, row, modifier=Qt.KeyboardModifier.NoModifier):
    header = dock.table.verticalHeader()
    y = header.sectionViewportPosition(row) + header.sectionSize(row) // 2
    qtbot.mouseClick(header.viewport(), LEFT, modifier, QPoint(header.width() // 2, y))


def expected_rows(n_held, seed, n=4):
    return sorted(int(i) for i in np.random.default_rng(seed).choice(n, n_held, replace=False))


def test_split_holds_out_the_typed_share_as_one_undo_step(qtbot, dock, doc):
    assert dock.split.isVisible() and not dock.split.clear_button.isEnabled()
    assert dock.split.summary.text() == "No test split: training uses every row."
    type_percent(qtbot, dock, "50")
    assert dock.split.percent.value() == 50
    count = doc.undo_stack.count()
    qtbot.mouseClick(dock.split.split_button, LEFT)
    held = expected_rows(2, doc.file.training.seed)
    assert doc.dataset.test_rows == held
    assert doc.undo_stack.count() == count + 1
    assert doc.undo_stack.undoText() == "Hold out 2 of 4 rows for testing"
    np.testing.assert_array_equal(doc.dataset.rows, XOR_ROWS)  # the values are untouched
    assert row_headers(dock) == [f"{r} test" if r in held else str(r) for r in range(4)]
    assert dock.split.summary.text() == ("2 of 4 rows held out for testing (marked \u201ctest"
                                         "\u201d, hollow points); training uses the other 2.")
    assert dock.split.clear_button.isEnabled()
    doc.undo_stack.undo()
    assert doc.dataset.test_rows == [] and row_headers(dock) == ["0", "1", "2", "3"]
    doc.undo_stack.redo()
    assert doc.dataset.test_rows == held


def test_held_out_rows_are_tinted_and_hollow_in_the_scatter(qtbot, dock, doc):
    type_percent(qtbot, dock, "25")
    qtbot.mouseClick(dock.split.split_button, LEFT)
    (row,) = doc.dataset.test_rows
    model = dock.model
    tinted = model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole)
    plain = model.index((row + 1) % 4, 0).data(Qt.ItemDataRole.BackgroundRole)
    assert tinted != plain
    assert model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.ForegroundRole) \
        == TEST_COLOR
    assert "held out" in model.headerData(row, Qt.Orientation.Vertical,
                                          Qt.ItemDataRole.ToolTipRole)
    x, cls = XOR_ROWS[row][:2], XOR_ROWS[row][2]
    scatter = dock.scatter
    assert scatter.points(cls, test=True).tolist() == [x]
    assert x not in scatter.points(cls).tolist()
    assert len(scatter.points(0)) + len(scatter.points(1)) == 3


def test_clear_trains_on_every_row_again(qtbot, dock, doc):
    type_percent(qtbot, dock, "50")
    qtbot.mouseClick(dock.split.split_button, LEFT)
    qtbot.mouseClick(dock.split.clear_button, LEFT)
    assert doc.dataset.test_rows == []
    assert doc.undo_stack.undoText() == "Train on every row (clear the test split)"
    assert not dock.split.clear_button.isEnabled()
    assert dock.scatter.points(0, test=True).tolist() == []
    assert dock.scatter.points(1, test=True).tolist() == []
    doc.undo_stack.undo()
    assert len(doc.dataset.test_rows) == 2


@pytest.mark.parametrize("percent, message", [
    ("90", "Cannot split: holding out 90% of 4 rows leaves no row to train on"),
    ("10", "Cannot split: 10% of 4 rows rounds to no row; hold out more"),
])
def test_a_split_that_cannot_be_made_is_refused_and_changes_nothing(qtbot, dock, doc,
                                                                    percent, message):
    count = doc.undo_stack.count()
    type_percent(qtbot, dock, percent)
    qtbot.mouseClick(dock.split.split_button, LEFT)
    assert dock.message.text() == message and dock.statuses == [message]
    assert doc.undo_stack.count() == count and doc.dataset.test_rows == []


def test_the_percentage_cannot_be_typed_out_of_range(qtbot, dock):
    type_percent(qtbot, dock, "95")
    assert dock.split.percent.value() == 9  # the 5 is not taken: 95 is above the most
    type_percent(qtbot, dock, "0")
    assert dock.split.percent.value() == 9  # nor is 0 (a 0 alone is no share)


def test_rows_selected_in_the_table_are_held_out_and_taken_back(qtbot, dock, doc):
    split = dock.split
    assert not split.hold_action.isEnabled() and not split.train_action.isEnabled()
    assert dock.table.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    assert split.hold_action in dock.table.actions()
    click_row_header(qtbot, dock, 1)
    click_row_header(qtbot, dock, 3, Qt.KeyboardModifier.ControlModifier)
    assert dock.table.selected_rows() == [1, 3]
    assert split.hold_action.isEnabled() and not split.train_action.isEnabled()
    split.hold_action.trigger()
    assert doc.dataset.test_rows == [1, 3]
    assert doc.undo_stack.undoText() == "Hold out 2 rows for testing"
    click_row_header(qtbot, dock, 3)
    assert split.train_action.isEnabled() and not split.hold_action.isEnabled()
    split.train_action.trigger()
    assert doc.dataset.test_rows == [1] and doc.undo_stack.undoText() == "Train on row 3"
    doc.undo_stack.undo()
    assert doc.dataset.test_rows == [1, 3]


def test_every_row_cannot_be_held_out(qtbot, dock, doc):
    click_row_header(qtbot, dock, 0)
    click_row_header(qtbot, dock, 3, Qt.KeyboardModifier.ShiftModifier)
    count = doc.undo_stack.count()
    dock.split.hold_action.trigger()
    message = "Cannot hold out every row: at least one row must be left for training"
    assert dock.message.text() == message and doc.undo_stack.count() == count


def test_added_and_removed_rows_keep_the_split(qtbot, dock, doc):
    click_row_header(qtbot, dock, 2)
    dock.split.hold_action.trigger()
    qtbot.mouseClick(dock.add_button, LEFT)
    assert doc.dataset.test.tolist() == [False, False, True, False, False]
    click_row_header(qtbot, dock, 0)
    qtbot.mouseClick(dock.remove_button, LEFT)
    assert doc.dataset.test.tolist() == [False, True, False, False]
    assert row_headers(dock) == ["0", "1 test", "2", "3"]


def test_a_one_row_dataset_cannot_be_split(qtbot, dock, doc):
    click_row_header(qtbot, dock, 0)
    click_row_header(qtbot, dock, 2, Qt.KeyboardModifier.ShiftModifier)
    qtbot.mouseClick(dock.remove_button, LEFT)
    assert len(doc.dataset) == 1
    assert not dock.split.split_button.isEnabled() and not dock.split.percent.isEnabled()


def test_every_control_has_a_tooltip(dock):
    split = dock.split
    for widget in (split.percent, split.split_button, split.clear_button, split.summary):
        assert widget.toolTip()
    assert split.hold_action.toolTip() and split.train_action.toolTip()

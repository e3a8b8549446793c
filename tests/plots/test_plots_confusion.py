"""ConfusionView against hand-counted confusion matrices (class_networks.py)."""
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from class_networks import class_file
from netsim.document import Document
from netsim.plots.confusion_view import FULL, TEST_ROWS, ConfusionView


@pytest.fixture
def view(qtbot, tmp_path):
    view = ConfusionView()
    qtbot.addWidget(view)
    view.set_document(Document.open(class_file(tmp_path / "iris-like.netsim")))
    view.resize(420, 320)
    view.show()
    return view


def cell_center(view, row, column):
    grid = view.grid
    return grid.visualRect(grid.model().index(row, column)).center()


def test_counts_of_the_training_rows_with_class_names(view):
    assert view.counts.tolist() == [[1, 0, 1], [0, 1, 0], [0, 0, 1]]
    grid = view.grid
    assert [grid.item(0, j).text() for j in range(3)] == ["1", "0", "1"]
    names = [grid.horizontalHeaderItem(j).text() for j in range(3)]
    assert names == ["setosa", "b", "virginica"]
    assert [grid.verticalHeaderItem(i).text() for i in range(3)] == names
    assert view.accuracy.text() == "accuracy 75% (3 of 4 rows right)"
    assert not view.hint.isVisibleTo(view)


def test_cells_are_coloured_by_count(view):
    base = view.palette().color(QPalette.ColorRole.Base)
    assert view.grid.item(0, 0).background().color().name() == FULL.name()  # the most: 1
    assert view.grid.item(0, 1).background().color().name() == base.name()  # none


def test_the_test_rows_are_a_choice(view, qtbot):
    view.rows_box.setCurrentIndex(TEST_ROWS)
    assert view.counts.tolist() == [[0, 1, 0], [0, 0, 0], [1, 0, 0]]
    assert view.accuracy.text() == "accuracy 0% (0 of 2 rows right)"


def test_clicking_a_cell_names_its_rows(view, qtbot):
    with qtbot.waitSignal(view.rows_chosen) as sent:
        qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton,
                         pos=cell_center(view, 0, 2))
    assert sent.args == [[3]]
    view.rows_box.setCurrentIndex(TEST_ROWS)
    with qtbot.waitSignal(view.rows_chosen) as sent:
        qtbot.mouseClick(view.grid.viewport(), Qt.MouseButton.LeftButton,
                         pos=cell_center(view, 2, 0))
    assert sent.args == [[5]]


def test_follows_the_weights(view, qtbot):
    # c's output 0.5 -> -1: row 3 (0.2, 0.1, -1) is now predicted a, rightly
    view.doc.set_weights({("bias", "c"): -1.0})
    qtbot.waitUntil(lambda: view.counts.tolist() == [[2, 0, 0], [0, 1, 0], [1, 0, 0]])
    assert view.accuracy.text() == "accuracy 75% (3 of 4 rows right)"


def test_a_regression_shows_a_hint(qtbot, line_file):
    view = ConfusionView()
    qtbot.addWidget(view)
    view.set_document(Document.open(line_file(0.5, [[1.0, 0.3]])))
    assert view.hint.isVisibleTo(view) and not view.grid.isVisibleTo(view)
    assert view.counts.shape == (0, 0)


def test_a_softmax_group_is_counted_by_its_largest_probability(qtbot, tmp_path):
    view = ConfusionView()
    qtbot.addWidget(view)
    view.set_document(Document.open(class_file(tmp_path / "s.netsim", activation="softmax")))
    assert view.counts.tolist() == [[1, 0, 1], [0, 1, 0], [0, 0, 1]]


def test_class_names_from_the_file_are_plain_text(qtbot, tmp_path):
    from class_networks import group_data, three_outputs
    from netsim.io.fileformat import NetworkFile, save
    net = three_outputs()
    net.neuron("a").label = "<b>bold</b> & co"
    save(tmp_path / "h.netsim", NetworkFile(net, group_data()))
    view = ConfusionView()
    qtbot.addWidget(view)
    view.set_document(Document.open(tmp_path / "h.netsim"))
    assert view.grid.horizontalHeaderItem(0).text() == "<b>bold</b> & co"
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in view.grid.item(0, 0).toolTip()

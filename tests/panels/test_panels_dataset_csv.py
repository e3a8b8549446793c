"""Dataset dock, CSV files: a preview before import; a bad file shows the loader's message
with its line number and imports nothing; export writes what import reads back."""
import numpy as np
import pytest
from PySide6.QtCore import Qt

from netsim import paths
from netsim.document import Document
from netsim.document.dataset_commands import SetDataset
from netsim.io.csvdata import load_csv
from netsim.panels.dataset_dialogs import PREVIEW_ROWS, CsvImportDialog
from netsim.panels.dataset_dock import DatasetDock
from panel_fixtures import show_panel

XOR_ROWS = [[1, 0, 1], [0, 0, 0], [0, 1, 1], [1, 1, 0]]


@pytest.fixture
def doc(qapp):
    return Document.open(paths.example("xor-from-or-nand-and"))  # y is labelled AND


@pytest.fixture
def dock(qtbot, doc):
    dock = DatasetDock()
    show_panel(qtbot, dock, doc)
    dock.previews = []
    return dock


def answer_imports(dock, path, accept=True):
    """Choose `path` in the file dialog; look at the preview, then accept it or not."""
    dock.ask_import_path = lambda: str(path)

    def confirm(dialog):
        assert isinstance(dialog, CsvImportDialog)
        dock.previews.append((dialog.windowTitle(), dialog.summary.text(),
                              [dialog.header(c) for c in range(dialog.table.columnCount())],
                              [[dialog.cell(r, c) for c in range(dialog.table.columnCount())]
                               for r in range(dialog.table.rowCount())],
                              dialog.more.isVisibleTo(dialog), dialog.more.text()))
        dock.preview_rows = [dialog.table.verticalHeaderItem(r).text()
                             for r in range(dialog.table.rowCount())]
        return accept
    dock.confirm_import = confirm


def test_a_good_file_is_previewed_then_imported_as_one_undo_step(qtbot, tmp_path, dock, doc):
    path = tmp_path / "data.csv"
    # columns by label (AND) and by id, in another order; blank lines are fine
    path.write_text("AND, x2, x1\n\n0, 0, 0\n1, 1, 0\n1, 0, 1\n0.25, 1, 1\n")
    answer_imports(dock, path)
    qtbot.mouseClick(dock.import_button, Qt.MouseButton.LeftButton)
    title, summary, headers, cells, more, _ = dock.previews[0]
    assert title == "Import data.csv"
    assert summary == ("4 rows: inputs x2, x1 \u2192 target AND. "
                       "Replaces the current dataset (4 rows).")
    assert headers == ["x2\ninput", "x1\ninput", "AND\ntarget"]
    assert cells == [["0", "0", "0"], ["1", "0", "1"], ["0", "1", "1"], ["1", "1", "0.25"]]
    assert not more
    assert doc.dataset.inputs == ["x2", "x1"] and doc.dataset.targets == ["y"]
    np.testing.assert_array_equal(doc.dataset.rows, [[0, 0, 0], [1, 0, 1], [0, 1, 1], [1, 1, 0.25]])
    assert doc.undo_stack.count() == 1 and doc.undo_stack.text(0) == "Import data.csv"
    assert dock.statuses == ["Imported 4 rows from data.csv"]
    assert [dock.model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == \
        ["x2\ninput", "x1\ninput", "AND\ntarget"]
    doc.undo_stack.undo()
    assert doc.dataset.inputs == ["x1", "x2"]
    np.testing.assert_array_equal(doc.dataset.rows, [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]])


def test_a_long_file_shows_only_its_first_rows(qtbot, tmp_path, dock, doc):
    path = tmp_path / "long.csv"
    path.write_text("x1,x2,y\n" + "".join(f"{i},{i % 2},{i % 3}\n" for i in range(50)))
    answer_imports(dock, path)
    dock.import_csv()
    _, _, _, cells, more, more_text = dock.previews[0]
    assert len(cells) == PREVIEW_ROWS and more
    assert dock.preview_rows == [str(r) for r in range(PREVIEW_ROWS)]  # as the dataset table
    assert more_text == f"\u2026 and {50 - PREVIEW_ROWS} more rows"
    assert len(doc.dataset) == 50


def test_a_cancelled_preview_imports_nothing(qtbot, tmp_path, dock, doc):
    path = tmp_path / "data.csv"
    path.write_text("x1,x2,y\n1,1,1\n")
    answer_imports(dock, path, accept=False)
    qtbot.mouseClick(dock.import_button, Qt.MouseButton.LeftButton)
    assert len(dock.previews) == 1 and doc.undo_stack.count() == 0
    np.testing.assert_array_equal(doc.dataset.rows, [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]])


def test_a_cancelled_file_dialog_does_nothing(qtbot, dock, doc):
    dock.ask_import_path = lambda: ""
    qtbot.mouseClick(dock.import_button, Qt.MouseButton.LeftButton)
    assert doc.undo_stack.count() == 0 and not dock.message.isVisible()


@pytest.mark.parametrize("text, problem", [
    ("x1,x2,y\n0,0,0\n0,abc,1\n", "line 3: cell 2 is 'abc', not a number"),
    ("x1,x2,y\n0,0,0\n1,1\n", "line 3: 2 cells; the header has 3"),
    ("x1,x2,y\n1,1,nan\n", "line 2: cell 3 is 'nan', not a finite number"),
    ("x1,q,y\n1,1,1\n", "line 1: column 'q' names no neuron of the network"),
    ("\n\nx1;x2;y\n", "line 3: column 'x1;x2;y' names no neuron of the network "
                      "(cells must be separated by commas)"),
    ("x1,x2\n0,1\n", "line 1: no column names an output neuron, so there are no targets"),
    ("x1,or,y\n", "line 1: column 'or' is hidden neuron or; only input and output neurons "
                  "can be columns"),
    ("", "the file is empty"),
])
def test_a_bad_file_shows_the_message_and_changes_nothing(qtbot, tmp_path, dock, doc, text,
                                                          problem):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    before = doc.dataset
    rows = before.rows.copy()
    answer_imports(dock, path)
    qtbot.mouseClick(dock.import_button, Qt.MouseButton.LeftButton)
    expected = f"Cannot import bad.csv: {problem}"
    assert dock.message.isVisible() and dock.message.text() == expected
    assert dock.statuses == [expected]
    assert dock.previews == []  # no preview of a bad file
    assert doc.dataset is before and doc.undo_stack.count() == 0
    np.testing.assert_array_equal(doc.dataset.rows, rows)


def test_a_missing_file_is_refused(qtbot, tmp_path, dock, doc):
    dock.import_csv(tmp_path / "nowhere.csv")
    assert dock.message.text().startswith("Cannot import nowhere.csv: cannot open the file")
    assert doc.undo_stack.count() == 0


def test_export_writes_a_file_that_imports_back(qtbot, tmp_path, dock, doc):
    path = tmp_path / "out.csv"
    asked = []
    dock.ask_export_path = lambda suggested: asked.append(suggested) or str(path)
    qtbot.mouseClick(dock.export_button, Qt.MouseButton.LeftButton)
    assert asked == [str(paths.example("xor-from-or-nand-and").with_suffix(".csv"))]
    assert path.read_text().splitlines()[0] == "x1,x2,y"
    back = load_csv(path, doc.network)
    np.testing.assert_array_equal(back.rows, doc.dataset.rows)
    assert dock.statuses == [f"Exported 4 rows to {path}"]
    assert doc.undo_stack.count() == 0


def test_export_to_a_folder_that_does_not_exist_is_refused(qtbot, tmp_path, dock, doc):
    dock.export_csv(tmp_path / "missing" / "out.csv")
    assert dock.message.isVisible() and dock.message.text().startswith("Cannot export to out.csv")


def test_import_into_a_network_without_a_dataset(qtbot, tmp_path, dock, doc):
    doc.undo_stack.push(SetDataset(doc, None, "Remove the dataset"))
    path = tmp_path / "d.csv"
    path.write_text("x1,x2,AND\n1,1,1\n")
    answer_imports(dock, path)
    dock.import_csv()
    assert dock.previews[0][1] == "1 row: inputs x1, x2 \u2192 target AND."
    np.testing.assert_array_equal(doc.dataset.rows, [[1, 1, 1]])
    assert dock.pages.currentIndex() == 1


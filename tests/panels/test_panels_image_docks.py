"""Dataset and Outputs docks on image inputs: one thumbnail column whose pixels are the
row's values, numbers on demand, editing and row selection as with numbers; and with
hundreds of plain input columns the tables estimate widths instead of measuring cells."""
import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QToolTip

from netsim.document import Document
from netsim.document.dataset_commands import SetDataset, with_value
from netsim.engine import Dataset, Network
from netsim.io.fileformat import NetworkFile
from netsim.panels.dataset_dock import DatasetDock
from netsim.panels.dataset_model import DatasetModel
from netsim.panels.outputs_model import OutputsModel
from netsim.panels.outputs_table import OutputsTable
from netsim.panels.thumbnails import IMAGE_ROLE, scale_for
from image_networks import digits_file, image_file
from panel_fixtures import show_panel

H = Qt.Orientation.Horizontal
LEFT = Qt.MouseButton.LeftButton
# a 2 × 3 picture per row; grey = round(255 · (1 − v)) on the 0…1 scale
PIXELS = [[0.0, 0.25, 0.5, 0.75, 1.0, 0.2],
          [1.0, 0.0, 1.0, 0.0, 1.0, 0.0],
          [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]]
GREYS = [[255, 191, 128, 64, 0, 204],
         [0, 255, 0, 255, 0, 255],
         [230, 204, 178, 153, 128, 102]]


def small_image_doc(rows=PIXELS) -> Document:
    """Six pixel inputs (2 × 3) → one sigmoid output, targets 0/1."""
    net = Network()
    ins = [net.add_neuron(f"p{i}", "input").id for i in range(6)]
    net.add_neuron("y", "output", "sigmoid")
    for i, nid in enumerate(ins):
        net.connect(nid, "y", 0.1 * (i + 1))
    targets = [[k % 2] for k in range(len(rows))]
    data = Dataset(ins, ["y"], np.hstack([np.array(rows, dtype=float), targets]), image=(2, 3))
    return Document(NetworkFile(net, data))


def image_grey(image, shape):
    return [[image.pixelColor(c, r).red() for c in range(shape[1])] for r in range(shape[0])]


@pytest.fixture
def small(qapp):
    return small_image_doc()


def test_the_thumbnail_pixels_are_the_rows_values_on_the_grey_scale(qtbot, small):
    dock = show_panel(qtbot, DatasetDock(), small)
    model = dock.model
    assert model.columnCount() == 2  # the picture, then the target
    for r, greys in enumerate(GREYS):
        image = model.index(r, 0).data(IMAGE_ROLE)
        assert (image.width(), image.height()) == (3, 2)
        assert sum(image_grey(image, (2, 3)), []) == greys
    assert model.index(0, 0).data() is None  # no numbers in the picture cell


def test_values_beyond_1_widen_the_scale_for_every_row(qtbot, small):
    dock = show_panel(qtbot, DatasetDock(), small)
    outputs = show_panel(qtbot, OutputsTable(), small)
    changed = []
    dock.model.dataChanged.connect(lambda a, b, _roles=(): changed.append(
        (a.row(), a.column(), b.row(), b.column())))
    small.undo_stack.push(SetDataset(small, with_value(small.dataset, 1, 0, 2.0), "edit"))
    # the scale is now 0 … 2: grey = round(255 · (2 − v) / 2)
    image = dock.model.index(0, 0).data(IMAGE_ROLE)
    assert sum(image_grey(image, (2, 3)), []) == [255, 223, 191, 159, 128, 230]
    image = dock.model.index(1, 0).data(IMAGE_ROLE)
    assert sum(image_grey(image, (2, 3)), []) == [0, 255, 128, 255, 128, 255]
    outputs.refresh()  # the Outputs dock draws on the same scale
    image = outputs.model.index(1, 0).data(IMAGE_ROLE)
    assert sum(image_grey(image, (2, 3)), []) == [0, 255, 128, 255, 128, 255]
    assert (0, 0, 2, 0) in changed  # every picture repaints
    assert (1, 0, 1, 0) in changed  # the edited row
    small.undo_stack.undo()  # back to 0 … 1
    image = dock.model.index(0, 0).data(IMAGE_ROLE)
    assert sum(image_grey(image, (2, 3)), []) == GREYS[0]
    changed.clear()
    small.undo_stack.push(SetDataset(small, with_value(small.dataset, 1, 0, 0.5), "edit"))
    assert changed == [(1, 0, 1, 0)]  # within the scale: only the edited row repaints
    assert dock.model.index(1, 0).data(IMAGE_ROLE).pixelColor(0, 0).red() == 128


def test_the_view_draws_each_input_as_a_sharp_square_of_its_grey(qtbot, small):
    dock = show_panel(qtbot, DatasetDock(), small)
    table = dock.table
    s = scale_for((2, 3))
    shot = table.viewport().grab().toImage()
    area = table.thumbnails.image_rect(table.visualRect(dock.model.index(2, 0)))
    assert (area.width(), area.height()) == (3 * s, 2 * s)
    for r in range(2):
        for c in range(3):
            for dx, dy in ((0, 0), (s - 1, s - 1)):  # both corners of the square
                color = shot.pixelColor(area.left() + c * s + dx, area.top() + r * s + dy)
                assert (color.red(), color.green(), color.blue()) == (GREYS[2][r * 3 + c],) * 3


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no raise()
def test_hovering_a_pixel_names_the_input_and_its_value(qtbot, small):
    dock = show_panel(qtbot, DatasetDock(), small)
    table = dock.table
    area = table.thumbnails.image_rect(table.visualRect(dock.model.index(0, 0)))
    s = scale_for((2, 3))
    pos = QPoint(area.left() + 1 * s + 1, area.top() + 1 * s + 1)  # row 1, column 1: p4
    viewport = table.viewport()
    QApplication.sendEvent(viewport, QHelpEvent(QHelpEvent.Type.ToolTip, pos,
                                                viewport.mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == "p4 (row 1, column 1) = 1"
    QToolTip.hideText()


def test_the_docks_show_one_picture_column_for_64_inputs(qtbot, qapp):
    doc = Document(digits_file(rows=40))
    dock = show_panel(qtbot, DatasetDock(), doc)
    outputs = show_panel(qtbot, OutputsTable(), doc, (900, 300))
    assert dock.model.columnCount() == 1 + 10
    assert dock.model.headerData(0, H) == "inputs\n8 \u00d7 8"
    assert dock.model.headerData(1, H) == "o0\ntarget"
    # outputs: the picture; target and output for each of 10; the one-hot class; right; error
    assert outputs.model.columnCount() == 1 + 2 * 10 + 3
    assert outputs.model.headerData(0, H) == "inputs\n8 \u00d7 8"
    tip = Qt.ItemDataRole.ToolTipRole
    assert dock.model.headerData(0, H, tip) == (
        "The inputs of each row as a 8 \u00d7 8 picture (0 white, 1 black). Hover a pixel for "
        "its value; double-click it to edit it. Right-click \u2192 Show Inputs as Numbers for "
        "a column per input.")
    assert outputs.model.headerData(0, H, tip) == (
        "The inputs of each row as a 8 \u00d7 8 picture (0 white, 1 black). Hover a pixel for "
        "its value. Right-click \u2192 Show Inputs as Numbers for a column per input.")
    x = doc.dataset.x
    image = outputs.model.index(7, 0).data(IMAGE_ROLE)
    grey = np.rint(255 * (1 - x[7])).astype(int).reshape(8, 8)
    assert image_grey(image, (8, 8)) == grey.tolist()
    # rows are tall enough for the picture
    s = scale_for((8, 8))
    assert dock.table.rowHeight(0) >= 8 * s and outputs.table.rowHeight(0) >= 8 * s
    assert dock.table.columnWidth(0) >= 8 * s


def test_inputs_as_numbers_from_the_menu_and_back(qtbot, small):
    dock = show_panel(qtbot, DatasetDock(), small)
    outputs = show_panel(qtbot, OutputsTable(), small)
    action = dock.table.numbers_action
    assert action in dock.table.actions() and action.isVisible()
    assert outputs.numbers_action in outputs.table.actions()
    action.trigger()
    assert dock.model.columnCount() == 6 + 1
    assert [dock.model.headerData(c, H) for c in range(3)] == ["p0\ninput", "p1\ninput",
                                                                 "p2\ninput"]
    assert dock.model.index(0, 3).data() == "0.75"
    outputs.numbers_action.trigger()
    assert outputs.model.columnCount() == 6 + 3 + 2
    action.trigger()
    assert dock.model.columnCount() == 2 and outputs.model.columnCount() == 11


def test_typing_a_pixel_value_in_numbers_is_one_undo_step(qtbot, small):
    dock = show_panel(qtbot, DatasetDock(), small)
    dock.table.numbers_action.trigger()
    table = dock.table
    table.setFocus()
    table.setCurrentIndex(dock.model.index(2, 4))
    qtbot.keyClick(table, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "0.6")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: small.dataset.rows[2, 4] == 0.6)
    assert small.undo_stack.count() == 1
    dock.table.numbers_action.trigger()  # back to pictures: the pixel is darker
    image = dock.model.index(2, 0).data(IMAGE_ROLE)
    assert image.pixelColor(1, 1).red() == 102  # round(255 · 0.4)
    small.undo_stack.undo()
    assert dock.model.index(2, 0).data(IMAGE_ROLE).pixelColor(1, 1).red() == 128


def test_double_clicking_a_pixel_edits_that_input(qtbot, small):
    dock = show_panel(qtbot, DatasetDock(), small)
    table = dock.table
    area = table.thumbnails.image_rect(table.visualRect(dock.model.index(1, 0)))
    s = scale_for((2, 3))
    pos = QPoint(area.left() + 2 * s + 1, area.top() + 1)  # row 0, column 2: p2
    qtbot.mouseDClick(table.viewport(), LEFT, pos=pos)
    assert dock.model.columnCount() == 7 and table.numbers_action.isChecked()
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
    editor = QApplication.focusWidget()
    assert table.currentIndex().row() == 1 and table.currentIndex().column() == 2
    editor.selectAll()
    qtbot.keyClicks(editor, "0.5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: small.dataset.rows[1, 2] == 0.5)


def test_the_picture_cell_is_not_edited_as_text(qtbot, small):
    dock = show_panel(qtbot, DatasetDock(), small)
    index = dock.model.index(0, 0)
    assert not dock.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not dock.model.setData(index, "0.5")


def test_clicking_pictures_selects_rows_to_remove_and_hold_out(qtbot, small):
    dock = show_panel(qtbot, DatasetDock(), small)
    table = dock.table
    rect = table.visualRect(dock.model.index(1, 0))
    qtbot.mouseClick(table.viewport(), LEFT, pos=rect.center())
    assert table.selected_rows() == [1]
    assert dock.remove_button.isEnabled()
    dock.split.hold_action.trigger()
    assert small.dataset.test.tolist() == [False, True, False]
    qtbot.mouseClick(dock.remove_button, LEFT)
    assert len(small.dataset) == 2 and small.dataset.image == (2, 3)
    assert small.dataset.rows[:, :6].tolist() == [PIXELS[0], PIXELS[2]]


def test_rows_apart_and_whole_tables_are_selected_rows(qtbot, small):
    dock = show_panel(qtbot, DatasetDock(), small)
    table, ctrl = dock.table, Qt.KeyboardModifier.ControlModifier
    first, third = (table.visualRect(dock.model.index(r, c)).center() for r, c in ((0, 1), (2, 0)))
    qtbot.mouseClick(table.viewport(), LEFT, pos=first)
    qtbot.mouseClick(table.viewport(), LEFT, ctrl, third)
    assert table.selected_rows() == [0, 2]
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_A, ctrl)
    assert table.selected_rows() == [0, 1, 2]


def test_an_edit_tells_the_view_only_the_changed_cells(qtbot, qapp):
    doc = Document(image_file(3, 4, 5, 2, rows=30, image=False))
    dock = show_panel(qtbot, DatasetDock(), doc)
    changed = []
    dock.model.dataChanged.connect(lambda a, b, _roles=(): changed.append(
        (a.row(), a.column(), b.row(), b.column())))
    doc.undo_stack.push(SetDataset(doc, with_value(doc.dataset, 17, 9, 0.5), "edit"))
    assert changed == [(17, 9, 17, 9)]


def test_a_weight_change_repaints_outputs_not_inputs(qtbot, small):
    outputs = show_panel(qtbot, OutputsTable(), small)
    changed = []
    outputs.model.dataChanged.connect(lambda a, b, _roles=(): changed.append(
        (a.row(), a.column(), b.row(), b.column())))
    small.set_weights({("p0", "y"): 3.0})
    outputs.refresh()
    assert changed == [(0, 1, 2, outputs.model.columnCount() - 1)]
    w = np.array([0.1 * (i + 1) for i in range(6)])
    w[0] = 3.0
    expected = 1 / (1 + np.exp(-(np.array(PIXELS) @ w)))
    got = [outputs.model.index(r, 2).data(Qt.ItemDataRole.UserRole) for r in range(3)]
    np.testing.assert_allclose(got, expected, rtol=1e-12)


class CountingDataset(DatasetModel):
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            self.asked.add(index.column())
        return super().data(index, role)


class CountingOutputs(OutputsModel):
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            self.asked.add(index.column())
        return super().data(index, role)


def visible_columns(table):
    header = table.horizontalHeader()
    first = header.logicalIndexAt(0)
    last = header.logicalIndexAt(table.viewport().width() - 1)
    return set(range(first, (last if last >= 0 else header.count() - 1) + 1))


def fits(table, model, columns):
    """Every shown number in these columns fits its column (no eliding)."""
    fm = table.fontMetrics()
    return all(fm.horizontalAdvance(model.index(r, c).data()) + 6 <= table.columnWidth(c)
               for c in columns for r in range(model.rowCount()))


def test_784_plain_input_columns_are_never_measured_cell_by_cell(qtbot, qapp):
    doc = Document(image_file(28, 28, 3, 10, rows=300, image=False))
    dock, outputs = DatasetDock(), OutputsTable()
    # the views keep their models, which now count the cells they are asked for
    dock.model.__class__, outputs.model.__class__ = CountingDataset, CountingOutputs
    dock.model.asked, outputs.model.asked = set(), set()
    show_panel(qtbot, dock, doc)
    show_panel(qtbot, outputs, doc, (900, 300))
    for table, model, columns in ((dock.table, dock.model, 794),
                                  (outputs.table, outputs.model, 784 + 2 * 10 + 3)):
        assert model.columnCount() == columns
        table.viewport().grab()  # paint what is in view
        assert model.asked and model.asked <= visible_columns(table)  # only cells in view
        assert len(visible_columns(table)) < 40
        widths = [table.columnWidth(c) for c in range(columns)]
        assert all(w >= 40 for w in widths)
        assert fits(table, model, range(0, 784, 97))  # numbers fit (sampled columns)

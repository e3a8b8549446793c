"""The Weight Matrix (a Hinton diagram): cells against the XOR worked example's weights,
square areas and colours read back from the picture, empty cells, the pairs of levels of
a network that is not layered, hover and click with real mouse events."""
import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QHelpEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QToolTip

from netsim import paths
from netsim.canvas import style
from netsim.document import Document
from netsim.document.commands import Connect, Delete, SetWeight
from netsim.engine import Connection
from netsim.plaintext import guessed
from netsim.plots import hinton
from netsim.plots.hinton_view import HintonView

# a shown plot window: the offscreen platform cannot propagate its size hints
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
XOR_W = [[0.25, 0.2, 1.0], [0.15, 0.1, 1.0]]  # h1, h2 from x1, x2, bias


@pytest.fixture
def view(xor_view, qtbot):
    v = xor_view(HintonView, size=(600, 400))
    v.show()
    qtbot.waitExposed(v)
    return v


def send(plot, kind, scene_point, button=Qt.MouseButton.LeftButton):
    local = QPointF(plot.mapFromScene(scene_point))
    global_ = QPointF(plot.viewport().mapToGlobal(local.toPoint()))
    buttons = button if kind == QEvent.Type.MouseButtonPress else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, local, global_, button if kind != QEvent.Type.MouseMove
                        else Qt.MouseButton.NoButton, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(plot.viewport(), event)


def click(view, row, column):
    point = view.scene_point(row, column)
    send(view.plot, QEvent.Type.MouseButtonPress, point)
    send(view.plot, QEvent.Type.MouseButtonRelease, point)


def cells(view):
    """The picture cut into its cells: (rows, columns, cell, cell, 3) RGB."""
    image = view.image.image
    m = view.matrix
    cell = image.shape[0] // len(m.rows)
    assert image.shape[:2] == (len(m.rows) * cell, len(m.columns) * cell)
    return image[..., :3].reshape(len(m.rows), cell, len(m.columns), cell, 3) \
        .transpose(0, 2, 1, 3, 4).astype(float)


def colours(view):
    """The colours the view draws with, as the canvas has them."""
    palette = view.palette()
    text, base = style.text_color(palette), style.base_color(palette)
    rgb = lambda c: np.array([c.red(), c.green(), c.blue()], float)  # noqa: E731
    return {"positive": rgb(style.weight_color(1.0, palette)),
            "negative": rgb(style.weight_color(-1.0, palette)),
            "ground": rgb(style.mix(text, base, 0.08)), "empty": rgb(base)}


def square_areas(view):
    """Each cell's square, as a share of the cell the largest square may fill: the
    coverage read back from every pixel's colour, summed."""
    c = colours(view)
    got = cells(view)
    cell = got.shape[2]
    ink = np.where((view.weights < 0)[..., None, None, None], c["negative"], c["positive"])
    channel = int(np.argmax(np.abs(c["positive"] - c["ground"])))
    ground = c["ground"][channel]
    alpha = (got[..., channel] - ground) / (ink[..., channel] - ground)
    inner = alpha[:, :, 1:-1, 1:-1] if cell >= hinton.GAP_FROM else alpha
    return inner.sum(axis=(2, 3)) / (hinton.FILL * cell) ** 2


def test_the_first_pair_is_the_inputs_into_the_hidden_layer(view):
    assert view.pairs == [(0, 1), (1, 2)]
    assert view.pair_box.count() == 2 and view.pair_box.currentText() == "level 0 \u2192 level 1"
    m = view.matrix
    assert m.rows == ["h1", "h2"] and m.columns == ["x1", "x2", "b"]
    np.testing.assert_array_equal(view.weights, XOR_W)
    np.testing.assert_array_equal(view.share, np.abs(XOR_W) / 1.0)
    assert view.left.names == ["h1", "h2"] and view.bottom.names == ["x1", "x2", "bias"]
    assert view.scale.text().endswith("the largest 1")
    assert not view.hint.isVisibleTo(view)


def test_square_areas_are_w_over_the_largest_and_colours_the_sign(view):
    doc = view.doc
    doc.undo_stack.push(SetWeight(doc, ("x2", "h2"), -0.5))
    view.refresh()
    w = [[0.25, 0.2, 1.0], [0.15, -0.5, 1.0]]
    np.testing.assert_array_equal(view.weights, w)
    np.testing.assert_array_equal(view.share, np.abs(w))
    np.testing.assert_allclose(square_areas(view), np.abs(w), atol=0.01)
    c, got = colours(view), cells(view)
    middle = got.shape[2] // 2
    np.testing.assert_array_equal(got[0, 0, middle, middle], c["positive"])
    np.testing.assert_array_equal(got[1, 1, middle, middle], c["negative"])


def test_the_largest_is_the_largest_shown(view):
    view.pair_box.setCurrentIndex(1)  # h1, h2 (and the bias) into y
    m = view.matrix
    assert m.pair == (1, 2) and m.rows == ["y"] and m.columns == ["h1", "h2", "b"]
    doc = view.doc
    doc.undo_stack.push(SetWeight(doc, ("b", "y"), 0.2))
    view.refresh()
    np.testing.assert_array_equal(view.weights, [[0.3, 0.4, 0.2]])
    np.testing.assert_allclose(view.share, [[0.75, 1.0, 0.5]], rtol=1e-15)
    np.testing.assert_allclose(square_areas(view), [[0.75, 1.0, 0.5]], atol=0.01)


def test_a_missing_connection_is_an_empty_cell(view):
    doc = view.doc
    doc.undo_stack.push(Delete(doc, [], [("x2", "h1")]))
    view.refresh()
    assert view.matrix.index[0, 1] == -1
    got, c = cells(view), colours(view)
    assert (got[0, 1] == c["empty"]).all()
    assert not (got[0, 0] == c["empty"]).all()
    assert view.cell_text(0, 1) == "x2 \u2192 h1: no connection"


def test_a_network_that_is_not_layered_offers_every_pair_with_connections(view):
    doc = view.doc
    doc.undo_stack.push(Connect(doc, Connection("h1", "h2", -2.0)))
    view.refresh()
    # levels: x1 x2 | h1 | h2 | y
    assert view.pairs == [(0, 1), (0, 2), (1, 2), (1, 3), (2, 3)]
    view.pair_box.setCurrentIndex(1)
    m = view.matrix
    assert m.rows == ["h2"] and m.columns == ["x1", "x2", "b"]
    np.testing.assert_array_equal(view.weights, [[0.15, 0.1, 1.0]])
    view.pair_box.setCurrentIndex(2)
    np.testing.assert_array_equal(view.weights, [[-2.0, 1.0]])
    np.testing.assert_array_equal(view.share, [[1.0, 0.5]])


def test_a_choice_of_pair_stays_through_an_edit_and_resets_with_another_document(view):
    view.pair_box.setCurrentIndex(1)
    doc = view.doc
    doc.undo_stack.push(SetWeight(doc, ("h1", "y"), 2.0))
    view.refresh()
    assert view.matrix.pair == (1, 2)
    view.set_document(Document.open(paths.example("xor-worked-example")))
    assert view.matrix.pair == (0, 1) and view.pair_box.currentIndex() == 0


def hover(view, row, column):
    """What the tooltip says when the mouse rests on a cell (Qt's ToolTip event)."""
    local = view.plot.mapFromScene(view.scene_point(row, column))
    event = QHelpEvent(QEvent.Type.ToolTip, local, view.plot.viewport().mapToGlobal(local))
    QApplication.sendEvent(view.plot.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_hovering_a_cell_tells_its_connection_and_weight(view):
    assert hover(view, 0, 1) == "x2 \u2192 h1: 0.2"
    assert hover(view, 1, 2) == "bias \u2192 h2: 1"


def test_clicking_a_cell_names_its_connection(view, qtbot):
    with qtbot.waitSignal(view.connection_chosen) as sent:
        click(view, 1, 0)
    assert sent.args == [("x1", "h2")]
    assert view.marker.isVisible() and view.marker.rect().topLeft() == QPointF(0, 1)


def test_a_network_without_connections_gets_the_hint(view):
    view.set_document(Document())
    assert view.hint.isVisibleTo(view) and not view.plot.isVisibleTo(view)
    assert view.matrix is None


def test_names_are_plain_text_on_the_axes_and_in_the_tooltip(view):
    doc = view.doc
    doc.set_neuron("h1", "label", "<b>h&1</b>\nx")
    view.refresh()
    assert view.left.names[0] == "<b>h&1</b> x"  # one line, as typed
    assert view.cell_text(0, 0) == "x1 \u2192 <b>h&1</b> x: 0.25"
    assert hover(view, 0, 0) == guessed("x1 \u2192 <b>h&1</b> x: 0.25")  # shown literally

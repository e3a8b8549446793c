"""The class views in the window: a confusion cell clicked selects its rows in the
Dataset dock; opening another network leaves them as a fresh window shows them."""
from PySide6.QtCore import Qt

from class_networks import class_file
from window_state import differences, shown

LEFT = Qt.MouseButton.LeftButton


def dock(window, title):
    return next(d for d in window.plot_docks if d.windowTitle() == title)


def click_cell(qtbot, view, row, column):
    grid = view.grid
    pos = grid.visualRect(grid.model().index(row, column)).center()
    qtbot.mouseClick(grid.viewport(), LEFT, pos=pos)


def choose_test_rows(qtbot, view):
    view.rows_box.setFocus()
    qtbot.keyClick(view.rows_box, Qt.Key.Key_Down)
    assert view.rows_box.currentText() == "Test rows"


def test_clicking_a_confusion_cell_selects_its_rows_in_the_dataset_dock(
        make_window, qtbot, tmp_path):
    window = make_window()
    assert window.open_file(class_file(tmp_path / "iris-like.netsim"))
    dock(window, "Confusion Matrix").raise_()
    view = window.plots["Confusion Matrix"]
    qtbot.waitUntil(view.grid.isVisible)
    assert view.counts.tolist() == [[1, 0, 1], [0, 1, 0], [0, 0, 1]]

    click_cell(qtbot, view, 0, 2)  # true setosa, predicted virginica: row 3

    table = window.dataset_panel.table
    assert table.selected_rows() == [3]
    qtbot.waitUntil(table.isVisible)  # the Dataset dock is in front
    choose_test_rows(qtbot, view)
    click_cell(qtbot, view, 2, 0)  # held out: true virginica, predicted setosa: row 5
    assert table.selected_rows() == [5]
    click_cell(qtbot, view, 1, 1)  # no held-out row is of class b
    assert table.selected_rows() == []


def test_after_opening_another_classifier_the_class_views_are_fresh(
        make_window, qtbot, tmp_path):
    first = class_file(tmp_path / "first.netsim")
    second = class_file(tmp_path / "second.netsim", held_out=False)
    window = make_window()
    assert window.open_file(first)
    dock(window, "Confusion Matrix").raise_()
    view = window.plots["Confusion Matrix"]
    qtbot.waitUntil(view.grid.isVisible)
    choose_test_rows(qtbot, view)
    click_cell(qtbot, view, 2, 0)
    window.training.train(5)
    qtbot.waitUntil(lambda: not window.training.is_running(), timeout=60_000)

    assert window.open_file(second)

    fresh = make_window()
    assert fresh.open_file(second)
    fresh.dataset_dock.raise_()  # shown once, as the click showed the first window's
    qtbot.waitUntil(fresh.dataset_panel.table.isVisible)
    for w in (window, fresh):
        w.reset_layout()
    assert differences(shown(window), shown(fresh)) == {}
    assert view.rows_box.currentText() == "Training rows"
    assert view.counts.tolist() == [[1, 1, 1], [0, 1, 0], [1, 0, 1]]


def test_the_fit_follows_the_step_through_and_a_switch_leaves_it_fresh(
        make_window, qtbot, tmp_path, line_file):
    window = make_window()
    assert window.open_file(line_file(0.5, [[1.0, 2.0], [3.0, 1.0]]))
    dock(window, "Fit").raise_()
    fit = window.plots["Fit"]
    qtbot.waitUntil(fit.plot.isVisible)
    qtbot.keyClick(window, Qt.Key.Key_F11)  # Step Row: row 0 through its update
    w = window.document.network.connection("x", "y").weight
    # one sgd step on row 0: w + α (y − w x) x, with the file's learning rate α
    alpha = window.document.file.training.learning_rate
    assert w == 0.5 + alpha * (2.0 - 0.5 * 1.0) * 1.0
    qtbot.waitUntil(lambda: fit.curves[0].getData()[1][-1] == w * fit.grid[-1])

    assert window.open_file(class_file(tmp_path / "c.netsim"))

    fresh = make_window()
    assert fresh.open_file(class_file(tmp_path / "c.netsim"))
    for w in (window, fresh):
        w.reset_layout()
    assert differences(shown(window), shown(fresh)) == {}
    assert fit.hint.isVisibleTo(fit)


def test_the_view_menu_shows_and_hides_the_new_docks(make_window, qtbot):
    window = make_window()
    texts = {a.text(): a for a in window.main_actions.view_menu.actions()}
    for title in ("Confusion Matrix", "Fit"):
        action = texts[title]
        assert action.isChecked()
        action.trigger()
        assert dock(window, title).isHidden()
        action.trigger()
        assert not dock(window, title).isHidden()

"""What a new user stumbled on: errors that need a box, menus that name things twice,
toolbars that jump, layouts that stick, status messages that are cut."""
from PySide6.QtCore import Qt

from netsim import paths


def test_a_failed_csv_import_shows_a_message_box(make_window, dialogs, tmp_path, qtbot):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,q,y\n1,1,1\n")
    panel = window.dataset_panel
    panel.ask_import_path = lambda: str(bad)
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert dialogs.errors == [("Cannot import the CSV file",
                               "bad.csv: line 1: column 'q' names no neuron of the network")]
    assert window.document.undo_stack.count() == 0


def test_a_failed_csv_export_shows_a_message_box(make_window, dialogs, tmp_path):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    window.dataset_panel.export_csv(tmp_path / "no-such-folder" / "out.csv")
    (title, text), = dialogs.errors
    assert title == "Cannot export the CSV file" and text.startswith("out.csv: ")


def test_the_step_toolbar_keeps_its_place_from_one_dataset_to_another(make_window, qtbot):
    window = make_window()
    stepping = window.stepping
    places = []
    for name in ("xor-worked-example", "two-two-two", "xor-worked-example"):
        window.open_example(paths.example(name))
        stepping.step_action.trigger()  # the stage label shows a stage
        qtbot.wait(1)
        places.append((stepping.row_picker.text(), stepping.row_picker.width(),
                       stepping.speed_slider.x()))
    texts = [text for text, _, _ in places]
    assert texts == ["Row 0  (0\u20133)", "Row 0", "Row 0  (0\u20133)"]
    assert len({place[1:] for place in places}) == 1  # the same width, the slider unmoved


def compare_step_sizes(window, qtbot):
    window.compare_step_sizes_action.trigger()
    explorer = window.plots["Learning Rates"]
    qtbot.waitUntil(lambda: not explorer.running and len(explorer.curves) == 3, timeout=20000)


def test_docks_hidden_by_compare_step_sizes_come_back_at_the_next_start(make_window, qtbot):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    window.history_dock.hide()  # the person's own choice: kept
    compare_step_sizes(window, qtbot)
    assert window.outputs_dock.isHidden() and window.equations_dock.isHidden()
    assert window.close()

    again = make_window(show=False)
    again.show()
    qtbot.waitExposed(again)
    # the layout from before the lesson: the bottom docks in their tabs, Outputs in front
    assert again.outputs_dock.isVisible() and not again.equations_dock.isHidden()
    assert again.history_dock.isHidden()
    bottom = [d for d in again.docks() if again.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
    assert len(bottom) == 13 and not any(d.isHidden() for d in bottom)
    assert set(again.tabifiedDockWidgets(again.outputs_dock)) == set(bottom) - {again.outputs_dock}


def test_docks_shown_again_after_the_lesson_are_kept_as_they_are(make_window, qtbot):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    compare_step_sizes(window, qtbot)
    window.outputs_dock.show()  # View ▸ Outputs: the person takes the layout over
    window.equations_dock.show()
    for dock in window.hidden_for_lesson:
        dock.show()
    assert window.close()
    again = make_window(show=False)
    again.show()
    qtbot.waitExposed(again)
    rates = next(d for d in again.plot_docks if d.windowTitle() == "Learning Rates")
    land = next(d for d in again.plot_docks if d.windowTitle() == "Error Landscape")
    assert rates.isVisible() and land.isVisible()  # side by side, as the lesson left them
    assert rates not in again.tabifiedDockWidgets(land)


def test_reset_layout_puts_the_toolbars_back_in_two_rows(make_window, qtbot):
    window = make_window()
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280)
    window.reset_layout()
    qtbot.wait(1)
    tools = window.main_actions.tools_toolbar
    step, train = window.extra_toolbars
    assert window.toolBarBreak(step)  # the step and train toolbars on a row of their own
    assert tools.geometry().bottom() < step.geometry().top()
    assert train.geometry().top() == step.geometry().top()
    for bar in (tools, step, train):  # every button in sight, none behind a "»"
        for action in bar.actions():  # (the row's picture is there for image inputs only)
            if not action.isSeparator() and action.isVisible():
                assert bar.widgetForAction(action).isVisible(), (bar.windowTitle(), action.text())


LONG = ("Training stopped: the error stays on a plateau at 0.25; try another learning rate "
        "or randomize the weights and train again")


def test_a_long_status_message_is_whole_at_1280_and_elided_with_a_tooltip_at_the_minimum(
        make_window, qtbot):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    bar = window.statusBar()
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: bar.width() == 1280)
    assert window.legend_label.isVisible()
    window.show_status(LONG)
    assert bar.currentMessage() == LONG and bar.shown_message() == LONG
    assert not window.legend_label.isVisible()  # the legend gives way to the message
    assert bar.message_rect().right() < window.summary_label.x()
    assert bar.fontMetrics().horizontalAdvance(LONG) <= bar.message_rect().width()

    window.resize(640, 420)
    qtbot.waitUntil(lambda: bar.width() == 640)
    shown = bar.shown_message()
    assert shown.endswith("\u2026") and LONG.startswith(shown[:-1])
    assert bar.fontMetrics().horizontalAdvance(shown) <= bar.message_rect().width()
    assert bar.message_rect().right() < window.summary_label.x()
    assert bar.toolTip() == LONG
    bar.clearMessage()
    assert bar.toolTip() == "" and bar.shown_message() == ""
    assert not window.legend_label.isVisible()  # no room for it beside the summary at 640
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.legend_label.isVisible())
    legend = window.legend_label.geometry()
    assert legend.left() > window.summary_label.geometry().right()
    assert legend.right() < bar.width() and legend.width() >= window.legend_label.sizeHint().width()


def test_ctrl_z_in_a_committed_field_undoes_the_document(make_window, qtbot):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    doc = window.document
    window.scene.select([], [("x1", "h1")])
    field = window.inspector.connection_editor.weight_field
    window.inspector_dock.raise_()
    qtbot.waitUntil(field.isVisible)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    field.selectAll()
    qtbot.keyClicks(field, "-0.75")
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the typing
    assert doc.undo_stack.count() == 0 and field.text() == "0.250000"
    field.selectAll()
    qtbot.keyClicks(field, "-0.75")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert doc.network.connection("x1", "h1").weight == -0.75 and doc.undo_stack.count() == 1
    assert field.hasFocus()
    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc.network.connection("x1", "h1").weight == 0.25  # the document's undo
    assert doc.undo_stack.index() == 0 and field.text() == "0.250000"
    qtbot.keyClick(field, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert doc.network.connection("x1", "h1").weight == -0.75  # and its redo
    assert field.text() == "\u22120.750000"


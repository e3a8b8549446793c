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

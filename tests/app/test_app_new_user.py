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

"""Every panel shows the document in front of it: after running every panel on one
network and opening another, the window shows exactly what a fresh window shows for the
network opened (window_state.shown reads every widget and plot of the window; its
EXCLUDED lists the little it leaves out, which differs between any two windows)."""
import json
import shutil

import pytest
from PySide6.QtCore import Qt

from netsim import paths
from netsim.app import main_window
from panel_runs import LONG, run_every_panel, type_into
from window_state import EXCLUDED, differences, shown

# A valid file that used to leave the window half switched: two inputs, a dataset with
# no targets and no rows.
NO_TARGETS_NO_ROWS = {
    "format": "netsim", "version": 1, "name": "no targets, no rows",
    "neurons": [{"id": "x1", "role": "input", "position": [0.0, 0.0]},
                {"id": "x2", "role": "input", "position": [0.0, 160.0]}],
    "connections": [],
    "dataset": {"inputs": ["x1", "x2"], "targets": [], "rows": []},
}
NAMES = [p.stem for p in paths.examples()] + ["no-targets-no-rows"]



@pytest.fixture(autouse=True)
def status_stays(monkeypatch):
    """Status messages stay until replaced or cleared, so that what a test reads never
    depends on how long the machine took (they pass after 5 s in the app)."""
    monkeypatch.setattr(main_window, "STATUS_MS", 0)

@pytest.fixture
def files(tmp_path):
    """Every example and the degenerate file, as files of their own in tmp_path."""
    out = {}
    for path in paths.examples():
        out[path.stem] = tmp_path / path.name
        shutil.copyfile(path, out[path.stem])
    out["no-targets-no-rows"] = tmp_path / "no-targets-no-rows.netsim"
    out["no-targets-no-rows"].write_text(json.dumps(NO_TARGETS_NO_ROWS), encoding="utf-8")
    return out


@pytest.mark.parametrize("route", ["open_file", "open_example"])
@pytest.mark.parametrize("name", NAMES)
def test_after_opening_a_network_every_panel_shows_what_a_fresh_window_shows(
        make_window, qtbot, files, tmp_path, name, route):
    before = NAMES[NAMES.index(name) - 1]  # another network (the last one for the first)
    window = make_window()
    assert window.open_file(files[before])
    run_every_panel(window, qtbot, tmp_path)

    assert getattr(window, route)(files[name])

    fresh = make_window()
    assert getattr(fresh, route)(files[name])
    for w in (window, fresh):
        w.reset_layout()
    assert EXCLUDED  # what the comparison leaves out: see window_state
    diff = differences(shown(window), shown(fresh))
    assert diff == {}


def refused_rate(make_window, qtbot, files):
    """A window whose Training dock has just refused a learning rate of −1: (window, field)."""
    window = make_window()
    window.open_file(files["xor-worked-example"])
    window.training_dock.raise_()
    field = window.training_panel.fields["learning_rate"]
    type_into(qtbot, field, "-1")
    return window, field


def test_a_refusal_leaves_the_status_bar_once_a_later_edit_succeeds(make_window, qtbot, files):
    window, field = refused_rate(make_window, qtbot, files)
    refusal = "Learning rate must be from 0 to 1000000, not \u22121"
    assert window.training_panel.message.text() == refusal
    assert window.statusBar().currentMessage() == refusal

    type_into(qtbot, field, "0.25")

    assert window.document.file.training.learning_rate == 0.25
    assert not window.training_panel.message.isVisible()
    assert window.statusBar().currentMessage() == ""


def test_a_later_message_stays_when_an_earlier_refusal_is_withdrawn(make_window, qtbot, files):
    window, field = refused_rate(make_window, qtbot, files)
    window.show_status("Saved somewhere")  # said after the refusal
    type_into(qtbot, field, "0.25")
    assert window.statusBar().currentMessage() == "Saved somewhere"


def test_opening_a_network_while_every_panel_runs_shows_what_a_fresh_window_shows(
        make_window, qtbot, files):
    window = make_window()
    assert window.open_file(files["xor-worked-example"])
    explorer, restarts = window.plots["Learning Rates"], window.plots["Restarts"]
    explorer.mode.setCurrentIndex(1)
    explorer.epochs.setValue(100_000)
    qtbot.mouseClick(explorer.run_button, Qt.MouseButton.LeftButton)
    restarts.runs.setValue(1000)
    qtbot.mouseClick(restarts.run_button, Qt.MouseButton.LeftButton)
    window.training.train(10_000_000)
    window.stepping.play(True)
    qtbot.waitUntil(lambda: window.stepping.stepper is not None, timeout=LONG)
    assert explorer.running and restarts.running and window.training.is_running()

    assert window.open_example(files["two-two-two"])

    qtbot.waitUntil(lambda: not explorer.running, timeout=LONG)
    assert not restarts.running and not window.training.is_running()
    assert not window.stepping.play_action.isChecked()
    fresh = make_window()
    assert fresh.open_example(files["two-two-two"])
    for w in (window, fresh):
        w.reset_layout()
    assert differences(shown(window), shown(fresh)) == {}


def test_after_file_new_every_panel_shows_what_a_fresh_window_shows(
        make_window, qtbot, files, tmp_path):
    window = make_window()
    assert window.open_file(files["xor-cross-entropy"])
    run_every_panel(window, qtbot, tmp_path)

    assert window.new_document()

    fresh = make_window()
    assert fresh.new_document()
    for w in (window, fresh):
        w.reset_layout()
    assert differences(shown(window), shown(fresh)) == {}

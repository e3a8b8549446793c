"""Opening a file is all or nothing: every valid file opens, however little it holds, and
a document that some part of the window cannot show leaves every part on the document
shown before, which stays, with one line saying why."""
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from doc_edits import edit, weight
from panel_runs import run_every_panel
from netsim import paths
from netsim.app import launch, main_window
from netsim.io.fileformat import load

# Valid files (netsim validate accepts each) that hold next to nothing.
X1 = {"id": "x1", "role": "input", "position": [0.0, 0.0]}
X2 = {"id": "x2", "role": "input", "position": [0.0, 160.0]}
B = {"id": "b", "role": "bias", "position": [0.0, 320.0]}
Y = {"id": "y", "role": "output", "activation": "sigmoid", "position": [260.0, 160.0]}


def connect(*pairs):
    return [{"source": s, "target": t, "weight": 0.5} for s, t in pairs]


def dataset(inputs, targets, rows):
    return {"inputs": inputs, "targets": targets, "rows": rows}


DEGENERATE = {
    # the file: two inputs, a dataset with no targets and no rows
    "no targets, no rows": ([X1, X2], [], dataset(["x1", "x2"], [], [])),
    "no targets": ([X1, X2], [], dataset(["x1", "x2"], [], [[0, 1], [1, 0]])),
    "no rows": ([X1, X2, B, Y], connect(("x1", "y"), ("x2", "y"), ("b", "y")),
                dataset(["x1", "x2"], ["y"], [])),
    "no inputs": ([B, Y], connect(("b", "y")), dataset([], ["y"], [[0], [1]])),
    "no inputs, no rows": ([Y], [], dataset([], ["y"], [])),
    "no columns, rows": ([], [], dataset([], [], [[], []])),
    "no columns, no rows": ([], [], dataset([], [], [])),
    "no neurons": ([], [], None),
    "no connections": ([X1, X2, Y], [], dataset(["x1", "x2"], ["y"], [[0, 0, 0], [1, 1, 1]])),
    "an input only": ([X1], [], dataset(["x1"], [], [[1]])),
    "three inputs, no rows": ([X1, X2, {"id": "x3", "role": "input"}, Y],
                              connect(("x1", "y")), dataset(["x1", "x2", "x3"], ["y"], [])),
    "a missing input column": ([X1, X2, Y], connect(("x1", "y")),
                               dataset(["x1"], ["y"], [[0, 0], [1, 1]])),
}


def write(tmp_path, name, content):
    neurons, connections, data = content
    top = {"format": "netsim", "version": 1, "name": name, "neurons": neurons,
           "connections": connections}
    if data is not None:
        top["dataset"] = data
    path = tmp_path / (name.replace(",", "").replace(" ", "-") + ".netsim")
    path.write_text(json.dumps(top), encoding="utf-8")
    return path


def followed(window):
    """The document each follower of the window follows, by the follower's name."""
    return {name: getattr(f, "doc", None) or getattr(f, "document", None)
            for name, f in window.followers.items()}



@pytest.fixture(autouse=True)
def status_stays(monkeypatch):
    """Status messages stay until replaced or cleared, so that what a test reads never
    depends on how long the machine took (they pass after 5 s in the app)."""
    monkeypatch.setattr(main_window, "STATUS_MS", 0)

@pytest.fixture
def xor_window(make_window, network_copy):
    window = make_window()
    assert window.open_file(network_copy())
    return window


# ---- every valid file opens ----------------------------------------------------------------
@pytest.mark.parametrize("name", DEGENERATE)
def test_every_valid_file_opens_in_a_running_window(xor_window, dialogs, tmp_path, name):
    path = write(tmp_path, name, DEGENERATE[name])
    nf = load(path)  # valid

    assert xor_window.open_file(path)

    doc = xor_window.document
    assert doc.path == path and doc.network.ids() == nf.network.ids()
    assert dialogs.errors == []
    assert set(followed(xor_window).values()) == {doc}
    assert xor_window.windowTitle() == f"{path.name}[*] \u2014 netsim"
    assert xor_window.statusBar().currentMessage() == f"Opened {path.name}"
    if nf.dataset is not None:
        assert len(doc.dataset) == len(nf.dataset)  # rows of no columns are rows too


def test_f5_then_refuses_the_file_shown_instead_of_training_the_one_before(
        xor_window, qtbot, tmp_path):
    path = write(tmp_path, "no targets, no rows", DEGENERATE["no targets, no rows"])
    assert xor_window.open_file(path)
    qtbot.keyClick(xor_window, Qt.Key.Key_F5)
    assert not xor_window.training.is_running()
    assert xor_window.statusBar().currentMessage() == \
        "Cannot train: there is no training data: the dataset has no rows"
    assert xor_window.training_panel.run_status.text() == \
        "Cannot train: there is no training data: the dataset has no rows"


def test_the_file_opens_from_the_command_line(qapp, monkeypatch, tmp_path):
    path = write(tmp_path, "no targets, no rows", DEGENERATE["no targets, no rows"])
    seen = []

    def exec_(*_args):
        seen.extend(w.windowTitle() for w in QApplication.topLevelWidgets()
                    if isinstance(w, launch.MainWindow) and w.isVisible())
        for w in QApplication.topLevelWidgets():
            if isinstance(w, launch.MainWindow):
                w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    assert launch.run_gui(str(path)) == 0
    assert seen == ["no-targets-no-rows.netsim[*] \u2014 netsim"]
    assert launch.screenshot(str(tmp_path / "shot.png"), str(path)) == 0


# ---- a document some part cannot show ----------------------------------------------------
def refuse_new_documents(monkeypatch, window, name):
    """Make one part of the window raise when asked to show another document (for
    "showing the selection": when the Error Landscape is told the new selection)."""
    shown = window.document
    if name == "showing the selection":
        follower, method = window.plots["Error Landscape"], "set_selection"
    else:
        follower, method = window.followers[name], "set_document"
    real = getattr(follower, method)

    def refuse(*args):
        if method == "set_selection" or args[0] is not shown:
            raise ValueError("cannot reshape array of size 0\ninto shape (0,newaxis)")
        real(*args)

    monkeypatch.setattr(follower, method, refuse)


@pytest.mark.parametrize("name", ["the canvas", "the Dataset dock", "the Train menu",
                                  "the Restarts plot", "showing the selection"])
def test_a_part_that_cannot_show_a_file_leaves_every_part_on_the_document_before(
        xor_window, dialogs, network_copy, monkeypatch, qtbot, name):
    window = xor_window
    doc = edit(window)
    title, follows = window.windowTitle(), followed(window)
    assert set(follows.values()) == {doc}
    refuse_new_documents(monkeypatch, window, name)
    other = network_copy("and-perceptron")

    assert window.open_file(other) is False

    expected = (f"Cannot show and-perceptron.netsim: {name} failed with ValueError: cannot "
                f"reshape array of size 0 into shape (0,newaxis); xor-worked-example.netsim "
                f"stays open")
    assert dialogs.errors == [("Cannot show the network", expected)]
    assert window.statusBar().currentMessage() == expected
    assert window.document is doc and followed(window) == follows
    assert window.windowTitle() == title and window.isWindowModified()
    assert str(other) not in window.recent.paths()
    # everything shows the network before: its neurons on the canvas, its rows in the
    # dataset and outputs docks, and F5 trains it
    assert set(window.scene.neuron_items) == set(doc.network.neurons)
    assert window.dataset_panel.model.rowCount() == window.outputs_panel.model.rowCount() == 4
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.training.is_running() and window.training.doc is doc
    window.training.stop()
    qtbot.waitUntil(lambda: not window.training.is_running(), timeout=30_000)
    doc.undo_stack.undo()
    doc.undo_stack.undo()  # the run, then the edit
    assert weight(doc) == weight(load(paths.example("xor-worked-example")))
    monkeypatch.undo()
    assert window.open_file(other)  # no connection left over from the refused one
    assert set(followed(window).values()) == {window.document}


# ---- a dataset with no columns -----------------------------------------------------------
def test_add_row_to_a_dataset_with_no_columns_is_refused_in_one_line(xor_window, qtbot):
    window, doc = xor_window, xor_window.document
    window.main_actions.select_all.trigger()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert len(doc.network.neurons) == 0 and doc.dataset.rows.shape == (0, 0)
    steps = doc.undo_stack.count()
    window.dataset_dock.raise_()
    qtbot.waitUntil(window.dataset_panel.add_button.isVisible)

    qtbot.mouseClick(window.dataset_panel.add_button, Qt.MouseButton.LeftButton)

    text = "Cannot add a row: the dataset has no columns; add input and output neurons first"
    assert window.dataset_panel.message.text() == text and window.dataset_panel.message.isVisible()
    assert window.statusBar().currentMessage() == text
    assert doc.undo_stack.count() == steps and doc.dataset.rows.shape == (0, 0)


def test_a_screenshot_of_a_file_the_window_cannot_show_is_one_line(qapp, monkeypatch, tmp_path):
    from netsim.plots.decision_view import DecisionView

    real = DecisionView.set_document

    def refuse(self, doc):
        if doc is not None and doc.path is not None:  # the file's, not the empty first one
            raise ValueError("no picture of this")
        real(self, doc)

    monkeypatch.setattr(DecisionView, "set_document", refuse)
    with pytest.raises(launch.ScreenshotError) as info:
        launch.screenshot(str(tmp_path / "shot.png"), str(paths.example("two-two-two")))
    assert str(info.value) == ("Cannot show two-two-two.netsim: the Decision Map plot failed "
                               "with ValueError: no picture of this")
    assert not (tmp_path / "shot.png").exists()


@pytest.mark.parametrize("name", DEGENERATE)
def test_every_panel_runs_or_says_why_on_a_file_with_next_to_nothing(
        make_window, qtbot, tmp_path, name):
    window = make_window()
    assert window.open_file(write(tmp_path, name, DEGENERATE[name]))
    run_every_panel(window, qtbot, tmp_path)  # an exception in any slot fails the test
    assert window.training_panel.run_status.text().startswith(("Cannot train: ", "Trained "))
    assert window.plots["Gradient Check"].summary.text().startswith(
        ("Cannot check: ", "Largest relative", "The network changed"))  # (trained since)

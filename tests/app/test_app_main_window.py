import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from netsim import paths
from netsim.app import main_actions
from netsim.app.main_window import MainWindow
from netsim.canvas.connection_item import ConnectionItem
from netsim.canvas.neuron_item import NeuronItem
from netsim.io.fileformat import load

EXAMPLES = paths.examples()


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    w.activateWindow()  # shortcuts go to the active window
    qtbot.waitUntil(w.isActiveWindow)
    return w


@pytest.fixture
def critical(monkeypatch):
    """Replace the message box so nothing blocks; record what it was asked to say."""
    calls = []

    def fake(parent, title, text, *args, **kwargs):
        calls.append((parent, title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", staticmethod(fake))
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(fake))
    return calls


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_open_every_example(window, path):
    assert window.open_example(path)
    nf = load(path)
    items = window.scene.items()
    assert sum(isinstance(i, NeuronItem) for i in items) == len(nf.network.neurons)
    drawn = sum(isinstance(i, ConnectionItem) for i in items)
    if window.scene.layer is not None:  # a big network (digits): connections in one layer
        assert drawn == 0 and len(window.scene.layer.arrays.keys) == len(nf.network.connections)
    else:
        assert drawn == len(nf.network.connections)
    assert window.windowTitle() == f"{nf.name}[*] \u2014 netsim"
    assert window.open_file(path)
    assert window.windowTitle() == f"{path.name}[*] \u2014 netsim"


def test_title_and_status_bar(window):
    assert window.windowTitle() == "Untitled[*] \u2014 netsim"
    window.open_example(paths.example("xor-worked-example"))
    assert window.windowTitle() == "XOR: the worked example (seed 000)[*] \u2014 netsim"
    assert window.summary_label.text() == "6 neurons \u00b7 9 connections \u00b7 dataset 4 rows"
    window.open_file(paths.example("two-two-two"))
    assert window.summary_label.text() == "8 neurons \u00b7 12 connections \u00b7 dataset 1 row"


def test_title_falls_back_to_the_file_name(window, tmp_path):
    data = json.loads(paths.example("and-perceptron").read_text(encoding="utf-8"))
    del data["name"]
    del data["dataset"]
    path = tmp_path / "my gate.netsim"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert window.open_file(path)
    assert window.windowTitle() == "my gate.netsim[*] \u2014 netsim"
    assert window.summary_label.text() == "4 neurons \u00b7 3 connections \u00b7 no dataset"


def test_bad_file_keeps_the_network_and_says_why(window, tmp_path, critical):
    window.open_file(paths.example("xor-worked-example"))
    network, title = window.scene.network, window.windowTitle()
    items = dict(window.scene.neuron_items)
    bad = tmp_path / "broken.netsim"
    bad.write_text('{"format": "netsim", "version": 1, "neurons": [', encoding="utf-8")
    assert window.open_file(bad) is False
    assert len(critical) == 1
    parent, _, text = critical[0]
    assert parent is window
    assert text.startswith("broken.netsim: ")
    assert "\n" not in text
    with pytest.raises(ValueError) as info:
        load(bad)
    assert text == str(info.value)
    assert window.scene.network is network
    assert window.scene.neuron_items == items
    assert window.windowTitle() == title


def test_missing_file_says_why(window, tmp_path, critical):
    assert window.open_file(tmp_path / "nowhere.netsim") is False
    assert critical and critical[0][2].startswith("nowhere.netsim: ")
    assert window.windowTitle() == "Untitled[*] \u2014 netsim"


def test_open_example_menu_lists_every_example(window):
    actions = window.main_actions.examples_menu.actions()
    assert [a.data() for a in actions] == [str(p) for p in EXAMPLES]
    titles = [a.text() for a in actions]
    assert "XOR: the worked example (seed 000)" in titles
    actions[titles.index("AND perceptron with a step activation")].trigger()
    assert window.windowTitle() == "AND perceptron with a step activation[*] \u2014 netsim"


def test_example_without_a_name_is_called_by_its_stem(tmp_path):
    data = json.loads(paths.example("and-perceptron").read_text(encoding="utf-8"))
    del data["name"]
    path = tmp_path / "gate.netsim"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main_actions.example_title(path) == "gate"
    broken = tmp_path / "broken.netsim"
    broken.write_text("{", encoding="utf-8")
    assert main_actions.example_title(broken) == "broken"


def test_open_dialog_is_filtered_to_netsim_files(window, monkeypatch):
    seen = {}

    def fake(parent, caption, folder, file_filter, *args, **kwargs):
        seen.update(parent=parent, filter=file_filter)
        return str(paths.example("two-two-two")), file_filter

    monkeypatch.setattr("netsim.app.document_life.QFileDialog.getOpenFileName", staticmethod(fake))
    window.main_actions.open.trigger()
    assert seen == {"parent": window, "filter": "netsim networks (*.netsim)"}
    assert window.windowTitle() == "two-two-two.netsim[*] \u2014 netsim"


def test_show_weights_action(window):
    window.open_file(paths.example("two-two-two"))
    show_weights = window.main_actions.show_weights
    assert show_weights.isCheckable() and show_weights.isChecked()
    labels = [i.label for i in window.scene.connection_items.values()]
    assert all(label.isVisible() for label in labels)
    show_weights.trigger()
    assert not window.scene.show_weights
    assert not any(label.isVisible() for label in labels)


def test_shortcuts(window):
    assert window.main_actions.quit.shortcut() == QKeySequence("Ctrl+Q")
    assert window.main_actions.fit.shortcut() == QKeySequence("Ctrl+0")


def test_fit_action_refits_after_zooming(window, qtbot):
    window.open_file(paths.example("seed-002-network"))
    fitted = window.view.zoom()
    window.view.zoom_by(3.0)
    assert window.view.zoom() != pytest.approx(fitted)
    qtbot.keyClick(window.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoom() == pytest.approx(fitted)


def test_quit_closes_the_window(window, qtbot):
    window.main_actions.quit.trigger()
    qtbot.waitUntil(lambda: not window.isVisible())

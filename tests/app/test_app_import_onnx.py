"""File ▸ Import ONNX Model…: a model opens as a new untitled network on the canvas, after
the unsaved-changes question; a file netsim cannot import is said in one line and leaves
the shown network as it was."""
from pathlib import Path

import numpy as np
from PySide6.QtWidgets import QMessageBox

from doc_edits import edit
from netsim import paths

DATA = Path(__file__).parent.parent / "data" / "onnx"
Button = QMessageBox.StandardButton


def file_menu_action(window, text):
    return next(a for a in window.main_actions.file_menu.actions() if a.text() == text)


def test_the_file_menu_imports_a_torch_model_onto_the_canvas(make_window, dialogs):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    edit(window)
    dialogs.save_changes.append(Button.Discard)
    dialogs.paths.append(DATA / "softmax-script.onnx")
    actions = window.main_actions.file_menu.actions()
    action = file_menu_action(window, "&Import ONNX Model\u2026")
    assert actions.index(action) == 4  # after New, Open, Open Example and Open Recent
    action.trigger()
    assert dialogs.kinds() == ["import", "save changes"] and dialogs.errors == []
    doc = window.document
    assert doc.path is None and not doc.modified and doc.title == "softmax-script"
    net = doc.network
    assert [len(net.ids(r)) for r in ("input", "bias", "hidden", "output")] == [4, 2, 6, 3]
    assert set(window.scene.neuron_items) == set(net.neurons)
    for nid, item in window.scene.neuron_items.items():
        assert (item.pos().x(), item.pos().y()) == net.neurons[nid].position
    assert set(window.scene.connection_items) == {c.key for c in net.connections}
    assert window.statusBar().currentMessage() == ("Imported softmax-script.onnx: 15 neurons, "
                                                   "51 connections")
    assert window.windowTitle() == "softmax-script[*] \u2014 netsim"
    # ready to step through: its one row's targets are its own outputs, so a whole row's
    # update leaves the trained weights as they are (to the rounding of one forward pass)
    weights = net.weights()
    assert window.stepping.step_row()
    assert window.stepping.stepper is not None and window.stepping.stepper.row_done
    np.testing.assert_allclose(net.weights(), weights, rtol=1e-12, atol=1e-15)


def test_cancelling_the_question_keeps_the_network(make_window, dialogs):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    doc = edit(window)
    dialogs.save_changes.append(Button.Cancel)
    dialogs.paths.append(DATA / "tanh-script.onnx")
    file_menu_action(window, "&Import ONNX Model\u2026").trigger()
    assert window.document is doc and doc.modified


def test_a_file_that_is_not_a_model_is_one_line(make_window, dialogs, tmp_path):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    doc = window.document
    bad = tmp_path / "notes.onnx"
    bad.write_bytes(b"\x00\xff" * 40)
    dialogs.paths.append(bad)
    file_menu_action(window, "&Import ONNX Model\u2026").trigger()
    assert dialogs.errors == [("Cannot import the model",
                               "notes.onnx: not an ONNX model (the file cannot be decoded)")]
    assert window.document is doc
    dialogs.paths.append("")  # the file chooser cancelled: nothing happens
    file_menu_action(window, "&Import ONNX Model\u2026").trigger()
    assert window.document is doc and len(dialogs.errors) == 1


def test_without_onnx_the_app_says_what_to_install(make_window, dialogs, monkeypatch):
    from netsim.io import onnx_import

    def missing():
        raise onnx_import.ImportFailed(onnx_import.MISSING)
    monkeypatch.setattr(onnx_import, "_onnx", missing)
    window = make_window()
    doc = window.document
    dialogs.paths.append(DATA / "tanh-script.onnx")
    file_menu_action(window, "&Import ONNX Model\u2026").trigger()
    assert dialogs.errors == [("Cannot import the model",
                               "tanh-script.onnx: ONNX import needs the onnx package: "
                               "pip install 'netsim[onnx]'")]
    assert window.document is doc

"""The Error Curve in the window: the runs started with F5, a reset after Randomize
Weights and after the Restarts dock's Apply Best Weights."""
from dataclasses import replace

from PySide6.QtCore import Qt

from netsim import paths
from netsim.app.network_dialogs import RandomizeSpec
from netsim.document import Document

LONG = 60_000


def xor_window(make_window, **settings):
    window = make_window()
    doc = Document.open(paths.example("xor-worked-example"))
    doc.file.training = replace(doc.file.training, **settings)
    window.set_document(doc)
    return window, window.document


def run_with_f5(qtbot, window):
    with qtbot.waitSignal(window.training.running_changed, timeout=LONG,
                          check_params_cb=lambda running: not running):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    return window.training.last_result


def test_randomize_weights_after_a_run_is_marked_reset(qtbot, make_window):
    window, doc = xor_window(make_window, max_epochs=25, target_error=None)
    curve = window.error_curve
    run_with_f5(qtbot, window)
    assert curve.curve.getData()[0].tolist() == list(map(float, range(1, 26)))
    window.network_menu.ask_randomize = lambda parent, spec: RandomizeSpec("uniform", 1.0, 7)
    window.network_menu.randomize_action.trigger()
    assert curve.labels() == [(25.5, "reset")]
    run_with_f5(qtbot, window)
    assert curve.curve.getData()[0].tolist() == list(map(float, range(1, 51)))
    assert curve.labels() == [(25.5, "reset")]
    doc.undo_stack.undo()  # the second run: its weights are gone
    assert curve.labels() == [(25.5, "reset"), (50.5, "reset")]
    doc.undo_stack.setClean()


def test_apply_best_weights_of_the_restarts_dock_is_marked_reset(qtbot, make_window):
    window, doc = xor_window(make_window, max_epochs=10, target_error=None)
    curve, restarts = window.error_curve, window.plots["Restarts"]
    run_with_f5(qtbot, window)
    restarts.runs.setValue(3)
    restarts.epochs.setValue(5)
    qtbot.mouseClick(restarts.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not restarts.running, timeout=60000)
    assert curve.labels() == []  # the runs train copies: the document is untouched
    qtbot.mouseClick(restarts.apply_button, Qt.MouseButton.LeftButton)
    assert curve.labels() == [(10.5, "reset")]
    doc.undo_stack.setClean()

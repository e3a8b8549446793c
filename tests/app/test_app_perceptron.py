"""The perceptron in the window (seed 000): the Training dock's mode choice, refused on a
network it cannot train, a run with F5 and its Error Curve, and the step-through with F10
and the Equations dock, driven with the keys a learner presses."""
from dataclasses import replace

from PySide6.QtCore import Qt

from netsim import paths
from netsim.document import Document

LONG = 60_000  # ms: generous limits for waits that normally take well under a second


def open_example(make_window, name, **settings):
    window = make_window()
    doc = Document.open(paths.example(name))
    doc.file.training = replace(doc.file.training, **settings)
    window.set_document(doc)
    return window, window.document


def choose_with_keys(qtbot, window, combo, key):
    """Bring the Training dock up and pick a mode on its combo from the keyboard."""
    dock = next(d for d in window.docks() if d.windowTitle() == "Training")
    dock.raise_()
    qtbot.waitUntil(combo.isVisible)
    combo.setFocus()
    qtbot.keyClick(combo, key)


def run_with_f5(qtbot, window):
    with qtbot.waitSignal(window.training.running_changed, timeout=LONG,
                          check_params_cb=lambda running: not running):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    return window.training.last_result


def test_choosing_perceptron_and_running_it_learns_and_in_five_epochs(qtbot, make_window):
    window, doc = open_example(make_window, "and-perceptron", mode="sgd")
    panel = window.training_panel
    combo = panel.combos["mode"]
    assert combo.itemText(combo.findData("perceptron")) == "Perceptron rule"
    tip = combo.itemData(combo.findData("perceptron"), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("The perceptron rule (seed 000): after every row w \u2190 w + \u03b1")
    assert panel.fields["momentum"].isEnabled()
    choose_with_keys(qtbot, window, combo, Qt.Key.Key_End)  # the last mode: perceptron
    assert doc.file.training.mode == "perceptron" and doc.undo_stack.count() == 1
    assert combo.currentData() == "perceptron"
    assert not panel.fields["momentum"].isEnabled() and not panel.fields["l2"].isEnabled()
    result = run_with_f5(qtbot, window)
    # the rule worked by hand in tests/engine/test_perceptron.py: 3, 2, 1, 2, 0 rows wrong
    assert (result.epochs, result.stopped) == (5, "target_error")
    assert window.error_curve.curve.getData()[1].tolist() == [0.375, 0.25, 0.125, 0.25, 0.0]
    assert doc.network.weights() == [1.0, 0.5, -1.5]
    assert "reached the target error 0 in epoch 5" in panel.run_status.text()
    doc.undo_stack.setClean()


def test_perceptron_is_off_and_refused_in_one_line_on_a_network_with_a_hidden_layer(
        qtbot, make_window):
    window, doc = open_example(make_window, "xor-worked-example")
    panel = window.training_panel
    combo = panel.combos["mode"]
    i = combo.findData("perceptron")
    text = ("Perceptron training needs sign or step output neurons fed by inputs only, but "
            "h1 is a hidden neuron")
    assert not combo.model().item(i).isEnabled()
    assert combo.itemData(i, Qt.ItemDataRole.ToolTipRole) == text
    choose_with_keys(qtbot, window, combo, Qt.Key.Key_End)  # passes over the perceptron
    assert doc.file.training.mode == "batch"
    doc.undo_stack.undo()
    combo.activated.emit(i)  # were it chosen all the same (a stale list): one line
    assert panel.message.text() == text
    assert window.statusBar().currentMessage() == text
    assert doc.file.training.mode == "sgd" and doc.undo_stack.index() == 0
    assert combo.currentData() == "sgd"  # the choice went back


def test_perceptron_with_momentum_set_is_refused_in_one_line(qtbot, make_window):
    window, doc = open_example(make_window, "and-perceptron", mode="sgd", momentum=0.9)
    panel = window.training_panel
    choose_with_keys(qtbot, window, panel.combos["mode"], Qt.Key.Key_End)
    text = "Perceptron training has no momentum: set momentum to 0"
    assert panel.message.text() == text and window.statusBar().currentMessage() == text
    assert doc.file.training.mode == "sgd" and doc.undo_stack.count() == 0


def test_xor_never_converges_and_the_error_curve_shows_it(qtbot, make_window):
    window, doc = open_example(make_window, "xor-perceptron")
    result = run_with_f5(qtbot, window)
    assert (result.epochs, result.stopped) == (1000, "max_epochs")
    errors = window.error_curve.curve.getData()[1]
    assert len(errors) == 1000 and errors.min() > 0
    assert set(errors.tolist()) == {0.5, 1.0, 1.5}  # 1, 2 or 3 rows of 4 wrong, never 0
    assert "the perceptron rule did not converge: after 1,000 epochs 2 of 4 training rows " \
           "are still wrong" in window.training_panel.run_status.text()
    doc.undo_stack.setClean()


def test_stepping_shows_the_rules_stages_and_numbers(qtbot, make_window):
    window, doc = open_example(make_window, "and-perceptron")
    window.scene.neuron_items["y"].setSelected(True)
    window.scene.connection_items["b", "y"].setSelected(True)
    stages = []
    for _ in range(4):
        qtbot.keyClick(window, Qt.Key.Key_F10)
        stages.append(str(window.stepping.stepper.stage))
    assert stages == ["input", "forward 1", "error", "update"]  # no backward pass
    text = window.equations.text()
    assert text.startswith("Row 0 \u00b7 update: 1 weight changed by \u03b1\u00b7(y \u2212 "
                           "\u0177)\u00b7x (\u03b1 = 0.5)")
    assert "eAND = y \u2212 \u0177 = 0 \u2212 1 = \u22121" in text
    assert "\u0394w = \u03b1\u00b7(y \u2212 \u0177)\u00b7x = 0.5\u00b7(\u22121)\u00b71 = \u22120.5" \
        in text
    assert doc.network.weights() == [0.0, 0.0, -0.5]  # the update is in the document
    qtbot.keyClick(window, Qt.Key.Key_F10)
    assert str(window.stepping.stepper.stage) == "input" and window.stepping.stepper.row == 1
    doc.undo_stack.setClean()

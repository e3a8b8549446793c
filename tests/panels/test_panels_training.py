"""TrainingPanel: shows the training settings, edits them as undo steps, refuses nonsense."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton

from netsim.document import Document
from netsim.document.settings_commands import SetTraining, describe
from netsim.engine import TrainingSettings
from netsim.io.fileformat import NetworkFile
from netsim.io.fileformat import dumps
from netsim.panels.training_panel import TrainingPanel
from panel_fixtures import show_panel


@pytest.fixture
def panel(qtbot, doc):
    return show_panel(qtbot, TrainingPanel(), doc, (320, 600))


def retype(qtbot, line_edit, text):
    line_edit.setFocus()
    qtbot.keyClick(line_edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        qtbot.keyClicks(line_edit, text)
    else:
        qtbot.keyClick(line_edit, Qt.Key.Key_Delete)
    qtbot.keyClick(line_edit, Qt.Key.Key_Return)


def choose(combo, value):
    combo.activated.emit(combo.findData(value))


def test_the_panel_shows_the_documents_settings(panel):
    f = panel.fields
    assert f["learning_rate"].text() == "0.5"
    assert f["max_epochs"].text() == "20000"
    assert f["target_error"].text() == "0.01"
    assert panel.combos["mode"].currentData() == "sgd"
    assert panel.combos["loss"].currentData() == "squared_error"
    assert not panel.shuffle_box.isChecked()
    assert not f["batch_size"].isEnabled()  # only for mini-batches
    assert not f["decay_rate"].isEnabled()  # constant schedule


def test_an_edit_is_one_undo_step_and_the_panel_follows_undo(qtbot, panel, doc):
    field = panel.fields["learning_rate"]
    retype(qtbot, field, "0.25")
    assert doc.file.training.learning_rate == 0.25
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Set learning rate to 0.25"
    doc.undo_stack.undo()
    assert doc.file.training.learning_rate == 0.5 and field.text() == "0.5"
    doc.undo_stack.redo()
    assert field.text() == "0.25"


@pytest.mark.parametrize("name, text, reason", [
    ("learning_rate", "abc", "\u201cabc\u201d is not a number"),
    ("learning_rate", "nan", "is not a finite number"),
    ("learning_rate", "1e999", "is too large"),
    ("learning_rate", "-1", "Learning rate must be from 0 to 1000000, not \u22121"),
    ("momentum", "1.5", "Momentum must be at least 0 and below 1"),
    ("max_epochs", "0", "Max epochs must be a whole number from 1 to 1000000000, not 0"),
    ("max_epochs", "2.5", "\u201c2.5\u201d is not a whole number"),
    ("batch_size", "0", "Batch size must be a whole number from 1 to 1000000000, not 0"),
    ("init_scale", "0", "Initial scale must be above 0 and at most 1000000, not 0"),
    ("target_error", "-0.1", "Target error must be from 0 to 1000000, not \u22120.1"),
    ("restarts", "0", "Restarts must be a whole number from 1 to 1000, not 0"),
    ("restarts", "1e10", "Restarts must be a whole number from 1 to 1000, not 10000000000"),
    ("restarts", "1e308", "Restarts must be a whole number from 1 to 1000, not 1e+308"),
    ("seed", "1e30", "Seed must be a whole number from 0 to 4294967295, not 1e+30"),
    ("decay_rate", "1e200", "Decay rate must be from 0 to 1000000, not 1e+200"),
    ("init_scale", "1e308", "Initial scale must be above 0 and at most 1000000, not 1e+308"),
    ("learning_rate", "1_000", "\u201c1_000\u201d is not a number"),
    ("l1", "-1", "L1 penalty must be from 0 to 1000000, not \u22121"),
    ("l2", "1e7", "L2 penalty must be from 0 to 1000000, not 10000000"),
    ("l2", "inf", "is not a finite number"),
    ("l1", "0.1.2", "\u201c0.1.2\u201d is not a number"),
])
def test_bad_values_are_refused_and_nothing_changes(qtbot, panel, doc, name, text, reason):
    choose(panel.combos["mode"], "minibatch")  # so that the batch size can be typed
    choose(panel.combos["schedule"], "step")  # so that the decay rate can be typed
    before, count = dumps(doc.file), doc.undo_stack.count()
    field = panel.fields[name]
    shown = field.text()
    retype(qtbot, field, text)
    assert dumps(doc.file) == before and doc.undo_stack.count() == count
    assert field.text() == shown
    assert reason in panel.statuses[-1] and "\n" not in panel.statuses[-1]
    assert panel.message.isVisible() and panel.message.text() == panel.statuses[-1]


@pytest.mark.parametrize("digits", ["\u0661", "\uff11\uff12"])  # Arabic-Indic 1, fullwidth 12
def test_digits_of_other_scripts_are_not_numbers(qtbot, panel, doc, digits):
    """float() reads them; a field does not. (An input method commits such text as one
    insertion, which QTest cannot type key by key.)"""
    before = dumps(doc.file)
    field = panel.fields["restarts"]
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    field.insert(digits)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert dumps(doc.file) == before and field.text() == "1"
    assert panel.statuses[-1] == f"\u201c{digits}\u201d is not a number"


def test_a_good_value_clears_the_refusal(qtbot, panel):
    retype(qtbot, panel.fields["momentum"], "2")
    assert panel.message.isVisible()
    retype(qtbot, panel.fields["momentum"], "0.9")
    assert not panel.message.isVisible() and panel.fields["momentum"].text() == "0.9"


def test_an_empty_target_error_means_none(qtbot, panel, doc):
    field = panel.fields["target_error"]
    retype(qtbot, field, "")
    assert doc.file.training.target_error is None
    assert doc.undo_stack.undoText() == "Clear target error"
    assert field.text() == "" and field.placeholderText() == "none"
    retype(qtbot, field, "0.001")
    assert doc.file.training.target_error == 0.001


def test_choices_and_what_they_enable(qtbot, panel, doc):
    choose(panel.combos["mode"], "minibatch")
    assert doc.file.training.mode == "minibatch" and panel.fields["batch_size"].isEnabled()
    retype(qtbot, panel.fields["batch_size"], "2")
    assert doc.file.training.batch_size == 2 and isinstance(doc.file.training.batch_size, int)
    choose(panel.combos["schedule"], "step")
    assert panel.fields["decay_rate"].isEnabled() and panel.fields["decay_steps"].isEnabled()
    choose(panel.combos["init"], "xavier")
    assert not panel.fields["init_scale"].isEnabled()
    qtbot.mouseClick(panel.shuffle_box, Qt.MouseButton.LeftButton)
    assert doc.file.training.shuffle is True
    assert doc.undo_stack.undoText() == "Turn shuffle on"
    texts = [doc.undo_stack.text(i) for i in range(doc.undo_stack.count())]
    assert texts == ["Set training mode to minibatch", "Set batch size to 2",
                     "Set learning-rate schedule to step", "Set initialisation to xavier",
                     "Turn shuffle on"]
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert panel.combos["mode"].currentData() == "sgd"
    assert not panel.fields["batch_size"].isEnabled() and not panel.shuffle_box.isChecked()


def test_choosing_the_current_value_changes_nothing(panel, doc):
    choose(panel.combos["mode"], "sgd")
    assert doc.undo_stack.count() == 0


def test_without_a_document_the_fields_are_disabled(panel):
    panel.set_document(None)
    assert not any(group.isEnabled() for group in panel.groups)


def test_run_buttons_and_status(qtbot, panel):
    actions = [QAction("Run", panel), QAction("Stop", panel)]
    panel.set_actions(actions)
    buttons = panel.findChildren(QToolButton)
    assert [b.defaultAction() for b in buttons] == actions
    panel.show_status("Training: epoch 12, error 0.1")
    assert panel.run_status.isVisible() and panel.run_status.text().startswith("Training")


def test_set_training_command_text_and_undo(doc):
    assert describe({"momentum": 0.9}) == "Set momentum to 0.9"
    assert describe({"seed": 3}) == "Set seed to 3"
    assert describe({"learning_rate": 0.5, "momentum": 0.9}) == \
        "Change training settings: learning rate, momentum"
    old = doc.file.training
    seen = []
    doc.changed.connect(lambda change: seen.append(change.kind))
    doc.undo_stack.push(SetTraining(doc, {"seed": 7, "restarts": 4}))
    assert (doc.file.training.seed, doc.file.training.restarts) == (7, 4)
    assert doc.file.training is not old and old.seed == 0  # replaced, not edited in place
    doc.undo_stack.undo()
    assert doc.file.training is old
    assert seen == ["settings", "settings"]


def test_l1_l2_and_bias_regularisation_are_undoable_edits(qtbot, panel, doc):
    f, box = panel.fields, panel.bias_box
    assert (f["l1"].text(), f["l2"].text(), box.isChecked()) == ("0", "0", False)
    assert not box.isEnabled()  # no penalty: nothing for it to reach
    retype(qtbot, f["l2"], "0.01")
    assert doc.file.training.l2 == 0.01 and doc.undo_stack.undoText() == "Set L2 penalty to 0.01"
    assert box.isEnabled()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert doc.file.training.regularise_bias is True
    assert doc.undo_stack.undoText() == "Turn bias regularisation on"
    retype(qtbot, f["l1"], "1e-3")
    assert doc.file.training.l1 == 0.001 and f["l1"].text() == "0.001"
    assert doc.undo_stack.count() == 3
    doc.undo_stack.undo()
    assert doc.file.training.l1 == 0 and f["l1"].text() == "0"
    doc.undo_stack.undo()
    assert not box.isChecked() and doc.file.training.regularise_bias is False
    doc.undo_stack.undo()
    assert f["l2"].text() == "0" and not box.isEnabled()
    assert (doc.file.training.l1, doc.file.training.l2) == (0.0, 0.0)


def test_the_penalty_fields_follow_the_document(qtbot, panel, doc):
    other = Document(NetworkFile(doc.network.copy(), doc.dataset,
                                 TrainingSettings(l1=0.5, l2=2.0, regularise_bias=True)))
    panel.set_document(other)
    assert (panel.fields["l1"].text(), panel.fields["l2"].text()) == ("0.5", "2")
    assert panel.bias_box.isChecked() and panel.bias_box.isEnabled()
    panel.set_document(doc)
    assert (panel.fields["l1"].text(), panel.fields["l2"].text()) == ("0", "0")
    assert not panel.bias_box.isChecked()


def test_the_penalty_tooltips_say_the_formula(panel):
    l2, l1 = panel.fields["l2"].toolTip(), panel.fields["l1"].toolTip()
    assert "\u0394w = \u2212\u03b1\u00b7(\u2202J/\u2202w + \u03bb\u2082\u00b7w)" in l2
    assert "J + \u03bb\u2082/2\u00b7\u03a3 w\u00b2" in l2 and "Accepts from 0 to 1000000" in l2
    assert "\u0394w = \u2212\u03b1\u00b7(\u2202J/\u2202w + \u03bb\u2081\u00b7sign w)" in l1
    assert "J + \u03bb\u2081\u00b7\u03a3 |w|" in l1
    assert "bias neurons" in panel.bias_box.toolTip()

"""The document lifecycle in the main window: new, open, save, save as, the unsaved-changes
question, Open Recent, drag and drop, and Undo/Redo following the shown document."""
import os

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox

from doc_edits import edit, weight
from netsim import paths
from netsim.app.document_life import file_stem
from netsim.app.recent_files import MAX_RECENT
from netsim.document.commands import SetWeight
from netsim.io.fileformat import load

Button = QMessageBox.StandardButton


def test_a_new_window_shows_an_empty_untitled_document(make_window):
    window = make_window()
    assert window.windowTitle() == "Untitled[*] \u2014 netsim"
    assert not window.isWindowModified()
    assert window.summary_label.text() == "0 neurons \u00b7 0 connections \u00b7 no dataset"


def test_title_follows_the_document(make_window, network_copy):
    window = make_window()
    path = network_copy()
    assert window.open_file(path)
    assert window.windowTitle() == "xor-worked-example.netsim[*] \u2014 netsim"
    assert not window.isWindowModified()
    edit(window)
    assert window.isWindowModified()
    window.document.undo_stack.undo()
    assert not window.isWindowModified()


def test_a_bad_file_says_why_and_keeps_the_document(make_window, dialogs, network_copy, tmp_path):
    window = make_window()
    window.open_file(network_copy())
    doc = edit(window)
    title = window.windowTitle()
    bad = tmp_path / "broken.netsim"
    bad.write_text('{"format": "netsim", "version": 1, "neurons": [', encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load(bad)

    assert window.open_file(bad) is False

    assert dialogs.errors == [("Cannot open the file", str(info.value))]
    assert dialogs.errors[0][1].startswith("broken.netsim: ") and "\n" not in dialogs.errors[0][1]
    assert "save changes" not in dialogs.kinds()  # nothing was going to replace it
    assert window.document is doc and doc.modified and weight(doc) == 0.875
    assert window.windowTitle() == title and window.isWindowModified()


# ---- the unsaved-changes question -------------------------------------------------------
@pytest.mark.parametrize("untitled", [False, True], ids=["saved before", "untitled"])
def test_new_asks_and_save_saves(make_window, dialogs, network_copy, tmp_path, untitled):
    window = make_window()
    path = network_copy()
    if untitled:
        window.open_example(paths.example("xor-worked-example"))
        path = tmp_path / "chosen.netsim"
        dialogs.paths.append(path)
    else:
        window.open_file(path)
    edit(window)
    dialogs.save_changes.append(Button.Save)

    assert window.new_document()

    assert dialogs.kinds() == ["save changes"] + (["save"] if untitled else [])
    assert weight(load(path)) == 0.875
    assert window.document.path is None and len(window.document.network.neurons) == 0
    assert window.windowTitle() == "Untitled[*] \u2014 netsim"


def test_new_asks_and_discard_discards(make_window, dialogs, network_copy):
    window = make_window()
    path = network_copy()
    window.open_file(path)
    edit(window)
    dialogs.save_changes.append(Button.Discard)
    assert window.new_document()
    assert weight(load(path)) != 0.875
    assert len(window.document.network.neurons) == 0


def test_new_asks_and_cancel_keeps_everything(make_window, dialogs, network_copy):
    window = make_window()
    path = network_copy()
    window.open_file(path)
    doc = edit(window)
    dialogs.save_changes.append(Button.Cancel)
    assert window.new_document() is False
    assert window.document is doc and doc.modified and weight(doc) == 0.875
    assert weight(load(path)) != 0.875


def test_cancelling_the_save_as_dialog_cancels_new(make_window, dialogs):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    doc = edit(window)
    dialogs.save_changes.append(Button.Save)
    dialogs.paths.append("")  # the Save As dialog is cancelled
    assert window.new_document() is False
    assert dialogs.kinds() == ["save changes", "save"]
    assert window.document is doc and doc.modified


def test_no_question_when_nothing_changed(make_window, dialogs, network_copy):
    window = make_window()
    window.open_file(network_copy())
    assert window.new_document()
    assert dialogs.asked == []


@pytest.mark.parametrize("answer", [Button.Save, Button.Discard, Button.Cancel],
                         ids=["save", "discard", "cancel"])
def test_closing_the_window_asks(make_window, dialogs, network_copy, qtbot, answer):
    window = make_window()
    path = network_copy()
    window.open_file(path)
    edit(window)
    dialogs.save_changes.append(answer)

    closed = window.close()

    assert dialogs.kinds() == ["save changes"]
    assert closed is (answer != Button.Cancel)
    assert window.isVisible() is (answer == Button.Cancel)
    assert (weight(load(path)) == 0.875) is (answer == Button.Save)
    if answer == Button.Cancel:
        assert window.document.modified
        dialogs.save_changes.append(Button.Discard)  # let the test's clean-up close it


@pytest.mark.parametrize("action", ["quit", "close", "open", "open example", "open recent",
                                    "drop"])
def test_every_way_of_replacing_the_document_asks(make_window, dialogs, network_copy, qtbot,
                                                  action):
    window = make_window()
    other = network_copy("two-two-two")
    window.recent.add(other)
    window.open_file(network_copy())
    doc = edit(window)
    dialogs.save_changes.append(Button.Cancel)
    dialogs.paths.append(other)
    if action == "quit":
        window.main_actions.quit.trigger()
    elif action == "close":
        window.main_actions.close.trigger()
    elif action == "open":
        window.main_actions.open.trigger()
    elif action == "open example":
        window.main_actions.examples_menu.actions()[0].trigger()
    elif action == "open recent":
        [a for a in window.recent.menu.actions() if a.data() == str(other)][0].trigger()
    else:
        drop(window, [QUrl.fromLocalFile(str(other))])
        qtbot.waitUntil(lambda: "save changes" in dialogs.kinds())
    assert "save changes" in dialogs.kinds()
    assert window.document is doc and doc.modified and window.isVisible()


# ---- saving -------------------------------------------------------------------------------
def test_save_as_writes_and_renames(make_window, dialogs, tmp_path):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    edit(window)
    assert window.windowTitle() == "XOR: the worked example (seed 000)[*] \u2014 netsim"
    assert window.isWindowModified()
    target = tmp_path / "mine"  # the extension is added
    dialogs.paths.append(target)

    assert window.save_as()

    saved = tmp_path / "mine.netsim"
    assert weight(load(saved)) == 0.875
    assert window.document.path == saved
    assert window.windowTitle() == "mine.netsim[*] \u2014 netsim"
    assert not window.isWindowModified() and not window.document.modified
    assert window.recent.paths()[0] == str(saved)


def test_save_suggests_a_name_from_the_title(make_window, dialogs):
    window = make_window()
    window.open_example(paths.example("and-perceptron"))
    window.save()
    (kind, suggested), = dialogs.asked
    assert kind == "save" and suggested.endswith("AND perceptron with a step activation.netsim")


def test_ctrl_s_saves_to_the_file_without_asking(make_window, dialogs, network_copy, qtbot):
    window = make_window()
    path = network_copy()
    window.open_file(path)
    edit(window, -1.5)
    assert window.main_actions.save.shortcut() == QKeySequence("Ctrl+S")
    qtbot.keyClick(window.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialogs.asked == []
    assert weight(load(path)) == -1.5
    assert not window.isWindowModified()


def test_a_failed_save_says_why_and_stays_modified(make_window, dialogs, tmp_path):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    edit(window)
    dialogs.paths.append(tmp_path / "no such folder" / "x.netsim")
    assert window.save() is False
    (title, text), = dialogs.errors
    assert text.startswith("x.netsim: ") and "\n" not in text
    assert window.document.modified and window.document.path is None
    assert window.isWindowModified()


def test_a_save_failure_in_the_prompt_cancels(make_window, dialogs, tmp_path):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    doc = edit(window)
    dialogs.save_changes.append(Button.Save)
    dialogs.paths.append(tmp_path / "no such folder" / "x.netsim")
    assert window.new_document() is False
    assert window.document is doc and len(dialogs.errors) == 1


# ---- Open Recent --------------------------------------------------------------------------
def recent_paths(window):
    return [a.data() for a in window.recent.menu.actions() if a.data()]


def test_open_recent_lists_files_most_recent_first(make_window, network_copy):
    window = make_window()
    a, b = network_copy("xor-worked-example"), network_copy("two-two-two")
    window.open_file(a)
    window.open_file(b)
    window.open_file(a)
    assert recent_paths(window) == [str(a), str(b)]
    texts = [x.text() for x in window.recent.menu.actions() if x.data()]
    assert texts == ["&1 xor-worked-example.netsim", "&2 two-two-two.netsim"]

    [x for x in window.recent.menu.actions() if x.data() == str(b)][0].trigger()
    assert window.document.path == b
    assert recent_paths(window) == [str(b), str(a)]


def test_open_recent_keeps_ten_and_survives_a_restart(make_window, network_copy):
    window = make_window()
    files = [network_copy("and-perceptron", f"n{i}.netsim") for i in range(MAX_RECENT + 2)]
    for f in files:
        window.recent.add(f)
    expected = [str(f) for f in reversed(files)][:MAX_RECENT]
    assert recent_paths(window) == expected
    assert recent_paths(make_window(show=False)) == expected  # same settings file


def test_a_missing_recent_file_is_removed_with_a_message(make_window, dialogs, network_copy):
    window = make_window()
    gone, kept = network_copy("two-two-two"), network_copy()
    window.recent.add(gone)
    window.recent.add(kept)
    gone.unlink()
    [x for x in window.recent.menu.actions() if x.data() == str(gone)][0].trigger()
    (title, text), = dialogs.messages
    assert "two-two-two.netsim" in text and "removed" in text
    assert recent_paths(window) == [str(kept)]
    assert window.document.path is None


def test_clear_recent(make_window, network_copy):
    window = make_window()
    window.open_file(network_copy())
    clear = window.recent.menu.actions()[-1]
    assert clear.text() == "&Clear Recent" and clear.isEnabled()
    clear.trigger()
    assert recent_paths(window) == [] and window.recent.paths() == []
    assert not window.recent.menu.actions()[-1].isEnabled()


def test_examples_are_opened_untitled_and_not_remembered(make_window):
    window = make_window()
    window.open_example(paths.example("two-two-two"))
    assert window.document.path is None
    assert window.windowTitle() == ("2-2-2 network with weights w1 ... w12 (seed 001)[*]"
                                    " \u2014 netsim")
    assert window.recent.paths() == []


# ---- drag and drop ------------------------------------------------------------------------
def drop(window, urls, target=None):
    """Drag `urls` over `target` (default: the window) and drop them there. The events go
    through QApplication, which hands a drag a widget refuses on to its parent, as in a
    real drop."""
    target = target if target is not None else window
    mime = QMimeData()
    mime.setUrls(urls)
    centre = target.rect().center()
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, event)
    return event.isAccepted()


@pytest.mark.parametrize("where", ["window", "canvas"])
def test_dropping_a_network_file_opens_it(make_window, network_copy, qtbot, where):
    window = make_window()
    path = network_copy("two-two-two")
    target = window.view.viewport() if where == "canvas" else window
    assert drop(window, [QUrl.fromLocalFile(str(path))], target)
    qtbot.waitUntil(lambda: window.document.path == path)
    assert window.windowTitle() == "two-two-two.netsim[*] \u2014 netsim"
    assert len(window.scene.neuron_items) == 8


def test_other_drops_are_refused(make_window, tmp_path):
    window = make_window()
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    assert not drop(window, [QUrl.fromLocalFile(str(text))])
    assert not drop(window, [QUrl("https://example.com/x.netsim")])
    assert window.acceptDrops()


# ---- undo and redo follow the document ----------------------------------------------------
def test_undo_and_redo_follow_the_document(make_window, network_copy):
    window = make_window()
    window.open_file(network_copy())
    first = edit(window, 0.5)
    acts = window.main_actions
    assert acts.undo.isEnabled() and acts.undo.text() == "&Undo Set weight x1 \u2192 h1 to 0.5"
    assert acts.undo.shortcut() == QKeySequence("Ctrl+Z")
    assert acts.redo.shortcuts() == [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
    assert window.undo_view.stack() is first.undo_stack

    window.main_actions.save.trigger()
    window.open_file(network_copy("two-two-two"))
    second = window.document
    assert second is not first
    assert window.undo_view.stack() is second.undo_stack
    assert not acts.undo.isEnabled() and not acts.redo.isEnabled()
    second.undo_stack.push(SetWeight(second, ("i1", "h1"), 2.0))
    assert acts.undo.isEnabled()
    acts.undo.trigger()
    assert second.network.connection("i1", "h1").weight != 2.0
    acts.redo.trigger()
    assert second.network.connection("i1", "h1").weight == 2.0
    edit_menu = [a for a in acts.edit_menu.actions() if not a.isSeparator()]
    assert edit_menu[:2] == [acts.undo, acts.redo]

    window.main_actions.save.trigger()
    window.new_document()
    assert window.undo_view.stack() is window.document.undo_stack
    assert not acts.undo.isEnabled()
    edit_menu = [a for a in acts.edit_menu.actions() if not a.isSeparator()]
    assert edit_menu[:2] == [acts.undo, acts.redo]


def test_save_as_on_an_example_suggests_a_clean_file_name(make_window, dialogs):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    window.save_as()
    (kind, suggested), = dialogs.asked
    assert os.path.basename(suggested) == "XOR the worked example seed 000.netsim"
    assert [file_stem(t) for t in ("a/b\\c", "  --x--  ", "¿?", "net_1-2")] == ["a b c", "x", "", "net_1-2"]

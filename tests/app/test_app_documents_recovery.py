"""Autosave and recovery: a modified document is written to a recovery file; a file left
there by a crash is offered back at the next start."""
import json
import os
import stat
import subprocess
import sys

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QMessageBox

from doc_edits import KEY, edit
from netsim import paths
from netsim.app import launch, recovery
from netsim.app.main_window import MainWindow
from netsim.app.recovery import META, RecoveryFolder
from netsim.document.commands import SetWeight
from netsim.io.fileformat import load, save

Button = QMessageBox.StandardButton
FAST = 50  # ms between autosaves in these tests


UNTITLED = f"untitled-{os.getpid()}.netsim"  # this process's untitled recovery file


def recovery_files(folder):
    return sorted(p.name for p in folder.glob("*.netsim")) if folder.is_dir() else []


def crash(window):
    """The app dies: no closeEvent, no clean-up, the timers simply stop."""
    window.autosave.stop()
    window.hide()
    shiboken6.delete(window)
    QApplication.processEvents()


def test_autosave_writes_a_recovery_file_and_save_removes_it(make_window, network_copy,
                                                            recovery_dir, qtbot):
    window = make_window(autosave_interval=FAST)
    path = network_copy()
    window.open_file(path)
    qtbot.wait(3 * FAST)
    assert recovery_files(recovery_dir) == []  # nothing to recover yet
    edit(window)
    qtbot.waitUntil(lambda: recovery_files(recovery_dir) != [])
    (name,) = recovery_files(recovery_dir)
    assert name.startswith("xor-worked-example-") and name != "xor-worked-example.netsim"
    assert load(recovery_dir / name).network.connection(*KEY).weight == 0.875
    (entry,) = RecoveryFolder(recovery_dir).pending()
    assert (entry.file.name, entry.path, entry.title) == (name, path, "xor-worked-example.netsim")
    assert load(path).network.connection(*KEY).weight != 0.875  # the file itself is untouched

    assert window.save()
    assert sorted(p.name for p in recovery_dir.iterdir()) == []


def test_undoing_back_to_the_saved_state_removes_the_recovery_file(make_window, network_copy,
                                                                   recovery_dir, qtbot):
    window = make_window(autosave_interval=FAST)
    window.open_file(network_copy())
    doc = edit(window)
    qtbot.waitUntil(lambda: recovery_files(recovery_dir) != [])
    doc.undo_stack.undo()
    assert recovery_files(recovery_dir) == []


def test_a_clean_close_leaves_no_recovery_file(make_window, dialogs, recovery_dir, qtbot):
    window = make_window(autosave_interval=FAST)
    window.open_example(paths.example("xor-worked-example"))
    edit(window)
    qtbot.waitUntil(lambda: recovery_files(recovery_dir) == [UNTITLED])
    dialogs.save_changes.append(Button.Discard)
    assert window.close()
    assert recovery_files(recovery_dir) == []


def test_discarding_on_new_removes_the_recovery_file(make_window, dialogs, recovery_dir, qtbot):
    window = make_window(autosave_interval=FAST)
    window.open_example(paths.example("xor-worked-example"))
    edit(window)
    qtbot.waitUntil(lambda: recovery_files(recovery_dir) == [UNTITLED])
    dialogs.save_changes.append(Button.Discard)
    assert window.new_document()
    assert recovery_files(recovery_dir) == []


def test_after_a_crash_yes_restores_the_edits(make_window, dialogs, network_copy, recovery_dir,
                                              qtbot):
    window = make_window(autosave_interval=FAST, track=False)
    path = network_copy()
    window.open_file(path)
    edit(window, 0.875)
    qtbot.waitUntil(lambda: recovery_files(recovery_dir) != [])
    crash(window)

    dialogs.restore.append(True)
    again = make_window(autosave_interval=FAST)
    assert again.offer_recovery()

    assert dialogs.asked == [("restore", "xor-worked-example.netsim")]
    doc = again.document
    assert doc.network.connection(*KEY).weight == 0.875
    assert doc.modified and again.isWindowModified()
    assert doc.path == path
    assert again.windowTitle() == "xor-worked-example.netsim[*] \u2014 netsim"
    assert len(again.scene.neuron_items) == len(doc.network.neurons)

    # Save writes to the original file, and the recovery file goes.
    assert again.save()
    assert dialogs.kinds() == ["restore"]
    assert load(path).network.connection(*KEY).weight == 0.875
    assert recovery_files(recovery_dir) == []
    assert not again.offer_recovery()


def test_after_a_crash_no_deletes_the_recovery_file(make_window, dialogs, network_copy,
                                                    recovery_dir, qtbot):
    window = make_window(autosave_interval=FAST, track=False)
    window.open_example(paths.example("xor-worked-example"))
    edit(window)
    qtbot.waitUntil(lambda: recovery_files(recovery_dir) == [UNTITLED])
    crash(window)

    dialogs.restore.append(False)
    again = make_window()
    assert again.offer_recovery() is False
    assert dialogs.asked == [("restore", "XOR: the worked example (seed 000)")]
    assert recovery_files(recovery_dir) == []
    assert len(again.document.network.neurons) == 0 and not again.document.modified


def test_a_restored_untitled_network_stays_untitled(make_window, dialogs, recovery_dir, qtbot):
    window = make_window(autosave_interval=FAST, track=False)
    window.open_example(paths.example("xor-worked-example"))
    edit(window)
    qtbot.waitUntil(lambda: recovery_files(recovery_dir) == [UNTITLED])
    crash(window)
    dialogs.restore.append(True)
    again = make_window()
    assert again.offer_recovery()
    assert again.document.path is None and again.document.modified
    assert again.windowTitle() == "XOR: the worked example (seed 000)[*] \u2014 netsim"


def test_a_broken_recovery_file_is_reported_and_removed(make_window, dialogs, recovery_dir):
    recovery_dir.mkdir()
    (recovery_dir / UNTITLED).write_text("{", encoding="utf-8")
    dialogs.restore.append(True)
    window = make_window()
    assert window.offer_recovery() is False
    assert len(dialogs.errors) == 1 and dialogs.errors[0][1].startswith(f"{UNTITLED}: ")
    assert recovery_files(recovery_dir) == []


def test_recovery_folder_names_files_after_their_documents(tmp_path):
    folder = RecoveryFolder(tmp_path)
    a, b = tmp_path / "a" / "net.netsim", tmp_path / "b" / "net.netsim"
    assert folder.file_for(None).name == UNTITLED
    assert folder.file_for(a) != folder.file_for(b)  # same name, other folder
    assert folder.file_for(a) == folder.file_for(str(a))
    assert folder.file_for(a).name.startswith("net-")
    assert folder.pending() == []


def test_a_recovery_file_of_another_running_netsim_is_left_alone(tmp_path, monkeypatch):
    folder = RecoveryFolder(tmp_path)
    nf = load(paths.example("and-perceptron"))
    mine = folder.write(nf, None, "Untitled")
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with monkeypatch.context() as m:  # as if the other netsim had written it
            m.setattr(recovery.os, "getpid", lambda: other.pid)
            theirs = folder.write(nf, tmp_path / "theirs.netsim", "theirs.netsim")
        assert load(theirs).view[META]["pid"] == other.pid
        assert load(mine).view[META]["pid"] == os.getpid()
        assert [r.file for r in folder.pending()] == [mine]
    finally:
        other.kill()
        other.wait()
    assert sorted(r.file for r in folder.pending()) == sorted([mine, theirs])  # it ended


def test_run_gui_offers_recovery(make_window, dialogs, recovery_dir, qtbot, monkeypatch,
                                 tmp_path):
    # The app's own recovery folder (tests point it at tmp_path/"user-recovery").
    window = make_window(autosave_interval=FAST, recovery_dir=tmp_path / "user-recovery",
                         track=False)
    window.open_example(paths.example("and-perceptron"))
    doc = window.document
    doc.undo_stack.push(SetWeight(doc, doc.network.connections[0].key, 4.0))
    qtbot.waitUntil(lambda: recovery_files(tmp_path / "user-recovery") == [UNTITLED])
    crash(window)

    asked = []

    def question(parent, title, text, *args):
        asked.append(text)
        return Button.Yes

    seen = []

    def exec_(*args):
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible():
                seen.append((w.windowTitle(), w.document.modified))
                dialogs.install(w)
                w.close()
        return 0

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QApplication, "exec", exec_)
    assert launch.run_gui(None) == 0
    assert len(asked) == 1 and "AND perceptron" in asked[0]
    assert seen == [("AND perceptron with a step activation[*] \u2014 netsim", True)]


class Killed(BaseException):
    """The process dies here: nothing after this point runs."""


def test_a_kill_just_after_the_recovery_file_restores_it_attached_to_its_file(
        make_window, dialogs, network_copy, recovery_dir, monkeypatch):
    path = network_copy()
    nf = load(path)
    nf.network.connection(*KEY).weight = 0.875
    real_replace = os.replace

    def replace(src, dst):
        real_replace(src, dst)
        if str(dst).endswith(".netsim"):  # the recovery file is in place: the process dies
            raise Killed

    with monkeypatch.context() as m:
        m.setattr(os, "replace", replace)
        with pytest.raises(Killed):
            RecoveryFolder(recovery_dir).write(nf, path, "xor-worked-example.netsim")

    dialogs.restore.append(True)
    window = make_window()
    assert window.offer_recovery()
    assert dialogs.asked == [("restore", "xor-worked-example.netsim")]
    assert window.document.path == path and window.document.modified
    assert window.windowTitle() == "xor-worked-example.netsim[*] \u2014 netsim"
    assert window.document.network.connection(*KEY).weight == 0.875


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_recovery_files_are_private(tmp_path):
    old_umask = os.umask(0o022)
    try:
        fresh = RecoveryFolder(tmp_path / "data" / "recovery")
        written = fresh.write(load(paths.example("and-perceptron")), None, "Untitled")
        assert mode(fresh.folder) == 0o700 and mode(written) == 0o600

        # A folder and a file that netsim 0.1.0 made readable by everyone.
        old = RecoveryFolder(tmp_path / "old")
        old.folder.mkdir(mode=0o755)
        stale = old.file_for(tmp_path / "net.netsim")
        stale.write_text("written by 0.1.0")
        os.chmod(stale, 0o644)
        assert (mode(old.folder), mode(stale)) == (0o755, 0o644)
        old.write(load(paths.example("and-perceptron")), tmp_path / "net.netsim", "net.netsim")
        assert (mode(old.folder), mode(stale)) == (0o700, 0o600)
        assert [p.name for p in old.folder.iterdir()] == [stale.name]  # no temporary left
    finally:
        os.umask(old_umask)


@pytest.mark.parametrize("view", [None, {}, {"zoom": 2.5, "recovery": "the person's own"}])
def test_the_documents_own_view_data_comes_back_unchanged(tmp_path, view):
    folder = RecoveryFolder(tmp_path)
    nf = load(paths.example("and-perceptron"))
    nf.view = view
    written = folder.write(nf, None, "Untitled")
    assert nf.view == view  # the document's file is not touched
    assert set(load(written).view) == {META}
    (entry,) = folder.pending()
    assert folder.load(entry).view == view


def test_a_recovery_folder_left_by_netsim_0_1_0_is_still_restored(tmp_path):
    folder = RecoveryFolder(tmp_path / "recovery")
    folder.folder.mkdir()
    net = tmp_path / "net.netsim"
    old_style = folder.file_for(net)
    save(old_style, load(paths.example("and-perceptron")))  # no recovery data inside
    other = folder.file_for(tmp_path / "other.netsim")
    save(other, load(paths.example("and-perceptron")))
    index = {old_style.name: {"path": str(net), "title": "net.netsim", "pid": 0,
                              "saved": "2026-11-30T10:00:00+00:00"},
             other.name: {"path": str(tmp_path / "other.netsim"), "title": "other.netsim",
                          "pid": 0, "saved": "2026-11-30T09:00:00+00:00"}}
    (folder.folder / "index.json").write_text(json.dumps(index), encoding="utf-8")
    found = folder.pending()
    assert [(r.file, r.path, r.title) for r in found] == [
        (old_style, net, "net.netsim"), (other, tmp_path / "other.netsim", "other.netsim")]
    assert folder.load(found[0]).view is None
    folder.remove(old_style)
    assert json.loads((folder.folder / "index.json").read_text(encoding="utf-8")) == {
        other.name: index[other.name]}
    folder.remove(other)
    assert sorted(p.name for p in folder.folder.iterdir()) == []  # the index goes last

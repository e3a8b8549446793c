"""File ▸ Export ▸ Step-Through…: one row's stages as an animated GIF or APNG, frames the
size asked, each shown as long as asked; Cancel leaves no file behind."""
import os

import numpy as np
import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QPushButton

from netsim import paths
from test_app_export_torch import choose, open_export_menu  # File > Export, by mouse and keys
from netsim.app import animation
from netsim.app.animation import Animation, AnimationError, Choice, export_row
from netsim.app.step_frames import FrameError, StepFrames, stage_label
from netsim.io.fileformat import load
from animations import read_back

XOR = paths.example("xor-worked-example")


@pytest.fixture
def xor_frames(qapp):
    nf = load(XOR)
    frames = StepFrames(nf.network, nf.dataset, nf.training, 1)
    yield frames
    frames.close()


def test_a_rows_stages_are_the_steppers(xor_frames):
    assert [stage_label(s) for s in xor_frames.stages] == [
        "input", "forward, level 1", "forward, level 2", "error", "backward, level 2",
        "backward, level 1", "update"]


def test_gif_has_a_frame_per_stage_of_the_size_and_duration_asked(xor_frames, tmp_path):
    out = tmp_path / "row1.gif"
    assert export_row(xor_frames, Choice(1, width=320, height=240, seconds=0.5), str(out)) == 7
    assert read_back(out) == (7, (320, 240), [500] * 7)


def test_apng_of_the_forward_pass_at_a_scale(xor_frames, tmp_path):
    out = tmp_path / "forward.png"
    choice = Choice(1, preset="forward", scale=0.5, seconds=2.0)
    assert export_row(xor_frames, choice, str(out)) == 4  # input, level 1, level 2, error
    size = xor_frames.scaled_size(0.5, 0, 3)
    assert read_back(out) == (4, (size.width(), size.height()), [2000.0] * 4)
    # twice the scale, twice the size (to the pixel's rounding)
    double = xor_frames.scaled_size(1.0, 0, 3)
    assert abs(double.width() - 2 * size.width()) <= 1
    assert abs(double.height() - 2 * size.height()) <= 1


def test_a_range_of_stages_and_the_backward_preset(xor_frames, tmp_path):
    out = tmp_path / "range.gif"
    assert export_row(xor_frames, Choice(1, first=2, last=3, width=200, height=100,
                                         seconds=1.0), str(out)) == 2
    assert read_back(out) == (2, (200, 100), [1000, 1000])
    out = tmp_path / "backward.gif"
    assert export_row(xor_frames, Choice(1, preset="backward", width=200, height=100),
                      str(out)) == 4  # error, backward 2, backward 1, update
    assert read_back(out)[0] == 4


def test_frames_show_the_stages_numbers_and_differ(xor_frames):
    size = QSize(400, 300)
    images = list(xor_frames.frames(0, 6, size))
    assert [i.size() for i in images] == [size] * 7
    arrays = [np.frombuffer(bytes(i.constBits()), np.uint8) for i in images]
    assert all(not np.array_equal(a, b) for a, b in zip(arrays, arrays[1:]))
    # the drawing is the exporter's own: the overlay is gone after the last frame
    assert not xor_frames.overlay.shown


def test_cancelling_leaves_no_file_and_keeps_an_old_one(xor_frames, tmp_path):
    out = tmp_path / "row1.gif"
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return done < 3  # Cancel after the third frame

    assert export_row(xor_frames, Choice(1, width=320, height=240), str(out), progress) == 0
    assert calls == [(1, 7), (2, 7), (3, 7)]
    assert os.listdir(tmp_path) == []
    out.write_bytes(b"old")
    assert export_row(xor_frames, Choice(1, width=320, height=240), str(out), progress) == 0
    assert out.read_bytes() == b"old" and os.listdir(tmp_path) == ["row1.gif"]


def test_bad_choices_are_one_line(xor_frames, tmp_path, monkeypatch):
    with pytest.raises(AnimationError, match=r"^x.bmp: netsim writes step-throughs as .gif"):
        export_row(xor_frames, Choice(1), str(tmp_path / "x.bmp"))
    with pytest.raises(AnimationError, match=r"^stages 2 to 9 are out of range: the row has "
                                             r"stages 0 to 6$"):
        export_row(xor_frames, Choice(1, first=2, last=9), str(tmp_path / "x.gif"))
    with pytest.raises(AnimationError, match=r"^a frame of 8 × 300 pixels is out of range"):
        export_row(xor_frames, Choice(1, width=8, height=300), str(tmp_path / "x.gif"))
    with pytest.raises(AnimationError, match=r"^0.05 seconds per stage is out of range"):
        export_row(xor_frames, Choice(1, seconds=0.05), str(tmp_path / "x.gif"))
    with pytest.raises(AnimationError, match=r"^a GIF shows a stage for whole hundredths of a "
                                             r"second, not 0.333 s$"):
        export_row(xor_frames, Choice(1, seconds=0.333), str(tmp_path / "x.gif"))
    assert export_row(xor_frames, Choice(1, first=0, last=1, width=50, height=50, seconds=0.33),
                      str(tmp_path / "ok.png")) == 2  # an APNG's durations are in ms
    assert read_back(tmp_path / "ok.png")[2] == [330.0, 330.0]
    (tmp_path / "ok.png").unlink()
    monkeypatch.setattr(animation, "mp4_missing", lambda: animation.MP4_MISSING)
    with pytest.raises(AnimationError, match=r"^MP4 needs the imageio-ffmpeg package: "
                                             r"pip install imageio-ffmpeg$"):
        Animation(str(tmp_path / "x.mp4"), QSize(100, 100), 1.0)
    assert os.listdir(tmp_path) == []


def test_rows_that_cannot_be_stepped(qapp):
    nf = load(XOR)
    with pytest.raises(FrameError, match=r"^row 4 is out of range: the dataset has 4 rows "
                                         r"\(0 to 3\)$"):
        StepFrames(nf.network, nf.dataset, nf.training, 4)
    digits = load(paths.example("digits-softmax"))
    held = digits.dataset.test_rows[0]
    with pytest.raises(FrameError, match=rf"^row {held} is held out for testing"):
        StepFrames(digits.network, digits.dataset, digits.training, held)
    with pytest.raises(FrameError, match=r"^the network has no dataset rows"):
        StepFrames(nf.network, None, nf.training, 0)


# ---- the dialog, as a person uses it ------------------------------------------------------
def open_dialog(qtbot, make_window):
    window = make_window()
    assert window.open_file(str(XOR))
    choose(qtbot, open_export_menu(window, qtbot)[1], window.main_actions.export_step_through)
    dialog = window.step_export_dialog
    qtbot.waitUntil(dialog.isVisible)
    return window, dialog


def set_spin(qtbot, box, value):
    box.selectAll()
    qtbot.keyClicks(box, str(value))
    qtbot.keyClick(box, Qt.Key.Key_Tab)


def click_export(qtbot, dialog):
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: size hints, grabs
def test_the_dialog_exports_what_it_chose(qtbot, make_window, dialogs, tmp_path, monkeypatch):
    monkeypatch.setattr(animation, "mp4_missing", lambda: animation.MP4_MISSING)
    window, dialog = open_dialog(qtbot, make_window)
    assert window.main_actions.export_step_through in window.main_actions.export_menu.actions()
    # MP4 without imageio-ffmpeg: disabled, with what to install, in one line
    mp4 = dialog.format.model().item(dialog.format.findData("mp4"))
    assert not mp4.isEnabled() and mp4.toolTip() == animation.MP4_MISSING
    assert dialog.mp4_note.text() == animation.MP4_MISSING and dialog.mp4_note.isVisible()
    set_spin(qtbot, dialog.row, 2)
    dialog.preset.setFocus()
    qtbot.keyClick(dialog.preset, Qt.Key.Key_Down)  # All stages -> Forward pass
    assert dialog.preset.currentData() == "forward"
    assert (dialog.first.currentIndex(), dialog.last.currentIndex()) == (0, 3)
    qtbot.mouseClick(dialog.by_pixels, Qt.MouseButton.LeftButton)
    set_spin(qtbot, dialog.width_box, 300)
    set_spin(qtbot, dialog.height_box, 200)
    set_spin(qtbot, dialog.seconds, "0.7")
    assert dialog.size_note.text() == "4 frames of 300 × 200 pixels"
    dialog.format.setFocus()
    qtbot.keyClick(dialog.format, Qt.Key.Key_Down)  # GIF -> APNG
    out = tmp_path / "row2"
    dialogs.paths.append(out)
    click_export(qtbot, dialog)
    qtbot.waitUntil(lambda: getattr(window, "animation_job", 1) is None, timeout=20000)
    assert dialogs.kinds()[-1] == "animation"
    assert read_back(f"{out}.png") == (4, (300, 200), [700.0] * 4)
    assert window.statusBar().currentMessage() == f"Exported {out}.png (4 frames)"
    assert window.document.undo_stack.count() == 0  # the document is not touched


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: size hints, grabs
def test_cancel_in_the_progress_dialog_leaves_no_file(qtbot, make_window, dialogs, tmp_path):
    window, dialog = open_dialog(qtbot, make_window)
    out = tmp_path / "row0.gif"
    dialogs.paths.append(out)
    clicked = []

    def on_frame(done):
        if done == 2 and not clicked:
            button = window.animation_job.progress.findChild(QPushButton)
            clicked.append(button.text())
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    window.step_export_dialog.accepted.connect(
        lambda: window.animation_job.frame_done.connect(on_frame))
    click_export(qtbot, dialog)
    qtbot.waitUntil(lambda: getattr(window, "animation_job", 1) is None, timeout=20000)
    assert clicked == ["Cancel"]
    assert not out.exists() and not [p for p in os.listdir(tmp_path) if "row0" in p]
    assert window.statusBar().currentMessage() == "Export cancelled: nothing was written"


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: size hints, grabs
def test_the_dialog_starts_at_a_training_row(qtbot, make_window):
    window = make_window()
    assert window.open_file(str(paths.example("iris-softmax")))
    held = set(window.document.dataset.test_rows)
    assert 0 in held  # the step-through's row 0 is held out: the dialog starts after it
    choose(qtbot, open_export_menu(window, qtbot)[1], window.main_actions.export_step_through)
    dialog = window.step_export_dialog
    first = next(r for r in range(150) if r not in held)
    assert dialog.row.value() == first and dialog.export_button.isEnabled()
    dialog.reject()
    choose(qtbot, open_export_menu(window, qtbot)[1], window.main_actions.export_worksheet)
    assert window.worksheet_dialog.row.value() == first
    window.worksheet_dialog.reject()


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: size hints, grabs
def test_a_held_out_row_cannot_be_exported(qtbot, make_window, dialogs):
    window = make_window()
    assert window.open_file(str(paths.example("digits-softmax")))
    choose(qtbot, open_export_menu(window, qtbot)[1], window.main_actions.export_step_through)
    dialog = window.step_export_dialog
    qtbot.waitUntil(dialog.isVisible)
    held = window.document.dataset.test_rows[0]
    set_spin(qtbot, dialog.row, held)
    assert dialog.error.text() == (f"Cannot export row {held}: row {held} is held out for "
                                   f"testing, and stepping trains only on the training rows")
    assert not dialog.export_button.isEnabled()
    dialog.reject()
    assert dialogs.kinds() == []

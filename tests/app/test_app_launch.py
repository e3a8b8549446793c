import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMessageBox

from netsim import paths
from netsim.app import launch
from netsim.app.main_window import MainWindow

EXAMPLES = paths.examples()
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def distinct_colours(image: QImage, step: int = 16) -> int:
    return len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)})


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_screenshot_of_every_example(qapp, tmp_path, path):
    out = tmp_path / "shot.png"
    assert launch.screenshot(str(out), str(path)) == 0
    assert out.read_bytes()[:8] == PNG_MAGIC
    image = QImage(str(out))
    assert not image.isNull()
    assert (image.width(), image.height()) == (1280, 800)
    assert distinct_colours(image) > 8  # a drawing, not a blank window


def test_screenshot_of_the_default_example_and_a_size(qapp, tmp_path):
    out = tmp_path / "default.png"
    assert launch.screenshot(str(out), size=(800, 600)) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (800, 600)


def test_screenshot_follows_the_palette(qapp, tmp_path):
    # The canvas background is the palette's base colour: sample a corner of the view.
    out = tmp_path / "light.png"
    launch.screenshot(str(out))
    corner = QImage(str(out)).pixelColor(640, 60)
    assert corner.lightness() > 200


def test_screenshot_of_a_bad_file_raises_a_one_line_value_error(qapp, tmp_path):
    bad = tmp_path / "bad.netsim"
    bad.write_text("not json at all", encoding="utf-8")
    out = tmp_path / "shot.png"
    with pytest.raises(ValueError) as info:
        launch.screenshot(str(out), str(bad))
    assert str(info.value).startswith("bad.netsim: ")
    assert "\n" not in str(info.value)
    assert not out.exists()


def test_screenshot_to_an_unwritable_path_raises(qapp, tmp_path):
    with pytest.raises(ValueError) as info:
        launch.screenshot(str(tmp_path / "no such folder" / "shot.png"))
    assert "\n" not in str(info.value)
    folder = tmp_path / "a folder"
    folder.mkdir()
    with pytest.raises(ValueError):
        launch.screenshot(str(folder))  # a folder, not a file


def test_application_is_reused_and_named(qapp):
    assert launch.application() is qapp
    assert QApplication.applicationName() == "netsim"


def fake_exec(seen):
    def exec_(*args):
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen.extend((w.windowTitle(), w.width(), w.height()) for w in windows)
        for w in windows:
            w.close()
        return 0
    return exec_


def test_run_gui_opens_the_file(qapp, monkeypatch):
    seen = []
    monkeypatch.setattr(QApplication, "exec", fake_exec(seen))
    assert launch.run_gui(str(paths.example("two-two-two"))) == 0
    assert seen == [("two-two-two.netsim[*] \u2014 netsim", 1280, 800)]


def test_run_gui_falls_back_to_the_default_example(qapp, monkeypatch, tmp_path):
    seen, messages = [], []
    monkeypatch.setattr(QApplication, "exec", fake_exec(seen))
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text, *a: messages.append(text)))
    bad = tmp_path / "bad.netsim"
    bad.write_text("{}", encoding="utf-8")
    assert launch.run_gui(str(bad)) == 0
    assert len(messages) == 1 and messages[0].startswith("bad.netsim: ")
    assert seen == [("XOR: the worked example (seed 000)[*] \u2014 netsim", 1280, 800)]


def test_run_gui_without_a_file_opens_the_default_example(qapp, monkeypatch):
    seen = []
    monkeypatch.setattr(QApplication, "exec", fake_exec(seen))
    assert launch.run_gui(None) == 0
    assert seen[0][0] == "XOR: the worked example (seed 000)[*] \u2014 netsim"


def test_screenshot_needs_no_display(tmp_path):
    # As the CLI runs it: a fresh interpreter with no display and no platform chosen.
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    out = tmp_path / "cli.png"
    code = f"from netsim.app.launch import screenshot; screenshot({str(out)!r})"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120,
                   cwd=Path(__file__).resolve().parents[2])
    assert QImage(str(out)).size().toTuple() == (1280, 800)

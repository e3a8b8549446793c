"""`netsim animate FILE --row K OUT`: a row's step-through as a GIF or APNG, headless;
bad input in one line with the commands' exit statuses."""
import os
import subprocess
import sys

import pytest

from netsim import paths
from netsim.cli import main
from animations import read_back

XOR = str(paths.example("xor-worked-example"))
DIGITS = str(paths.example("digits-softmax"))


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 1, err
    return status, out.strip(), err.strip()


def test_animate_writes_a_gif(qapp, capsys, tmp_path):
    out = tmp_path / "row1.gif"
    status, said, err = run(capsys, "animate", XOR, "--row", "1", "--size", "400x300",
                            "--seconds", "0.8", str(out))
    assert (status, err) == (0, "")
    assert said == (f"wrote {out} (GIF: 7 frames of 400 \u00d7 300, 0.8 s each; row 1, "
                    f"input to update)")
    assert read_back(out) == (7, (400, 300), [800] * 7)


def test_animate_writes_an_apng_of_chosen_stages(qapp, capsys, tmp_path):
    out = tmp_path / "forward.png"
    status, said, _ = run(capsys, "animate", XOR, "--stages", "1-3", "--scale", "0.5", str(out))
    assert status == 0 and said.endswith("1.5 s each; row 0, forward, level 1 to error)")
    n, size, durations = read_back(out)
    assert n == 3 and durations == [1500.0] * 3
    assert said.startswith(f"wrote {out} (APNG: 3 frames of {size[0]} \u00d7 {size[1]},")


@pytest.mark.parametrize("argv, status, message", [
    (["--row", "4", "OUT.gif"], 1,
     "netsim animate: row 4 is out of range: the dataset has 4 rows (0 to 3)"),
    (["OUT.bmp"], 2, "netsim animate: OUT.bmp: netsim writes step-throughs as .gif, .png "
                     "(animated) or .mp4 (see netsim animate --help)"),
    (["--stages", "3-9", "OUT.gif"], 1,
     "netsim animate: stages 3 to 9 are out of range: the row has stages 0 to 6"),
    (["--stages", "back", "OUT.gif"], 2, "netsim animate: argument --stages: 'back' is not "
                                         "all, forward, backward or A-B (see netsim animate --help)"),
    (["--size", "9x9", "OUT.gif"], 1,
     "netsim animate: a frame of 9 \u00d7 9 pixels is out of range: each side 16 to 8000"),
    (["--seconds", "0", "OUT.gif"], 2,
     "netsim animate: argument --seconds: '0' is not a positive number (see netsim animate --help)"),
])
def test_bad_input_is_one_line(qapp, capsys, tmp_path, argv, status, message):
    argv = [a.replace("OUT", str(tmp_path / "x")) for a in argv]
    got, said, err = run(capsys, "animate", XOR, *argv)
    assert (got, said) == (status, "")
    assert err == message.replace("OUT", "x")  # the file's name, without its folder
    assert os.listdir(tmp_path) == []


def test_a_held_out_row_and_a_missing_mp4_package(qapp, capsys, tmp_path, monkeypatch):
    from netsim.app import animation
    from netsim.io.fileformat import load

    held = load(DIGITS).dataset.test_rows[0]
    status, _, err = run(capsys, "animate", DIGITS, "--row", str(held), str(tmp_path / "x.gif"))
    assert status == 1 and err == (f"netsim animate: row {held} is held out for testing, and "
                                   f"stepping trains only on the training rows")
    monkeypatch.setattr(animation, "mp4_missing", lambda: animation.MP4_MISSING)
    status, _, err = run(capsys, "animate", XOR, str(tmp_path / "x.mp4"))
    assert (status, err) == (1, "netsim animate: MP4 needs the imageio-ffmpeg package: "
                                "pip install imageio-ffmpeg")
    assert os.listdir(tmp_path) == []


def test_animate_needs_no_display_and_other_commands_stay_qt_free(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY",
                                                             "WAYLAND_DISPLAY")}
    out = tmp_path / "x.gif"
    done = subprocess.run([sys.executable, "-m", "netsim.cli", "animate", XOR, "--size",
                           "200x100", str(out)], capture_output=True, text=True, env=env)
    assert (done.returncode, done.stderr) == (0, "")
    assert read_back(out)[:2] == (7, (200, 100))
    probe = ("import sys; from netsim.cli import main; main(['validate', sys.argv[1]]); "
             "print('PySide6' in sys.modules, 'PIL' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", probe, XOR], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "False False"


def test_a_network_that_cannot_be_stepped(qapp, capsys, tmp_path):
    from dataclasses import replace

    from netsim.io.fileformat import load, save

    nf = load(XOR)
    nf.network.neurons["y"].activation = "tanh"
    nf.training = replace(nf.training, loss="cross_entropy")
    save(tmp_path / "tanh.netsim", nf)
    status, said, err = run(capsys, "animate", str(tmp_path / "tanh.netsim"),
                            str(tmp_path / "x.gif"))
    assert (status, said) == (1, "")
    assert err == ("netsim animate: cannot step through it: cross_entropy needs sigmoid output "
                   "neurons, but y uses tanh; use squared_error or make it sigmoid")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tanh.netsim"]

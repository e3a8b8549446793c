"""The check `make run` does before the window opens: which system libraries Qt's xcb
plugin is missing, and the command that installs them."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from netsim.app import system_check
from netsim.app.system_check import (check, debian_name, missing_libraries, packages_for,
                                     uses_xcb, xcb_plugin)

ROOT = Path(__file__).resolve().parents[2]

# ldd on libqxcb.so of PySide6 6.8 on a fresh Debian 12 (shortened): the two missing
# libraries are needed by the plugin and again by libQt6XcbQpa, so ldd names them twice.
LDD = """\
\tlinux-vdso.so.1 (0x00007ffd4a3f2000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 (0x1)
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x2)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x3)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-image.so.0 => /lib/x86_64-linux-gnu/libxcb-image.so.0 (0x4)
\tlibxcb-keysyms.so.1 => not found
\tlibglib-2.0.so.0 => /lib/x86_64-linux-gnu/libglib-2.0.so.0 (0x5)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-keysyms.so.1 => not found
\t/lib64/ld-linux-x86-64.so.2 (0x00007f0b5e0f1000)
"""


def test_missing_libraries_are_read_off_ldd_once_each_in_order():
    assert missing_libraries(LDD) == ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert missing_libraries(LDD.replace("not found", "/lib/x.so (0x9)")) == []
    assert missing_libraries("") == []


@pytest.mark.parametrize("soname, package", [
    ("libxcb-icccm.so.4", "libxcb-icccm4"), ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libX11-xcb.so.1", "libx11-xcb1"), ("libdbus-1.so.3", "libdbus-1-3"),
    ("libfoo.so.2.4.1", "libfoo2"), ("ld-linux-x86-64.so.2", None), ("libbar.so", None)])
def test_debian_policy_names(soname, package):
    assert debian_name(soname) == package


def test_every_library_in_the_table_follows_the_policy_or_says_why():
    # The table exists for the names the policy does not give; each other entry is
    # the policy name, so a typo in the table cannot hide.
    for soname, names in system_check.PACKAGES.items():
        exceptions = {"libGLdispatch.so.0": "libglvnd0", "libglib-2.0.so.0": "libglib2.0-0",
                      "libgthread-2.0.so.0": "libglib2.0-0", "libpng16.so.16": "libpng16-16"}
        assert names[-1] == exceptions.get(soname, debian_name(soname)), soname


def test_packages_for_the_missing_libraries():
    missing = ["libxcb-icccm.so.4", "libxcb-keysyms.so.1"]
    assert packages_for(missing, None) == (["libxcb-icccm4", "libxcb-keysyms1"], [])
    assert packages_for(missing, set()) == (["libxcb-icccm4", "libxcb-keysyms1"], [])


def test_renamed_packages_take_the_name_apt_knows():
    glib = ["libglib-2.0.so.0", "libgthread-2.0.so.0"]
    assert packages_for(glib, {"libglib2.0-0"}) == (["libglib2.0-0"], [])  # Debian 12
    assert packages_for(glib, {"libglib2.0-0t64"}) == (["libglib2.0-0t64"], [])  # Debian 13
    assert packages_for(glib, None) == (["libglib2.0-0t64"], [])


def test_a_library_not_in_the_table_is_named_by_policy_only_when_apt_confirms():
    odd = ["libxcb-xinput.so.0", "libweird.so.7"]
    assert packages_for(odd, {"libxcb-xinput0"}) == (["libxcb-xinput0"], ["libweird.so.7"])
    assert packages_for(odd, None) == ([], odd)
    assert packages_for(odd, set()) == ([], odd)


def fake_check(monkeypatch, output, known=None, apt_get=True, root=False,
               environ=None, platform="linux"):
    plugin = Path("/venv/PySide6/Qt/plugins/platforms/libqxcb.so")
    asked = []
    monkeypatch.setattr(system_check, "xcb_plugin", lambda: plugin)
    monkeypatch.setattr(system_check.shutil, "which",
                        lambda name: f"/usr/bin/{name}" if apt_get else None)
    monkeypatch.setattr(system_check, "_is_root", lambda: root)

    def apt(names):
        asked.append(names)
        return known

    def ldd(path):
        assert path == plugin
        return output

    environ = {"DISPLAY": ":0"} if environ is None else environ
    return check(environ, platform, ldd=ldd, apt=apt), asked


def test_the_report_gives_the_exact_install_command(monkeypatch):
    text, asked = fake_check(monkeypatch, LDD, known={"libxcb-icccm4", "libxcb-keysyms1"})
    assert asked == [["libxcb-icccm4", "libxcb-keysyms1"]]
    lines = text.splitlines()
    assert lines[0] == ("netsim cannot open its window: these system libraries are missing: "
                        "libxcb-icccm.so.4, libxcb-keysyms.so.1")
    assert "    sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in lines
    assert lines[-1] == "Then start netsim again."
    text, _ = fake_check(monkeypatch, LDD, root=True)
    assert "    apt-get install libxcb-icccm4 libxcb-keysyms1" in text.splitlines()


def test_without_apt_the_report_names_packages_and_libraries(monkeypatch):
    output = LDD + "\tlibweird.so.7 => not found\n"
    text, _ = fake_check(monkeypatch, output, apt_get=False)
    assert "apt-get install" not in text
    assert ("Install the packages that provide them (on Debian and Ubuntu: libxcb-icccm4 "
            "libxcb-keysyms1).") in text
    assert ("Find the packages that provide libweird.so.7 (on Debian and Ubuntu: apt-file "
            "search libweird.so.7) and install them.") in text


def test_nothing_missing_nothing_said(monkeypatch):
    assert fake_check(monkeypatch, LDD.replace("not found", "/lib/x.so (0x9)")) == (None, [])
    assert fake_check(monkeypatch, None) == (None, [])  # no ldd: Qt will speak for itself


@pytest.mark.parametrize("environ, platform", [
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, "linux"),
    ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux"),
    ({}, "darwin"), ({}, "win32")])
def test_no_check_where_qt_does_not_load_the_xcb_plugin(monkeypatch, environ, platform):
    asked = []
    monkeypatch.setattr(system_check, "xcb_plugin", lambda: asked.append("plugin"))
    assert check(environ, platform, ldd=lambda p: LDD) is None
    assert asked == []


def test_which_platform_qt_uses():
    assert uses_xcb({}) and uses_xcb({"DISPLAY": ":0"})
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb"}) and uses_xcb({"QT_QPA_PLATFORM": "xcb:x=1;w"})
    assert uses_xcb({"XDG_SESSION_TYPE": "wayland"})  # no Wayland display: xcb
    assert not uses_xcb({"QT_QPA_PLATFORM": "offscreen"})


def test_the_real_check_agrees_with_ldd_on_this_machine():
    plugin = xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    ldd = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True).stdout
    missing = sorted(set(re.findall(r"^\s*(\S+) => not found", ldd, re.MULTILINE)))
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_QPA_PLATFORM", "XDG_SESSION_TYPE", "WAYLAND_DISPLAY")}
    run = subprocess.run([sys.executable, "-m", "netsim.app.system_check"], cwd=ROOT,
                         env=env, capture_output=True, text=True)
    assert run.stdout == ""
    if not missing:
        assert (run.returncode, run.stderr) == (0, "")
        return
    assert run.returncode == 1
    first = run.stderr.splitlines()[0]
    assert sorted(first.split(": ")[-1].split(", ")) == missing
    command = [line for line in run.stderr.splitlines() if "apt-get install" in line]
    if not shutil.which("apt-get"):
        assert command == []
        return
    assert len(command) == 1
    packages = command[0].split("apt-get install ")[1].split()
    assert packages == packages_for(sorted(missing, key=first.index),
                                    system_check.apt_known(
                                        system_check.candidates(missing)))[0]


def test_the_check_does_not_import_qt():
    code = ("import sys, netsim.app.system_check as s; s.main(); "
            "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_netsim_reports_missing_libraries_before_qt_aborts(monkeypatch, capsys):
    """`netsim` (make run's command) checks before it opens a window: a missing library
    is reported with the install command and exit status 1, and no window is tried."""
    from netsim import cli
    from netsim.app import launch

    monkeypatch.setattr(system_check, "check", lambda: "missing: libxcb-icccm.so.4")
    monkeypatch.setattr(launch, "run_gui", lambda _file: pytest.fail("window tried"))
    assert cli.main([]) == 1
    assert capsys.readouterr().err == "missing: libxcb-icccm.so.4\n"


@pytest.mark.parametrize("argv", [["validate", "{xor}"], ["train", "{xor}", "--epochs", "2"],
                                  ["--screenshot", "{png}", "{xor}"]])
def test_only_what_opens_a_window_is_checked(monkeypatch, capsys, tmp_path, argv):
    from netsim import cli, paths
    checked = []
    monkeypatch.setattr(system_check, "check", lambda: checked.append(argv))
    xor, png = paths.example("xor-worked-example"), tmp_path / "shot.png"
    assert cli.main([a.format(xor=xor, png=png) for a in argv]) == 0
    assert checked == []

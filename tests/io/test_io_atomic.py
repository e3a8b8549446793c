"""Atomic saving: a killed save's temporary file is private and removed by a later save."""
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from netsim import paths
from netsim.io import atomic
from netsim.io.atomic import STALE_AFTER, atomic_write, remove_stale
from netsim.io.fileformat import load, save

ROOT = Path(__file__).resolve().parents[2]
BIG = 8 * 1024 * 1024

# A netsim that is killed (SIGKILL: no clean-up of any kind) once the whole network is in
# its temporary file, just before the rename.
KILLED_SAVE = f"""
import os, signal, sys
from netsim.engine.dataset import Dataset
from netsim.io.fileformat import load, save
nf = load(sys.argv[2])
nf.dataset = Dataset(["x1", "x2"], ["y"], [[0.125, 0.25, 1.0]] * 200_000)
os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)
save(sys.argv[1], nf)
"""


def temporaries(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then), follow_symlinks=False)


def test_a_killed_save_leaves_a_private_temporary_that_a_later_save_removes(tmp_path):
    path = tmp_path / "net.netsim"
    save(path, load(paths.example("xor-worked-example")))
    os.chmod(path, 0o600)
    old = path.read_bytes()
    run = subprocess.run([sys.executable, "-c", KILLED_SAVE, str(path),
                          str(paths.example("xor-worked-example"))], cwd=ROOT)
    assert run.returncode == -signal.SIGKILL
    assert path.read_bytes() == old  # all or nothing
    (left,) = temporaries(tmp_path)
    stale = tmp_path / left
    assert left.startswith(".net.netsim.") and stale.stat().st_size > 4 * 1024 * 1024
    assert stat.S_IMODE(stale.stat().st_mode) == 0o600  # the target's, not 0644

    # Just now it could still be another netsim's save in progress: left alone.
    save(path, load(paths.example("and-perceptron")))
    assert temporaries(tmp_path) == [left]
    age(stale, STALE_AFTER + 1)
    save(path, load(paths.example("and-perceptron")))
    assert temporaries(tmp_path) == []
    assert load(path).name == load(paths.example("and-perceptron")).name
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def modes_while_writing(monkeypatch):
    """The temporary file's permission bits, read when its bytes are flushed."""
    seen = []
    real_fsync = os.fsync

    def fsync(fd):
        seen.append(stat.S_IMODE(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    return seen


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o604, 0o666])
def test_the_temporary_file_has_the_targets_mode_from_the_start(tmp_path, monkeypatch, mode):
    path = tmp_path / "data.csv"
    path.write_bytes(b"old")
    os.chmod(path, mode)
    seen = modes_while_writing(monkeypatch)
    atomic_write(path, b"x" * BIG)
    assert seen[0] == mode  # the temporary file, before the folder's fsync
    assert stat.S_IMODE(path.stat().st_mode) == mode


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_what_the_umask_gives(tmp_path, monkeypatch, umask, expected):
    seen = modes_while_writing(monkeypatch)
    old = os.umask(umask)
    try:
        atomic_write(tmp_path / "new.netsim", b"new")
    finally:
        os.umask(old)
    assert seen[0] == expected
    assert stat.S_IMODE((tmp_path / "new.netsim").stat().st_mode) == expected


def test_an_explicit_mode_wins_over_the_targets(tmp_path, monkeypatch):
    path = tmp_path / "recovered.netsim"
    path.write_bytes(b"old")
    os.chmod(path, 0o644)
    seen = modes_while_writing(monkeypatch)
    atomic_write(path, b"new", mode=0o600)
    assert seen[0] == 0o600 and stat.S_IMODE(path.stat().st_mode) == 0o600


def test_only_our_own_stale_temporaries_of_this_target_are_removed(tmp_path):
    target = tmp_path / "net.netsim"
    target.write_bytes(b"kept")
    names = {
        "stale": ".net.netsim.0123abcd.tmp",
        "young": ".net.netsim.89abcdef.tmp",  # another netsim writing right now
        "other target": ".other.netsim.0123abcd.tmp",
        "not our pattern": ".net.netsim.0123abcZ.tmp",
        "longer": ".net.netsim.0123abcd0.tmp",
        "prefix": "x.net.netsim.0123abcd.tmp",
        "someone's notes": "net.netsim.tmp",
    }
    for name in names.values():
        (tmp_path / name).write_bytes(b"x")
    folder = tmp_path / ".net.netsim.fedcba98.tmp"  # a folder: not a file of ours
    folder.mkdir()
    link = tmp_path / ".net.netsim.76543210.tmp"  # a link: never followed
    link.symlink_to(target)
    for p in tmp_path.iterdir():
        if p.name != names["young"]:
            age(p, STALE_AFTER)
    assert remove_stale(target) == [tmp_path / names["stale"]]
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(set(names.values()) - {names["stale"]}
                          | {"net.netsim", folder.name, link.name})
    assert target.read_bytes() == b"kept"


def test_the_age_limit_is_exact(tmp_path):
    target = tmp_path / "net.netsim"
    tmp = tmp_path / ".net.netsim.0123abcd.tmp"
    tmp.write_bytes(b"x")
    written = tmp.stat().st_mtime
    assert remove_stale(target, now=written + STALE_AFTER - 1) == []
    assert remove_stale(target, now=written + STALE_AFTER) == [tmp]
    assert not tmp.exists()


def test_a_folder_that_cannot_be_listed_does_not_stop_the_save(tmp_path, monkeypatch):
    def refuse(folder):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "listdir", refuse)
    atomic_write(tmp_path / "net.netsim", b"saved")
    assert (tmp_path / "net.netsim").read_bytes() == b"saved"

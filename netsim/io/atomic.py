"""Atomic file replacement, used by every save (networks, CSV, recovery files).

The bytes go to a hidden temporary file ".<name>.<8 hex digits>.tmp" in the target's
folder (so the rename stays on one file system), are flushed and fsynced, and the
temporary file is then renamed over the target. The temporary file has the target's
permissions from the moment it is created, so a copy of a private file is never readable
by others, not even for the second the write takes; and a temporary file that a killed
save left behind is removed by a later save of the same target (see STALE_AFTER).
"""
from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import time
from pathlib import Path

# A temporary file of ours that nobody has written for this long is left over from a save
# that was killed, and the next save of the same target removes it.
#
# Why age, and not "its writer has ended": two netsims may save the same file at once,
# each into its own temporary file, and they need not run on the same machine (a network
# folder) or see each other's processes (a container). A process id in the name could
# only be checked on this machine, so a live writer elsewhere could lose its temporary
# file in the middle of a save. The age is the same for everybody: a live save writes its
# file in one go and renames it a moment later, so ten minutes without a write means
# nobody is coming back for it. Even then, the worst a wrong guess could do is make that
# other save fail with a message (its rename finds no file); the target itself is never
# touched by the clean-up.
STALE_AFTER = 10 * 60  # seconds

_TEMP = r"\.{name}\.[0-9a-f]{{8}}\.tmp"


def _temporary_name(target: Path) -> Path:
    return target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"


def atomic_write(path, data: bytes, mode: int | None = None) -> None:
    """Replace the file at `path` with `data`, all or nothing.

    `mode` gives the file's permission bits; by default an existing target keeps its
    own, and a new file gets what the umask leaves of 0o666, like any new file. On any
    failure the temporary file is removed and the old file is left as it was.
    """
    target = Path(os.path.realpath(path))  # write through a symbolic link, not over it
    if mode is None:
        with contextlib.suppress(OSError):
            mode = stat.S_IMODE(os.stat(target).st_mode)
    remove_stale(target)
    while True:
        tmp = _temporary_name(target)
        try:
            # Never wider than `mode` (the umask can only take bits away), and exactly
            # `mode` before a byte is written.
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                         0o666 if mode is None else mode & 0o777)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as f:  # closes fd whatever happens next
            if mode is not None:
                _chmod(fd, tmp, mode)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(target.parent)


def remove_stale(target: Path, now: float | None = None) -> list[Path]:
    """Remove the temporary files of `target` that saves killed STALE_AFTER seconds ago
    or more, and return them. Only regular files with exactly our name pattern, owned by
    this user, are touched; anything unreadable is left alone."""
    pattern = re.compile(_TEMP.format(name=re.escape(target.name)))
    now = time.time() if now is None else now
    removed = []
    try:
        names = os.listdir(target.parent)
    except OSError:
        return removed
    for name in names:
        if not pattern.fullmatch(name):
            continue
        file = target.parent / name
        try:
            info = os.lstat(file)
            if (stat.S_ISREG(info.st_mode) and owned_by_me(info)
                    and now - info.st_mtime >= STALE_AFTER):
                os.unlink(file)
                removed.append(file)
        except OSError:
            continue
    return removed


def owned_by_me(info: os.stat_result) -> bool:
    """Whether this user owns the file of `info` (True where files have no owners)."""
    geteuid = getattr(os, "geteuid", None)  # not on Windows, where the folder decides
    return geteuid is None or info.st_uid == geteuid()


def _chmod(fd: int, path: Path, mode: int) -> None:
    if os.chmod in os.supports_fd:
        os.chmod(fd, mode)
    else:
        os.chmod(path, mode)


def _sync_folder(folder: Path) -> None:
    # Make the rename itself durable on POSIX; folders cannot be opened on Windows.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)

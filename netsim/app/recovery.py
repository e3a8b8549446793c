"""Recovery files: what autosave writes so that a crash loses at most a few seconds.

A modified document is written (atomically, with the ordinary file format) to a recovery
folder under a name made from its path: "<stem>-<hash of the path>.netsim", or
"untitled-<process id>.netsim" for a document that was never saved. Each recovery file
says itself which document it belongs to and which process wrote it: the file's "view"
object holds only {"netsim recovery": {path, title, pid, saved, view}}, "view" being the
document's own view data. So one atomic write stores the network and where it belongs,
and no kill can separate them. (netsim 0.1.0 kept this in index.json beside the files;
such an entry is still read for a file without its own.)

A recovery file is removed when its document is saved, closed or discarded, so a file
that is still there at start-up means the app did not close cleanly, unless the netsim
that wrote it is still running: a second netsim leaves the first one's files alone.
Recovery files are private: 0600, in a folder that is 0700.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import stat
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..io import fileformat
from ..io.atomic import owned_by_me
from ..io.fileformat import NetworkFile

INDEX = "index.json"  # netsim 0.1.0's record of the recovery files, read but not written
UNTITLED = "untitled"  # the stem of an untitled document's recovery file, before its pid
META = "netsim recovery"  # the key, in a recovery file's "view", of what it recovers
FILE_MODE = 0o600
FOLDER_MODE = 0o700


def running(pid: int) -> bool:
    """Whether a process with this id is alive (always False where it cannot be told)."""
    if pid == os.getpid():
        return True
    if os.name != "posix" or pid <= 0:
        return False  # (Windows' os.kill would end the process, not look at it)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class Recoverable:
    """One recovery file found in the folder."""
    file: Path  # the recovery file itself
    path: Path | None  # the document it recovers; None for an untitled one
    title: str  # the document's title when it was written
    saved: str  # when it was written (ISO 8601, UTC)


class RecoveryFolder:
    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def __repr__(self) -> str:
        return f"RecoveryFolder({str(self.folder)!r})"

    def file_for(self, path: str | Path | None) -> Path:
        """The recovery file for the document at `path` (None: an untitled document)."""
        if path is None:
            return self.folder / f"{UNTITLED}-{os.getpid()}.netsim"
        full = os.path.abspath(os.fspath(path))
        digest = hashlib.sha1(full.encode("utf-8", "surrogateescape")).hexdigest()[:12]
        return self.folder / f"{Path(full).stem}-{digest}.netsim"

    # ---- writing -------------------------------------------------------------------
    def write(self, nf: NetworkFile, path: Path | None, title: str) -> Path:
        """Write `nf` as the recovery file of the document at `path`; raises OSError or
        FormatError."""
        self._make_private_folder()
        target = self.file_for(path)
        meta = {"path": None if path is None else os.path.abspath(path), "title": title,
                "pid": os.getpid(),
                "saved": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "view": nf.view}
        fileformat.save(target, dataclasses.replace(nf, view={META: meta}), FILE_MODE)
        return target

    def remove(self, file: Path | None) -> None:
        """Delete a recovery file (and a 0.1.0 index entry; nothing happens if gone)."""
        if file is None:
            return
        with contextlib.suppress(OSError):
            file.unlink()
        index = self._read_index()
        if index.pop(file.name, None) is not None:
            with contextlib.suppress(OSError):
                if index:
                    self._write_index(index)
                else:
                    (self.folder / INDEX).unlink()

    def _make_private_folder(self) -> None:
        """Create the folder as 0700, or narrow an existing one of ours to 0700: it holds
        nothing but recovery files, which are copies of the person's work."""
        self.folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        info = self.folder.stat()
        if stat.S_IMODE(info.st_mode) & 0o077 and owned_by_me(info):
            os.chmod(self.folder, FOLDER_MODE)

    # ---- reading -------------------------------------------------------------------
    def pending(self) -> list[Recoverable]:
        """Every recovery file in the folder that no other running netsim is keeping, the
        most recently written first."""
        if not self.folder.is_dir():
            return []
        index = self._read_index()
        found = []
        for file in self.folder.glob("*.netsim"):
            entry = _meta(file) or index.get(file.name)
            entry = entry if isinstance(entry, dict) else {}
            owner = entry.get("pid")
            if isinstance(owner, int) and owner != os.getpid() and running(owner):
                continue  # another netsim's live document
            path = entry.get("path") if isinstance(entry.get("path"), str) else None
            title = entry.get("title") if isinstance(entry.get("title"), str) else None
            saved = entry.get("saved") if isinstance(entry.get("saved"), str) else ""
            found.append(Recoverable(file, Path(path) if path else None,
                                     title or (Path(path).name if path else "Untitled"), saved))
        return sorted(found, key=lambda r: (r.saved, r.file.stat().st_mtime), reverse=True)

    @staticmethod
    def load(entry: Recoverable) -> NetworkFile:
        """The recovered network file, with the document's own view data; raises
        FormatError with a one-line message."""
        nf = fileformat.load(entry.file)
        if isinstance(nf.view, dict) and isinstance(nf.view.get(META), dict):
            view = nf.view[META].get("view")
            nf.view = view if isinstance(view, dict) else None
        return nf

    # ---- netsim 0.1.0's index ------------------------------------------------------
    def _read_index(self) -> dict:
        try:
            index = json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return index if isinstance(index, dict) else {}

    def _write_index(self, index: dict) -> None:
        text = json.dumps(index, indent=1, sort_keys=True) + "\n"
        fileformat.atomic_write(self.folder / INDEX, text.encode("utf-8"), FILE_MODE)


def _meta(file: Path) -> dict | None:
    """What a recovery file says it recovers, or None (a 0.1.0 file, or not readable)."""
    try:
        top = json.loads(fileformat.read_bytes(file, file.name))
        meta = top["view"][META]
    except Exception:  # anything unreadable is offered as it is, and load() says why
        return None
    return meta if isinstance(meta, dict) else None

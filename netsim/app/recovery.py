"""Recovery files: what autosave writes so that a crash loses at most a few seconds.

A modified document is written (atomically, with the ordinary file format) to a recovery
folder under a name made from its path: "<stem>-<hash of the path>.netsim", or
"untitled-<process id>.netsim" for a document that was never saved. index.json in the
same folder says which document each recovery file belongs to and which process wrote
it. A recovery file is removed when its document is saved, closed or discarded, so a
file that is still there at start-up means the app did not close cleanly, unless the
netsim that wrote it is still running: a second netsim leaves the first one's files
alone.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..io import fileformat
from ..io.fileformat import NetworkFile

INDEX = "index.json"
UNTITLED = "untitled"  # the stem of an untitled document's recovery file, before its pid


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
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.file_for(path)
        fileformat.save(target, nf)
        index = self._read_index()
        index[target.name] = {"path": None if path is None else os.path.abspath(path),
                              "title": title, "pid": os.getpid(),
                              "saved": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        self._write_index(index)
        return target

    def remove(self, file: Path | None) -> None:
        """Delete a recovery file and its index entry (nothing happens if it is gone)."""
        if file is None:
            return
        with contextlib.suppress(OSError):
            file.unlink()
        index = self._read_index()
        if index.pop(file.name, None) is not None:
            with contextlib.suppress(OSError):
                self._write_index(index)

    # ---- reading -------------------------------------------------------------------
    def pending(self) -> list[Recoverable]:
        """Every recovery file in the folder that no other running netsim is keeping, the
        most recently written first."""
        if not self.folder.is_dir():
            return []
        index = self._read_index()
        found = []
        for file in self.folder.glob("*.netsim"):
            entry = index.get(file.name) or {}
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
        """The recovered network file; raises FormatError with a one-line message."""
        return fileformat.load(entry.file)

    # ---- the index -----------------------------------------------------------------
    def _read_index(self) -> dict:
        try:
            index = json.loads((self.folder / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return index if isinstance(index, dict) else {}

    def _write_index(self, index: dict) -> None:
        text = json.dumps(index, indent=1, sort_keys=True) + "\n"
        fileformat.atomic_write(self.folder / INDEX, text.encode("utf-8"))

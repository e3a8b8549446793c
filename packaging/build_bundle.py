"""Build the one-folder bundle dist/netsim/ with PyInstaller, then smoke-test it.

    python packaging/build_bundle.py            (make package installs PyInstaller first)
    python packaging/build_bundle.py --no-build (only test an existing dist/netsim/)

Checks, one line each: the executable and the offscreen Qt plugin are there, every example
is bundled, `netsim --version` answers, `netsim --screenshot` (offscreen) writes a PNG
of the main window, and `netsim validate` accepts every bundled example. Exits 1 if any
check fails.
"""
from __future__ import annotations

import argparse
import os
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "netsim.spec"
DIST = ROOT / "dist"
BUNDLE = DIST / "netsim"
EXECUTABLE = BUNDLE / ("netsim.exe" if sys.platform == "win32" else "netsim")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
TIMEOUT = 180


def build() -> float:
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(ROOT / "build"), str(SPEC)],
                   check=True, cwd=ROOT)
    return time.monotonic() - start


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([str(EXECUTABLE), *args], capture_output=True, text=True, env=env,
                          timeout=TIMEOUT, cwd=tempfile.gettempdir())


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk, or None if `data` is not a PNG."""
    if len(data) < 24 or data[:8] != PNG_MAGIC or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def bundled_resources() -> Path:
    found = sorted(BUNDLE.rglob("netsim/resources/examples"))
    return found[0].parent if found else BUNDLE / "netsim" / "resources"


def checks(scratch: Path):
    """(name, passed, detail) for each check, in order."""
    yield "executable", EXECUTABLE.is_file() and os.access(EXECUTABLE, os.X_OK), str(EXECUTABLE)
    plugins = [p for p in BUNDLE.rglob("*qoffscreen*") if p.parent.name == "platforms"]
    yield "offscreen plugin", bool(plugins), str(plugins[0].relative_to(BUNDLE)) if plugins \
        else "no platforms/*qoffscreen* in the bundle"
    resources = bundled_resources()
    wanted = sorted(p.name for p in (ROOT / "resources" / "examples").glob("*.netsim"))
    bundled = sorted(p.name for p in (resources / "examples").glob("*.netsim"))
    yield "examples bundled", bundled == wanted, f"{len(bundled)} of {len(wanted)} in " \
        f"{(resources / 'examples').relative_to(ROOT)}"
    icons = sorted(p.name for p in (resources / "icons").glob("netsim*"))
    yield "icons bundled", "netsim.svg" in icons and len(icons) > 1, f"{len(icons)} files"

    done = run("--version")
    yield "netsim --version", done.returncode == 0 and done.stdout.startswith("netsim "), \
        (done.stdout or done.stderr).strip()

    shot = scratch / "shot.png"
    done = run("--screenshot", str(shot))
    data = shot.read_bytes() if shot.is_file() else b""
    size = png_size(data)
    passed = done.returncode == 0 and size == (1280, 800) and len(data) > 20_000
    detail = f"{size[0]}x{size[1]}, {len(data) // 1024} KiB" if size else \
        f"exit {done.returncode}, no PNG: {done.stderr.strip()[-300:]}"
    yield "netsim --screenshot", passed, detail

    for name in bundled:
        done = run("validate", str(resources / "examples" / name))
        passed = done.returncode == 0 and ": valid: " in done.stdout
        yield f"netsim validate {name}", passed, (done.stdout or done.stderr).strip()[:120]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true", help="only test dist/netsim/")
    args = parser.parse_args(argv)
    if not args.no_build:
        try:
            seconds = build()
        except subprocess.CalledProcessError as exc:
            print(f"FAIL  build: PyInstaller exited with {exc.returncode}")
            return 1
        print(f"ok    build: {BUNDLE.relative_to(ROOT)}/ in {seconds:.0f} s")
    if not BUNDLE.is_dir():
        print(f"FAIL  bundle: {BUNDLE} does not exist")
        return 1
    print(f"ok    size: {folder_size(BUNDLE) / 2**20:.0f} MiB")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="netsim-bundle-") as scratch:
        for name, passed, detail in checks(Path(scratch)):
            print(f"{'ok  ' if passed else 'FAIL'}  {name}: {detail}")
            failed += not passed
    print("bundle smoke test passed" if not failed else f"bundle smoke test: {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

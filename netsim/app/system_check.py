"""Before the window opens: are the system libraries that Qt's X11 plugin needs installed?

PySide6's wheels bring Qt but not the X11 libraries its "xcb" platform plugin links to.
Without one of them Qt aborts with "Could not load the Qt platform plugin xcb", and the
library its message names is often not the one missing. This check runs `ldd` on the
plugin (which lists every library it needs, directly or through Qt's own), collects the
ones not found, and prints the command that installs them:

    python -m netsim.app.system_check [NETSIM ARGUMENTS]
    # exit 0: fine, or nothing to check; 1: libraries missing, the command printed

It never imports Qt (that is what would abort). `make run` runs it before the app, with
the app's arguments: the headless commands and --screenshot need no window system.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path


# The Debian packages of the libraries that libqxcb.so needs, beyond those every system
# has. Where Debian renamed a package (the 64-bit time_t move of Debian 13, "t64"), the
# newer name comes first, and apt-cache picks the one this system knows.
PACKAGES = {
    "libxcb-icccm.so.4": ("libxcb-icccm4",),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1",),
    "libxcb-cursor.so.0": ("libxcb-cursor0",),
    "libxcb-image.so.0": ("libxcb-image0",),
    "libxcb-render-util.so.0": ("libxcb-render-util0",),
    "libxcb-util.so.1": ("libxcb-util1",),
    "libxcb-randr.so.0": ("libxcb-randr0",),
    "libxcb-shape.so.0": ("libxcb-shape0",),
    "libxcb-shm.so.0": ("libxcb-shm0",),
    "libxcb-sync.so.1": ("libxcb-sync1",),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0",),
    "libxcb-render.so.0": ("libxcb-render0",),
    "libxcb-xkb.so.1": ("libxcb-xkb1",),
    "libxcb.so.1": ("libxcb1",),
    "libxkbcommon.so.0": ("libxkbcommon0",),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0",),
    "libX11-xcb.so.1": ("libx11-xcb1",),
    "libX11.so.6": ("libx11-6",),
    "libXau.so.6": ("libxau6",),
    "libXdmcp.so.6": ("libxdmcp6",),
    "libGL.so.1": ("libgl1",),
    "libGLX.so.0": ("libglx0",),
    "libGLdispatch.so.0": ("libglvnd0",),
    "libEGL.so.1": ("libegl1",),
    "libOpenGL.so.0": ("libopengl0",),
    "libfontconfig.so.1": ("libfontconfig1",),
    "libfreetype.so.6": ("libfreetype6",),
    "libdbus-1.so.3": ("libdbus-1-3",),
    "libglib-2.0.so.0": ("libglib2.0-0t64", "libglib2.0-0"),
    "libgthread-2.0.so.0": ("libglib2.0-0t64", "libglib2.0-0"),
    "libpng16.so.16": ("libpng16-16t64", "libpng16-16"),
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$", re.MULTILINE)


def missing_libraries(ldd_output: str) -> list[str]:
    """The libraries `ldd` could not find, in its order, each once."""
    return list(dict.fromkeys(_NOT_FOUND.findall(ldd_output)))


def debian_name(soname: str) -> str | None:
    """The package name Debian's policy gives the library `soname` (libfoo.so.4 ->
    libfoo4, libfoo-x11.so.0 -> libfoo-x11-0); None for a name of another form."""
    match = re.fullmatch(r"(lib[\w.+-]*?)\.so\.(\d+)(?:\.[\d.]+)?", soname)
    if not match:
        return None
    name, version = match.group(1).lower(), match.group(2)
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def packages_for(sonames: list[str], known: set[str] | None) -> tuple[list[str], list[str]]:
    """(the Debian packages to install, the libraries no package was found for).

    `known` is the set of package names apt knows on this system (None: apt cannot be
    asked). A library in PACKAGES gets its first name apt knows, or its first name; any
    other gets its policy name only when apt confirms it.
    """
    packages, unknown = [], []
    for soname in sonames:
        names = PACKAGES.get(soname)
        guess = debian_name(soname)
        if names is None and guess is not None and known is not None and guess in known:
            names = (guess,)
        if names is None:
            unknown.append(soname)
            continue
        chosen = next((n for n in names if known is not None and n in known), names[0])
        if chosen not in packages:
            packages.append(chosen)
    return packages, unknown


def candidates(sonames: list[str]) -> list[str]:
    """Every package name that could provide one of `sonames`, to ask apt about."""
    names = [n for s in sonames for n in PACKAGES.get(s, ())]
    names += [n for n in map(debian_name, sonames) if n]
    return list(dict.fromkeys(names))


def apt_known(names: list[str]) -> set[str] | None:
    """Which of `names` apt can install (has a candidate version for); None without apt."""
    if not names or not shutil.which("apt-cache"):
        return None
    try:
        out = subprocess.run(["apt-cache", "policy", *names], capture_output=True, text=True,
                             env={**os.environ, "LC_ALL": "C"}, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    known, package = set(), None
    for line in out.splitlines():
        if line and not line[0].isspace() and line.endswith(":"):
            package = line[:-1]
        elif package and line.strip().startswith("Candidate:"):
            if line.split(":", 1)[1].strip() != "(none)":
                known.add(package)
    return known


def report(sonames: list[str], packages: list[str], unknown: list[str], plugin: Path,
           root: bool, has_apt: bool) -> str:
    """What to tell the person, several lines."""
    lines = [f"netsim cannot open its window: these system libraries are missing: "
             f"{', '.join(sonames)}",
             f"(Qt's X11 plugin {plugin} needs them; without them Qt stops with "
             f"\"Could not load the Qt platform plugin xcb\")."]
    if packages and has_apt:
        command = ("" if root else "sudo ") + "apt-get install " + " ".join(packages)
        lines += ["Install them with:", f"    {command}"]
    elif packages:
        lines += [f"Install the packages that provide them (on Debian and Ubuntu: "
                  f"{' '.join(packages)})."]
    if unknown:
        lines += [f"Find the packages that provide {', '.join(unknown)} "
                  f"(on Debian and Ubuntu: apt-file search {unknown[0]}) and install them."]
    lines.append("Then start netsim again.")
    return "\n".join(lines)


def uses_xcb(environ) -> bool:
    """Whether Qt will load its xcb plugin: not when QT_QPA_PLATFORM names another
    platform first (offscreen, wayland, ...), nor in a Wayland session that does not ask
    for xcb (Qt then uses its Wayland plugin, and falls back to xcb with its own message)."""
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0].strip() == "xcb"
    return not (environ.get("XDG_SESSION_TYPE") == "wayland" and environ.get("WAYLAND_DISPLAY"))


def xcb_plugin() -> Path | None:
    """PySide6's libqxcb.so, found without importing PySide6; None if it has none."""
    try:
        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def run_ldd(plugin: Path) -> str | None:
    try:
        return subprocess.run(["ldd", str(plugin)], capture_output=True, text=True,
                              env={**os.environ, "LC_ALL": "C"}, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return None  # no ldd: nothing can be told, Qt will speak for itself


def check(environ=os.environ, platform: str = sys.platform, ldd=run_ldd,
          apt=apt_known) -> str | None:
    """The report on what is missing, or None when nothing is (or nothing can be told)."""
    if not platform.startswith("linux") or not uses_xcb(environ):
        return None
    plugin = xcb_plugin()
    output = ldd(plugin) if plugin is not None else None
    sonames = missing_libraries(output or "")
    if not sonames:
        return None
    packages, unknown = packages_for(sonames, apt(candidates(sonames)))
    return report(sonames, packages, unknown, plugin, root=_is_root(),
                  has_apt=shutil.which("apt-get") is not None)


def _is_root() -> bool:
    return getattr(os, "geteuid", lambda: -1)() == 0


def main() -> int:
    """`python -m netsim.app.system_check`: the check by hand (netsim runs it itself before
    it opens a window)."""
    problem = check()
    if problem is None:
        return 0
    print(problem, file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())

"""Where netsim's resources are: resources/ in a checkout, netsim/resources/ in a wheel,
and netsim/resources/ inside the bundle's folder (sys._MEIPASS) in a PyInstaller build."""
from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _candidates() -> list[Path]:
    found = [_PACKAGE / "resources", _PACKAGE.parent / "resources"]
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        found.insert(0, Path(bundle) / "netsim" / "resources")
    return found


def resources_dir() -> Path:
    for candidate in _candidates():
        if (candidate / "examples").is_dir():
            return candidate
    raise FileNotFoundError(f"netsim's resources are missing (looked in {_PACKAGE})")


def icons_dir() -> Path:
    """The app icon: netsim.svg and netsim-<N>.png for each size."""
    return resources_dir() / "icons"


def examples_dir() -> Path:
    return resources_dir() / "examples"


def examples() -> list[Path]:
    """Every example network, sorted by file name."""
    return sorted(examples_dir().glob("*.netsim"))


def example(name: str) -> Path:
    """The example called `name` (with or without the .netsim extension)."""
    path = examples_dir() / (name if name.endswith(".netsim") else name + ".netsim")
    if not path.is_file():
        known = ", ".join(p.stem for p in examples())
        raise FileNotFoundError(f"no example called {name!r} (examples: {known})")
    return path


DEFAULT_EXAMPLE = "xor-worked-example"

"""Where netsim's resources are: resources/ in a checkout, netsim/resources/ in a wheel."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resources_dir() -> Path:
    for candidate in (_PACKAGE / "resources", _PACKAGE.parent / "resources"):
        if (candidate / "examples").is_dir():
            return candidate
    raise FileNotFoundError(f"netsim's resources are missing (looked in {_PACKAGE})")


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

"""Resources (example networks, icons) are found from a checkout and from an installed wheel."""
import os
import re
import struct
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

from netsim import paths
from netsim.app.icons import ICON_SIZES
from netsim.io.fileformat import load

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = {"xor-worked-example", "xor-cross-entropy", "xor-from-or-nand-and", "two-two-two",
            "seed-002-network", "and-perceptron"}


def test_examples_from_the_checkout():
    assert paths.examples_dir() == ROOT / "resources" / "examples"
    assert {p.stem for p in paths.examples()} >= EXPECTED
    assert paths.example("two-two-two") == paths.example("two-two-two.netsim")


def test_unknown_example_is_a_clear_error():
    try:
        paths.example("nope")
    except FileNotFoundError as exc:
        assert str(exc).startswith("no example called 'nope' (examples: and-perceptron, ")
    else:
        raise AssertionError("no error")


def test_every_example_loads():
    for path in paths.examples():
        nf = load(path)
        assert nf.name and nf.dataset is not None and len(nf.dataset) > 0, path.name


def _build_wheel(tmp_path: Path) -> tuple[Path, str]:
    """Build the wheel; return (wheel, what the build printed)."""
    wheels = tmp_path / "wheels"
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                           "--no-build-isolation", "-w", str(wheels), str(ROOT)],
                          check=True, capture_output=True, text=True, cwd=tmp_path)
    return next(wheels.glob("netsim-*.whl")), done.stdout + done.stderr


def _wheel_venv(tmp_path: Path) -> tuple[Path, Path]:
    """Build the wheel and install it alone into a fresh venv; return (wheel, venv)."""
    wheel, _ = _build_wheel(tmp_path)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    # numpy, PySide6 and pyqtgraph come from this environment (added after the install, so
    # pip never sees the netsim of this checkout); netsim itself only from the wheel.
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.run([str(python), "-c", purelib], check=True, capture_output=True,
                          text=True).stdout.strip()
    ours = dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib"))
    (Path(site) / "outer-dependencies.pth").write_text("\n".join(ours) + "\n", encoding="utf-8")
    return wheel, venv


def test_the_wheel_builds_without_warnings_and_holds_every_resource(tmp_path):
    wheel, printed = _build_wheel(tmp_path)
    # e.g. "BuildBackendWarning: Package 'netsim.resources.docs' is absent from the
    # `packages` configuration", once for each resource folder
    assert re.findall(r"\w*Warning: .*", printed) == []
    names = set(zipfile.ZipFile(wheel).namelist())
    resources = {"netsim/resources/" + p.relative_to(ROOT / "resources").as_posix()
                 for p in (ROOT / "resources").rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts}
    assert len(resources) >= 20
    assert {n for n in names if n.startswith("netsim/resources/")} == resources
    # every module of every package (a package left out of pyproject's list is missing)
    modules = {"netsim/" + p.relative_to(ROOT / "netsim").as_posix()
               for p in (ROOT / "netsim").rglob("*.py") if "__pycache__" not in p.parts}
    assert "netsim/jobs/child.py" in modules
    assert modules <= names, sorted(modules - names)


def test_examples_icons_and_commands_from_a_wheel_in_a_fresh_venv(tmp_path):
    wheel, venv = _wheel_venv(tmp_path)
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in EXPECTED:
        assert f"netsim/resources/examples/{name}.netsim" in names
    assert "netsim/resources/icons/netsim.svg" in names
    for size in ICON_SIZES:
        assert f"netsim/resources/icons/netsim-{size}.png" in names

    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["QT_QPA_PLATFORM"] = "offscreen"
    code = ("import netsim, netsim.paths as p; print(netsim.__file__); "
            "print(p.examples_dir()); print(p.icons_dir()); print(len(p.examples()))")
    done = subprocess.run([str(bin_dir / "python"), "-c", code], capture_output=True,
                          text=True, cwd=tmp_path, env=env, check=True)
    module, examples, icons, count = done.stdout.split("\n")[:4]
    for where in (module, examples, icons):
        assert Path(where).is_relative_to(venv) and not Path(where).is_relative_to(ROOT)
    assert int(count) == len(paths.examples())

    installed = Path(examples)
    for name in sorted(EXPECTED):
        example = installed / f"{name}.netsim"
        done = subprocess.run([str(bin_dir / "netsim"), "validate", str(example)],
                              capture_output=True, text=True, cwd=tmp_path, env=env)
        assert done.returncode == 0 and ": valid: " in done.stdout, done.stderr

    shot = tmp_path / "shot.png"
    done = subprocess.run([str(bin_dir / "netsim"), "--screenshot", str(shot)],
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert struct.unpack(">II", data[16:24]) == (1280, 800)

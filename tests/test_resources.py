"""Resources (example networks) are found from a checkout and from an installed wheel."""
import os
import subprocess
import sys
from pathlib import Path

from netsim import paths
from netsim.io.fileformat import load

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = {"xor-worked-example", "xor-from-or-nand-and", "two-two-two", "seed-002-network",
            "and-perceptron"}


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


def test_examples_and_commands_from_an_installed_wheel(tmp_path):
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True, cwd=tmp_path)
    wheel = next(wheels.glob("netsim-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    assert (site / "netsim" / "resources" / "examples" / "xor-worked-example.netsim").is_file()
    code = ("import netsim, netsim.paths as p; print(netsim.__file__); "
            "print(p.examples_dir()); print(len(p.examples()))")
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, env=env, check=True)
    module, examples, count = done.stdout.split("\n")[:3]
    assert module.startswith(str(site)) and examples.startswith(str(site))
    assert int(count) == len(paths.examples())
    for name in sorted(EXPECTED):
        example = site / "netsim" / "resources" / "examples" / f"{name}.netsim"
        done = subprocess.run([sys.executable, "-m", "netsim.cli", "validate", str(example)],
                              capture_output=True, text=True, cwd=tmp_path, env=env)
        assert done.returncode == 0 and ": valid: " in done.stdout, done.stderr

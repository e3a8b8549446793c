"""`netsim --version` and `netsim --help` answer without importing NumPy, Qt or the engine;
the commands and the app still get everything they need."""
import subprocess
import sys

import pytest

from netsim import __version__, paths

HEAVY = ("numpy", "PySide6", "pyqtgraph", "netsim.engine", "netsim.io", "netsim.cli_commands")

# Runs netsim.cli's main in a fresh interpreter, then lists the heavy modules it imported.
PROBE = """
import sys
from netsim.cli import main
try:
    status = main(sys.argv[1:])
except SystemExit as exc:
    status = exc.code
heavy = [m for m in {heavy!r} if m in sys.modules]
print("status", status, "imported", heavy)
"""


def probe(*argv) -> tuple[str, str]:
    done = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv],
                          capture_output=True, text=True)
    assert "Traceback" not in done.stderr, done.stderr
    *shown, last = done.stdout.splitlines()
    return "\n".join(shown), last


def test_version_imports_nothing_heavy():
    shown, last = probe("--version")
    assert shown == f"netsim {__version__}"
    assert last == "status 0 imported []"


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_imports_nothing_heavy(flag):
    shown, last = probe(flag)
    assert shown.startswith("usage: netsim [-h] [--screenshot PNG] [--version] [FILE]")
    assert "Headless commands: netsim validate|trace|train|eval" in shown
    assert last == "status 0 imported []"


def test_a_command_still_imports_what_it_needs():
    shown, last = probe("validate", str(paths.example("xor-worked-example")))
    assert shown.startswith("xor-worked-example.netsim: valid: 6 neurons")
    assert last == ("status 0 imported ['numpy', 'netsim.engine', 'netsim.io', "
                    "'netsim.cli_commands']")


def test_a_usage_error_is_still_one_line_with_status_2():
    done = subprocess.run([sys.executable, "-m", "netsim.cli", "--bogus"],
                          capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "netsim: unrecognized arguments: --bogus (see netsim --help)\n"

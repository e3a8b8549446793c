"""The `netsim` command: the desktop app, and headless validate / trace / train / eval.

    netsim [FILE]                      open the app (default: the XOR worked example)
    netsim --screenshot PNG [FILE]     render the main window to a PNG and exit
    netsim validate FILE               check a network file
    netsim trace FILE [--row K] [--json]
    netsim train FILE [options]
    netsim eval FILE --input v1,v2,...

Every error is one line on stderr and a non-zero exit status, never a traceback; text
from a file (names, labels) is printed with its control characters escaped (\\x1b).
"""
from __future__ import annotations

import argparse
import os
import sys

from . import __version__

# The headless commands (netsim.cli_commands) bring NumPy and the engine, and the app brings
# Qt: each is imported only once the command line asks for it, so that `netsim --version`
# and `netsim --help` answer at once.


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line."""

    def error(self, message: str):  # noqa: D401 - argparse's name
        from .cli_commands import CliError

        raise CliError(f"{self.prog}: {message} (see {self.prog} --help)", status=2)


def _gui_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="netsim", description="Build neural networks neuron by neuron and watch them learn.",
        epilog="Headless commands: netsim validate|trace|train|eval|export|import FILE ... "
               "(netsim COMMAND --help for each).")
    parser.add_argument("file", nargs="?", metavar="FILE", help="network file to open (.netsim)")
    parser.add_argument("--screenshot", metavar="PNG",
                        help="render the main window (1280x800) with FILE to a PNG and exit")
    parser.add_argument("--version", action="version", version=f"netsim {__version__}")
    return parser


def _command_parser() -> argparse.ArgumentParser:
    from .cli_commands import add_command_parsers

    parser = _Parser(prog="netsim", description="netsim headless commands")
    add_command_parsers(parser.add_subparsers(dest="command", required=True,
                                              parser_class=_Parser))
    return parser


def _gui(args) -> int:
    if not args.screenshot:  # a window: first the system libraries Qt's xcb plugin needs
        from .app import system_check

        problem = system_check.check()
        if problem is not None:
            print(problem, file=sys.stderr)
            return 1
    from .app import launch  # Qt only when the app is wanted

    if args.screenshot:
        return launch.screenshot(args.screenshot, args.file)
    launch.leave(launch.run_gui(args.file))


def main(argv: list[str] | None = None) -> int:
    # In a frozen bundle the training process is this executable again: run it and exit.
    if getattr(sys, "frozen", False):  # what freeze_support checks first
        import multiprocessing

        multiprocessing.freeze_support()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        # A command is a word; the app's own options (--version, --help, --screenshot)
        # start with "-" and need nothing from the commands.
        if argv and not argv[0].startswith("-"):
            from .cli_commands import COMMANDS, attach_values

            if argv[0] in COMMANDS:
                args = _command_parser().parse_args(attach_values(argv))
                return COMMANDS[args.command](args)
        return _gui(_gui_parser().parse_args(argv))
    except SystemExit:  # --version and --help have been answered: nothing to import
        raise
    except _cli_error() as exc:
        _error(str(exc))
        return exc.status
    except BrokenPipeError:  # the reader went away (netsim ... | head): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        _error("netsim: interrupted")
        return 130
    except (ValueError, OSError) as exc:  # loader, trainer and screenshot messages
        _error(f"netsim: {exc}")
        return 1
    except Exception as exc:  # noqa: BLE001 - the promise is one line, never a traceback
        _error(f"netsim: internal error: {type(exc).__name__}: {exc}")
        return 1


def _cli_error() -> type[Exception]:
    """CliError, imported only when an exception is matched against it (an except
    clause's class is looked up when an exception reaches it)."""
    from .cli_commands import CliError

    return CliError


def _error(message: str) -> None:
    """One line on stderr; names from a file inside it are shown, never obeyed."""
    from .cli_commands import printable

    print(printable(message), file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())

"""The `netsim` command: the desktop app, and headless validate / trace / train / eval.

    netsim [FILE]                      open the app (default: the XOR worked example)
    netsim --screenshot PNG [FILE]     render the main window to a PNG and exit
    netsim validate FILE               check a network file
    netsim trace FILE [--row K] [--json]
    netsim train FILE [options]
    netsim eval FILE --input v1,v2,...

Every error is one line on stderr and a non-zero exit status, never a traceback.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys

from . import __version__
from .cli_commands import COMMANDS, CliError, add_command_parsers


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line."""

    def error(self, message: str):  # noqa: D401 - argparse's name
        raise CliError(f"{self.prog}: {message} (see {self.prog} --help)", status=2)


def _gui_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="netsim", description="Build neural networks neuron by neuron and watch them learn.",
        epilog="Headless commands: netsim validate|trace|train|eval FILE ... "
               "(netsim COMMAND --help for each).")
    parser.add_argument("file", nargs="?", metavar="FILE", help="network file to open (.netsim)")
    parser.add_argument("--screenshot", metavar="PNG",
                        help="render the main window (1280x800) with FILE to a PNG and exit")
    parser.add_argument("--version", action="version", version=f"netsim {__version__}")
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="netsim", description="netsim headless commands")
    add_command_parsers(parser.add_subparsers(dest="command", required=True,
                                              parser_class=_Parser))
    return parser


def _gui(args) -> int:
    from .app import launch  # Qt only when the app is wanted

    if args.screenshot:
        return launch.screenshot(args.screenshot, args.file)
    launch.leave(launch.run_gui(args.file))


def main(argv: list[str] | None = None) -> int:
    # In a frozen bundle the training process is this executable again: run it and exit.
    multiprocessing.freeze_support()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            args = _command_parser().parse_args(argv)
            return COMMANDS[args.command](args)
        return _gui(_gui_parser().parse_args(argv))
    except CliError as exc:
        print(str(exc), file=sys.stderr)
        return exc.status
    except BrokenPipeError:  # the reader went away (netsim ... | head): nothing to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        print("netsim: interrupted", file=sys.stderr)
        return 130
    except (ValueError, OSError) as exc:  # loader, trainer and screenshot messages
        print(f"netsim: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the promise is one line, never a traceback
        print(f"netsim: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())

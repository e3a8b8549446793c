"""`netsim animate FILE --row K OUT.gif`: one dataset row's step-through, stage by stage,
as an animated GIF, an APNG (OUT.png) or an MP4 video (with imageio-ffmpeg), headless.

The frames are drawn by Qt, which is imported only here, when the command runs: the
other commands stay Qt-free and quick. Without a display Qt draws offscreen (unless
QT_QPA_PLATFORM says otherwise).
"""
from __future__ import annotations

import argparse
import os
import re

from .cli_commands import EXIT_STATUS, OK, USAGE, CliError, _open, _option, _whole, printable

STAGE_HELP = ("all (default), forward (input to error), backward (error to the update), or "
              "A-B: stage numbers from 0 (input), 1 .. L the forward levels, then error, the "
              "backward levels, and the update")


def _stages(text: str) -> tuple[str, int | None, int | None]:
    if text in ("all", "forward", "backward"):
        return text, None, None
    m = re.fullmatch(r"(\d+)(?:-(\d+))?", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not all, forward, backward or A-B")
    first = int(m.group(1))
    last = int(m.group(2)) if m.group(2) is not None else first
    if last < first:
        raise argparse.ArgumentTypeError(f"{text!r}: the first stage comes after the last")
    return "all", first, last


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[x\u00d7]\s*(\d+)\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not WIDTHxHEIGHT (e.g. 800x600)")
    return int(m.group(1)), int(m.group(2))


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
    return value


def add_parser(sub) -> None:
    p = sub.add_parser("animate", help="a row's step-through as an animated GIF, APNG or MP4",
                       epilog=EXIT_STATUS)
    p.add_argument("file", metavar="FILE", help="network file (.netsim)")
    p.add_argument("out", metavar="OUT",
                   help="the animation to write: .gif, .png (APNG) or .mp4 (needs imageio-ffmpeg)")
    _option(p, "--row", type=_whole, default=0, metavar="K", help="dataset row (default 0)")
    _option(p, "--stages", type=_stages, default=("all", None, None), metavar="WHICH",
            help=STAGE_HELP)
    size = p.add_mutually_exclusive_group()
    _option(size, "--size", type=_size, metavar="WxH", help="frame size in pixels (e.g. 800x600)")
    _option(size, "--scale", type=_positive, default=1.0, metavar="S",
            help="pixels per canvas unit when --size is not given (default 1)")
    _option(p, "--seconds", type=_positive, default=1.5, metavar="S",
            help="seconds each stage is shown (default 1.5)")


def _application():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication(["netsim"])


def cmd_animate(args) -> int:
    from .app import animation  # Pillow and Qt only for this command

    try:
        kind = animation.format_of(args.out)
    except animation.AnimationError as e:
        raise CliError(f"netsim animate: {e} (see netsim animate --help)", status=USAGE) from None
    nf = _open(args.file)
    preset, first, last = args.stages
    width, height = args.size if args.size else (None, None)
    choice = animation.Choice(args.row, preset, first, last, width, height, args.scale,
                              args.seconds)
    _application()
    from .app.step_frames import StepFrames, stage_label

    try:
        frames = StepFrames(nf.network, nf.dataset, nf.training, args.row)
        try:
            count = animation.export_row(frames, choice, args.out)
            first, last = choice.stage_range(frames)
            size = choice.frame_size(frames, first, last)
            stages = [stage_label(s) for s in frames.stages[first:last + 1]]
        finally:
            frames.close()
    except (ValueError, OSError) as e:
        raise CliError(f"netsim animate: {e}") from None
    kind_name = {"gif": "GIF", "png": "APNG", "mp4": "MP4"}[kind]
    span = stages[0] if len(stages) == 1 else f"{stages[0]} to {stages[-1]}"
    frames_text = f"{count} frame{'s' if count != 1 else ''}"
    print(printable(f"wrote {args.out} ({kind_name}: {frames_text} of {size.width()} \u00d7 "
                    f"{size.height()}, {args.seconds:g} s each; row {args.row}, {span})"))
    return OK

"""How netsim reads a number typed by a person: in a CSV cell, a command-line option or a
field of the app. One rule everywhere: ASCII decimal or scientific notation only.

Python's float() also reads "1_000", "nan", "inf" and digits of other scripts ("١٢",
"１２"), none of which a person means as a plain number, so they are refused here.
"""
from __future__ import annotations

import math
import re

# 1, -0.5, +2., .25, 3e-2, 1E+5; re.ASCII so that \d is 0-9 and nothing else.
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)
NOT_FINITE = frozenset({"nan", "inf", "infinity"})


def is_number_text(text: str) -> bool:
    """True when `text` (without surrounding spaces) is an ASCII decimal number."""
    return NUMBER.fullmatch(text) is not None


def read_number(text: str) -> float:
    """The finite number `text` names (surrounding spaces ignored), or ValueError with a
    short reason: "'1_000' is not a number", "'inf' is not a finite number",
    "'1e999' is too large"."""
    s = text.strip()
    if not is_number_text(s):
        if s.lower().lstrip("+-") in NOT_FINITE:
            raise ValueError(f"{s!r} is not a finite number")
        raise ValueError(f"{s!r} is not a number" if s else "an empty text is not a number")
    value = float(s)
    if not math.isfinite(value):
        raise ValueError(f"{s!r} is too large")
    return value


def read_whole(text: str) -> int:
    """A whole number (written 12, 1e3 or 12.0), or ValueError."""
    value = read_number(text)
    if value != int(value):
        raise ValueError(f"{text.strip()!r} is not a whole number")
    return int(value)

"""Reading a file's JSON within a memory bound: the dataset rows straight into a float
array, everything else through ``json`` after an estimate of what it will cost.

Python's json builds an object per value: a 256 MiB file of ``[0,0,0]`` rows became 4.5 GB
of lists. So the dataset's "rows" list is cut out of the text first, the rest is decoded
as usual, and the rows are checked with one regular expression (exactly `width` JSON
numbers per row) and converted by NumPy: about five times the file's size at the peak.
Text that cannot take this way (no single "rows" key, a row that is not all numbers) is
decoded whole, after `check_budget` has refused what would not fit.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

import numpy as np

from .validate import Invalid, decode

MAX_VALUES = 2 ** 24  # numbers in a dataset (128 MiB as floats); more are refused
# The generic decoder may use at most BUDGET_FACTOR times the text's size plus
# BUDGET_SLACK; the estimate counts, per character that opens or separates a value, the
# bytes Python spends on it (a list ~64, a dict ~250, a pair ~64, a number ~32, a
# string ~60).
BUDGET_FACTOR = 8
BUDGET_SLACK = 64 * 1024 * 1024
_COSTS = (("[", 64), ("{", 250), (":", 64), (",", 32), ('"', 30))

_WS = r"[ \t\n\r]*"  # JSON's whitespace, no more
_NUMBER = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"  # JSON's number grammar
_KEY = re.compile(r'"rows"' + _WS + ":" + _WS + r"\[")
_EMPTY = re.compile(r"\[" + _WS + r"\]")
_LAST = re.compile(r"\]" + _WS + r"\]")  # the end of a list of lists of numbers
_BRACKETS = str.maketrans("[]", "  ")
CHUNK = 4 * 1024 * 1024  # characters of rows converted at a time


@dataclass
class RawRows:
    """The text of the dataset's "rows" list, text[start:end], not yet decoded."""
    text: str
    start: int
    end: int

    def __repr__(self) -> str:
        return f"RawRows({self.end - self.start:,} characters)"

    def matrix(self, width: int) -> np.ndarray | None:
        """The rows as an (n, width) float array, or None when they are not a plain list
        of lists of `width` finite numbers (decode_whole then says what is wrong).
        Raises Invalid for more than MAX_VALUES numbers."""
        text, start, end = self.text, self.start, self.end
        values = text.count(",", start, end) + 1
        if values > MAX_VALUES:
            raise Invalid(f"the dataset holds more than {MAX_VALUES:,} numbers ({values:,}), "
                          f"the most netsim holds")
        if _EMPTY.fullmatch(text, start, end):
            return np.empty((0, width))
        if width < 1 or not _matrix(width).fullmatch(text, start, end):
            return None
        rows = text.count("[", start, end) - 1
        flat = np.empty(rows * width)
        done, at = 0, start + 1
        while at < end - 1:  # a few MiB of text at a time, cut after a row's "]"
            cut = text.find("]", min(at + CHUNK, end - 2), end - 1) + 1 or end - 1
            part = np.fromstring(text[at:cut].translate(_BRACKETS).strip(" \t\n\r,"),
                                 sep=",")
            if done + part.size > flat.size:
                return None
            flat[done:done + part.size] = part
            done, at = done + part.size, cut
        if done != flat.size or not np.isfinite(flat).all():
            return None  # 1e400: the whole decode names the number
        return flat.reshape(rows, width)


def _matrix(width: int) -> re.Pattern:
    row = (r"\[" + _WS + _NUMBER + ("(?:" + _WS + "," + _WS + _NUMBER + ")" +
                                    f"{{{width - 1}}}" if width > 1 else "") + _WS + r"\]")
    # Possessive repeats: a long list is matched in one pass, never backtracked.
    return re.compile(r"\[" + _WS + row + "(?:" + _WS + "," + _WS + row + ")*+" + _WS + r"\]")


def decode_file(text: str) -> tuple[object, RawRows | None]:
    """The file's JSON, with the dataset's rows left as RawRows when they can be cut out
    (exactly one "rows" key, holding the dataset's rows); otherwise decoded whole."""
    cut = _cut(text)
    if cut is not None:
        rest, raw, token = cut
        check_budget(rest)  # the whole text costs more still
        try:
            top = decode(rest)
        except Invalid:
            top = None  # decoding the whole text gives the message, at the right line
        dataset = top.get("dataset") if isinstance(top, dict) else None
        if isinstance(dataset, dict) and dataset.get("rows") == token:
            return top, raw
    return decode_whole(text), None


def _cut(text: str) -> tuple[str, RawRows, str] | None:
    if text.count('"rows"') != 1:
        return None
    key = _KEY.search(text)
    if key is None:
        return None
    start = key.end() - 1
    end = _EMPTY.match(text, start) or _LAST.search(text, start)
    if end is None:
        return None
    token = f"netsim-rows-{secrets.token_hex(8)}"
    rest = f'{text[:start]}"{token}"{text[end.end():]}'
    return rest, RawRows(text, start, end.end()), token


def check_file_budget(text: str) -> None:
    """The memory check decode_file makes of `text` before decoding it: of the text
    without the dataset's rows when they can be cut out, else of the whole text."""
    cut = _cut(text)
    check_budget(text if cut is None else cut[0])


def decode_whole(text: str):
    """decode(text), after check_budget."""
    check_budget(text)
    return decode(text)


def check_budget(text: str) -> None:
    """Refuse, in one line, text whose decoding would take more memory than
    BUDGET_FACTOR times its size plus BUDGET_SLACK."""
    estimate = sum(text.count(ch) * cost for ch, cost in _COSTS)
    budget = BUDGET_FACTOR * len(text) + BUDGET_SLACK
    if estimate > budget:
        mib = 1024 * 1024
        raise Invalid(f"the file holds too many lists, objects and values to read: about "
                      f"{estimate // mib:,} MiB of memory for {len(text) // mib:,} MiB of "
                      f"text (netsim reads a file using at most {BUDGET_FACTOR} times its "
                      f"size)")

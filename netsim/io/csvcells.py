"""The cells of a CSV line, the neuron a header cell names, and the numbers in a row:
what csvdata.py (rows of numbers) and csvclasses.py (a class column) both read with.
The rules are in csvdata.py's docstring and docs/file-format.md, "CSV datasets"."""
from __future__ import annotations

import csv
import math

from netsim.engine.network import Network

from .numbers import NOT_FINITE, is_number_text


class _Bad(Exception):
    """A problem on one line of the CSV file; `unknown`: the header cell that names no
    neuron, when that is the problem (it may be a class column, csvclasses.py)."""

    def __init__(self, line: int, problem: str, unknown: str | None = None):
        super().__init__(problem)
        self.line = line
        self.unknown = unknown


def _cells(line: str) -> list[str]:
    # csv handles quoted cells ("a, b"); a line is parsed on its own so numbering holds.
    if '"' in line:
        cells = next(csv.reader([line], skipinitialspace=True))
    else:
        cells = line.split(",")
    return [cell.strip() for cell in cells]


def _column(network: Network, cell: str, line: int):
    """The neuron a header cell names: by id first, else by a unique label."""
    if not cell:
        raise _Bad(line, "the header has an empty cell")
    if cell in network.neurons:
        return network.neurons[cell]
    named = [n for n in network.neurons.values() if n.label == cell]
    if len(named) == 1:
        return named[0]
    if named:
        ids = ", ".join(n.id for n in named)
        raise _Bad(line, f"column {cell!r} matches the label of several neurons ({ids}); use an id")
    hint = " (cells must be separated by commas)" if ";" in cell or "\t" in cell else ""
    raise _Bad(line, f"column {cell!r} names no neuron of the network{hint}", cell)


def _number(cell: str, pos: int, line: int) -> float:
    # ASCII decimal numbers only (numbers.py): float() would also read 1_000 and "١".
    if not is_number_text(cell):
        finite = "" if cell.lower().lstrip("+-") not in NOT_FINITE else "finite "
        shown = repr(cell) if cell else "empty"
        raise _Bad(line, f"cell {pos + 1} is {shown}, not a {finite}number")
    value = float(cell)
    if not math.isfinite(value):
        raise _Bad(line, f"cell {pos + 1} is {cell!r}, not a finite number")
    return value


def _lines(text: str):
    """(line number, line, offset after the line) for every line of `text` (line breaks
    already "\\n"), one at a time: a list of millions of lines would take ten times the
    file's size."""
    start, number = 0, 1
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        yield number, text[start:end], end + 1
        start, number = end + 1, number + 1


def unix_lines(text: str) -> str:
    """`text` with every line break "\n"."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _rows(text: str):
    """(line number, cells, offset after the line) for every line of `text` that is not
    blank (line breaks already "\n"); _Bad for a line the csv module cannot split."""
    for number, line, after in _lines(text):
        if not line.strip():
            continue
        try:
            cells = _cells(line)
        except csv.Error as e:
            raise _Bad(number, f"cannot split the line into cells ({e})") from None
        yield number, cells, after

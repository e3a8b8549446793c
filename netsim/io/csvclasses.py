"""A CSV file with a class column: input columns that name input neurons, and one
column of class names ("setosa", "versicolor", ...), which netsim turns into one-hot
targets, one output neuron per class (onehot.py: the classes in sorted order).

A column is read as class names when its header names no neuron and its cells hold text,
or when the person marks it as the class column (a column of numbers such as the digits
"0" to "9"). Names are kept as written, spaces around them removed; an empty one is
refused with its line.
"""
from __future__ import annotations

import numpy as np

from netsim.engine.network import Network
from netsim.engine.onehot import ClassData, one_hot

from .bulk import MAX_VALUES
from .csvcells import _Bad, _column, _number, _rows, unix_lines
from .numbers import is_number_text


def _header(network: Network, cells: list[str], column: str, line: int):
    """(position of the class column, input positions, input ids)."""
    if column not in cells:
        raise _Bad(line, f"there is no column {column!r} to read as the class")
    at = cells.index(column)
    positions, inputs = [], []
    for pos, cell in enumerate(cells):
        if pos == at:
            continue
        if cell == column:
            raise _Bad(line, f"two columns are called {column!r}")
        neuron = _column(network, cell, line)
        if neuron.id in inputs:
            raise _Bad(line, f"neuron {neuron.id} has two columns")
        if neuron.role != "input":
            raise _Bad(line, f"column {cell!r} is {neuron.role} neuron {neuron.id}; with a "
                             f"class column the targets are the classes, one output each")
        positions.append(pos)
        inputs.append(neuron.id)
    missing = [nid for nid in network.ids("input") if nid not in inputs]
    if missing:
        raise _Bad(line, f"input neuron {missing[0]} has no column")
    return at, positions, inputs


def parse_classes(text: str, network: Network, column: str, marked: bool) -> ClassData | None:
    """The class data in CSV text with the class column `column`; None when the column
    was not marked and the header has other problems or the column holds only numbers
    (then it is not read as names); _Bad for a bad line, or for bad classes (one only,
    too many: onehot.one_hot)."""
    text = unix_lines(text)
    header, x, labels = None, [], []
    for number, cells, _ in _rows(text):
        if header is None:
            try:
                header = _header(network, cells, column, number)
            except _Bad:
                if marked:
                    raise
                return None  # not a class column after all: the caller's problem stands
            width = len(cells)
            continue
        if len(cells) != width:
            raise _Bad(number, f"{len(cells)} cells; the header has {width}")
        if (len(labels) + 1) * width > MAX_VALUES:
            raise _Bad(number, f"the dataset holds more than {MAX_VALUES:,} numbers, the most "
                               f"netsim holds")
        label = cells[header[0]]
        if not label:
            raise _Bad(number, f"the class (column {column!r}) is empty")
        x.append([_number(cells[pos], pos, number) for pos in header[1]])
        labels.append(label)
    if header is None:
        raise _Bad(0, "the file is empty")
    if not marked and all(is_number_text(label) for label in labels):
        return None
    data = ClassData(column, header[2], np.array(x, dtype=float).reshape(-1, len(header[2])),
                     labels)
    try:
        one_hot(labels, f"the class column {column!r}")
    except ValueError as e:
        raise _Bad(0, str(e)) from None
    return data

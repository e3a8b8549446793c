"""Datasets as CSV files: a header row naming neurons, then one row of numbers per line.

Reading rules (docs/file-format.md, "CSV datasets"):
- cells are separated by commas; spaces around a cell are ignored; a cell may be quoted;
- blank lines are ignored; the first other line is the header;
- a header cell names a neuron by id, else by label (if exactly one neuron has it);
- columns of input neurons become the dataset's inputs, columns of output neurons its
  targets, each in header order; bias and hidden neurons cannot be columns;
- every input neuron needs a column, and there must be at least one target column;
- every data cell must be a finite ASCII decimal number (1, -0.5, 2e-3);
- except in a class column (csvclasses.py): one column of class names, which become
  one-hot targets (read_csv).
"""
from __future__ import annotations

import csv
import io
import math
from array import array

import numpy as np

from netsim.engine.dataset import Dataset
from netsim.engine.network import Network
from netsim.engine.onehot import ClassData, class_outputs

from . import csvfast
from .bulk import MAX_VALUES
from .csvcells import _Bad, _column, _number, _rows, unix_lines
from .csvclasses import parse_classes
from .fileformat import FormatError, atomic_write, decode_text, file_name, read_bytes


def _header(network: Network, cells: list[str], line: int):
    """(input positions, target positions, input ids, target ids) from the header."""
    in_pos, out_pos, inputs, targets = [], [], [], []
    for pos, cell in enumerate(cells):
        neuron = _column(network, cell, line)
        if neuron.id in inputs or neuron.id in targets:
            raise _Bad(line, f"neuron {neuron.id} has two columns")
        if neuron.role == "input":
            in_pos.append(pos)
            inputs.append(neuron.id)
        elif neuron.role == "output":
            out_pos.append(pos)
            targets.append(neuron.id)
        else:
            raise _Bad(line, f"column {cell!r} is {neuron.role} neuron {neuron.id}; "
                             "only input and output neurons can be columns")
    missing = [nid for nid in network.ids("input") if nid not in inputs]
    if missing:
        raise _Bad(line, f"input neuron {missing[0]} has no column")
    if not targets:
        raise _Bad(line, "no column names an output neuron, so there are no targets")
    return in_pos, out_pos, inputs, targets


def parse_csv(text: str, network: Network) -> Dataset:
    """A dataset for `network` from CSV text; raises _Bad for a bad line.

    The lines after the header are first read all at once (csvfast.matrix); when that
    finds anything but a clean block of numbers, they are read line by line and cell by
    cell, which names the first problem."""
    text = unix_lines(text)
    header = None
    values = array("d")  # every row, inputs first: 8 bytes a number
    for number, cells, after in _rows(text):
        if header is None:
            header = _header(network, cells, number)
            width = len(cells)
            order = header[0] + header[1]  # inputs first, then targets, as Dataset wants
            rows = csvfast.matrix(text, after, order, MAX_VALUES)
            if rows is not None:
                return Dataset(header[2], header[3], rows)
            continue
        if len(cells) != width:
            raise _Bad(number, f"{len(cells)} cells; the header has {width}")
        if len(values) + width > MAX_VALUES:
            raise _Bad(number, f"the dataset holds more than {MAX_VALUES:,} numbers, the most "
                               f"netsim holds")
        row = [_number(cell, pos, number) for pos, cell in enumerate(cells)]
        values.extend(row[pos] for pos in order)
    if header is None:
        raise _Bad(0, "the file is empty")
    inputs, targets = header[2], header[3]
    rows = np.frombuffer(values, dtype=float).reshape(-1, width) if values else \
        np.empty((0, width))
    return Dataset(inputs, targets, rows)  # a writable view of `values`, no copy


def read_csv(path, network: Network, class_column: str | None = None) -> Dataset | ClassData:
    """Read a CSV file for `network`: a Dataset when every column names a neuron, or
    ClassData when one column holds class names (csvclasses.py): a column that names no
    neuron and holds text, or the column `class_column` (then numbers are names too).
    FormatError "<file>: line N: <problem>" if bad; its `unknown_column` names a column
    of numbers that would read as classes if marked (else None)."""
    name = file_name(path)
    text = decode_text(read_bytes(path, name), name)
    candidate = None  # a column of numbers that could be marked as the class column
    try:
        if class_column is not None:
            return parse_classes(text, network, class_column, marked=True)
        try:
            return parse_csv(text, network)
        except _Bad as e:
            if e.unknown is None:
                raise
            classes = parse_classes(text, network, e.unknown, marked=False)
            if classes is None:  # not class names unless marked
                try:
                    parse_classes(text, network, e.unknown, marked=True)
                    candidate = e.unknown
                except _Bad:
                    pass
                raise e from None
            return classes
    except _Bad as e:
        where = f"line {e.line}: " if e.line else ""
        error = FormatError(name, f"{where}{e}")
        error.unknown_column = candidate
        raise error from None


def load_csv(path, network: Network) -> Dataset:
    """Read a dataset from a CSV file; FormatError "<file>: line N: <problem>" if bad. A
    class column becomes one-hot targets on the network's output neurons, which must be
    one per class (onehot.class_outputs)."""
    read = read_csv(path, network)
    if isinstance(read, Dataset):
        return read
    try:
        return class_dataset(network, read)
    except ValueError as e:
        raise FormatError(file_name(path), str(e)) from None


def class_dataset(network: Network, data: ClassData) -> Dataset:
    """The dataset of class data on the network's matching outputs; ValueError (one line)
    when the classes are bad or the outputs do not match."""
    classes, y = data.one_hot()
    outputs = class_outputs(network, classes)
    if outputs is None:
        have = len(network.ids("output"))
        raise ValueError(f"{len(classes)} classes need {len(classes)} output neurons, one per "
                         f"class; the network has {have}")
    return Dataset(list(data.columns), outputs, np.column_stack([data.x, y]),
                   image=data.image)


def save_csv(path, dataset: Dataset) -> None:
    """Write a dataset as CSV atomically: a header of neuron ids (inputs, then targets),
    then one line per row with each number written exactly (repr of the float)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(dataset.inputs) + list(dataset.targets))
    for row in dataset.rows.tolist():
        for value in row:
            if not math.isfinite(value):
                raise ValueError(f"cannot write {value!r} to a CSV file: not a finite number")
        writer.writerow([repr(float(v)) for v in row])
    atomic_write(path, out.getvalue().encode("utf-8"))

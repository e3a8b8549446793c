"""Column widths for the Dataset and Outputs tables, estimated without asking the view.

QTableView.resizeColumnsToContents() asks the model for the text of up to 1,000 rows of
every column, one Python call per cell: seconds for a dataset with 794 columns. The
widest text of a number column is known from its lowest and highest value instead (the
numbers are shown with at most four decimals), so a column's width costs two formatted
numbers and its header, whatever the number of rows; set_widths() then gives the view
those widths and shares out the width left over.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QTableView

from .number_field import format_number

PAD = 14  # a cell's text margins and some air, pixels
HEADER_PAD = 18  # a header section's margins, pixels
MIN_WIDTH = 40  # no column narrower than this


def text_width(fm: QFontMetrics, text: str) -> int:
    """The width of the widest line of `text`."""
    return max((fm.horizontalAdvance(line) for line in text.split("\n")), default=0)


def number_width(fm: QFontMetrics, low: float, high: float, decimals: int = 4) -> int:
    """A cell wide enough for any number between `low` and `high` with `decimals`
    decimals (the widest such numbers have as many digits as the ends)."""
    return max(fm.horizontalAdvance(format_number(v, decimals)) for v in (low, high)) + PAD


def column_widths(fm: QFontMetrics, header_fm: QFontMetrics, headers: Sequence[str],
                  values: np.ndarray | None) -> list[int]:
    """Widths for number columns: each the wider of its header and its numbers
    (`values`: rows × columns, or None for headers only)."""
    widths = [text_width(header_fm, h) + HEADER_PAD for h in headers]
    if values is not None and values.size:
        lows, highs = values.min(axis=0), values.max(axis=0)
        widths = [max(w, number_width(fm, float(lo), float(hi)))
                  for w, lo, hi in zip(widths, lows, highs)]
    return [max(MIN_WIDTH, w) for w in widths]


def set_widths(view: QTableView, widths: Sequence[int]) -> None:
    """Each column of `view` its width, and the width left over in the viewport shared
    out (when the columns are wider than the view, it scrolls sideways)."""
    header = view.horizontalHeader()
    count = min(len(widths), header.count())
    spare = view.viewport().width() - sum(widths[:count])
    for c in range(count):
        extra = spare // count + (1 if c < spare % count else 0) if spare > 0 else 0
        if header.sectionSize(c) != widths[c] + extra:
            header.resizeSection(c, widths[c] + extra)

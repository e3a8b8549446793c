"""The data lines of a clean CSV file read all at once with NumPy (csvdata.py's fast path).

A CSV of ten thousand 794-column rows holds eight million cells; taking them one by one in
Python (split, check, float) costs seconds. Here the text is read as one array of bytes:
- it may hold only ASCII digits, "+-.eE", commas, line breaks and spaces around cells;
- the characters that are not digits ("tokens": signs, points, exponents, separators) are
  checked against their neighbours, which together spell numbers.py's grammar exactly:
  [+-] digits [. digits] [e [+-] digits], with at least one digit before the exponent
  (either side of the point) and one after it;
- every line must hold `width` cells;
- each cell's digits are read eight at a time from one 64-bit word ("SWAR": the eight
  bytes are combined in pairs, then fours, then eights by three multiply-adds), and the
  mantissa m and power of ten p become the float nearest m * 10**p, as float() would give:
  exactly in one IEEE operation when m < 2**53 and |p| <= 22 (both exact in a double),
  else in 64-bit extended precision when the machine has it (m and 10**|p| <= 10**27 are
  exact there; the one rounding left is redone in Python when it falls on a tie), else
  by float() on the cell itself. Very long or tiny numbers go to float() the same way.
Anything else (quotes, other characters, an empty cell, a ragged line, a number too large)
returns None, and the careful reader goes line by line to name the first bad cell.
"""
from __future__ import annotations

import math
import re

import numpy as np

NUMBERS = b"0123456789+-.eE,\n"  # and spaces and tabs around cells
_INNER_SPACE = re.compile(rb"[^,\n \t][ \t]+[^,\n \t]")  # "1 2": one cell, two numbers
_BLANK_LINES = re.compile(rb"\n\n+")
SLICES, MIN_SLICE = 32, 16 * 1024  # bytes of lines read at a time: a 32nd of the data or more
MAX_DIGITS = 19  # a mantissa of more digits may not fit 64 bits
MAX_RUN = 24  # digits read in three words, when the first ones are zeros ("0.000123...")

SEP, SIGN, POINT, EXP = 0, 1, 2, 3  # the kinds of token
_KIND = np.zeros(256, dtype=np.uint8)
_KIND[[ord("+"), ord("-")]] = SIGN
_KIND[ord(".")] = POINT
_KIND[[ord("e"), ord("E")]] = EXP


def _bad_table() -> np.ndarray:
    """_BAD[16 * two_before + 4 * before + kind, digits_before, point_digits]: whether a
    token of `kind` after those two is out of place. digits_before: whether digits come
    between it and the token before; point_digits: the same for the token before."""
    bad = np.ones((64, 2, 2), dtype=bool)
    for code in range(64):
        two, before, kind = code // 16, code // 4 % 4, code % 4
        lead = before == SEP or (before == SIGN and two == SEP)  # where a mantissa starts
        for digits in (0, 1):
            for point_digits in (0, 1):
                if kind == SEP:  # a cell ends after a digit, or after "1."
                    ok = digits or (before == POINT and point_digits)
                elif kind == SIGN:  # at the start of a cell or of an exponent
                    ok = before in (SEP, EXP) and not digits
                elif kind == POINT:  # digits on one side at least: checked at the next token
                    ok = lead
                else:  # EXP after a mantissa with a digit
                    ok = (before == POINT and (digits or point_digits)) or (lead and digits)
                if kind != SEP and before == POINT and not (digits or point_digits):
                    ok = False  # "." or "-." then something else
                bad[code, digits, point_digits] = not ok
    return bad.ravel()


_BAD = _bad_table()

# KEEP[n]: the last n of 8 bytes (the high ones, little-endian), each cut to its low four
# bits: what is left of n ASCII digits at the end of a word, and zeros before them.
_KEEP = np.array([((1 << 8 * n) - 1) << 8 * (8 - n) & 0x0F0F0F0F0F0F0F0F for n in range(9)],
                 dtype=np.uint64)
_POW10 = np.array([10 ** k for k in range(20)], dtype=np.uint64)
_EXACT = np.array([10.0 ** k for k in range(23)])  # 10**22 is the last exact double
EXTENDED = np.finfo(np.longdouble).nmant >= 63
if EXTENDED:
    _EXACT_LONG = np.array([10 ** k for k in range(28)], dtype=np.longdouble)


def matrix(text: str, start: int, order: list[int], max_values: int) -> np.ndarray | None:
    """text[start:] (the lines after the header, line breaks already "\\n") as an (n,
    width) float array, its columns taken in `order` (a permutation of the file's), or
    None when it is not a clean block of finite plain numbers, width to a line, at most
    `max_values` in all. The work goes a slice of lines at a time, so that the arrays it
    needs stay a small part of the file's size."""
    width = len(order)
    clean = _clean(text, start)
    if clean is None or width < 1:
        return None
    data, lo, hi = clean
    out = _lines(data, lo, hi, order, max_values)
    if out is None and data.find(b"\n\n", lo, hi) >= 0:  # blank lines: left out, once more
        data = b"\n" * 8 + _BLANK_LINES.sub(b"\n", data[lo:hi])
        out = _lines(data, 8, len(data), order, max_values)
    return out


def _lines(data: bytes, lo: int, hi: int, order: list[int], max_values: int):
    """matrix() of the lines data[lo:hi], without blank lines, a slice at a time."""
    width = len(order)
    slices, size, at, rows = [], max(MIN_SLICE, (hi - lo) // SLICES), lo, 0
    while at < hi:  # whole lines, about `size` bytes each
        cut = data.find(b"\n", at + size, hi)
        cut = hi if cut < 0 else cut
        lines = data.count(b"\n", at, cut) + 1
        slices.append((at, cut, rows, lines))
        at, rows = cut + 1, rows + lines
    if rows * width > max_values:
        return None
    out = np.empty((rows, width))
    in_order = list(order) == list(range(width))
    a = np.frombuffer(data, dtype=np.uint8)
    words = np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
    for at, cut, row, lines in slices:
        values = _numbers(a, words, at, cut, lines * width, width)
        if values is None:
            return None
        if in_order:
            out[row:row + lines] = values.reshape(lines, width)
        else:
            np.take(values.reshape(lines, width), order, axis=1, out=out[row:row + lines])
    return out


def _clean(text: str, start: int) -> tuple[bytes, int, int] | None:
    """(bytes, lo, hi): bytes[lo:hi] are the data lines, without spaces or line breaks at
    either end, with 8 bytes or more before lo (words reach back 8 bytes); or None if the
    lines hold anything but digits, number signs, commas, line breaks and spaces."""
    if text.isascii():  # no copy of the lines alone: the header is left in front
        data, lo = text.encode("ascii"), start
    else:
        try:
            data, lo = text[start:].encode("ascii"), 0
        except UnicodeEncodeError:
            return None
    others = data.translate(None, NUMBERS)  # the header's, then the lines' spaces
    others = others[len(data[:lo].translate(None, NUMBERS)):]
    if others:
        if others.translate(None, b" \t") or _INNER_SPACE.search(data, lo):
            return None
        data, lo = data[lo:].translate(None, b" \t"), 0
    hi = len(data)
    while lo < hi and data[lo] == 10:
        lo += 1
    while hi > lo and data[hi - 1] == 10:
        hi -= 1
    if lo < 8:
        data, lo, hi = b"\n" * 8 + data, lo + 8, hi + 8
    return data, lo, hi


def _numbers(a, words, lo: int, hi: int, cells: int, width: int) -> np.ndarray | None:
    """The cells of the whole lines a[lo:hi] as a flat float array, or None."""
    found = np.flatnonzero((a[lo:hi] - 48) > 9)  # the tokens: uint8 wraps below "0"
    at = np.empty(found.size + 1, dtype=np.int32)
    np.add(found, lo, out=at[:-1], casting="unsafe")
    at[-1] = hi  # the last cell ends where the lines end
    code = a[at[:-1]]
    kind = np.empty(at.size, dtype=np.uint8)
    np.take(_KIND, code, out=kind[:-1])
    kind[-1] = SEP
    if kind.size == 2 * cells and (kind[0::2] == POINT).all() and (kind[1::2] == SEP).all():
        return _decimals(a, words, at, width, lo)
    digits = np.empty(at.size, dtype=bool)  # digits between a token and the one before
    digits[0] = at[0] > lo
    np.greater(np.diff(at), 1, out=digits[1:])
    if not _grammatical(kind, digits):
        return None
    ends = at[kind == SEP]  # cell k is a[ends[k - 1] + 1:ends[k]]
    if ends.size != cells or not (a[ends[width - 1:-1:width]] == 10).all():
        return None  # a line with too many or too few cells, or a blank line
    return _values(a, words, at, code, kind, ends, lo)


def _grammatical(kind: np.ndarray, digits: np.ndarray) -> bool:
    """Whether the tokens spell numbers: each token is checked against the two before it
    and whether digits come before it and before the one before (_BAD); a line start
    counts as a separator."""
    padded = np.concatenate((np.zeros(2, dtype=np.uint8), kind))
    index = padded[:-2] * np.uint8(64) + padded[1:-1] * np.uint8(16) + kind * np.uint8(4)
    index += digits * np.uint8(2)
    index[1:] += digits[:-1]
    return not _BAD[index].any()


def _decimals(a, words, at, width: int, lo: int) -> np.ndarray | None:
    """_numbers() when every cell is digits, a point and digits ("0.25", "3.", ".5"), as
    in most files of fractions: the tokens are point, separator, point, separator..."""
    points, ends = at[0::2], at[1::2]
    if not (a[ends[width - 1:-1:width]] == 10).all():
        return None  # a line with too many or too few cells, or a blank line
    starts = np.empty_like(ends)
    starts[0], starts[1:] = lo, ends[:-1] + 1
    fraction = ends - points - 1
    if not (points - starts + fraction).all():
        return None  # "." alone
    return _compose(a, words, starts, ends, starts, points, ends, fraction, None, None)


def _values(a, words, at, code, kind, ends, lo: int) -> np.ndarray:
    """The cells' numbers, from the tokens of grammatical lines."""
    n = ends.size
    starts = np.empty_like(ends)
    starts[0], starts[1:] = lo, ends[:-1] + 1
    mantissa_start, point_at, mantissa_end = starts, ends, ends  # changed below if need be
    fraction = power = negative = None  # digits after the point, exponent, sign
    others = np.flatnonzero(kind[:-1] != SEP)  # points, exponents and signs
    if others.size:
        cell = others - np.arange(others.size)  # tokens before, less non-separators
        kinds, where = kind[others], at[others]
        exps = np.flatnonzero(kinds == EXP)
        if exps.size:
            mantissa_end = ends.copy()
            mantissa_end[cell[exps]] = where[exps]
        points = np.flatnonzero(kinds == POINT)
        point_at = mantissa_end
        if points.size:
            point_at = mantissa_end.copy()
            point_at[cell[points]] = where[points]
            fraction = mantissa_end - point_at
            fraction[cell[points]] -= 1  # the point itself
        signs = np.flatnonzero(kinds == SIGN)
        leading = where[signs] == starts[cell[signs]]
        minus = code[others[signs]] == ord("-")
        if leading.any():
            mantissa_start = starts.copy()
            mantissa_start[cell[signs[leading]]] += 1
            negative = np.zeros(n, dtype=bool)
            negative[cell[signs[leading]]] = minus[leading]
        if exps.size:
            power = _exponents(a, words, ends, cell[exps], where[exps],
                               cell[signs[~leading]], minus[~leading])
    return _compose(a, words, starts, ends, mantissa_start, point_at, mantissa_end, fraction,
                    power, negative)


def _compose(a, words, starts, ends, mantissa_start, point_at, mantissa_end, fraction,
             power, negative) -> np.ndarray | None:
    """The numbers of the cells a[starts:ends] from where their parts are: mantissa
    digits from mantissa_start
    to mantissa_end (the point, if any, at point_at, `fraction` digits after it; None:
    no point anywhere), then the exponent `power` (None: none anywhere) and the cells
    with a leading minus (`negative`, None: none). The mantissa is read as an integer
    and scaled by 10**(power - fraction) (_scale)."""
    whole = point_at - mantissa_start
    zeros = np.zeros(whole.size, dtype=np.int32)
    has_fraction = fraction is not None
    if has_fraction:  # a lone "0" before the point ("0.25") adds no digit
        whole[(whole == 1) & (a[point_at - 1] == 48)] = 0
    fraction = zeros if fraction is None else fraction
    power = zeros if power is None else power
    slow = ((whole + fraction > MAX_DIGITS) & ((whole > 0) | (fraction > MAX_RUN))
            | (power == BIG))
    if slow.any():
        whole, fraction, power = (np.where(slow, 0, x) for x in (whole, fraction, power))
    mantissa = _digits(a, words, point_at, whole)
    if has_fraction:
        mantissa = (mantissa * _POW10[np.minimum(fraction, MAX_DIGITS)]
                    + _digits(a, words, mantissa_end, fraction, slow))
    values, slow = _scale(mantissa, power - fraction, slow)
    for k in np.flatnonzero(slow):  # float() on the cell itself: rare
        values[k] = abs(float(a[starts[k]:ends[k]].tobytes()))
        if not math.isfinite(values[k]):  # 1e999: the only way to leave the doubles
            return None
    return values if negative is None else np.where(negative, -values, values)


BIG = np.iinfo(np.int32).max  # an exponent of more than 8 digits: left to float()


def _exponents(a, words, ends, cells, exp_at, sign_cells, minus) -> np.ndarray:
    """Per cell, the exponent written after "e" (0 without one; BIG past 8 digits)."""
    power = np.zeros(ends.size, dtype=np.int32)
    length = ends[cells] - exp_at - 1
    signed = np.zeros(ends.size, dtype=bool)
    signed[sign_cells] = True
    length -= signed[cells]
    value = _digits(a, words, ends[cells], np.minimum(length, 8)).astype(np.int32)
    negative = np.zeros(ends.size, dtype=bool)
    negative[sign_cells] = minus
    value[negative[cells]] *= -1
    power[cells] = np.where(length > 8, BIG, value)
    return power


def _digits(a, words, end, length, too_big=None) -> np.ndarray:
    """The whole number written by the `length` digits before a[end], per cell
    (length <= 24), as uint64. Runs longer than 19 digits may not fit: those that do not
    are marked in `too_big`."""
    out = (a[end - 1] - 48).astype(np.uint64)  # right for one digit, the commonest run
    out[length == 0] = 0
    for k in range(3):  # up to 8 digits per word, the last word first
        i = np.flatnonzero(length > max(8 * k, 1))
        if not i.size:
            break
        count = np.minimum(length[i] - 8 * k, 8)
        value = _eight(words[end[i] - 8 * (k + 1)] & _KEEP[count])
        if k == 0:
            out[i] = value
        else:
            out[i] += value * _POW10[8 * k]
        if k == 2 and too_big is not None:  # below 1000 * 10**16, the sum fits 64 bits
            too_big[i[value >= 1000]] = True
    return out


def _eight(v: np.ndarray) -> np.ndarray:
    """Eight digits, first digit in the lowest byte, each byte 0-9, as one number."""
    v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FF  # pairs: 10 * d0 + d1 in each 16 bits
    v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFF  # fours
    return (v * 10000 + (v >> 32)) & 0xFFFFFFFF  # eights


def _scale(mantissa, power, slow) -> tuple[np.ndarray, np.ndarray]:
    """mantissa * 10**power rounded once to the nearest double, and the cells left to
    float() (`slow`, and those no exact path reaches)."""
    m = mantissa.astype(float)
    low, high = power.min(), power.max()
    if low == high == 0:
        values = m
    elif high <= 0 and low >= -22:  # fractions, the commonest: one exact division
        values = m / _EXACT[-power]
    else:
        values = np.where(power >= 0, m * _EXACT[np.clip(power, 0, 22)],
                          m / _EXACT[np.clip(-power, 0, 22)])
    rest = mantissa > 2 ** 53
    if low < -22 or high > 22:
        rest |= np.abs(power) > 22
    rest &= ~slow
    if not rest.any():
        return values, slow
    size = np.abs(power)
    if not EXTENDED:
        return values, slow | rest
    i = np.flatnonzero(rest & (size <= 27))
    m, p = mantissa[i].astype(np.longdouble), power[i]
    scale = _EXACT_LONG[np.abs(p)]
    near = m / scale if high <= 0 else np.where(p >= 0, m * scale, m / scale)  # one rounding
    double = near.astype(float)
    # Rounding again to 53 bits goes wrong only when `near` is a tie between two doubles.
    other = np.nextafter(double, np.where(near > double, np.inf, -np.inf))
    tie = (near != double) & (near == (double.astype(np.longdouble) + other) / 2)
    values[i] = double
    slow = slow | (rest & (size > 27))
    slow[i[tie]] = True
    return values, slow

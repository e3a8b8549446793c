"""Ready-made datasets: logic truth tables, 2-D point clouds of two classes, n-bit
parity, and 1-D functions to fit (regression).

The truth tables and point clouds are rows of three numbers, (x1, x2, target), with
targets 0 or 1; fit_to() turns such rows into a Dataset for a network's own input and
output neurons. Parity, NOT and the functions are (inputs, targets) pairs of arrays that
fit_columns() puts on a network with exactly that many inputs.

The point clouds (n points, Gaussian jitter of standard deviation `noise`, a seed for
NumPy's default_rng) have n // 2 points of class 0 and the rest of class 1, in a shuffled
order so that training without shuffling does not see one class first. Before jitter:

    blobs   two Gaussian blobs (standard deviation 0.3) around (−0.5, −0.5) and (0.5, 0.5)
    circle  class 1 fills the disc r ≤ 0.5, class 0 the ring 0.7 ≤ r ≤ 1
    moons   two interlocking half circles of radius 0.5
    spiral  two arms, r = t and angle 3.5π·t (+ π for class 1), t in [0.05, 1]
"""
from __future__ import annotations

import math

import numpy as np

from .dataset import Dataset
from .network import Network

# Truth tables in truth-table order: (x1, x2) = (0, 0), (0, 1), (1, 0), (1, 1).
TRUTH_INPUTS = ((0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0))
TRUTH_TABLES = {
    "AND": (0.0, 0.0, 0.0, 1.0),
    "OR": (0.0, 1.0, 1.0, 1.0),
    "NAND": (1.0, 1.0, 1.0, 0.0),
    "XOR": (0.0, 1.0, 1.0, 0.0),
}
PARITY_BITS = range(2, 11)  # 2 to 10 bits: 4 to 1,024 rows
GENERATORS = ("blobs", "circle", "moons", "spiral")
GENERATOR_NAMES = {"blobs": "two blobs", "circle": "circle", "moons": "moons",
                   "spiral": "spiral"}
MAX_POINTS = 100_000


def truth_table(name: str) -> np.ndarray:
    """The (4, 3) rows x1, x2, target of the named gate (AND, OR, NAND, XOR)."""
    try:
        targets = TRUTH_TABLES[name.upper()]
    except KeyError:
        known = ", ".join(TRUTH_TABLES)
        raise ValueError(f"unknown truth table {name!r} (known: {known})") from None
    return np.column_stack([np.array(TRUTH_INPUTS), np.array(targets)])


def parity(bits: int) -> tuple[np.ndarray, np.ndarray]:
    """(inputs, targets) of n-bit parity: all 2^n rows of 0s and 1s in counting order
    (the first input is the highest bit), target 1 when an odd number of inputs are 1.
    XOR is 2-bit parity; no single layer of weights can learn it for n ≥ 2."""
    if isinstance(bits, bool) or not isinstance(bits, (int, np.integer)) or \
            bits not in PARITY_BITS:
        raise ValueError(f"parity takes {PARITY_BITS[0]} to {PARITY_BITS[-1]} bits, "
                         f"not {bits!r}")
    count = np.arange(2 ** bits)
    x = (count[:, None] >> np.arange(bits - 1, -1, -1)) & 1
    return x.astype(float), (x.sum(axis=1) % 2).astype(float)[:, None]


def not_table() -> tuple[np.ndarray, np.ndarray]:
    """(inputs, targets) of NOT: 0 -> 1, 1 -> 0."""
    return np.array([[0.0], [1.0]]), np.array([[1.0], [0.0]])


# ---- 1-D functions (regression) ----------------------------------------------------------
# name: (the function, its interval, its name in menus)
FUNCTIONS = {
    "sin": (np.sin, (-math.pi, math.pi), "sin x"),
    "square": (np.square, (-1.0, 1.0), "x\u00b2"),
    "abs": (np.abs, (-1.0, 1.0), "|x|"),
    "step": (lambda x: (x >= 0).astype(float), (-1.0, 1.0), "step (0 below x = 0, 1 from it)"),
}


def function_points(kind: str, n: int = 50, noise: float = 0.0,
                    seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(inputs, targets) of n evenly spaced x over the function's interval (both ends
    included) and f(x), plus Gaussian noise of standard deviation `noise` on the targets
    (NumPy's default_rng(seed)); the same arguments give the same numbers."""
    if kind not in FUNCTIONS:
        raise ValueError(f"unknown function {kind!r} (known: {', '.join(FUNCTIONS)})")
    _check(n, noise, seed)
    f, (lo, hi), _ = FUNCTIONS[kind]
    x = np.linspace(lo, hi, n)
    y = f(x)
    if noise > 0:
        y = y + np.random.default_rng(seed).normal(0.0, noise, size=n)
    return x[:, None], y[:, None]


def _check(n, noise, seed) -> None:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or not 2 <= n <= MAX_POINTS:
        raise ValueError(f"the number of points must be a whole number from 2 to {MAX_POINTS}")
    if not (isinstance(noise, (int, float)) and math.isfinite(noise) and noise >= 0):
        raise ValueError("the noise must be a finite number, 0 or more")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError("the seed must be a whole number, 0 or more")


# ---- point clouds ----------------------------------------------------------------------
def _blobs(rng: np.random.Generator, cls: np.ndarray) -> np.ndarray:
    centre = np.where(cls[:, None] == 1, 0.5, -0.5)
    return centre + rng.normal(0.0, 0.3, size=(cls.size, 2))


def _circle(rng: np.random.Generator, cls: np.ndarray) -> np.ndarray:
    # r = sqrt(uniform) spreads the points evenly over the area of the disc or ring.
    u = rng.uniform(size=cls.size)
    inner, outer = 0.5 * np.sqrt(u), np.sqrt(0.49 + (1.0 - 0.49) * u)
    r = np.where(cls == 1, inner, outer)
    angle = rng.uniform(0.0, 2 * math.pi, size=cls.size)
    return np.column_stack([r * np.cos(angle), r * np.sin(angle)])


def _moons(rng: np.random.Generator, cls: np.ndarray) -> np.ndarray:
    # Class 0: the upper half circle around (−0.25, −0.125); class 1: the lower half
    # circle around (0.25, 0.125). Each moon reaches into the other's hollow.
    t = rng.uniform(0.0, math.pi, size=cls.size)
    upper = np.column_stack([-0.25 + 0.5 * np.cos(t), -0.125 + 0.5 * np.sin(t)])
    lower = np.column_stack([0.25 - 0.5 * np.cos(t), 0.125 - 0.5 * np.sin(t)])
    return np.where(cls[:, None] == 1, lower, upper)


def _spiral(rng: np.random.Generator, cls: np.ndarray) -> np.ndarray:
    t = rng.uniform(0.05, 1.0, size=cls.size)
    angle = 3.5 * math.pi * t + math.pi * cls
    return np.column_stack([t * np.cos(angle), t * np.sin(angle)])


_SHAPES = {"blobs": _blobs, "circle": _circle, "moons": _moons, "spiral": _spiral}


def generate(kind: str, n: int = 200, noise: float = 0.1, seed: int = 0) -> np.ndarray:
    """(n, 3) rows x1, x2, target of a two-class point cloud; the same arguments give
    the same numbers."""
    if kind not in _SHAPES:
        raise ValueError(f"unknown generator {kind!r} (known: {', '.join(GENERATORS)})")
    _check(n, noise, seed)
    rng = np.random.default_rng(seed)
    cls = np.zeros(n)
    cls[n // 2:] = 1.0
    cls = rng.permutation(cls)
    points = _SHAPES[kind](rng, cls)
    if noise > 0:
        points = points + rng.normal(0.0, noise, size=points.shape)
    return np.column_stack([points, cls])


# ---- onto a network --------------------------------------------------------------------
def fit_problem(network: Network) -> str | None:
    """Why two-input, one-target rows cannot be put on `network`, or None."""
    if len(network.ids("input")) < 2:
        return "the network needs at least two input neurons"
    if not network.ids("output"):
        return "the network needs an output neuron"
    return None


def fit_to(network: Network, rows) -> Dataset:
    """A dataset for `network` from rows (x1, x2, target): x1 and x2 go to the first two
    input neurons, the target to the first output neuron. Further input neurons get a
    column of zeros (a dataset needs every input); further output neurons are not targets."""
    problem = fit_problem(network)
    if problem is not None:
        raise ValueError(problem)
    rows = np.asarray(rows, dtype=float).reshape(-1, 3)
    inputs = network.ids("input")
    x = np.zeros((len(rows), len(inputs)))
    x[:, :2] = rows[:, :2]
    return Dataset(inputs, network.ids("output")[:1], np.column_stack([x, rows[:, 2]]))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def columns_problem(network: Network, inputs: int, targets: int) -> str | None:
    """Why data of `inputs` input and `targets` target columns do not fit `network`, or
    None. The inputs must match one for one; one target goes to the first output neuron,
    several (one per class) need exactly that many output neurons."""
    have_in, have_out = len(network.ids("input")), len(network.ids("output"))
    wanted = (f"it has {_count(inputs, 'input')} and {_count(targets, 'target')}; "
              f"the network has {_count(have_in, 'input neuron')} and "
              f"{_count(have_out, 'output neuron')}")
    if have_in != inputs or not have_out or (targets > 1 and have_out != targets):
        return wanted
    return None


def fit_columns(network: Network, x, y, image=None) -> Dataset:
    """A dataset for `network` from input columns `x` and target columns `y`, which must
    fit it (columns_problem); ValueError (one line) otherwise."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    problem = columns_problem(network, x.shape[1], y.shape[1])
    if problem is not None:
        raise ValueError(problem)
    outputs = network.ids("output")[:y.shape[1]]
    return Dataset(network.ids("input"), outputs, np.column_stack([x, y]), image=image)

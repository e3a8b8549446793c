"""The predicted class over a grid, as colours: the numbers behind the Decision Map of a
network with several outputs (NumPy only; the view draws what these return).

Each output is a class. At every grid point the class is the output that is largest
(argmax; the first on a tie) and its value p is how sure the network is: on a softmax
group p runs from 1/K (all K classes alike) to 1. The point is coloured in its class's
colour, mixed with white: the surer, the stronger,

    strength = MAX_STRENGTH · (FLOOR + (1 − FLOOR) · t),   t = (p − 1/K) / (1 − 1/K) in [0, 1]

(outputs that are not a softmax group are taken as they are, t clipped to [0, 1]). The
boundaries are where the argmax changes: the zero line of each class's margin
m_k = o_k − max_{j≠k} o_j, positive exactly where class k wins.
"""
from __future__ import annotations

import numpy as np

# A qualitative palette (Tableau 10): ten colours told apart by hue, repeated beyond ten.
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1",
           "#76b7b2", "#edc948", "#9c755f", "#ff9da7", "#bab0ac")
MAX_STRENGTH = 0.8  # even a sure point stays lighter than the data points drawn on it
FLOOR = 0.2  # an undecided point still shows its class faintly


def class_rgb(k: int) -> tuple[int, int, int]:
    """Class k's colour as (r, g, b), 0..255."""
    code = PALETTE[k % len(PALETTE)]
    return tuple(int(code[i:i + 2], 16) for i in (1, 3, 5))


def winners(o: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The winning class (argmax over the last axis) and its output, NaN taken as 0."""
    o = np.nan_to_num(np.asarray(o, dtype=float), nan=0.0)
    k = np.argmax(o, axis=-1)
    return k, np.take_along_axis(o, k[..., None], axis=-1)[..., 0]


def strength(p: np.ndarray, classes: int) -> np.ndarray:
    """How strongly a point of winning output p is coloured (see the module)."""
    t = np.clip((p - 1.0 / classes) / (1.0 - 1.0 / classes), 0.0, 1.0)
    return MAX_STRENGTH * (FLOOR + (1.0 - FLOOR) * t)


def colours(o: np.ndarray) -> np.ndarray:
    """(…, K) outputs -> (…, 3) uint8 colours: the winner's colour mixed with white."""
    k, p = winners(o)
    palette = np.array([class_rgb(i) for i in range(o.shape[-1])], dtype=float)
    s = strength(p, o.shape[-1])[..., None]
    return np.round(255.0 + s * (palette[k] - 255.0)).astype(np.uint8)


def margins(o: np.ndarray) -> np.ndarray:
    """(…, K) outputs -> (…, K) margins o_k − max_{j≠k} o_j (> 0 where class k wins)."""
    o = np.nan_to_num(np.asarray(o, dtype=float), nan=0.0)
    out = np.empty_like(o)
    for k in range(o.shape[-1]):
        out[..., k] = o[..., k] - np.max(np.delete(o, k, axis=-1), axis=-1)
    return out

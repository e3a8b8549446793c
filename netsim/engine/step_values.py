"""What a step-through reveals, and how its numbers read: the stages of a row, the values
known about a neuron or a connection at a stage, one row's engine numbers, and the
number formats that the canvas, the equations and the status line share."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .text import MINUS, number
from .trace import Trace

INPUT, FORWARD, ERROR, BACKWARD, ACCUMULATE, UPDATE = (
    "input", "forward", "error", "backward", "accumulate", "update")
MODE_NAMES = {"sgd": "SGD", "minibatch": "Mini-batch", "batch": "Batch"}

Key = tuple[str, str]
MOST_LISTED = 8  # a longer list of names or terms is shown summarised


def listing(items: list[str], most: int = MOST_LISTED, noun: str = "more") -> str:
    """Items joined by ", "; more than `most` (a layer of 784 inputs): the first
    `most` − 3, how many are left out, and the last, "x1, x2, x3, x4, x5, … 779 more …,
    x785"."""
    return ", ".join(summarised(items, most, noun))


def summarised(items: list, most: int = MOST_LISTED, noun: str = "more") -> list:
    """`items` as they are when there are at most `most`; else the first `most` − 3, one
    entry "… N more …" for the N left out (`noun` says what: "more terms"), and the last."""
    if len(items) <= most:
        return list(items)
    head = most - 3
    return items[:head] + [f"\u2026 {len(items) - head - 1} {noun} \u2026", items[-1]]


def plain(value: float) -> str:
    """A given value (an input, a target, a weight as stored) as short as it reads:
    1, 0, 0.25, −1.5, 0.123457."""
    if value == 0:
        return "0"
    if value == int(value) and abs(value) < 1e15:
        return str(int(value)).replace("-", MINUS)
    text = f"{value:.6g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", MINUS)


def short(value: float) -> str:
    """A weight before its update: as given when that is short (0.3, 0.25, −1.5), else
    like number() (0.3100), so that "0.3 → 0.3099" and "0.3100 → 0.3199" both read."""
    text = plain(value)
    digits = text.lstrip(MINUS).replace(".", "").lstrip("0")
    return text if "e" not in text and len(digits) <= 4 else number(value)


@dataclass(frozen=True)
class Stage:
    kind: str  # input | forward | error | backward | accumulate | update
    level: int = 0  # for forward and backward

    def __str__(self) -> str:
        return f"{self.kind} {self.level}" if self.kind in (FORWARD, BACKWARD) else self.kind


@dataclass(frozen=True)
class NeuronValues:
    """What is known about one neuron at some stage; None = not revealed yet."""
    output: float | None = None
    net: float | None = None  # computing neurons only
    target: float | None = None  # dataset targets, from the error stage on
    share: float | None = None  # this output's part of J, from the error stage on
    delta: float | None = None  # computing neurons, after their backward level


@dataclass(frozen=True)
class ConnectionValues:
    """What is known about one connection at some stage; None = not revealed yet."""
    weight: float  # the weight this row uses (from before the update)
    trainable: bool
    source_output: float | None = None  # x, once the source has fired
    product: float | None = None  # w·x, once the target's level fired
    gradient: float | None = None  # dJ/dw = −δ_target·x, after the target's backward level
    # From the accumulate stage on (sgd, which has none: at the update):
    sum_before: float | None = None  # Σ dJ/dw of the batch's earlier rows
    gradient_sum: float | None = None  # the same with this row's added
    mean_gradient: float | None = None  # gradient_sum / the rows summed
    # At the update stage (after the batch's last row):
    previous_step: float | None = None  # momentum's memory: the last Δw (0 without)
    step: float | None = None  # Δw = −α·mean dJ/dw (+ μ·Δw_prev)
    new_weight: float | None = None  # w + Δw


@dataclass(frozen=True)
class RowNumbers:
    """Engine numbers for one row, J split by output, and what the row adds to its batch
    (and, after the batch's last row, the update). Every per-connection array is in the
    stepper's connection order (Stepper.keys), and is never changed once made."""
    row: int
    trace: Trace  # the weights this row uses are trace.connections.weights
    shares: dict[str, float]  # J of each dataset target alone (they sum to J)
    sums_before: np.ndarray  # Σ dJ/dw over the batch's rows before this one
    sums: np.ndarray  # ... and this one
    count: int  # the rows in `sums`
    learning_rate: float  # α of this row's epoch (the schedule's)
    previous_steps: np.ndarray  # momentum's memory: the last Δw (0 without momentum)
    steps: np.ndarray | None  # Δw of the update after this row; None: no update
    new_weights: np.ndarray | None  # after that update; frozen connections keep theirs

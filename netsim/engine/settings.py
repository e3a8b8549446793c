"""Training settings, with the checks that refuse nonsense before training starts."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

from .losses import LOSSES

# perceptron: Rosenblatt's rule w <- w + alpha (y - o) x after every row, for one layer of
# sign or step neurons fed by the inputs (seed 000; engine/perceptron.py)
MODES = ("sgd", "minibatch", "batch", "perceptron")
SCHEDULES = ("constant", "step", "inverse_time")
INITS = ("uniform", "normal", "xavier")


@dataclass(frozen=True)
class Range:
    """The values a numeric setting accepts: from `low` to `high`, either end excluded
    when `low_open` / `high_open`; `whole`: whole numbers only."""
    low: float
    high: float
    whole: bool = False
    low_open: bool = False
    high_open: bool = False

    def __contains__(self, value) -> bool:
        if isinstance(value, float) and not math.isfinite(value):
            return False
        if self.whole and value != int(value):
            return False
        above = value > self.low if self.low_open else value >= self.low
        below = value < self.high if self.high_open else value <= self.high
        return above and below

    def __str__(self) -> str:
        """The range in words: 'a whole number from 1 to 1000', 'from 0 to 1000000',
        'above 0 and at most 1000000', 'at least 0 and below 1'."""
        low, high = show_number(self.low), show_number(self.high)
        if self.low_open:
            words = f"above {low} and at most {high}"
        elif self.high_open:
            words = f"at least {low} and below {high}"
        else:
            words = f"from {low} to {high}"
        return f"a whole number {words}" if self.whole else words


def show_number(x: float) -> str:
    """1000000 rather than 1e+06, 0.5 as 0.5, inf as inf, 10**308 as 1e+308."""
    if isinstance(x, int) and abs(x) < 10 ** 16:
        return str(x)
    try:
        x = float(x)
    except OverflowError:  # an integer beyond any float
        return str(x)[:16] + "..."
    return str(int(x)) if math.isfinite(x) and x == int(x) and abs(x) < 1e16 else repr(x)


# The range of every numeric setting: the file loader, the command line and the app's
# fields all refuse a value outside it (never clamp). Each bound is one the engine
# honours: alpha, the decay rate and the weight scale stay far from float overflow even
# when multiplied by a gradient or a schedule; restarts fit the app's progress signals
# (32-bit) and a histogram; the seed is NumPy's classic 32-bit seed, exact in a float
# field; counts are exact in a float field and a run of 10^9 epochs can still be stopped.
LARGEST = 1e6
MOST = 10 ** 9
RANGES: dict[str, Range] = {
    "learning_rate": Range(0.0, LARGEST),
    "batch_size": Range(1, MOST, whole=True),
    "momentum": Range(0.0, 1.0, high_open=True),
    "max_epochs": Range(1, MOST, whole=True),
    "target_error": Range(0.0, LARGEST),  # or None: no target
    "seed": Range(0, 2 ** 32 - 1, whole=True),
    "decay_rate": Range(0.0, LARGEST),
    "decay_steps": Range(1, MOST, whole=True),
    "init_scale": Range(0.0, LARGEST, low_open=True),
    "restarts": Range(1, 1000, whole=True),
    "l1": Range(0.0, LARGEST),
    "l2": Range(0.0, LARGEST),
}


def out_of_range(name: str, value) -> str | None:
    """'restarts must be a whole number from 1 to 1000, not 3000000000', or None when
    `value` lies in the setting's range (None is in range for target_error)."""
    if value is None and name == "target_error":
        return None
    rng = RANGES[name]
    if value in rng:
        return None
    return f"{name} must be {rng}, not {show_number(value)}"


@dataclass
class TrainingSettings:
    learning_rate: float = 0.5
    mode: str = "sgd"  # sgd | minibatch | batch (seed 001) | perceptron (seed 000)
    batch_size: int = 1  # used by minibatch
    loss: str = "squared_error"
    momentum: float = 0.0
    max_epochs: int = 1000
    target_error: float | None = None  # stop once the epoch error is <= this
    shuffle: bool = False
    seed: int = 0
    # Learning-rate schedule (seed 002: the step size usually decreases), t = epoch:
    #   constant      alpha_t = alpha
    #   step          alpha_t = alpha * decay_rate ** floor(t / decay_steps)
    #   inverse_time  alpha_t = alpha / (1 + decay_rate * t / decay_steps)
    schedule: str = "constant"
    decay_rate: float = 0.5
    decay_steps: int = 100
    # Weight initialisation and random restarts (seed 002).
    init: str = "uniform"
    init_scale: float = 0.5  # uniform: limit a of U(-a, a); normal: standard deviation
    restarts: int = 1
    # Regularisation: each update also pulls every trainable weight towards 0,
    #   dw = -alpha * (mean dJ/dw + l2 * w + l1 * sign(w))
    # (the gradient of J + l2/2 * Σ w² + l1 * Σ |w|); connections from bias neurons only
    # when regularise_bias. The error reported stays J, the data's own.
    l1: float = 0.0
    l2: float = 0.0
    regularise_bias: bool = False

    @property
    def regularised(self) -> bool:
        return bool(self.l1 or self.l2)

    def as_dict(self) -> dict:
        return asdict(self)

    def learning_rate_at(self, epoch: int) -> float:
        a = self.learning_rate
        if self.schedule == "step":
            try:  # a rate above 1 grows alpha; past the largest float it is infinite
                return a * self.decay_rate ** (epoch // self.decay_steps)
            except OverflowError:
                return math.inf if a > 0 else 0.0
        if self.schedule == "inverse_time":
            return a / (1.0 + self.decay_rate * epoch / self.decay_steps)
        return a

    def problem(self) -> str | None:
        """The first setting that makes no sense, as a sentence, or None."""
        for f in fields(self):
            value = getattr(self, f.name)
            kind = f.type if isinstance(f.type, str) else f.type.__name__
            if kind.startswith("float"):
                if value is None and "None" in kind:
                    continue
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    return f"{f.name} must be a number, not {value!r}"
                if not math.isfinite(value):
                    return f"{f.name} must be a finite number, not {value!r}"
            elif kind == "int":
                if isinstance(value, bool) or not isinstance(value, int):
                    return f"{f.name} must be a whole number, not {value!r}"
            elif kind == "bool" and not isinstance(value, bool):
                return f"{f.name} must be true or false, not {value!r}"
            elif kind == "str" and not isinstance(value, str):
                return f"{f.name} must be text, not {value!r}"
        choices = {"mode": MODES, "loss": tuple(LOSSES), "schedule": SCHEDULES, "init": INITS}
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                return f"unknown {name} {getattr(self, name)!r} (known: {', '.join(allowed)})"
        for name in RANGES:
            reason = out_of_range(name, getattr(self, name))
            if reason:
                return reason
        return None

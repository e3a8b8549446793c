"""Training settings, with the checks that refuse nonsense before training starts."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields

from .losses import LOSSES

MODES = ("sgd", "minibatch", "batch")
SCHEDULES = ("constant", "step", "inverse_time")
INITS = ("uniform", "normal", "xavier")


@dataclass
class TrainingSettings:
    learning_rate: float = 0.5
    mode: str = "sgd"  # sgd | minibatch | batch (seed 001)
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

    def as_dict(self) -> dict:
        return asdict(self)

    def learning_rate_at(self, epoch: int) -> float:
        a = self.learning_rate
        if self.schedule == "step":
            return a * self.decay_rate ** (epoch // self.decay_steps)
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
        checks = [
            (self.learning_rate >= 0, "learning_rate must not be negative"),
            (self.batch_size >= 1, "batch_size must be at least 1"),
            (0 <= self.momentum < 1, "momentum must be at least 0 and below 1"),
            (self.max_epochs >= 1, "max_epochs must be at least 1"),
            (self.target_error is None or self.target_error >= 0, "target_error must not be negative"),
            (self.seed >= 0, "seed must not be negative"),
            (self.decay_rate >= 0, "decay_rate must not be negative"),
            (self.decay_steps >= 1, "decay_steps must be at least 1"),
            (self.init_scale > 0, "init_scale must be positive"),
            (self.restarts >= 1, "restarts must be at least 1"),
        ]
        for ok, message in checks:
            if not ok:
                return message
        return None

"""The accuracy of a training run over its epochs, measured in the training process.

The trainer records the error of every epoch; for class targets (engine/classes.py) the
Error Curve also draws the accuracy on the training and held-out rows. Measuring it is a
forward pass over every row, which on a small network costs several epochs (XOR: 70 us
against 10), so a run measures it only as often as keeps that under SHARE of its time:
the next measurement waits until (1 − SHARE) / SHARE times the last one's cost has
passed. Epochs cheap to measure (a big network, many rows) are measured every epoch;
the last epoch of a run always is. The training process asks only when it looks up from
training (about every CHECK_SECONDS, or every epoch when epochs are slower than that).
"""
from __future__ import annotations

import math
import time

from netsim.engine.classes import Classifier, class_targets
from netsim.engine.dataset import Dataset
from netsim.engine.network import Network

SHARE = 0.05  # at most this share of a run's time goes to measuring accuracy


class Pace:
    """Work allowed only a share of the time: after a piece of it took t, the next is due
    once `wait` × t more have passed (the GUI's live accuracy and the training process's
    both measure at this pace, each with its own `wait`)."""

    def __init__(self, wait: float, clock=time.perf_counter) -> None:
        self.wait, self.clock = wait, clock
        self.next = -math.inf  # nothing is due before this time

    def __repr__(self) -> str:
        return f"Pace(waits {self.wait:g} times the last cost)"

    def due(self, now: float | None = None) -> bool:
        """Whether the next piece is due (at `now`, default the clock's time)."""
        return (self.clock() if now is None else now) >= self.next

    def timed(self, work, start: float | None = None):
        """work(), begun at `start` (default now); the next piece is due after `wait`
        times what it took."""
        start = self.clock() if start is None else start
        out = work()
        end = self.clock()
        self.next = end + self.wait * (end - start)
        return out

    def now(self) -> None:
        """The next piece is due at once, whenever the last was."""
        self.next = -math.inf


class AccuracySampler:
    """measure(epoch, weights) when due, finish(epoch, weights) at the end; `samples` is
    the list of (epoch, training accuracy, test accuracy: nan without held-out rows)."""

    def __init__(self, network: Network, dataset: Dataset, clock=time.perf_counter) -> None:
        self.network, self.dataset = network, dataset
        self.on = class_targets(network, dataset) is not None
        self.classifier = Classifier()
        self.pace = Pace((1 - SHARE) / SHARE, clock)
        self.samples: list[tuple[int, float, float]] = []

    def __repr__(self) -> str:
        return f"AccuracySampler({len(self.samples)} samples{'' if self.on else ', off'})"

    def due(self) -> bool:
        return self.on and self.pace.due()

    def measure(self, epoch: int, weights) -> None:
        """Measure the weights of `epoch` (from 1) if it is time to."""
        if epoch < 1 or not self.due() or (self.samples and self.samples[-1][0] == epoch):
            return
        got = self.pace.timed(lambda: self.classifier.classify(self.network, self.dataset,
                                                                weights))
        if got is not None:
            self.samples.append((epoch, got.accuracy(), got.accuracy(test=True)))

    def finish(self, epoch: int, weights) -> None:
        """The run's last epoch, measured whenever the last measurement was."""
        self.pace.now()
        self.measure(epoch, weights)

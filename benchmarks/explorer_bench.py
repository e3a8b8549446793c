"""The step-size explorer: all learning rates in one stacked computation (explore) beside
one Trainer run after another with the same rates, epochs and initial weights."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from netsim.engine import Dataset, TrainingSettings
from netsim.engine.explorer import explore
from netsim.engine.trainer import Trainer

from common import compare


def one_after_another(net, data, rates, settings, epochs):
    for rate in rates:
        Trainer(net, data, replace(settings, learning_rate=float(rate))).run(epochs)


def bench(name, net, data, rates, settings, epochs, repeats) -> float:
    def baseline():
        return lambda: one_after_another(net, data, rates, settings, epochs)

    def batched():
        return lambda: explore(net, data, rates, settings, epochs)

    return compare(name, len(rates) * epochs, baseline, batched, repeats, width=40)


def run(repeats: int, quick: bool, layered) -> None:
    print(f"\n{'rate-epochs per second':<40} {'one by one':>14} {'batched':>14} {'ratio':>9}")
    rng = np.random.default_rng(3)
    xor = Dataset(["x0", "x1"], ["o0"], [[0, 0, 0], [1, 0, 1], [0, 1, 1], [1, 1, 0]])
    sgd = TrainingSettings(mode="sgd")
    epochs = 100 if quick else 500
    bench("XOR 2-2-1 sgd, 3 rates", layered(2, 2, 1, rng), xor, [0.05, 0.5, 5],
          sgd, epochs, repeats)
    bench("XOR 2-2-1 sgd, 50-rate sweep", layered(2, 2, 1, rng), xor,
          np.geomspace(0.01, 10, 50), sgd, epochs // 5, repeats)
    x = rng.normal(size=(200, 2))
    y = (x[:, :1] * x[:, 1:] > 0).astype(float)
    blobs = Dataset(["x0", "x1"], ["o0"], np.hstack([x, y]))
    bench("2-16-1 minibatch 20 of 200 rows, 50 rates", layered(2, 16, 1, rng), blobs,
          np.geomspace(0.01, 10, 50), TrainingSettings(mode="minibatch", batch_size=20),
          epochs // 25, repeats)

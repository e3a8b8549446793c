"""The training process measures a run's accuracy for class targets: as often as keeps it
under SHARE of the run's time, and always at the last epoch."""
import math

import numpy as np
import pytest

from netsim import paths
from netsim.engine.classes import classify
from netsim.engine.trainer import Trainer
from netsim.io.fileformat import load
from netsim.jobs import accuracy
from netsim.jobs.accuracy import AccuracySampler
from netsim.jobs.worker import TrainingJob


class Clock:
    """Time that moves only when told: each classification costs `cost`."""

    def __init__(self, cost: float) -> None:
        self.now, self.cost = 0.0, cost

    def __call__(self) -> float:
        return self.now


def test_measurements_wait_nineteen_times_their_own_cost():
    nf = load(paths.example("xor-worked-example"))
    clock = Clock(2.0)
    sampler = AccuracySampler(nf.network, nf.dataset, clock)
    real = sampler.classifier.classify

    def costly(*args):
        clock.now += clock.cost
        return real(*args)
    sampler.classifier.classify = costly
    w = np.array(nf.network.weights())
    for epoch in range(1, 101):  # each epoch takes 1 time unit
        sampler.measure(epoch, w)
        clock.now += 1.0
    # epoch 1 is measured from time 0 to 2; the next waits (1 - 0.05) / 0.05 * 2 = 38
    # more, until 40. Epoch e (> 1) then comes at time e + 1: epoch 39, measured from 40
    # to 42; the next from 80, when epoch e comes at e + 3: epoch 77.
    assert [s[0] for s in sampler.samples] == [1, 39, 77]
    sampler.finish(100, w)
    assert [s[0] for s in sampler.samples] == [1, 39, 77, 100]
    got = classify(nf.network, nf.dataset)
    assert sampler.samples[-1][1] == got.accuracy() == 0.5
    assert math.isnan(sampler.samples[-1][2])  # no held-out rows
    assert accuracy.SHARE == 0.05


def test_no_class_targets_no_samples(line_file):
    nf = load(line_file(0.5, [[1.0, 0.3], [2.0, 0.7]]))
    sampler = AccuracySampler(nf.network, nf.dataset)
    sampler.finish(3, nf.network.weights())
    assert not sampler.on and sampler.samples == []


@pytest.mark.parametrize("example", ["iris-softmax", "xor-worked-example"])
def test_a_runs_accuracy_ends_on_its_final_weights(example):
    nf = load(paths.example(example))
    job = TrainingJob(nf.network, nf.dataset, nf.training, epochs=30)
    job.start()
    assert job.wait(120)
    result = job.result
    epochs = [s[0] for s in result.accuracy]
    assert epochs == sorted(set(epochs)) and epochs[-1] == result.epochs == 30
    net = nf.network.copy()
    net.set_weights(job.weights)
    got = classify(net, nf.dataset)
    last = result.accuracy[-1]
    assert last[1] == got.accuracy()
    assert (last[2] == got.accuracy(test=True)) or (math.isnan(last[2])
                                                     and nf.dataset.test_count == 0)
    # and the run trained as the headless trainer does
    trainer = Trainer(nf.network, nf.dataset, nf.training)
    assert result.history == trainer.run(30).history

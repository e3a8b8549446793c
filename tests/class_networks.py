"""A hand-made classifier whose every output can be read by eye, for the tests of class
targets (engine, command line, plots, app).

Outputs a = x1, b = x2, c = 0.5 (from the bias); one-hot targets a, b, c. Argmax gives
the predicted classes a, b, c, c, b, a for the six rows, the targets are a, b, c, a, a, c:
rows 0-2 right, 3-5 wrong (accuracy 1/2; with rows 4 and 5 held out, 3/4 on the
training rows and 0/2 on the held-out ones).
"""
import numpy as np

from netsim.engine import Dataset, Network
from netsim.io.fileformat import NetworkFile, save

NAMES = ("setosa", "b", "virginica")  # a and c have labels, b goes by its id
ROWS = [[1.0, 0.0, 1, 0, 0],    # (1, 0, .5)  -> a, true a: right
        [0.0, 1.0, 0, 1, 0],    # (0, 1, .5)  -> b, true b: right
        [0.0, 0.0, 0, 0, 1],    # (0, 0, .5)  -> c, true c: right
        [0.2, 0.1, 1, 0, 0],    # (.2, .1, .5) -> c, true a: wrong
        [0.9, 0.95, 1, 0, 0],   # (.9, .95, .5) -> b, true a: wrong
        [0.6, 0.3, 0, 0, 1]]    # (.6, .3, .5) -> a, true c: wrong
HELD_OUT = [False, False, False, False, True, True]


def three_outputs(activation: str = "identity") -> Network:
    net = Network()
    net.add_neuron("x1", "input")
    net.add_neuron("x2", "input")
    net.add_neuron("bias", "bias")
    net.add_neuron("a", "output", activation, label="setosa")
    net.add_neuron("b", "output", activation)
    net.add_neuron("c", "output", activation, label="virginica")
    net.connect("x1", "a", 1.0)
    net.connect("x2", "b", 1.0)
    net.connect("bias", "c", 0.5)
    return net


def group_data(test=None) -> Dataset:
    return Dataset(["x1", "x2"], ["a", "b", "c"], np.array(ROWS, dtype=float), test)


def class_file(path, held_out: bool = True, activation: str = "identity"):
    """The classifier saved at `path` (rows 4 and 5 held out unless held_out is False)."""
    save(path, NetworkFile(three_outputs(activation),
                           group_data(HELD_OUT if held_out else None)))
    return path

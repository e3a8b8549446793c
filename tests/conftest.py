import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def line_file(tmp_path):
    """line_file(weight, rows): a saved network y = weight · x (identity output) with
    the dataset rows [x, y], for the command line to work on; returns its path."""
    from netsim.engine import Dataset, Network
    from netsim.io.fileformat import NetworkFile, save

    def make(weight: float, rows: list[list[float]]):
        net = Network()
        net.add_neuron("x", "input")
        net.add_neuron("y", "output", "identity")
        net.connect("x", "y", weight)
        path = tmp_path / "line.netsim"
        save(path, NetworkFile(net, Dataset(["x"], ["y"], rows)))
        return path
    return make

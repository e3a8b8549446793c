import pytest

from builders import XOR_ROWS, seed000_network
from netsim.engine import Dataset


@pytest.fixture
def xor_net():
    return seed000_network()


@pytest.fixture
def xor_data():
    return Dataset(["x1", "x2"], ["y"], XOR_ROWS)

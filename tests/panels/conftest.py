import pytest

from netsim import paths
from netsim.document import Document


@pytest.fixture
def doc(qapp):
    """The XOR worked example, fresh for each test."""
    return Document.open(paths.example("xor-worked-example"))

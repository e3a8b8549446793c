"""Document: what it hands the views besides its change signal."""
import pytest

from netsim import paths
from netsim.document import Document


def test_the_weight_array_is_read_once_per_change_and_cannot_be_written():
    doc = Document.open(paths.example("xor-worked-example"))
    first = doc.weight_array()
    assert list(first) == [c.weight for c in doc.network.connections]
    assert doc.weight_array() is first  # no change: the same array
    with pytest.raises(ValueError):
        first[0] = 5.0
    key = doc.network.connections[0].key
    doc.set_weights({key: 0.125})
    again = doc.weight_array()
    assert again is not first and again[0] == 0.125 and first[0] != 0.125

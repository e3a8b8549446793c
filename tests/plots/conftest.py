"""Shared set-up of the plot tests: a plot view following the XOR worked example."""
import pytest

from netsim import paths
from netsim.document import Document


@pytest.fixture
def xor_view(qtbot):
    """xor_view(View, size): a new `View` following a fresh XOR worked example, resized
    to `size` unless it is None."""
    def make(view_class, size=(360, 300)):
        view = view_class()
        qtbot.addWidget(view)
        view.set_document(Document.open(paths.example("xor-worked-example")))
        if size is not None:
            view.resize(*size)
        return view
    return make

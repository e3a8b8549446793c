"""Auto Layout lays image inputs out as the dataset's picture."""
import numpy as np

from netsim.document import Document
from netsim.engine import Dataset, Network
from netsim.io.fileformat import NetworkFile


def six_pixels_to_one() -> Network:
    net = Network()
    for i in range(6):
        net.add_neuron(f"x{i}", "input", position=(0.0, 0.0))
    net.add_neuron("y", "output", position=(0.0, 0.0))
    for i in range(6):
        net.connect(f"x{i}", "y", 0.0)
    return net


def test_auto_layout_puts_the_inputs_in_the_datasets_image_grid(make_window):
    window = make_window()
    pixels = ["x5", "x4", "x3", "x2", "x1", "x0"]  # the dataset's columns: the network's reversed
    data = Dataset(pixels, ["y"], np.zeros((1, 7)), image=(2, 3))
    window.set_document(Document(NetworkFile(six_pixels_to_one(), data)))
    doc = window.document
    window.network_menu.layout_action.trigger()
    # pixel k at row k // 3, column k % 3, 130 apart; the output one gap (220) right of
    # the grid, centred on its two rows
    assert {nid: n.position for nid, n in doc.network.neurons.items()} == {
        "x5": (0.0, 0.0), "x4": (130.0, 0.0), "x3": (260.0, 0.0),
        "x2": (0.0, 130.0), "x1": (130.0, 130.0), "x0": (260.0, 130.0), "y": (480.0, 65.0)}
    assert doc.undo_stack.text(doc.undo_stack.count() - 1) == "Auto layout"

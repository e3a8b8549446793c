"""The softmax glyph: "soft", at the full glyph size, inside the circle. The glyph is drawn
in the neuron's own coordinates, so it scales with the circle at every zoom."""
from PySide6.QtGui import QFontMetricsF

from netsim.canvas import style
from netsim.canvas.neuron_item import GLYPH_MAX_WIDTH, NeuronItem
from netsim.engine.network import Neuron


def test_the_softmax_glyph_fits_the_neuron_unshrunk(qapp):
    item = NeuronItem(Neuron("y1", "output", "softmax", "setosa"))
    assert item.glyph == "soft"
    assert item._glyph_font.pixelSize() == style.GLYPH_PIXELS
    width = QFontMetricsF(item._glyph_font).horizontalAdvance(item.glyph)
    assert width <= GLYPH_MAX_WIDTH < 2 * style.NEURON_RADIUS
    assert "o_k = e^(net_k) / \u03a3_j e^(net_j)" in item.toolTip()

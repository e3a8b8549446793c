"""Activation icons draw each function's own curve."""
import numpy as np
import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtCore import QRectF

from netsim.engine.activations import ACTIVATIONS
from netsim.panels.activation_icons import (ICON_SIZE, activation_icon, activation_tip, curve_path,
                                            curve_pixmap, curve_points)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_activation_draws_visible_pixels(qapp, name):
    pixmap = curve_pixmap(name, QColor("black"))
    assert pixmap.deviceIndependentSize().toSize() == ICON_SIZE
    image = pixmap.toImage()
    alphas = [image.pixelColor(x, y).alpha() for x in range(image.width()) for y in range(image.height())]
    assert max(alphas) > 200
    assert not activation_icon(name, QPalette()).isNull()


def test_curves_are_the_functions_over_minus_four_to_four():
    z, f = curve_points("tanh")
    assert z[0] == -4 and z[-1] == 4 and 0.0 in z
    np.testing.assert_allclose(f, np.tanh(z), rtol=1e-12)


def test_sigmoid_sits_on_its_axis_and_tanh_crosses_it(qapp):
    rect = QRectF(0, 0, 100, 50)
    _, sigmoid_axis = curve_path("sigmoid", rect)
    _, tanh_axis = curve_path("tanh", rect)
    assert sigmoid_axis == pytest.approx(50) and tanh_axis == pytest.approx(25)


def test_softmax_draws_one_output_against_its_net_input_with_the_other_at_0():
    z, f = curve_points("softmax")
    np.testing.assert_allclose(f, np.exp(z) / (np.exp(z) + 1.0), rtol=1e-12)
    np.testing.assert_allclose(f, curve_points("sigmoid")[1], rtol=1e-12)
    assert activation_tip("softmax") == (
        "o_k = e^(net_k) / \u03a3_j e^(net_j) over all softmax outputs\nIcon: o_1 against "
        "net_1, with one other output's net input held at 0: e^z / (e^z + 1)")
    assert activation_tip("tanh") == "tanh(z)"

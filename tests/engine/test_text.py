"""How numbers and names read: real minus signs, arrows, neurons by label."""
import pytest

from netsim import paths
from netsim.engine.text import readable, connection_name, neuron_name, number
from netsim.engine.trainer import gradient_warnings
from netsim.io.fileformat import load


@pytest.mark.parametrize("value, digits, text", [
    (-0.5332, 3, "\u22120.533"), (0.25, 6, "0.25"), (-1e-05, 6, "\u22121e\u22125"),
    (1.5e20, 3, "1.5e20"), (-0.0, 6, "0"), (-1e-9, 3, "\u22121e\u22129"), (-4e-7, 1, "\u22124e\u22127"),
    (float("inf"), 6, "\u221e"), (float("-inf"), 6, "\u2212\u221e"), (float("nan"), 6, "nan"),
    (20.0, 3, "20"), (-1234567.0, 6, "\u22121.23457e6"),
])
def test_readable_is_g_with_a_real_minus_sign(value, digits, text):
    assert readable(value, digits) == text
    assert "-" not in readable(value, digits)


def test_number_keeps_its_trailing_zeros():
    assert [number(v) for v in (1.25, -0.5, 2.5e-7, 0.0)] == ["1.250", "\u22120.5000", "2.5e\u22127", "0"]


def test_connections_are_named_by_label_with_an_arrow():
    net = load(paths.example("and-perceptron")).network
    assert neuron_name(net, "b") == "bias" and neuron_name(net, "x1") == "x1"
    assert neuron_name(net, "gone") == "gone"
    assert connection_name(net, ("b", "y")) == "bias \u2192 AND"


def test_the_step_warning_names_connections_as_the_canvas_does():
    nf = load(paths.example("and-perceptron"))  # its output AND is a step neuron
    warning, = gradient_warnings(nf.network, nf.dataset)
    assert warning.startswith("3 trainable connection(s) (x1 \u2192 AND, x2 \u2192 AND, "
                              "bias \u2192 AND) reach the outputs only through step neurons (AND)")
    assert "->" not in warning

"""Secants of J along one weight (seed 001: dJ/dw is the limit of ΔJ/Δx)."""
import numpy as np
import pytest

from netsim import paths
from netsim.engine import Dataset, Network, landscape
from netsim.io.fileformat import load


def linear_neuron():
    """y = w·x (identity): J(w) = mean ½ (t − w x)², a parabola with J″ = mean x²."""
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("y", "output", "identity")
    net.connect("x", "y", 0.5)
    rows = np.array([[1.0, 2.0], [2.0, 1.0], [-1.0, 0.5]])
    return net, Dataset(["x"], ["y"], rows)


def test_on_a_parabola_the_secant_leans_away_by_half_the_curvature_times_dx():
    net, data = linear_neuron()
    x, t = data.rows[:, 0], data.rows[:, 1]
    curvature = np.mean(x ** 2)  # 2
    tangent = np.mean(-(t - 0.5 * x) * x)  # dJ/dw at w = 0.5
    dxs = np.array([1.0, 0.5, -0.25, 1e-2, 1e-4])
    s = landscape.secants(net, data, ("x", "y"), dxs)
    assert s.w0 == 0.5 and s.tangent == pytest.approx(tangent, rel=1e-14)
    assert s.j0 == pytest.approx(np.mean(0.5 * (t - 0.5 * x) ** 2), rel=1e-14)
    # J(w0 + Δx) − J(w0) = J′ Δx + ½ J″ Δx² exactly, so ΔJ/Δx = J′ + ½ J″ Δx
    np.testing.assert_allclose(s.slopes, tangent + 0.5 * curvature * dxs, rtol=1e-9)
    np.testing.assert_allclose(s.gaps, 0.5 * curvature * np.abs(dxs), rtol=1e-6)


def test_the_gap_falls_with_dx_then_rounding_makes_it_grow_again():
    nf = load(paths.example("xor-worked-example"))
    dxs = np.logspace(0, -16, 17)
    s = landscape.secants(nf.network, nf.dataset, ("x1", "h1"), dxs)
    gaps = s.gaps
    best = int(np.argmin(gaps))
    assert 5 <= best <= 10  # Δx between 1e−5 and 1e−10: about √ε
    assert np.all(np.diff(gaps[:6]) < 0)  # each tenth of Δx, about a tenth of the gap
    np.testing.assert_allclose(gaps[2:6] / gaps[1:5], 0.1, rtol=0.01)  # gap ≈ ½ J″ Δx
    assert gaps[-1] > 1e3 * gaps[best]  # at 1e−16, w0 + Δx is w0: the slope reads 0
    assert s.slopes[-1] == 0 and gaps[-1] == abs(s.tangent)


@pytest.mark.parametrize("bad", [[0.0], [1.0, 0.0], [np.nan], [np.inf]])
def test_a_step_of_zero_or_not_a_number_is_refused(bad):
    net, data = linear_neuron()
    with pytest.raises(ValueError, match="other than 0"):
        landscape.secants(net, data, ("x", "y"), bad)

"""The error landscape along one or two weights: curve, tangent, surface, descent paths."""
import numpy as np
from builders import random_dag, random_data
from netsim.engine import landscape
from netsim.engine.compiled import Compiled
from netsim.engine.landscape import (DescentPath, curve, descent_path, descent_path_2d,
                                     surface, tangent, valley)

KEY, KEY_B = ("b", "y"), ("h1", "y")


def engine_error(net, data, w=None):
    c = Compiled(net, data.inputs, data.targets)
    if w is not None:
        c.set_weights(w)
    return float(np.mean(c.row_errors(c.forward(data.x), data.y)))


def engine_gradient(net, data, w=None):
    c = Compiled(net, data.inputs, data.targets)
    if w is not None:
        c.set_weights(w)
    return c.scatter(c.backward(c.forward(data.x), data.y)) / len(data)


def index(net, key):
    return [c.key for c in net.connections].index(key)


def test_curve_at_the_current_weight_is_the_engine_error(xor_net, xor_data):
    w0 = xor_net.connection(*KEY).weight
    js = curve(xor_net, xor_data, KEY, [w0 - 1, w0, w0 + 1])
    assert js[1] == engine_error(xor_net, xor_data)
    for w, j in zip([w0 - 1, w0 + 1], js[[0, 2]]):
        weights = np.array(xor_net.weights())
        weights[index(xor_net, KEY)] = w
        assert j == engine_error(xor_net, xor_data, weights)
    assert xor_net.connection(*KEY).weight == w0  # the network is not touched


def test_tangent_slope_is_the_engine_gradient_and_the_curve_slope(xor_net, xor_data):
    t = tangent(xor_net, xor_data, KEY)
    assert t.w0 == xor_net.connection(*KEY).weight
    assert t.j0 == engine_error(xor_net, xor_data)
    assert t.slope == engine_gradient(xor_net, xor_data)[index(xor_net, KEY)]
    h = 1e-6  # oracle: the curve's own central difference
    lo, hi = curve(xor_net, xor_data, KEY, [t.w0 - h, t.w0 + h])
    np.testing.assert_allclose(t.slope, (hi - lo) / (2 * h), rtol=1e-6)
    np.testing.assert_allclose(t.at([t.w0, t.w0 + 2]), [t.j0, t.j0 + 2 * t.slope], rtol=1e-15)


def test_surface_matches_the_engine_on_a_random_dag():
    rng = np.random.default_rng(3)
    net, ins, outs = random_dag(rng, ["sigmoid", "tanh", "identity"])
    data = random_data(rng, ins, outs)
    ka, kb = net.connections[0].key, net.connections[-1].key
    wa, wb = np.linspace(-2, 2, 4), np.linspace(-1, 1, 3)
    js = surface(net, data, ka, kb, wa, wb)
    assert js.shape == (4, 3)
    for i, a in enumerate(wa):
        for j, b in enumerate(wb):
            w = np.array(net.weights())
            w[index(net, ka)], w[index(net, kb)] = a, b
            assert js[i, j] == engine_error(net, data, w)


def test_each_descent_step_is_one_manual_update(xor_net, xor_data):
    alpha, i = 3.0, index(xor_net, KEY)
    path = descent_path(xor_net, xor_data, KEY, alpha, 5)
    assert path.weights.shape == (6, 1) and path.errors.shape == (6,)
    w = np.array(xor_net.weights())
    for k in range(6):
        assert path.weights[k, 0] == w[i]
        assert path.errors[k] == engine_error(xor_net, xor_data, w)
        g = engine_gradient(xor_net, xor_data, w)
        assert path.slopes[k, 0] == g[i]
        w[i] -= alpha * g[i]  # only this one weight moves


def test_two_weight_descent_is_the_manual_update(xor_net, xor_data):
    alpha, ia, ib = 2.0, index(xor_net, KEY), index(xor_net, KEY_B)
    path = descent_path_2d(xor_net, xor_data, KEY, KEY_B, alpha, 4)
    w = np.array(xor_net.weights())
    for k in range(5):
        np.testing.assert_array_equal(path.weights[k], w[[ia, ib]])
        assert path.errors[k] == engine_error(xor_net, xor_data, w)
        g = engine_gradient(xor_net, xor_data, w)
        w[[ia, ib]] -= alpha * g[[ia, ib]]
    assert "2 weight(s)" in repr(path)


def test_xor_overshoot_with_a_big_learning_rate(xor_net, xor_data):
    small = descent_path(xor_net, xor_data, KEY, 1.0, 30)
    assert np.all(np.diff(small.errors) < 0)  # down every step
    big = descent_path(xor_net, xor_data, KEY, 50.0, 30)
    assert np.any(np.diff(big.errors) > 0)  # jumps past the valley floor: J goes up
    assert big.errors.min() < big.errors[0]


def test_a_path_stops_at_the_first_non_finite_point():
    rng = np.random.default_rng(0)
    net, ins, outs = random_dag(rng, ["identity"], "identity")
    data = random_data(rng, ins, outs)
    key = net.connections[0].key
    with np.errstate(over="ignore", invalid="ignore"):
        path = descent_path(net, data, key, 1e6, 400)  # |1 − α·J''| ≫ 1: blows up
    assert len(path.errors) < 401
    assert np.isfinite(path.errors[:-1]).all() and not np.isfinite(path.errors[-1])


def test_every_point_of_a_surface_is_the_engine_error_also_in_chunks(monkeypatch):
    # The points are evaluated as one stacked pass per chunk; each equals the network
    # compiled alone with those weights, whatever the chunk size.
    from netsim.engine import landscape
    rng = np.random.default_rng(8)
    net, ins, outs = random_dag(rng, ["sigmoid", "tanh", "relu"], "sigmoid")
    data = random_data(rng, ins, outs, rows=5)
    ka, kb = net.connections[0].key, net.connections[-1].key
    wa, wb = np.linspace(-2, 2, 7), np.linspace(-1, 3, 5)
    whole = surface(net, data, ka, kb, wa, wb)
    monkeypatch.setattr(landscape, "STACK_VALUES", 200)  # a few points per chunk
    assert np.array_equal(surface(net, data, ka, kb, wa, wb), whole)
    for i, a in enumerate(wa):
        for j, b in enumerate(wb):
            weights = np.array(net.weights())
            weights[index(net, ka)], weights[index(net, kb)] = a, b
            assert abs(whole[i, j] - engine_error(net, data, weights)) <= 1e-15


def test_the_valley_floor_is_where_the_slope_vanishes_and_its_curvature_is_j_second(
        xor_net, xor_data):
    ws = np.linspace(-4.0, 4.0, 161)
    for loss in ("squared_error", "cross_entropy"):
        floor = valley(xor_net, xor_data, KEY, ws, loss)
        assert abs(tangent_at(xor_net, xor_data, floor.w, loss).slope) < 1e-10
        h = 1e-3  # an independent oracle: the second difference of J itself
        j = curve(xor_net, xor_data, KEY, [floor.w - h, floor.w, floor.w + h], loss)
        np.testing.assert_allclose(floor.curvature, (j[0] - 2 * j[1] + j[2]) / h ** 2,
                                   rtol=1e-5)
        assert floor.j == j[1] and floor.j <= curve(xor_net, xor_data, KEY, ws, loss).min()
        assert floor.overshoot_rate == 1 / floor.curvature
        assert floor.diverge_rate == 2 / floor.curvature
    # A sigmoid output flattens squared error four times more than cross-entropy there:
    # sigma' <= 1/4 enters J'' squared for squared error and once for cross-entropy.
    squared = valley(xor_net, xor_data, KEY, ws)
    cross = valley(xor_net, xor_data, KEY, ws, "cross_entropy")
    assert 15 < squared.overshoot_rate < 17 and 3.9 < cross.overshoot_rate < 4.1


def test_steps_land_past_the_floor_between_one_and_two_over_the_curvature(
        xor_net, xor_data):
    floor = valley(xor_net, xor_data, KEY, np.linspace(-4.0, 4.0, 161))
    near = xor_net.copy()
    near.connection(*KEY).weight = floor.w + 0.05
    def side(rate):  # +1 above the floor, -1 below, for each point of the path
        path = descent_path(near, xor_data, KEY, rate, 6)
        return np.sign(path.weights[:, 0] - floor.w), np.abs(path.weights[:, 0] - floor.w)
    signs, gaps = side(0.8 * floor.overshoot_rate)
    assert (signs == 1).all() and (np.diff(gaps) < 0).all()  # closes in from one side
    signs, gaps = side(1.5 * floor.overshoot_rate)
    assert (signs[1:] == -signs[:-1]).all() and (np.diff(gaps) < 0).all()  # zig-zags in
    signs, gaps = side(1.2 * floor.diverge_rate)
    assert (signs[1:] == -signs[:-1]).all() and (np.diff(gaps) > 0).all()  # zig-zags out


def test_crossings_count_the_steps_that_land_past_the_floor():
    path = DescentPath([KEY], np.array([[1.0], [-0.5], [0.2], [0.1], [-0.1], [-0.2]]),
                       np.zeros(6), np.zeros((6, 1)), 1.0)
    assert path.crossings(0.0) == 3  # 1 -> -0.5, -0.5 -> 0.2, 0.1 -> -0.1
    assert path.crossings(2.0) == 0 and path.crossings(-0.15) == 3  # and -0.1 -> -0.2


def test_no_valley_when_the_lowest_point_is_at_an_end(xor_net, xor_data):
    assert valley(xor_net, xor_data, KEY, np.linspace(2.0, 4.0, 21)) is None  # J rises
    assert valley(xor_net, xor_data, ("x1", "h1"), np.linspace(-5.0, 5.0, 101)) is None


def tangent_at(net, data, w, loss):
    moved = net.copy()
    moved.connection(*KEY).weight = w
    return tangent(moved, data, KEY, loss)


def test_within_shared_the_network_is_compiled_once_and_every_number_is_the_same(monkeypatch):
    from netsim import paths
    from netsim.engine import compiled as compiled_module
    from netsim.io import load
    nf = load(paths.example("xor-worked-example"))
    net, data = nf.network, nf.dataset
    key = net.connections[0].key
    ws = np.linspace(-2.0, 2.0, 41)

    def everything():
        path = landscape.descent_path(net, data, key, 0.5, 10)
        t = landscape.tangent(net, data, key)
        js = landscape.curve(net, data, key, ws)
        return path, t, js, landscape.valley(net, data, key, ws, js=js)

    alone = everything()
    builds = []
    real = compiled_module.Compiled._build
    monkeypatch.setattr(compiled_module.Compiled, "_build",
                        lambda self: (builds.append(1), real(self))[1])
    with landscape.shared(net, data):
        together = everything()
    assert len(builds) == 1
    np.testing.assert_array_equal(together[0].weights, alone[0].weights)
    np.testing.assert_array_equal(together[0].errors, alone[0].errors)
    assert (together[1].w0, together[1].j0, together[1].slope) == \
        (alone[1].w0, alone[1].j0, alone[1].slope)
    np.testing.assert_array_equal(together[2], alone[2])
    assert together[3] == alone[3]

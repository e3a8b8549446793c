"""Back-propagated gradients against central finite differences (the independent oracle)."""
import numpy as np
import pytest

from big_networks import layered
from builders import random_dag, random_data
from netsim import paths
from netsim.engine.gradcheck import Cancelled, gradient_check
from netsim.io import fileformat

# Sigmoids saturated by weights of ±20: J ≈ 1e-9 and the gradients are 1e-13 to 1e-15, below
# the rounding of J itself divided by 2h, so only the absolute agreement means something.
SATURATED = {"xor-from-or-nand-and"}
# A cross-entropy J of about 0.7 (parity) to 2.3 (digits, 1,438 rows) rounds at about
# 2.2e-16 * J, so the central difference (J+ - J-) / 2h with h = 1e-6 is good only to about
# 5e-10 (measured: 4e-10 and 3e-11); gradients of 1e-6 then agree to some 1e-4 relative.
ROUNDED = {"digits-softmax", "parity-4bit"}
# The perceptrons (weights 0) and what the central difference with h = 1e-6 finds there:
# AND's bias at +h makes 3 rows wrong (J = 0.375), at −h 1 row (J = 0.125); NOT's weight
# from x1 at +h leaves row x1 = 1 wrong (sign(h) = +1, J = ½·2²/2 = 1), at −h right (J = 0),
# while its bias at ±h makes one of the two rows wrong either way (J = 1 both times); in
# XOR the same number of rows is wrong either way for every weight.
PERCEPTRONS = {"and-perceptron": [0.0, 0.0, 0.25 / 2e-6], "not-perceptron": [1.0 / 2e-6, 0.0],
               "xor-perceptron": [0.0, 0.0, 0.0]}
# Big examples: a sample of their connections (all 2,410 of digits take 40 s).
SAMPLED = {"digits-softmax": 100}


@pytest.mark.parametrize("path", paths.examples(), ids=lambda p: p.stem)
def test_examples_agree_with_finite_differences(path):
    nf = fileformat.load(path)
    most = SAMPLED.get(path.stem)
    check = gradient_check(nf.network, nf.dataset, nf.training.loss, most=most)
    keys = [c.key for c in nf.network.connections]
    assert check.keys == keys if most is None else set(check.keys) <= set(keys)
    atol = 1e-9 if path.stem in ROUNDED else 1e-14
    if path.stem in PERCEPTRONS:  # step' = sign' = 0: no gradient ...
        assert np.all(check.analytic == 0)
        # ... but every weight is 0, so every net input sits on the jump: where a weight
        # of ±h moves rows across it, J jumps and the central difference is jump / 2h
        np.testing.assert_array_equal(check.numeric, PERCEPTRONS[path.stem])
        return
    np.testing.assert_allclose(check.numeric, check.analytic, rtol=1e-6, atol=atol)
    if path.stem not in SATURATED | ROUNDED:
        assert check.max_relative <= 1e-6, check


def test_worst_connection_is_reported():
    nf = fileformat.load(paths.example("two-two-two"))
    check = gradient_check(nf.network, nf.dataset)
    assert check.relative[check.worst] == check.max_relative
    assert check.worst_key == nf.network.connections[check.worst].key
    assert "max relative error" in repr(check)


@pytest.mark.parametrize("loss", ["squared_error", "cross_entropy"])
def test_random_smooth_dags(loss):
    rng = np.random.default_rng(5)
    for _ in range(5):
        net, ins, outs = random_dag(rng, ["sigmoid", "tanh", "identity"], "sigmoid")
        data = random_data(rng, ins, outs, unit=True)
        check = gradient_check(net, data, loss)
        np.testing.assert_allclose(check.numeric, check.analytic, rtol=1e-6, atol=1e-12)


def test_weights_are_left_as_they_were(xor_net, xor_data):
    before = xor_net.weights()
    gradient_check(xor_net, xor_data)
    assert xor_net.weights() == before


def big_layered():
    """Fully connected 12-10-3 with a bias neuron per layer: 13 × 10 + 11 × 3 = 163
    connections."""
    nf = layered([12, 10, 3], rows=9, seed=3)
    return nf.network, nf.dataset


def test_a_sample_is_the_steepest_half_and_the_rest_at_random():
    net, data = big_layered()
    full = gradient_check(net, data)
    part = gradient_check(net, data, most=40)
    assert full.total == len(full.keys) == 163 and not full.sampled
    assert part.total == 163 and len(part.keys) == 40 and part.sampled
    index = {k: i for i, k in enumerate(full.keys)}
    chosen = [index[k] for k in part.keys]
    assert chosen == sorted(chosen)  # in the network's order
    steepest = set(np.argsort(-np.abs(full.analytic), kind="stable")[:20].tolist())
    assert steepest <= set(chosen)
    np.testing.assert_array_equal(part.analytic, full.analytic[chosen])
    np.testing.assert_allclose(part.numeric, full.numeric[chosen], rtol=0, atol=1e-12)
    assert gradient_check(net, data, most=40).keys == part.keys  # the same draw each time


def test_a_check_can_be_cancelled_and_says_how_far_it_got():
    net, data = big_layered()
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return done < 5

    with pytest.raises(Cancelled):
        gradient_check(net, data, most=40, progress=progress)
    assert seen == [(k, 40) for k in range(6)]

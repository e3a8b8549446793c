"""Weight initialisation from a seed: uniform, normal or Xavier/Glorot.

Frozen (non-trainable) connections keep their weight. For Xavier in a graph that need not
be layered, a connection s -> t uses fan_in = the number of connections into t and
fan_out = the number of connections out of s, which is the layer's fan-in and fan-out
in a fully connected layered network:  w ~ U(-a, a),  a = sqrt(6 / (fan_in + fan_out)).
"""
from __future__ import annotations

import math

import numpy as np

from .network import Network
from .settings import INITS


def initial_weights(network: Network, method: str = "uniform", scale: float = 0.5,
                    rng: np.random.Generator | int | None = 0) -> np.ndarray:
    """New weights in connection order; frozen connections keep their current weight."""
    if method not in INITS:
        raise ValueError(f"unknown initialisation {method!r} (known: {', '.join(INITS)})")
    rng = np.random.default_rng(rng)
    conns = network.connections
    if method == "uniform":
        w = rng.uniform(-scale, scale, len(conns))
    elif method == "normal":
        w = rng.normal(0.0, scale, len(conns))
    else:
        fan_in = {nid: len(network.incoming(nid)) for nid in network.neurons}
        fan_out = {nid: len(network.outgoing(nid)) for nid in network.neurons}
        limit = np.array([math.sqrt(6.0 / (fan_in[c.target] + fan_out[c.source]))
                          for c in conns])
        w = rng.uniform(-1.0, 1.0, len(conns)) * limit
    for i, c in enumerate(conns):
        if not c.trainable:
            w[i] = c.weight
    return w


def randomize(network: Network, method: str = "uniform", scale: float = 0.5,
              seed: int = 0) -> None:
    """Give every trainable connection a new random weight."""
    network.set_weights(initial_weights(network, method, scale, seed))

"""The levels the forward pass computes in, and whether a network is layered (seed 002).

The forward pass (Compiled, the step-through) computes a network level by level:

    level 0    the inputs (and the bias neurons, which always output 1)
    level l    each hidden or output neuron at 1 + the highest level among its sources,
               and at least 1: one without incoming connections computes f(0) with the
               first level, so what it feeds comes at level 2 or later

Seed 002 calls a network *layered* when its neurons divide into an ordered list of
subsets with every edge going from one subset to the next. Here the subsets are those
levels, and a bias neuron stands in whichever layer comes just before what it feeds (its
1 is added to each level it feeds, as a per-level bias b in X @ W + b): the network is
layered when every connection from a neuron other than a bias goes from level l to
level l + 1. A connection that jumps further, like seed 002's 1 → 3 beside 1 → 2 → 3,
skips a level.
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter

import numpy as np

from .network import Network
from .text import connection_name


def level_numbers(src: np.ndarray, tgt: np.ndarray, computes: np.ndarray) -> np.ndarray:
    """The level of each neuron (by index) from the connections' source and target
    indices: sources 0, a computing neuron 1 + the highest level among its sources and at
    least 1. Worked out with array operations, raised level by level until nothing moves
    (as many rounds as the network is deep): a 100,000-connection network in a blink."""
    level = computes.astype(np.intp)
    while True:
        highest = np.zeros(len(computes), np.intp)
        np.maximum.at(highest, tgt, level[src])
        raised = np.where(computes, 1 + highest, 0)
        if np.array_equal(raised, level):
            return level
        level = raised


@dataclass
class Levels:
    """A network's levels: `members[l]` the neurons of level l in network order (bias
    neurons in none), `level` each neuron's level (bias neurons 0), and `skips` the
    indices (in connection order) of the connections from a non-bias neuron that do not
    go to the next level."""
    members: list[list[str]]
    level: dict[str, int]
    skips: np.ndarray
    network: Network
    # by neuron index (network order): each connection's source and target, each
    # neuron's level and whether it is a bias neuron
    src: np.ndarray
    tgt: np.ndarray
    levels: np.ndarray
    bias: np.ndarray

    def __repr__(self) -> str:
        sizes = "-".join(str(len(m)) for m in self.members)
        return f"Levels({sizes}, {'layered' if self.layered else 'not layered'})"

    @property
    def layered(self) -> bool:
        return self.skips.size == 0

    def first_skip(self) -> str | None:
        """The first connection that skips a level, as a person reads it ('h1 → y')."""
        if self.layered:
            return None
        return connection_name(self.network, self.network.connections[int(self.skips[0])].key)

    def verdict(self) -> str:
        """'layered' or 'not layered: h1 → y skips a level', in seed 002's words."""
        if self.layered:
            return "layered"
        more = self.skips.size - 1
        also = f" (and {more:,} more)" if more else ""
        return f"not layered: {self.first_skip()} skips a level{also}"


def levels_of(network: Network) -> Levels:
    """The levels of the forward pass (see the module's docstring)."""
    ids = list(network.neurons)
    at = {nid: i for i, nid in enumerate(ids)}
    conns = network.connections
    n = len(conns)
    src = np.fromiter(map(at.__getitem__, map(attrgetter("source"), conns)), np.intp, n)
    tgt = np.fromiter(map(at.__getitem__, map(attrgetter("target"), conns)), np.intp, n)
    neurons = list(network.neurons.values())
    computes = np.fromiter((nr.computes for nr in neurons), bool, len(ids))
    bias = np.fromiter((nr.role == "bias" for nr in neurons), bool, len(ids))
    level = level_numbers(src, tgt, computes)
    skips = np.flatnonzero(~bias[src] & (level[tgt] != level[src] + 1))
    top = int(level.max(initial=0))
    members: list[list[str]] = [[] for _ in range(top + 1)]
    for nid, lv, is_bias in zip(ids, level.tolist(), bias.tolist()):
        if not is_bias:
            members[lv].append(nid)
    return Levels(members, dict(zip(ids, level.tolist())), skips, network, src, tgt, level, bias)

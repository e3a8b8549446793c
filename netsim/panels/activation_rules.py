"""What an activation change does to a network, as the editors see it (no Qt).

The engine refuses what it cannot compute (softmax on a hidden neuron, on an output that
feeds another neuron, an activation on an input); `refusal` asks it, on a copy, and gives
its sentence. One rule is the editors' own: all softmax outputs form one group and
o_k = e^net_k / Σ_j e^net_j, so a group of one output is always 1, whatever it is fed.
Hence `plan`: choosing softmax for one output chooses it for every output that can take
it (the output layer), and taking an output out of a group of two takes the other out too;
the change is one undo step, and `plan` says in a sentence what else it changed.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass

from ..engine.activations import GROUP_ACTIVATIONS
from ..engine.network import Network, NetworkError
from .edits import names

LONE = ("{name} would be a softmax group of one output, which is always 1 "
        "(o = e^net / e^net): softmax needs two or more outputs")


@dataclass(frozen=True)
class Plan:
    ids: list[str]  # the neurons whose activation changes, in network order
    note: str = ""  # what else changed than what was asked, and why ("" for nothing)


def _trial(network: Network, ids: list[str]) -> Network:
    """A copy of the neurons and of the connections out of `ids`: all an activation
    depends on (quick to make in a network of a hundred thousand connections)."""
    return Network({nid: copy.copy(n) for nid, n in network.neurons.items()},
                   [copy.copy(c) for nid in dict.fromkeys(ids) for c in network.outgoing(nid)])


def group(network: Network) -> list[str]:
    """The softmax group: every output whose activation is softmax, in network order."""
    return [nid for nid, n in network.neurons.items() if n.activation in GROUP_ACTIVATIONS]


def plan(network: Network, ids: list[str], name: str) -> Plan:
    """The neurons to give activation `name` when it is chosen for `ids` (computing
    neurons whose activation differs; see the module's rule)."""
    neurons = network.neurons
    asked = [nid for nid in ids if neurons[nid].computes and neurons[nid].activation != name]
    chosen = set(asked)
    if name in GROUP_ACTIVATIONS and asked:
        chosen |= {nid for nid, n in neurons.items()
                   if n.role == "output" and n.activation != name and not network.outgoing(nid)}
    elif asked:
        rest = [nid for nid in group(network) if nid not in chosen]
        if len(rest) == 1 and len(rest) < len(group(network)):
            chosen |= set(rest)
    changed = [nid for nid in neurons if nid in chosen]
    extra = [neurons[nid].name for nid in changed if nid not in asked]
    if not extra:
        return Plan(changed)
    if name in GROUP_ACTIVATIONS:
        note = (f"also {names(extra)}: the outputs form one {name} group "
                f"(a group of one output is always 1)")
    else:
        note = (f"also {names(extra)}, which alone would be a softmax group of one output "
                f"(always 1)")
    return Plan(changed, note)


def refusal(network: Network, ids: list[str], name: str) -> str | None:
    """Why `name` may not be chosen for the neurons `ids`, or None: the engine's reason
    (asked on a copy), or that the softmax group would have one output."""
    neurons = network.neurons
    for nid in ids:
        if not neurons[nid].computes:
            n = neurons[nid]
            article = "an" if n.role == "input" else "a"
            return f"{n.name} is {article} {n.role} neuron and has no activation"
    if name not in GROUP_ACTIVATIONS:
        return None  # the engine refuses the others only on input and bias neurons
    changed = plan(network, ids, name).ids
    trial = _trial(network, changed)
    try:
        for nid in changed:
            trial.set_activation(nid, name)
    except NetworkError as e:
        return str(e)
    if len(group(trial)) == 1:
        return LONE.format(name=neurons[group(trial)[0]].name)
    return None

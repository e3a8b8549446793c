import numpy as np
from netsim.engine import ACTIVATIONS, Dataset, Network
from netsim.engine.activations import GROUP_ACTIVATIONS

# Activations of one neuron each (softmax is a whole output group's)
ELEMENTWISE = [name for name in ACTIVATIONS if name not in GROUP_ACTIVATIONS]

SEED000_WEIGHTS = [  # seed 000's worked example: (source, target, weight)
    ("x1", "h1", 0.25), ("x2", "h1", 0.20), ("b", "h1", 1.0),
    ("x1", "h2", 0.15), ("x2", "h2", 0.10), ("b", "h2", 1.0),
    ("h1", "y", 0.30), ("h2", "y", 0.40), ("b", "y", 1.0),
]


def seed000_network() -> Network:
    net = Network()
    for nid in ("x1", "x2"):
        net.add_neuron(nid, "input")
    net.add_neuron("b", "bias")
    for nid in ("h1", "h2"):
        net.add_neuron(nid, "hidden", "sigmoid")
    net.add_neuron("y", "output", "sigmoid")
    for s, t, w in SEED000_WEIGHTS:
        net.connect(s, t, w)
    return net


XOR_ROWS = [[1, 0, 1], [0, 0, 0], [0, 1, 1], [1, 1, 0]]



def random_dag(rng: np.random.Generator, activations=None, output_activation=None,
               n_in=3, n_hidden=5, n_out=2, p=0.6):
    """A random feed-forward DAG: not layered, skip connections, two bias neurons, partial
    connectivity, a random activation per neuron."""
    acts = list(activations or ELEMENTWISE)
    net = Network()
    ins = [net.add_neuron(f"x{i}", "input").id for i in range(n_in)]
    biases = [net.add_neuron(f"b{i}", "bias").id for i in range(2)]
    hidden = [net.add_neuron(f"h{i}", "hidden", str(rng.choice(acts))).id for i in range(n_hidden)]
    outs = [net.add_neuron(f"o{i}", "output", output_activation or str(rng.choice(acts))).id
            for i in range(n_out)]
    order = ins + biases + hidden + outs
    for j, t in enumerate(order):
        if t in ins or t in biases:
            continue
        for s in order[:j]:
            if rng.random() < p and net.refusal(s, t) is None:  # (a softmax output feeds none)
                net.connect(s, t, float(rng.normal(0, 0.8)))
        if not net.incoming(t):
            net.connect(ins[0], t, float(rng.normal(0, 0.8)))
    return net, ins, outs


def random_data(rng, ins, outs, rows=7, unit=False):
    x = rng.normal(0, 1, (rows, len(ins)))
    y = rng.random((rows, len(outs))) if unit else rng.normal(0, 1, (rows, len(outs)))
    return Dataset(ins, outs, np.hstack([x, y]))


def linear_network(weight: float = 0.1) -> Network:
    """y = w·x: one input, one identity output, one weight."""
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("y", "output", "identity")
    net.connect("x", "y", weight)
    return net


def two_level_softmax() -> Network:
    """x into a tanh h and a softmax o1 (level 1); h into a softmax o2 (level 2): one
    softmax group whose members sit at two levels."""
    net = Network()
    net.add_neuron("x", "input")
    net.add_neuron("h", "hidden", "tanh")
    net.add_neuron("o1", "output", "softmax")
    net.add_neuron("o2", "output", "softmax")
    net.connect("x", "h", 0.7)
    net.connect("x", "o1", 0.3)
    net.connect("h", "o2", -1.1)
    return net

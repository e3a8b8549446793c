"""The perceptron rule (seed 000): training mode "perceptron".

A perceptron predicts o = f(wᵀx) with f = sign (±1) or step (0/1), and learns one row at a
time, in row order (shuffled when settings.shuffle):

    w <- w + α (y − o) x        for every trainable weight into an output neuron

where x is the value the weight carries: the row's (scaled) input, or 1 for a bias
neuron (seed 000's x_i0 = 1, whose weight w_0 is the bias). A row the perceptron gets
right (o = y) changes nothing; a wrong one moves each weight by ±α·x (step outputs) or
±2α·x (sign outputs). When a plane separates the classes, the rule stops changing the
weights after finitely many epochs (the perceptron convergence theorem: AND, OR, NOT);
when none does (XOR), it never stops.

Backpropagation cannot train these neurons: sign' = step' = 0, so every ∂J/∂w is 0 (the
rule is the delta rule with f' taken as 1). The rule needs one layer of such neurons fed
by the inputs (and bias neurons): with a hidden layer there is no y for the hidden
neurons. The epoch error is J as in every mode (the mean over the rows of ½ Σ (y − o)²),
so with step outputs it is ½ · (misclassified rows) / rows for one output, and with sign
outputs 2 · (misclassified rows) / rows: zero exactly when every row is right.
"""
from __future__ import annotations

import numpy as np

from .activations import FLAT_ACTIVATIONS
from .compiled import Compiled
from .network import Network
from .settings import TrainingSettings

NEEDS = "perceptron training needs sign or step output neurons fed by inputs only"
# What the step-size explorer and restarts side by side (clones.Clones) answer
SIDE_BY_SIDE = ("the perceptron rule trains one network at a time, so its learning rates or "
                "restarts cannot be trained side by side; compare them in mode sgd, "
                "minibatch or batch")


def problem(network: Network, settings: TrainingSettings) -> str | None:
    """Why the perceptron rule cannot train this network with these settings (one
    line), or None."""
    for n in network.neurons.values():
        if not n.computes:
            continue
        if n.role != "output":
            return f"{NEEDS}, but {n.name} is a hidden neuron"
        if n.activation not in FLAT_ACTIVATIONS:
            return f"{NEEDS}, but {n.name} uses {n.activation}"
    for c in network.connections:
        if network.neurons[c.source].computes:
            return (f"{NEEDS}, but {network.neurons[c.source].name} feeds "
                    f"{network.neurons[c.target].name}")
    if settings.momentum:
        return "perceptron training has no momentum: set momentum to 0"
    if settings.regularised:
        return "perceptron training has no L1/L2 penalty: set l1 and l2 to 0"
    if settings.restarts > 1:
        return ("perceptron training runs once, from the network's weights: set restarts "
                "to 1")
    return None


class Rule:
    """The rule for one network: per connection, the column of its source among the row's
    inputs (then 1 for a bias neuron, 0 for an input without a dataset column) and of its
    target among the dataset's targets (an output that is not one has no error: 0)."""

    def __init__(self, compiled: Compiled):
        network = compiled.network
        inputs = {nid: k for k, nid in enumerate(compiled.inputs)}
        targets = {nid: k for k, nid in enumerate(compiled.targets)}
        one, zero, none = len(inputs), len(inputs) + 1, len(targets)
        self.compiled = compiled
        self.source = np.array([one if network.neurons[c.source].role == "bias"
                                else inputs.get(c.source, zero) for c in network.connections],
                               dtype=np.intp)
        self.target = np.array([targets.get(c.target, none) for c in network.connections],
                               dtype=np.intp)
        self.mask = np.array([1.0 if c.trainable else 0.0 for c in network.connections])

    def __repr__(self) -> str:
        return f"Rule({len(self.source)} connections, {int(self.mask.sum())} trainable)"

    def predict(self, x: np.ndarray) -> np.ndarray:
        """o for one row `x`, from the compiled network's weights now."""
        c = self.compiled
        return c.outputs(c.forward(np.asarray(x, dtype=float)[None, :]))[0]

    def steps(self, x: np.ndarray, y: np.ndarray, o: np.ndarray, learning_rate: float
              ) -> np.ndarray:
        """Δw = α (y − o) x of every connection for one row, in connection order (0 for a
        frozen one)."""
        values = np.concatenate([np.asarray(x, dtype=float), [1.0, 0.0]])
        errors = np.concatenate([np.asarray(y, dtype=float) - o, [0.0]])
        return learning_rate * errors[self.target] * values[self.source] * self.mask

    def epoch(self, x: np.ndarray, y: np.ndarray, order, learning_rate: float) -> None:
        """One pass over the rows in `order`, each updating the compiled network's weights
        before the next row is predicted."""
        w = self.compiled.get_weights()
        for r in order:
            dw = self.steps(x[r], y[r], self.predict(x[r]), learning_rate)
            if dw.any():
                w = w + dw
                self.compiled.set_weights(w)


def misclassified(compiled: Compiled, x: np.ndarray, y: np.ndarray) -> int:
    """The rows where some output differs from its target, with the weights now."""
    o = compiled.outputs(compiled.forward(x))
    return int(np.count_nonzero(np.any(o != y, axis=-1)))

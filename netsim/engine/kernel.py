"""Training epochs for small networks, as generated straight-line Python.

On a network of a few dozen connections, one NumPy call costs more than the arithmetic it
does, so a row-by-row update through matrices is dominated by call overhead. Here the
network is written out once as plain Python statements over local float variables
(one statement per neuron, one update per trainable weight) and compiled with `compile`.
It computes exactly what `Compiled` computes (the tests hold them to 1e-10): the forward
pass, dJ/dnet for every neuron from the weights before the update (seed 000), then

    w <- w - alpha * dJ/dnet_target * out_source          (or with momentum:
    v <- mu * v - alpha * dJ/dw,  w <- w + v)

after every row (sgd_epoch), or with the average dJ/dw over each batch (batch_epoch).
"""
from __future__ import annotations

import math

from .network import Network

# z -> statements setting a; and the statements/expression for f'(z) given z and a.
_FORWARD = {
    "identity": ["{a} = {z}"],
    "sigmoid": ["if {z} >= 0.0:", "    {a} = 1.0 / (1.0 + exp(-{z}))",
                "else:", "    _e = exp({z})", "    {a} = _e / (1.0 + _e)"],
    "tanh": ["{a} = tanh({z})"],
    "relu": ["{a} = {z} if {z} > 0.0 else 0.0"],
    "leaky_relu": ["{a} = {z} if {z} > 0.0 else 0.01 * {z}"],
    "softplus": ["{a} = ({z} if {z} > 0.0 else 0.0) + log1p(exp(-abs({z})))"],
    "step": ["{a} = 1.0 if {z} >= 0.0 else 0.0"],
    "sign": ["{a} = 1.0 if {z} >= 0.0 else -1.0"],
}
_DERIVATIVE = {
    "identity": ([], "1.0"),
    "sigmoid": ([], "({a} * (1.0 - {a}))"),
    "tanh": ([], "(1.0 - {a} * {a})"),
    "relu": ([], "(1.0 if {z} > 0.0 else 0.0)"),
    "leaky_relu": ([], "(1.0 if {z} > 0.0 else 0.01)"),
    "softplus": (_FORWARD["sigmoid"], "{a}"),  # softplus' = sigmoid(z), computed into _s
    "step": ([], "0.0"),
    "sign": ([], "0.0"),
}


def _lines(template: list[str], indent: str, **names) -> list[str]:
    return [indent + line.format(**names) for line in template]


class ScalarKernel:
    """Generated per-sample SGD epoch and epoch error for one network layout."""

    def __init__(self, network: Network, inputs: list[str], targets: list[str],
                 loss: str, momentum: bool, penalty=None):
        self.network = network
        self.inputs, self.targets = list(inputs), list(targets)
        self.loss, self.momentum = loss, momentum
        # L1/L2 (trainer.Penalty): its rates are written into the code as constants
        self.penalty = penalty if penalty else None
        order = [n for n in network.topological_order() if network.neurons[n].computes]
        self._order = order
        self._var = {nid: f"a{i}" for i, nid in enumerate(order)}
        for k, nid in enumerate(self.inputs):
            self._var[nid] = f"x{k}"
        self._index = {c.key: i for i, c in enumerate(network.connections)}
        self._reaching = self._reaching_targets()
        namespace: dict = {}
        scope = {"__builtins__": {"abs": abs, "len": len, "zip": zip},
                 "exp": math.exp, "tanh": math.tanh, "log1p": math.log1p}
        exec(compile(self._source(), "<netsim kernel>", "exec"), scope, namespace)
        self.sgd_epoch = namespace["sgd_epoch"]
        self.batch_epoch = namespace["batch_epoch"]
        self.epoch_error = namespace["epoch_error"]

    @staticmethod
    def handles(network: Network) -> bool:
        """Whether the kernel can write this network out: every activation is one of its
        element-wise ones (a softmax group goes through Compiled)."""
        return all(n.activation in _FORWARD for n in network.neurons.values() if n.computes)

    def __repr__(self) -> str:
        return f"ScalarKernel({len(self._order)} computing neurons, loss={self.loss})"

    def _reaching_targets(self) -> set[str]:
        """Computing neurons with a path to a dataset target: only they get a dJ/dnet."""
        reach = set(self.targets)
        for nid in reversed(self._order):
            if any(c.target in reach for c in self.network.outgoing(nid)):
                reach.add(nid)
        return reach

    def _source_term(self, c) -> str | None:
        """The value a connection carries: 'w3 * a1', just 'w3' from a bias, None if 0."""
        role = self.network.neurons[c.source].role
        w = f"w{self._index[c.key]}"
        if role == "bias":
            return w
        if c.source not in self._var:  # an input without a dataset column is 0
            return None
        return f"{w} * {self._var[c.source]}"

    def _forward(self, indent: str) -> list[str]:
        out = []
        for i, nid in enumerate(self._order):
            terms = [t for c in self.network.incoming(nid) if (t := self._source_term(c))]
            out.append(f"{indent}z{i} = {' + '.join(terms) if terms else '0.0'}")
            act = self.network.neurons[nid].activation
            out += _lines(_FORWARD[act], indent, z=f"z{i}", a=f"a{i}")
        return out

    def _unpack(self, x: str, y: str, indent: str) -> list[str]:
        out = []
        if self.inputs:
            out.append(f"{indent}{', '.join(f'x{k}' for k in range(len(self.inputs)))}, = {x}")
        out.append(f"{indent}{', '.join(f'y{k}' for k in range(len(self.targets)))}, = {y}")
        return out

    def _weights(self) -> list[str]:
        n = len(self.network.connections)
        names = ", ".join(f"w{k}" for k in range(n))
        return [f"    {names}, = w"] if n else []

    def _source(self) -> str:
        n = len(self.network.connections)
        names = ", ".join(f"w{k}" for k in range(n))
        velocity = ", ".join(f"v{k}" for k in range(n))
        store = [f"    w[:] = [{names}]"] if n else []
        if n and self.momentum:
            store.append(f"    v[:] = [{velocity}]")
        load = self._weights() + ([f"    {velocity}, = v"] if n and self.momentum else [])
        row = ["    for r in order:"] + self._unpack("X[r]", "Y[r]", "        ")
        row += self._forward("        ") + self._backward("        ")
        # sgd: update after every row
        lines = ["def sgd_epoch(X, Y, order, w, v, lr, mu):"] + load + row
        lines += [f"        {u}" for u in self._updates("lr")] + store
        # minibatch: sum the gradient over `batch` rows, then step by its average
        grads = self._gradients()
        lines += ["", "def batch_epoch(X, Y, order, w, v, lr, mu, batch):"] + load
        lines += [f"    {' = '.join(f's{k}' for k in grads)} = 0.0" if grads else "    pass",
                  "    count = 0"] + row
        lines += [f"        s{k} += {g}" for k, g in grads.items()]
        lines += ["        count += 1", "        if count == batch:", "            step = lr / count"]
        lines += [f"            {u}" for u in self._updates("step", grads)]
        lines += [f"            {' = '.join(f's{k}' for k in grads)} = 0.0" if grads else "            pass",
                  "            count = 0", "    if count:", "        step = lr / count"]
        lines += [f"        {u}" for u in self._updates("step", grads)] + store
        lines += ["", "def epoch_error(X, Y, w):"] + self._weights()
        lines += ["    total = 0.0", "    for x, y in zip(X, Y):"]
        lines += self._unpack("x", "y", "        ")
        lines += self._forward("        ")
        for k, t in enumerate(self.targets):
            i = self._order.index(t)
            if self.loss == "cross_entropy":
                # J = softplus(z) - y z  (= -[y ln o + (1-y) ln(1-o)] with o = sigmoid(z))
                lines.append(f"        total += ({_sp(f'z{i}')}) - y{k} * z{i}")
            else:
                lines.append(f"        total += 0.5 * (y{k} - a{i}) ** 2")
        lines.append("    return total / len(X)")
        return "\n".join(lines) + "\n"

    def _backward(self, indent: str) -> list[str]:
        """g_i = dJ/dnet_i, in reverse topological order, from the old weights."""
        out = []
        target_col = {t: k for k, t in enumerate(self.targets)}
        for i in range(len(self._order) - 1, -1, -1):
            nid = self._order[i]
            if nid not in self._reaching:
                continue
            act = self.network.neurons[nid].activation
            pre, der = _DERIVATIVE[act]
            names = {"z": f"z{i}", "a": f"a{i}" if not pre else "_s"}
            out += _lines(pre, indent, z=f"z{i}", a="_s")
            der = der.format(**names)
            down = [f"w{self._index[c.key]} * g{self._order.index(c.target)}"
                    for c in self.network.outgoing(nid) if c.target in self._reaching]
            if nid in target_col:
                err = f"(a{i} - y{target_col[nid]})"
                if self.loss == "cross_entropy":
                    # dJ/dnet = o - y for sigmoid outputs; successors still use f'.
                    rest = f" + ({' + '.join(down)}) * {der}" if down else ""
                    out.append(f"{indent}g{i} = {err}{rest}")
                    continue
                down.insert(0, err)
            out.append(f"{indent}g{i} = ({' + '.join(down)}) * {der}")
        return out

    def _gradients(self) -> dict[int, str]:
        """dJ/dw of every weight that learns, as an expression: 'g2 * a0', or 'g2' from a bias."""
        grads = {}
        for k, c in enumerate(self.network.connections):
            term = self._source_term(c)
            if not c.trainable or c.target not in self._reaching or term is None:
                continue
            g = f"g{self._order.index(c.target)}"
            grads[k] = g if term == f"w{k}" else f"{g} * {term.split(' * ', 1)[1]}"
        return grads

    def _penalty(self, k: int) -> str:
        """' + lr * (l2 * wk + l1 * sign(wk))' for a weight the penalty applies to, else ''."""
        pen = self.penalty
        if pen is None or (pen.decay is not None and not pen.decay[k]):
            return ""
        terms = []
        if pen.l2:
            terms.append(f"{pen.l2!r} * w{k}")
        if pen.l1:
            terms.append(f"{pen.l1!r} * ((w{k} > 0.0) - (w{k} < 0.0))")
        return f" + lr * ({' + '.join(terms)})"

    def _updates(self, rate: str, sums: dict[int, str] | None = None) -> list[str]:
        """w <- w - rate * dJ/dw (or with momentum); from the summed s_k when `sums`;
        plus lr times the L1/L2 term of the weights before the update."""
        out = []
        for k, grad in self._gradients().items():
            step = f"{rate} * s{k}" if sums is not None else f"{rate} * {grad}"
            penalty = self._penalty(k)
            if penalty:
                step = f"({step}{penalty})"
            if self.momentum:
                out += [f"v{k} = mu * v{k} - {step}", f"w{k} += v{k}"]
            else:
                out.append(f"w{k} -= {step}")
        return out

    def source(self) -> str:
        """The generated code, for reading and debugging."""
        return self._source()


def _sp(z: str) -> str:
    """softplus(z) = max(z, 0) + log(1 + e^-|z|) as an expression."""
    return f"({z} if {z} > 0.0 else 0.0) + log1p(exp(-abs({z})))"

"""A hand-made softmax network for the dock tests, and its numbers worked out
independently with math.exp: x1, x2 and a bias straight into three softmax outputs
a, c, d, one row x = (0.5, −1) whose class is c."""
import math

from netsim.engine import Dataset, Network

X = {"x1": 0.5, "x2": -1.0, "b": 1.0}
Y = {"a": 0.0, "c": 1.0, "d": 0.0}
WEIGHTS = {  # target: weights from x1, x2, b
    "a": (0.8, -0.4, 0.1),
    "c": (-0.3, 0.6, 0.2),
    "d": (0.5, 0.25, -0.5),
}
OUTPUTS = tuple(WEIGHTS)


def network() -> Network:
    net = Network()
    for nid in ("x1", "x2"):
        net.add_neuron(nid, "input")
    net.add_neuron("b", "bias")
    for nid in OUTPUTS:
        net.add_neuron(nid, "output", "softmax")
    for t, ws in WEIGHTS.items():
        for s, w in zip(("x1", "x2", "b"), ws):
            net.connect(s, t, w)
    return net


def dataset() -> Dataset:
    return Dataset(["x1", "x2"], list(OUTPUTS), [[X["x1"], X["x2"], *Y.values()]])


class Expected:
    """The row's numbers by hand: nets, e^net, their sum, outputs, J and δ of each loss."""

    def __init__(self, loss: str):
        self.net = {t: sum(w * X[s] for s, w in zip(("x1", "x2", "b"), ws))
                    for t, ws in WEIGHTS.items()}
        self.e = {t: math.exp(z) for t, z in self.net.items()}
        self.total = sum(self.e.values())
        self.o = {t: self.e[t] / self.total for t in OUTPUTS}
        if loss == "cross_entropy":
            self.shares = {t: -Y[t] * math.log(self.o[t]) for t in OUTPUTS}
            self.delta = {t: Y[t] - self.o[t] for t in OUTPUTS}
        else:
            self.shares = {t: 0.5 * (Y[t] - self.o[t]) ** 2 for t in OUTPUTS}
            self.jacobian_sum = sum((self.o[t] - Y[t]) * self.o[t] for t in OUTPUTS)
            self.delta = {t: -self.o[t] * ((self.o[t] - Y[t]) - self.jacobian_sum)
                          for t in OUTPUTS}
        self.error = sum(self.shares.values())

    def gradient(self, source: str, target: str) -> float:
        """dJ/dw = −δ_target · x_source."""
        return -self.delta[target] * X[source]

    def weight(self, source: str, target: str) -> float:
        return WEIGHTS[target][("x1", "x2", "b").index(source)]

    def step(self, source: str, target: str, alpha: float, l1=0.0, l2=0.0) -> float:
        """Δw = −α·(∂J/∂w + λ₂·w + λ₁·sign w) of SGD."""
        w = self.weight(source, target)
        sign = (w > 0) - (w < 0)
        return -alpha * (self.gradient(source, target) + l2 * w + l1 * sign)

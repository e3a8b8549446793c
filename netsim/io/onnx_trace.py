"""Tracing a feed-forward ONNX graph symbolically, into neurons and connections.

Each tensor is a list of columns (the batch is the first axis, never touched). A column is

    ("n", i)         neuron i's output
    ("p", block, k)  a pending linear combination: column k of a Block, Σ_s W[s,k]·neuron_s + b[k]
    ("a", act, k)    column k of an activation over a Block, made a neuron when first used

MatMul/Gemm make pending combinations of neurons, Add/Sub/Div/Mul by constants change
them, Gather/Concat pick and join columns, and an activation turns combinations into
neurons (each unit a neuron, its bias kept with it). A Block also keeps which of its
weights are connections (`mask`: every entry of a weight matrix is one, zero or not) and
which of its columns have a bias term. netsim's own export writes a few activations as
small sub-graphs (step, and leaky relu and softplus in float64); they are recognised.

Qt-free, NumPy only: `Tracer` sees node kinds, attributes and constants, never onnx.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from netsim.engine.activations import LEAKY_SLOPE

ELEMENTWISE = {"Sigmoid": "sigmoid", "Tanh": "tanh", "Relu": "relu", "Softplus": "softplus"}
MAX_CONNECTIONS = 2_000_000  # more would not fit in memory as Python objects


class Refused(ValueError):
    """A graph netsim cannot import; the message (one line) names the node."""


@dataclass(eq=False)
class Block:
    """Pending combinations: column k = Σ_s weights[s, k]·neuron sources[s] + bias[k]."""
    sources: np.ndarray  # neuron indices
    weights: np.ndarray  # (sources, columns)
    mask: np.ndarray  # bool, (sources, columns): which weights are connections
    bias: np.ndarray  # (columns,)
    has_bias: np.ndarray  # bool, (columns,)

    @property
    def width(self) -> int:
        return self.bias.size

    def cols(self, ks) -> "Block":
        ks = np.asarray(ks, dtype=np.intp)
        if ks.size == self.width and (ks == np.arange(self.width)).all():
            return self
        return Block(self.sources, self.weights[:, ks], self.mask[:, ks], self.bias[ks],
                     self.has_bias[ks])


@dataclass(eq=False)
class Act:
    """An activation over a Block; its columns become neurons when first used."""
    name: str
    block: Block
    where: str  # the node, for messages
    of: object = None  # the tensor it was computed from
    neurons: np.ndarray = field(default=None)  # neuron index per column, -1 = not yet

    def __post_init__(self) -> None:
        self.neurons = np.full(self.block.width, -1, dtype=np.intp)


class Tensor(list):
    """A list of columns; `tag` marks the pieces of netsim's composite activations."""
    tag: tuple = ()


def _tensor(columns, tag: tuple = ()) -> Tensor:
    t = Tensor(columns)
    t.tag = tag
    return t


def pending(block: Block) -> Tensor:
    return _tensor(("p", block, k) for k in range(block.width))


def activated(act: Act) -> Tensor:
    return _tensor(("a", act, k) for k in range(act.block.width))


class Tracer:
    """Neurons (`activation`: None for inputs; `bias`) and connections (chunks of source,
    target and weight arrays) made while the nodes are traced."""

    def __init__(self, inputs: int) -> None:
        self.activation: list[str | None] = [None] * inputs
        self.bias: list[float | None] = [None] * inputs  # None: no bias term
        self.chunks: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.count = 0  # connections so far
        self.softmax: Act | None = None
        self.where = ""  # the node being traced

    def refuse(self, problem: str) -> Refused:
        return Refused(f"{self.where}: {problem}")

    # ---- neurons -------------------------------------------------------------------
    def materialise(self, act: Act, ks=None) -> np.ndarray:
        """The neurons of `act`'s columns `ks` (all: None), made now if not yet."""
        ks = np.arange(act.block.width) if ks is None else np.asarray(ks, dtype=np.intp)
        new = np.unique(ks[act.neurons[ks] < 0])
        if new.size:
            if act.name == "softmax":
                if self.softmax is not None and self.softmax is not act:
                    raise Refused(f"{act.where}: a second softmax; netsim computes one "
                                  f"softmax group")
                self.softmax = act
            first = len(self.activation)
            act.neurons[new] = np.arange(first, first + new.size)
            b = act.block
            self.activation.extend([act.name] * new.size)
            self.bias.extend(float(b.bias[k]) if b.has_bias[k] else None for k in new)
            cols, rows = np.nonzero(b.mask[:, new].T)  # target by target
            self.count += cols.size
            if self.count > MAX_CONNECTIONS:
                raise self.refuse(f"the model has more than {MAX_CONNECTIONS:,} "
                                  f"connections, more than netsim holds")
            self.chunks.append((b.sources[rows], act.neurons[new][cols],
                                b.weights[rows, new[cols]]))
        return act.neurons[ks]

    def neurons(self, t: Tensor) -> np.ndarray:
        """A neuron per column: activations made neurons, pending combinations made
        identity neurons (every unit a neuron)."""
        out = np.empty(len(t), dtype=np.intp)
        acts: dict[int, tuple[Act, list[int]]] = {}
        loose: list[int] = []
        for j, col in enumerate(t):
            if col[0] == "n":
                out[j] = col[1]
            elif col[0] == "a":
                acts.setdefault(id(col[1]), (col[1], []))[1].append(j)
            else:
                loose.append(j)
        for act, js in acts.values():
            if act.name == "softmax":
                raise self.refuse("a softmax output feeds another node; netsim's softmax "
                                  "neurons are outputs that feed nothing")
            out[js] = self.materialise(act, [t[j][2] for j in js])
        if loose:
            act = Act("identity", self.block(_tensor(t[j] for j in loose)), self.where)
            out[loose] = self.materialise(act)
        return out

    def block(self, t: Tensor) -> Block:
        """The columns of `t` as pending combinations (a neuron is 1·itself)."""
        first = t[0] if t else None
        if first is not None and first[0] == "p" and all(
                c[0] == "p" and c[1] is first[1] for c in t):
            return first[1].cols([c[2] for c in t])
        parts = []
        for j, col in enumerate(t):
            if col[0] == "p":
                parts.append(col[1].cols([col[2]]))
            else:
                nid = self.neurons(_tensor([col]))[0]
                parts.append(Block(np.array([nid]), np.ones((1, 1)), np.ones((1, 1), bool),
                                   np.zeros(1), np.zeros(1, bool)))
        return join(parts)

    # ---- operations ------------------------------------------------------------------
    def matmul(self, t: Tensor, w: np.ndarray) -> Tensor:
        if w.ndim != 2 or w.shape[0] != len(t):
            raise self.refuse(f"the weight matrix's shape {list(w.shape)} does not fit "
                              f"{len(t)} columns")
        if self.count + w.size > MAX_CONNECTIONS:
            raise self.refuse(f"the model has more than {MAX_CONNECTIONS:,} connections, "
                              f"more than netsim holds")
        sources = self.neurons(t)
        unique, at = np.unique(sources, return_inverse=True)  # a Block's sources are sorted
        if unique.size == sources.size:
            w = w[np.argsort(sources)]
        else:  # a neuron twice: its rows add up
            summed = np.zeros((unique.size, w.shape[1]))
            np.add.at(summed, at, w)
            w = summed
        return pending(Block(unique, np.array(w, dtype=float), np.ones(w.shape, bool),
                             np.zeros(w.shape[1]), np.zeros(w.shape[1], bool)))

    def affine(self, t: Tensor, add=None, times=None) -> Tensor:
        """(t · times) + add, column by column, for constant rows `times` and `add`."""
        b = self.block(t)
        w, bias, has = b.weights, b.bias, b.has_bias
        if times is not None:
            w, bias = w * times[None, :], bias * times
        if add is not None:
            bias, has = bias + add, np.ones(b.width, bool)
        return pending(Block(b.sources, w, b.mask, bias, has))

    def add(self, a: Tensor, b: Tensor) -> Tensor:
        if len(a) != len(b):
            raise self.refuse(f"adds {len(a)} columns to {len(b)}")
        return pending(join([self.block(a), self.block(b)], add=True))

    def activate(self, name: str, t: Tensor) -> Tensor:
        return activated(Act(name, self.block(t), self.where, t))

    def identity(self, t: Tensor) -> Tensor:
        """Identity passes neurons and activations on; pending combinations become
        identity neurons (netsim exports its identity activation so)."""
        if all(c[0] != "p" for c in t):
            return t
        return self.activate("identity", t)

    def scaled(self, t: Tensor, c: np.ndarray) -> Tensor:
        out = self.affine(t, times=c)
        out.tag = ("scaled", t, c)
        return out

    def maximum(self, a: Tensor, b: Tensor) -> Tensor:
        """Max(z, Mul(z, 0.01)): netsim's float64 leaky relu."""
        if b.tag[:1] == ("scaled",) and b.tag[1] is a and np.all(b.tag[2] == LEAKY_SLOPE):
            return self.activate("leaky_relu", a)
        raise self.refuse("Max is imported only as netsim's leaky relu, Max(z, Mul(z, 0.01))")


def join(parts: list[Block], add: bool = False) -> Block:
    """Blocks side by side (add=False) or summed column by column (add=True, all the same
    width), over the union of their sources."""
    sources = np.unique(np.concatenate([p.sources for p in parts]))
    width = parts[0].width if add else sum(p.width for p in parts)
    w, mask = np.zeros((sources.size, width)), np.zeros((sources.size, width), bool)
    bias, has = np.zeros(width), np.zeros(width, bool)
    at = 0
    for p in parts:
        rows = np.searchsorted(sources, p.sources)
        cols = slice(0, width) if add else slice(at, at + p.width)
        w[rows, cols] += p.weights
        mask[rows, cols] |= p.mask
        bias[cols] += p.bias
        has[cols] |= p.has_bias
        at += 0 if add else p.width
    return Block(sources, w, mask, bias, has)

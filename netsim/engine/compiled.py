"""A network compiled for speed: topological levels with dense weight blocks.

Neurons that compute (hidden, output) are grouped by topological level. The input values
form segment 0 and the outputs of level l form segment l, each a (rows, neurons) array.
A level reads columns of earlier segments, each through a dense weight block, and its bias
neurons (which always output 1) through one row of weights each:

    Z_l = sum_s  S_s[:, cols_s] @ W_{s,l}  +  sum_b w_{b,l}        A_l = f(Z_l)

Missing connections are zeros in a block that a mask keeps at zero, so any DAG works,
layered or not; a layered network is exactly the textbook X @ W1 + b1, H @ W2 + b2.

stack(K) gives every weight block a leading axis of K copies: K networks of the same
shape with their own weights compute side by side in the same matmuls (the step-size
explorer trains one copy per learning rate that way). Every array then has the shape
(K, rows, neurons) instead of (rows, neurons); the inputs X stay (rows, inputs).

The backward pass walks the levels in reverse. With dJ/dnet known for a level,

    dJ/dW_{s,l}        = S_s[:, cols_s]^T @ dJ/dnet_l    (seed 001's chain rule, per weight)
    dJ/do[s][:, cols_s] += dJ/dnet_l @ W_{s,l}^T          (sum over successors, seed 000)

and delta = -dJ/dnet is seed 000's delta.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import activations, losses
from .network import Network

Index = slice | np.ndarray
SMALL = 4096  # multiply-adds of one copy's product up to which _matmul joins the copies
EINSUM = 64  # ... and up to which K stacked products go through einsum


def _as_index(cols: list[int], width: int) -> Index:
    """A slice when the columns are consecutive (a view, no copy), else an index array."""
    if cols == list(range(cols[0], cols[0] + len(cols))):
        return slice(None) if len(cols) == width else slice(cols[0], cols[0] + len(cols))
    return np.asarray(cols, dtype=np.intp)


def _matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b, either of them stacked. matmul calls BLAS once per copy, and for a small
    network's 2x2 block that call costs more than its arithmetic. So the inputs (2-D,
    the same for every copy) times K stacked small blocks are one BLAS call with the
    blocks side by side, (n, K·m) (1,000 XOR copies, 4 rows: 12 us against 29; the
    result is a (K, rows, m) view), and K small products of stacked values go through
    einsum's loops (20 us against 31), or are written out when each is a sum of one or
    two products (12 us)."""
    if a.ndim == 2 and b.ndim == 3 and a.shape[0] * b.shape[1] * b.shape[2] <= SMALL:
        k, n, m = b.shape
        side_by_side = b.transpose(1, 0, 2).reshape(n, k * m)
        return (a @ side_by_side).reshape(a.shape[0], k, m).transpose(1, 0, 2)
    if a.ndim == 3 and b.ndim == 3 and a.shape[-2] * a.shape[-1] * b.shape[-1] <= EINSUM:
        if a.shape[-1] > 2:
            return np.einsum("kij,kjl->kil", a, b)
        z = a[..., 0:1] * b[..., 0:1, :]  # a sum of one or two products: written out
        if a.shape[-1] == 2:
            z += a[..., 1:2] * b[..., 1:2, :]
        return z
    return a @ b


def _full(cols: Index) -> bool:
    return isinstance(cols, slice) and cols == slice(None)


@dataclass
class Piece:
    """The weights from some columns of one segment into one level."""
    segment: int  # 0 = inputs, l = outputs of level l
    cols: Index  # columns of that segment
    weights: np.ndarray  # (n_cols, n_level), or (n_bias, n_level) for the bias piece
    mask: np.ndarray | None  # 1.0 where a trainable connection exists; None = all
    conn: np.ndarray  # network connection indices held here ...
    rows: np.ndarray  # ... at these rows ...
    at: np.ndarray  # ... and columns of `weights`


@dataclass
class Block:
    """One topological level: the neurons it computes and every weight into them."""
    ids: list[str]
    pieces: list[Piece]
    bias: Piece | None  # rows = bias neurons; each contributes its weight (times 1)
    groups: list[tuple[activations.Activation, Index]]  # activation -> columns
    loss_cols: np.ndarray  # columns that are dataset targets ...
    loss_y: np.ndarray  # ... and their columns in Y

    def __post_init__(self) -> None:
        self.all_targets = self.loss_cols.size == len(self.ids)
        self.loss_y_all = False  # set by Compiled: Y's columns are exactly this level's

    @property
    def params(self) -> list[Piece]:
        return self.pieces + ([self.bias] if self.bias is not None else [])


@dataclass
class State:
    """The numbers of one forward pass over a batch of rows."""
    z: list[np.ndarray]  # z[l - 1]: net inputs of level l
    out: list[np.ndarray]  # out[0]: inputs; out[l]: outputs of level l
    dnet: list[np.ndarray] = field(default_factory=list)  # dJ/dnet per level, after backward


class Compiled:
    def __init__(self, network: Network, inputs: list[str] | None = None,
                 targets: list[str] | None = None, loss: str = "squared_error"):
        self.network = network
        self.inputs = list(inputs) if inputs is not None else network.ids("input")
        self.targets = list(targets) if targets is not None else network.ids("output")
        self.loss = losses.get(loss)
        # where each neuron's output lives: (segment, column); bias neurons are not stored
        self.where: dict[str, tuple[int, int]] = {nid: (0, k) for k, nid in enumerate(self.inputs)}
        self.blocks: list[Block] = []
        self.lead: tuple[int, ...] = ()  # (K,) once stack(K) is called
        self._build()

    def __repr__(self) -> str:
        return f"Compiled({len(self.network.neurons)} neurons, {len(self.blocks)} levels)"

    def _build(self) -> None:
        net = self.network
        computes = [n for n in net.topological_order() if net.neurons[n].computes]
        # Level of a computing neuron: 1 + the highest level among its sources, where
        # inputs and bias neurons are level 0. One without incoming connections computes
        # f(0) at level 1, so what it feeds comes at level 2 or later.
        level: dict[str, int] = {}
        for n in computes:
            level[n] = 1 + max((level.get(c.source, 0) for c in net.incoming(n)), default=0)
        top = max(level.values(), default=0)
        by_level = [[n for n in computes if level[n] == lv] for lv in range(1, top + 1)]
        for lv, ids in enumerate(by_level, start=1):
            self.where.update({n: (lv, j) for j, n in enumerate(ids)})
        conn_index = {c.key: i for i, c in enumerate(net.connections)}
        target_pos = {t: k for k, t in enumerate(self.targets)}
        widths = [len(self.inputs)] + [len(ids) for ids in by_level]
        for ids in by_level:
            incoming = [c for n in ids for c in net.incoming(n)]
            by_segment: dict[int, list] = {}
            bias_conns = []
            for c in incoming:
                if net.neurons[c.source].role == "bias":
                    bias_conns.append(c)
                elif c.source in self.where:  # inputs without a dataset column carry 0
                    by_segment.setdefault(self.where[c.source][0], []).append(c)
            col = {n: j for j, n in enumerate(ids)}
            pieces = [self._piece(seg, conns, col, conn_index, widths[seg])
                      for seg, conns in sorted(by_segment.items())]
            bias = self._piece(-1, bias_conns, col, conn_index, 0) if bias_conns else None
            by_act: dict[str, list[int]] = {}
            for j, n in enumerate(ids):
                by_act.setdefault(net.neurons[n].activation, []).append(j)
            loss_cols = [j for j, n in enumerate(ids) if n in target_pos]
            self.blocks.append(Block(
                ids, pieces, bias,
                [(activations.get(a), _as_index(js, len(ids))) for a, js in by_act.items()],
                np.asarray(loss_cols, dtype=np.intp),
                np.asarray([target_pos[ids[j]] for j in loss_cols], dtype=np.intp)))
            last = self.blocks[-1]
            last.loss_y_all = list(last.loss_y) == list(range(len(self.targets)))

    def _piece(self, segment: int, conns, col, conn_index, width: int) -> Piece:
        if segment < 0:  # bias neurons: one row each
            sources = list(dict.fromkeys(c.source for c in conns))
            row_of = {s: r for r, s in enumerate(sources)}
            cols: Index = slice(None)
        else:
            used = sorted({self.where[c.source][1] for c in conns})
            row_of = {}
            for r, u in enumerate(used):
                row_of[u] = r
            cols = _as_index(used, width)
        n_rows = len(row_of)
        weights = np.zeros((n_rows, len(col)))
        mask = np.zeros_like(weights)
        rows, at = [], []
        for c in conns:
            r = row_of[c.source] if segment < 0 else row_of[self.where[c.source][1]]
            weights[r, col[c.target]] = c.weight
            mask[r, col[c.target]] = 1.0 if c.trainable else 0.0
            rows.append(r)
            at.append(col[c.target])
        return Piece(segment, cols, weights, None if mask.all() else mask,
                     np.asarray([conn_index[c.key] for c in conns], dtype=np.intp),
                     np.asarray(rows, dtype=np.intp), np.asarray(at, dtype=np.intp))

    # ---- weights -------------------------------------------------------------------
    def params(self) -> list[Piece]:
        return [p for b in self.blocks for p in b.params]

    def get_weights(self) -> np.ndarray:
        """All weights, in the network's connection order (as the network has them for
        connections that carry nothing: from an input without a dataset column); stacked,
        one such row per copy."""
        w = np.array([c.weight for c in self.network.connections], dtype=float)
        w = np.tile(w, self.lead + (1,))
        for p in self.params():
            w[..., p.conn] = p.weights[..., p.rows, p.at]
        return w

    def set_weights(self, w) -> None:
        """Weights in connection order; stacked, a (K, connections) array."""
        w = np.asarray(w, dtype=float)
        for p in self.params():
            p.weights[..., p.rows, p.at] = w[..., p.conn]

    def stack(self, copies: int) -> None:
        """Hold `copies` sets of weights, each starting as the current ones."""
        if self.lead:
            raise ValueError("the weights are stacked already")
        for p in self.params():
            # (copies, n, m), laid out in memory as (n, copies, m): the copies' blocks
            # side by side, as _matmul multiplies them, without a copy
            side_by_side = np.empty((p.weights.shape[0], copies, p.weights.shape[1]))
            side_by_side[...] = p.weights[:, None, :]
            p.weights = side_by_side.transpose(1, 0, 2)
        self.lead = (copies,)

    def scatter(self, values: list[np.ndarray]) -> np.ndarray:
        """Per-parameter arrays (like gradients) as one value per connection."""
        flat = np.zeros(self.lead + (len(self.network.connections),))
        for p, v in zip(self.params(), values):
            flat[..., p.conn] = v[..., p.rows, p.at]
        return flat

    # ---- passes --------------------------------------------------------------------
    def forward(self, x: np.ndarray) -> State:
        out = [np.asarray(x, dtype=float)]
        n = out[0].shape[0]
        zs = []
        for b in self.blocks:
            z = None
            for p in b.pieces:
                s = out[p.segment]
                term = _matmul(s if _full(p.cols) else s[..., p.cols], p.weights)
                if z is None:
                    z = term  # a fresh array: the other terms are added in place
                else:
                    z += term
            if z is None:
                z = np.zeros(self.lead + (n, len(b.ids)))
            if b.bias is not None:
                w = b.bias.weights
                z += w.sum(axis=-2, keepdims=True) if w.shape[-2] > 1 else w[..., :1, :]
            zs.append(z)
            out.append(self._apply(b, z))
        return State(zs, out)

    @staticmethod
    def _apply(b: Block, z: np.ndarray) -> np.ndarray:
        if len(b.groups) == 1:
            return b.groups[0][0].f(z)
        a = np.empty_like(z)
        for act, js in b.groups:
            a[..., js] = act.f(z[..., js])
        return a

    def value(self, state: State, nid: str) -> np.ndarray:
        """A neuron's output for every row of the batch."""
        if self.network.neurons[nid].role == "bias":
            return np.ones(state.out[0].shape[0])
        if nid not in self.where:  # an input without a dataset column
            return np.zeros(state.out[0].shape[0])
        seg, j = self.where[nid]
        return state.out[seg][..., j]

    def outputs(self, state: State) -> np.ndarray:
        return np.stack([self.value(state, t) for t in self.targets], axis=-1)

    def row_errors(self, state: State, y: np.ndarray) -> np.ndarray:
        """The loss J of every row."""
        z = np.stack([state.z[self.where[t][0] - 1][..., self.where[t][1]]
                      for t in self.targets], axis=-1)
        return self.loss.value(np.asarray(y, dtype=float), self.outputs(state), z)

    def backward(self, state: State, y: np.ndarray) -> list[np.ndarray]:
        """dJ/dW for every parameter array of params(), summed over the rows; fills
        state.dnet with dJ/dnet per level."""
        y = np.asarray(y, dtype=float)
        dout: list[np.ndarray | None] = [None] * len(state.out)
        grads: list[list[np.ndarray]] = []
        state.dnet = [None] * len(self.blocks)  # type: ignore[list-item]
        for lv in range(len(self.blocks), 0, -1):
            b = self.blocks[lv - 1]
            z, a = state.z[lv - 1], state.out[lv]
            if len(b.groups) == 1:
                dfz = b.groups[0][0].df(z, a)
            else:
                dfz = np.empty_like(z)
                for act, js in b.groups:
                    dfz[..., js] = act.df(z[..., js], a[..., js])
            if b.all_targets:  # every neuron of the level is a target, in Y's order
                g = self.loss.grad(y if b.loss_y_all else y[:, b.loss_y], a, z, dfz)
                if dout[lv] is not None:
                    dfz *= dout[lv]
                    g += dfz
            else:
                k = b.loss_cols
                extra = (self.loss.grad(y[:, b.loss_y], a[..., k], z[..., k], dfz[..., k])
                         if k.size else None)
                g = dfz  # a fresh array: dJ/dnet = dJ/do * f'(z), in place
                if dout[lv] is not None:
                    g *= dout[lv]
                else:
                    g[...] = 0.0
                if extra is not None:
                    g[..., k] += extra
            state.dnet[lv - 1] = g
            level_grads = []
            for p in b.pieces:
                s = state.out[p.segment]
                full = _full(p.cols)
                level_grads.append(_matmul(np.swapaxes(s if full else s[..., p.cols], -1, -2), g))
                if p.segment > 0:
                    back = _matmul(g, np.swapaxes(p.weights, -1, -2))
                    if full and dout[p.segment] is None:
                        dout[p.segment] = back
                    elif full:
                        dout[p.segment] += back
                    else:
                        if dout[p.segment] is None:
                            dout[p.segment] = np.zeros_like(s)
                        dout[p.segment][..., p.cols] += back
            if b.bias is not None:  # each bias row gets the same sum of dJ/dnet
                total = g.sum(axis=-2, keepdims=True)
                rows = b.bias.weights.shape[-2]
                level_grads.append(total if rows == 1 else np.repeat(total, rows, axis=-2))
            grads.append(level_grads)
        return [g for level in reversed(grads) for g in level]

    def dnet(self, state: State, nid: str) -> np.ndarray:
        seg, j = self.where[nid]
        return state.dnet[seg - 1][..., j]

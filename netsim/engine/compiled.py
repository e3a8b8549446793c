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
from operator import attrgetter

import numpy as np

from . import activations, losses
from .levels import level_numbers
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
        # set by Compiled: the softmax group's members in this level (columns) and their
        # places in the group
        self.softmax_cols = self.softmax_at = np.zeros(0, np.intp)

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
        self._build_group()

    def __repr__(self) -> str:
        return f"Compiled({len(self.network.neurons)} neurons, {len(self.blocks)} levels)"

    def _build(self) -> None:
        """The levels and their weight blocks, worked out with array operations over
        the connections (a 100,000-connection network compiles in a blink)."""
        net = self.network
        order = net.topological_order()
        at = {nid: i for i, nid in enumerate(order)}  # neurons by topological position
        conns = net.connections
        n = len(conns)
        src = np.fromiter(map(at.__getitem__, map(attrgetter("source"), conns)), np.intp, n)
        tgt = np.fromiter(map(at.__getitem__, map(attrgetter("target"), conns)), np.intp, n)
        weight = np.fromiter(map(attrgetter("weight"), conns), float, n)
        trainable = np.fromiter(map(attrgetter("trainable"), conns), float, n)
        neurons = [net.neurons[nid] for nid in order]
        computes = np.fromiter((nr.computes for nr in neurons), bool, len(order))
        bias = np.fromiter((nr.role == "bias" for nr in neurons), bool, len(order))
        # Level of a computing neuron: 1 + the highest level among its sources, where
        # inputs and bias neurons are level 0 (levels.py: the levels the canvas and the
        # status bar show are these).
        level = level_numbers(src, tgt, computes)
        top = int(level.max(initial=0))
        by_level = [np.flatnonzero(computes & (level == lv)) for lv in range(1, top + 1)]
        # where each neuron's output lives: segment and column (inputs without a dataset
        # column live nowhere: they carry 0)
        segment = np.full(len(order), -1, np.intp)
        column = np.zeros(len(order), np.intp)
        inputs = np.fromiter((at[nid] for nid in self.inputs), np.intp, len(self.inputs))
        segment[inputs], column[inputs] = 0, np.arange(len(inputs))
        for lv, members in enumerate(by_level, start=1):
            segment[members], column[members] = lv, np.arange(len(members))
            self.where.update({order[i]: (lv, j) for j, i in enumerate(members.tolist())})
        target_pos = {t: k for k, t in enumerate(self.targets)}
        widths = [len(self.inputs)] + [len(m) for m in by_level]
        into = segment[tgt]  # the level each connection feeds
        by_target = np.argsort(into, kind="stable")
        starts = np.searchsorted(into[by_target], np.arange(top + 2))
        for lv, members in enumerate(by_level, start=1):
            ids = [order[i] for i in members.tolist()]
            mine = by_target[starts[lv]:starts[lv + 1]]  # connection indices, in file order
            from_bias = bias[src[mine]]
            kept = mine[~from_bias & (segment[src[mine]] >= 0)]
            pieces = []
            for seg in np.unique(segment[src[kept]]).tolist():
                part = kept[segment[src[kept]] == seg]
                pieces.append(self._piece(seg, part, column[src[part]], column[tgt[part]],
                                          len(ids), weight, trainable, widths[seg]))
            linked = mine[from_bias]
            piece = None
            if len(linked):  # one row per bias neuron, in the order they first feed it
                by_neuron = linked[np.lexsort((linked, column[tgt[linked]]))]
                first = {s: r for r, s in enumerate(dict.fromkeys(src[by_neuron].tolist()))}
                row = np.fromiter((first[s] for s in src[linked].tolist()), np.intp, len(linked))
                piece = self._piece(-1, linked, row, column[tgt[linked]], len(ids), weight,
                                    trainable, len(first))
            by_act: dict[str, list[int]] = {}
            for j, nid in enumerate(ids):
                by_act.setdefault(net.neurons[nid].activation, []).append(j)
            loss_cols = [j for j, nid in enumerate(ids) if nid in target_pos]
            self.blocks.append(Block(
                ids, pieces, piece,
                [(activations.get(a), _as_index(js, len(ids))) for a, js in by_act.items()],
                np.asarray(loss_cols, dtype=np.intp),
                np.asarray([target_pos[ids[j]] for j in loss_cols], dtype=np.intp)))
            last = self.blocks[-1]
            last.loss_y_all = list(last.loss_y) == list(range(len(self.targets)))

    def _build_group(self) -> None:
        """The softmax group: every output neuron whose activation is softmax (in the
        network's neuron order). Its members feed no other neuron (Network refuses it),
        so their outputs can be worked out once every level has its net inputs.
        `group_parts` says where the members' net inputs are: (level, columns of the
        level, places in the group); `group_targets` (indices into `targets`), `group_at`
        (their places in the group) and `group_has` (the members that are targets) map
        the targets onto the group."""
        net = self.network
        self.group = [nid for nid, n in net.neurons.items() if n.activation == "softmax"]
        self.group_parts: list[tuple[int, np.ndarray, np.ndarray]] = []
        by_level: dict[int, tuple[list[int], list[int]]] = {}
        for k, nid in enumerate(self.group):
            lv, j = self.where[nid]
            cols, places = by_level.setdefault(lv, ([], []))
            cols.append(j)
            places.append(k)
        for lv, (cols, places) in sorted(by_level.items()):
            self.group_parts.append((lv, np.asarray(cols, np.intp), np.asarray(places, np.intp)))
            block = self.blocks[lv - 1]
            block.softmax_cols, block.softmax_at = self.group_parts[-1][1:]
        members = {nid: k for k, nid in enumerate(self.group)}
        self.group_targets = np.asarray([k for k, t in enumerate(self.targets) if t in members],
                                        np.intp)
        self.group_at = np.asarray([members[self.targets[k]] for k in self.group_targets],
                                   np.intp)
        self.group_has = np.zeros(len(self.group), bool)
        self.group_has[self.group_at] = True

    def _group_values(self, values: list[np.ndarray]) -> np.ndarray:
        """The group members' entries of per-level arrays (z or outputs), side by side."""
        lv, cols, _ = self.group_parts[0]
        if len(self.group_parts) == 1:
            return values[lv - 1][..., cols]
        first = values[lv - 1]
        out = np.empty(first.shape[:-1] + (len(self.group),))
        for lv, cols, places in self.group_parts:
            out[..., places] = values[lv - 1][..., cols]
        return out

    def _group_y(self, y: np.ndarray) -> np.ndarray:
        """Targets in group order, 0 where a member has no target column."""
        gy = np.zeros(y.shape[:-1] + (len(self.group),))
        gy[..., self.group_at] = y[..., self.group_targets]
        return gy

    @staticmethod
    def _piece(segment: int, conns: np.ndarray, source_cols: np.ndarray, at: np.ndarray,
               width_out: int, weight: np.ndarray, trainable: np.ndarray,
               width_in: int) -> Piece:
        """The block of connections `conns` (indices), from these columns of the source
        segment (bias: rows) to these columns of the level."""
        if segment < 0:  # bias neurons: one row each, `source_cols` are the rows
            rows, n_rows, cols = source_cols, width_in, slice(None)
        else:
            used, rows = np.unique(source_cols, return_inverse=True)
            rows, n_rows = rows.reshape(-1), len(used)
            cols = _as_index(used.tolist(), width_in)
        weights = np.zeros((n_rows, width_out))
        mask = np.zeros_like(weights)
        weights[rows, at] = weight[conns]
        mask[rows, at] = trainable[conns]
        return Piece(segment, cols, weights, None if mask.all() else mask,
                     np.asarray(conns, dtype=np.intp), np.asarray(rows, dtype=np.intp),
                     np.asarray(at, dtype=np.intp))

    # ---- weights -------------------------------------------------------------------
    def params(self) -> list[Piece]:
        return [p for b in self.blocks for p in b.params]

    def get_weights(self) -> np.ndarray:
        """All weights, in the network's connection order (as the network has them for
        connections that carry nothing: from an input without a dataset column); stacked,
        one such row per copy."""
        connections = self.network.connections
        w = np.zeros(self.lead + (len(connections),))
        held = np.zeros(len(connections), bool)
        for p in self.params():
            w[..., p.conn] = p.weights[..., p.rows, p.at]
            held[p.conn] = True
        for i in np.flatnonzero(~held).tolist():  # few: read from the network
            w[..., i] = connections[i].weight
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
        if len(self.group_parts) > 1:  # a group over several levels: softmax over all
            o = activations.softmax(self._group_values(zs))
            for lv, cols, places in self.group_parts:
                out[lv][..., cols] = o[..., places]
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

    def _target_nets(self, state: State) -> np.ndarray:
        """The net inputs of the targets, for every row (targets along the last axis)."""
        return np.stack([state.z[self.where[t][0] - 1][..., self.where[t][1]]
                         for t in self.targets], axis=-1)

    def row_errors(self, state: State, y: np.ndarray) -> np.ndarray:
        """The loss J of every row."""
        y = np.asarray(y, dtype=float)
        if not self.group:
            return self.loss.value(y, self.outputs(state), self._target_nets(state))
        return np.sum(self.row_shares(state, y), axis=-1)

    def row_shares(self, state: State, y: np.ndarray) -> np.ndarray:
        """Each target's term of J, for every row (targets along the last axis); their
        sum is row_errors. On a softmax group: the categorical cross-entropy's −y_k ln o_k,
        or squared error's ½(y_k − o_k)²."""
        y = np.asarray(y, dtype=float)
        shares = self.loss.terms(y, self.outputs(state), self._target_nets(state))
        if self.group:
            gz, go = self._group_values(state.z), self._group_values(state.out[1:])
            terms = self.loss.group_terms(self._group_y(y), go, gz, self.group_has)
            shares = np.array(shares)
            shares[..., self.group_targets] = terms[..., self.group_at]
        return shares

    def backward(self, state: State, y: np.ndarray) -> list[np.ndarray]:
        """dJ/dW for every parameter array of params(), summed over the rows; fills
        state.dnet with dJ/dnet per level."""
        y = np.asarray(y, dtype=float)
        dout: list[np.ndarray | None] = [None] * len(state.out)
        grads: list[list[np.ndarray]] = []
        state.dnet = [None] * len(self.blocks)  # type: ignore[list-item]
        group = None
        if self.group:  # dJ/dnet of the softmax group, through its whole Jacobian
            group = self.loss.group_grad(self._group_y(y), self._group_values(state.out[1:]),
                                         self._group_values(state.z), self.group_has)
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
            if b.softmax_cols.size:  # (members feed no other neuron: nothing else adds)
                g[..., b.softmax_cols] = group[..., b.softmax_at]
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

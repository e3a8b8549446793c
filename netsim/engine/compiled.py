"""A network compiled for speed: topological levels with dense weight blocks.

Every neuron gets a column in an activation matrix A (one row per sample). Neurons that
compute (hidden, output) are grouped by topological level; a level's net inputs are one
matrix product of the columns it reads with a dense weight block:

    Z[:, level] = A[:, sources] @ W        A[:, level] = f(Z[:, level])

Missing connections are zeros in W that a mask keeps at zero, so any DAG works, layered
or not. Columns are laid out so that a layered network reads contiguous slices (no copies):
inputs first, then before each level the bias neurons it is the first to read.

The backward pass walks the levels in reverse. With dJ/dnet known for a level,

    dJ/dW          = A[:, sources]^T @ dJ/dnet      (seed 001's chain rule, per weight)
    dJ/do[sources] += dJ/dnet @ W^T                   (sum over successors, seed 000's case 2)

and delta = -dJ/dnet is seed 000's delta.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import activations, losses
from .network import Network

Index = slice | np.ndarray


def _as_index(cols: list[int]) -> Index:
    """A slice when the columns are consecutive (a view, no copy), else an index array."""
    if cols and cols == list(range(cols[0], cols[0] + len(cols))):
        return slice(cols[0], cols[0] + len(cols))
    return np.asarray(cols, dtype=np.intp)


@dataclass
class Block:
    """One topological level: the neurons it computes and the weights into them."""
    targets: slice  # columns of A this level computes
    sources: Index  # columns of A it reads
    weights: np.ndarray  # (n_sources, n_targets)
    mask: np.ndarray | None  # 1.0 where a trainable connection exists; None = all
    groups: list[tuple[activations.Activation, Index]]  # activation -> local target columns
    back_rows: Index | None  # rows of `weights` whose sources compute (get dJ/do)
    back_cols: Index | None  # their columns in A
    loss_local: np.ndarray  # local target columns that are dataset targets
    loss_y: np.ndarray  # their columns in Y
    conn: np.ndarray  # network connection indices stored in this block
    rows: np.ndarray  # their rows ...
    cols: np.ndarray  # ... and columns in `weights`


class Compiled:
    def __init__(self, network: Network, inputs: list[str] | None = None,
                 targets: list[str] | None = None, loss: str = "squared_error"):
        self.network = network
        self.inputs = list(inputs) if inputs is not None else network.ids("input")
        self.targets = list(targets) if targets is not None else network.ids("output")
        self.loss = losses.get(loss)
        self._layout()
        self._build_blocks()

    def __repr__(self) -> str:
        return f"Compiled({len(self.order)} neurons, {len(self.blocks)} levels)"

    # ---- layout --------------------------------------------------------------------
    def _layout(self) -> None:
        net = self.network
        level = net.levels()
        computes = [nid for nid in net.topological_order() if net.neurons[nid].computes]
        # A computing neuron without incoming connections computes f(0) at level 1.
        self.level = {nid: max(1, level[nid]) for nid in computes}
        constants = [nid for nid in net.neurons
                     if not net.neurons[nid].computes and nid not in self.inputs]
        first_use = {nid: min((self.level[c.target] for c in net.outgoing(nid)), default=0)
                     for nid in constants}
        top = max(self.level.values(), default=0)
        order = list(self.inputs)
        order += [nid for nid in constants if first_use[nid] <= 1]
        for lv in range(1, top + 1):
            if lv > 1:
                order += [nid for nid in constants if first_use[nid] == lv]
            order += [nid for nid in computes if self.level[nid] == lv]
        self.order = order
        self.col = {nid: i for i, nid in enumerate(order)}
        self.input_cols = slice(0, len(self.inputs))
        self.constant_cols = np.asarray(
            [self.col[n] for n in constants], dtype=np.intp)
        # Inputs without a dataset column, if any, stay at 0 (they are constants too).
        self.target_cols = np.asarray([self.col[t] for t in self.targets], dtype=np.intp)
        self.bias_cols = np.asarray(
            [self.col[n] for n in constants if net.neurons[n].role == "bias"], dtype=np.intp)
        self.computing = set(computes)

    def _build_blocks(self) -> None:
        net = self.network
        target_pos = {t: k for k, t in enumerate(self.targets)}
        self.blocks: list[Block] = []
        conn_index = {c.key: i for i, c in enumerate(net.connections)}
        top = max(self.level.values(), default=0)
        for lv in range(1, top + 1):
            tgt_ids = [nid for nid in self.order if self.level.get(nid) == lv]
            tcols = [self.col[t] for t in tgt_ids]
            incoming = [c for t in tgt_ids for c in net.incoming(t)]
            scols = sorted({self.col[c.source] for c in incoming})
            srow = {col: r for r, col in enumerate(scols)}
            tpos = {t: j for j, t in enumerate(tgt_ids)}
            weights = np.zeros((len(scols), len(tgt_ids)))
            mask = np.zeros_like(weights)
            conn, rows, cols = [], [], []
            for c in incoming:
                r, j = srow[self.col[c.source]], tpos[c.target]
                weights[r, j] = c.weight
                mask[r, j] = 1.0 if c.trainable else 0.0
                conn.append(conn_index[c.key])
                rows.append(r)
                cols.append(j)
            by_act: dict[str, list[int]] = {}
            for j, t in enumerate(tgt_ids):
                by_act.setdefault(net.neurons[t].activation, []).append(j)
            groups = [(activations.get(a), _as_index(js)) for a, js in by_act.items()]
            back = [r for r, col in enumerate(scols) if self.order[col] in self.computing]
            loss_local = [j for j, t in enumerate(tgt_ids) if t in target_pos]
            self.blocks.append(Block(
                targets=slice(tcols[0], tcols[-1] + 1),
                sources=_as_index(scols),
                weights=weights,
                mask=None if mask.all() else mask,
                groups=groups,
                back_rows=_as_index(back) if back else None,
                back_cols=_as_index([scols[r] for r in back]) if back else None,
                loss_local=np.asarray(loss_local, dtype=np.intp),
                loss_y=np.asarray([target_pos[tgt_ids[j]] for j in loss_local], dtype=np.intp),
                conn=np.asarray(conn, dtype=np.intp),
                rows=np.asarray(rows, dtype=np.intp),
                cols=np.asarray(cols, dtype=np.intp),
            ))

    # ---- weights -------------------------------------------------------------------
    def get_weights(self) -> np.ndarray:
        """All weights, in the network's connection order."""
        w = np.empty(len(self.network.connections))
        for b in self.blocks:
            w[b.conn] = b.weights[b.rows, b.cols]
        return w

    def set_weights(self, w) -> None:
        w = np.asarray(w, dtype=float)
        for b in self.blocks:
            b.weights[b.rows, b.cols] = w[b.conn]

    # ---- passes --------------------------------------------------------------------
    def forward(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Net inputs Z and outputs A for a batch of input rows x (batch, n_inputs)."""
        x = np.asarray(x, dtype=float)
        n = x.shape[0]
        a = np.zeros((n, len(self.order)))
        z = np.zeros_like(a)
        a[:, self.input_cols] = x
        a[:, self.bias_cols] = 1.0
        for b in self.blocks:
            zb = a[:, b.sources] @ b.weights
            z[:, b.targets] = zb
            if len(b.groups) == 1:
                a[:, b.targets] = b.groups[0][0].f(zb)
            else:
                out = np.empty_like(zb)
                for act, js in b.groups:
                    out[:, js] = act.f(zb[:, js])
                a[:, b.targets] = out
        return z, a

    def outputs(self, a: np.ndarray) -> np.ndarray:
        return a[:, self.target_cols]

    def row_errors(self, z: np.ndarray, a: np.ndarray, y: np.ndarray) -> np.ndarray:
        """The loss J of every row."""
        return self.loss.value(np.asarray(y, dtype=float), a[:, self.target_cols],
                               z[:, self.target_cols])

    def backward(self, z: np.ndarray, a: np.ndarray, y: np.ndarray):
        """dJ/dnet for every column (summed per row) and dJ/dW per block, summed over rows.

        Returns (dnet, grads): dnet has the shape of a; grads[i] matches blocks[i].weights.
        """
        y = np.asarray(y, dtype=float)
        dout = np.zeros_like(a)
        dnet = np.zeros_like(a)
        grads: list[np.ndarray] = [None] * len(self.blocks)  # type: ignore[list-item]
        for i in range(len(self.blocks) - 1, -1, -1):
            b = self.blocks[i]
            zb, ab = z[:, b.targets], a[:, b.targets]
            if len(b.groups) == 1:
                dfz = b.groups[0][0].df(zb, ab)
            else:
                dfz = np.empty_like(zb)
                for act, js in b.groups:
                    dfz[:, js] = act.df(zb[:, js], ab[:, js])
            g = dout[:, b.targets] * dfz
            if b.loss_local.size:
                k = b.loss_local
                g[:, k] -= self.loss.output_delta(y[:, b.loss_y], ab[:, k], zb[:, k], dfz[:, k])
            dnet[:, b.targets] = g
            grads[i] = a[:, b.sources].T @ g
            if b.back_rows is not None:
                dout[:, b.back_cols] += g @ b.weights[b.back_rows].T
        return dnet, grads

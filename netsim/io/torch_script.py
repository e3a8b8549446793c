#!/usr/bin/env python3
"""A network exported from netsim, as a PyTorch training script.

    python THIS.py --epochs 100 --output trained.netsim     (on the GPU when there is one)
    python THIS.py --device cpu --dtype float64 ...         (netsim's own numbers)
    torchrun --nproc_per_node 2 THIS.py --epochs 100 --output trained.netsim

It needs torch and numpy, nothing else: not netsim. It trains as `netsim train` does and
writes the trained weights into a copy of the netsim file it came from, which netsim
opens. Without shuffling, on the CPU in float64, N epochs here give the weights of
`netsim train FILE --epochs N` to rounding (torch rounds tanh and exp in their last digit
differently from NumPy and the C library, which shows only where training is chaotic).
Options: python THIS.py --help.

How netsim's network becomes PyTorch
- Levels. netsim computes the neurons level by level: level l holds the neurons whose
  inputs all come from earlier levels (level 0 = the input columns). Each level here is
  one nn.Linear that reads the concatenation of the earlier levels it has connections
  from ("reads" in LEVELS: a layered network reads only the level before, a skip
  connection adds an earlier one), then each neuron's activation.
- Masks. A connection that does not exist is a weight fixed at 0: where a level is not
  fully connected, its Linear's weight is multiplied by a fixed 0/1 buffer `mask`, so a
  missing weight stays exactly 0 and gets no gradient. A connection that exists but is
  frozen in netsim (not trainable) is masked the same way and its weight added back from
  the fixed buffer `frozen`.
- Bias neurons always output 1. A level fed by one bias neuron has it as its Linear's
  bias (bias[j] = the weight from the bias neuron to neuron j). A level fed by several
  bias neurons reads one extra input column of ones per bias neuron instead: each bias
  connection stays a weight of its own, as in netsim (adding them into one bias would
  train their sum, at twice the rate).
- Softmax. The softmax group (netsim's output neurons with activation softmax) is one
  softmax over all its members' net inputs, wherever their levels are.
- Loss. squared_error: J = 1/2 sum (y - o)^2 per row; cross_entropy: over sigmoid outputs
  J = sum [softplus(z) - y z] (= -[y ln o + (1 - y) ln(1 - o)]), over a softmax group
  J = -sum y ln o. Each update uses dJ/dw summed over the batch's rows, from autograd
  through activations that carry netsim's own derivatives (Activation below).
- Update (netsim's rule, NetsimSGD below), from the mean gradient g of the batch:
      step = -alpha * (g + l2 * w + l1 * sign(w))    (L1/L2 not on bias weights unless
                                                      regularise_bias; never on frozen)
      with momentum mu: v <- mu * v + step, w <- w + v;  without: w <- w + step
  alpha follows the schedule by epoch t: constant, step (alpha * rate^floor(t / steps))
  or inverse_time (alpha / (1 + rate * t / steps)). torch.optim.SGD keeps v without
  alpha in it; the two agree while alpha is constant.
- An epoch visits the training rows in file order (shuffled with numpy's
  default_rng(seed).permutation every epoch when "shuffle" is on, as netsim does) in
  batches of 1 (sgd), batch_size (minibatch) or all rows (batch); the epoch error is the
  mean J over the training rows with the weights at the end of the epoch. Training stops
  after the epochs, or once the epoch error is at most target_error. An epoch whose
  error or weights stop being finite numbers is undone and training stops.
- Data. The netsim file is embedded whole (DOCUMENT): its dataset rows, the rows held out
  for testing (never trained on) and the input scaling (x - offset) / scale.
- Several processes (torchrun): each takes every K-th row of each batch,
  DistributedDataParallel averages their gradients and the update multiplies the average
  back by K, so each update is the one a single process makes.
- Not here: netsim's random restarts (restarts > 1): this trains once, from the file's
  weights.
"""
import argparse
import json
import math
import os
import sys

import numpy as np
import torch
import torch.distributed as dist
from torch import nn

# ---- what netsim exported (the export fills this in) --------------------------------
NAME = "network"
# Training settings, as in the netsim file (options below override them).
SETTINGS = {}
# The dataset's input columns (level 0) and target columns, as neuron ids.
INPUTS = []
TARGETS = []
# Per level: its neurons, their activations, the levels it reads (0 = the inputs) and
# the bias neurons that feed it.
LEVELS = []
# The softmax group's members, in the group's order: [level, column of the level].
SOFTMAX = []
# Where each of DOCUMENT's connections sits, in the file's order: [level, neuron (row
# of the Linear's weight), column of the level's input] (column -1: the Linear's bias);
# None for a connection from an input without a dataset column (it carries 0).
PLACES = []
# The netsim file itself: network, weights, dataset and settings.
DOCUMENT = {}
# ---- end of what netsim exported -----------------------------------------------------

LEAKY_SLOPE = 0.01
MODES = ("sgd", "minibatch", "batch")


# ---- activations, each with the derivative netsim uses ----------------------------------
# netsim trains a small network (up to 400 connections, batches up to 32 rows, no softmax)
# through generated scalar code that writes sigmoid(z) as e^z / (1 + e^z) for z < 0, and
# a larger one through NumPy as 1 / (1 + e^-z): the same numbers up to rounding, and
# train() picks the form netsim would use, so that the two agree to the last digits.
SPLIT_SIGMOID = [False]


def sigmoid(z):
    if SPLIT_SIGMOID[0]:
        e = torch.exp(-z.abs())
        return torch.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return 1.0 / (1.0 + torch.exp(-z))


def softplus(z):
    # ln(1 + e^z) = max(z, 0) + ln(1 + e^-|z|): never e^z of a large z
    return torch.clamp(z, min=0.0) + torch.log1p(torch.exp(-z.abs()))


def softmax(z):
    e = torch.exp(z - z.max(dim=1, keepdim=True).values)
    return e / e.sum(dim=1, keepdim=True)


def log_softmax(z):
    shifted = z - z.max(dim=1, keepdim=True).values
    return shifted - torch.log(torch.exp(shifted).sum(dim=1, keepdim=True))


# name: (f(z), f'(z) given z and o = f(z))
ACTIVATIONS = {
    "identity": (lambda z: z * 1.0, lambda z, o: torch.ones_like(z)),
    "sigmoid": (sigmoid, lambda z, o: o * (1.0 - o)),
    "tanh": (torch.tanh, lambda z, o: 1.0 - o * o),
    "relu": (lambda z: torch.clamp(z, min=0.0), lambda z, o: (z > 0).to(z.dtype)),
    "leaky_relu": (lambda z: torch.where(z > 0, z, LEAKY_SLOPE * z),
                   lambda z, o: torch.where(z > 0, torch.ones_like(z),
                                            torch.full_like(z, LEAKY_SLOPE))),
    "softplus": (softplus, lambda z, o: sigmoid(z)),
    "step": (lambda z: (z >= 0).to(z.dtype), lambda z, o: torch.zeros_like(z)),
    "sign": (lambda z: torch.where(z >= 0, torch.ones_like(z), -torch.ones_like(z)),
             lambda z, o: torch.zeros_like(z)),  # +1 if z >= 0 else -1; flat
}


class Activation(torch.autograd.Function):
    """o = f(z) element-wise; backward: dJ/dz = dJ/do * f'(z), with f' from ACTIVATIONS."""

    @staticmethod
    def forward(ctx, z, name):
        o = ACTIVATIONS[name][0](z)
        ctx.save_for_backward(z, o)
        ctx.name = name
        return o

    @staticmethod
    def backward(ctx, grad):
        z, o = ctx.saved_tensors
        return grad * ACTIVATIONS[ctx.name][1](z, o), None


class Softmax(torch.autograd.Function):
    """o_k = e^z_k / sum_j e^z_j over dim 1; backward through the whole Jacobian:
    dJ/dz_j = o_j * (dJ/do_j - sum_k dJ/do_k * o_k)."""

    @staticmethod
    def forward(ctx, z):
        o = softmax(z)
        ctx.save_for_backward(o)
        return o

    @staticmethod
    def backward(ctx, grad):
        (o,) = ctx.saved_tensors
        return o * (grad - (grad * o).sum(dim=1, keepdim=True))


class LogSoftmax(torch.autograd.Function):
    """ln softmax(z) over dim 1; backward: dJ/dz = dJ/dl - softmax(z) * sum dJ/dl."""

    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(softmax(z))
        return log_softmax(z)

    @staticmethod
    def backward(ctx, grad):
        (o,) = ctx.saved_tensors
        return grad - o * grad.sum(dim=1, keepdim=True)


def activate(name, z):
    return Softmax.apply(z) if name == "softmax" else Activation.apply(z, name)


# ---- the network ---------------------------------------------------------------------
def widths():
    """The number of columns of level 0 (inputs), 1, 2, ..."""
    return [len(INPUTS)] + [len(level["neurons"]) for level in LEVELS]


def in_features(spec):
    """The columns a level's Linear reads: the levels it reads, then one column of ones
    per bias neuron when several bias neurons feed it."""
    width = widths()
    ones = len(spec["bias"]) if len(spec["bias"]) > 1 else 0
    return sum(width[s] for s in spec["reads"]) + ones


def level_arrays():
    """Per level, as NumPy arrays: the Linear's weight (neurons x columns) and bias (or
    None), the masks (1 where a connection learns) and the frozen weights."""
    out = []
    for spec in LEVELS:
        shape = (len(spec["neurons"]), in_features(spec))
        arrays = {"weight": np.zeros(shape), "mask": np.zeros(shape), "frozen": np.zeros(shape)}
        if len(spec["bias"]) == 1:
            arrays.update(bias=np.zeros(shape[0]), bias_mask=np.zeros(shape[0]),
                          bias_frozen=np.zeros(shape[0]))
        out.append(arrays)
    for conn, place in zip(DOCUMENT["connections"], PLACES):
        if place is None:
            continue
        level, row, col = place
        arrays = out[level - 1]
        if col < 0:  # the Linear's bias
            at, names = (row,), ("bias", "bias_mask", "bias_frozen")
        else:
            at, names = (row, col), ("weight", "mask", "frozen")
        value, mask, frozen = (arrays[name] for name in names)
        if conn.get("trainable", True):
            value[at], mask[at] = conn["weight"], 1.0
        else:
            frozen[at] = conn["weight"]
    return out


class Level(nn.Module):
    """z = [read levels, ones] @ (W * mask + frozen)^T + b, then the activations."""

    def __init__(self, spec, arrays, dtype, device):
        super().__init__()
        self.reads = list(spec["reads"])
        self.ones = len(spec["bias"]) if len(spec["bias"]) > 1 else 0
        rows, cols = arrays["weight"].shape
        self.linear = nn.Linear(cols, rows, bias="bias" in arrays, dtype=dtype, device=device)
        tensor = lambda a: torch.tensor(a, dtype=dtype, device=device)  # noqa: E731
        with torch.no_grad():
            self.linear.weight.copy_(tensor(arrays["weight"]))
            if self.linear.bias is not None:
                self.linear.bias.copy_(tensor(arrays["bias"]))
        # fixed buffers, only where needed: a fully connected level has none
        for name in ("mask", "frozen", "bias_mask", "bias_frozen"):
            a = arrays.get(name)
            needed = a is not None and (not a.all() if "mask" in name else a.any())
            self.register_buffer(name, tensor(a) if needed else None)
        # neurons by activation: [(activation, their columns)], and the columns' order
        kinds = {}
        for j, act in enumerate(spec["activations"]):
            kinds.setdefault(act, []).append(j)
        self.kinds = [(act, torch.tensor(js, device=device)) for act, js in kinds.items()]
        order = [j for js in kinds.values() for j in js]
        self.register_buffer("order", torch.tensor(np.argsort(order), device=device))

    def weights(self):
        """The weight and bias the level computes with (masked, frozen ones added)."""
        w, b = self.linear.weight, self.linear.bias
        if self.mask is not None:
            w = w * self.mask
        if self.frozen is not None:
            w = w + self.frozen
        if self.bias_mask is not None:
            b = b * self.bias_mask
        if self.bias_frozen is not None:
            b = b + self.bias_frozen
        return w, b

    def forward(self, segments):
        parts = [segments[s] for s in self.reads]
        if self.ones:
            parts.append(segments[0].new_ones(len(segments[0]), self.ones))
        x = parts[0] if len(parts) == 1 else torch.cat(parts, dim=1)
        z = nn.functional.linear(x, *self.weights())
        if len(self.kinds) == 1:
            return z, activate(self.kinds[0][0], z)
        a = [activate(act, z[:, cols]) for act, cols in self.kinds]
        return z, torch.cat(a, dim=1)[:, self.order]


class Network(nn.Module):
    """The network: its levels in order; returns the targets' outputs and net inputs,
    and the softmax group's net inputs (None without a group)."""

    def __init__(self, dtype=torch.float64, device="cpu"):
        super().__init__()
        self.levels = nn.ModuleList(Level(spec, arrays, dtype, device)
                                    for spec, arrays in zip(LEVELS, level_arrays()))
        where = {}
        for lv, spec in enumerate(LEVELS, start=1):
            where.update({nid: (lv, j) for j, nid in enumerate(spec["neurons"])})
        self.where = [where[t] for t in TARGETS]
        members = {tuple(m): k for k, m in enumerate(SOFTMAX)}
        self.spread = len({lv for lv, _ in SOFTMAX}) > 1  # a group over several levels
        self.in_group = [members.get(w) for w in self.where]

    def forward(self, x):
        segments, nets = [x], [None]
        for level in self.levels:
            z, a = level(segments)
            nets.append(z)
            segments.append(a)
        group = None
        if SOFTMAX:
            group = torch.stack([nets[lv][:, j] for lv, j in SOFTMAX], dim=1)
        shared = Softmax.apply(group) if self.spread else None
        outputs = torch.stack([shared[:, k] if shared is not None and k is not None
                               else segments[lv][:, j]
                               for (lv, j), k in zip(self.where, self.in_group)], dim=1)
        net = torch.stack([nets[lv][:, j] for lv, j in self.where], dim=1)
        return outputs, net, group


def row_losses(model, outputs, net, group, y, loss):
    """J of every row."""
    if loss == "squared_error":
        return (0.5 * (y - outputs) ** 2).sum(dim=1)
    if group is None:  # sigmoid outputs: softplus(z) - y z
        return (Activation.apply(net, "softplus") - y * net).sum(dim=1)
    log_o = LogSoftmax.apply(group)  # -sum y ln o over the members with targets
    picked = torch.stack([log_o[:, k] for k in model.in_group], dim=1)
    return (-y * picked).sum(dim=1)


# ---- netsim's update rule -------------------------------------------------------------
class NetsimSGD(torch.optim.Optimizer):
    """Gradient descent as netsim does it (see the top of the file). The gradients are
    sums over `rows` rows; each parameter group may carry a `mask` (1 where a weight
    learns) and a `decay` (1 where L1/L2 applies; None: everywhere)."""

    def __init__(self, groups, lr, momentum=0.0, l1=0.0, l2=0.0):
        super().__init__(groups, dict(lr=lr, momentum=momentum, l1=l1, l2=l2, mask=None,
                                      decay=None))

    @torch.no_grad()
    def step(self, rows, lr=None):
        for group in self.param_groups:
            rate = group["lr"] if lr is None else lr
            mu, l1, l2 = group["momentum"], group["l1"], group["l2"]
            for p in group["params"]:
                g = p.grad if p.grad is not None else torch.zeros_like(p)
                step = g * (-rate / rows)
                if l1 or l2:
                    term = l2 * p if l2 else torch.zeros_like(p)
                    if l1:
                        term = term + l1 * torch.sign(p)
                    if group["decay"] is not None:
                        term = term * group["decay"]
                    step = step - rate * term
                if group["mask"] is not None:
                    step = step * group["mask"]
                if mu:
                    state = self.state[p]
                    if "velocity" not in state:
                        state["velocity"] = torch.zeros_like(p)
                    v = state["velocity"]
                    v.mul_(mu).add_(step)
                    step = v
                p.add_(step)


def parameter_groups(model, regularise_bias):
    """One group per parameter, with its mask and where L1/L2 applies."""
    groups = []
    for level in model.levels:
        decay = level.mask
        if level.ones and not regularise_bias:  # the columns of ones are bias weights
            decay = torch.ones_like(level.linear.weight) if decay is None else decay.clone()
            decay[:, -level.ones:] = 0.0
        groups.append({"params": [level.linear.weight], "mask": level.mask, "decay": decay})
        if level.linear.bias is not None:
            bias_decay = level.bias_mask if regularise_bias else \
                torch.zeros_like(level.linear.bias)
            groups.append({"params": [level.linear.bias], "mask": level.bias_mask,
                           "decay": bias_decay})
    return groups


def learning_rate_at(s, epoch):
    """The schedule: constant, step (alpha * rate^floor(t / steps)) or inverse_time
    (alpha / (1 + rate * t / steps)), t = epochs trained so far."""
    a = s["learning_rate"]
    if s["schedule"] == "step":
        try:
            return a * s["decay_rate"] ** (epoch // s["decay_steps"])
        except OverflowError:
            return math.inf if a > 0 else 0.0
    if s["schedule"] == "inverse_time":
        return a / (1.0 + s["decay_rate"] * epoch / s["decay_steps"])
    return a


# ---- data ------------------------------------------------------------------------------
def dataset():
    """(x, y) of the training rows and of the held-out rows (None without), as NumPy
    arrays; x scaled as the file says."""
    data = DOCUMENT["dataset"]
    rows = np.array(data["rows"], dtype=float).reshape(-1, len(INPUTS) + len(TARGETS))
    x, y = rows[:, :len(INPUTS)], rows[:, len(INPUTS):]
    scaling = data.get("scaling")
    if scaling:
        x = (x - np.array(scaling["offset"], dtype=float)) / np.array(scaling["scale"], dtype=float)
    test = np.zeros(len(rows), dtype=bool)
    test[list(data.get("test_rows", []))] = True
    held = (x[test], y[test]) if test.any() else None
    return (x[~test], y[~test]), held


# ---- training --------------------------------------------------------------------------
def mean_error(model, x, y, loss):
    with torch.no_grad():
        return float(row_losses(model, *model(x), y, loss).mean())


def snapshot(model, optimizer):
    return ([p.detach().clone() for p in model.parameters()],
            {p: {k: v.clone() for k, v in st.items()} for p, st in optimizer.state.items()})


def restore(model, optimizer, saved):
    params, state = saved
    with torch.no_grad():
        for p, old in zip(model.parameters(), params):
            p.copy_(old)
    for p, st in state.items():
        for k, v in st.items():
            optimizer.state[p][k].copy_(v)


def train(model, data, held, s, epochs, rank=0, world=1, progress=None):
    """Train up to `epochs` epochs; returns (history, test history, why it stopped)."""
    x, y = data
    n = len(x)
    batch = min({"sgd": 1, "minibatch": s["batch_size"], "batch": n}[s["mode"]], n)
    optimizer = NetsimSGD(parameter_groups(model, s["regularise_bias"]), s["learning_rate"],
                          s["momentum"], s["l1"], s["l2"])
    # netsim's trainer.scalar: small networks in small batches go through its scalar code
    SPLIT_SIGMOID[0] = batch <= 32 and len(DOCUMENT["connections"]) <= 400 and not SOFTMAX
    net = model
    if world > 1:  # several processes: DDP adds the gradients up
        row_losses(model, *model(x[:1]), y[:1], s["loss"]).sum().backward()
        unused = any(p.grad is None for p in model.parameters())  # feeds no target
        model.zero_grad(set_to_none=True)
        net = nn.parallel.DistributedDataParallel(model, find_unused_parameters=unused)
    rng = np.random.default_rng(s["seed"])
    history, tests, stopped = [], [], "all epochs run"
    for epoch in range(epochs):
        lr = learning_rate_at(s, epoch)
        order = rng.permutation(n) if s["shuffle"] else np.arange(n)
        order = torch.tensor(order, device=x.device)
        saved = snapshot(model, optimizer)
        for start in range(0, n, batch):
            rows = order[start:start + batch]
            mine = rows[rank::world]  # this process's share of the batch
            optimizer.zero_grad(set_to_none=True)
            row_losses(model, *net(x[mine]), y[mine], s["loss"]).sum().backward()
            optimizer.step(rows=len(rows) / world, lr=lr)  # DDP averaged: sum / world
        error = mean_error(model, x, y, s["loss"])
        finite = math.isfinite(error) and all(bool(torch.isfinite(p).all())
                                              for p in model.parameters())
        if not finite:
            restore(model, optimizer, saved)
            stopped = (f"training diverged in epoch {epoch + 1}: the error became {error} with "
                       f"learning rate {lr:g}; the weights from before that epoch are kept "
                       f"(try a smaller learning rate)")
            break
        history.append(error)
        if held is not None:
            tests.append(mean_error(model, *held, s["loss"]))
        if progress:
            progress(epoch + 1, error)
        target = s["target_error"]
        if target is not None and error <= target:
            stopped = f"reached the target error {target:g} in epoch {epoch + 1}"
            break
    return history, tests, stopped


# ---- the trained file ------------------------------------------------------------------
def trained_document(model, s):
    """DOCUMENT with the trained weights and the settings used."""
    doc = json.loads(json.dumps(DOCUMENT))
    arrays = []
    for level in model.levels:
        w, b = level.weights()
        arrays.append((w.detach().cpu().double().numpy(),
                       None if b is None else b.detach().cpu().double().numpy()))
    for conn, place in zip(doc["connections"], PLACES):
        if place is not None:
            level, row, col = place
            w, b = arrays[level - 1]
            conn["weight"] = float(b[row] if col < 0 else w[row, col])
    training = doc.setdefault("training", {})
    for key, value in s.items():
        if key in training or key in ("learning_rate", "mode", "batch_size", "momentum",
                                      "max_epochs", "target_error", "shuffle", "seed"):
            training[key] = value
    if s["l1"] or s["l2"] or s["regularise_bias"]:  # these need format version 2
        training.update(l1=s["l1"], l2=s["l2"], regularise_bias=s["regularise_bias"])
        doc["version"] = max(doc.get("version", 1), 2)
    return doc


def write_atomically(path, text):
    """Write `text` to `path`, all or nothing: a temporary file beside it, renamed."""
    tmp = f"{path}.{os.getpid()}.tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# ---- the command line --------------------------------------------------------------------
def number_text(x):
    text = format(x, ".6g")
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def arguments(argv=None):
    p = argparse.ArgumentParser(description=f"Train {NAME} (exported from netsim).")
    p.add_argument("--epochs", type=int, default=SETTINGS.get("max_epochs"), metavar="N",
                   help=f"number of epochs (default {SETTINGS.get('max_epochs')})")
    p.add_argument("--output", metavar="OUT", help="write the trained network here (.netsim)")
    p.add_argument("--device", help="cpu, cuda, cuda:1, ... (default: cuda when available)")
    p.add_argument("--dtype", choices=("float64", "float32"), default="float64",
                   help="number type (default float64, as netsim)")
    p.add_argument("--learning-rate", type=float, metavar="A")
    p.add_argument("--mode", choices=MODES)
    p.add_argument("--batch-size", type=int, metavar="B")
    p.add_argument("--momentum", type=float, metavar="M")
    p.add_argument("--seed", type=int, metavar="S")
    p.add_argument("--shuffle", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--target-error", type=float, metavar="E", help="stop at this epoch error")
    p.add_argument("--l1", type=float, metavar="L")
    p.add_argument("--l2", type=float, metavar="L")
    p.add_argument("--regularise-bias", action=argparse.BooleanOptionalAction, default=None)
    p.add_argument("--json", action="store_true", help="print epochs, error and history as JSON")
    args = p.parse_args(argv)
    checks = {"epochs": args.epochs is not None and args.epochs >= 1,
              "learning-rate": args.learning_rate is None or args.learning_rate >= 0,
              "batch-size": args.batch_size is None or args.batch_size >= 1,
              "momentum": args.momentum is None or 0 <= args.momentum < 1,
              "seed": args.seed is None or 0 <= args.seed < 2 ** 32,
              "l1": args.l1 is None or args.l1 >= 0, "l2": args.l2 is None or args.l2 >= 0}
    for name, fine in checks.items():
        if not fine:
            p.error(f"--{name} is out of range")
    if args.output and not os.path.isdir(os.path.dirname(os.path.abspath(args.output))):
        p.error(f"--output: there is no folder {os.path.dirname(os.path.abspath(args.output))}")
    return args


def settings(args):
    s = dict(SETTINGS)
    for key in ("learning_rate", "mode", "batch_size", "momentum", "seed", "shuffle",
                "target_error", "l1", "l2", "regularise_bias"):
        if getattr(args, key) is not None:
            s[key] = getattr(args, key)
    s["max_epochs"] = args.epochs
    return s


def refusal(s):
    """Why this script cannot train with settings `s` (one line), or None."""
    if s["mode"] not in MODES:  # netsim's perceptron rule is not gradient descent
        return (f"this script trains by gradient descent; the file's mode {s['mode']} is "
                f"not one of them: add --mode {' or --mode '.join(MODES)}")
    return None


def main(argv=None):
    args = arguments(argv)
    s = settings(args)
    if refusal(s):
        print(f"{sys.argv[0]}: {refusal(s)}", file=sys.stderr)
        return 2
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local = int(os.environ.get("LOCAL_RANK", "0"))
    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    try:
        torch.zeros(1, device=device)
    except (RuntimeError, ValueError, AssertionError) as e:  # no such device here
        print(f"{sys.argv[0]}: cannot use device {device!r}: {str(e).splitlines()[0]}",
              file=sys.stderr)
        return 2
    if device == "cuda" and world > 1:
        device = f"cuda:{local}"
    if world > 1:
        dist.init_process_group("nccl" if device.startswith("cuda") else "gloo")
    dtype = torch.float64 if args.dtype == "float64" else torch.float32
    (x, y), held = dataset()
    as_tensor = lambda a: torch.tensor(a, dtype=dtype, device=device)  # noqa: E731
    data = (as_tensor(x), as_tensor(y))
    held = None if held is None else (as_tensor(held[0]), as_tensor(held[1]))
    model = Network(dtype, device)
    bar = None
    if rank == 0 and not args.json and sys.stderr.isatty():
        bar = lambda epoch, error: print(  # noqa: E731
            f"\repoch {epoch}/{args.epochs} error {error:.6g}", end="", file=sys.stderr)
    history, tests, stopped = train(model, data, held, s, args.epochs, rank, world, bar)
    if bar:
        print(file=sys.stderr)
    diverged = stopped.startswith("training diverged")
    if rank == 0:
        if args.output:
            try:
                write_atomically(args.output,
                                 json.dumps(trained_document(model, s), indent=1) + "\n")
            except OSError as e:
                print(f"{sys.argv[0]}: cannot write {args.output}: {e.strerror or e}",
                      file=sys.stderr)
                diverged = True  # (exit status 1)
        report(args, history, tests, stopped, len(held[0]) if held is not None else 0)
        if diverged:
            print(f"{sys.argv[0]}: {stopped}", file=sys.stderr)
    if world > 1:
        dist.destroy_process_group()
    return 1 if diverged else 0


def report(args, history, tests, stopped, held):
    """The result, as `netsim train` prints it."""
    if args.json:
        out = {"epochs": len(history), "error": history[-1] if history else None,
               "history": history}
        if tests:
            out["test_error"], out["test_history"] = tests[-1], tests
        print(json.dumps(out))
        return
    error = f"error {number_text(history[-1])}" if history else "no epoch ran"
    print(f"trained {len(history)} epoch{'' if len(history) == 1 else 's'}: {error} ({stopped})")
    if tests:
        print(f"test error {number_text(tests[-1])} on the {held} held-out "
              f"row{'s' if held != 1 else ''}")
    if args.output:
        print(f"wrote {args.output}")


if __name__ == "__main__":
    sys.exit(main())

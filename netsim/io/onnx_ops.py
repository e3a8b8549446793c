"""The ONNX operators netsim imports, each as what it does to the traced columns
(onnx_trace.py). Every one gets the tracer, its inputs (a Tensor of columns, a NumPy
constant, or a _Mark), its attributes, the import's state (the input tensor, the node
being traced, the Sub and Div nodes that scale the input and the scaling found) and the
onnx module; it returns its output or raises Refused (one line).

Besides the operators a torch.nn.Sequential of Linear layers exports to, it reads what
netsim's own export writes (Sub/Div input scaling, Gather and Concat of columns, sign as
Where(z ≥ 0, 1, −1), step as Cast(z ≥ 0), leaky relu as Max(z, 0.01·z) and softplus as
Relu(z) + Log(1 + Exp(−|z|)) in float64) and torch's Softplus threshold,
Where(z > 20, z, Softplus(z)).
"""
from __future__ import annotations

import numpy as np

from .onnx_trace import ELEMENTWISE, Act, Refused, Tensor, Tracer, activated

SUPPORTED = ("MatMul, Gemm, Add and Sigmoid, Tanh, Relu, LeakyRelu, Softplus, Softmax, "
             "Identity")
# The attributes each operator may have; any other is refused.
ATTRIBUTES = {"Gemm": {"transA", "transB", "alpha", "beta"}, "LeakyRelu": {"alpha"},
              "Softmax": {"axis"}, "Gather": {"axis"}, "Concat": {"axis"}, "Cast": {"to"},
              "Transpose": {"perm"},
              "Constant": {"value", "value_float", "value_floats", "value_int", "value_ints"}}
FLOAT, DOUBLE = 1, 11  # onnx.TensorProto's FLOAT and DOUBLE
SOFTPLUS_THRESHOLD = 15.0  # torch's Softplus(z) is z above its threshold (20): see op_where


class _Mark:
    """A piece of one of netsim's composite activations (never a value of its own)."""

    def __init__(self, kind: str, of: Tensor) -> None:
        self.kind, self.of = kind, of


def _const(tracer: Tracer, value, what: str) -> np.ndarray:
    if not isinstance(value, np.ndarray):
        raise Refused(f"{tracer.where}: its {what} is computed from the input; netsim "
                      f"imports constant weights only")
    return value


def _tensor(tracer: Tracer, value, what: str = "input") -> Tensor:
    if isinstance(value, _Mark):
        raise Refused(f"{tracer.where}: its {what} is a part of a composite activation "
                      f"netsim does not recognise")
    if not isinstance(value, Tensor):
        raise Refused(f"{tracer.where}: its {what} is a constant; netsim imports nodes that "
                      f"compute from the model's input")
    return value


def _row(tracer: Tracer, c: np.ndarray, width: int) -> np.ndarray:
    """A constant that broadcasts over the columns: (), (n,), (1, n)."""
    c = np.asarray(c, dtype=float)
    if c.ndim > 2 or (c.ndim == 2 and c.shape[0] != 1) or c.size not in (1, width):
        raise Refused(f"{tracer.where}: a constant of shape {list(c.shape)} does not apply "
                      f"column by column to {width} columns")
    return np.broadcast_to(c.reshape(-1), (width,)).astype(float)


def _split(tracer: Tracer, args) -> tuple[Tensor, np.ndarray]:
    a, b = args[0], args[1]
    if isinstance(a, np.ndarray):
        a, b = b, a
    return _tensor(tracer, a), _const(tracer, b, "second operand")


def _both_const(args) -> bool:
    return all(isinstance(a, np.ndarray) for a in args if a is not None)


def op_constant(tracer, args, attrs, state, onnx):
    if "value" in attrs:
        return onnx.numpy_helper.to_array(attrs["value"])
    (key, value), = attrs.items()
    return np.asarray(value, dtype=np.int64 if "int" in key else np.float32)


def op_matmul(tracer, args, attrs, state, onnx):
    if _both_const(args):
        return np.matmul(*args)
    a = _tensor(tracer, args[0])
    return tracer.matmul(a, _const(tracer, args[1], "weight matrix").astype(float))


def op_gemm(tracer, args, attrs, state, onnx):
    if attrs.get("transA", 0):
        raise Refused(f"{tracer.where}: transA=1 would mix the batch; netsim imports "
                      f"transA=0")
    a = _tensor(tracer, args[0])
    w = _const(tracer, args[1], "weight matrix").astype(float)
    w = w.T if attrs.get("transB", 0) else w
    alpha, beta = float(attrs.get("alpha", 1.0)), float(attrs.get("beta", 1.0))
    out = tracer.matmul(a, w * alpha if alpha != 1.0 else w)
    if len(args) > 2 and args[2] is not None:
        c = _row(tracer, _const(tracer, args[2], "bias"), len(out))
        out = tracer.affine(out, add=c * beta if beta != 1.0 else c)
    return out


def op_add(tracer, args, attrs, state, onnx):
    if _both_const(args):
        return np.add(*args)
    a, b = args
    if isinstance(a, _Mark) or isinstance(b, _Mark):
        return _composite_add(tracer, a, b)
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        return tracer.add(a, b)
    t, c = _split(tracer, args)
    return tracer.affine(t, add=_row(tracer, c, len(t)))


def _composite_add(tracer, a, b):
    """Exp(−|z|) + 1, and Relu(z) + Log(...): netsim's float64 softplus."""
    if isinstance(a, _Mark) and a.kind == "exp" and isinstance(b, np.ndarray) \
            and np.all(b == 1):
        return _Mark("exp1", a.of)
    if isinstance(b, _Mark) and b.kind == "log" and isinstance(a, Tensor) and a \
            and a[0][0] == "a":
        act = a[0][1]
        if (act.name == "relu" and act.of is b.of and len(a) == act.block.width
                and all(c[0] == "a" and c[1] is act and c[2] == k for k, c in enumerate(a))
                and not (act.neurons >= 0).any()):
            return activated(Act("softplus", act.block, tracer.where, act.of))
    raise Refused(f"{tracer.where}: adds a part of a composite activation netsim does not "
                  f"recognise")


def op_sub(tracer, args, attrs, state, onnx):
    if _both_const(args):
        return np.subtract(*args)
    t = _tensor(tracer, args[0])
    c = _row(tracer, _const(tracer, args[1], "second operand"), len(t))
    out = tracer.affine(t, add=-c)
    if state["node"] in state["scaling_nodes"]:
        out.tag = ("centred", c)  # the input scaling's first half
    return out


def op_div(tracer, args, attrs, state, onnx):
    if _both_const(args):
        return np.divide(*args)
    t = _tensor(tracer, args[0])
    c = _row(tracer, _const(tracer, args[1], "divisor"), len(t))
    if (c == 0).any():
        raise Refused(f"{tracer.where}: divides by 0")
    if t.tag[:1] == ("centred",) and state["node"] in state["scaling_nodes"]:
        state["scaling"] = (t.tag[1], c)  # (x − offset) / scale: the dataset's scaling
        return state["input"]
    return tracer.affine(t, times=1.0 / c)


def op_mul(tracer, args, attrs, state, onnx):
    if _both_const(args):
        return np.multiply(*args)
    t, c = _split(tracer, args)
    return tracer.scaled(t, _row(tracer, c, len(t)))


def op_max(tracer, args, attrs, state, onnx):
    if len(args) != 2:
        raise Refused(f"{tracer.where}: netsim imports Max only as its leaky relu")
    return tracer.maximum(_tensor(tracer, args[0]), _tensor(tracer, args[1]))


def _mark(kind: str, after: str | None):
    def op(tracer, args, attrs, state, onnx):
        value = args[0]
        if after is None and isinstance(value, Tensor):
            return _Mark(kind, value)
        if isinstance(value, _Mark) and value.kind == after:
            return _Mark(kind, value.of)
        raise Refused(f"netsim cannot import {tracer.where} (it imports {SUPPORTED})")
    return op


def op_greater_or_equal(tracer, args, attrs, state, onnx):
    if isinstance(args[0], Tensor) and isinstance(args[1], np.ndarray) and not args[1].any():
        return _Mark("nonnegative", args[0])
    raise Refused(f"netsim cannot import {tracer.where} (it imports {SUPPORTED})")


def op_greater(tracer, args, attrs, state, onnx):
    """z > t, for torch's Softplus: Where(z > 20, z, Softplus(z))."""
    if isinstance(args[0], Tensor) and isinstance(args[1], np.ndarray) \
            and args[1].size == 1 and float(args[1].reshape(-1)[0]) >= SOFTPLUS_THRESHOLD:
        return _Mark("above", args[0])
    raise Refused(f"netsim cannot import {tracer.where} (it imports {SUPPORTED})")


def _constant(value, wanted: float) -> bool:
    return isinstance(value, np.ndarray) and value.size == 1 \
        and float(value.reshape(-1)[0]) == wanted


def op_where(tracer, args, attrs, state, onnx):
    """netsim's sign, Where(z ≥ 0, 1, −1); or torch's Softplus with a threshold t: z where
    z > t, else softplus(z) (the two differ by ln(1 + e^−t), less than a float32 can tell
    from z when t ≥ 15)."""
    cond, z, soft = args
    if isinstance(cond, _Mark) and cond.kind == "nonnegative" and _constant(z, 1.0) \
            and _constant(soft, -1.0):
        return tracer.activate("sign", cond.of)  # +1 where z ≥ 0, else −1
    if isinstance(cond, _Mark) and cond.kind == "above" and cond.of is z \
            and isinstance(soft, Tensor) and soft and soft[0][0] == "a" \
            and soft[0][1].name == "softplus" and soft[0][1].of is z:
        return soft
    raise Refused(f"netsim imports {tracer.where} only as netsim's sign, "
                  f"Where(z \u2265 0, 1, \u22121), or torch's softplus threshold, "
                  f"Where(z > t, z, Softplus(z))")


def op_cast(tracer, args, attrs, state, onnx):
    value = args[0]
    if isinstance(value, _Mark) and value.kind == "nonnegative" \
            and attrs.get("to") in (FLOAT, DOUBLE):
        return tracer.activate("step", value.of)  # z ≥ 0 as 1.0 or 0.0: netsim's step
    raise Refused(f"netsim cannot import {tracer.where} (it imports {SUPPORTED})")


def _activation(name: str):
    def op(tracer, args, attrs, state, onnx):
        return tracer.activate(name, _tensor(tracer, args[0]))
    return op


def op_leaky_relu(tracer, args, attrs, state, onnx):
    alpha = attrs.get("alpha", 0.01)
    if np.float32(alpha) != np.float32(0.01):
        raise Refused(f"{tracer.where} has alpha={alpha:g}; netsim's leaky relu has the "
                      f"slope 0.01")
    return tracer.activate("leaky_relu", _tensor(tracer, args[0]))


def op_softmax(tracer, args, attrs, state, onnx):
    if attrs.get("axis", -1) not in (-1, 1):
        raise Refused(f"{tracer.where} has axis={attrs['axis']}; netsim imports a softmax "
                      f"over the last axis")
    return tracer.activate("softmax", _tensor(tracer, args[0]))


def op_identity(tracer, args, attrs, state, onnx):
    if isinstance(args[0], np.ndarray):
        return args[0]
    return tracer.identity(_tensor(tracer, args[0]))


def _axis(tracer, attrs, default: int) -> None:
    if attrs.get("axis", default) not in (1, -1):
        raise Refused(f"{tracer.where} has axis={attrs.get('axis', default)}; netsim "
                      f"imports it over the columns (axis 1)")


def op_gather(tracer, args, attrs, state, onnx):
    _axis(tracer, attrs, 0)
    t = _tensor(tracer, args[0])
    idx = _const(tracer, args[1], "indices")
    if idx.ndim != 1 or idx.dtype.kind not in "iu" or ((idx < -len(t)) | (idx >= len(t))).any():
        raise Refused(f"{tracer.where}: netsim imports a Gather of columns by a list of "
                      f"column numbers")
    return Tensor(t[int(k)] for k in idx)


def op_concat(tracer, args, attrs, state, onnx):
    _axis(tracer, attrs, 1)
    return Tensor(col for a in args for col in _tensor(tracer, a))


def op_transpose(tracer, args, attrs, state, onnx):
    c = _const(tracer, args[0], "input")
    return np.transpose(c, attrs.get("perm"))


OPS = {"Constant": op_constant, "MatMul": op_matmul, "Gemm": op_gemm, "Add": op_add,
        "Sub": op_sub, "Div": op_div, "Mul": op_mul, "Max": op_max,
        "Abs": _mark("abs", None), "Neg": _mark("negative", "abs"),
        "Exp": _mark("exp", "negative"), "Log": _mark("log", "exp1"),
        "GreaterOrEqual": op_greater_or_equal, "Cast": op_cast, "Greater": op_greater,
        "Where": op_where,
        "LeakyRelu": op_leaky_relu, "Softmax": op_softmax, "Identity": op_identity,
        "Gather": op_gather, "Concat": op_concat, "Transpose": op_transpose,
        **{kind: _activation(name) for kind, name in ELEMENTWISE.items()}}

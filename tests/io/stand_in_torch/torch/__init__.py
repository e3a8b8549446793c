"""A stand-in for torch, for the tests of the exported PyTorch script (the test suite does
not install torch). It holds just what the script touches while it is imported, while it
builds its network and in its activations (element-wise arithmetic), NumPy underneath,
and records every nn.Linear made (RECORD)."""
import sys
import types

import numpy as np

RECORD = {"linears": []}  # (in_features, out_features, bias, dtype, device) per nn.Linear
float64, float32 = "float64", "float32"


def _array(x):
    return x.a if isinstance(x, Tensor) else x


class Tensor:
    def __init__(self, a):
        self.a = np.asarray(a)

    @property
    def shape(self):
        return self.a.shape

    def copy_(self, other):
        self.a[...] = _array(other)
        return self

    def __mul__(self, other):
        return Tensor(self.a * _array(other))

    def __add__(self, other):
        return Tensor(self.a + _array(other))

    __rmul__, __radd__ = __mul__, __add__

    def __sub__(self, other):
        return Tensor(self.a - _array(other))

    def __rsub__(self, other):
        return Tensor(_array(other) - self.a)

    def __truediv__(self, other):
        return Tensor(self.a / _array(other))

    def __rtruediv__(self, other):
        return Tensor(_array(other) / self.a)

    def __neg__(self):
        return Tensor(-self.a)

    def __gt__(self, other):
        return Tensor(self.a > _array(other))

    def __ge__(self, other):
        return Tensor(self.a >= _array(other))

    @property
    def dtype(self):
        return str(self.a.dtype)

    def to(self, dtype):
        return Tensor(self.a.astype(dtype))

    def abs(self):
        return Tensor(np.abs(self.a))

    def max(self, dim, keepdim=False):
        return types.SimpleNamespace(values=Tensor(self.a.max(axis=dim, keepdims=keepdim)))

    def sum(self, dim, keepdim=False):
        return Tensor(self.a.sum(axis=dim, keepdims=keepdim))

    def detach(self):
        return self

    def cpu(self):
        return self

    def double(self):
        return Tensor(self.a.astype(float))

    def numpy(self):
        return self.a


def tensor(data, dtype=None, device=None):
    return Tensor(np.array(data, dtype=float) if dtype is not None else np.array(data))


def zeros(*shape, dtype=None, device=None):
    return Tensor(np.zeros(shape))


def _elementwise(f):
    return lambda z: Tensor(f(_array(z)))


exp, log, log1p, tanh = map(_elementwise, (np.exp, np.log, np.log1p, np.tanh))


def clamp(z, min):
    return Tensor(np.maximum(_array(z), min))


def where(condition, a, b):
    return Tensor(np.where(_array(condition), _array(a), _array(b)))


def ones_like(z):
    return Tensor(np.ones_like(_array(z)))


def zeros_like(z):
    return Tensor(np.zeros_like(_array(z)))


def full_like(z, value):
    return Tensor(np.full_like(_array(z), value))


class no_grad:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __call__(self, function):
        return function


class _Module:
    def __init__(self):
        pass

    def register_buffer(self, name, value):
        setattr(self, name, value)


class _Linear(_Module):
    def __init__(self, in_features, out_features, bias=True, dtype=None, device=None):
        super().__init__()
        RECORD["linears"].append([in_features, out_features, bool(bias), dtype, device])
        self.weight = Tensor(np.full((out_features, in_features), np.nan))
        self.bias = Tensor(np.full(out_features, np.nan)) if bias else None


class _Function:
    pass


class _Optimizer:
    def __init__(self, params, defaults):
        self.param_groups, self.defaults = list(params), defaults


nn = types.ModuleType("torch.nn")
nn.Module, nn.Linear, nn.ModuleList = _Module, _Linear, lambda items: list(items)
nn.functional = types.SimpleNamespace()
nn.parallel = types.SimpleNamespace()
autograd = types.SimpleNamespace(Function=_Function)
optim = types.SimpleNamespace(Optimizer=_Optimizer)
distributed = types.ModuleType("torch.distributed")
cuda = types.SimpleNamespace(is_available=lambda: False)
sys.modules.update({"torch.nn": nn, "torch.distributed": distributed})

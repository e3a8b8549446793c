"""The optional onnx package, imported only by what needs it (export and import)."""
from __future__ import annotations


def onnx_package(error: type[Exception], missing: str):
    """The onnx module; `error(missing)` (a one-line message saying what to install)
    when it is not installed."""
    try:
        import onnx  # noqa: PLC0415 (optional: only export and import need it)
    except ImportError:
        raise error(missing) from None
    return onnx

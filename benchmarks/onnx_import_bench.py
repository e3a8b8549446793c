"""ONNX import: a 784-128-10 model, as torch writes it and as netsim's export writes it,
beside the plain cost in the same process of onnx.load (the bytes decoded, nothing traced)
and of loading the same network from a .netsim file (`make bench`; issue 15's goal: 2 s).

    python benchmarks/onnx_import_bench.py [--quick]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

from io_bench import best, layered
from netsim.io import NetworkFile, load, save

GOAL = 2.0  # seconds (issue 15)


def torch_like(path: Path, rng) -> None:
    """Gemm (transB=1) + Relu + Gemm, as torch.onnx.export writes a Sequential of Linears."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    inits = [numpy_helper.from_array(rng.normal(0, 0.05, shape).astype(np.float32), name)
             for name, shape in (("w1", (128, 784)), ("b1", (128,)), ("w2", (10, 128)),
                                 ("b2", (10,)))]
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["x", "w1", "b1"], ["z"], transB=1),
         helper.make_node("Relu", ["z"], ["h"]),
         helper.make_node("Gemm", ["h", "w2", "b2"], ["y"], transB=1)],
        "mlp", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 784])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 10])], inits)
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), path)


def line(name: str, baseline: str, base: tuple, ours: tuple, width: int = 40) -> bool:
    met = ours[0] <= GOAL
    print(f"{name:<{width}} {baseline:>17} {base[0]:>7.3f} {ours[0]:>8.3f} {ours[1]:>8.3f}"
          f"   <= {GOAL} s {'met' if met else 'NOT met'}")
    return met


def run(repeats: int, quick: bool = False) -> bool:
    """Print the figures; True when every goal is met."""
    import onnx

    from netsim.io import onnx_export, onnx_import

    print(f"\n{'ONNX import (seconds, best of ' + str(repeats) + ')':<40} {'plain':>25} "
          f"{'netsim':>8} {'(cpu)':>8}   goal")
    rng = np.random.default_rng(15)
    with tempfile.TemporaryDirectory(prefix="netsim-onnx-bench-") as tmp:
        folder = Path(tmp)
        torch_model, own_model = folder / "torch.onnx", folder / "own.onnx"
        torch_like(torch_model, rng)
        net = layered((784, 128, 10), rng)
        nf = NetworkFile(net, name="784-128-10")
        netsim_file = folder / "784-128-10.netsim"
        save(netsim_file, nf)
        onnx_export.export(nf, own_model, "float32")
        results = [
            line("torch-style 784-128-10 (Gemm, Relu)", "onnx.load",
                 best(lambda: onnx.load(str(torch_model)), repeats),
                 best(lambda: onnx_import.read(torch_model), repeats)),
            line(f"netsim export ({len(net.connections):,} conn.)", "netsim load",
                 best(lambda: load(netsim_file), repeats),
                 best(lambda: onnx_import.read(own_model), repeats)),
        ]
    return all(results)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run each")
    args = parser.parse_args(argv)
    run(1 if args.quick else 3, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())

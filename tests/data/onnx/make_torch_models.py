"""Writes the torch-made ONNX models that tests/io/test_io_onnx_torch.py imports.

Not run by the test suite (torch is not a test dependency). To regenerate, in an
environment with torch, onnx and onnxscript:

    python tests/data/onnx/make_torch_models.py

Each model is a small torch.nn.Sequential of Linear layers, exported by the classic
TorchScript exporter ("script": Gemm with transB=1) and by the dynamo exporter ("dynamo":
MatMul and Add, or Gemm), with torch's outputs for a few inputs in EXPECTED.json.
"""
import json
from pathlib import Path

import torch
from torch import nn

HERE = Path(__file__).parent
INPUTS = [[0.5, -1.0, 2.0, 0.0], [0.0, 0.3, -0.7, 1.5], [-2.0, 1.0, 0.25, -0.5]]
HEADS = {
    "sigmoid": lambda: nn.Sigmoid(), "tanh": lambda: nn.Tanh(), "relu": lambda: nn.ReLU(),
    "leaky_relu": lambda: nn.LeakyReLU(0.01), "softplus": lambda: nn.Softplus(),
    "identity": lambda: nn.Identity(),
}


def models():
    for name, act in HEADS.items():
        yield name, nn.Sequential(nn.Linear(4, 5), act(), nn.Linear(5, 2))
    yield "softmax", nn.Sequential(nn.Linear(4, 6), nn.Tanh(), nn.Linear(6, 3),
                                   nn.Softmax(dim=-1))
    yield "linear_linear", nn.Sequential(nn.Linear(4, 3), nn.Linear(3, 2, bias=False))


def main() -> None:
    torch.manual_seed(15)
    x = torch.tensor(INPUTS)
    expected = {"inputs": INPUTS, "outputs": {}}
    for name, net in models():
        net.eval()
        with torch.no_grad():
            expected["outputs"][name] = net(x).tolist()
        for exporter, dynamo in (("script", False), ("dynamo", True)):
            path = HERE / f"{name}-{exporter}.onnx"
            torch.onnx.export(net, (x,), str(path), dynamo=dynamo, input_names=["x"],
                              output_names=["y"], dynamic_axes={"x": {0: "batch"}},
                              external_data=False)
            print("wrote", path.name)
    (HERE / "EXPECTED.json").write_text(json.dumps(expected, indent=1) + "\n")


if __name__ == "__main__":
    main()

"""Build the example networks of real data in resources/examples/ (run from anywhere:
`python packaging/build_examples.py`). Each network is made here, its weights drawn from
a fixed seed, so the files can be rebuilt exactly; nothing in them is edited by hand.

    iris-softmax          4-8-3, softmax outputs named by species, cross-entropy, 20 % held out
    digits-softmax        64-32-10 on the 8 x 8 digits, "image": [8, 8], 20 % held out
    sin-fit               1-8-1 tanh fitting sin x on [-pi, pi], identity output
    parity-4bit           4-bit parity on a 4-8-1 network: why a hidden layer is needed
    and-perceptron        seed 000's perceptron rule learning AND (step output, 0/1)
    not-perceptron        ... learning NOT (sign output, ±1)
    xor-perceptron        ... never learning XOR, which no line separates (sign output, ±1)
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from netsim.engine import Dataset, Network, TrainingSettings  # noqa: E402
from netsim.engine.datasets import fit_columns, function_points, parity  # noqa: E402
from netsim.engine.init import initial_weights  # noqa: E402
from netsim.engine.layout import auto_layout  # noqa: E402
from netsim.io.fileformat import NetworkFile, save  # noqa: E402
from netsim.io.shipped import shipped  # noqa: E402

EXAMPLES = ROOT / "resources" / "examples"


def layered(inputs: list[str], hidden: int, hidden_act: str, outputs: list[str | None],
            output_act: str, image=None, init: str = "xavier", seed: int = 0) -> Network:
    """Inputs (labelled `inputs` unless they are pixels), one hidden layer, outputs
    (labelled by `outputs` where not None), a bias into every hidden and output neuron,
    every layer fully connected to the next; weights from `init` with `seed`."""
    net = Network()
    for k, label in enumerate(inputs, start=1):
        net.add_neuron(f"x{k}", "input", label=None if image else label)
    net.add_neuron("b", "bias", label="bias")
    for j in range(1, hidden + 1):
        net.add_neuron(f"h{j}", "hidden", hidden_act)
    for k, label in enumerate(outputs, start=1):
        net.add_neuron(f"o{k}", "output", output_act, label=label)
    ins, hid = net.ids("input"), net.ids("hidden")
    for h in hid:
        for x in ins + ["b"]:
            net.connect(x, h)
    for o in net.ids("output"):
        for h in hid + ["b"]:
            net.connect(h, o)
    net.set_weights(initial_weights(net, init, 0.5, seed))
    # Auto Layout's columns, spread out (4x across, 1.6x down) where every weight is drawn
    # with its number, so that the numbers of crossing connections keep clear of each other
    # (tests/canvas check it: less leaves numbers over numbers, and zoomed to fit the
    # window the numbers are too small to read either way).
    sx, sy = (1.0, 1.0) if image else (4.0, 1.6)
    for nid, (x, y) in auto_layout(net, image).items():
        net.neurons[nid].position = (x * sx, y * sy)
    return net


def iris() -> NetworkFile:
    data = shipped("iris")
    classes, y = data.one_hot()
    net = layered(data.columns, 8, "tanh", classes, "softmax")
    dataset = fit_columns(net, data.x, y).split(0.2, seed=0).scaled("standardise")
    settings = TrainingSettings(learning_rate=0.05, mode="sgd", loss="cross_entropy",
                                max_epochs=200, shuffle=True, seed=0, init="xavier")
    return NetworkFile(net, dataset, settings,
                       "Iris: 4-8-3 softmax, 3 species, 30 flowers held out for testing")


def digits() -> NetworkFile:
    data = shipped("digits")
    classes, y = data.one_hot()
    net = layered(data.columns, 32, "tanh", classes, "softmax", image=data.image)
    # Min-max scaling puts each pixel in [0, 1]; standardising would blow a pixel that is
    # ink in one image of 1,438 up to about 38.
    dataset = fit_columns(net, data.x, y, data.image).split(0.2, seed=0).scaled("minmax")
    settings = TrainingSettings(learning_rate=0.2, mode="minibatch", batch_size=32,
                                loss="cross_entropy", momentum=0.9, max_epochs=60,
                                shuffle=True, seed=0, init="xavier", l2=0.0001)
    return NetworkFile(net, dataset, settings,
                       "Handwritten digits 8x8: 64-32-10 softmax, 359 images held out")


def sin_fit() -> NetworkFile:
    net = layered(["x"], 8, "tanh", ["sin x"], "identity")
    dataset = fit_columns(net, *function_points("sin", 50))
    settings = TrainingSettings(learning_rate=0.05, mode="sgd", loss="squared_error",
                                momentum=0.5, max_epochs=3000, target_error=0.0005,
                                shuffle=True, seed=0, init="xavier")
    return NetworkFile(net, dataset, settings, "Fitting sin x: a 1-8-1 tanh network")


def parity_4bit() -> NetworkFile:
    # Parity flips with every input bit: no single layer of weights separates it (its
    # classes are not split by any one plane), while a hidden layer of 8 learns it in
    # about 230 full-batch epochs.
    net = layered(["a", "b", "c", "d"], 8, "tanh", ["odd"], "sigmoid")
    dataset = fit_columns(net, *parity(4))
    settings = TrainingSettings(learning_rate=0.5, mode="batch", loss="cross_entropy",
                                momentum=0.9, max_epochs=2000, target_error=0.01, seed=0,
                                init="xavier")
    return NetworkFile(net, dataset, settings,
                       "4-bit parity: no single layer can learn it; a hidden layer of 8 can")


def perceptron(inputs: int, activation: str, label: str, rows: list[list[float]],
               **settings) -> tuple[Network, Dataset, TrainingSettings]:
    """Seed 000's perceptron: inputs x1.., a bias, one output neuron `activation` labelled
    `label`, every weight 0 (the rule's usual start: on the boundary, sign(0) = +1 and
    step(0) = 1, so the first rows already teach it); trained by the perceptron rule with
    α = 0.5 until no row is wrong (target error 0)."""
    net = Network()
    ins = [f"x{k}" for k in range(1, inputs + 1)]
    for k, nid in enumerate(ins):
        net.add_neuron(nid, "input", position=(0.0, 160.0 * k))
    net.add_neuron("b", "bias", label="bias", position=(0.0, 160.0 * inputs))
    net.add_neuron("y", "output", activation, label=label, position=(260.0, 80.0 * inputs))
    for source in ins + ["b"]:
        net.connect(source, "y", 0.0)
    return (net, Dataset(ins, ["y"], rows),
            TrainingSettings(mode="perceptron", learning_rate=0.5, target_error=0.0, **settings))


def and_perceptron() -> NetworkFile:
    # From w = 0 the rule needs 5 epochs: tests/engine/test_perceptron.py works them out.
    rows = [[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0], [1.0, 1.0, 1.0]]
    return NetworkFile(*perceptron(2, "step", "AND", rows),
                       "AND perceptron with a step activation")


def not_perceptron() -> NetworkFile:
    rows = [[0.0, 1.0], [1.0, -1.0]]  # sign's +1 for true, −1 for false
    return NetworkFile(*perceptron(1, "sign", "NOT", rows),
                       "NOT perceptron with a sign activation")


def xor_perceptron() -> NetworkFile:
    # No line separates XOR's trues from its falses, so some row is always wrong and the
    # rule never stops: shuffled, the error jumps between 1, 2 and 3 wrong rows of 4.
    rows = [[0.0, 0.0, -1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, -1.0]]
    return NetworkFile(*perceptron(2, "sign", "XOR", rows, shuffle=True),
                       "XOR perceptron with a sign activation: it never converges")


BUILDERS = {"iris-softmax": iris, "digits-softmax": digits, "sin-fit": sin_fit,
            "parity-4bit": parity_4bit, "and-perceptron": and_perceptron,
            "not-perceptron": not_perceptron, "xor-perceptron": xor_perceptron}


def main(names=None, folder: Path = EXAMPLES) -> None:
    for name in names or BUILDERS:
        save(Path(folder) / f"{name}.netsim", BUILDERS[name]())
        print(f"wrote {Path(folder) / name}.netsim")


if __name__ == "__main__":
    main(sys.argv[1:])

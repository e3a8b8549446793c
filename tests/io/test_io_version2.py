"""Format version 2: what it adds (softmax, L1/L2), when a file is written as version 2,
version-1 files opening unchanged, and an older netsim refusing version 2 in one line."""
import json

import pytest

import netsim.io.fileformat as ff
from netsim import paths
from netsim.engine import Dataset, Network, TrainingSettings
from netsim.io import FormatError, NetworkFile, dumps, load, loads


def softmax_file() -> NetworkFile:
    net = Network()
    net.add_neuron("x", "input")
    for nid in ("a", "b"):
        net.add_neuron(nid, "output", "softmax")
        net.connect("x", nid, 0.5 if nid == "a" else -0.5)
    return NetworkFile(net, Dataset(["x"], ["a", "b"], [[1.0, 1.0, 0.0]]))


def version_of(text: str) -> int:
    return json.loads(text)["version"]


def test_a_softmax_network_is_version_2_and_round_trips():
    text = dumps(softmax_file())
    assert version_of(text) == 2
    again = loads(text)
    assert again.network.neurons["a"].activation == "softmax"
    assert dumps(again) == text


def test_regularisation_makes_version_2_with_its_keys():
    nf = softmax_file()
    nf.network.set_activation("a", "sigmoid")
    nf.network.set_activation("b", "sigmoid")
    plain = json.loads(dumps(nf))
    assert plain["version"] == 1
    assert not {"l1", "l2", "regularise_bias"} & set(plain["training"])
    nf.training = TrainingSettings(l2=0.01, l1=0.002, regularise_bias=True)
    text = dumps(nf)
    data = json.loads(text)
    assert data["version"] == 2
    assert (data["training"]["l1"], data["training"]["l2"]) == (0.002, 0.01)
    assert data["training"]["regularise_bias"] is True
    assert loads(text).training == nf.training


def test_the_perceptron_mode_and_the_sign_activation_make_version_2_and_round_trip():
    nf = softmax_file()
    nf.network.set_activation("a", "step")
    nf.network.set_activation("b", "step")
    assert version_of(dumps(nf)) == 1
    nf.training = TrainingSettings(mode="perceptron")
    text = dumps(nf)
    assert version_of(text) == 2 and json.loads(text)["training"]["mode"] == "perceptron"
    assert loads(text).training.mode == "perceptron" and dumps(loads(text)) == text
    nf.training = TrainingSettings()
    nf.network.set_activation("b", "sign")
    text = dumps(nf)
    assert version_of(text) == 2
    assert loads(text).network.neurons["b"].activation == "sign" and dumps(loads(text)) == text


@pytest.mark.parametrize("path", paths.examples(), ids=lambda p: p.stem)
def test_every_version_1_example_opens_and_saves_unchanged(path):
    text = path.read_text(encoding="utf-8")
    if version_of(text) == 1:
        assert dumps(loads(text)) == text


def test_an_older_netsim_refuses_version_2_in_one_line(monkeypatch):
    text = dumps(softmax_file())
    monkeypatch.setattr(ff, "FORMAT_VERSION", 1)  # netsim as it was before version 2
    with pytest.raises(FormatError) as info:
        loads(text, "iris.netsim")
    assert str(info.value) == ("iris.netsim: file format version 2 is newer than this "
                               "netsim understands (1); update netsim to open it")


@pytest.mark.parametrize("change, message", [
    (lambda d: d["training"].update(l2=0.1),
     "training l2 needs file format version 2, but the file says \"version\": 1"),
    (lambda d: d["training"].update(regularise_bias=False),
     "training regularise_bias needs file format version 2, but the file says \"version\": 1"),
    (lambda d: d["neurons"][-1].update(activation="softmax"),
     "activation softmax (neuron \"y\") needs file format version 2, but the file says "
     "\"version\": 1"),
    (lambda d: d["neurons"][-1].update(activation="sign"),
     "activation sign (neuron \"y\") needs file format version 2, but the file says "
     "\"version\": 1"),
    (lambda d: d["training"].update(mode="perceptron"),
     "training mode perceptron needs file format version 2, but the file says \"version\": 1"),
    (lambda d: d["dataset"].update(scaling={}),
     "the dataset's \"scaling\" needs file format version 2, but the file says \"version\": 1"),
])
def test_a_version_1_file_cannot_hold_version_2_things(change, message):
    data = json.loads(paths.example("xor-worked-example").read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(FormatError) as info:
        loads(json.dumps(data), "xor.netsim")
    assert str(info.value) == f"xor.netsim: {message}"


def test_version_2_refuses_softmax_on_a_hidden_neuron_and_a_softmax_source():
    data = json.loads(dumps(softmax_file()))
    data["neurons"][1]["role"] = "hidden"
    with pytest.raises(FormatError, match="softmax is for output neurons only"):
        loads(json.dumps(data), "s.netsim")
    data = json.loads(dumps(softmax_file()))
    data["neurons"].append({"id": "o", "role": "output", "activation": "sigmoid"})
    data["connections"].append({"source": "a", "target": "o", "weight": 1.0})
    with pytest.raises(FormatError, match="a is a softmax output, whose value depends on the "
                                          "whole group, so it cannot feed another neuron"):
        loads(json.dumps(data), "s.netsim")

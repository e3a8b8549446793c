"""A 100,000-connection file loads and saves without checking each connection on its own,
and the shortcuts keep every refusal: a file that a shortcut does not vouch for takes the
careful path, which names the first problem exactly as before."""
from __future__ import annotations

import gc

import pytest

from netsim.engine.dataset import Dataset
from netsim.engine.network import Connection, Network
from netsim.io import FormatError, NetworkFile, dumps, load, loads, save
from netsim.io import fileformat as ff
from netsim.io import validate


def layered(sizes=(3, 4, 2)) -> Network:
    """Fully connected layers with a bias neuron per layer; weights tell them apart."""
    net = Network()
    layers = []
    for k, size in enumerate(sizes):
        role = "input" if k == 0 else "output" if k == len(sizes) - 1 else "hidden"
        layers.append([net.add_neuron(f"n{k}_{i}", role).id for i in range(size)])
        if k < len(sizes) - 1:
            net.add_neuron(f"b{k}", "bias")
    w = 0.0
    for k in range(1, len(sizes)):
        for t in layers[k]:
            for s in layers[k - 1] + [f"b{k - 1}"]:
                w += 0.125
                net.connect(s, t, w - 1.0)
    return net


def test_a_clean_file_is_read_without_checking_connection_by_connection(monkeypatch):
    text = dumps(NetworkFile(layered()))

    def item_by_item(net, items):
        raise AssertionError("the careful path was taken")

    monkeypatch.setattr(validate, "_read_connections", item_by_item)
    net = loads(text).network
    assert [(c.source, c.target, c.weight) for c in net.connections] == \
        [(c.source, c.target, c.weight) for c in layered().connections]
    assert net.connection("b1", "n2_1").weight == 2.25  # the 26th and last: 26 * 0.125 - 1


def test_loading_pauses_the_collector_and_restores_it(monkeypatch):
    seen = []
    read_training = validate.read_training
    monkeypatch.setattr(validate, "read_training",
                        lambda top: seen.append(gc.isenabled()) or read_training(top))
    text = dumps(NetworkFile(layered()))
    assert gc.isenabled()
    loads(text)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        loads(text)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_save_reads_back_everything_but_the_connections(tmp_path, monkeypatch):
    read_back = []
    monkeypatch.setattr(ff, "loads", lambda text, source="<string>": read_back.append(text)
                        or loads(text, source))
    nf = NetworkFile(layered(), Dataset(["n0_0", "n0_1", "n0_2"], ["n2_0", "n2_1"],
                                        [[0, 1, 0, 1, 1]]))
    save(tmp_path / "net.netsim", nf)
    assert len(read_back) == 1
    assert '"connections": [],' in read_back[0] and '"source"' not in read_back[0]
    assert '"rows": [\n      [0.0, 1.0, 0.0, 1.0, 1.0]\n    ]' in read_back[0]
    assert (tmp_path / "net.netsim").read_text() == dumps(nf)
    assert dumps(load(tmp_path / "net.netsim")) == dumps(nf)


def _unchecked(change) -> NetworkFile:
    """XOR-like file whose connections are changed behind the Network's back."""
    net = layered((2, 2, 1))
    connections = list(net.connections)
    change(connections)
    return NetworkFile(Network(net.neurons, connections))


CONNECTION_PROBLEMS = [
    ("unknown source", lambda cs: cs.append(Connection("ghost", "n1_0", 0.5)),
     "connection ghost → n1_0 names an unknown neuron 'ghost'"),
    ("self-loop", lambda cs: cs.append(Connection("n1_0", "n1_0", 0.5)),
     "connection n1_0 → n1_0 would connect n1_0 to itself"),
    ("into an input", lambda cs: cs.append(Connection("n1_0", "n0_1", 0.5)),
     "connection n1_0 → n0_1 goes into input neuron n0_1; only hidden and output neurons "
     "receive connections"),
    ("into a bias", lambda cs: cs.append(Connection("n0_0", "b1", 0.5)),
     "connection n0_0 → b1 goes into bias neuron b1; only hidden and output neurons "
     "receive connections"),
    ("duplicate", lambda cs: cs.append(Connection("n0_0", "n1_0", 0.5)),
     "duplicate connection n0_0 → n1_0"),
    ("cycle", lambda cs: cs.append(Connection("n2_0", "n1_1", 0.5)),
     "connection n2_0 → n1_1 closes the cycle n1_1 → n2_0 → n1_1"),
    ("empty source", lambda cs: cs.append(Connection("", "n1_0", 0.5)),
     "connection #10 needs a \"source\" neuron id, not \"\""),
]


@pytest.mark.parametrize("change, problem", [c[1:] for c in CONNECTION_PROBLEMS],
                         ids=[c[0] for c in CONNECTION_PROBLEMS])
def test_save_refuses_every_connection_the_loader_refuses(tmp_path, change, problem):
    nf = _unchecked(change)
    with pytest.raises(FormatError) as loaded:
        loads(dumps(nf), "net.netsim")
    assert str(loaded.value) == f"net.netsim: {problem}"
    with pytest.raises(FormatError) as saved:
        save(tmp_path / "net.netsim", nf)
    assert str(saved.value) == f"net.netsim: not saved: {problem}"
    assert list(tmp_path.iterdir()) == []


def test_save_names_the_first_problem_in_file_order(tmp_path):
    # A bad connection comes before the dataset naming a neuron that is gone.
    nf = _unchecked(lambda cs: cs.append(Connection("n0_0", "n0_0", 1.0)))
    nf.dataset = Dataset(["n0_0", "n0_1"], ["gone"], [[0, 0, 1]])
    with pytest.raises(FormatError) as info:
        save(tmp_path / "net.netsim", nf)
    assert str(info.value) == ("net.netsim: not saved: connection n0_0 → n0_0 would "
                               "connect n0_0 to itself")
    assert list(tmp_path.iterdir()) == []


def test_save_refuses_a_file_too_costly_to_read_back(tmp_path, monkeypatch):
    monkeypatch.setattr("netsim.io.bulk.BUDGET_SLACK", 0)
    monkeypatch.setattr("netsim.io.bulk.BUDGET_FACTOR", 1)
    with pytest.raises(FormatError) as info:
        save(tmp_path / "net.netsim", NetworkFile(layered()))
    assert str(info.value).startswith("net.netsim: not saved: the file holds too many lists, "
                                      "objects and values to read")
    assert list(tmp_path.iterdir()) == []

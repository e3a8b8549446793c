"""Seed 000's XOR network built with the mouse, as a student would: place, connect, type."""
from PySide6.QtCore import Qt

import mouse
from editing import Bench
from netsim import paths
from netsim.canvas import tools
from netsim.io.fileformat import dumps, load

# Where the example file puts the neurons (all on the 20-unit grid).
PLACES = [(tools.ADD_INPUT, 0, 0), (tools.ADD_INPUT, 0, 160), (tools.ADD_BIAS, 0, 320),
          (tools.ADD_HIDDEN, 240, 0), (tools.ADD_HIDDEN, 240, 160), (tools.ADD_OUTPUT, 480, 80)]
WEIGHTS = {("x1", "h1"): "0.25", ("x2", "h1"): "0.2", ("b", "h1"): "1",
           ("x1", "h2"): "0.15", ("x2", "h2"): "0.1", ("b", "h2"): "1",
           ("h1", "y"): "0.3", ("h2", "y"): "0.4", ("b", "y"): "1"}


def neurons(nf):
    return {n.id: (n.role, n.activation, n.label, n.position) for n in nf.network.neurons.values()}


def connections(nf):
    return {c.key: (c.weight, c.trainable) for c in nf.network.connections}


def build_xor(bench: Bench) -> None:
    bench.view.set_snap(True)
    ids = [bench.place(tool, x + 3, y - 4) for tool, x, y in PLACES]  # a little off: snapped
    assert ids == ["x1", "x2", "b", "h1", "h2", "y"]
    bench.use(tools.CONNECT)
    for source, target in WEIGHTS:
        bench.connect(source, target)
    bench.use(tools.SELECT)
    for key, text in WEIGHTS.items():
        bench.type_weight(key, text)
    bench.rename("b", "bias")


def test_build_seed_000_with_the_mouse(qtbot, tmp_path):
    bench = Bench(qtbot)
    build_xor(bench)
    assert bench.stack.count() == 6 + 9 + 9 + 1  # one undo step per gesture
    bench.doc.save(tmp_path / "xor.netsim")
    built, example = load(tmp_path / "xor.netsim"), load(paths.example("xor-worked-example"))
    assert neurons(built) == neurons(example)
    assert connections(built) == connections(example)
    assert not bench.doc.modified


def test_placed_neurons_are_selected_and_sigmoid(qtbot):
    bench = Bench(qtbot)
    nid = bench.place(tools.ADD_HIDDEN, 100, 60)
    assert nid == "h1"
    assert bench.scene.selection() == (["h1"], [])
    neuron = bench.network.neurons["h1"]
    assert (neuron.role, neuron.activation, neuron.label) == ("hidden", "sigmoid", None)
    assert neuron.position == (100.0, 60.0)  # at the click, without snapping
    assert bench.stack.count() == 1
    assert bench.stack.text(0) == "Add hidden neuron h1"
    assert bench.place(tools.ADD_OUTPUT, 300, 60) == "y"
    assert bench.place(tools.ADD_OUTPUT, 300, 200) == "y1"
    assert bench.place(tools.ADD_INPUT, 0, 0) == "x1"
    assert bench.network.neurons["x1"].activation is None
    assert bench.scene.selection() == (["x1"], [])


def test_placing_does_not_scroll_the_view(qtbot):
    bench = Bench(qtbot)
    for i, tool in enumerate([tools.ADD_INPUT, tools.ADD_HIDDEN, tools.ADD_OUTPUT]):
        point = (-200 + 300 * i, 200 - 150 * i)
        before = mouse.at(bench.view, point)
        nid = bench.place(tool, *point)
        assert mouse.at(bench.view, point) == before
        assert bench.view.mapFromScene(bench.centre(nid)) == before.toPoint()


def test_connections_drawn_by_dragging_have_weight_zero(qtbot):
    bench = Bench(qtbot)
    bench.place(tools.ADD_INPUT, 0, 0)
    bench.place(tools.ADD_HIDDEN, 240, 0)
    bench.use(tools.CONNECT)
    bench.connect("x1", "h1")
    assert bench.network.connection("x1", "h1").weight == 0.0
    assert ("x1", "h1") in bench.scene.connection_items
    assert bench.stack.text(bench.stack.count() - 1) == "Connect x1 \u2192 h1"
    assert "double-click" in bench.status


def test_alt_drag_connects_in_the_select_tool(qtbot):
    bench = Bench(qtbot)
    bench.place(tools.ADD_INPUT, 0, 0)
    bench.place(tools.ADD_HIDDEN, 240, 0)
    bench.use(tools.SELECT)
    bench.connect("x1", "h1", modifiers=Qt.KeyboardModifier.AltModifier)
    assert bench.network.has_connection("x1", "h1")
    assert bench.network.neurons["x1"].position == (0.0, 0.0)  # not moved


def test_release_over_empty_canvas_connects_nothing(qtbot):
    bench = Bench(qtbot)
    bench.place(tools.ADD_INPUT, 0, 0)
    bench.use(tools.CONNECT)
    count = bench.stack.count()
    mouse.drag(bench.view, (0, 0), (200, 100))
    assert bench.stack.count() == count
    assert bench.status.startswith("No connection made")
    assert not any(type(i).__name__ == "RubberArrow" for i in bench.scene.items())


def test_undo_everything_and_redo_everything(qtbot):
    bench = Bench(qtbot)
    states = [dumps(bench.doc.file)]
    bench.stack.indexChanged.connect(lambda _i: states.append(dumps(bench.doc.file)))
    build_xor(bench)
    mouse.drag(bench.view, bench.centre("h2"), (260, 220))  # and a move
    full = dumps(bench.doc.file)
    drawn = {nid: item.pos() for nid, item in bench.scene.neuron_items.items()}
    while bench.stack.canUndo():
        bench.stack.undo()
    assert dumps(bench.doc.file) == states[0]
    assert bench.scene.neuron_items == {} and bench.scene.connection_items == {}
    while bench.stack.canRedo():
        bench.stack.redo()
    assert dumps(bench.doc.file) == full
    assert {nid: item.pos() for nid, item in bench.scene.neuron_items.items()} == drawn
    assert set(bench.scene.connection_items) == set(WEIGHTS)
    for key, item in bench.scene.connection_items.items():
        assert item.weight == float(WEIGHTS[key])

"""Network menu: Add Layer, Connect Selected, Auto Layout, Randomize, Validate; and the checks."""
import numpy as np
import pytest
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from netsim import paths
from netsim.app import network_checks
from netsim.app.network_dialogs import AddLayerDialog, LayerSpec, RandomizeDialog, RandomizeSpec, ask_randomize
from netsim.app.network_menu import (NetworkMenu, all_to_all, fed_targets, plan_layer, positions,
                                     previous_layer)
from netsim.document import Document
from netsim.document.commands import SetTrainable
from netsim.engine import Dataset, Network
from netsim.engine.init import initial_weights
from netsim.engine.layout import auto_layout
from netsim.io.fileformat import NetworkFile, dumps


class FakeScene(QObject):
    """What the menu needs of the canvas scene: selection() and select()."""
    selectionChanged = Signal()

    def __init__(self):
        super().__init__()
        self.ids, self.keys = [], []

    def selection(self):
        return list(self.ids), list(self.keys)

    def select(self, ids, keys=()):
        self.ids, self.keys = list(ids), list(keys)
        self.selectionChanged.emit()


@pytest.fixture
def doc(qapp):
    return Document.open(paths.example("xor-worked-example"))


@pytest.fixture
def menu(qtbot, doc):
    window = QWidget()
    qtbot.addWidget(window)
    m = NetworkMenu(window)
    m.scene = FakeScene()
    m.set_scene(m.scene)
    m.set_document(doc)
    m.said = []
    m.status.connect(m.said.append)
    return m


def answer(menu, spec, name="ask_layer"):
    """Make the menu's dialog return `spec`; remember what it was shown."""
    shown = []

    def fake(parent, what, *_refuse):
        shown.append(what if name != "ask_layer" else what(spec.role if spec else "hidden")[0])
        return spec
    setattr(menu, name, fake)
    return shown


def test_the_menu_and_its_actions(qtbot, menu):
    assert menu.menu.title() == "&Network"
    texts = [a.text() for a in menu.menu.actions() if not a.isSeparator()]
    assert texts == ["Add &Layer…", "&Connect Selected (All to All)", "&Auto Layout",
                     "&Randomize Weights…", "&Validate"]
    assert menu.add_layer_action.shortcut() == QKeySequence("Ctrl+L")
    menu.set_document(None)
    assert not any(a.isEnabled() for a in menu.menu.actions() if not a.isSeparator())


# ---- Add Layer -------------------------------------------------------------------------
def test_add_layer_goes_between_the_last_hidden_layer_and_the_outputs(menu, doc):
    before = dumps(doc.file)
    shown = answer(menu, LayerSpec(3, "hidden", "relu", True, True, True, 0.5, 7))
    menu.add_layer_action.trigger()
    assert shown == ["h1, h2 (the last layer before the outputs)"]
    net = doc.network
    assert [n for n in net.neurons][-4:] == ["h3", "h4", "h5", "b1"]
    assert [net.neurons[n].position for n in ("h3", "h4", "h5")] == [(460.0, 30.0), (460.0, 160.0), (460.0, 290.0)]
    assert net.neurons["b1"].role == "bias" and net.neurons["b1"].position == (350.0, 420.0)
    assert net.neurons["y"].position == (700.0, 80.0)  # moved right to make room
    assert net.neurons["h1"].position == (240.0, 0.0)
    assert all(net.neurons[n].activation == "relu" for n in ("h3", "h4", "h5"))
    assert not net.has_connection("h1", "y") and not net.has_connection("h2", "y")
    assert net.has_connection("b", "y")  # the bias of y stays
    new = [c for c in net.connections][7:]
    assert [c.key for c in new] == [
        ("h1", "h3"), ("h2", "h3"), ("b1", "h3"), ("h1", "h4"), ("h2", "h4"), ("b1", "h4"),
        ("h1", "h5"), ("h2", "h5"), ("b1", "h5"), ("h3", "y"), ("h4", "y"), ("h5", "y")]
    expected = np.random.default_rng(7).uniform(-0.5, 0.5, 12)
    np.testing.assert_allclose([c.weight for c in new], expected, rtol=0, atol=0)
    assert network_checks.findings(net, doc.dataset) == []  # Validate finds nothing
    assert doc.undo_stack.count() == 1 and doc.undo_stack.text(0) == "Add layer of 3 hidden neurons"
    after = dumps(doc.file)
    doc.undo_stack.undo()
    assert dumps(doc.file) == before
    doc.undo_stack.redo()
    assert dumps(doc.file) == after
    assert menu.said == ["Added 4 neurons and 12 connections; they replace 2 connections"]


def test_the_default_hidden_layer_passes_validate(qtbot, menu, doc, boxes):
    answer(menu, LayerSpec())  # the dialog's defaults: 2 hidden neurons, zero weights
    menu.add_layer_action.trigger()
    menu.validate_action.trigger()
    assert boxes == [("information", "Validate", "The network is valid: 2 inputs, 1 bias, 4 hidden, 1 output; "
                      "13 connections; 4 data rows")]


def test_an_output_layer_goes_after_the_right_most_column(menu, doc):
    shown = answer(menu, LayerSpec(1, "output", "sigmoid"))
    menu.add_layer_action.trigger()
    assert shown == ["y (the right-most column)"]
    net = doc.network
    assert net.neurons["y1"].position == (700.0, 160.0) and net.neurons["y"].position == (480.0, 80.0)
    assert [c.key for c in net.connections[9:]] == [("y", "y1")]


def test_a_layer_that_does_not_feed_goes_after_the_outputs(menu, doc):
    answer(menu, LayerSpec(1, "hidden", feed=False))
    menu.add_layer_action.trigger()
    net = doc.network
    assert net.neurons["h3"].position == (700.0, 160.0) and net.neurons["y"].position == (480.0, 80.0)
    assert [c.key for c in net.connections[9:]] == [("h1", "h3"), ("h2", "h3")]
    assert len(net.connections) == 11


def test_fed_targets_never_close_a_cycle(doc):
    net = doc.network
    assert fed_targets(net, ["h1", "h2"]) == ["y"]
    assert fed_targets(net, ["x1", "x2"]) == ["h1", "h2"]
    assert fed_targets(net, ["x1", "y"]) == []  # h1 and h2 lead back to y
    assert fed_targets(net, ["x1", "h1"]) == ["h2", "y"]


def test_add_layer_from_the_selection_with_zero_weights(menu, doc):
    menu.scene.select(["x1", "x2"])
    shown = answer(menu, LayerSpec(2, "output", "identity"))
    menu.add_layer_action.trigger()
    assert shown == ["x1, x2 (selected)"]
    net = doc.network
    assert net.ids("output") == ["y", "y1", "y2"]
    assert [(c.key, c.weight) for c in net.connections[9:]] == [
        (("x1", "y1"), 0.0), (("x2", "y1"), 0.0), (("x1", "y2"), 0.0), (("x2", "y2"), 0.0)]
    assert doc.undo_stack.text(0) == "Add layer of 2 output neurons"


def test_an_input_layer_has_no_connections_and_goes_left(menu, doc):
    answer(menu, LayerSpec(1, "input", "relu", True, True))
    menu.add_layer_action.trigger()
    x3 = doc.network.neurons["x3"]
    assert x3.role == "input" and x3.activation is None and x3.position == (-220.0, 160.0)
    assert len(doc.network.connections) == 9 and doc.undo_stack.text(0) == "Add layer of 1 input neuron"


def test_a_cancelled_dialog_changes_nothing(menu, doc):
    answer(menu, None)
    menu.add_layer_action.trigger()
    assert doc.undo_stack.count() == 0


def test_a_first_layer_in_an_empty_network(qtbot, menu):
    menu.set_document(Document())
    shown = answer(menu, LayerSpec(2, "input"))
    menu.add_layer_action.trigger()
    assert shown == ["nothing yet: the network is empty"]
    assert [n.position for n in menu.doc.network.neurons.values()] == [(0.0, 0.0), (0.0, 130.0)]


def test_previous_layer_is_the_right_most_column_without_bias(doc):
    net = doc.network
    net.neurons["b"].position = (500.0, 300.0)
    assert previous_layer(net, positions(net)) == ["y"]
    net.neurons["h2"].position = (470.0, 200.0)  # nudged by hand: still y's column
    assert previous_layer(net, positions(net)) == ["h2", "y"]


def test_plan_layer_changes_nothing(doc):
    before = dumps(doc.file)
    plan = plan_layer(doc.network, LayerSpec(2, bias=True), ["h1", "h2"])
    assert [n.id for n in plan.neurons] == ["h3", "h4", "b1"] and len(plan.connections) == 8
    assert plan.removed == [("h1", "y"), ("h2", "y")] and plan.moved == {"y": (700.0, 80.0)}
    assert dumps(doc.file) == before


# ---- Connect Selected ------------------------------------------------------------------
def unconnected():
    net = Network()
    for nid, role, pos in [("x1", "input", (0, 0)), ("x2", "input", (0, 130)),
                           ("h1", "hidden", (220, 0)), ("h2", "hidden", (220, 130)),
                           ("y", "output", (440, 65))]:
        net.add_neuron(nid, role, position=pos)
    return Document(NetworkFile(net))


def test_connect_selected_all_to_all_is_one_step(menu):
    doc = unconnected()
    menu.set_document(doc)
    before = dumps(doc.file)
    menu.scene.select(["y", "h2", "x1", "h1", "x2"])
    menu.connect_action.trigger()
    keys = [c.key for c in doc.network.connections]
    assert sorted(keys) == sorted([("x1", "h1"), ("x1", "h2"), ("x1", "y"), ("x2", "h1"), ("x2", "h2"),
                                   ("x2", "y"), ("h1", "y"), ("h2", "y")])
    assert doc.undo_stack.count() == 1 and menu.said == ["Made 8 connections (weight 0)"]
    doc.undo_stack.undo()
    assert dumps(doc.file) == before


def test_connect_selected_skips_what_is_refused(menu, doc):
    menu.scene.select(["x1", "x2", "h1", "h2", "y"])
    menu.connect_action.trigger()
    assert doc.network.has_connection("x1", "y") and doc.network.has_connection("x2", "y")
    assert menu.said == ["Made 2 connections (weight 0); skipped 6, e.g. duplicate connection x1 → h1"]


def test_connect_selected_needs_two_neurons(menu, doc):
    menu.scene.select(["x1"])
    menu.connect_action.trigger()
    assert doc.undo_stack.count() == 0 and "two or more" in menu.said[0]


def test_all_to_all_never_closes_a_cycle(doc):
    net = doc.network
    pos = positions(net)
    pos["h1"] = (600.0, 0.0)  # h1 drawn right of y, although y is fed by h1
    made, refused = all_to_all(net, ["h1", "y"], pos)
    assert made == [] and "cycle" in refused[0]


# ---- Auto Layout -----------------------------------------------------------------------
def test_auto_layout_is_one_step_and_keeps_the_order(menu, doc):
    before = dumps(doc.file)
    order = list(doc.network.neurons)
    menu.layout_action.trigger()
    assert list(doc.network.neurons) == order
    assert {nid: n.position for nid, n in doc.network.neurons.items()} == auto_layout(doc.network)
    assert doc.undo_stack.count() == 1 and doc.undo_stack.text(0) == "Auto layout"
    menu.layout_action.trigger()
    assert doc.undo_stack.count() == 1 and menu.said[-1] == "The neurons are already laid out"
    doc.undo_stack.undo()
    assert dumps(doc.file) == before


# ---- Randomize Weights -----------------------------------------------------------------
def test_randomize_gives_exactly_initial_weights_and_one_undo_restores(menu, doc):
    doc.undo_stack.push(SetTrainable(doc, ("b", "y"), False))
    before = dumps(doc.file)
    expected = initial_weights(doc.network.copy(), "xavier", 0.5, 0)
    shown = answer(menu, RandomizeSpec("xavier", 0.5, 0), "ask_randomize")
    menu.randomize_action.trigger()
    assert shown == [RandomizeSpec("uniform", 0.5, 0)]  # the document's settings, seed 0
    np.testing.assert_array_equal(doc.network.weights(), expected)
    assert doc.network.connection("b", "y").weight == 1.0  # frozen: kept
    assert doc.undo_stack.count() == 2
    assert doc.undo_stack.text(1) == "Randomize weights (xavier, seed 0)"
    doc.undo_stack.undo()
    assert dumps(doc.file) == before


def test_randomize_uniform_with_a_seed(menu, doc):
    answer(menu, RandomizeSpec("uniform", 2.0, 42), "ask_randomize")
    menu.randomize_action.trigger()
    np.testing.assert_array_equal(doc.network.weights(), np.random.default_rng(42).uniform(-2, 2, 9))


# ---- Validate --------------------------------------------------------------------------
@pytest.fixture
def boxes(monkeypatch):
    calls = []

    def fake(kind):
        def show(parent, title, text, *args, **kwargs):
            calls.append((kind, title, text))
            return QMessageBox.StandardButton.Ok
        return staticmethod(show)
    monkeypatch.setattr(QMessageBox, "information", fake("information"))
    monkeypatch.setattr(QMessageBox, "warning", fake("warning"))
    return calls


def test_validate_a_good_network(menu, boxes):
    menu.validate_action.trigger()
    text = "The network is valid: 2 inputs, 1 bias, 2 hidden, 1 output; 9 connections; 4 data rows"
    assert boxes == [("information", "Validate", text)] and menu.said == [text]


def test_validate_a_broken_network(menu, doc, boxes):
    doc.network.disconnect("h2", "y")
    menu.validate_action.trigger()
    kind, _, text = boxes[0]
    assert kind == "warning" and "Hidden neuron h2 has no outgoing connections." in text
    assert menu.said == ["Validate: 1 problem; Hidden neuron h2 has no outgoing connections."]


def build(spec):
    net = Network()
    for nid, role in spec["neurons"]:
        net.add_neuron(nid, role)
    for s, t in spec.get("connections", []):
        net.connect(s, t, 0.5)
    return net


def test_checks_find_what_stops_learning(doc):
    assert network_checks.findings(doc.network, doc.dataset) == []
    empty = Network()
    assert network_checks.findings(empty, None) == [
        "There are no input neurons: the network has nothing to read.",
        "There are no output neurons: the network predicts nothing.",
        "There is no dataset to learn from."]
    net = build({"neurons": [("x", "input"), ("b", "bias"), ("h", "hidden"), ("g", "hidden"),
                             ("d", "hidden"), ("y", "output")],
                 "connections": [("b", "y"), ("b", "h"), ("x", "g"), ("g", "d")]})
    data = Dataset(["x"], ["y"], [[0.0, 1.0]])
    assert network_checks.findings(net, data) == [
        "Output y is not reached from any input.",
        "Hidden neuron h has no outgoing connections.",
        "Hidden neuron g does not lead to any output.",
        "Hidden neuron d has no outgoing connections."]
    lonely = build({"neurons": [("x1", "input"), ("x2", "input"), ("y", "output")],
                    "connections": [("x1", "y")]})
    assert network_checks.findings(lonely, Dataset(["x1"], ["y"], [[1.0, 0.0]])) == [
        "Input x2 is connected to nothing.",
        "Dataset: input neuron x2 has no column in the dataset."]
    assert network_checks.findings(lonely.copy(), Dataset(["x1", "x2"], ["y"])) == [
        "Input x2 is connected to nothing.", "The dataset has no rows."]
    orphan = build({"neurons": [("x", "input"), ("h", "hidden"), ("y", "output")],
                    "connections": [("x", "y"), ("h", "y")]})
    assert network_checks.findings(orphan, Dataset(["x"], ["y"], [[1.0, 1.0]])) == [
        "Hidden neuron h has no incoming connections."]


# ---- dialogs ---------------------------------------------------------------------------
def test_the_add_layer_dialog_reads_its_fields(qtbot):
    dialog = AddLayerDialog("h1, h2 (selected)")
    qtbot.addWidget(dialog)
    assert dialog.sources_label.text() == "h1, h2 (selected)"
    dialog.count_box.setValue(5)
    dialog.activation_combo.setCurrentIndex(dialog.activation_combo.findData("tanh"))
    dialog.bias_box.setChecked(True)
    dialog.weights_combo.setCurrentIndex(1)
    dialog.seed_box.setValue(3)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.spec() == LayerSpec(5, "hidden", "tanh", True, True, True, 0.5, 3)
    assert dialog.count_box.maximum() == 1000 and dialog.count_box.minimum() == 1


def test_input_and_bias_layers_take_no_activation_or_connections(qtbot):
    dialog = AddLayerDialog("y")
    qtbot.addWidget(dialog)
    assert not dialog.scale_box.isEnabled()  # zero weights by default
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("bias"))
    assert not dialog.activation_combo.isEnabled() and not dialog.connect_box.isEnabled()
    spec = dialog.spec()
    assert spec.role == "bias" and not spec.connect and not spec.bias


def test_the_randomize_dialog(qtbot):
    dialog = RandomizeDialog(spec=RandomizeSpec("normal", 0.25, 9))
    qtbot.addWidget(dialog)
    assert dialog.spec() == RandomizeSpec("normal", 0.25, 9)
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData("xavier"))
    assert not dialog.scale_box.isEnabled()


def test_ask_randomize_returns_the_accepted_values(qtbot):
    def accept_when_shown():
        dialog = QApplication.activeModalWidget()
        dialog.seed_box.setValue(11)
        dialog.accept()
    QTimer.singleShot(0, accept_when_shown)
    assert ask_randomize(None, RandomizeSpec()) == RandomizeSpec("uniform", 0.5, 11)


def test_the_add_layer_dialog_says_what_each_role_is_fed_from_and_feeds(qtbot):
    said = {"hidden": ("h1, h2 (the last layer before the outputs)", "y, in place of h1, h2"),
            "output": ("y (the right-most column)", "")}
    dialog = AddLayerDialog(lambda role: said.get(role, ("nothing", "")))
    qtbot.addWidget(dialog)
    assert dialog.sources_label.text() == "h1, h2 (the last layer before the outputs)"
    assert dialog.feeds_label.text() == "y, in place of h1, h2"
    assert dialog.feed_box.isEnabled() and dialog.spec().feed
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("output"))
    assert dialog.sources_label.text() == "y (the right-most column)"
    assert not dialog.feed_box.isEnabled()
    dialog.role_combo.setCurrentIndex(dialog.role_combo.findData("hidden"))
    qtbot.mouseClick(dialog.feed_box, Qt.MouseButton.LeftButton)
    assert dialog.spec() == LayerSpec(feed=False)
    qtbot.mouseClick(dialog.connect_box, Qt.MouseButton.LeftButton)
    assert not dialog.feed_box.isEnabled()  # nothing to feed in place of


# ---- softmax layers --------------------------------------------------------------------
def softmax_doc():
    import three_classes
    return Document(three_classes.network_file())


def retype(qtbot, box, text):
    qtbot.keyClick(box, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(box, text)


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: the dialog grows
def test_a_softmax_output_layer_through_the_dialog(qtbot, menu, doc):
    """XOR: Add Layer, role output, softmax, typed counts: one neuron is refused (a group
    of one is always 1), three are added, softmax, fed from y."""
    from netsim.panels.activation_rules import LONE
    seen = {}

    def fill_in():
        dialog = QApplication.activeModalWidget()
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Down)  # hidden -> output
        qtbot.keyClick(dialog.activation_combo, Qt.Key.Key_End)  # -> softmax
        retype(qtbot, dialog.count_box, "1")
        seen["one"] = (dialog.message.isVisibleTo(dialog), dialog.message.text(), ok.isEnabled())
        retype(qtbot, dialog.count_box, "3")
        seen["three"] = (dialog.message.isVisibleTo(dialog), ok.isEnabled())
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, fill_in)
    menu.add_layer_action.trigger()
    assert seen == {"one": (True, LONE.format(name="y1"), False), "three": (False, True)}
    net = doc.network
    assert [(n.id, n.role, n.activation) for n in net.neurons.values()][-3:] == [
        ("y1", "output", "softmax"), ("y2", "output", "softmax"), ("y3", "output", "softmax")]
    assert [c.key for c in net.connections][-3:] == [("y", "y1"), ("y", "y2"), ("y", "y3")]
    assert doc.undo_stack.count() == 1


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: the dialog grows
def test_softmax_is_refused_on_a_hidden_layer_and_after_a_softmax_layer(qtbot):
    from netsim.app.network_menu import layer_refusal
    from netsim.panels.activation_rules import group
    doc = softmax_doc()
    net = doc.network
    dialog = AddLayerDialog("h1, h2, h3", refuse=lambda spec: layer_refusal(
        net, spec, ["h1", "h2", "h3"] if spec.role == "hidden" else ["y1", "y2", "y3"]))
    qtbot.addWidget(dialog)
    combo, ok = dialog.activation_combo, dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    i = combo.findData("softmax")
    assert not combo.model().item(i).isEnabled()
    assert combo.itemData(i, Qt.ItemDataRole.ToolTipRole) == (
        "softmax is for output neurons only (h4 would compute it over the whole output group)")
    qtbot.keyClick(combo, Qt.Key.Key_End)  # passes over softmax
    assert combo.currentData() == "sign" and ok.isEnabled()
    qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Down)  # -> output, fed from the outputs
    assert combo.model().item(i).isEnabled()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # -> softmax
    assert combo.currentData() == "softmax"
    said = ("connection setosa \u2192 y4: setosa is a softmax output, whose value depends on the "
            "whole group, so it cannot feed another neuron")
    assert dialog.message.text() == said and not ok.isEnabled()
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # step: still fed from setosa
    assert dialog.message.text() == said and not ok.isEnabled()
    qtbot.mouseClick(dialog.connect_box, Qt.MouseButton.LeftButton)  # not connected
    assert not dialog.message.isVisibleTo(dialog) and ok.isEnabled()
    assert group(net) == ["y1", "y2", "y3"]


def test_add_layer_refuses_a_softmax_hidden_layer_asked_all_the_same(menu):
    doc = softmax_doc()
    menu.set_document(doc)
    before = dumps(doc.file)
    answer(menu, LayerSpec(2, "hidden", "softmax"))
    menu.add_layer_action.trigger()
    assert menu.said == ["No layer added: softmax is for output neurons only (h4 would "
                         "compute it over the whole output group)"]
    assert dumps(doc.file) == before and doc.undo_stack.count() == 0


def test_validate_names_a_softmax_group_of_one():
    import three_classes
    nf = three_classes.network_file()
    assert network_checks.findings(nf.network, nf.dataset) == []
    for y in ("y1", "y2"):
        nf.network.set_activation(y, "sigmoid")
    assert network_checks.findings(nf.network, nf.dataset) == [
        "Output virginica is a softmax group of one: its output is always 1. Give two or "
        "more outputs softmax."]

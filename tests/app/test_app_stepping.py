"""Step-through on the canvas: seed 000's example (row 0: x = (1, 0), target 1, α 0.5)
shows exactly the engine's numbers at every stage, on the canvas and in the equation
panel; the update really changes the document's weights, undoably; back() returns
values and weights exactly; Play, Step Row, Step Epoch and the row picker."""
import numpy as np
import pytest
from editing import Bench
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar

from netsim import paths
from netsim.app.step_controls import position_of, speed_of
from netsim.app.stepping import StepController, connect_panel, rows_text
from netsim.document import Document
from netsim.document.commands import MoveNeurons, SetNeuron, SetTrainable, SetWeight
from netsim.document.settings_commands import SetTraining
from netsim.engine import TrainingSettings
from netsim.engine.step_values import number, plain, short
from netsim.engine.trace import trace
from netsim.engine.trainer import Trainer
from netsim.io.fileformat import dumps
from netsim.panels.equations import EquationPanel

ALPHA = 0.5
DOT, ARROW = " \u00b7 ", " \u2192 "


class StepBench(Bench):
    """The canvas editor with a StepController and an EquationPanel, wired as the main
    window wires them."""

    def __init__(self, qtbot, doc=None, **kwargs):
        super().__init__(qtbot, doc, **kwargs)
        self.stepping = StepController(self.scene, self.view)
        self.stepping.set_document(self.doc)
        self.view.addActions(self.stepping.actions())  # the shortcuts work on the canvas
        self.panel = EquationPanel()
        qtbot.addWidget(self.panel)
        connect_panel(self.stepping, self.panel)
        self.scene.selectionChanged.connect(self.on_selection_changed)  # as the window does
        self.statuses: list[str] = []
        self.stages: list[str] = []
        self.stepping.status.connect(self.statuses.append)
        self.stepping.stage_changed.connect(self.stages.append)

    def on_selection_changed(self):
        self.panel.set_selection(*self.scene.selection())

    def close(self):
        self.scene.selectionChanged.disconnect(self.on_selection_changed)

    @property
    def stepper(self):
        return self.stepping.stepper

    def tag(self, nid: str) -> str:
        return self.scene.neuron_items[nid].value_text()

    def detail(self, key) -> str:
        return self.scene.connection_items[tuple(key)].label.detail

    def canvas_texts(self) -> dict:
        texts = {nid: self.tag(nid) for nid in self.scene.neuron_items}
        texts.update({key: self.detail(key) for key in self.scene.connection_items})
        return texts

    def weights(self) -> dict:
        return {c.key: c.weight for c in self.network.connections}


@pytest.fixture
def bench(qtbot):
    b = StepBench(qtbot, Document.open(paths.example("xor-worked-example")))
    yield b
    b.close()


@pytest.fixture
def t(bench):
    """The engine's numbers for row 0, before any update."""
    return trace(bench.network, bench.doc.dataset, 0)


def test_each_stage_shows_the_engine_numbers(bench, t):
    n, grad = t.neurons, {(c.source, c.target): c.gradient for c in t.connections}
    bench.scene.select(["h1"], [("h1", "y")])
    bench.stepping.step()  # input
    assert bench.stages == ["input"]
    assert (bench.tag("x1"), bench.tag("x2"), bench.tag("b"), bench.tag("h1")) == \
        ("x = 1", "x = 0", "", "")
    assert "Row 0" in bench.statuses[-1] and "x1 = 1" in bench.statuses[-1]
    bench.stepping.step()  # forward 1
    h1 = f"net {number(n['h1'].net)}{DOT}out {number(n['h1'].output)}"
    assert h1 == "net 1.250 \u00b7 out 0.7773"
    assert bench.tag("h1") == h1 and bench.tag("y") == ""
    assert bench.detail(("x1", "h1")) == f"w\u00b7x {number(0.25 * 1.0)}"
    assert bench.detail(("h1", "y")) == ""
    text = bench.panel.text()
    assert f"= 0.25\u00b71 + 0.2\u00b70 + 1\u00b71 = {number(n['h1'].net)}" in text
    assert f"\u03c3(1.250) = {number(n['h1'].output)}" in text
    assert "\u03b4 comes at backward level 1" in text
    bench.stepping.step()  # forward 2
    y = f"net {number(n['y'].net)}{DOT}out {number(t.outputs['y'])}"
    assert bench.tag("y") == y
    product = 0.3 * n["h1"].output
    assert bench.detail(("h1", "y")) == f"w\u00b7x {number(product)}"
    assert f"w\u00b7x = 0.3\u00b7{number(n['h1'].output)} = {number(product)}" in bench.panel.text()
    bench.stepping.step()  # error
    assert bench.tag("y") == f"{y}\ntarget 1{DOT}J {number(t.error)}"
    assert f"J = \u00bd\u03a3 (y \u2212 o)\u00b2 = {number(t.error)}" in bench.panel.text()
    bench.stepping.step()  # backward 2
    assert bench.tag("y").endswith(f"\n\u03b4 {number(n['y'].delta)}")
    assert bench.detail(("h1", "y")) == f"\u2202J/\u2202w {number(grad['h1', 'y'])}"
    assert bench.detail(("x1", "h1")) == f"w\u00b7x {number(0.25)}"
    text = bench.panel.text()
    assert (f"\u2202J/\u2202w = \u2212\u03b4y\u00b7x = \u2212{number(n['y'].delta)}\u00b7"
            f"{number(n['h1'].output)} = {number(grad['h1', 'y'])}") in text
    bench.stepping.step()  # backward 1
    assert bench.tag("h1") == f"{h1}\n\u03b4 {number(n['h1'].delta)}"
    o = number(n["h1"].output)
    assert (f"\u03b4h1 = o(1 \u2212 o)\u00b7\u03a3 w\u00b7\u03b4 = {o}\u00b7(1 \u2212 {o})\u00b7"
            f"(0.3\u00b7{number(n['y'].delta)}) = {number(n['h1'].delta)}") in bench.panel.text()
    assert bench.weights() == {(c.source, c.target): c.weight for c in t.connections}
    assert bench.stack.count() == 0
    bench.stepping.step()  # update
    assert bench.stages[-1] == "update"
    for c in t.connections:
        new = t.updated_weight(c.source, c.target, ALPHA)
        assert bench.network.connection(c.source, c.target).weight == new
        assert bench.detail((c.source, c.target)) == f"{short(c.weight)}{ARROW}{number(new)}"
    assert bench.detail(("h1", "y")) == "0.3 \u2192 0.3100"
    assert bench.stack.count() == 1 and bench.stack.text(0) == "Update weights (row 0)"
    new = t.updated_weight("h1", "y", ALPHA)
    assert f"new w = w + \u0394w = 0.3 + {number(-ALPHA * grad['h1', 'y'])} = {number(new)}" \
        in bench.panel.text()


def test_back_restores_values_and_weights_exactly(bench):
    files, texts, panels = [], [], []
    bench.scene.select(["y"], [("x1", "h1")])
    for _ in range(10):  # through the update and into row 1
        files.append(dumps(bench.doc.file))
        texts.append(bench.canvas_texts())
        panels.append(bench.panel.text())
        bench.stepping.step()
    assert bench.stepper.row == 1 and bench.stack.count() == 1
    for i in reversed(range(10)):
        assert bench.stepping.back()
        assert dumps(bench.doc.file) == files[i]
        assert bench.canvas_texts() == texts[i]
        if i:  # (at 0 stepping had not begun; now it stands ready at row 0)
            assert bench.panel.text() == panels[i]
    assert bench.stack.index() == 0  # stepping back over the update undid it
    assert not bench.stepping.back_action.isEnabled()
    assert not bench.stepping.back() and bench.statuses[-1] == "Nothing to step back to"


def test_back_over_an_update_under_other_commands_pushes_the_old_weights(bench):
    before = bench.weights()
    bench.stepping.step_row()
    bench.stack.push(MoveNeurons(bench.doc, {"y": (480.0, 80.0)}, {"y": (500.0, 90.0)}))
    assert bench.stepper is not None  # a move leaves stepping be
    bench.stepping.back()
    assert bench.weights() == before and bench.stepper.stage is None
    assert [bench.stack.text(i) for i in range(bench.stack.count())] == [
        "Update weights (row 0)", "Move y", "Step back: restore weights (row 0)"]
    assert bench.network.neurons["y"].position == (500.0, 90.0)  # the move stays


def test_the_undo_stack_takes_each_update(bench, t):
    bench.stepping.step_row()
    bench.stepping.step_row()
    assert [bench.stack.text(i) for i in range(bench.stack.count())] == \
        ["Update weights (row 0)", "Update weights (row 1)"]
    assert bench.stepper.row == 1 and bench.stepping.row_picker.value() == 1


def test_step_epoch_is_one_sgd_epoch(bench):
    trainer = Trainer(bench.network, bench.doc.dataset,
                      TrainingSettings(learning_rate=ALPHA, mode="sgd"))
    trainer.train_epoch()
    bench.stepping.step()
    bench.stepping.step_epoch()
    np.testing.assert_allclose([c.weight for c in bench.network.connections],
                               trainer.weights(), rtol=1e-12)
    assert bench.stack.count() == 1
    assert bench.stack.text(0) == "Update weights (epoch 1, rows 0\u20133)"
    assert bench.stepper.row == 3 and bench.stages[-1] == "update"
    assert bench.stepping.row_picker.value() == 3
    bench.stepping.step_epoch()  # the whole next epoch
    assert bench.stack.text(1) == "Update weights (epoch 2, rows 0\u20133)"


def test_the_row_picker_chooses_and_shows_the_row(bench, qtbot):
    picker = bench.stepping.row_picker
    assert (picker.minimum(), picker.maximum(), picker.value()) == (0, 3, 0)
    picker.setValue(2)
    assert bench.stepper is None and bench.stepping.row == 2
    bench.stepping.step()
    assert bench.stepper.row == 2 and bench.tag("x2") == "x = 1"
    bench.stepping.step_row()
    bench.stepping.step()  # the next row begins
    assert picker.value() == 3 and bench.stepper.row == 3
    picker.setValue(0)  # while stepping: row 0, nothing revealed yet
    assert bench.stepper.row == 0 and bench.stepper.stage is None
    assert bench.stages[-1] == "ready" and bench.tag("x1") == ""
    bench.stepping.back()
    assert picker.value() == 3


def test_rows_held_out_for_testing_are_not_stepped_through(qtbot):
    doc = Document.open(paths.example("xor-worked-example"))
    doc.file.dataset = doc.dataset.with_test([False, False, False, True])  # row 3 held out
    bench = StepBench(qtbot, doc)
    try:
        bench.stepping.step_row()
        bench.stepping.step_row()
        bench.stepping.step_row()
        assert (bench.stepper.row, bench.stepper.epoch) == (2, 0)
        bench.stepping.step()  # after row 2 comes row 0 of the next epoch, not row 3
        assert (bench.stepper.row, bench.stepper.epoch) == (0, 1)
        picker = bench.stepping.row_picker
        picker.setValue(3)
        assert bench.statuses[-1] == ("Row 3 is held out for testing, and stepping trains "
                                      "only on the training rows")
        assert bench.stepper.row == 0 and picker.value() == 0
    finally:
        bench.close()


def test_play_steps_on_its_timer(bench, qtbot):
    bench.stepping.set_speed(10.0)
    assert bench.stepping.timer.interval() == 100
    bench.stepping.play_action.trigger()
    assert bench.stepping.timer.isActive() and bench.stepping.play_action.text() == "Pause"
    qtbot.waitUntil(lambda: bench.stepper is not None and bench.stepper.index >= 3, timeout=3000)
    bench.stepping.play_action.trigger()
    assert not bench.stepping.timer.isActive() and bench.stepping.play_action.text() == "Play"
    index = bench.stepper.index
    qtbot.wait(250)
    assert bench.stepper.index == index


def test_speed_slider(bench):
    assert (speed_of(0), speed_of(50), speed_of(100)) == (pytest.approx(0.1), 1.0, 10.0)
    bench.stepping.speed_slider.setValue(position_of(2.0))
    assert bench.stepping.speed == pytest.approx(2.0, rel=0.05)
    assert bench.stepping.timer.interval() == round(1000 / bench.stepping.speed)
    assert bench.stepping.speed_label.text() == "2.0\u00d7"


def test_keys_step_and_step_back(bench, qtbot):
    bench.key(Qt.Key.Key_F10)
    bench.key(Qt.Key.Key_F10)
    assert str(bench.stepper.stage) == "forward 1"
    bench.key(Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert str(bench.stepper.stage) == "input"
    bench.key(Qt.Key.Key_F11)
    assert bench.stepper.row_done and bench.stack.count() == 1


def test_pulses_run_along_the_arrows_of_the_level(bench, qtbot):
    bench.stepping.step()
    bench.stepping.step()
    overlay = bench.stepping.overlay
    assert set(overlay.pulsing()) == {("x1", "h1"), ("x2", "h1"), ("b", "h1"),
                                      ("x1", "h2"), ("x2", "h2"), ("b", "h2")}
    pulse = bench.scene.connection_items[("x1", "h1")].pulse
    assert pulse.isVisible()
    qtbot.waitUntil(lambda: not overlay.pulsing(), timeout=3000)
    assert not pulse.isVisible()
    bench.stepping.step_row()  # no pulses for whole rows
    assert not overlay.pulsing()


def test_changes_from_elsewhere_stop_stepping(bench):
    bench.stepping.step_row()
    bench.stack.push(SetNeuron(bench.doc, "h1", "label", "OR"))  # a rename: stepping goes on
    assert bench.stepper is not None and bench.tag("h1")
    bench.stack.push(SetWeight(bench.doc, ("x1", "h1"), 2.0))
    assert bench.stepper is None and bench.stages[-1] == ""
    assert bench.canvas_texts() == {k: "" for k in bench.canvas_texts()}
    assert "Stepping stopped" in bench.statuses[-1]
    assert "Press Step" in bench.panel.text()
    bench.stepping.step()
    bench.doc.file.training.learning_rate = 0.1
    bench.doc.set_dataset(bench.doc.dataset)  # any dataset change
    assert bench.stepper is None


def test_a_change_that_names_its_connections_is_checked_there(bench):
    bench.stepping.step_row()
    key = ("x1", "h1")
    bench.stack.push(SetWeight(bench.doc, key, bench.network.connection(*key).weight))
    assert bench.stepper is not None  # the weight it names is still the stepper's
    bench.stack.push(SetTrainable(bench.doc, key, False))
    assert bench.stepper is None  # frozen: the stepper would still train it


def test_undo_of_an_update_from_the_stack_stops_stepping(bench):
    bench.stepping.step_row()
    bench.stack.undo()
    assert bench.stepper is None and bench.tag("y") == ""


def test_stop_gives_back_the_plain_canvas(bench):
    labels = {k: (i.label.pos(), i.label.pill_rect()) for k, i in bench.scene.connection_items.items()}
    bench.stepping.step_row()
    assert bench.stepping.stop_action.isEnabled()
    bench.stepping.stop_action.trigger()
    assert bench.stepper is None and bench.statuses[-1] == "Stepping stopped"
    assert bench.network.connection("h1", "y").weight != 0.3  # the update stays
    bench.stack.undo()  # the same numbers as at first: the same pills in the same places
    assert {k: (i.label.pos(), i.label.pill_rect())
            for k, i in bench.scene.connection_items.items()} == labels
    assert all(i.value_fill is None for i in bench.scene.neuron_items.values())
    assert all(i.value_rect().isEmpty() for i in bench.scene.neuron_items.values())


def test_without_data_there_is_nothing_to_step(qtbot):
    bench = StepBench(qtbot)
    bench.close()
    assert not bench.stepping.step()
    assert bench.statuses[-1] == "Nothing to step through: the network has no dataset"
    assert not bench.stepping.row_picker.isEnabled()
    bench.stepping.play_action.trigger()
    assert not bench.stepping.timer.isActive() and not bench.stepping.play_action.isChecked()


def test_input_values_are_shown_as_given(bench):
    bench.stepping.set_row(3)
    bench.stepping.step()
    assert bench.tag("x1") == f"x = {plain(1.0)}" == "x = 1"


def test_step_epoch_in_batch_mode_ends_on_one_train_epoch(qtbot, make_window):
    """Mode = Batch in the Training dock, then the Step Epoch button: the document's weights
    are exactly those of Train 1 epoch (each row's ∂J/∂w summed, one update with the mean),
    not four sgd updates."""
    window = make_window()
    window.set_document(Document.open(paths.example("xor-worked-example")))
    doc, start = window.document, [c.weight for c in window.document.network.connections]
    window.training_dock.raise_()
    combo = window.training_panel.combos["mode"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)  # the last mode: Batch (all rows)
    assert doc.file.training.mode == "batch"
    toolbar = next(b for b in window.findChildren(QToolBar) if b.objectName() == "stepToolBar")
    button = toolbar.widgetForAction(window.stepping.epoch_action)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    stepped = [c.weight for c in doc.network.connections]
    assert window.stepping.stepper.row == 3 and doc.undo_stack.undoText() == \
        "Update weights (epoch 1, rows 0\u20133)"
    # one batch epoch gives 0.249 / 0.199 / 0.999 (four sgd updates: 0.248 / 0.198 / 0.995)
    assert [round(w, 3) for w in stepped[:3]] == [0.249, 0.199, 0.999]
    trainer = Trainer(doc.network, doc.dataset, doc.file.training, weights=start)
    trainer.train_epoch()
    np.testing.assert_allclose(stepped, trainer.weights(), rtol=1e-12, atol=1e-15)
    assert "Batch: row 3 is 4 of 4 in the batch; one update after row 3, with the mean " \
           "\u2202J/\u2202w \u00b7 \u03b1 = 0.5" in window.equations.text()
    window.stepping.stop()
    doc.undo_stack.undo()  # back to the start, then Train 1 epoch in the training process
    assert [c.weight for c in doc.network.connections] == start
    with qtbot.waitSignal(window.training.running_changed, timeout=60_000,
                          check_params_cb=lambda running: not running):
        window.training.train(1)
    np.testing.assert_allclose([c.weight for c in doc.network.connections], stepped,
                               rtol=1e-12, atol=1e-15)
    doc.undo_stack.setClean()


def test_choosing_another_mode_stops_stepping(bench):
    bench.stepping.step_row()
    assert "SGD: the weights change after every row" in bench.stepping.stage_label.toolTip()
    bench.stack.push(SetTraining(bench.doc, {"max_epochs": 50}))  # not what a step does
    assert bench.stepper is not None
    bench.stack.push(SetTraining(bench.doc, {"mode": "minibatch", "batch_size": 2}))
    assert bench.stepper is None
    assert bench.statuses[-1] == ("Stepping stopped: the network, its data or its settings "
                                  "changed")
    assert bench.stepping.row_picker.value() == 0  # a new stepping begins the epoch
    bench.key(Qt.Key.Key_F11)  # Step Row: row 0, summed into its batch of two, no update
    assert bench.stepper.stage.kind == "accumulate" and bench.stack.count() == 3
    assert bench.stepping.stage_label.text() == "  Accumulate"
    g0 = trace(bench.network, bench.doc.dataset, 0).connections[6]  # h1 -> y, row 0
    assert (g0.source, g0.target) == ("h1", "y")
    assert bench.detail(("h1", "y")) == f"mean \u2202J/\u2202w {number(g0.gradient)}{DOT}1 row"
    bench.key(Qt.Key.Key_F11)  # row 1 ends the batch: one update with the mean
    assert bench.stack.count() == 4 and bench.stack.text(3) == "Update weights (rows 0\u20131)"


def test_shuffled_step_epoch_names_the_rows_in_their_order(bench):
    bench.stack.push(SetTraining(bench.doc, {"shuffle": True, "seed": 7}))
    order = np.random.default_rng(7).permutation(4).tolist()  # the trainer's first epoch
    bench.stepping.step_epoch()
    assert bench.stack.text(1) == f"Update weights (epoch 1, rows {', '.join(map(str, order))})"
    assert bench.stepper.row == order[-1] and bench.stepping.row_picker.value() == order[-1]
    assert f"rows shuffled (seed 7): {', '.join(map(str, order))}" in \
        bench.stepping.stage_label.toolTip()
    assert (rows_text([2]), rows_text([0, 1, 2]), rows_text(list(range(9, 1, -1)))) == \
        ("row 2", "rows 0\u20132", "rows 9, 8, 7, 6, 5, 4, \u2026")


def test_picking_a_row_back_in_the_batch_says_its_sum_starts_again(bench):
    bench.stack.push(SetTraining(bench.doc, {"mode": "batch"}))
    bench.stepping.step_row()
    bench.stepping.step_row()  # rows 0 and 1 summed
    bench.stepping.row_picker.setValue(0)
    assert bench.statuses[-1] == ("Row 0 next: the batch's sum of \u2202J/\u2202w over 2 rows "
                                  "was dropped and starts again from this row")
    assert bench.stepper.summed == 0 and bench.stack.count() == 1

"""Running every panel of a window on the shown network, as a person would (for the tests
of what a window shows after another network is opened, and of files with next to
nothing in them)."""
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

LONG = 60_000  # ms: how long a background run may take on a busy machine


def lesson(window, qtbot):
    """Train ▸ Compare Step Sizes by its shortcut, to the end."""
    QTest.keyClick(window, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    explorer = window.plots["Learning Rates"]
    qtbot.waitUntil(lambda: not explorer.running, timeout=LONG)


def type_into(qtbot, field, text):
    """Replace a field's text key by key and press Enter, as a person would."""
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def run_every_panel(window, qtbot, tmp_path):
    """Use every panel on the shown network, as a person would, leaving each with results
    (or its refusal), and the status bar and the Training dock with messages."""
    explorer = window.plots["Learning Rates"]
    explorer.mode.setCurrentIndex(1)  # a learning-rate sweep
    explorer.count.setValue(4)
    qtbot.mouseClick(explorer.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not explorer.running, timeout=LONG)
    lesson(window, qtbot)  # compare, with the landscape's descent paths
    net = window.document.network
    window.scene.select([], [c.key for c in net.connections[:2]])  # the 2-D landscape
    window.plots["Error Landscape"].steps.setValue(7)
    window.scene.select([], [c.key for c in net.connections[:1]])
    checker = window.plots["Gradient Check"]
    qtbot.mouseClick(checker.button, Qt.MouseButton.LeftButton)
    restarts = window.plots["Restarts"]
    restarts.runs.setValue(3)
    restarts.epochs.setValue(20)
    qtbot.mouseClick(restarts.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not restarts.running, timeout=LONG)
    weights = window.plots["Weight Matrix"]  # the last pair of levels, a cell clicked
    weights.pair_box.setCurrentIndex(weights.pair_box.count() - 1)
    if weights.matrix is not None:
        point = weights.plot.mapFromScene(weights.scene_point(0, 0))
        qtbot.mouseClick(weights.plot.viewport(), Qt.MouseButton.LeftButton, pos=point)
    window.training.train(5)
    qtbot.waitUntil(lambda: not window.training.is_running(), timeout=LONG)
    window.scene.select(list(net.neurons)[-1:], [])  # the Neuron plot and the equations
    for _ in range(3):
        window.stepping.step()
    # refusals in the docks, the last one also in the status bar
    window.dataset_panel.export_csv(tmp_path / "no-such-folder" / "rows.csv")
    window.training_dock.raise_()
    type_into(qtbot, window.training_panel.fields["learning_rate"], "fast")
    assert window.training_panel.message.isVisible()
    assert window.statusBar().currentMessage() == window.training_panel.message.text()
    window.scene.select(list(net.neurons)[:1], [])
    window.scene.select([], [])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.statusBar().currentMessage() == "Nothing is selected to delete"

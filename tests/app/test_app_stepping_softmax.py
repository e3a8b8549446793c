"""A softmax network stepped in the main window: L2 and L1 typed into the Training dock,
the Step button clicked stage by stage, and the Equations dock showing e^net over the
group's sum, δ = y − o and the update with the penalty, with the numbers of an
independent computation and the stepper's own new weights."""
import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolBar
from softmax_net import Expected, dataset, network

from netsim.document import Document
from netsim.engine import TrainingSettings
from netsim.engine.step_values import number
from netsim.io.fileformat import NetworkFile

MINUS, DOT = "\u2212", "\u00b7"


def type_into(qtbot, field, text):
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_softmax_and_penalty_in_the_equations_dock(qtbot, make_window):
    window = make_window()
    doc = Document(NetworkFile(network(), dataset(), TrainingSettings(loss="cross_entropy")))
    window.set_document(doc)
    window.training_dock.raise_()
    type_into(qtbot, window.training_panel.fields["l2"], "0.01")
    type_into(qtbot, window.training_panel.fields["l1"], "0.001")
    assert (doc.file.training.l2, doc.file.training.l1) == (0.01, 0.001)
    window.equations_dock.show()
    window.scene.select(["c"], [("x1", "c"), ("b", "c")])
    toolbar = next(b for b in window.findChildren(QToolBar) if b.objectName() == "stepToolBar")
    step = toolbar.widgetForAction(window.stepping.step_action)
    ex = Expected("cross_entropy")
    o = {t: number(v) for t, v in ex.o.items()}
    qtbot.mouseClick(step, Qt.MouseButton.LeftButton)  # input
    qtbot.mouseClick(step, Qt.MouseButton.LeftButton)  # forward 1: the softmax
    text = window.equations.text()
    assert (f"outc = exp(netc) / \u03a3j exp(netj) = e{number(ex.net['c'])} / {number(ex.total)} = "
            f"{number(ex.e['c'])} / {number(ex.total)} = {o['c']}") in text
    qtbot.mouseClick(step, Qt.MouseButton.LeftButton)  # error
    assert f"Jc = {MINUS}y{DOT}ln o = {MINUS}1{DOT}ln {o['c']} = {number(ex.shares['c'])}" \
        in window.equations.text()
    qtbot.mouseClick(step, Qt.MouseButton.LeftButton)  # backward 1
    assert f"\u03b4c = y {MINUS} o = 1 {MINUS} {o['c']} = {number(ex.delta['c'])}" \
        in window.equations.text()
    qtbot.mouseClick(step, Qt.MouseButton.LeftButton)  # update
    stepper = window.stepping.stepper
    text = window.equations.text()
    g, d = ex.gradient("x1", "c"), ex.step("x1", "c", 0.5, l1=0.001, l2=0.01)
    assert (f"\u0394w = {MINUS}\u03b1{DOT}(\u2202J/\u2202w + \u03bb\u2082{DOT}w + \u03bb\u2081"
            f"{DOT}sign w) = {MINUS}0.5{DOT}({number(g)} + 0.01{DOT}(\u22120.3) + "
            f"0.001{DOT}(\u22121)) = {number(d)}") in text
    new = stepper.numbers.new_weights[stepper.slots[("x1", "c")]]
    np.testing.assert_allclose(new, -0.3 + d, rtol=1e-13)
    assert f"new w = w + \u0394w = \u22120.3 + {number(d) if d > 0 else f'({number(d)})'} = " \
           f"{number(new)}" in text
    assert "\u03bb\u2081, \u03bb\u2082 leave bias weights alone" in text
    assert doc.network.connection("x1", "c").weight == new  # the update is the document's
    window.stepping.stop()
    doc.undo_stack.setClean()

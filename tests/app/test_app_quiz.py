"""Step ▸ Quiz, as a learner uses it: turned on from the menu, F10 asks before each stage,
the answer is typed and judged, a miss shows the formula with its numbers, and the score
counts per row and per session."""
import math

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from netsim import paths
from netsim.panels.quiz_panel import OFF, WAITING
from test_app_compare_activations import click_menu
from test_app_softmax_menus import OFFSCREEN

pytestmark = pytest.mark.qt_log_ignore(OFFSCREEN)
SIG = lambda z: 1 / (1 + math.exp(-z))  # noqa: E731


@pytest.fixture
def window(make_window, qtbot):
    w = make_window()
    w.open_example(paths.example("xor-worked-example"))
    assert w.quiz_panel.question.text() == OFF
    click_menu(qtbot, w, "Step", "Quiz")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)
    w.activateWindow()  # the keys go to the window again once the menu is gone
    qtbot.waitUntil(w.isActiveWindow)
    assert w.quiz.on and w.quiz_dock.isVisible()
    assert w.quiz_panel.question.text() == WAITING
    return w


def f10(window):
    QTest.keyClick(window, Qt.Key.Key_F10)


def answer(qtbot, window, text):
    field = window.quiz_panel.field
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_f10_asks_before_the_stage_and_an_answer_reveals_it(qtbot, window):
    panel, stepping = window.quiz_panel, window.stepping
    window.scene.select(["h1"], [])
    f10(window)  # the inputs: given, not asked
    assert str(stepping.stepper.stage) == "input"
    f10(window)
    assert panel.question.text() == "Row 0 · Forward · level 1: What is net h1?"
    assert panel.tolerance.text() == "Accepted within 1 % or 0.001"
    f10(window)  # held while the question is open
    assert str(stepping.stepper.stage) == "input"
    answer(qtbot, window, "1.25")
    assert panel.verdict.text() == "\u2713 Right: net h1 = 1.25"
    assert panel.question.text() == "Row 0 · Forward · level 1: What is out h1?"
    assert str(stepping.stepper.stage) == "input"  # out is still to come
    answer(qtbot, window, "1.25")
    assert str(stepping.stepper.stage) == "forward 1"  # revealed
    out = f"{SIG(1.25):.6g}"
    assert panel.verdict.text() == (f"\u2717 out h1 = {out}; you typed 1.25. That is net; "
                                    "out = \u03c3(net).")
    assert panel.formula.isVisible()
    assert "outh1 = \u03c3(neth1) = \u03c3(1.250) = 0.7773" in panel.formula.toPlainText()
    assert panel.score.text() == "This row: 1 of 2 · This session: 1 of 2"
    assert panel.question.text() == WAITING


def test_bad_input_loses_nothing_and_reveal_counts_a_miss(qtbot, window):
    panel, stepping = window.quiz_panel, window.stepping
    f10(window)
    f10(window)
    asked = panel.question.text()
    answer(qtbot, window, "one point two")
    assert panel.message.text() == "\u201cone point two\u201d is not a number."
    assert panel.question.text() == asked and panel.score.text().endswith("0 of 0")
    qtbot.mouseClick(panel.reveal_button, Qt.MouseButton.LeftButton)  # give up on net
    qtbot.mouseClick(panel.reveal_button, Qt.MouseButton.LeftButton)  # ... and on out
    assert str(stepping.stepper.stage) == "forward 1"
    assert panel.score.text() == "This row: 0 of 2 · This session: 0 of 2"
    assert panel.verdict.text().startswith("\u2717 out ")


def test_the_tolerance_is_a_setting_refused_when_bad(qtbot, window):
    panel = window.quiz_panel
    field = panel.relative_field
    field.clear()
    qtbot.keyClicks(field, "5")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert str(window.quiz.tolerance) == "within 5 % or 0.001"
    assert float(window.settings.value("quiz/relative")) == 0.05
    field.clear()
    qtbot.keyClicks(field, "-1")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert panel.message.text().startswith("Tolerance not changed: ")
    assert field.text() == "5" and str(window.quiz.tolerance) == "within 5 % or 0.001"
    window.scene.select(["h1"], [])
    f10(window)
    f10(window)
    answer(qtbot, window, "1.31")  # 1.25 + 4.8 %
    assert panel.verdict.text().startswith("\u2713 Right: net h1 = 1.25")


def test_play_stops_at_a_question(qtbot, window):
    stepping = window.stepping
    stepping.play(True)
    qtbot.waitUntil(lambda: not stepping.play_action.isChecked(), timeout=10000)
    assert window.quiz.pending and str(stepping.stepper.stage) == "input"


def test_a_row_is_scored_apart_and_another_document_starts_again(qtbot, window):
    panel, stepping = window.quiz_panel, window.stepping
    f10(window)
    while not stepping.stepper.row_done:
        f10(window)
        while window.quiz.pending:
            q = window.quiz.pending[0]
            answer(qtbot, window, repr(q.answer))
    assert panel.score.text() == "This row: 8 of 8 · This session: 8 of 8"
    f10(window)  # row 1's inputs
    f10(window)
    answer(qtbot, window, "99")
    assert panel.score.text() == "This row: 0 of 1 · This session: 8 of 9"
    window.open_example(paths.example("two-two-two"))
    assert panel.score.text() == "This row: 0 of 0 · This session: 0 of 0"
    assert window.quiz.on and panel.question.text() == WAITING


def test_a_missed_net_shows_its_formula_once_the_stage_is_revealed(qtbot, window):
    panel, stepping = window.quiz_panel, window.stepping
    window.scene.select(["h1"], [])
    f10(window)
    f10(window)
    answer(qtbot, window, "0.25")  # the bias left out
    assert panel.verdict.text() == ("\u2717 net h1 = 1.25; you typed 0.25. The bias is left out: "
                                    "its weight times 1 belongs in the sum. The formula comes "
                                    "with the stage.")
    assert not panel.formula.isVisible()  # it would give out h1 away
    answer(qtbot, window, repr(SIG(1.25)))
    assert str(stepping.stepper.stage) == "forward 1"
    assert panel.verdict.text().startswith("\u2713 Right: out h1 = ")
    assert panel.formula.isVisible()
    text = panel.formula.toPlainText()
    assert "neth1 = \u03a3 w\u00b7x = 0.25\u00b71 + 0.2\u00b70 + 1\u00b71 = 1.250" in text

"""QuizPanel: the Quiz dock's face. It shows the question, takes the typed answer, shows
the verdict (with the formula and its numbers after a miss) and the score; what is asked
and how it is judged are the QuizController's (app/quiz.py) and the engine's
(engine/quiz.py). Every text from the network (names in a question) is set as plain text.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QTextBrowser, QVBoxLayout, QWidget)

from ..canvas.style import ACCEPTED, REFUSED
from .refusal import RefusalLabel

OFF = ("Turn on Step \u25b8 Quiz (Ctrl+Shift+Q), then press Step (F10): before each stage "
       "is revealed you predict one of its numbers.")
WAITING = "Press Step (F10): the next stage's number is asked before it is revealed."


class QuizPanel(QWidget):
    answered = Signal(str)  # the text typed as the answer
    reveal_requested = Signal()  # give up: show the answer and the stage
    tolerance_typed = Signal(str, str)  # the relative (%) and absolute tolerance typed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = QLabel(OFF)
        self.question.setTextFormat(Qt.TextFormat.PlainText)
        self.question.setWordWrap(True)
        font = self.question.font()
        font.setBold(True)
        self.question.setFont(font)
        self.field = QLineEdit()
        self.field.setPlaceholderText("your answer")
        self.field.setToolTip("Type the number and press Enter")
        self.field.setMinimumWidth(120)
        self.check_button = QPushButton("Check")
        self.check_button.setToolTip("Judge the answer, then reveal the stage (Enter)")
        self.reveal_button = QPushButton("Reveal")
        self.reveal_button.setToolTip("Show the answer and the stage without answering "
                                      "(counts as a miss)")
        self.tolerance = QLabel()
        self.tolerance.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.message = RefusalLabel()
        self.verdict = QLabel()
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.formula = QTextBrowser()
        self.formula.setFrameShape(QFrame.Shape.NoFrame)
        self.formula.setOpenLinks(False)
        self.formula.setVisible(False)
        self.score = QLabel()
        self.score.setTextFormat(Qt.TextFormat.PlainText)
        self.relative_field, self.absolute_field = QLineEdit(), QLineEdit()
        for field, tip in ((self.relative_field, "Accepted within this many per cent of the "
                            "answer ..."), (self.absolute_field, "... or within this much of "
                                                                  "it, whichever is wider")):
            field.setToolTip(tip)
            field.setMaximumWidth(70)
            field.editingFinished.connect(self._on_tolerance_typed)
        self._lay_out()
        self.field.returnPressed.connect(lambda: self.answered.emit(self.field.text()))
        self.check_button.clicked.connect(lambda: self.answered.emit(self.field.text()))
        self.reveal_button.clicked.connect(self.reveal_requested.emit)
        self.show_off()

    def _lay_out(self) -> None:
        answer = QHBoxLayout()
        answer.addWidget(self.field, 1)
        answer.addWidget(self.check_button)
        answer.addWidget(self.reveal_button)
        answer.addStretch(2)  # a number's field, not a line across the window
        settings = QHBoxLayout()
        settings.addWidget(QLabel("Accept within"))
        settings.addWidget(self.relative_field)
        settings.addWidget(QLabel("% or"))
        settings.addWidget(self.absolute_field)
        settings.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.question)
        layout.addLayout(answer)
        layout.addWidget(self.tolerance)
        layout.addWidget(self.message)
        layout.addWidget(self.verdict)
        layout.addWidget(self.formula, 1)
        layout.addWidget(self.score)
        layout.addStretch(0)
        layout.addLayout(settings)

    def _on_tolerance_typed(self) -> None:
        self.tolerance_typed.emit(self.relative_field.text(), self.absolute_field.text())

    # ---- what the controller shows ---------------------------------------------------
    def _asking(self, on: bool) -> None:
        for widget in (self.field, self.check_button, self.reveal_button):
            widget.setEnabled(on)

    def show_off(self) -> None:
        self.question.setText(OFF)
        self._asking(False)
        self.field.clear()
        self.show_verdict("", None)
        self.message.clear_refusal()

    def show_waiting(self) -> None:
        """Quiz on, no question now."""
        self.question.setText(WAITING)
        self._asking(False)

    def show_question(self, text: str, tolerance: str) -> None:
        self.question.setText(text)
        self.tolerance.setText(f"Accepted {tolerance}")
        self.message.clear_refusal()
        self.field.clear()
        self._asking(True)
        self.field.setFocus()

    def show_verdict(self, text: str, right: bool | None, formula_html: str = "") -> None:
        """The verdict line (green when right, red when not), and the formula after a miss."""
        self.verdict.setText(text)
        self.verdict.setVisible(bool(text))
        palette = self.verdict.palette()
        if right is not None:
            palette.setColor(QPalette.ColorRole.WindowText, ACCEPTED if right else REFUSED)
        self.verdict.setPalette(palette)
        self.formula.setHtml(formula_html)
        self.formula.setVisible(bool(formula_html))

    def show_refusal(self, text: str) -> None:
        self.message.show_refusal(text)

    def show_score(self, text: str) -> None:
        self.score.setText(text)

    def show_tolerance(self, relative_percent: str, absolute: str) -> None:
        self.relative_field.setText(relative_percent)
        self.absolute_field.setText(absolute)

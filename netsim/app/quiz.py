"""QuizController: Step ▸ Quiz. Before each stage the step-through reveals, the learner
predicts one of its numbers (engine/quiz.py asks and judges; the Quiz dock,
panels/quiz_panel.py, shows it).

With the quiz on, Step (F10) first asks: the step is held (StepController.gate) until
every question about the coming stage is answered (or given up with Reveal); then the
stage is revealed as Step would. A right answer is within the tolerance (a setting kept
between runs: 1 % or 0.001 at first); a miss says where it went wrong when the number
tells, and, once the stage is revealed (before, it would give the next answer away),
shows the formula of that neuron or connection with the numbers filled in, as the
Equations dock writes it. The score counts per row and per session; a new
stepping (another document, a changed network, Stop Stepping) starts both again.
Play stops at each question; Step Row and Step Epoch are not quizzed.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence, QPalette

from ..engine import quiz
from ..engine.step_values import BACKWARD, FORWARD, MODE_NAMES
from ..engine.text import readable
from ..panels.equations import section
from ..panels.number_field import parse_number

SHORTCUT = "Ctrl+Shift+Q"
BIGGEST = 1e300  # |answer| typed above this is refused as no number a stage shows
MOST_TOLERANCE = 100.0  # per cent, and absolute


class QuizController(QObject):
    status = Signal(str)

    def __init__(self, stepping, panel, selection, settings: QSettings | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stepping, self.panel, self.selection = stepping, panel, selection
        self.settings = settings
        self.tolerance = self._stored_tolerance()
        self.pending: list[quiz.Question] = []  # the questions about the coming stage
        self.cleared = False  # every one of them answered: the next Step reveals
        self.missed = None  # the first neuron or connection missed before this reveal
        self.document = None  # the document quizzed on
        self.stepper = None  # the stepping the scores belong to
        self.row_key = None  # (epoch, position) of the row the row score counts
        self.row_score = [0, 0]  # right, asked
        self.session_score = [0, 0]
        self.action = QAction("&Quiz", self)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(SHORTCUT))
        self.action.setStatusTip("Before each stage is revealed, predict one of its numbers "
                                 "(net, out, J, δ, ∂J/∂w, the new weight)")
        self.action.setToolTip(f"Quiz: predict the next number before it is shown ({SHORTCUT})")
        self.action.toggled.connect(self.set_on)
        panel.answered.connect(self.answer)
        panel.reveal_requested.connect(self.give_up)
        panel.tolerance_typed.connect(self.set_tolerance_text)
        stepping.stepper_changed.connect(self._on_stepper_changed)
        self._show_tolerance()
        self._show_score()

    def __repr__(self) -> str:
        return f"QuizController({'on' if self.on else 'off'}, {len(self.pending)} pending)"

    @property
    def on(self) -> bool:
        return self.action.isChecked()

    # ---- on and off ------------------------------------------------------------------
    def set_on(self, on: bool) -> None:
        if self.action.isChecked() != on:
            self.action.setChecked(on)  # comes back here through toggled
            return
        self.pending, self.cleared, self.missed = [], False, None
        self.stepping.gate = self.gate if on else None
        if on:
            self.panel.show_waiting()
            self.status.emit("Quiz on: press Step (F10) and predict the next number")
        else:
            self.panel.show_off()

    def reset(self) -> None:
        """Scores from zero, nothing asked (a new document or a new stepping)."""
        self.pending, self.cleared, self.missed = [], False, None
        self.row_key, self.row_score, self.session_score = None, [0, 0], [0, 0]
        if self.on:
            self.panel.show_waiting()
            self.panel.show_verdict("", None)
        self._show_score()

    def set_document(self, doc) -> None:
        """Another document: the scores start again (the step-through starts afresh)."""
        self.document = doc
        self.stepper = None
        self.reset()

    def _on_stepper_changed(self, stepper) -> None:
        if stepper is not self.stepper:
            self.stepper = stepper
            self.reset()

    # ---- asking ------------------------------------------------------------------------
    def gate(self) -> bool:
        """May Step reveal the next stage now? No while a question is open: then it is
        asked (again)."""
        stepper = self.stepping.stepper
        if self.cleared:
            self.cleared = False
            return True
        if not self.pending:
            neurons, keys = self.selection()
            self.pending = quiz.questions(stepper, neurons, keys) if stepper else []
            if not self.pending:
                return True
        self._ask()
        return False

    def _ask(self) -> None:
        q, stepper = self.pending[0], self.stepping.stepper
        stage = stepper.stages[q.stage]
        where = {FORWARD: f"Forward · level {stage.level}",
                 BACKWARD: f"Backward · level {stage.level}"}.get(stage.kind,
                                                                   stage.kind.capitalize())
        mode = "" if stepper.batch_size == 1 else f" ({MODE_NAMES[stepper.settings.mode]})"
        self.panel.show_question(f"Row {stepper.row} · {where}{mode}: {q.prompt}",
                                 str(self.tolerance))
        self.status.emit(f"Quiz: {q.prompt} Type it and press Enter")

    def answer(self, text: str) -> None:
        """Judge the typed answer to the open question; after the last one, reveal."""
        if not self.pending:
            return
        try:
            typed = parse_number(text, -BIGGEST, BIGGEST, "answer")
        except ValueError as e:
            self.panel.show_refusal(f"{e}.")
            return
        q = self.pending[0]
        verdict = quiz.judge(self.stepping.stepper, q, typed, self.tolerance)
        self._count(verdict.right)
        self._next(q, verdict)

    def give_up(self) -> None:
        """Reveal without an answer: a miss."""
        if not self.pending:
            return
        q = self.pending[0]
        self._count(False)
        self._next(q, None)

    def _next(self, q: quiz.Question, verdict) -> None:
        self.pending.pop(0)
        stepper = self.stepping.stepper
        right = verdict is not None and verdict.right
        if not right and self.missed is None:
            self.missed = q.target  # its formula is shown once the stage is revealed
        if not self.pending:  # the stage comes now, with the number asked
            self.cleared = True
            self.stepping.step()
        if right:
            text = f"\u2713 Right: {q.symbol} = {readable(q.answer, 6)}"
            if verdict.typed != q.answer:
                text += f" (you typed {readable(verdict.typed, 6)})"
        else:
            said = "" if verdict is None else f"you typed {readable(verdict.typed, 6)}. "
            why = "" if verdict is None else verdict.why
            text = f"\u2717 {q.symbol} = {readable(q.answer, 6)}; {said}{why}".rstrip()
            if self.pending:  # (its formula would give the next answer away)
                text += " The formula comes with the stage."
        formula = ""
        if self.missed is not None and not self.pending:
            faint = self.panel.palette().color(QPalette.ColorRole.PlaceholderText).name()
            formula, self.missed = section(stepper, self.missed, faint), None
        self.panel.show_verdict(text, right, formula)
        if self.pending:
            self._ask()
        elif self.on:
            self.panel.show_waiting()
        self._show_score()

    def _count(self, right: bool) -> None:
        stepper = self.stepping.stepper
        key = (stepper.epoch, stepper.position)
        if key != self.row_key:
            self.row_key, self.row_score = key, [0, 0]
        for score in (self.row_score, self.session_score):
            score[0] += int(right)
            score[1] += 1

    def _show_score(self) -> None:
        def of(score):
            return f"{score[0]} of {score[1]}"
        self.panel.show_score(f"This row: {of(self.row_score)} · This session: "
                              f"{of(self.session_score)}")

    # ---- the tolerance ---------------------------------------------------------------
    def _stored_tolerance(self) -> quiz.Tolerance:
        if self.settings is None:
            return quiz.Tolerance()
        try:
            return quiz.Tolerance(
                float(self.settings.value("quiz/relative", quiz.RELATIVE)),
                float(self.settings.value("quiz/absolute", quiz.ABSOLUTE)))
        except (TypeError, ValueError):  # a settings file edited by hand
            return quiz.Tolerance()

    def _show_tolerance(self) -> None:
        self.panel.show_tolerance(readable(100 * self.tolerance.relative, 6),
                                  readable(self.tolerance.absolute, 6))

    def set_tolerance_text(self, percent: str, absolute: str) -> None:
        """The tolerance typed in the dock; refused in one line when not a number."""
        try:
            tolerance = quiz.Tolerance(
                parse_number(percent, 0, MOST_TOLERANCE, "relative tolerance (%)") / 100,
                parse_number(absolute, 0, MOST_TOLERANCE, "absolute tolerance"))
        except ValueError as e:
            self.panel.show_refusal(f"Tolerance not changed: {e}.")
            self._show_tolerance()
            return
        self.panel.message.clear_refusal()
        self.tolerance = tolerance
        if self.settings is not None:
            self.settings.setValue("quiz/relative", tolerance.relative)
            self.settings.setValue("quiz/absolute", tolerance.absolute)
        if self.pending:
            self.panel.tolerance.setText(f"Accepted {tolerance}")

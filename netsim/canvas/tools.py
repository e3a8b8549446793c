"""The canvas tools: Select/Move, Add Input/Hidden/Output/Bias and Connect.

ToolActions holds one checkable QAction per tool in an exclusive group, each with a
one-key shortcut (Esc also goes back to Select/Move) and a small icon drawn with QPainter:
a circle in the role's colours for the Add tools, an arrow for Connect, a pointer for
Select/Move. A window puts `actions` in its toolbar and menu; `tool_changed` tells the
canvas which tool is current.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, Qt, Signal
from PySide6.QtGui import (QAction, QActionGroup, QBrush, QColor, QIcon, QKeySequence, QPainter,
                           QPalette, QPen, QPixmap, QPolygonF)

from . import style

SELECT = "select"
ADD_INPUT = "add_input"
ADD_HIDDEN = "add_hidden"
ADD_OUTPUT = "add_output"
ADD_BIAS = "add_bias"
CONNECT = "connect"
TOOLS = (SELECT, ADD_INPUT, ADD_HIDDEN, ADD_OUTPUT, ADD_BIAS, CONNECT)

ADD_ROLES = {ADD_INPUT: "input", ADD_HIDDEN: "hidden", ADD_OUTPUT: "output", ADD_BIAS: "bias"}
TEXT = {SELECT: "Select/Move", ADD_INPUT: "Add Input", ADD_HIDDEN: "Add Hidden",
        ADD_OUTPUT: "Add Output", ADD_BIAS: "Add Bias", CONNECT: "Connect"}
KEYS = {SELECT: "V", ADD_INPUT: "I", ADD_HIDDEN: "H", ADD_OUTPUT: "O", ADD_BIAS: "B", CONNECT: "C"}
ICON_SIZE = 64  # drawn large; Qt scales icons down smoothly


def hint(tool: str) -> str:
    """One line for the status bar on what the tool does."""
    if tool in ADD_ROLES:
        role = ADD_ROLES[tool]
        return f"Click on the canvas to place a{'n' if role[0] in 'aeiou' else ''} {role} neuron"
    if tool == CONNECT:
        return "Drag from a neuron to a hidden or output neuron to connect them"
    return ("Click to select, Ctrl+click to add to the selection, drag to move; "
            "drag on empty canvas to select an area")


class ToolActions(QObject):
    tool_changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._current = SELECT
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions: list[QAction] = []
        for name in TOOLS:
            action = QAction(icon(name), TEXT[name], self)
            action.setCheckable(True)
            action.setData(name)
            keys = [QKeySequence(KEYS[name])]
            if name == SELECT:
                keys.append(QKeySequence(Qt.Key.Key_Escape))
            action.setShortcuts(keys)
            shown = "V, Esc" if name == SELECT else KEYS[name]
            action.setToolTip(f"{TEXT[name]} ({shown})")
            action.setStatusTip(hint(name))
            action.toggled.connect(lambda checked, name=name: self._on_action_toggled(name, checked))
            self.group.addAction(action)
            self.actions.append(action)
        self.action(SELECT).setChecked(True)

    def __repr__(self) -> str:
        return f"ToolActions(current={self._current!r})"

    @property
    def current(self) -> str:
        return self._current

    def action(self, name: str) -> QAction:
        return self.actions[TOOLS.index(name)]

    def set_current(self, name: str) -> None:
        self.action(name).setChecked(True)

    def _on_action_toggled(self, name: str, checked: bool) -> None:
        if checked and name != self._current:
            self._current = name
            self.tool_changed.emit(name)


# ---- icons -----------------------------------------------------------------------------
def icon(tool: str) -> QIcon:
    pixmap = QPixmap(ICON_SIZE, ICON_SIZE)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.scale(ICON_SIZE / 32, ICON_SIZE / 32)  # draw on a 32 x 32 grid
    if tool in ADD_ROLES:
        _draw_neuron(painter, ADD_ROLES[tool])
    elif tool == CONNECT:
        _draw_arrow(painter)
    else:
        _draw_pointer(painter)
    painter.end()
    return QIcon(pixmap)


def _draw_neuron(painter: QPainter, role: str) -> None:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("white"))
    palette.setColor(QPalette.ColorRole.Text, QColor("black"))
    painter.setPen(QPen(style.role_outline(role, palette), 3.0))
    painter.setBrush(QBrush(style.role_fill(role, palette)))
    painter.drawEllipse(QPointF(16, 16), 11.5, 11.5)


def _draw_arrow(painter: QPainter) -> None:
    color = QColor("#444444")
    painter.setPen(QPen(color, 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    painter.drawLine(QPointF(4, 26), QPointF(22, 10))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QBrush(color))
    painter.drawPolygon(QPolygonF([QPointF(28, 4), QPointF(25.5, 15.5), QPointF(16.5, 6.5)]))


def _draw_pointer(painter: QPainter) -> None:
    painter.setPen(QPen(QColor("#222222"), 1.6, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                        Qt.PenJoinStyle.RoundJoin))
    painter.setBrush(QBrush(QColor("white")))
    painter.drawPolygon(QPolygonF([QPointF(8, 3), QPointF(8, 25), QPointF(13, 20), QPointF(17, 29),
                                   QPointF(21, 27), QPointF(17, 19), QPointF(24, 19)]))

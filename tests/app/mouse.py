"""Mouse events for canvas tests, sent to a view's viewport as a mouse would send them.

Points are in scene coordinates and mapped through the view, so tests read like the
drawing ("press on h1, move to y"). Every event is a real QMouseEvent delivered with
QApplication.sendEvent to the viewport, with the buttons held stated explicitly:

* QTest.mouseMove does carry the held button in Qt 6.11, but QTest.mouseDClick sends a
  lone MouseButtonDblClick (no press and release around it) and then believes the button
  is still held, so later QTest moves arrive as drags. A real double click is press,
  release, double-click, release; `double_click` sends exactly that.
* QTest warns "Mouse event ... not accepted" when the widget leaves an event ignored, and
  Qt warnings fail the tests; sendEvent has no such side channel.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QGraphicsView

LEFT = Qt.MouseButton.LeftButton
NONE = Qt.MouseButton.NoButton
NO_MODIFIER = Qt.KeyboardModifier.NoModifier


def at(view: QGraphicsView, scene_point) -> QPointF:
    """The viewport point showing `scene_point` (a QPointF or an (x, y) pair)."""
    if not isinstance(scene_point, QPointF | QPoint):
        scene_point = QPointF(*scene_point)
    return QPointF(view.mapFromScene(QPointF(scene_point)))


def _send(view, kind, scene_point, button, buttons, modifiers) -> QMouseEvent:
    local = at(view, scene_point)
    viewport = view.viewport()
    global_ = QPointF(viewport.mapToGlobal(local.toPoint()))
    event = QMouseEvent(kind, local, global_, button, buttons, modifiers)
    QApplication.sendEvent(viewport, event)
    return event


def press(view, point, button=LEFT, modifiers=NO_MODIFIER):
    return _send(view, QEvent.Type.MouseButtonPress, point, button, button, modifiers)


def move(view, point, buttons=LEFT, modifiers=NO_MODIFIER):
    return _send(view, QEvent.Type.MouseMove, point, NONE, buttons, modifiers)


def release(view, point, button=LEFT, modifiers=NO_MODIFIER):
    return _send(view, QEvent.Type.MouseButtonRelease, point, button, NONE, modifiers)


def click(view, point, button=LEFT, modifiers=NO_MODIFIER) -> None:
    press(view, point, button, modifiers)
    release(view, point, button, modifiers)


def double_click(view, point, button=LEFT, modifiers=NO_MODIFIER) -> None:
    press(view, point, button, modifiers)
    release(view, point, button, modifiers)
    _send(view, QEvent.Type.MouseButtonDblClick, point, button, button, modifiers)
    release(view, point, button, modifiers)


def drag(view, start, end, steps=12, button=LEFT, modifiers=NO_MODIFIER) -> None:
    """Press at `start`, move in `steps` even steps to `end`, release there."""
    start = QPointF(*start) if not isinstance(start, QPointF) else start
    end = QPointF(*end) if not isinstance(end, QPointF) else end
    press(view, start, button, modifiers)
    for i in range(1, steps + 1):
        move(view, start + (end - start) * (i / steps), button, modifiers)
    release(view, end, button, modifiers)


def context_menu(view, point) -> QContextMenuEvent:
    """What a right click sends after its press (the menu itself is not run)."""
    local = at(view, point).toPoint()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, local,
                              view.viewport().mapToGlobal(local), NO_MODIFIER)
    QApplication.sendEvent(view.viewport(), event)
    return event


def wheel(view, point, degrees_eighths: int) -> None:
    local = at(view, point)
    event = QWheelEvent(local, QPointF(view.viewport().mapToGlobal(local.toPoint())), QPoint(0, 0),
                        QPoint(0, degrees_eighths), NONE, NO_MODIFIER,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)

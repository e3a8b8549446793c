"""What a window shows, gathered generically into a dict that two windows can be compared by.

`shown(window)` walks every widget the window would show and every item drawn in its
graphics views (the canvas and every pyqtgraph plot) and records what a person can read
or see there: texts, numbers in fields and tables, which buttons are enabled or checked,
the data of every curve, the texts of every plot label, axis and legend, the status line,
the title and the state of every menu action. Per-panel code would miss the panel nobody
thought of; this walker does not need to know the panels.

Left out, because they legitimately differ between two windows showing the same document
(EXCLUDED says the same, for the tests that list it):
- where things are: window and dock geometry, which docks are shown, floating or in
  front (Compare Step Sizes rearranges them), tab bars, splitter handles, scroll bars,
  the canvas's zoom and scroll, plot view ranges (they follow the widget's size);
- the Open Recent menu (the files a window opened before);
- tooltips shown only while hovering the canvas (none are kept between windows).
"""
from __future__ import annotations

import hashlib

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QModelIndex, QRectF, Qt, QTimer
from PySide6.QtGui import QAction, QImage, QPainter
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox,
                               QApplication, QComboBox, QDockWidget, QGraphicsSimpleTextItem,
                               QGraphicsTextItem, QGraphicsView, QGroupBox, QLabel, QLineEdit,
                               QMenu, QProgressBar, QScrollBar, QSlider, QSpinBox, QSplitterHandle,
                               QStackedWidget, QStatusBar, QTabBar, QTextEdit, QWidget)

EXCLUDED = {
    "geometry": "window, dock and widget sizes and places; docks shown, hidden or in front",
    "QTabBar": "which dock is in front",
    "QSplitterHandle": "a dock's splitter position",
    "QScrollBar": "scroll positions",
    "canvas transform": "zoom and scroll of the canvas (fit to the dock's size)",
    "plot view ranges": "follow the plot's size on screen",
    "Open Recent": "the files a window opened before",
}
SKIPPED_WIDGETS = (QTabBar, QSplitterHandle, QScrollBar, QMenu)
DIGITS = 9  # numbers are compared to this many significant digits


def settle(window) -> None:
    """Let deferred deletions and the coalescing single-shot timers of the window run,
    so what it shows is what it will show."""
    app = QApplication.instance()
    for _ in range(50):
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        app.processEvents()
        pending = [t for t in window.findChildren(QTimer)
                   if t.isActive() and t.isSingleShot()]
        if not pending:
            return
        for timer in pending:
            timer.stop()
            timer.timeout.emit()
    raise AssertionError(f"timers keep restarting: {pending}")


def rounded(value):
    """Numbers, arrays and nested lists with numbers cut to DIGITS significant digits."""
    if isinstance(value, (float, np.floating)):
        return float(f"{value:.{DIGITS}g}")
    if isinstance(value, np.ndarray):
        return rounded(value.tolist())
    if isinstance(value, (list, tuple)):
        return [rounded(v) for v in value]
    return value


def _key(obj, top) -> str:
    """The object's place in the tree: its object name, or its class and its index among
    its siblings of that class, from the window down."""
    parts = []
    while obj is not None and obj is not top:
        parent = obj.parent()
        name = obj.objectName() or type(obj).__name__
        if parent is not None and not obj.objectName():
            same = [c for c in parent.children() if type(c) is type(obj)]
            name += f"#{same.index(obj)}"
        parts.append(name)
        obj = parent
    return "/".join(reversed(parts))


def _model_cells(view: QAbstractItemView) -> dict:
    model = view.model()
    if model is None:
        return {}

    def header(orientation, n):
        return [model.headerData(i, orientation, Qt.ItemDataRole.DisplayRole) for i in range(n)]

    rows, columns = model.rowCount(QModelIndex()), model.columnCount(QModelIndex())
    cells = [[model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
              for c in range(columns)] for r in range(rows)]
    selected = sorted((i.row(), i.column()) for i in view.selectionModel().selectedIndexes()) \
        if view.selectionModel() is not None else []
    return {"columns": header(Qt.Orientation.Horizontal, columns),
            "rows": header(Qt.Orientation.Vertical, rows), "cells": rounded(cells),
            "selected": selected}


def _widget(widget: QWidget) -> dict:
    """What one widget shows, by its kind."""
    d = {"enabled": widget.isEnabled(), "tip": widget.toolTip()}
    if isinstance(widget, QLabel):
        d["text"] = widget.text()
    elif isinstance(widget, QAbstractButton):
        d.update(text=widget.text(), checked=widget.isChecked() if widget.isCheckable() else None)
    elif isinstance(widget, QLineEdit):
        d.update(text=widget.text(), placeholder=widget.placeholderText())
    elif isinstance(widget, QComboBox):
        d.update(text=widget.currentText(), items=[widget.itemText(i)
                                                   for i in range(widget.count())])
    elif isinstance(widget, QAbstractSpinBox):
        d["text"] = widget.text()
        if isinstance(widget, QSpinBox):
            d["range"] = (widget.minimum(), widget.maximum())
    elif isinstance(widget, (QProgressBar, QSlider)):
        d["value"] = widget.value()
        if isinstance(widget, QProgressBar):
            d.update(range=(widget.minimum(), widget.maximum()), format=widget.format())
    elif isinstance(widget, QTextEdit):
        d["text"] = widget.toPlainText()
    elif isinstance(widget, QGroupBox):
        d.update(title=widget.title(), checked=widget.isChecked() if widget.isCheckable()
                 else None)
    elif isinstance(widget, QStackedWidget):
        d["page"] = widget.currentIndex()
    elif isinstance(widget, QStatusBar):
        d["message"] = widget.currentMessage()
    elif isinstance(widget, QDockWidget):
        d = {}  # its title is fixed and its place is layout
    if isinstance(widget, QAbstractItemView):
        d["model"] = _model_cells(widget)
    if isinstance(widget, QGraphicsView):
        d["items"] = scene_items(widget)
        if not isinstance(widget, pg.GraphicsView) and widget.scene() is not None:
            d["picture"] = scene_picture(widget.scene())
    return d


def scene_picture(scene) -> str:
    """A digest of the scene drawn at scale 1 (the canvas's items paint their own texts,
    numbers and colours, which no accessor tells)."""
    rect = scene.itemsBoundingRect()
    image = QImage(max(1, int(rect.width())), max(1, int(rect.height())),
                   QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    scene.render(painter, QRectF(image.rect()), rect)
    painter.end()
    return hashlib.sha1(bytes(image.constBits())).hexdigest()


def _item(item, placed: bool) -> tuple | None:
    """What one visible graphics item shows (None: nothing to compare, e.g. a group).
    With placed=False (a plot, whose scene follows the widget's size) an item's place in
    the scene is left out: its data are in data coordinates."""
    kind = type(item).__name__
    if isinstance(item, pg.PlotDataItem):
        return kind, rounded(list(item.getData())), item.name()
    if isinstance(item, pg.PlotCurveItem):
        return kind, rounded(list(item.getData()))
    if isinstance(item, pg.ScatterPlotItem):
        return kind, rounded(list(item.getData())), len(item.data)
    if isinstance(item, pg.BarGraphItem):
        x, height = item.opts.get("x"), item.opts.get("height")
        width = item.opts.get("width") if x is not None and len(x) else None  # no bars: unseen
        return kind, rounded([x, height, width])
    if isinstance(item, pg.InfiniteLine):
        return kind, rounded(item.value()), item.angle
    if isinstance(item, pg.ImageItem):
        image = item.image
        return kind, None if image is None else rounded(np.asarray(image, float).ravel()[:64])
    if isinstance(item, pg.AxisItem):
        return (kind, item.orientation, item.labelText, item.labelUnits, item.style["showValues"],
                item.logMode if hasattr(item, "logMode") else None)
    if isinstance(item, pg.TextItem):
        return kind, item.textItem.toPlainText(), rounded(list(item.pos()))
    if isinstance(item, pg.LabelItem):
        return kind, item.text
    if isinstance(item, (pg.ViewBox, pg.PlotItem, pg.GraphicsLayout, pg.LegendItem)):
        return None  # containers: their contents are recorded
    place = rounded([item.scenePos().x(), item.scenePos().y()]) if placed else None
    if isinstance(item, QGraphicsTextItem):
        return kind, item.toPlainText(), place
    if isinstance(item, QGraphicsSimpleTextItem):
        return kind, item.text(), place
    if not placed:
        return (kind,)
    pos = item.scenePos()
    return kind, rounded([pos.x(), pos.y()]), rounded([item.boundingRect().width(),
                                                        item.boundingRect().height()])


def scene_items(view: QGraphicsView) -> list:
    """The visible items of a view's scene, described and sorted (their stacking order is
    not what a person compares)."""
    scene = view.scene()
    if scene is None:
        return []
    placed = not isinstance(view, pg.GraphicsView)
    described = [_item(i, placed) for i in scene.items() if i.isVisible()]
    return sorted((d for d in described if d is not None), key=repr)


def _actions(window) -> dict:
    recent = window.recent.menu.actions()
    out = {}
    for action in window.findChildren(QAction):
        if action not in recent:
            out[_key(action, window)] = (action.text(), action.isEnabled(),
                                         action.isChecked(), action.isVisible())
    return out


def shown(window) -> dict:
    """Everything the window shows that the walker knows how to read, by widget path."""
    settle(window)
    state = {"title": window.windowTitle(), "modified": window.isWindowModified(),
             "actions": _actions(window)}
    for widget in window.findChildren(QWidget):
        if isinstance(widget, SKIPPED_WIDGETS) or any(
                isinstance(a, QMenu) for a in _ancestors(widget)):
            continue
        if not widget.isVisibleTo(window):
            continue
        state[_key(widget, window)] = _widget(widget)
    return state


def _ancestors(widget: QWidget):
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


def differences(a: dict, b: dict) -> dict:
    """{key: (a's, b's)} for every key where the two differ (missing: None)."""
    keys = sorted(set(a) | set(b))
    diff = {}
    for key in keys:
        if key == "actions":
            sub = differences(a.get(key, {}), b.get(key, {}))
            diff.update({f"action {k}": v for k, v in sub.items()})
        elif a.get(key) != b.get(key):
            diff[key] = (a.get(key), b.get(key))
    return diff

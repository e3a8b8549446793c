"""Text from a file is text: a network whose ids, labels, name, dataset columns and file
name are HTML, entities, '&' shortcuts, '[*]' and line breaks opens, and every dock, plot,
menu, tooltip and title shows them literally, and Qt never opens the files that their
<img> tags name (watched with Linux inotify while every screen is drawn).

Every text the window shows is read back as Qt shows it: a QLabel or tooltip through
Qt's own rich-text guess, pyqtgraph's labels from their QGraphicsTextItem's plain text,
menu items and buttons with '&' taken as a shortcut, the window title as the platform
window gets it."""
import ctypes
import json
import os
import re
import struct

import pytest
from PySide6.QtCore import QTimer, Qt
from PySide6 import QtGui
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox,
                               QDockWidget, QGraphicsSimpleTextItem, QGraphicsTextItem,
                               QGraphicsView, QGroupBox, QLabel, QMenu, QMessageBox, QTextEdit,
                               QWidget)

from netsim import paths, plaintext
from netsim.app.main_window import MainWindow
from netsim.app.training import TrainingController
from netsim.document.commands import SetNeuron

import mouse

IMAGE = "watched.png"  # in the watched folder, which is also the working directory


def hostile(folder) -> dict[str, str]:
    """token -> the text that carries it. A token seen anywhere must come with its text."""
    src = os.path.join(folder, IMAGE)
    return {
        "zqa": f"<img src={src}>zqa",  # x1's id (no label)
        "zqb": "<b>zqb</b>\nline",  # x2's id
        "zqg": f"<img src={src}>zqg",  # x2's label
        "zqc": "zqc &amp; c",  # b's id
        "zqd": "&lt;zqd",  # h1's id
        "zqh": "<u>zqh</u> & more",  # h1's label
        "zqe": f"zqe\n<img src={src}>",  # h2's id, a line break before the tag
        "zqf": "<i>zqf</i>\nend",  # y's id
        "zqw": f"<img src={src}>zqw",  # the label of h1 -> y
        "zqn": f"<img src={src}>zqn",  # the network's name
        "zqp": f"<img src={IMAGE}>zqp [*] &x",  # the file name (relative src)
    }


def hostile_file(folder, texts) -> str:
    ids = {"x1": texts["zqa"], "x2": texts["zqb"], "b": texts["zqc"], "h1": texts["zqd"],
           "h2": texts["zqe"], "y": texts["zqf"]}
    labels = {"x2": texts["zqg"], "h1": texts["zqh"]}
    data = json.loads(paths.example("xor-worked-example").read_text(encoding="utf-8"))
    data["name"] = texts["zqn"]
    for n in data["neurons"]:
        n.pop("label", None)
        if n["id"] in labels:
            n["label"] = labels[n["id"]]
        n["id"] = ids[n["id"]]
    for c in data["connections"]:
        if (c["source"], c["target"]) == ("h1", "y"):
            c["label"] = texts["zqw"]
        c["source"], c["target"] = ids[c["source"]], ids[c["target"]]
    data["dataset"]["inputs"] = [ids[n] for n in data["dataset"]["inputs"]]
    data["dataset"]["targets"] = [ids[n] for n in data["dataset"]["targets"]]
    path = os.path.join(folder, texts["zqp"] + ".netsim")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f)
    return path


class OpenWatch:
    """Every open of a file in `folder`, through Linux inotify (IN_OPEN): no timing, no
    access times, whatever the file system's atime rules."""

    IN_OPEN = 0x20

    def __init__(self, folder) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        assert self.fd >= 0, os.strerror(ctypes.get_errno())
        watch = libc.inotify_add_watch(self.fd, os.fsencode(folder), self.IN_OPEN)
        assert watch >= 0, os.strerror(ctypes.get_errno())
        self.opened: list[str] = []

    def names(self) -> list[str]:
        """The names opened since the watch began (the folder's own opens left out)."""
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return self.opened
            at = 0
            while at < len(data):
                _wd, _mask, _cookie, size = struct.unpack_from("iIII", data, at)
                name = data[at + 16:at + 16 + size].rstrip(b"\0").decode()
                if name:
                    self.opened.append(name)
                at += 16 + size

    def close(self) -> None:
        os.close(self.fd)


@pytest.fixture
def watched(tmp_path, monkeypatch):
    folder = tmp_path / "watched"
    folder.mkdir()
    (folder / IMAGE).write_bytes(b"not really a picture")
    monkeypatch.chdir(folder)  # where a relative <img src> would be looked for
    watch = OpenWatch(folder)
    yield folder, watch
    watch.close()


# ---- what Qt shows -------------------------------------------------------------------
might_be_rich = QtGui.Qt.mightBeRichText  # Qt's own guess, as QLabel and QToolTip make it


def shown_guessed(text: str) -> str:
    """What a label in Qt.TextFormat.AutoText (and a tooltip, a message box) shows."""
    if not might_be_rich(text):
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def shown_label(label: QLabel) -> str:
    fmt = label.textFormat()
    if fmt == Qt.TextFormat.PlainText:
        return label.text()
    if fmt == Qt.TextFormat.RichText:
        doc = QTextDocument()
        doc.setHtml(label.text())
        return doc.toPlainText()
    return shown_guessed(label.text())


def shown_mnemonic(text: str) -> str:
    """A menu item, button or group title: '&&' shows '&', '&x' shows x underlined."""
    return re.sub(r"&(.)", r"\1", text)


def scene_texts(where: str, scene) -> list[tuple[str, str]]:
    out = []
    for item in scene.items():
        if isinstance(item, QGraphicsTextItem):
            out.append((f"{where} text item", item.toPlainText()))
        elif isinstance(item, QGraphicsSimpleTextItem):
            out.append((f"{where} simple text", item.text()))
        for attr in ("name", "text"):  # the canvas draws these with QPainter.drawText
            value = getattr(item, attr, None)
            if isinstance(value, str):
                out.append((f"{where} {type(item).__name__}.{attr}", value))
        if item.toolTip():
            out.append((f"{where} {type(item).__name__} tooltip", shown_guessed(item.toolTip())))
    return out


def model_texts(where: str, model) -> list[tuple[str, str]]:
    display, tip = Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole
    out = []
    for orientation, count in ((Qt.Orientation.Horizontal, model.columnCount()),
                               (Qt.Orientation.Vertical, model.rowCount())):
        for i in range(count):
            for role, show in ((display, str), (tip, shown_guessed)):
                value = model.headerData(i, orientation, role)
                if isinstance(value, str):
                    out.append((f"{where} header {i}", show(value)))
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            for role, show in ((display, str), (tip, shown_guessed)):
                value = model.data(model.index(r, c), role)
                if isinstance(value, str):
                    out.append((f"{where} cell {r},{c}", show(value)))
    return out


def action_texts(where: str, action: QAction) -> list[tuple[str, str]]:
    return [(f"{where} {action.text()!r}", shown_mnemonic(action.text())),
            (f"{where} {action.text()!r} tooltip", shown_guessed(action.toolTip())),
            (f"{where} {action.text()!r} status tip", action.statusTip())]


def widget_texts(w: QWidget) -> list[tuple[str, str]]:
    """(where, shown text) for everything `w` shows itself."""
    where = f"{type(w).__name__} {w.objectName()}".strip()
    out = []
    if w.toolTip():
        out.append((f"{where} tooltip", shown_guessed(w.toolTip())))
    if isinstance(w, QLabel):
        out.append((where, shown_label(w)))
    if isinstance(w, QAbstractButton):
        out.append((where, shown_mnemonic(w.text())))
    if isinstance(w, QGroupBox):
        out.append((f"{where} title", shown_mnemonic(w.title())))
    if isinstance(w, QDockWidget):
        out.append((f"{where} title", w.windowTitle()))
    if isinstance(w, QTextEdit):
        out.append((where, w.toPlainText()))
    if isinstance(w, QComboBox):
        out += [(f"{where} item", w.itemText(i)) for i in range(w.count())]
    if isinstance(w, QAbstractItemView) and w.model() is not None:
        out += model_texts(where, w.model())
    if isinstance(w, QGraphicsView) and w.scene() is not None:
        out += scene_texts(where, w.scene())
    if isinstance(w, QMenu):
        for action in w.actions():
            out += action_texts(f"menu {w.title()!r}", action)
    return out


def window_texts(window: MainWindow) -> list[tuple[str, str]]:
    out = [("window title", window.windowHandle().title()),
           ("status bar", window.statusBar().currentMessage())]
    for w in [window, *window.findChildren(QWidget)]:
        out += widget_texts(w)
    for action in window.findChildren(QAction):
        out += action_texts("action", action)
    return out


def norm(text: str) -> str:
    return " ".join(text.split())


def wrong(texts, shown: list[tuple[str, str]]) -> list[str]:
    """Each shown text with a token but without its whole text, or with a picture."""
    bad = []
    for where, text in shown:
        if "\ufffc" in text:
            bad.append(f"{where}: a picture in {text!r}")
        for token, literal in texts.items():
            if token in text and norm(literal) not in norm(text):
                bad.append(f"{where}: {text!r} does not show {literal!r}")
    return bad


def texts_of(widget: QWidget) -> str:
    return "\n".join(text for w in [widget, *widget.findChildren(QWidget)]
                     for _, text in widget_texts(w))


def axis_text(plot_item, side: str) -> str:
    """An axis label as drawn (pyqtgraph adds a space for the units)."""
    return plot_item.getAxis(side).label.toPlainText().strip()


def render_every_dock(window) -> None:
    for dock in window.docks():
        dock.show()
        dock.raise_()
        QApplication.processEvents()
        dock.grab()
    window.grab()


def render_tooltips(shown_tips: list[str], qtbot) -> None:
    """Draw each tooltip text as QToolTip does: a QLabel left to guess the format."""
    for tip in shown_tips:
        label = QLabel(tip)
        qtbot.addWidget(label)
        label.setWordWrap(might_be_rich(tip))
        label.grab()


def all_tooltips(window) -> list[str]:
    tips = [w.toolTip() for w in window.findChildren(QWidget) if w.toolTip()]
    tips += [a.toolTip() for a in window.findChildren(QAction)]
    tips += [i.toolTip() for i in window.scene.items() if i.toolTip()]
    for view in window.findChildren(QAbstractItemView):
        model = view.model()
        if model is None:
            continue
        tip = Qt.ItemDataRole.ToolTipRole
        for c in range(model.columnCount()):
            value = model.headerData(c, Qt.Orientation.Horizontal, tip)
            tips += [value] if isinstance(value, str) else []
            for r in range(model.rowCount()):
                value = model.data(model.index(r, c), tip)
                tips += [value] if isinstance(value, str) else []
    return tips


# ---- the test --------------------------------------------------------------------------
def test_every_screen_shows_hostile_text_literally_and_opens_no_file(make_window, qtbot,
                                                                    watched):
    folder, watch = watched
    texts = hostile(folder)
    path = hostile_file(folder.parent, texts)
    window = make_window()
    assert window.open_file(path)
    net = window.document.network
    x1, x2, b, h1, h2, y = (texts[t] for t in ("zqa", "zqb", "zqc", "zqd", "zqe", "zqf"))
    assert set(net.neurons) == {x1, x2, b, h1, h2, y}

    # Train ▸ Compare Step Sizes: the explorer and the landscape, and a status message
    # naming the followed weight w(b→y).
    QTest.keyClick(window, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    explorer, land = window.plots["Learning Rates"], window.plots["Error Landscape"]
    qtbot.waitUntil(lambda: not explorer.running and len(explorer.curves) == 3, timeout=20000)
    status = window.statusBar().currentMessage()
    assert f"w({b}→{y})" in status
    lesson = window_texts(window)

    # Undo steps that name h2 (a line break) and h1 ('&'): the Undo History and Edit ▸
    # Undo show the whole name.
    stack = window.document.undo_stack
    stack.push(SetNeuron(window.document, h2, "activation", "tanh"))
    history = stack.text(0)
    stack.push(SetNeuron(window.document, h1, "activation", "tanh"))
    undo = shown_mnemonic(window.main_actions.undo.text())

    # A neuron clicked on the canvas: the inspector, the Neuron dock, the equations.
    window.stepping.step()
    window.stepping.step()
    mouse.click(window.view, window.scene.neuron_items[h1].pos())
    assert window.scene.selection() == ([h1], [])
    render_every_dock(window)
    neuron = window_texts(window)
    neuron_title = shown_label(window.plots["Neuron"].title)
    inspector, equations = texts_of(window.inspector), window.equations.browser.toPlainText()

    # Two weights: the 2-D landscape's axes are w(x1→h1) and h1 -> y's label.
    window.scene.select([], [(x1, h1), (h1, y)])
    render_every_dock(window)
    plot = land.plot.getPlotItem()
    bottom, left = axis_text(plot, "bottom"), axis_text(plot, "left")
    two = window_texts(window)

    # The restarts and the gradient check, each run by its button; every tooltip drawn.
    restarts = window.plots["Restarts"]
    restarts.runs.setValue(3)
    restarts.epochs.setValue(5)
    qtbot.mouseClick(restarts.run_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not restarts.running, timeout=60000)
    qtbot.mouseClick(window.plots["Gradient Check"].button, Qt.MouseButton.LeftButton)
    window.scene.select([], [])
    render_every_dock(window)
    render_tooltips(all_tooltips(window), qtbot)
    last = window_texts(window)

    assert watch.names() == []  # no <img> was ever read
    assert bottom == f"w({x1}→{texts['zqh']})" and left == texts["zqw"]  # by label
    assert wrong(texts, lesson + neuron + two + last) == []

    # Each place the issue names shows the literal text, not just nothing.
    scatter = window.dataset_panel.scatter.plot.getPlotItem()
    assert axis_text(scatter, "bottom") == x1 and axis_text(scatter, "left") == texts["zqg"]
    decision = window.plots["Decision Map"].plot.getPlotItem()
    assert axis_text(decision, "bottom") == x1 and axis_text(decision, "left") == texts["zqg"]
    assert neuron_title.startswith(f"{texts['zqh']} \u2014 tanh(z)")
    assert f"{texts['zqh']}  hidden" in equations
    assert f"Neuron {texts['zqh']}" in inspector and f"\n{h1}\n" in inspector
    # The file name's own '[*]' stays; the one after it marks the change made above.
    assert window.windowHandle().title() == f"{texts['zqp']}.netsim* \u2014 netsim"
    recent = window.recent.menu.actions()[0]
    assert shown_mnemonic(recent.text()) == f"1 {texts['zqp']}.netsim"
    outputs = texts_of(window.outputs_panel)
    assert x1 in outputs and texts["zqg"] in outputs
    # A table header's name is its first line, whatever line breaks the name holds.
    assert "<i>zqf</i> end\ntarget" in outputs
    model = window.dataset_panel.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == [
        f"{x1}\ninput", f"{texts['zqg']}\ninput", "<i>zqf</i> end\ntarget"]
    assert undo == f"Undo Set activation of {texts['zqh']} to tanh"
    assert history == f"Set activation of {h2.replace(chr(10), ' ')} to tanh"
    # The canvas draws a name in a one-line box: a line break in it shows as a space.
    assert window.scene.neuron_items[h2].name == h2.replace("\n", " ")


@pytest.mark.qt_log_ignore("propagateSizeHints")  # offscreen: a dialog's size hints
def test_message_boxes_show_their_text_literally(make_window, qtbot, watched):
    folder, watch = watched
    text = f"{hostile(folder)['zqa']}: cannot open the file"
    window = make_window()
    seen = []

    def read_and_close():
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        box.grab()
        seen.append(shown_label(box.findChild(QLabel, "qt_msgbox_label")))
        box.close()

    for show in (MainWindow.show_error, MainWindow.show_message):
        QTimer.singleShot(0, read_and_close)
        show(window, "Open", text)
    TrainingController.show_notice(window.training, "Training", text)
    notice = window.training._notice_box
    notice.grab()
    seen.append(shown_label(notice.findChild(QLabel, "qt_msgbox_label")))
    notice.close()
    assert seen == [text, text, text]
    assert watch.names() == []


def test_the_helpers():
    assert plaintext.html("<b>a</b> & b\nc") == "&lt;b&gt;a&lt;/b&gt; &amp; b c"
    assert plaintext.one_line("a\r\n\x1bb\tc") == "a b c"
    assert plaintext.guessed("a < b\nc") == '<p style="white-space:pre-wrap">a &lt; b\nc</p>'
    assert plaintext.guessed("a b\n<c>") == "a b\n<c>"  # Qt reads it as plain text
    for text in ("<b>x</b>", "&lt;x", "  <img src=a>", "plain\n<b>x</b>", "a & b"):
        assert shown_guessed(plaintext.guessed(text)) == text
    assert plaintext.mnemonic("R&D") == "R&&D"
    assert plaintext.window_title("a[*]b") == "a[*][*]b"

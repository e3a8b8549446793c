"""A canvas editor without a main window, for the editor tests: a document, its scene and
view (shown, fixed size, zoom 1), the tools and the Editor, plus the gestures a person
makes, all done with real mouse and key events (mouse.py)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

import mouse
from netsim import paths
from netsim.app.editor import Editor
from netsim.canvas.network_view import NetworkView
from netsim.canvas.tools import ToolActions
from netsim.document import Document

VIEW_SIZE = (900, 640)


class Bench:
    def __init__(self, qtbot, doc: Document | None = None, centre=(240.0, 160.0)):
        self.qtbot = qtbot
        self.doc = doc if doc is not None else Document()
        self.view = NetworkView()
        self.scene = self.view.network_scene()
        self.tools = ToolActions(self.view)
        self.editor = Editor(self.scene, self.view, self.tools, self.view)
        self.messages: list[str] = []
        self.editor.status.connect(self.messages.append)
        self.editor.set_document(self.doc)
        qtbot.addWidget(self.view)
        self.view.resize(*VIEW_SIZE)
        self.view.show()
        self.view.activateWindow()
        qtbot.waitExposed(self.view)
        qtbot.waitUntil(self.view.isActiveWindow)
        self.view.setFocus()
        self.view.reset_zoom()
        self.view.centerOn(QPointF(*centre))

    @classmethod
    def example(cls, qtbot, name="xor-worked-example", **kwargs) -> "Bench":
        return cls(qtbot, Document.open(paths.example(name)), **kwargs)

    @property
    def network(self):
        return self.doc.network

    @property
    def stack(self):
        return self.doc.undo_stack

    @property
    def status(self) -> str:
        return self.messages[-1] if self.messages else ""

    def centre(self, nid: str) -> QPointF:
        return self.scene.neuron_items[nid].pos()

    # ---- gestures ------------------------------------------------------------------
    def use(self, tool: str) -> None:
        self.tools.set_current(tool)

    def place(self, tool: str, x: float, y: float) -> str:
        """Click with an Add tool; the id of the new neuron."""
        self.use(tool)
        before = set(self.network.neurons)
        mouse.click(self.view, (x, y))
        (nid,) = set(self.network.neurons) - before
        return nid

    def connect(self, source: str, target: str, steps: int = 10, modifiers=mouse.NO_MODIFIER) -> None:
        """Drag from one neuron's centre to the other's."""
        mouse.drag(self.view, self.centre(source), self.centre(target), steps, modifiers=modifiers)

    def open_weight_editor(self, key):
        label = self.scene.connection_items[key].label
        mouse.double_click(self.view, label.scenePos())
        assert self.view.editor is not None and self.view.editor.isVisible()
        return self.view.editor

    def type_weight(self, key, text: str, key_press=Qt.Key.Key_Return):
        editor = self.open_weight_editor(key)
        editor.selectAll()
        self.type(editor, text)
        self.qtbot.keyClick(editor, key_press)
        return editor

    def type(self, editor, text: str) -> None:
        """Key clicks for ASCII text (QTest aborts on other characters); others as if pasted."""
        if not text:
            self.qtbot.keyClick(editor, Qt.Key.Key_Delete)
        elif text.isascii():
            self.qtbot.keyClicks(editor, text)
        else:
            editor.insert(text)

    def rename(self, nid: str, text: str, key_press=Qt.Key.Key_Return):
        mouse.double_click(self.view, self.centre(nid))
        editor = self.view.editor
        assert editor is not None and editor.isVisible()
        editor.selectAll()
        self.type(editor, text)
        self.qtbot.keyClick(editor, key_press)
        return editor

    def key(self, key, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
        self.qtbot.keyClick(self.view, key, modifiers)

    def flush(self) -> None:
        QApplication.processEvents()

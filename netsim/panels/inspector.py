"""Inspector: shows and edits the selected neurons and connections.

It follows the document: every `changed` refreshes the fields in place (after an undo,
a training step, an edit elsewhere). Edits become undo commands on the document's
stack; what cannot be done is refused with a one-line message, shown in red here and
emitted on `status`, and the document stays as it was.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from netsim.document.document import refollow

from .connection_editor import ConnectionEditor
from .neuron_editor import NeuronEditor
from .refusal import RefusalLabel
from .scrolled import fill_with_scrolled

HINT = "Select a neuron or a connection to edit it."


class Inspector(QWidget):
    status = Signal(str)  # one-line messages for the status bar

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = None
        self.neuron_ids: list[str] = []
        self.connection_keys: list[tuple[str, str]] = []
        self.hint = QLabel(HINT)
        self.hint.setWordWrap(True)
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.neuron_editor = NeuronEditor()
        self.connection_editor = ConnectionEditor()
        self.message = RefusalLabel()
        content = QWidget()
        layout = QVBoxLayout(content)
        for widget in (self.hint, self.neuron_editor, self.connection_editor, self.message):
            layout.addWidget(widget)
        layout.addStretch(1)
        outer = fill_with_scrolled(self, content)
        for editor in (self.neuron_editor, self.connection_editor):
            editor.refused.connect(self._on_refused)
            editor.edited.connect(self.clear_message)
        self.neuron_editor.said.connect(self.status)
        self._align_labels()
        self.clear_message()
        self._show()
        # Settle the minimum size before any native window exists: the offscreen
        # platform warns when it changes afterwards.
        outer.activate()

    def __repr__(self) -> str:
        return f"Inspector({len(self.neuron_ids)} neurons, {len(self.connection_keys)} connections)"

    def _align_labels(self) -> None:
        """Give both forms' label columns one width, so their fields line up."""
        labels = []
        for form in (self.neuron_editor.form, self.connection_editor.form):
            for row in range(form.rowCount()):
                item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                if item is not None and item.widget() is not None:
                    labels.append(item.widget())
        width = max(label.sizeHint().width() for label in labels)
        for label in labels:
            label.setMinimumWidth(width)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    # ---- what is shown -------------------------------------------------------------
    def set_document(self, doc) -> None:
        """Follow `doc` (None: nothing), with an empty selection."""
        self.connection_editor.end_drag()
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self.set_selection([], [])

    def set_selection(self, neuron_ids, connection_keys) -> None:
        """Show the neurons and connections selected on the canvas."""
        self.neuron_ids = list(neuron_ids)
        self.connection_keys = [tuple(k) for k in connection_keys]
        self.clear_message()
        self._show()

    def _on_document_changed(self, _change) -> None:
        self._show(keep_typing=True)

    def _show(self, keep_typing: bool = False) -> None:
        """Show the selection's current values; what no longer exists is dropped."""
        net = self.doc.network if self.doc is not None else None
        ids = [n for n in self.neuron_ids if net is not None and n in net.neurons]
        keys = [k for k in self.connection_keys if net is not None and net.has_connection(*k)]
        retarget = not keep_typing or ids != self.neuron_ids or keys != self.connection_keys
        self.neuron_ids, self.connection_keys = ids, keys
        self.hint.setVisible(not ids and not keys)
        self.neuron_editor.setVisible(bool(ids))
        self.connection_editor.setVisible(bool(keys))
        if ids:
            if retarget:
                self.neuron_editor.show_neurons(self.doc, ids)
            else:
                self.neuron_editor.refresh()
        if keys:
            if retarget:
                self.connection_editor.show_connections(self.doc, keys)
            else:
                self.connection_editor.refresh()
        elif retarget:
            self.connection_editor.end_drag()

    # ---- messages ------------------------------------------------------------------
    def _on_refused(self, text: str) -> None:
        self.message.show_refusal(text)
        self.status.emit(text)

    def clear_message(self) -> None:
        self.message.clear_refusal()

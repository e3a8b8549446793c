"""What the status bar says: passing messages, a summary of the network, whether it is
layered (seed 002) and a small colour legend."""
from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QLabel, QStatusBar, QStyle, QStyleOption, QWidget

from ..canvas import style
from ..document.document import EVERYTHING, NEURONS, STRUCTURE, refollow
from ..engine.levels import levels_of
from ..io.fileformat import NetworkFile
from ..plaintext import guessed, one_line

LAYERED_TIP = ("Seed 002: a network is layered when its neurons divide into an ordered list "
               "of levels with every connection going from one level to the next (a bias "
               "neuron stands just before what it feeds). The forward pass computes level "
               "by level either way; View \u25b8 Show Levels draws the levels.")


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary(nf: NetworkFile) -> str:
    """'6 neurons · 9 connections · dataset 4 rows'."""
    net = nf.network
    data = f"dataset {plural(len(nf.dataset), 'row')}" if nf.dataset is not None else "no dataset"
    return " \u00b7 ".join([plural(len(net.neurons), "neuron"),
                            plural(len(net.connections), "connection"), data])


def legend_html(palette: QPalette) -> str:
    def swatch(color, text: str, mark: str = "\u25cf") -> str:
        return f'<span style="color:{color.name()}">{mark}</span>&nbsp;{text}'
    parts = [swatch(style.role_outline(role, palette), role)
             for role in ("input", "bias", "hidden", "output")]
    parts += [swatch(style.weight_color(1.0, palette), "w &gt; 0", "\u2501"),
              swatch(style.weight_color(-1.0, palette), "w &lt; 0", "\u2501")]
    return "&nbsp;&nbsp;&nbsp;".join(parts)


class LayeringLabel(QLabel):
    """'layered', or 'not layered: h1 → y skips a level': seed 002's distinction for the
    document's network, worked out again when its neurons or connections change (an
    edit, an undo, another file), never for a change of weights."""

    MAX_WIDTH = 360  # pixels: longer names are cut, and read whole in the tooltip

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # the names are user text
        self.setToolTip(LAYERED_TIP)
        self.doc = None

    def set_document(self, doc) -> None:
        self.doc = refollow(self.doc, doc, self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, change) -> None:
        if change.kind in (STRUCTURE, NEURONS, EVERYTHING):
            self.refresh()

    def refresh(self) -> None:
        net = self.doc.network if self.doc is not None else None
        verdict = one_line(levels_of(net).verdict()) if net is not None and net.neurons else ""
        # long names are cut to keep the status bar's room; the tooltip has them whole
        self.setText(self.fontMetrics().elidedText(verdict, Qt.TextElideMode.ElideMiddle,
                                                   self.MAX_WIDTH))
        self.setToolTip(guessed(f"{verdict}\n\n{LAYERED_TIP}" if verdict else LAYERED_TIP))


class StatusBar(QStatusBar):
    """A status bar whose messages are never cut off under the permanent widgets.

    QStatusBar draws a message in the room left of its permanent widgets and cuts it
    there. Here the colour legend steps aside while a message shows (and when the window
    is too narrow for it), a message longer than its room ends in "…", and the tooltip
    gives it whole. currentMessage() is the whole message, as with QStatusBar.
    """
    MARGIN = 6  # left of the message, and between it and the permanent widgets

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.permanent: list[QWidget] = []
        self.legend: QWidget | None = None
        self.messageChanged.connect(self._on_message_changed)

    def addPermanentWidget(self, widget: QWidget, stretch: int = 0) -> None:
        super().addPermanentWidget(widget, stretch)
        self.permanent.append(widget)

    def set_legend(self, widget: QWidget) -> None:
        """`widget` (a permanent widget) gives way to messages and to a narrow window."""
        self.legend = widget
        self._update_legend()

    def message_rect(self) -> QRect:
        """Where the message is drawn: from the left edge to the first permanent widget."""
        shown = [w.x() for w in self.permanent if not w.isHidden()]
        right = min(shown, default=self.width()) - self.MARGIN
        return QRect(self.MARGIN, 0, max(right - self.MARGIN, 0), self.height())

    def shown_message(self) -> str:
        """The message as drawn: whole, or cut with "…" to fit its room."""
        return self.fontMetrics().elidedText(self.currentMessage(), Qt.TextElideMode.ElideRight,
                                             self.message_rect().width())

    def _on_message_changed(self, text: str) -> None:
        self.setToolTip(guessed(text))  # the message may name user text
        self._update_legend()
        self.update()

    def _update_legend(self) -> None:
        if self.legend is None:
            return
        others = sum(w.sizeHint().width() for w in self.permanent if w is not self.legend)
        room = self.width() - others - 8 * self.MARGIN  # spacing, margins, the size grip
        visible = not self.currentMessage() and self.legend.sizeHint().width() <= room
        if visible != self.legend.isVisibleTo(self):
            self.legend.setVisible(visible)
            self.reformat()  # place the other widgets now: the message's room follows them

    # ---- Qt overrides --------------------------------------------------------------
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._update_legend()

    def paintEvent(self, event) -> None:
        # QStatusBar's own paintEvent would draw the message uncut; draw the panel here
        # and the message as shown_message() says.
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter, self)
        text = self.shown_message()
        if text:
            painter.setPen(self.palette().windowText().color())
            painter.drawText(self.message_rect(), Qt.AlignmentFlag.AlignLeading
                             | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextSingleLine, text)

"""ClassLegend: a row naming the classes of a plot, each a colour swatch and the name of
its output neuron (plain text: a name is the user's), scrolled sideways when the row is
wider than the view. Its height is fixed, so that showing other classes never resizes
the dock it is in."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QWidget

SWATCH = 12


class ClassLegend(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: list[str] = []
        self.colours: list[QColor] = []
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidgetResizable(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        inner = QWidget()
        self.row = QHBoxLayout(inner)
        self.row.setContentsMargins(4, 2, 4, 2)
        self.row.setSpacing(6)
        self.row.addStretch(1)
        self.setWidget(inner)
        self.viewport().setAutoFillBackground(False)
        inner.setAutoFillBackground(False)
        line = max(self.fontMetrics().height(), SWATCH) + 4
        self.setFixedHeight(line + self.horizontalScrollBar().sizeHint().height())

    def __repr__(self) -> str:
        return f"ClassLegend({self.names})"

    def show_classes(self, names: list[str], colours: list[QColor]) -> None:
        """Name these classes, in these colours (nothing is redone when they are shown)."""
        if names == self.names and colours == self.colours:
            return
        self.names, self.colours = list(names), list(colours)
        while self.row.count() > 1:  # all but the stretch at the end
            widget = self.row.takeAt(0).widget()
            widget.deleteLater()
        for i, (name, colour) in enumerate(zip(names, colours)):
            swatch = QPixmap(SWATCH, SWATCH)
            swatch.fill(colour)
            mark = QLabel()
            mark.setPixmap(swatch)
            label = QLabel(name)
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.row.insertWidget(2 * i, mark)
            self.row.insertWidget(2 * i + 1, label)

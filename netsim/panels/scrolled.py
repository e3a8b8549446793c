"""A panel's content in a frameless scroll area that fills the panel."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget


def fill_with_scrolled(panel: QWidget, content: QWidget) -> QVBoxLayout:
    """Show `content` in a scroll area filling `panel`; return the panel's layout.

    In a scroll area a dock's minimum size stays the same whatever it shows, so a short
    dock scrolls and the window's size constraints never change (the offscreen platform
    warns when they change after the native window exists).
    """
    scroll = QScrollArea()
    scroll.setWidget(content)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    outer = QVBoxLayout(panel)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(scroll)
    return outer

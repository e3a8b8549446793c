"""Text from a file or a person, shown as text: never as markup, shortcuts or control codes.

A neuron's label or id, a network's name, a dataset column or a file name is whatever the
file says, `<img src="/dev/zero">` included. Qt would read it as more than text in many
places: pyqtgraph's axis labels, titles and legends are HTML; a QLabel, a tooltip or a
message box takes any text that merely looks like HTML as HTML (Qt::mightBeRichText), and
an <img> there makes Qt read the file it names; menus, buttons and group box titles take
'&x' as a keyboard shortcut; window titles take '[*]' as the modified mark. Each function
below turns user text into what one kind of place shows literally. QLabels that show user
text are set to Qt.TextFormat.PlainText instead. Qt-free: a string in, a string out.
"""
from __future__ import annotations

import re
from html import escape

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")  # C0, DEL, C1, line breaks


def one_line(text: str) -> str:
    """`text` on one line: each run of control characters (line breaks, tabs, ESC, ...)
    becomes one space."""
    return CONTROL.sub(" ", text)


def html(text: str) -> str:
    """User text for a place that reads HTML (pyqtgraph labels, titles and legends, a
    rich-text label): escaped, on one line."""
    return escape(one_line(text))


def guessed(text: str) -> str:
    """A text (user text, or a sentence holding some) for a place where Qt guesses
    whether it is HTML: tooltips, message boxes, item tooltips. Unchanged when Qt reads
    it as plain text (no '<' or '&' before its first line break: Qt looks no further),
    else one rich-text paragraph that shows it literally, line breaks and spaces kept."""
    if not any(c in text.split("\n", 1)[0] for c in "<&"):
        return text
    return f'<p style="white-space:pre-wrap">{escape(text)}</p>'


def mnemonic(text: str) -> str:
    """User text for a menu item, a button or a group box title, where '&x' would make
    x a keyboard shortcut: each '&' doubled, on one line."""
    return one_line(text).replace("&", "&&")


def window_title(text: str) -> str:
    """User text for a window title, where Qt shows '[*]' as the modified mark: each
    '[*]' doubled (Qt shows '[*][*]' as '[*]'), on one line."""
    return one_line(text).replace("[*]", "[*][*]")

"""What the status bar says: a summary of the network and a small colour legend."""
from __future__ import annotations

from PySide6.QtGui import QPalette

from ..canvas import style
from ..io.fileformat import NetworkFile


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

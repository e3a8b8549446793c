"""The netsim application icon, from resources/icons (found through netsim.paths)."""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from .. import paths

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The SVG for any size, with the rendered PNGs for the sizes that exist."""
    folder = paths.icons_dir()
    icon = QIcon()
    for size in ICON_SIZES:
        png = folder / f"netsim-{size}.png"
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    svg = folder / "netsim.svg"
    if svg.is_file():
        icon.addFile(str(svg))
    return icon

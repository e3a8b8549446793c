"""Exporting the drawn network as a picture: PNG (at twice the scene's size) or SVG.

Both render the scene's items rectangle with a margin onto the palette's base colour,
so the picture looks like the canvas without the dot grid. The selection is not drawn.
"""
from __future__ import annotations

import contextlib
import os

from PySide6.QtCore import QRectF, QSizeF
from PySide6.QtGui import QImage, QPainter, QPalette
from PySide6.QtSvg import QSvgGenerator

from ..canvas.network_scene import NetworkScene

PNG_SCALE = 2.0  # pixels per scene unit
MARGIN = 24.0  # scene units of background around the network
FORMATS = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)"}


class ExportError(ValueError):
    """The picture could not be written; the message is one line."""


def image_rect(scene: NetworkScene) -> QRectF:
    """The part of the scene a picture shows: every item, with a margin."""
    rect = scene.network_rect()
    if rect.isEmpty():
        rect = QRectF(0, 0, 200, 120)
    return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


@contextlib.contextmanager
def _unselected(scene: NetworkScene):
    """Draw without selection highlights: clear the selection, then put it back."""
    selected = scene.selectedItems()
    if selected:
        scene.clearSelection()
    try:
        yield
    finally:
        for item in selected:
            item.setSelected(True)


def render_scene(scene: NetworkScene, painter: QPainter, target: QRectF, source: QRectF) -> None:
    painter.setRenderHints(QPainter.RenderHint.Antialiasing
                           | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    painter.fillRect(target, scene.palette().color(QPalette.ColorRole.Base))
    with _unselected(scene):
        scene.render(painter, target, source)


def scene_image(scene, scale: float,
                image_format=QImage.Format.Format_ARGB32_Premultiplied) -> QImage:
    """The scene's network as a picture, `scale` pixels per scene unit."""
    source = image_rect(scene)
    size = (source.size() * scale).toSize()
    image = QImage(size, image_format)
    image.setDevicePixelRatio(1.0)
    painter = QPainter(image)
    try:
        render_scene(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
    finally:
        painter.end()
    return image


def export_png(scene: NetworkScene, path: str, scale: float = PNG_SCALE) -> None:
    image = scene_image(scene, scale)
    if not image.save(path, "PNG"):
        raise ExportError(f"{os.path.basename(path)}: cannot write the picture there")


def export_svg(scene: NetworkScene, path: str, title: str = "") -> None:
    source = image_rect(scene)
    size = QSizeF(source.width(), source.height()).toSize()
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise ExportError(f"{os.path.basename(path)}: cannot write the drawing there")
    generator = QSvgGenerator()
    generator.setFileName(path)
    generator.setSize(size)
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(title or "netsim network")
    generator.setDescription("A neural network drawn by netsim")
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(f"{os.path.basename(path)}: cannot write the drawing there")
    try:
        render_scene(scene, painter, QRectF(0, 0, size.width(), size.height()), source)
    finally:
        painter.end()
    if not os.path.isfile(path) or os.path.getsize(path) == 0:
        raise ExportError(f"{os.path.basename(path)}: cannot write the drawing there")


def export(scene: NetworkScene, path: str, title: str = "") -> None:
    """Write a PNG or an SVG, chosen by the file's extension; raises ExportError."""
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext == "png":
        export_png(scene, path)
    elif ext == "svg":
        export_svg(scene, path, title)
    else:
        raise ExportError(f"{os.path.basename(path)}: netsim exports .png and .svg pictures")

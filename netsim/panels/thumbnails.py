"""Image-like inputs as a picture: one thumbnail per dataset row, for the Dataset and
Outputs tables.

When the dataset has an image shape (rows, columns), the input values of a table row are
its pixels in row-major order. `thumbnail()` makes a greyscale QImage of one row straight
from the NumPy row, one image pixel per input (no Python object per pixel), and
`ThumbnailDelegate` draws it scaled up by a whole factor with nearest-neighbour sampling,
so each input is a sharp square. Hovering a pixel says which input it is and its value.

The grey scale is fixed per dataset: `pixel_range()` is [min(0, lowest), max(1, highest)]
of all the inputs, so the usual 0…1 pixels map 0 to white and 1 to black (ink on paper)
and editing one pixel inside that range never changes how the others look:

    grey(v) = round(255 · (hi − v) / (hi − lo))
"""
from __future__ import annotations

import weakref

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAction, QImage, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QToolTip

from netsim.engine.text import readable
from netsim.plaintext import guessed, one_line

IMAGE_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's unscaled thumbnail (QImage)
THUMB_PIXELS = 32  # a thumbnail is about this tall or wide on screen, at a whole scale
MARGIN = 2  # pixels around the thumbnail in its cell
PICTURE_TIP = ("The inputs of each row as a {r} \u00d7 {c} picture ({lo} white, {hi} black). "
               "Hover a pixel for its value{edit}. Right-click \u2192 Show Inputs as Numbers "
               "for a column per input.")


def pixel_range(x: np.ndarray) -> tuple[float, float]:
    """The values that map to white and to black: [min(0, lowest), max(1, highest)]."""
    if not x.size:
        return 0.0, 1.0
    return min(0.0, float(np.min(x))), max(1.0, float(np.max(x)))


_ranges: dict[int, tuple[float, float]] = {}  # id(dataset) -> its pixel_range, while it lives


def dataset_range(dataset, known: tuple[float, float] | None = None) -> tuple[float, float]:
    """pixel_range() of a dataset's inputs, worked out once per dataset for both docks
    (`known`: the range, when the caller knows it without a pass over every pixel)."""
    key = id(dataset)
    if key not in _ranges:
        _ranges[key] = known if known is not None else pixel_range(dataset.x)
        weakref.finalize(dataset, _ranges.pop, key, None)
    return _ranges[key]


def grey_levels(values: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """The grey level (0 black … 255 white) of each value, as uint8."""
    scaled = np.rint(255.0 * (hi - np.asarray(values, dtype=float)) / (hi - lo))
    return np.clip(scaled, 0, 255).astype(np.uint8)


def thumbnail(values: np.ndarray, shape: tuple[int, int], lo: float, hi: float) -> QImage:
    """One row's inputs as a greyscale image of `shape` (rows, columns), unscaled."""
    rows, cols = shape
    grey = np.ascontiguousarray(grey_levels(values, lo, hi).reshape(rows, cols))
    image = QImage(grey.data, cols, rows, cols, QImage.Format.Format_Grayscale8)
    return image.copy()  # own the pixels: `grey` goes away


def numbers_action(parent, toggled) -> QAction:
    """The checkable "Show Inputs as Numbers" action (hidden until there is a picture):
    `toggled(bool)` switches between a column per input and one picture column."""
    action = QAction("Show Inputs as Numbers", parent)
    action.setCheckable(True)
    action.setToolTip("One column per input instead of a picture of each row, to read or "
                      "edit every value")
    action.setVisible(False)
    action.toggled.connect(toggled)
    return action


def scale_for(shape: tuple[int, int]) -> int:
    """The whole factor that makes a thumbnail about THUMB_PIXELS on its longer side."""
    return max(1, round(THUMB_PIXELS / max(shape)))


def cell_size(shape: tuple[int, int]) -> QSize:
    """The size of a table cell that holds a thumbnail of `shape` with its margin."""
    s = scale_for(shape)
    return QSize(shape[1] * s + 2 * MARGIN, shape[0] * s + 2 * MARGIN)


class ThumbnailDelegate(QStyledItemDelegate):
    """Draws IMAGE_ROLE of the first column (the picture column, when `shape` is set)
    scaled by scale_for(), centred, sharp; any other cell as usual. The tooltip names the
    pixel under the mouse and its value: the model's `pixel_tip(index, pixel)` says it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.shape: tuple[int, int] | None = None

    def __repr__(self) -> str:
        return f"ThumbnailDelegate(shape={self.shape})"

    def image_rect(self, cell: QRect) -> QRect:
        """Where the scaled thumbnail lies in a cell."""
        s = scale_for(self.shape)
        width, height = self.shape[1] * s, self.shape[0] * s
        return QRect(cell.left() + (cell.width() - width) // 2,
                     cell.top() + (cell.height() - height) // 2, width, height)

    def pixel_at(self, cell: QRect, pos: QPoint) -> int | None:
        """The input (row-major pixel index) under `pos`, or None outside the picture."""
        area = self.image_rect(cell)
        if self.shape is None or not area.contains(pos):
            return None
        s = scale_for(self.shape)
        r, c = (pos.y() - area.top()) // s, (pos.x() - area.left()) // s
        return r * self.shape[1] + c

    # ---- Qt overrides --------------------------------------------------------------
    def _image(self, index) -> QImage | None:
        if self.shape is None or index.column() != 0:
            return None
        image = index.data(IMAGE_ROLE)
        return image if isinstance(image, QImage) else None

    def paint(self, painter: QPainter, option, index) -> None:
        super().paint(painter, option, index)  # background, selection, focus, any text
        image = self._image(index)
        if image is None:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(self.image_rect(option.rect), image)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:
        if self._image(index) is not None:
            return cell_size(self.shape)
        return super().sizeHint(option, index)

    def helpEvent(self, event, view, option, index) -> bool:
        tip = getattr(index.model(), "pixel_tip", None)
        if event.type() != QEvent.Type.ToolTip or tip is None or self._image(index) is None:
            return super().helpEvent(event, view, option, index)
        pixel = self.pixel_at(option.rect, event.pos())
        text = tip(index, pixel)
        if text:
            QToolTip.showText(event.globalPos(), text, view)
        else:
            QToolTip.hideText()
            event.ignore()
        return True


def pixel_tip(name: str, pixel: int, shape: tuple[int, int], value: float) -> str:
    """What the tooltip says about one pixel: x371 (row 13, column 7) = 0.62."""
    r, c = divmod(pixel, shape[1])
    return guessed(f"{one_line(name)} (row {r}, column {c}) = {readable(value)}")


def picture_tip(shape: tuple[int, int], lo: float, hi: float, editable: bool) -> str:
    """What the picture column says about itself."""
    return PICTURE_TIP.format(r=shape[0], c=shape[1], lo=readable(lo), hi=readable(hi),
                              edit="; double-click it to edit it" if editable else "")

"""StepFrames: one dataset row's step-through drawn offscreen, one picture per stage.

A frame is the canvas as the step-through shows it at a stage (a NetworkDrawing of the
network with a ValueOverlay of an engine Stepper, no pulses), under a caption with the
status line of that stage ("Row 2 · forward, level 1 of 2: h1, h2 fire"). The drawing and
the stepper are this class's own: the window's canvas and the document are never touched,
so exporting changes no weight (the update stage shows old → new, as on the canvas).

Every frame shows the same part of the scene (what the row's chosen stages cover, with a
margin), so nothing jumps from frame to frame; the picture is `size` pixels exactly, the
network scaled to fit and centred below the caption.
"""
from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QPalette

from ..canvas.network_drawing import NetworkDrawing
from ..canvas.value_overlay import ValueOverlay
from ..engine.dataset import Dataset
from ..engine.network import Network
from ..engine.settings import TrainingSettings
from ..engine.step_values import BACKWARD, ERROR, FORWARD, Stage
from ..engine.stepper import Stepper
from .export_image import MARGIN, render_scene

CAPTION = 30.0  # scene units of caption band above the network (scaled with it) ...
CAPTION_SHARE = 1 / 45  # ... or this share of a wide network's width, to stay readable
CAPTION_FONT = 0.5  # the caption's text: this share of the band's height
PRESETS = ("all", "forward", "backward")  # the stage choices besides a range


class FrameError(ValueError):
    """The row cannot be stepped through; the message is one line."""


def stage_label(stage: Stage) -> str:
    """ "input", "forward, level 1", "error", "backward, level 2", "update"."""
    if stage.kind in (FORWARD, BACKWARD):
        return f"{stage.kind}, level {stage.level}"
    return stage.kind


def preset_range(stages: list[Stage], preset: str) -> tuple[int, int]:
    """The first and last stage index of a preset: every stage; the forward pass
    (input to error); or the backward pass and the update (error to the end)."""
    kinds = [s.kind for s in stages]
    if preset == "forward":
        return 0, kinds.index(ERROR)
    if preset == "backward":
        return kinds.index(ERROR), len(stages) - 1
    if preset == "all":
        return 0, len(stages) - 1
    raise ValueError(f"unknown stage choice {preset!r}: {', '.join(PRESETS)} or a range")


def check_row(dataset: Dataset | None, row: int) -> None:
    """Raise FrameError in one line when `row` cannot be stepped through."""
    if dataset is None or len(dataset) == 0:
        raise FrameError("the network has no dataset rows to step through")
    if not 0 <= row < len(dataset):
        raise FrameError(f"row {row} is out of range: the dataset has {len(dataset)} rows "
                         f"(0 to {len(dataset) - 1})")
    if row in set(dataset.test_rows):
        raise FrameError(f"row {row} is held out for testing, and stepping trains only on "
                         f"the training rows")


def training_row(dataset: Dataset | None, row: int) -> int:
    """`row`, or the first training row after it (else the first) when it is held out:
    where a dialog starts."""
    held = set(dataset.test_rows) if dataset is not None else set()
    if row not in held:
        return row
    rows = [r for r in range(len(dataset)) if r not in held]
    return next((r for r in rows if r > row), rows[0] if rows else row)


def row_stepper(network: Network, dataset: Dataset | None, settings: TrainingSettings,
                row: int) -> Stepper:
    """A Stepper at row `row` with nothing revealed yet; FrameError when it cannot be."""
    check_row(dataset, row)
    try:
        return Stepper(network, dataset, settings, row=row)
    except ValueError as e:
        raise FrameError(f"cannot step through it: {e}") from None


class StepFrames:
    """The frames of row `row`, stages `first` to `last` (indexes into `stages`)."""

    def __init__(self, network: Network, dataset: Dataset | None, settings: TrainingSettings,
                 row: int, palette: QPalette | None = None) -> None:
        self._args = (network, dataset, settings, row)
        self.stepper = row_stepper(*self._args)
        self.stages: list[Stage] = list(self.stepper.row_stages)
        self.drawing = NetworkDrawing()
        if palette is not None:
            self.drawing.setPalette(palette)
        self.drawing.set_network(network)
        self.overlay = ValueOverlay(self.drawing)
        self.overlay.duration = 0  # still pictures: no pulses
        self._source: dict[tuple[int, int], QRectF] = {}
        self._band: dict[tuple[int, int], float] = {}  # the caption's, in scene units

    def __repr__(self) -> str:
        return f"StepFrames(row {self.stepper.row}, {len(self.stages)} stages)"

    def close(self) -> None:
        self.overlay.clear()
        self.drawing.deleteLater()

    # ---- geometry ------------------------------------------------------------------
    def source_rect(self, first: int, last: int) -> QRectF:
        """The part of the scene every frame of stages first..last shows, with a margin."""
        key = (first, last)
        if key not in self._source:
            stepper = row_stepper(*self._args)
            rect = self.drawing.network_rect()
            for index in range(last + 1):
                stepper.step()
                if index >= first:
                    self.overlay.show(stepper)
                    rect = rect.united(self.drawing.network_rect())
            self.overlay.clear()
            if rect.isEmpty():
                rect = QRectF(0, 0, 200, 120)
            band = max(CAPTION, rect.width() * CAPTION_SHARE)
            self._source[key] = rect.adjusted(-MARGIN, -MARGIN - band, MARGIN, MARGIN)
            self._band[key] = band
        return self._source[key]

    def scaled_size(self, scale: float, first: int = 0, last: int | None = None) -> QSize:
        """The frame size at `scale` pixels per scene unit."""
        last = len(self.stages) - 1 if last is None else last
        r = self.source_rect(first, last)
        return QSize(max(1, round(r.width() * scale)), max(1, round(r.height() * scale)))

    # ---- frames --------------------------------------------------------------------
    def frames(self, first: int, last: int, size: QSize) -> Iterator[QImage]:
        """A picture of `size` for each stage first..last, made as it is asked for."""
        if not 0 <= first <= last < len(self.stages):
            raise FrameError(f"the stages run from 0 to {len(self.stages) - 1}, "
                             f"not {first} to {last}")
        source = self.source_rect(first, last)
        stepper = self.stepper = row_stepper(*self._args)
        try:
            for index in range(last + 1):
                stepper.step()
                if index >= first:
                    self.overlay.show(stepper)
                    yield self._picture(source, self._band[first, last], size,
                                        stepper.describe())
        finally:
            self.overlay.clear()

    def _picture(self, source: QRectF, band: float, size: QSize, caption: str) -> QImage:
        image = QImage(size, QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(1.0)
        palette = self.drawing.palette()
        image.fill(palette.color(QPalette.ColorRole.Base))
        scale = min(size.width() / source.width(), size.height() / source.height())
        w, h = source.width() * scale, source.height() * scale
        x0, y0 = (size.width() - w) / 2, (size.height() - h) / 2
        top = band
        band *= scale
        painter = QPainter(image)
        try:
            render_scene(self.drawing, painter, QRectF(x0, y0 + band, w, h - band),
                         source.adjusted(0, top, 0, 0))
            font = QFont(painter.font())
            font.setPixelSize(max(6, round(CAPTION_FONT * band)))
            painter.setFont(font)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
            text_rect = QRectF(x0 + band / 4, y0, w - band / 2, band)
            text = QFontMetrics(font).elidedText(caption, Qt.TextElideMode.ElideRight,
                                                 int(text_rect.width()))
            painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter
                                            | Qt.AlignmentFlag.AlignLeft), text)
        finally:
            painter.end()
        return image


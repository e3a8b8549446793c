"""Writing a step-through's frames (step_frames.py) as an animation: an animated GIF or
APNG (Pillow), or an MP4 video where the optional imageio-ffmpeg package is installed.

An Animation takes the frames one at a time (`add`) and writes the file at `finish`, all
or nothing: GIF and APNG go through atomic_write; an MP4 is encoded into a temporary
folder and then written the same way. `abort` (Cancel) throws away what was made, so a
cancelled export leaves no file behind, and an existing file of that name stays as it was.

`export_row` is the whole export without a window (`netsim animate`), and AnimationJob in
step_export_dialog.py the same with a progress bar.
"""
from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage

from ..io.atomic import atomic_write
from .step_frames import StepFrames, preset_range

FORMATS = {"gif": "Animated GIF (*.gif)", "png": "Animated PNG (*.png)",
           "mp4": "MP4 video (*.mp4)"}
MP4_FPS = 10  # an MP4 shows each stage for whole tenths of a second
MP4_MISSING = "MP4 needs the imageio-ffmpeg package: pip install imageio-ffmpeg"
SECONDS = (0.1, 60.0)  # per stage
SCALES = (0.25, 8.0)
MAX_SIDE = 8000  # pixels: a bigger frame is refused


class AnimationError(ValueError):
    """The animation cannot be made as asked; the message is one line."""


def mp4_missing() -> str:
    """Why MP4 cannot be written here ("" when imageio-ffmpeg is installed)."""
    return "" if importlib.util.find_spec("imageio_ffmpeg") is not None else MP4_MISSING


def format_of(path: str) -> str:
    """"gif", "png" or "mp4" from the file's extension; AnimationError otherwise."""
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    if ext not in FORMATS:
        raise AnimationError(f"{os.path.basename(path)}: netsim writes step-throughs as .gif, "
                             f".png (animated) or .mp4")
    return ext


def pil_image(image: QImage) -> Image.Image:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    return Image.frombuffer("RGB", (rgb.width(), rgb.height()), bytes(rgb.constBits()),
                            "raw", "RGB", rgb.bytesPerLine(), 1)


class Animation:
    """Collects the frames of one animation and writes `path` at `finish`."""

    def __init__(self, path: str, size: QSize, seconds: float) -> None:
        self.path, self.size, self.seconds = path, QSize(size), float(seconds)
        self.kind = format_of(path)
        check_size(size)
        if not SECONDS[0] <= self.seconds <= SECONDS[1]:
            raise AnimationError(f"{self.seconds:g} seconds per stage is out of range: "
                                 f"{SECONDS[0]:g} to {SECONDS[1]:g}")
        tick = {"gif": 0.01, "mp4": 1 / MP4_FPS}.get(self.kind)  # GIF: in 1/100 s
        if tick and abs(self.seconds / tick - round(self.seconds / tick)) > 1e-6:
            unit = "hundredths" if self.kind == "gif" else "tenths"
            raise AnimationError(f"{'a GIF' if self.kind == 'gif' else 'an MP4'} shows a "
                                 f"stage for whole {unit} of a second, not {self.seconds:g} s")
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise AnimationError(f"{os.path.basename(path)}: the folder {folder} does not exist")
        self._frames: list[Image.Image] = []
        self._scratch = self._writer = None
        if self.kind == "mp4":
            self._start_mp4()

    def __repr__(self) -> str:
        return f"Animation({self.path!r}, {len(self._frames)} frames)"

    def _start_mp4(self) -> None:
        if mp4_missing():
            raise AnimationError(MP4_MISSING)
        if self.size.width() % 2 or self.size.height() % 2:
            raise AnimationError(f"an MP4 video needs an even width and height, not "
                                 f"{self.size.width()} \u00d7 {self.size.height()}")
        import imageio_ffmpeg  # optional: only for MP4

        self._scratch = tempfile.TemporaryDirectory(prefix="netsim-mp4-")
        self._video = os.path.join(self._scratch.name, "video.mp4")
        self._writer = imageio_ffmpeg.write_frames(
            self._video, (self.size.width(), self.size.height()), fps=MP4_FPS,
            codec="libx264", pix_fmt_out="yuv420p", macro_block_size=1,
            ffmpeg_log_level="error", output_params=["-movflags", "+faststart"])
        self._writer.send(None)  # start ffmpeg
        self._repeat = max(1, round(self.seconds * MP4_FPS))

    def add(self, image: QImage) -> None:
        if image.size() != self.size:
            raise AnimationError(f"a frame of {image.width()} \u00d7 {image.height()} in an "
                                 f"animation of {self.size.width()} \u00d7 {self.size.height()}")
        frame = pil_image(image)
        if self._writer is not None:
            data = frame.tobytes()
            for _ in range(self._repeat):
                self._writer.send(data)
            self._frames.append(None)
        elif self.kind == "gif":
            # 256 colours, quantised here, frame by frame (a progress bar moves, Cancel
            # answers); the fast octree is 20 times quicker than Pillow's median cut.
            self._frames.append(frame.quantize(256, method=Image.Quantize.FASTOCTREE))
        else:
            self._frames.append(frame)

    def finish(self) -> None:
        """Write the file (atomically); the frames are let go either way."""
        if not self._frames:
            self.abort()
            raise AnimationError("no frames to write")
        try:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
                with open(self._video, "rb") as f:
                    data = f.read()
            else:
                out = io.BytesIO()
                first, *rest = self._frames
                ms = round(self.seconds * 1000)
                first.save(out, format="GIF" if self.kind == "gif" else "PNG", save_all=True,
                           append_images=rest, duration=[ms] * len(self._frames), loop=0)
                data = out.getvalue()
            atomic_write(self.path, data)
        finally:
            self.abort()

    def abort(self) -> None:
        """Throw away what was made; nothing is written."""
        self._frames = []
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.close()
            self._writer = None
        if self._scratch is not None:
            self._scratch.cleanup()
            self._scratch = None


def check_size(size: QSize) -> None:
    w, h = size.width(), size.height()
    if not (16 <= w <= MAX_SIDE and 16 <= h <= MAX_SIDE):
        raise AnimationError(f"a frame of {w} \u00d7 {h} pixels is out of range: each side "
                             f"16 to {MAX_SIDE}")


@dataclass(frozen=True)
class Choice:
    """What the dialog or the command line chose: stages `first`..`last` (indexes into
    the row's stages; None: a preset), a size in pixels or a scale, seconds per stage."""
    row: int
    preset: str = "all"
    first: int | None = None
    last: int | None = None
    width: int | None = None
    height: int | None = None
    scale: float = 1.0
    seconds: float = 1.5

    def stage_range(self, frames: StepFrames) -> tuple[int, int]:
        if self.first is None:
            return preset_range(frames.stages, self.preset)
        n = len(frames.stages)
        if not 0 <= self.first <= self.last < n:
            raise AnimationError(f"stages {self.first} to {self.last} are out of range: the "
                                 f"row has stages 0 to {n - 1}")
        return self.first, self.last

    def frame_size(self, frames: StepFrames, first: int, last: int) -> QSize:
        if self.width is not None:
            return QSize(self.width, self.height)
        if not SCALES[0] <= self.scale <= SCALES[1]:
            raise AnimationError(f"scale {self.scale:g} is out of range: {SCALES[0]:g} to "
                                 f"{SCALES[1]:g}")
        return frames.scaled_size(self.scale, first, last)


def export_row(frames: StepFrames, choice: Choice, path: str,
               progress: Callable[[int, int], bool] | None = None) -> int:
    """Write the animation of `choice` to `path`; returns the number of frames written,
    0 when `progress(done, total)` returned False (cancelled: no file)."""
    first, last = choice.stage_range(frames)
    size = choice.frame_size(frames, first, last)
    animation = Animation(path, size, choice.seconds)
    total = last - first + 1
    try:
        for done, image in enumerate(frames.frames(first, last, size), 1):
            animation.add(image)
            if progress is not None and not progress(done, total):
                animation.abort()
                return 0
    except BaseException:
        animation.abort()
        raise
    animation.finish()
    return total

"""ValueOverlay: what a Stepper has revealed, drawn on a NetworkScene's own items.

Neurons get a tag with their numbers and a fill on a colour scale (output while going
forward; δ during the backward pass); weight labels get a second line (w·x, ∂J/∂w, in
mini-batch and batch mode the mean ∂J/∂w of the batch's rows so far, old → new); when a
level fires, a pulse runs along each arrow into it (backwards, from the tip, during the
backward pass). Nothing is built per step: the tags, second lines
and pulses belong to the scene's items and are updated in place. The room the numbers
need is reserved once per row and the weight labels are placed around it, so nothing
jumps between stages. `clear()` gives back the canvas exactly as it was.

The overlay only reads the stepper; it never changes the document.
"""
from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QObject, QVariantAnimation
from PySide6.QtGui import QColor, QPalette

from ..engine.step_values import ACCUMULATE, BACKWARD, UPDATE, number, plain, short
from ..engine.stepper import Stepper
from ..engine.text import weight_symbol
from ..plaintext import one_line
from . import style

DOT = " \u00b7 "
ARROW = " \u2192 "
PULSE_MS = 650


# ---- words -------------------------------------------------------------------------------
def neuron_lines(stepper: Stepper, nid: str, index: int | None = None) -> list[tuple[str, str]]:
    """The lines shown above neuron `nid` at stage `index`, each with its kind
    ("value", "target" or "delta")."""
    neuron = stepper.graph.neurons[nid]
    v = stepper.neuron(nid, index)
    if v.output is None or neuron.role == "bias":
        return []
    if neuron.role == "input":
        return [(f"x = {plain(v.output)}", "value")]
    lines = [(f"net {number(v.net)}{DOT}out {number(v.output)}", "value")]
    if stepper.rule is not None:  # the perceptron rule: sign or step, y − ŷ instead of δ
        lines = [(f"net {number(v.net)}{DOT}out {plain(v.output)}", "value")]
        if v.target is not None:
            lines.append((f"target {plain(v.target)}{DOT}y \u2212 \u0177 "
                          f"{plain(v.target - v.output)}", "target"))
        return lines
    if v.target is not None:
        lines.append((f"target {plain(v.target)}{DOT}J {number(v.share)}", "target"))
    if v.delta is not None:
        lines.append((f"\u03b4 {number(v.delta)}", "delta"))
    return lines


def connection_detail(stepper: Stepper, key, index: int | None = None) -> tuple[str, float | None]:
    """The second line of a weight label at stage `index`, and the signed value that
    colours it (None: plain text)."""
    v = stepper.connection(key, index)
    w = one_line(weight_symbol(stepper.graph.connection(*key).label))  # w, or w7 (seed 001)
    if v.new_weight is not None:
        if not v.trainable:
            return f"{short(v.weight)} frozen", None
        return f"{short(v.weight)}{ARROW}{number(v.new_weight)}", v.new_weight - v.weight
    if v.mean_gradient is not None and stepper.batch_size > 1:  # summed into the batch
        if not v.trainable:
            return f"{short(v.weight)} frozen", None
        rows = stepper.numbers.count
        return (f"mean \u2202J/\u2202{w} {number(v.mean_gradient)}{DOT}{rows} "
                f"row{'s' if rows != 1 else ''}"), -v.mean_gradient
    if v.gradient is not None:
        return f"\u2202J/\u2202{w} {number(v.gradient)}", -v.gradient
    if v.product is not None:
        return f"{w}\u00b7x {number(v.product)}", None
    return "", None


class ValueOverlay(QObject):
    def __init__(self, scene, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scene = scene
        self.duration = PULSE_MS  # of one pulse; 0: no pulses
        self.shown = False
        self._stepper: Stepper | None = None  # what is shown
        self._numbers = None  # the row whose room is reserved
        self._running: list = []  # (ConnectionItem, backward) of the pulses under way
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setEasingCurve(QEasingCurve(QEasingCurve.Type.InOutQuad))
        self._animation.valueChanged.connect(self._on_pulse_moved)
        self._animation.finished.connect(self._on_pulse_finished)
        if hasattr(scene, "items_made"):
            scene.items_made.connect(self._on_items_made)

    def __repr__(self) -> str:
        return f"ValueOverlay({'shown' if self.shown else 'off'})"

    def pulsing(self) -> list[tuple[str, str]]:
        """The connections whose pulses are running."""
        return [item.key for item, _ in self._running]

    # ---- showing -------------------------------------------------------------------
    def show(self, stepper: Stepper, animate: bool = False) -> None:
        """Draw what `stepper` has revealed; with `animate`, run the pulses of its stage."""
        self._stop_pulses()
        self.shown = True
        self._stepper = stepper
        self._reserve(stepper)
        palette = self.scene.palette()
        stage = stepper.stage
        # (the perceptron rule has no backward pass: its outputs keep their fill)
        backward = stage is not None and stage.kind in (BACKWARD, ACCUMULATE, UPDATE) \
            and stepper.rule is None
        active_ids, active_keys = stepper.active()
        delta_scale, gradient_scale = stepper.scales()
        active = set(active_ids)
        for nid, item in self.scene.neuron_items.items():
            if nid not in stepper.level:
                continue
            lines = [(text, self._line_color(kind, stepper, nid, palette))
                     for text, kind in neuron_lines(stepper, nid)]
            item.set_values(lines, self._fill(stepper, nid, backward, delta_scale, palette),
                            nid in active)
        self._show_connections(stepper, self.scene.connection_items.items(), palette)
        if animate and self.duration > 0 and stage is not None and active_keys \
                and stage.kind not in (ACCUMULATE, UPDATE):
            self._start_pulses(stepper, active_keys, backward, gradient_scale, palette)

    @staticmethod
    def _show_connections(stepper: Stepper, items, palette: QPalette) -> None:
        for key, item in items:
            if key[0] not in stepper.level or key[1] not in stepper.level:
                continue
            text, signed = connection_detail(stepper, key)
            color = style.push_color(signed, palette) if signed is not None else None
            item.label.set_detail(text, color)

    def _on_items_made(self) -> None:
        """Connections of a big network got items as the view zoomed in: their labels
        show the numbers of the stage too, with room for the row's."""
        stepper = self._stepper
        if not self.shown or stepper is None or stepper.numbers is None:
            return
        fresh = [(k, i) for k, i in self.scene.connection_items.items() if not i.label.detail]
        stages = range(len(stepper.stages))
        for key, item in fresh:
            if key[0] in stepper.level and key[1] in stepper.level:
                item.label.reserve_detail([connection_detail(stepper, key, i)[0] for i in stages])
        self._show_connections(stepper, fresh, self.scene.palette())
        self.scene.place_labels()

    def clear(self) -> None:
        """Back to the plain canvas: no numbers, no fills, one-line weight labels."""
        self._stop_pulses()
        self._stepper = None
        if not self.shown:
            return
        self.shown = False
        self._numbers = None
        for item in self.scene.neuron_items.values():
            item.clear_values()
        for item in self.scene.connection_items.values():
            item.label.clear_detail()
        self.scene.place_labels()

    def _reserve(self, stepper: Stepper) -> None:
        """Once per row: room for every number the row will show, then labels around it."""
        if stepper.numbers is self._numbers:
            return
        self._numbers = stepper.numbers
        if stepper.numbers is None:
            return
        grew = False
        stages = range(len(stepper.stages))
        for nid, item in self.scene.neuron_items.items():
            if nid in stepper.level:
                line_sets = [[t for t, _ in neuron_lines(stepper, nid, i)] for i in stages]
                if any(line_sets):
                    grew |= item.value_tag().reserve(line_sets)
        for key, item in self.scene.connection_items.items():
            if key[0] in stepper.level and key[1] in stepper.level:
                grew |= item.label.reserve_detail(
                    [connection_detail(stepper, key, i)[0] for i in stages])
        if grew:
            self.scene.place_labels()

    @staticmethod
    def _fill(stepper: Stepper, nid: str, backward: bool, delta_scale: float,
              palette: QPalette) -> QColor | None:
        neuron = stepper.graph.neurons[nid]
        v = stepper.neuron(nid)
        if neuron.role == "bias" or v.output is None:
            return None
        if backward and neuron.computes:
            return style.push_fill(v.delta, delta_scale, palette) if v.delta is not None else None
        return style.output_fill(v.output, palette)

    @staticmethod
    def _line_color(kind: str, stepper: Stepper, nid: str, palette: QPalette) -> QColor | None:
        if kind == "delta":
            return style.push_color(stepper.neuron(nid).delta, palette)
        if kind == "target":
            return style.mix(style.text_color(palette), style.base_color(palette), 0.75)
        return None

    # ---- pulses --------------------------------------------------------------------
    def _start_pulses(self, stepper, keys, backward: bool, scale: float, palette) -> None:
        self._running = []
        for key in keys:
            item = self.scene.connection_items.get(key)
            if item is None or item.segment().length() == 0:
                continue
            pulse = item.value_pulse()
            if backward:
                gradient = stepper.connection(key).gradient or 0.0
                color = style.push_color(-gradient, palette) if gradient else \
                    style.mix(style.text_color(palette), style.base_color(palette), 0.5)
            else:
                color = style.OUTPUT_POSITIVE
            pulse.set_color(color)
            pulse.setPos(item.point_at(0.0 if backward else 1.0))
            pulse.setVisible(True)
            self._running.append((item, backward))
        if self._running:
            self._animation.setDuration(int(self.duration))
            self._animation.start()

    def _on_pulse_moved(self, t) -> None:
        for item, backward in self._running:
            if item.pulse is not None:
                item.pulse.setPos(item.point_at(float(t) if backward else 1.0 - float(t)))

    def _on_pulse_finished(self) -> None:
        for item, _ in self._running:
            if item.pulse is not None:
                item.pulse.setVisible(False)
        self._running = []

    def _stop_pulses(self) -> None:
        if self._animation.state() != QVariantAnimation.State.Stopped:
            self._animation.stop()  # finished is not emitted on stop
        self._on_pulse_finished()

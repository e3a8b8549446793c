"""The screenshots in README.md and the tutorial, taken from the app itself.

    make docs-images      (QT_QPA_PLATFORM=offscreen python docs/make_images.py)

Each picture drives a real MainWindow, built as `netsim --screenshot` builds it (settings
and recovery files in a folder thrown away, no autosave, never shown on screen, 1280 x
800), into one state with the same gestures, actions and methods a person's clicks
reach, and grabs it. The pictures go to resources/docs/images/, where the tutorial finds
them in a checkout and in an installed wheel; README.md shows the same files.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRect, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from netsim import paths  # noqa: E402
from netsim.app.launch import WINDOW_SIZE, application  # noqa: E402
from netsim.app.main_window import MainWindow  # noqa: E402
from netsim.canvas import tools  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "resources" / "docs" / "images"
LEFT = Qt.MouseButton.LeftButton


# ---- helpers -------------------------------------------------------------------------
def wait(ms: int = 200, until=None, timeout: float = 60.0) -> None:
    """Let the window work for `ms` milliseconds, or until `until()` is true."""
    end = time.monotonic() + (timeout if until is not None else ms / 1000)
    while time.monotonic() < end:
        QApplication.processEvents()
        if until is not None and until():
            break
        time.sleep(0.01)
    else:
        if until is not None:
            raise TimeoutError(f"gave up waiting after {timeout} s")
    QApplication.processEvents()


def new_window(scratch: str, example: str | None = "xor-worked-example") -> MainWindow:
    settings = QSettings(os.path.join(scratch, "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, recovery_dir=scratch, autosave_interval=0)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.ask_save_changes = lambda _title: QMessageBox.StandardButton.Discard  # on close
    window.resize(*WINDOW_SIZE)
    if example is not None:
        window.open_example(paths.example(example))  # as File > Open Example
    window.show()
    wait()
    window.view.fit()
    wait()
    return window


def save(picture, name: str) -> None:
    path = OUT / name
    if not picture.save(str(path), "PNG"):
        raise OSError(f"cannot write {path}")
    print(f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}: "
          f"{picture.width()}x{picture.height()}, {path.stat().st_size // 1024} KB")


def mouse(window: MainWindow, kind: QEvent.Type, scene_point, buttons) -> None:
    """A mouse event at `scene_point` on the canvas, as the mouse sends it."""
    view = window.view
    local = QPointF(view.mapFromScene(QPointF(*scene_point)))
    glob = QPointF(view.viewport().mapToGlobal(local.toPoint()))
    button = LEFT if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
    event = QMouseEvent(kind, local, glob, button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), event)


def click(window, point) -> None:
    mouse(window, QEvent.Type.MouseButtonPress, point, LEFT)
    mouse(window, QEvent.Type.MouseButtonRelease, point, Qt.MouseButton.NoButton)


def drag(window, start, end, release: bool = True, steps: int = 10) -> None:
    mouse(window, QEvent.Type.MouseButtonPress, start, LEFT)
    for i in range(1, steps + 1):
        t = i / steps
        mouse(window, QEvent.Type.MouseMove,
              (start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t), LEFT)
    if release:
        mouse(window, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.NoButton)


def raise_dock(window: MainWindow, title: str, height: int | None = None):
    """Bring the dock `title` to the front of its tabs (a click on its tab), `height`
    pixels tall (a drag of the splitter above it)."""
    dock = next(d for d in window.docks() if d.windowTitle() == title)
    dock.show()
    dock.raise_()
    if height is not None:
        window.resizeDocks([dock], [height], Qt.Orientation.Vertical)
    wait()
    return dock


# ---- the pictures --------------------------------------------------------------------
def main_window(scratch: str) -> None:
    """The XOR worked example, as the app opens."""
    window = new_window(scratch)
    save(window.grab(), "main-window.png")
    window.close()


PLACES = {"x1": (0, 0), "x2": (0, 160), "h1": (240, 0), "h2": (240, 160), "y": (480, 80),
          "b": (0, 320)}


def drawing(scratch: str) -> None:
    """XOR being drawn: neurons placed with the Add tools, the first layer connected,
    and a connection from h1 to y being dragged."""
    window = new_window(scratch, example=None)  # an empty network, as after File > New
    window.view.reset_zoom()
    window.view.centerOn(240, 160)
    for tool, names in ((tools.ADD_INPUT, ("x1", "x2")), (tools.ADD_HIDDEN, ("h1", "h2")),
                        (tools.ADD_OUTPUT, ("y",)), (tools.ADD_BIAS, ("b",))):
        window.tools.action(tool).trigger()  # the key I, H, O or B
        for name in names:
            click(window, PLACES[name])
    window.tools.action(tools.CONNECT).trigger()  # C
    for source, target in (("x1", "h1"), ("x1", "h2"), ("x2", "h1"), ("x2", "h2"),
                           ("b", "h1"), ("b", "h2")):
        drag(window, PLACES[source], PLACES[target])
    window.main_actions.fit.trigger()  # Ctrl+0
    wait()
    x, y = PLACES["y"]
    drag(window, PLACES["h1"], (x - 6, y - 4), release=False)  # over y, not let go
    wait()
    save(window.grab(), "drawing.png")
    mouse(window, QEvent.Type.MouseButtonRelease, PLACES["y"], Qt.MouseButton.NoButton)
    window.close()


def stepping(scratch: str) -> None:
    """Row 0 of XOR stepped into the backward pass: δ at the output, the Equations dock
    showing how it is computed (the left of the window: canvas and equations)."""
    window = new_window(scratch)
    controller = window.stepping
    while controller.stepper is None or controller.stepper.stage.kind != "backward":
        controller.step_action.trigger()  # F10
        wait(700)  # the pulses
    window.scene.select(["y"], [])
    raise_dock(window, "Equations", height=300)
    wait(800)
    canvas = window.view.geometry()  # the canvas and the equations under it, readable
    save(window.grab(QRect(0, 0, canvas.right() + 1, window.height())), "stepping.png")
    window.close()


def quiz(scratch: str) -> None:
    """Step ▸ Quiz on the XOR example: the question before forward level 1, and a miss
    (net typed for out) with the formula and its numbers."""
    window = new_window(scratch)
    window.quiz.action.trigger()  # Step ▸ Quiz
    window.scene.select(["h1"], [])
    raise_dock(window, "Quiz", height=330)
    panel = window.quiz_panel
    window.stepping.step_action.trigger()  # F10: the inputs
    wait(700)
    window.stepping.step_action.trigger()  # F10: asks for net h1
    panel.field.setText("1.25")
    wait()
    canvas = window.view.geometry()
    save(window.grab(QRect(0, 0, canvas.right() + 1, window.height())), "quiz-question.png")
    panel.field.returnPressed.emit()  # right: out h1 is asked next
    panel.field.setText("1.25")  # net again, for out
    panel.field.returnPressed.emit()
    wait(800)
    save(window.grab(QRect(0, 0, canvas.right() + 1, window.height())), "quiz-miss.png")
    window.close()


def training(scratch: str) -> None:
    """The XOR example trained to its target error, with its error curve."""
    window = new_window(scratch)
    window.training.run_action.trigger()  # F5
    wait(until=lambda: not window.training.is_running(), timeout=300)
    raise_dock(window, "Error Curve", height=300)
    wait(400)
    save(window.grab(), "training.png")
    window.close()


def heat_maps(scratch: str) -> None:
    """The XOR example trained: each hidden and output neuron shows its output over the
    input plane (View > Neuron Heat Maps), above the Decision Map of the same plane."""
    window = new_window(scratch)
    window.training.run_action.trigger()  # F5
    wait(until=lambda: not window.training.is_running(), timeout=300)
    raise_dock(window, "Decision Map", height=330)
    wait(400)
    canvas = window.view.geometry()  # the canvas and the map under it
    save(window.grab(QRect(0, 0, canvas.right() + 1, window.height())), "heat-maps.png")
    window.close()


def trained(scratch: str, example: str) -> MainWindow:
    """A window on `example`, trained with its own settings (F5)."""
    window = new_window(scratch, example)
    window.training.run_action.trigger()  # F5
    wait(until=lambda: not window.training.is_running(), timeout=300)
    return window


def iris(scratch: str) -> None:
    """The iris example trained: the error curve with the accuracy beside it, then the
    confusion matrix of the held-out flowers."""
    window = trained(scratch, "iris-softmax")
    raise_dock(window, "Error Curve", height=300)
    wait(400)
    save(window.grab(), "iris-training.png")
    dock = raise_dock(window, "Confusion Matrix", height=300)
    view = window.plots["Confusion Matrix"]
    view.rows_box.setCurrentIndex(view.rows_box.findText("Test rows"))
    wait(400)
    save(dock.grab(), "iris-confusion.png")
    window.close()


DIGITS_ROW = 5


def digits(scratch: str) -> None:
    """The digits example trained, then one image stepped through the forward pass: the
    softmax over the ten outputs in the Equations dock, the image beside the row
    picker."""
    window = trained(scratch, "digits-softmax")
    controller = window.stepping
    controller.set_row(DIGITS_ROW)  # as the row picker
    while controller.stepper is None or controller.stepper.stage is None \
            or controller.stepper.stage.kind != "error":
        controller.step_action.trigger()  # F10
        wait(300)
    outputs = controller.stepper.numbers.trace.outputs
    window.scene.select([max(outputs, key=outputs.get)], [])
    raise_dock(window, "Equations", height=330)
    wait(600)
    save(window.grab(), "digits-stepping.png")
    window.close()


def sin_fit(scratch: str) -> None:
    """The 1-8-1 tanh network trained on sin x: the Fit dock's curve over the points, each
    hidden neuron's own curve inside its circle."""
    window = trained(scratch, "sin-fit")
    raise_dock(window, "Fit", height=330)
    wait(400)
    save(window.grab(), "sin-fit.png")
    window.close()


LEARNING_RATE_EPOCHS = 3000  # long enough for α = 0.5 to leave XOR's plateau


def learning_rates(scratch: str) -> None:
    """The Learning Rates dock comparing α = 0.05, 0.5 and 5 on XOR (its first rates)
    over LEARNING_RATE_EPOCHS epochs."""
    window = new_window(scratch)
    dock = raise_dock(window, "Learning Rates", height=420)
    explorer = window.plots["Learning Rates"]
    explorer.epochs.setValue(LEARNING_RATE_EPOCHS)
    explorer.run_button.click()
    wait(until=lambda: not explorer.running and explorer.curves, timeout=300)
    wait(400)
    save(dock.grab(), "learning-rates.png")
    window.close()


def step_sizes(scratch: str, example: str = "xor-worked-example",
               name: str = "compare-step-sizes.png") -> None:
    """Train > Compare Step Sizes: the curves beside the error landscape."""
    window = new_window(scratch, example)
    window.compare_step_sizes_action.trigger()  # Ctrl+Shift+L
    explorer = window.plots["Learning Rates"]
    wait(until=lambda: not explorer.running and explorer.curves, timeout=300)
    wait(600)
    save(window.grab(), name)
    window.close()


def step_sizes_cross_entropy(scratch: str) -> None:
    """The same on XOR with cross-entropy, where α = 10 flies off."""
    step_sizes(scratch, "xor-cross-entropy", "compare-step-sizes-cross-entropy.png")


def big_network(scratch: str) -> None:
    """784-128-10 (101,770 connections, as the benchmark generates it): the whole network
    fitted, then zoomed in on the outputs with a hidden neuron selected."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.networks import layered_file
    from netsim.document import Document
    window = new_window(scratch)
    window.set_document(Document(layered_file((784, 128, 10))))
    wait()
    window.view.fit()
    wait()
    save(window.grab(), "big-network-fit.png")
    net = window.document.network
    window.scene.select(["h1_95"])
    window.view.zoom_by(0.45 / window.view.zoom())
    hidden, output = net.neurons["h1_95"].position, net.neurons["y4"].position
    window.view.centerOn(QPointF((hidden[0] + output[0]) / 2 - 200, output[1]))
    wait()
    save(window.grab(), "big-network-zoomed.png")
    window.close()


PICTURES = [main_window, drawing, stepping, quiz, training, heat_maps, learning_rates, step_sizes,
            step_sizes_cross_entropy, big_network, iris, digits, sin_fit]


def main() -> int:
    app = application()
    OUT.mkdir(parents=True, exist_ok=True)
    wanted = sys.argv[1:]  # names of pictures to make (default: every one)
    for make in [m for m in PICTURES if not wanted or m.__name__ in wanted]:
        with tempfile.TemporaryDirectory(prefix="netsim-docs-") as scratch:
            make(scratch)
            QCoreApplication.processEvents()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())

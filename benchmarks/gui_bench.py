"""Training in the app with every plot open, beside the same training headless.

Headless: Trainer.run on the document's network and dataset. In the app: the main
window (offscreen) with all seven plot docks shown side by side, one connection and one
neuron selected so the landscape and neuron views are live, trained through the Train
controller (worker thread, live weights into the document ~30 times a second, every view
redrawing). Both train the same epochs from the same weights; samples per second are the
epochs x rows over the wall time from start to the end of the run.
"""
from __future__ import annotations

import os
import tempfile
import time
from dataclasses import replace

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, Qt  # noqa: E402

from netsim import paths  # noqa: E402
from netsim.app.launch import application  # noqa: E402
from netsim.app.main_window import MainWindow  # noqa: E402
from netsim.document import Document  # noqa: E402
from netsim.engine import Network, TrainingSettings  # noqa: E402
from netsim.engine.datasets import fit_to, generate  # noqa: E402
from netsim.engine.layout import auto_layout  # noqa: E402
from netsim.engine.trainer import Trainer  # noqa: E402
from netsim.io.fileformat import NetworkFile  # noqa: E402


def every_plot_open(window) -> None:
    """All plot docks visible at once, side by side across the bottom of the window."""
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    docks = window.plot_docks
    for dock in docks:
        window.removeDockWidget(dock)
    window.addDockWidget(bottom, docks[0], Qt.Orientation.Horizontal)
    for left, right in zip(docks, docks[1:]):
        window.splitDockWidget(left, right, Qt.Orientation.Horizontal)
    for dock in docks:
        dock.show()


def moons_file() -> NetworkFile:
    """A 2-8-1 tanh/sigmoid network on 200 rows of the moons data, trained by sgd."""
    rng = np.random.default_rng(4)
    net = Network()
    for i in range(2):
        net.add_neuron(f"x{i}", "input")
    net.add_neuron("b", "bias")
    hidden = [net.add_neuron(f"h{j}", "hidden", "tanh").id for j in range(8)]
    net.add_neuron("y", "output", "sigmoid")
    for h in hidden:
        for source in ("x0", "x1", "b"):
            net.connect(source, h, rng.uniform(-1, 1))
        net.connect(h, "y", rng.uniform(-1, 1))
    net.connect("b", "y", 0.0)
    for nid, position in auto_layout(net).items():
        net.neurons[nid].position = position
    data = fit_to(net, generate("moons", 200, seed=4))
    return NetworkFile(net, data, TrainingSettings(learning_rate=0.1), name="moons 2-8-1")


def make_window(app, scratch: str, example: str) -> MainWindow:
    settings = QSettings(os.path.join(scratch, "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, recovery_dir=scratch, autosave_interval=0)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(1920, 1080)
    nf = moons_file() if example == "moons" else Document.open(paths.example(example)).file
    window.set_document(Document(nf))
    window.show()
    every_plot_open(window)
    net = window.document.network
    into_output = [c.key for c in net.connections if net.neurons[c.target].role == "output"]
    hidden = [n for n in net.neurons if net.neurons[n].role == "hidden"]
    window.scene.select(hidden[:1], into_output[:1])
    app.processEvents()
    return window


def in_app(app, window, epochs: int) -> tuple[float, int]:
    """Seconds for one run of up to `epochs` epochs through the window's Train
    controller, and the epochs it ran (it may stop early where the error is flat)."""
    doc = window.document
    start_weights = doc.network.weights()
    loop = QEventLoop()  # as in the app: the GUI thread waits for events without the GIL
    window.training.running_changed.connect(loop.quit)
    start = time.perf_counter()
    window.training.train(epochs)
    loop.exec()
    seconds = time.perf_counter() - start
    window.training.running_changed.disconnect(loop.quit)
    doc.undo_stack.undo()  # back to the same weights for the next repeat
    assert doc.network.weights() == start_weights
    return seconds, window.training.last_result.epochs


def headless(doc, epochs: int) -> float:
    trainer = Trainer(doc.network, doc.dataset, doc.file.training)
    start = time.perf_counter()
    trainer.run(epochs)
    return time.perf_counter() - start


RUN_SECONDS = 5.0


def run(repeats: int, quick: bool) -> list[float]:
    app = application()
    print(f"\n{'samples per second, every plot open':<40} {'headless':>14} {'in the app':>14} "
          f"{'ratio':>9}")
    ratios = []
    with tempfile.TemporaryDirectory(prefix="netsim-bench-") as scratch:
        # runs of about RUN_SECONDS headless (a fifth of it quick): a run's start and
        # end (the window redraws, the undo step) are a fixed cost that long runs make
        # small; the epochs are found by timing a short headless run on this machine
        for example, probe in (("xor-worked-example", 20000), ("moons", 100)):
            window = make_window(app, scratch, example)
            doc = window.document
            doc.file.training = replace(doc.file.training, target_error=None)
            rows = len(doc.dataset)
            target = RUN_SECONDS / 5 if quick else RUN_SECONDS
            epochs = max(probe, int(round(probe * target / headless(doc, probe), -2)))
            h = a = 0.0
            for _ in range(repeats):
                h = max(h, epochs * rows / headless(doc, epochs))
                seconds, ran = in_app(app, window, epochs)
                a = max(a, ran * rows / seconds)
            print(f"{example + f', {epochs:,} epochs':<40} {h:>14,.0f} {a:>14,.0f} {a / h:>8.2f}x")
            ratios.append(a / h)
            window.close()
    return ratios

"""Training in the app with the neurons' heat maps on, beside the same runs with them off
(`make bench`; alone: `python benchmarks/heatmap_bench.py [--quick]`).

The main window (offscreen, 1280 x 800, its first layout) trains XOR and a 2-8-8-1
sigmoid network (100 rows) through the Train controller, as gui_bench does: the training
process writes its live weights into the document and every view follows them. Samples
per second are epochs x rows over the wall time of the run. Runs with the maps on and off
alternate and each figure is the best of `repeats`, so that load on a shared machine
hits both alike. Beside them: what one redraw of every map costs the window (compute and
hand to the neurons, best of 50), the window's CPU time per second of a run (the GUI
thread's, median over the runs; the training process has its own), and the maps' own
share of it (their forward pass, pictures and painting, timed inside the runs).
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import replace
from statistics import median

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402

from netsim import paths  # noqa: E402
from netsim.app.launch import application  # noqa: E402
from netsim.app.main_window import MainWindow  # noqa: E402
from netsim.canvas import neuron_maps  # noqa: E402
from netsim.canvas.neuron_maps import Thumbnail  # noqa: E402
from netsim.document import Document  # noqa: E402

import networks  # noqa: E402
from gui_bench import headless, in_app  # noqa: E402

RUN_SECONDS = 4.0  # of one headless run; in the app it takes a little longer


def make_window(scratch: str, nf) -> MainWindow:
    settings = QSettings(os.path.join(scratch, "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, recovery_dir=scratch, autosave_interval=0)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(1280, 800)
    window.set_document(Document(nf))
    window.show()
    application().processEvents()
    window.view.fit()
    return window


class Stopwatch:
    """Seconds spent in the maps' own work while it is on: the forward pass over the
    grid, making each neuron's picture and painting it (the functions are wrapped, and
    put back by `stop`); `calls` counts the redraws."""
    TARGETS = ((neuron_maps, "neuron_outputs"), (Thumbnail, "__init__"), (Thumbnail, "paint"))

    def __init__(self) -> None:
        self.seconds, self.calls = 0.0, 0
        self.originals = [(owner, name, getattr(owner, name)) for owner, name in self.TARGETS]
        for owner, name, original in self.originals:
            setattr(owner, name, self._timed(original, name == "neuron_outputs"))

    def _timed(self, original, counted: bool):
        def timed(*args, **kwargs):
            start = time.thread_time()  # CPU time: a busy machine's waits do not count
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.thread_time() - start
                self.calls += counted
        return timed

    def stop(self) -> None:
        for owner, name, original in self.originals:
            setattr(owner, name, original)


def redraw_ms(window) -> float:
    maps = window.neuron_maps
    best = float("inf")
    for _ in range(50):
        t = time.perf_counter()
        maps.refresh()
        best = min(best, time.perf_counter() - t)
    return best * 1000


def run(repeats: int, quick: bool) -> None:
    app = application()
    cases = [("XOR 2-2-1", Document.open(paths.example("xor-worked-example")).file, 20000),
             ("2-8-8-1, 100 rows", networks.layered_file((2, 8, 8, 1), rows=100), 200)]
    print(f"\n{'samples per second in the app':<34} {'maps off':>12} {'maps on':>12} "
          f"{'ratio':>7} {'one redraw':>11}")
    with tempfile.TemporaryDirectory(prefix="netsim-bench-") as scratch:
        for name, nf, probe in cases:
            window = make_window(scratch, nf)
            doc = window.document
            doc.file.training = replace(doc.file.training, target_error=None)
            rows = len(doc.dataset)
            target = RUN_SECONDS / 4 if quick else RUN_SECONDS
            epochs = max(probe, int(round(probe * target / headless(doc, probe), -2)))
            in_app(app, window, epochs // 10)  # the first run starts the training process
            best = {False: 0.0, True: 0.0}
            gui = {False: [], True: []}  # the window's CPU seconds per second of a run
            own = []  # the maps' own seconds (compute and paint) per second of a run
            refreshes = []
            for i in range(repeats):
                for on in ((False, True) if i % 2 == 0 else (True, False)):
                    window.main_actions.heat_maps.setChecked(on)
                    app.processEvents()
                    watch = Stopwatch()
                    cpu = time.thread_time()
                    seconds, ran = in_app(app, window, epochs)
                    gui[on].append((time.thread_time() - cpu) / seconds)
                    best[on] = max(best[on], ran * rows / seconds)
                    watch.stop()
                    if on:
                        own.append(watch.seconds / seconds)
                        refreshes.append(watch.calls / seconds)
            window.main_actions.heat_maps.setChecked(True)
            shown = len(window.neuron_maps.thumbnails)
            ms = redraw_ms(window)
            print(f"{name + f', {epochs:,} epochs':<34} {best[False]:>12,.0f} "
                  f"{best[True]:>12,.0f} {best[True] / best[False]:>6.2f}x "
                  f"{ms:>6.2f} ms ({shown} maps)")
            print(f"{'  window CPU share (median)':<34} {median(gui[False]):>12.1%} "
                  f"{median(gui[True]):>12.1%}")
            print(f"{'  the maps own work (median)':<34} {'':>12} {median(own):>12.2%} "
                  f"of a core, {median(refreshes):.1f} redraws/s")
            window.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat of short runs")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    run(1 if args.quick else args.repeats, args.quick)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

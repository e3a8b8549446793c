"""Stepping and inspecting a big network, the canvas left out: the main window with its
scene drawing nothing, so every figure is the work of the stepper, the step controller,
the Equations dock, the Inspector, the document's commands and the other followers of
the document's changes.

    python benchmarks/step_bench.py [--sizes 784-128-10 2-64-64-64-1] [--profile WHAT]

Figures (best of 3): each F10 of a row after the first (and the next row's input), one
weight change and its undo (a command pushed, as the Inspector and the canvas do),
selecting two neurons and a connection (Inspector + Equations + the plots that follow
the selection), before stepping and at backward 1. The Outputs dock's refresh, which
follows every weight change after a short timer, is timed on its own. --profile prints
cProfile's top entries for one of: open, step, weight, select, select-stepping.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [os.path.join(HERE, ".."), os.path.join(HERE, "..", "tests")]  # this checkout

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from big_networks import layered  # noqa: E402
from netsim.app.launch import application  # noqa: E402
from netsim.canvas.network_scene import NetworkScene  # noqa: E402
from netsim.canvas.value_overlay import ValueOverlay  # noqa: E402
from netsim.document import Document  # noqa: E402
from netsim.document.commands import SetWeight  # noqa: E402

GOALS = {"784-128-10": (100, 40, 40), "2-64-64-64-1": (30, 16, 16)}  # ms: F10, weight, select


def without_canvas() -> None:
    """The scene draws nothing and the overlay shows nothing: what is left is the rest."""
    NetworkScene.set_document = lambda self, doc: setattr(self, "document", doc)
    ValueOverlay.show = lambda self, stepper, animate=False: None


def profiled(run, what: str, profile: str | None) -> None:
    """Run `run` once more under cProfile when `what` is the one asked for."""
    if profile != what:
        return
    prof = cProfile.Profile()
    prof.enable()
    run()
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(40)


def best(run, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        run()
        times.append(time.perf_counter() - t)
    return min(times)


def make_window(scratch: str, nf, profile: str | None = None):
    from netsim.app.main_window import MainWindow
    settings = QSettings(os.path.join(scratch, "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, recovery_dir=scratch, autosave_interval=0)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.resize(1600, 1000)
    prof = cProfile.Profile() if profile == "open" else None
    t = time.perf_counter()
    if prof:
        prof.enable()
    window.set_document(Document(nf))
    opened = time.perf_counter() - t
    if prof:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
    window.show()
    QApplication.processEvents()  # the docks behind others hear they are out of sight
    return window, opened


def select(window, ids, keys) -> None:
    """What the window does when the canvas selection changes (scene.selection())."""
    window.inspector.set_selection(ids, keys)
    window.equations.set_selection(ids, keys)
    for title in ("Error Landscape", "Neuron"):
        window.plots[title].set_selection(ids, keys)


def measure(app, sizes: list[int], profile: str | None) -> dict:
    nf = layered(sizes)
    with tempfile.TemporaryDirectory() as scratch:
        window, opened = make_window(scratch, nf, profile)
        doc = window.document
        net = doc.network
        hidden = "h1_0"
        output = "y0"
        key = ("x3", hidden) if "x3" in net.neurons else ("h1_3", "h2_0")
        into_out = next(c.key for c in net.incoming(output) if not c.source.startswith("b"))
        figures = {"open (no canvas)": opened}
        # ---- select ----------------------------------------------------------------
        def run_select():
            select(window, [hidden], [])
            select(window, [output], [])
            select(window, [], [into_out])
        figures["select (3 selections)/3"] = best(run_select) / 3
        profiled(run_select, "select", profile)
        # ---- one weight and its undo -----------------------------------------------
        select(window, [], [key])
        old = net.connection(*key).weight

        outputs = window.outputs_panel  # another dock's work, timed on its own

        def settle():
            outputs.timer.stop()
            app.processEvents()

        def run_weight():
            doc.undo_stack.push(SetWeight(doc, key, old + 0.125))
            settle()
            doc.undo_stack.undo()
            settle()
        figures["weight + undo"] = best(run_weight)
        figures["(Outputs dock refresh)"] = best(outputs.refresh)
        profiled(run_weight, "weight", profile)
        # ---- F10 through a row, with a neuron selected ----------------------------
        select(window, [output], [])
        stepping = window.stepping
        stages = []

        def run_row():
            stepping.stop(quiet=True)
            t = time.perf_counter()
            stepping.step()  # the first: the stepper is built
            settle()
            times = [time.perf_counter() - t]
            while True:  # through the update, and the next row's input
                t = time.perf_counter()
                stepping.step()
                settle()
                times.append(time.perf_counter() - t)
                if stepping.stepper.index == 0:
                    break
            stages.append(times)
        for _ in range(3):
            run_row()
        per_stage = [min(ts) for ts in zip(*stages)]
        names = (["first F10 (input)"] + [str(s) for s in stepping.stepper.stages[1:]]
                 + ["input (next row)"])
        figures.update({f"F10 {n}": t for n, t in zip(names, per_stage)})
        profiled(run_row, "step", profile)
        # ---- select while the Equations dock shows the numbers (at backward 1) -------
        stepping.stop(quiet=True)
        stepping.step()
        while stepping.stepper.stage.kind != "backward" or stepping.stepper.stage.level != 1:
            stepping.step()
        app.processEvents()
        figures["select at backward 1 /3"] = best(run_select) / 3
        profiled(run_select, "select-stepping", profile)
        stepping.stop(quiet=True)
        doc.undo_stack.setClean()  # closing asks nothing
        window.close()
        return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", default=list(GOALS))
    parser.add_argument("--profile",
                        choices=["open", "step", "weight", "select", "select-stepping"])
    args = parser.parse_args()
    app = application()
    without_canvas()
    for text in args.sizes:
        sizes = [int(v) for v in text.split("-")]
        figures = measure(app, sizes, args.profile)
        print(f"\n{text}  (ms, best of 3, canvas excluded)")
        for name, seconds in figures.items():
            print(f"  {name:<28} {seconds * 1000:9.1f}")


if __name__ == "__main__":
    main()

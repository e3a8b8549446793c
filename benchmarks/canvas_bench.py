"""How the canvas keeps up as networks grow: the real main window, offscreen, on XOR and
on generated networks of 8.5k, 102k and 266k connections (benchmarks/networks.py),
beside the goals of issue 13 (`make bench`).

Each network is measured in a fresh subprocess, bounded in time (TIMEOUT) and address
space (MEMORY), so that a canvas too slow or too big for a network prints "over 300 s"
or "over 8 GB" instead of hanging or exhausting the machine; the memory figures are
then that network's own. The subprocess prints each figure as a JSON line as soon as
it has it, so the figures measured before a limit is hit are kept. Times are the best
of `repeats` (of fewer when one takes over LONG seconds); memory is read once, after
the first open.

Run alone: python benchmarks/canvas_bench.py [--quick] (--quick: without the 784-input
networks).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import netsim  # noqa: E402

import networks  # noqa: E402

TIMEOUT = 300.0  # seconds per network (and per screenshot)
MEMORY = 8e9  # bytes of address space per network
LONG = 5.0  # a figure whose runs add up to this is not repeated further
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(netsim.__file__)))
HERE = os.path.dirname(os.path.abspath(__file__))

# (key, row label, kind, goals {network: limit}); 8.5k, 102k and 266k connections
FRAME = {"2-64-64-64-1": 0.016, "784-128-10": 0.040, "784-300-100-10": 0.080}
FIGURES = [
    ("load", "load the file (Document.open)", "s", {"784-128-10": 0.5}),
    ("save", "save the file", "s", {"784-128-10": 0.5}),
    ("open", "open to painted (in process)", "s",
     {"2-64-64-64-1": 0.3, "784-128-10": 1.5, "784-300-100-10": 4.0}),
    ("fit", "repaint at fit-to-window", "s", FRAME),
    ("pan", "pan 100 px", "s", FRAME),
    ("zoom", "one zoom step", "s", FRAME),
    ("click", "click-select a neuron", "s", FRAME),
    ("weight", "change one weight (command)", "s", FRAME),
    ("undo", "undo the weight change", "s", FRAME),
    ("step", "F10 step (after the first)", "s", {"2-64-64-64-1": 0.030, "784-128-10": 0.100}),
    ("rss", "memory after opening (RSS)", "B", {"784-128-10": 400e6}),
    ("peak", "memory peak while opening (VmHWM)", "B", {}),
    ("screenshot", "netsim --screenshot (wall time)", "s", {}),
]
FILE_KEYS = ("load", "save")
WINDOW_KEYS = ("rss", "peak", "open", "fit", "pan", "zoom", "click", "weight", "undo", "step")
GOAL_COLUMNS = [("goal 8.5k", "2-64-64-64-1"), ("goal 102k", "784-128-10"),
                ("goal 266k", "784-300-100-10")]


# ---- measuring, inside one process -------------------------------------------------------
def best(run, repeats: int, setup=None) -> float:
    """The shortest of up to `repeats` timed runs of `run` (`setup` before each, untimed)."""
    times: list[float] = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
        if sum(times) > LONG:
            break
    return min(times)


def memory() -> tuple[int, int]:
    """(resident, peak resident) bytes of this process, from /proc/self/status."""
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                fields[key] = int(value.split()[0]) * 1024
    return fields["VmRSS"], fields["VmHWM"]


class PaintCounter:
    """Counts paint events of a widget (the canvas viewport)."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def eventFilter(inner, obj, event):  # noqa: N805 - the counter is `self`
                if event.type() == QEvent.Type.Paint:
                    self.count += 1
                return False

        self.count = 0
        self.filter = Filter()
        widget.installEventFilter(self.filter)


def make_window(scratch: str):
    from PySide6.QtCore import QSettings, Qt

    from netsim.app.launch import WINDOW_SIZE
    from netsim.app.main_window import MainWindow
    settings = QSettings(os.path.join(scratch, "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, recovery_dir=scratch, autosave_interval=0)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    window.show_error = lambda _title, text: print(text, file=sys.stderr)  # never a dialog
    window.resize(*WINDOW_SIZE)
    window.show()
    return window


def step_action(window):
    """The window's action bound to F10."""
    from PySide6.QtGui import QAction, QKeySequence
    f10 = QKeySequence("F10")
    return next(a for a in window.findChildren(QAction) if a.shortcut() == f10)


def measure_files(path: str, repeats: int = 3, emit=None) -> dict[str, float]:
    """Seconds to load `path` into a document and to save it again."""
    from netsim.document import Document
    from netsim.io.fileformat import save
    out = {"load": best(lambda: Document.open(path), repeats)}
    nf = Document.open(path).file
    with tempfile.TemporaryDirectory(prefix="netsim-canvas-bench-") as scratch:
        out["save"] = best(lambda: save(os.path.join(scratch, "copy.netsim"), nf), repeats)
    for key, value in out.items():
        if emit is not None:
            emit(key, value)
    return out


def measure(path: str, repeats: int = 3, emit=None) -> dict[str, float | str]:
    """The figures of the main window on `path` (all but the file and screenshot ones),
    memory first, after the first open; `emit(key, value)` is called as each is known."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    from netsim.app.launch import application, default_example
    from netsim.document.commands import SetWeight

    app = application()
    out: dict[str, float | str] = {}

    def record(key, value):
        out[key] = value
        if emit is not None:
            emit(key, value)

    with tempfile.TemporaryDirectory(prefix="netsim-canvas-bench-") as scratch:
        window = make_window(scratch)
        view = window.view
        viewport = view.viewport()
        paints = PaintCounter(viewport)
        app.processEvents()

        def settle():
            """Let the window catch up and paint the canvas once."""
            before = paints.count
            app.processEvents()
            if paints.count == before:
                viewport.repaint()

        def close():
            """Back to the window as it starts: showing the default example."""
            window.open_example(default_example())
            app.processEvents()

        opened = []

        def open_and_paint():
            opened.append(window.open_file(path))
            settle()
            if len(opened) == 1:
                record("rss", memory()[0])
                record("peak", memory()[1])
        record("open", best(open_and_paint, repeats, setup=close))
        if not all(opened):
            raise RuntimeError(f"the window did not open {path}")

        view.fit()
        app.processEvents()
        record("fit", best(viewport.repaint, repeats))
        sign = [1]

        def pan():
            sign[0] = -sign[0]
            view.pan_by(100 * sign[0], 0)
            settle()
        record("pan", best(pan, repeats))

        def fitted():
            view.fit()
            app.processEvents()

        def zoom():
            view.zoom_in()
            settle()
        record("zoom", best(zoom, repeats, setup=fitted))
        fitted()

        doc = window.document
        net = doc.network
        hidden = [nid for nid, n in net.neurons.items() if n.role == "hidden"][:2]
        clicks, missed = [0], []

        def click():
            nid = hidden[clicks[0] % len(hidden)]
            clicks[0] += 1
            x, y = net.neurons[nid].position
            point = view.mapFromScene(QPointF(x, y))
            QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             point)
            settle()
            if window.scene.selection()[0] != [nid]:
                missed.append(nid)
        seconds = best(click, repeats)
        record("click", "missed" if missed else seconds)  # e.g. a neuron under a pixel wide

        key = net.incoming(hidden[0])[0].key
        weight = net.connection(*key).weight

        def change():
            doc.undo_stack.push(SetWeight(doc, key, weight + 0.25))
            settle()

        def undo():
            doc.undo_stack.undo()
            settle()
        times = {"weight": [], "undo": []}
        for _ in range(repeats):
            for name, run in (("weight", change), ("undo", undo)):
                start = time.perf_counter()
                run()
                times[name].append(time.perf_counter() - start)
            if sum(times["weight"]) + sum(times["undo"]) > LONG:
                break
        if net.connection(*key).weight != weight:
            raise RuntimeError("undo did not bring the weight back")
        record("weight", min(times["weight"]))
        record("undo", min(times["undo"]))

        step = step_action(window)
        step.trigger()  # the first step sets the stepper up: not timed
        settle()

        def f10():
            step.trigger()
            settle()
        record("step", best(f10, repeats))
        window.close()
        app.processEvents()
    return out


# ---- bounded subprocesses ---------------------------------------------------------------
def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (int(MEMORY), int(MEMORY)))


def _address_space(pid: int) -> int:
    """Bytes of address space process `pid` has used at most (VmPeak), 0 once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _bounded(args: list[str]) -> tuple[str, str | None]:
    """(stdout, why it stopped early or None) of `python args` within the limits.

    A process that hits the memory limit may end in a MemoryError, an abort or a crash
    (Qt does not always check what it allocates): any of these, once the process has
    come within a tenth of the limit, is "over the limit"."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (ROOT, HERE, os.environ.get("PYTHONPATH")) if p))
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env,
                            preexec_fn=_limit_memory)
    deadline, peak = time.monotonic() + TIMEOUT, 0
    while True:
        peak = max(peak, _address_space(proc.pid))
        try:  # what is read before a timeout is kept for the next call
            out, err = proc.communicate(timeout=min(0.2, max(0.0, deadline - time.monotonic())))
            break
        except subprocess.TimeoutExpired:
            if time.monotonic() >= deadline:
                proc.kill()
                return proc.communicate()[0], f"over {TIMEOUT:g} s"
    if proc.returncode == 0:
        return out, None
    if "MemoryError" in err or "bad_alloc" in err or peak > 0.9 * MEMORY:
        return out, f"over {MEMORY / 1e9:g} GB"
    last = (err.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
    print(f"{' '.join(args)}: {last}", file=sys.stderr)
    return out, f"failed: {last.split(':')[0][:20]}"


def measure_bounded(path: str, repeats: int, what: str = "--measure",
                    keys=WINDOW_KEYS) -> dict[str, float | str]:
    """The figures `keys` of `path` from a fresh subprocess (`what`: --measure or
    --files); a figure not reached is the reason (text) for the first one missing and
    "-" for the rest."""
    out, why = _bounded([os.path.abspath(__file__), what, path, "--repeats", str(repeats)])
    figures: dict[str, float | str] = {}
    for line in out.splitlines():
        if line.startswith("{"):
            item = json.loads(line)
            figures[item["key"]] = item["value"]
    if why is not None:
        missing = [key for key in keys if key not in figures]
        figures.update({key: why if i == 0 else "-" for i, key in enumerate(missing)})
    return figures


def screenshot_seconds(path: str, repeats: int) -> float | str:
    """Wall time of `netsim --screenshot OUT path` in a subprocess, best of `repeats`."""
    times = []
    with tempfile.TemporaryDirectory(prefix="netsim-canvas-bench-") as scratch:
        for _ in range(repeats):
            start = time.perf_counter()
            _, why = _bounded(["-m", "netsim.cli", "--screenshot",
                               os.path.join(scratch, "shot.png"), path])
            if why is not None:
                return why
            times.append(time.perf_counter() - start)
            if sum(times) > LONG:
                break
    return min(times)


# ---- the table ------------------------------------------------------------------------
def show(value, kind: str) -> str:
    if isinstance(value, str):
        return value
    if kind == "B":
        return f"{value / 1e9:.2f} GB" if value >= 1e9 else f"{value / 1e6:.0f} MB"
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.0f} ms" if value >= 0.01 \
        else f"{value * 1000:.1f} ms"


def cell(figures: dict, key: str, kind: str, goal: float | None) -> str:
    value = figures.get(key, "-")
    text = show(value, kind)
    if goal is not None and isinstance(value, str) and value != "-":
        return text + " ✗"  # over a limit: over any goal
    if goal is not None and not isinstance(value, str):
        text += " ✓" if value <= goal else " ✗"
    return text


def table(results: dict[str, dict], names: list[str]) -> str:
    label_width = max(len(label) for _, label, *_ in FIGURES)
    head = [f"{'':<{label_width}}"] + [f"{n:>16}" for n in names] + \
        [f"{g:>10}" for g, _ in GOAL_COLUMNS]
    lines = [" ".join(head)]
    for key, label, kind, goals in FIGURES:
        row = [f"{label:<{label_width}}"]
        row += [f"{cell(results[n], key, kind, goals.get(n)):>16}" for n in names]
        row += [f"{'≤ ' + show(goals[n], kind) if n in goals else '':>10}"
                for _, n in GOAL_COLUMNS]
        lines.append(" ".join(row))
    return "\n".join(lines)


def run(repeats: int, quick: bool) -> dict[str, dict]:
    """Measure every network (without the 784-input ones when `quick`) and print the table."""
    from netsim.app.launch import WINDOW_SIZE
    print(f"\ncanvas of the main window, offscreen {WINDOW_SIZE[0]}x{WINDOW_SIZE[1]}, best of "
          f"{repeats}; each network in its own process, at most {TIMEOUT:.0f} s and "
          f"{MEMORY / 1e9:g} GB")
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="netsim-canvas-bench-") as folder:
        paths = networks.write(folder, quick)
        for name, path in paths.items():
            results[name] = measure_bounded(path, repeats)
            results[name].update(measure_bounded(path, repeats, "--files", FILE_KEYS))
            results[name]["screenshot"] = screenshot_seconds(path, repeats)
        names = list(paths)
        print(table(results, names))
        if not quick:
            training(paths["784-128-10"])
    return results


# ---- live training on a big network ----------------------------------------------------
# about this long headless: following a run under way is what is measured; starting one
# (the network copied and sent to its process, about 0.3 s at 102k) is a fixed cost
TRAIN_SECONDS = 10.0


def train_in_app(path: str) -> dict[str, float]:
    """Samples per second headless and in the app (gui_bench's runs), and the canvas
    frames per second while the app trains."""
    import gui_bench

    from netsim.app.launch import application
    app = application()
    with tempfile.TemporaryDirectory(prefix="netsim-canvas-bench-") as scratch:
        window = make_window(scratch)
        window.open_file(path)
        app.processEvents()
        doc = window.document
        doc.file.training = replace(doc.file.training, target_error=None)  # no early stop
        rows = len(doc.dataset)
        epochs, seconds = 1, gui_bench.headless(doc, 1)
        while seconds < 0.3:  # long enough to time, then scaled to TRAIN_SECONDS
            epochs *= 4
            seconds = gui_bench.headless(doc, epochs)
        epochs = max(1, round(epochs * TRAIN_SECONDS / seconds))
        headless = epochs * rows / gui_bench.headless(doc, epochs)
        paints = PaintCounter(window.view.viewport())
        seconds, ran = gui_bench.in_app(app, window, epochs)
        window.close()
    return {"headless": headless, "in_app": ran * rows / seconds,
            "fps": paints.count / seconds, "epochs": float(ran)}


def training(path: str, name: str = "784-128-10") -> None:
    """Print live training figures of the network in `path` from a bounded subprocess."""
    out, why = _bounded([os.path.abspath(__file__), "--train", path])
    line = next((x for x in out.splitlines() if x.startswith("{")), None)
    if line is None:
        print(f"live training on {name}: {why}")
        return
    f = json.loads(line)
    ratio = f["in_app"] / f["headless"]
    print(f"live training on {name}, {f['epochs']:.0f} epochs: {f['headless']:,.0f} "
          f"samples/s headless, {f['in_app']:,.0f} in the app ({ratio:.2f}x, goal ≥ 0.80x "
          f"{'✓' if ratio >= 0.8 else '✗'}), canvas {f['fps']:.1f} frames/s (goal ≥ 10 "
          f"{'✓' if f['fps'] >= 10 else '✗'})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="XOR and 2-64-64-64-1 only, one run of each figure")
    parser.add_argument("--measure", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--files", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--train", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    def emit(key, value):
        print(json.dumps({"key": key, "value": value}), flush=True)
    if args.measure or args.files:
        (measure if args.measure else measure_files)(args.measure or args.files, args.repeats, emit)
        return 0
    if args.train:
        print(json.dumps(train_in_app(args.train)), flush=True)
        return 0
    run(1 if args.quick else args.repeats, args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())

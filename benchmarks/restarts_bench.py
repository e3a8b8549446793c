"""Random restarts: the runs side by side (restarts.train_side_by_side, as `netsim train
--restarts` and the Restarts dock train them) beside the same runs one after another
(trainer.train_with_restarts), in the same process, on the worked XOR example as saved
(sgd, rows in order, target error 0.01), the same runs from the same seeds.

Also the Restarts dock itself (offscreen), from Run to the histogram: the runs go to a
training process and come back, as the app does it; beside it the same job with the
runs one after another. The goal is at most a second for 1,000 runs of 1,000 epochs, in
`netsim train` and in the dock.
"""
from __future__ import annotations

import os
import time
from dataclasses import replace

from netsim import paths
from netsim.engine.restarts import train_side_by_side
from netsim.engine.trainer import train_with_restarts
from netsim.io.fileformat import load

from common import timed

GOAL_SECONDS = 1.0


def _wait(app, job_or_view) -> None:
    while job_or_view.running if hasattr(job_or_view, "running") else not job_or_view.done:
        app.processEvents()
        if hasattr(job_or_view, "read"):
            job_or_view.read(0.005)
        else:
            time.sleep(0.005)


def dock_seconds(runs: int, epochs: int, repeats: int) -> tuple[float, float]:
    """Best of `repeats`: (the dock from Run to histogram, the same runs one after another
    in a training job), seconds."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from netsim.app.launch import application
    from netsim.document import Document
    from netsim.jobs.worker import TrainingJob
    from netsim.plots.restarts_view import RestartsView

    app = application()
    view = RestartsView()
    view.set_document(Document.open(paths.example("xor-worked-example")))
    view.runs.setValue(runs)
    view.epochs.setValue(epochs)
    doc = view.doc
    settings = replace(doc.file.training, max_epochs=epochs, restarts=runs)
    warm = TrainingJob(doc.network, doc.dataset, settings, epochs=1)  # a process ready
    warm.start()
    _wait(app, warm)
    dock = one_by_one = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        view.run()
        _wait(app, view)
        dock = min(dock, time.perf_counter() - start)
        job = TrainingJob(doc.network, doc.dataset, settings, restarts=True)
        start = time.perf_counter()
        job.start()
        _wait(app, job)
        one_by_one = min(one_by_one, time.perf_counter() - start)
    view.shutdown()
    return dock, one_by_one


def engine_seconds(nf, settings, repeats: int) -> tuple[float, float]:
    """Best of `repeats`, the two sides taking turns: (side by side, one by one)."""
    side = alone = float("inf")
    for _ in range(repeats):
        side = min(side, timed(lambda: lambda: train_side_by_side(nf.network, nf.dataset,
                                                                   settings)))
        alone = min(alone, timed(lambda: lambda: train_with_restarts(nf.network, nf.dataset,
                                                                      settings)))
    return side, alone


def run(repeats: int, quick: bool) -> None:
    runs, epochs = (100, 200) if quick else (1000, 1000)
    nf = load(paths.example("xor-worked-example"))
    settings = replace(nf.training, max_epochs=epochs, restarts=runs)
    print(f"\n{f'{runs:,} XOR restarts x {epochs:,} epochs':<40} {'one by one':>14} "
          f"{'side by side':>14} {'ratio':>9}")
    engine, alone = engine_seconds(nf, settings, repeats)
    dock, dock_alone = dock_seconds(runs, epochs, repeats)
    for name, before, after in (("  engine (netsim train)", alone, engine),
                                ("  Restarts dock, Run to histogram", dock_alone, dock)):
        print(f"{name:<40} {before:>13.2f}s {after:>13.2f}s {before / after:>8.2f}x")
    if not quick:
        met = "met" if max(engine, dock) <= GOAL_SECONDS else "NOT met"
        print(f"target: 1,000 restarts x 1,000 epochs <= {GOAL_SECONDS:g} s in the engine and "
              f"in the dock ({met})")

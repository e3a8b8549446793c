"""What the status line says about a training run, while it goes on and when it ends
(no Qt)."""
from __future__ import annotations

import math

from ..engine.text import readable
from .checks import run_stall
from .worker import Snapshot, TrainingJob


def format_rate(rate: float) -> str:
    """12,345 samples/s or 1.2 M samples/s."""
    if not math.isfinite(rate) or rate <= 0:
        return "\u2013 samples/s"
    if rate >= 1e6:
        return f"{rate / 1e6:.1f} M samples/s"
    return f"{rate:,.0f} samples/s"


def _number(x: float) -> str:
    return "\u2013" if math.isnan(x) else readable(x)


def progress_text(snap: Snapshot) -> str:
    """The status line of a run going on."""
    if snap.together > 1:
        last = snap.restart + snap.together - 1
        where = (f"restarts {snap.restart:,}–{last:,} of {snap.restarts:,} side by side, "
                 f"epoch {snap.epoch:,}, best error {_number(snap.best_error)}")
    elif snap.restarts > 1:
        where = (f"restart {snap.restart} of {snap.restarts}, epoch {snap.epoch:,}, "
                 f"best error {_number(snap.best_error)}")
    else:
        where = f"epoch {snap.epoch:,}, error {_number(snap.error)}"
        if not math.isnan(snap.test_error):
            where += f", test error {_number(snap.test_error)}"
    verb = "Paused" if snap.paused else "Training"
    return f"{verb}: {where}, {format_rate(snap.samples_per_second)}"


def outcome(job: TrainingJob) -> str:
    """The one line that says how the run ended."""
    result = job.result
    warnings = "".join(f"; warning: {w}" for w in result.warnings)
    if result.stopped == "diverged":
        return result.message + warnings
    epochs = f"{result.epochs:,} epoch{'s' if result.epochs != 1 else ''}"
    error = "no epoch ran" if result.error is None else f"error {readable(result.error)}"
    if result.test_history:
        error += f", test error {readable(result.test_history[-1])}"
    if job.best_restart is not None:
        errors = ", ".join(readable(e, 4) for e in job.restart_errors)
        done = f"Trained {len(job.restart_errors)} of {job.restarts} restarts"
        text = (f"{done}: kept run {job.best_restart + 1} with {error} (final errors: "
                f"{errors})")
    elif result.stopped == "target_error":
        text = f"Trained {epochs}: {result.message} ({error})"
    elif result.stopped == "cancelled":
        text = f"Training stopped after {epochs}: {error}"
    else:
        text = f"Trained {epochs}: {error}"
    stall = None
    if result.history and result.stopped != "target_error":
        stall = run_stall(job.network, job.dataset, job.weights, job.settings,
                          result.history, job.plateau)
    if stall:
        text = (f"Stopped after {epochs} because {stall.text}" if job.plateau
                else f"{text}; {stall.text}")
    return text + warnings

"""Timing helpers shared by the benchmarks: best of interleaved repeats, side by side."""
from __future__ import annotations

import time


def timed(make) -> float:
    """Time the work only: `make()` sets up (not timed) and returns the run."""
    run = make()
    t = time.perf_counter()
    run()
    return time.perf_counter() - t


def compare(name, unit_count, baseline, candidate, repeats, width=34):
    """Print units per second of both sides and their ratio; return the ratio.

    The two sides alternate which goes first, and each figure is the best of `repeats`,
    so that load on a shared machine hits both alike."""
    best_base = best_cand = float("inf")
    for i in range(repeats):
        if i % 2:
            best_cand = min(best_cand, timed(candidate))
        best_base = min(best_base, timed(baseline))
        if not i % 2:
            best_cand = min(best_cand, timed(candidate))
    b, c = unit_count / best_base, unit_count / best_cand
    print(f"{name:<{width}} {b:>14,.0f} {c:>14,.0f} {c / b:>8.2f}x")
    return c / b

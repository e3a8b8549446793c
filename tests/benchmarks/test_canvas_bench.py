"""The canvas benchmark's harness (benchmarks/canvas_bench.py) on XOR: every figure is
measured, and the limits turn a run that is too slow or too big into a note."""
import math
import os
import sys

import pytest

from netsim import paths
from netsim.engine.layout import auto_layout

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks"))
import canvas_bench  # noqa: E402
import networks  # noqa: E402

XOR = str(paths.example("xor-worked-example"))


def test_every_window_figure_is_measured_on_xor(qapp):
    seen = []
    figures = canvas_bench.measure(XOR, repeats=2, emit=lambda key, value: seen.append(key))
    assert set(figures) == set(canvas_bench.WINDOW_KEYS) and seen[:2] == ["rss", "peak"]
    assert all(value > 0 for value in figures.values())
    assert figures["peak"] >= figures["rss"] > 10e6  # bytes of a Qt app, not kB


def test_file_figures_come_from_a_bounded_subprocess():
    figures = canvas_bench.measure_bounded(XOR, 1, "--files", canvas_bench.FILE_KEYS)
    assert set(figures) == {"load", "save"} and all(v > 0 for v in figures.values())


def test_a_run_over_the_time_limit_keeps_its_figures_and_says_so(monkeypatch):
    monkeypatch.setattr(canvas_bench, "TIMEOUT", 1.0)
    code = 'import time; print(\'{"key": "load", "value": 0.5}\', flush=True); time.sleep(60)'
    out, why = canvas_bench._bounded(["-c", code])
    assert out == '{"key": "load", "value": 0.5}\n' and why == "over 1 s"


def test_a_run_over_the_memory_limit_says_so(monkeypatch):
    monkeypatch.setattr(canvas_bench, "MEMORY", 0.5e9)
    out, why = canvas_bench._bounded(["-c", "print('start', flush=True); bytearray(2 * 10**9)"])
    assert out == "start\n" and why == "over 0.5 GB"


def test_the_table_marks_each_goal():
    results = {"XOR": {"open": 0.09, "rss": 144e6},
               "2-64-64-64-1": {"open": 0.25, "rss": 221e6},
               "784-128-10": {"open": "over 300 s", "rss": "-"}}
    lines = canvas_bench.table(results, list(results)).splitlines()
    def cells(label):
        return next(x for x in lines if x.startswith(label + " ")).removeprefix(label).split()
    assert cells("open to painted (in process)") == [
        "90", "ms", "250", "ms", "✓", "over", "300", "s", "✗",
        "≤", "300", "ms", "≤", "1.50", "s", "≤", "4.00", "s"]
    assert cells("memory after opening (RSS)") == ["144", "MB", "221", "MB", "-", "≤", "400", "MB"]


def test_generated_networks_are_fully_connected_with_a_bias_per_layer():
    nf = networks.layered_file((64, 5, 3), rows=7)
    net = nf.network
    assert len(net.connections) == (64 + 1) * 5 + (5 + 1) * 3
    assert [len(net.incoming(f"h1_{j}")) for j in range(5)] == [65] * 5
    assert {n.activation for n in net.neurons.values() if n.role in ("hidden", "output")} == \
        {"sigmoid"}
    assert nf.dataset.image == (8, 8) and nf.dataset.rows.shape == (7, 67)
    assert {nid: n.position for nid, n in net.neurons.items()} == \
        auto_layout(net, (8, 8), nf.dataset.inputs)
    bound = 1 / math.sqrt(65)
    assert all(abs(c.weight) <= bound for c in net.incoming("h1_0"))


def test_quick_leaves_the_big_networks_out(tmp_path):
    written = networks.write(str(tmp_path), quick=True)
    assert list(written) == ["XOR", "2-64-64-64-1"]
    assert sorted(os.listdir(tmp_path)) == ["2-64-64-64-1.netsim"]


@pytest.mark.parametrize("value, kind, text", [(0.0042, "s", "4.2 ms"), (0.54, "s", "540 ms"),
                                               (24.4, "s", "24.40 s"), (1.36e9, "B", "1.36 GB")])
def test_figures_read_like_the_issue(value, kind, text):
    assert canvas_bench.show(value, kind) == text


CRASH = ("import os, signal, time; x = bytearray({size}); time.sleep(3); "
         "os.kill(os.getpid(), signal.SIGSEGV)")


def test_a_crash_near_the_memory_limit_is_over_it_and_one_far_below_is_a_failure(monkeypatch):
    monkeypatch.setattr(canvas_bench, "MEMORY", 0.5e9)
    assert canvas_bench._bounded(["-c", CRASH.format(size=460 * 10**6)]) == ("", "over 0.5 GB")
    assert canvas_bench._bounded(["-c", CRASH.format(size=10)]) == ("", "failed: exit -11")


def test_live_training_figures_on_xor(qapp, monkeypatch):
    monkeypatch.setattr(canvas_bench, "TRAIN_SECONDS", 0.3)
    figures = canvas_bench.train_in_app(XOR)
    assert set(figures) == {"headless", "in_app", "fps", "epochs"}
    assert figures["headless"] > 0 and figures["in_app"] > 0 and figures["epochs"] >= 1
    assert figures["fps"] >= 0

"""Train ▸ Compare Step Sizes: seed 000's "too small, too big, just right" on one screen.

The Learning Rates and Error Landscape docks come out of the bottom tabs and share the
bottom of the window side by side, tall enough to read, under the canvas; the other
bottom docks are hidden (the View menu shows them again, View ▸ Reset Layout restores
the first layout). The explorer compares the three rates below; the
landscape follows a connection (the selected one, or else a bias weight into an output
neuron, whose error curve has its valley in view) and draws one descent path per
compared rate, in the same colours as the rates' error curves. So the curves show how
each rate does, and the landscape shows where each of its steps lands.

The rates come from the landscape along the followed weight. Near the valley floor J
curves by J'' = c, so a step lands past the floor for α > 1/c and flies off for α > 2/c
(landscape.Valley). The lesson compares:

    too big      the smallest rate of the 1-2-5 series above 2/c: along the weight its
                 steps land past the floor every time and never close in on it, and in
                 training it ends above where it started or far above the others
    about right  a tenth of the smallest 1-2-5 rate above 1/c: one weight alone could
                 take α = 1/c, but the others curve more, and a tenth trains well
    too small    a hundredth of that: it crawls

Rates between 1/c and 2/c are no good "too big": they overshoot but settle, and with
every weight training they can end lowest (the worked example's α = 20 did, below
α = 2). On seed 000's XOR with cross-entropy (the example xor-cross-entropy) c = 1/4
along the output bias, which gives 0.05, 0.5 and 10; with squared error the sigmoid
output flattens J four times more (c = 1/16), which gives 0.2, 2 and 50. Without a floor
in view no rate can be called too big: the explorer's first rates, 0.05, 0.5 and 5, are
compared, and the status line says so. The same holds where the floor is so flat that
only a rate past the largest learning rate a setting takes would fly off (OR/NAND/AND
solved to J = 1e-9 needs α > 1e8).

Train ▸ Compare Activations shows the same dock comparing the hidden neurons' activations
instead (seed 001: tanh often trains better than sigmoid).
"""
from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from netsim.engine.settings import RANGES, show_number
from netsim.plots.explorer_view import ACTIVATIONS, DEFAULT_RATES, parse_rates

SHORTCUT = "Ctrl+Shift+L"
SERIES = (1, 2, 5)  # the nice numbers: 1, 2, 5, 10, 20, 50, ...
SHARE_OF_HEIGHT = 0.45  # of the window, for the two docks


def connection_to_follow(network, selected: list) -> tuple[str, str] | None:
    """The selected connection, else the first trainable one into an output neuron from
    a bias neuron, else from anywhere."""
    if selected:
        return tuple(selected[0])
    into_output = [c for c in network.connections
                   if c.trainable and network.neurons[c.target].role == "output"]
    from_bias = [c for c in into_output if network.neurons[c.source].role == "bias"]
    candidates = from_bias or into_output
    return candidates[0].key if candidates else None


def arrange(window) -> None:
    """The two docks side by side across the bottom area, the other bottom docks hidden."""
    docks = {d.windowTitle(): d for d in window.plot_docks}
    rates, land = docks["Learning Rates"], docks["Error Landscape"]
    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    others = [d for d in window.docks()
              if d not in (rates, land) and window.dockWidgetArea(d) == bottom]
    window.lesson_hides([d for d in others if not d.isHidden()])  # not kept over a restart
    for dock in (rates, land):
        dock.setFloating(False)
        window.removeDockWidget(dock)
    window.addDockWidget(bottom, rates, Qt.Orientation.Horizontal)
    window.splitDockWidget(rates, land, Qt.Orientation.Horizontal)
    for dock in (rates, land):
        dock.show()
    for dock in others:
        dock.hide()
    window.tidy_tab_bars()
    half = window.width() // 2
    window.resizeDocks([rates, land], [half, half], Qt.Orientation.Horizontal)
    window.resizeDocks([rates], [int(window.height() * SHARE_OF_HEIGHT)],
                       Qt.Orientation.Vertical)


def compare_step_sizes(window) -> None:
    arrange(window)
    explorer = window.plots["Learning Rates"]
    if explorer.running:
        return
    _neurons, keys = window.scene.selection()
    key = connection_to_follow(window.document.network, list(keys))
    if key is not None and not keys:
        window.scene.select([], [key])
    explorer.mode.setCurrentIndex(0)
    land = window.plots["Error Landscape"]
    land.refresh()  # the floor along the followed weight
    rates = lesson_rates(land.valley)  # (None unless one weight's floor is in view)
    land.set_rates(rates)
    explorer.rates.setText(", ".join(f"{r:g}" for r in rates))
    window.show_status(lesson_text(land, rates))
    explorer.run()


def lesson_rates(valley) -> list[float]:
    """Too small, about right, too big: a hundredth and a tenth of the smallest 1-2-5
    rate above 1/J'' at the valley floor, and the smallest above 2/J'' (the explorer's
    first rates without a floor)."""
    if valley is None or too_flat(valley):
        return parse_rates(DEFAULT_RATES)
    right = series_above(valley.overshoot_rate) / 10
    return [float(f"{right / 10:.3g}"), float(f"{right:.3g}"),
            series_above(valley.diverge_rate)]


def too_flat(valley) -> bool:
    """True where the first rate that flies off the floor is past the learning rate's
    range: no rate netsim trains with can show the lesson's "too big"."""
    return series_above(valley.diverge_rate) > RANGES["learning_rate"].high


def series_above(limit: float) -> float:
    """The smallest of 1, 2, 5, 10, 20, 50, ... times a power of ten above `limit`."""
    decade = 10.0 ** math.floor(math.log10(limit))
    return next(m * decade for m in SERIES + (10,) if m * decade > limit)


def lesson_text(land, rates) -> str:
    """The status line of the lesson: where steps along the followed weight start to
    fly off the floor (the landscape's line says where they overshoot), or that no floor
    is in view to tell."""
    text = "Comparing α = " + ", ".join(f"{r:g}" for r in rates)
    if land.valley is None:
        if len(land.keys) == 1 and land.doc is not None:
            return (f"{text}: along {land.weight_name(land.keys[0])} no valley floor is in "
                    f"view, so no rate can be called too big")
        return text + ": the curves show how each rate trains, the landscape where its steps land"
    if too_flat(land.valley):
        return (f"{text}: along {land.weight_name(land.keys[0])} the valley floor is so flat "
                f"that steps fly off only for α > {land.valley.diverge_rate:.3g} (2/J\u2033), "
                f"past the largest learning rate, {show_number(RANGES['learning_rate'].high)}")
    return (f"{text}: along {land.weight_name(land.keys[0])} steps fly off the valley "
            f"floor for α > {land.valley.diverge_rate:.3g} (2/J\u2033)")


def compare_activations(window) -> None:
    """Train ▸ Compare Activations: the Learning Rates dock in sight, comparing the
    hidden neurons as sigmoid, tanh and ReLU (seed 001) at the document's settings."""
    docks = {d.windowTitle(): d for d in window.plot_docks}
    dock = docks["Learning Rates"]
    dock.show()
    dock.raise_()
    explorer = window.plots["Learning Rates"]
    if explorer.running:
        return
    explorer.mode.setCurrentIndex(ACTIVATIONS)
    explorer.run()


def activations_action(window) -> QAction:
    act = QAction("Compare &Activations", window)
    act.setStatusTip("Train copies of the network whose hidden neurons are sigmoid, tanh "
                     "or ReLU, from the same weights, side by side (seed 001)")
    act.triggered.connect(lambda _checked=False: compare_activations(window))
    return act


def action(window) -> QAction:
    act = QAction("Compare &Step Sizes", window)
    act.setShortcut(QKeySequence(SHORTCUT))
    act.setStatusTip("Train copies of the network with several learning rates side by side, "
                     "and draw where each one's steps land on the error landscape")
    act.triggered.connect(lambda _checked=False: compare_step_sizes(window))
    return act

"""Train ▸ Compare Step Sizes: seed 000's "too small, too big, just right" on one screen.

The Learning Rates and Error Landscape docks come out of the bottom tabs and share the
bottom of the window side by side, tall enough to read, under the canvas; the other
bottom docks are hidden (the View menu shows them again, View ▸ Reset Layout restores
the first layout). The explorer compares LESSON_RATES; the
landscape follows a connection (the selected one, or else a bias weight into an output
neuron, whose error curve has its valley in view) and draws one descent path per
compared rate, in the same colours as the rates' error curves. So the curves show how
each rate does, and the landscape shows where each of its steps lands.

The rates come from the landscape along the followed weight. Near the valley floor J
curves by J'' = c, so a step lands past the floor for α > 1/c and flies off for α > 2/c
(landscape.Valley). The lesson compares the smallest rate of the 1-2-5 series above 1/c
(too big: its steps land past the floor), a tenth of it (about right) and a hundredth
(too small). On seed 000's XOR with cross-entropy (the example xor-cross-entropy) c = 1/4
along the output bias, which gives the seed's own 0.05, 0.5 and 5: α = 5 overshoots and
α = 0.05 crawls. With squared error the sigmoid output flattens J four times more
(c = 1/16), so α = 5 still walks down, and the lesson compares 0.2, 2 and 20. Without a
floor in view it falls back to the explorer's first rates, 0.05, 0.5 and 5.
"""
from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from netsim.plots.explorer_view import DEFAULT_RATES, parse_rates

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
    window.hide_stray_tab_bars()
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
    """Too small, about right, too big: the smallest 1-2-5 rate above 1/J'' at the
    valley floor, a tenth and a hundredth of it (the explorer's first rates without a
    floor)."""
    if valley is None:
        return parse_rates(DEFAULT_RATES)
    limit = valley.overshoot_rate
    decade = 10.0 ** math.floor(math.log10(limit))
    big = next(m * decade for m in SERIES + (10,) if m * decade > limit)
    return [float(f"{big / 100:.3g}"), float(f"{big / 10:.3g}"), big]


def lesson_text(land, rates) -> str:
    """The status line of the lesson: where overshooting begins, if the landscape shows
    a valley floor along one weight."""
    text = "Comparing α = " + ", ".join(f"{r:g}" for r in rates)
    if land.valley is None:
        return text + ": the curves show how each rate trains, the landscape where its steps land"
    return (f"{text}: along {land.weight_name(land.keys[0])} a step lands past the valley "
            f"floor for α > {land.valley.overshoot_rate:.3g} (1/J\u2033)")


def action(window) -> QAction:
    act = QAction("Compare &Step Sizes", window)
    act.setShortcut(QKeySequence(SHORTCUT))
    act.setStatusTip("Train copies of the network with several learning rates side by side, "
                     "and draw where each one's steps land on the error landscape")
    act.triggered.connect(lambda _checked=False: compare_step_sizes(window))
    return act

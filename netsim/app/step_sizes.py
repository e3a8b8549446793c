"""Train ▸ Compare Step Sizes: seed 000's "too small, too big, just right" on one screen.

The Learning Rates and Error Landscape docks come out of the bottom tabs and share the
bottom of the window side by side, tall enough to read, under the canvas; the other
bottom docks are hidden (the View menu shows them again, View ▸ Reset Layout restores
the first layout). The explorer compares LESSON_RATES; the
landscape follows a connection (the selected one, or else a bias weight into an output
neuron, whose error curve has its valley in view) and draws one descent path per
compared rate, in the same colours as the rates' error curves. So the curves show how
each rate does, and the landscape shows where each of its steps lands.

Why 0.05, 5 and 50, not 0.05, 0.5 and 5: on seed 000's XOR network α = 5 does not
overshoot. The sigmoid output flattens the error: along the output bias J curves by at
most mean(f'(net)²) ≈ 1/16, so a full-batch step overshoots the valley only for α above
about 2·16 = 32, and the engine's numbers agree (α = 5 descends smoothly and reaches the
lowest error of the three; α = 50 zig-zags across the valley, and in training it saturates
the output at J = 0.25). The exact behaviour wins over the rule of thumb.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

SHORTCUT = "Ctrl+Shift+L"
LESSON_RATES = "0.05, 5, 50"  # too small, about right, too big on seed 000's XOR
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
    explorer.rates.setText(LESSON_RATES)
    window.show_status(f"Comparing α = {LESSON_RATES}: the curves show how each rate "
                       f"trains, the landscape where each step lands")
    explorer.run()


def action(window) -> QAction:
    act = QAction("Compare &Step Sizes", window)
    act.setShortcut(QKeySequence(SHORTCUT))
    act.setStatusTip("Train copies of the network with several learning rates side by side, "
                     "and draw where each one's steps land on the error landscape")
    act.triggered.connect(lambda _checked=False: compare_step_sizes(window))
    return act

"""Train ▸ Compare Activations (seed 001: "tanh often trains better than sigmoid"): copies
of the network with sigmoid, tanh and ReLU hidden neurons, trained side by side from the
same weights in the Learning Rates dock, with the verdicts and which did best."""
import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from netsim import paths
from netsim.engine.explorer import compare_activations
from netsim.plots.explorer_view import ACTIVATIONS, best_text, legend_text
from test_app_softmax_menus import OFFSCREEN


def click_menu(qtbot, window, title, entry):
    """Click `title` in the menu bar, then `entry` in the menu it opens."""
    bar = window.menuBar()
    top = next(a for a in bar.actions() if a.text().replace("&", "") == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(top).center())
    menu = top.menu()
    qtbot.waitUntil(menu.isVisible)
    action = next(a for a in menu.actions() if a.text().replace("&", "") == entry)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    QApplication.processEvents()


@pytest.mark.qt_log_ignore(OFFSCREEN)
def test_the_menu_trains_the_three_activations_and_names_the_best(make_window, qtbot):
    window = make_window()
    window.open_example(paths.example("sin-fit"))
    click_menu(qtbot, window, "Train", "Compare Activations")
    explorer = window.plots["Learning Rates"]
    dock = next(d for d in window.plot_docks if d.windowTitle() == "Learning Rates")
    assert dock.isVisible() and explorer.mode.currentIndex() == ACTIVATIONS
    assert explorer.activations_row.isVisible() and not explorer.compare_row.isVisible()
    qtbot.waitUntil(lambda: not explorer.running and len(explorer.curves) == 3, timeout=30000)
    doc = window.document
    expected = compare_activations(doc.network, doc.dataset, doc.file.training, epochs=500)
    for curve, run in zip(explorer.curves, expected):
        np.testing.assert_array_equal(curve.getData()[1], run.history)
    assert explorer.legend_texts() == [legend_text(r.learning_rate, r.verdict, r.activation)
                                       for r in expected]
    assert explorer.legend_texts()[1:] == ["tanh — converged", "relu — converged"]
    assert explorer.note.text() == best_text(expected)
    epochs = {r.activation: len(r.history) for r in expected}
    assert explorer.note.text() == (f"tanh did best: it converged in {epochs['tanh']} epochs "
                                    f"(relu in {epochs['relu']}, sigmoid did not)")
    # the document's network is as it was: the copies trained, not it
    assert {doc.network.neurons[n].activation for n in doc.network.ids("hidden")} == {"tanh"}
    assert not doc.modified


@pytest.mark.qt_log_ignore(OFFSCREEN)
def test_a_network_without_hidden_neurons_is_refused_in_one_line(make_window, qtbot):
    window = make_window()
    window.open_example(paths.example("and-perceptron"))
    click_menu(qtbot, window, "Train", "Compare Activations")
    explorer = window.plots["Learning Rates"]
    assert not explorer.running
    assert explorer.message.text() == ("Cannot run: the network has no hidden neurons whose "
                                       "activation could change.")

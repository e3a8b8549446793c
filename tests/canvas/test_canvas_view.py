from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from netsim import paths
from netsim.canvas.network_view import MAX_FIT_SCALE, NetworkView
from netsim.io.fileformat import load


def make_view(qtbot, example="seed-002-network", size=(900, 600)):
    view = NetworkView()
    qtbot.addWidget(view)
    view.network_scene().set_network(load(paths.example(example)).network)
    view.resize(*size)
    view.show()
    qtbot.waitExposed(view)
    view.fit()
    return view


def visible_rect(view):
    return view.mapToScene(view.viewport().rect()).boundingRect()


def test_view_is_antialiased(qtbot):
    view = make_view(qtbot)
    assert view.renderHints() & view.renderHints().Antialiasing


def test_fit_shows_the_whole_network(qtbot):
    view = make_view(qtbot)
    network = view.network_scene().network_rect()
    assert visible_rect(view).contains(network)
    # and it fills the window in at least one direction
    shown = visible_rect(view)
    assert network.width() > 0.8 * shown.width() or network.height() > 0.8 * shown.height()


def test_fit_does_not_blow_small_networks_up(qtbot):
    view = make_view(qtbot, "and-perceptron", size=(1600, 1200))
    assert view.zoom() <= MAX_FIT_SCALE + 1e-9
    assert visible_rect(view).contains(view.network_scene().network_rect())


def test_wheel_zooms_and_stops_following_resizes(qtbot):
    view = make_view(qtbot)
    before = view.zoom()
    centre = QPointF(view.viewport().rect().center())
    event = QWheelEvent(centre, QPointF(view.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, 240),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)
    assert view.zoom() > before * 1.2
    zoomed = view.zoom()
    view.resize(700, 500)
    qtbot.wait(10)
    assert view.zoom() == zoomed
    view.fit()
    assert visible_rect(view).contains(view.network_scene().network_rect())

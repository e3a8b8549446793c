"""The accuracy beside the error curve, for class targets (hand-worked numbers:
class_networks.py)."""
import math

import numpy as np

from class_networks import class_file
from test_error_curve_marks import data
from test_error_curve_marks import make as make_view
from netsim.app.training import TrainingController
from netsim.document import Document
from netsim.document.document import TRAINING
from netsim.engine.classes import classify
from netsim.engine.trainer import TrainResult

LONG = 60_000


def make(qtbot, path):
    return make_view(qtbot, Document.open(path))


def test_live_points_measure_the_weights_the_run_wrote(qtbot, tmp_path):
    view, doc, fake = make(qtbot, class_file(tmp_path / "c.netsim"))
    view.accuracy.clock = lambda: 0.0  # measurements cost nothing: every live point is taken
    assert view.accuracy.shown and view.plot.getPlotItem().getAxis("right").isVisible()
    train, test = view.accuracy.curves
    fake.running_changed.emit(True)
    doc.set_weights({("bias", "c"): 0.5}, source=TRAINING)  # as at the start: 3/4, 0/2
    fake.progress.emit(1, 0.4, 1.0)
    fake.progress.emit(2, 0.3, 1.0)  # no weights written for this point: not measured
    # b = x2 / 2: rows 0, 1, 2 and 4 right (row 1 ties b and c: b, the first): 3/4, 1/2
    doc.set_weights({("x2", "b"): 0.5}, source=TRAINING)
    fake.progress.emit(3, 0.2, 1.0)
    assert data(train) == ([1.0, 3.0], [75.0, 75.0])
    assert data(test) == ([1.0, 3.0], [0.0, 50.0])
    assert view.accuracy.label.text() == "Accuracy: training 75%, test 50%"

    # the final weights: b = 0 never wins: rows 0, 2 and 4 right: 2/4, 1/2
    doc.set_weights({("x2", "b"): 0.0}, source=TRAINING)
    fake.finished.emit(TrainResult(4, 0.1, [0.4, 0.3, 0.2, 0.1], test_history=[1, 1, 1, 1.0]))
    fake.running_changed.emit(False)
    got = classify(doc.network, doc.dataset)
    # live points kept, the last epoch measured from the final weights
    assert data(train) == ([1.0, 3.0, 4.0], [75.0, 75.0, 100 * got.accuracy()])
    assert data(test) == ([1.0, 3.0, 4.0], [0.0, 50.0, 100 * got.accuracy(test=True)])
    assert got.accuracy() == 0.5 and got.accuracy(test=True) == 0.5


def test_a_regression_has_no_accuracy_axis(qtbot, line_file):
    view, doc, fake = make(qtbot, line_file(0.5, [[1.0, 0.3]]))
    assert not view.accuracy.shown
    assert not view.plot.getPlotItem().getAxis("right").isVisible()
    fake.running_changed.emit(True)
    doc.set_weights({("x", "y"): 0.25}, source=TRAINING)
    fake.progress.emit(1, 0.4, 1.0)
    assert math.isnan(view.accuracies[0])
    assert data(view.accuracy.curves[0]) == ([], [])


def test_a_real_run_ends_on_the_accuracy_of_its_final_weights(qtbot, tmp_path):
    view, doc, _fake = make(qtbot, class_file(tmp_path / "c.netsim", activation="sigmoid"))
    controller = TrainingController()
    controller.set_document(doc)
    view.connect_training(controller)
    with qtbot.waitSignal(controller.finished, timeout=LONG):
        assert controller.train(30)
    controller.shutdown()
    got = classify(doc.network, doc.dataset)
    x, y = data(view.accuracy.curves[0])
    assert x[-1] == 30.0 and y[-1] == 100 * got.accuracy()
    x, y = data(view.accuracy.curves[1])
    assert x[-1] == 30.0 and y[-1] == 100 * got.accuracy(test=True)
    assert np.isfinite(y).all()


def test_a_costly_measurement_makes_the_next_live_one_wait(qtbot, tmp_path):
    view, doc, fake = make(qtbot, class_file(tmp_path / "c.netsim"))
    times = iter([0.0, 1.0,   # epoch 1 measured: it took 1 s, the next waits until 5 s
                  2.0,        # epoch 2 at 2 s: not measured
                  6.0, 6.5])  # epoch 3 at 6 s: measured
    view.accuracy.clock = lambda: next(times)
    fake.running_changed.emit(True)
    for epoch in (1, 2, 3):
        doc.set_weights({("bias", "c"): 0.5}, source=TRAINING)
        fake.progress.emit(epoch, 0.5, 1.0)
    assert data(view.accuracy.curves[0]) == ([1.0, 3.0], [75.0, 75.0])


def test_out_of_sight_only_the_end_of_a_run_is_measured(qtbot, tmp_path):
    view, doc, fake = make(qtbot, class_file(tmp_path / "c.netsim"))
    view.set_in_sight(False)
    fake.running_changed.emit(True)
    doc.set_weights({("bias", "c"): 0.5}, source=TRAINING)
    fake.progress.emit(1, 0.5, 1.0)
    doc.set_weights({("x2", "b"): 0.5}, source=TRAINING)
    fake.finished.emit(TrainResult(2, 0.4, [0.5, 0.4], test_history=[1, 1.0]))
    assert data(view.accuracy.curves[0]) == ([2.0], [75.0])
    assert data(view.accuracy.curves[1]) == ([2.0], [50.0])


def test_the_network_stays_compiled_while_only_its_weights_change(qtbot, tmp_path):
    view, doc, fake = make(qtbot, class_file(tmp_path / "c.netsim"))
    view.accuracy.clock = lambda: 0.0
    fake.running_changed.emit(True)
    doc.set_weights({("bias", "c"): 0.5}, source=TRAINING)
    fake.progress.emit(1, 0.5, 1.0)
    compiled = view.accuracy.classifier._compiled
    doc.set_weights({("x2", "b"): 0.5}, source=TRAINING)
    fake.progress.emit(2, 0.4, 1.0)
    assert view.accuracy.classifier._compiled is compiled
    assert data(view.accuracy.curves[1]) == ([1.0, 2.0], [0.0, 50.0])  # its new weights
    doc.set_neuron("a", "activation", "tanh")
    assert view.accuracy.classifier._compiled is None  # compiled again at the next measurement


def test_a_runs_own_measurements_draw_its_accuracy_curve(qtbot, tmp_path):
    # the training process measured epochs 1, 2 and 3 (jobs/accuracy.py): they replace
    # the live points, as the errors do, each marked with a dot while they are few
    from netsim.plots.accuracy_axis import MAX_DOTS
    view, doc, fake = make(qtbot, class_file(tmp_path / "c.netsim"))
    result = TrainResult(3, 0.1, [0.3, 0.2, 0.1],
                         accuracy=[(1, 0.5, 0.0), (2, 0.75, 0.5), (3, 1.0, 0.5)])
    fake.finished.emit(result)
    assert data(view.accuracy.curves[0]) == ([1.0, 2.0, 3.0], [50.0, 75.0, 100.0])
    assert data(view.accuracy.curves[1]) == ([1.0, 2.0, 3.0], [0.0, 50.0, 50.0])
    assert view.accuracy.curves[0].opts["symbol"] == "o" and MAX_DOTS >= 3

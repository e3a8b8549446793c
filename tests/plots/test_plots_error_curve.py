import csv

import numpy as np
from PySide6.QtCore import QObject, Signal

from netsim.app.training import TrainingController
from netsim.document import Document
from netsim.document.document import STRUCTURE, Change
from netsim.engine.trainer import TrainResult
from netsim.paths import example
from netsim.plots.error_curve import ErrorCurve
from netsim.plots.export import export_csv, export_png


class FakeTraining(QObject):
    progress = Signal(int, float, float)
    finished = Signal(object)
    running_changed = Signal(bool)

    def run(self, history, live=()):
        self.running_changed.emit(True)
        for epoch in live:
            self.progress.emit(epoch, history[epoch - 1], 100.0)
        self.finished.emit(TrainResult(len(history), history[-1], list(history)))
        self.running_changed.emit(False)


def make(qtbot):
    view = ErrorCurve()
    qtbot.addWidget(view)
    doc = Document.open(example("xor-worked-example"))
    view.set_document(doc)
    fake = FakeTraining()
    view.connect_training(fake)
    return view, doc, fake


def test_history_replaces_live_points(qtbot):
    view, _doc, fake = make(qtbot)
    history = [0.5, 0.4, 0.3, 0.25, 0.2]
    fake.run(history, live=[1, 3])
    x, y = view.curve.getData()
    np.testing.assert_array_equal(x, [1, 2, 3, 4, 5])
    np.testing.assert_allclose(y, history, rtol=0)
    assert view.markers == []


def test_second_run_continues_axis_and_is_marked(qtbot):
    view, _doc, fake = make(qtbot)
    fake.run([0.5, 0.4, 0.3])
    fake.run([0.2, 0.1])
    x, y = view.curve.getData()
    np.testing.assert_array_equal(x, [1, 2, 3, 4, 5])
    np.testing.assert_allclose(y, [0.5, 0.4, 0.3, 0.2, 0.1], rtol=0)
    assert [line.value() for line in view.markers] == [3.5]


def test_a_restart_inside_a_run_keeps_the_older_try_and_is_marked(qtbot):
    view, _doc, fake = make(qtbot)
    fake.running_changed.emit(True)
    fake.progress.emit(5, 0.4, 1.0)
    fake.progress.emit(2, 0.45, 1.0)  # a restart counts from epoch 1 again
    x, y = view.curve.getData()
    np.testing.assert_array_equal(x, [5, 7])
    assert view.labels() == [(5.5, "restart 2")]


def test_new_document_and_structure_change_clear(qtbot):
    view, doc, fake = make(qtbot)
    fake.run([0.5, 0.4])
    fake.run([0.3])
    doc.changed.emit(Change(STRUCTURE))
    assert view.curve.getData()[0] is None or len(view.curve.getData()[0]) == 0
    assert view.markers == []
    fake.run([0.5, 0.4])
    view.set_document(Document.open(example("xor-worked-example")))
    assert view.curve.getData()[0] is None or len(view.curve.getData()[0]) == 0


def test_log_scale(qtbot):
    view, _doc, fake = make(qtbot)
    fake.run([1.0, 0.1, 0.0, 0.01])
    view.log_box.setChecked(True)
    assert view.plot.getPlotItem().ctrl.logYCheck.isChecked()
    x, y = view.curve.getData()  # the data in the plot's (log10) coordinates
    np.testing.assert_array_equal(x, [1, 2, 4])
    np.testing.assert_allclose(y, [0.0, -1.0, -2.0], atol=1e-12)
    view.log_box.setChecked(False)
    assert not view.plot.getPlotItem().ctrl.logYCheck.isChecked()
    np.testing.assert_allclose(view.curve.getData()[1], [1.0, 0.1, 0.0, 0.01], rtol=0)


def test_export_png_and_csv(qtbot, tmp_path):
    view, _doc, fake = make(qtbot)
    history = [0.5, 0.3125, 0.2, 0.125]
    fake.run(history)
    item = view.plot.getPlotItem()
    export_png(item, tmp_path / "e.png", width=400)
    assert (tmp_path / "e.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    export_csv(item, tmp_path / "e.csv")
    rows = list(csv.reader((tmp_path / "e.csv").open()))
    assert rows[0] == ["error_x", "error_y"]
    data = np.array(rows[1:], dtype=float)
    np.testing.assert_allclose(data[:, 0], [1, 2, 3, 4], rtol=0)
    np.testing.assert_allclose(data[:, 1], history, rtol=1e-9)


def test_real_training_run(qtbot):
    view = ErrorCurve()
    qtbot.addWidget(view)
    doc = Document.open(example("xor-worked-example"))
    controller = TrainingController()
    controller.set_document(doc)
    view.set_document(doc)
    view.connect_training(controller)
    with qtbot.waitSignal(controller.finished, timeout=20000) as blocker:
        assert controller.train(40)
    result = blocker.args[0]
    x, y = view.curve.getData()
    np.testing.assert_array_equal(x, np.arange(1, 41))
    np.testing.assert_allclose(y, result.history, rtol=0)
    controller.shutdown()

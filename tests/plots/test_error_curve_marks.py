"""The error curve's test curve, restart marks and reset marks."""
import csv
from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from netsim.app.training import TrainingController
from netsim.document import Document
from netsim.document.commands import SetTrainable, SetWeights
from netsim.document.dataset_commands import SetDataset
from netsim.engine.trainer import Trainer, TrainResult, train_with_restarts
from netsim.paths import example
from netsim.plots.error_curve import ErrorCurve
from netsim.plots.export import export_csv

LONG = 60_000


class FakeTraining(QObject):
    progress = Signal(int, float, float)
    tested = Signal(int, float)
    restarted = Signal(int, int)
    finished = Signal(object)
    running_changed = Signal(bool)


def make(qtbot, doc=None):
    view = ErrorCurve()
    qtbot.addWidget(view)
    doc = doc or Document.open(example("xor-worked-example"))
    view.set_document(doc)
    fake = FakeTraining()
    view.connect_training(fake)
    return view, doc, fake


def data(curve):
    x, y = curve.getData()
    return ([] if x is None else x.tolist()), ([] if y is None else y.tolist())


def joined(curve):
    """Per point: whether the line goes on to the next point."""
    return curve.opts["connect"].tolist()


def run(fake, result, live=()):
    fake.running_changed.emit(True)
    for args in live:
        getattr(fake, args[0]).emit(*args[1:])
    fake.finished.emit(result)
    fake.running_changed.emit(False)


# ---- the test curve --------------------------------------------------------------------
def test_the_test_curve_is_drawn_beside_the_training_curve(qtbot, tmp_path):
    view, _doc, fake = make(qtbot)
    title = view.plot.getPlotItem().titleLabel
    assert view.legend == "" and not title.isVisible()
    fake.running_changed.emit(True)
    fake.progress.emit(2, 0.5, 1.0)
    fake.tested.emit(2, 0.75)
    assert data(view.test_curve) == ([2.0], [0.75])
    assert title.isVisible() and "training" in title.text and "test" in title.text
    result = TrainResult(3, 0.25, [0.5, 0.375, 0.25], test_history=[0.75, 0.625, 0.5])
    fake.finished.emit(result)
    fake.running_changed.emit(False)
    assert data(view.curve) == ([1.0, 2.0, 3.0], [0.5, 0.375, 0.25])
    assert data(view.test_curve) == ([1.0, 2.0, 3.0], [0.75, 0.625, 0.5])
    export_csv(view.plot.getPlotItem(), tmp_path / "e.csv")
    rows = list(csv.reader((tmp_path / "e.csv").open()))
    assert rows[0] == ["error_x", "error_y", "test_error_x", "test_error_y"]
    assert [[float(v) for v in row] for row in rows[1:]] == [
        [1, 0.5, 1, 0.75], [2, 0.375, 2, 0.625], [3, 0.25, 3, 0.5]]


def test_without_a_split_there_is_no_test_curve_or_legend(qtbot, tmp_path):
    view, _doc, fake = make(qtbot)
    run(fake, TrainResult(2, 0.25, [0.5, 0.25]))
    assert data(view.test_curve) == ([], [])
    assert not view.plot.getPlotItem().titleLabel.isVisible()
    export_csv(view.plot.getPlotItem(), tmp_path / "e.csv")
    assert next(csv.reader((tmp_path / "e.csv").open())) == ["error_x", "error_y"]


def test_a_real_run_on_a_split_draws_the_trainers_test_history(qtbot):
    doc = Document.open(example("xor-worked-example"))
    doc.file.dataset = doc.dataset.with_test([False, True, False, False])
    view, _doc, _fake = make(qtbot, doc)
    controller = TrainingController()
    controller.set_document(doc)
    view.connect_training(controller)
    live = []
    controller.tested.connect(lambda epoch, error: live.append((epoch, error)))
    with qtbot.waitSignal(controller.finished, timeout=LONG) as blocker:
        assert controller.train(40)
    controller.shutdown()
    result = blocker.args[0]
    expected = Trainer(Document.open(example("xor-worked-example")).network, doc.dataset,
                       doc.file.training).run(40)
    assert result.test_history == expected.test_history and len(expected.test_history) == 40
    assert data(view.test_curve) == (list(map(float, range(1, 41))), expected.test_history)
    assert data(view.curve)[1] == expected.history
    assert all(error == expected.test_history[epoch - 1] for epoch, error in live)


# ---- restarts --------------------------------------------------------------------------
def restarts_result(best=1):
    runs = [TrainResult(3, 0.3, [0.5, 0.4, 0.3]), TrainResult(2, 0.1, [0.2, 0.1]),
            TrainResult(4, 0.2, [0.6, 0.5, 0.3, 0.2])]
    return TrainResult(9, runs[best].error, list(runs[best].history), restarts=runs,
                       best_restart=best)


def test_every_restart_is_kept_side_by_side_and_marked(qtbot):
    view, _doc, fake = make(qtbot)
    run(fake, restarts_result(), live=[("restarted", 1, 3), ("progress", 2, 0.4, 1.0),
                                       ("restarted", 2, 3), ("progress", 1, 0.2, 1.0)])
    assert data(view.curve) == ([1, 2, 3, 4, 5, 6, 7, 8, 9],
                                [0.5, 0.4, 0.3, 0.2, 0.1, 0.6, 0.5, 0.3, 0.2])
    assert view.labels() == [(0.5, "restart 1"), (3.5, "restart 2 (kept)"),
                             (5.5, "restart 3")]
    assert joined(view.curve) == [1, 1, 0, 1, 0, 1, 1, 1, 1]  # no line across restarts


def test_live_restarts_are_marked_as_they_begin(qtbot):
    view, _doc, fake = make(qtbot)
    fake.running_changed.emit(True)
    fake.restarted.emit(1, 3)
    fake.progress.emit(2, 0.4, 1.0)
    fake.progress.emit(3, 0.3, 1.0)
    fake.restarted.emit(2, 3)
    fake.progress.emit(1, 0.2, 1.0)
    assert data(view.curve) == ([2, 3, 4], [0.4, 0.3, 0.2])
    assert view.labels() == [(0.5, "restart 1"), (3.5, "restart 2")]
    assert joined(view.curve) == [1, 0, 1]


def test_a_run_after_restarts_continues_the_axis(qtbot):
    view, _doc, fake = make(qtbot)
    run(fake, restarts_result(best=2))
    run(fake, TrainResult(2, 0.1, [0.15, 0.1]))
    assert data(view.curve)[0] == list(map(float, range(1, 12)))
    assert view.labels() == [(0.5, "restart 1"), (3.5, "restart 2"),
                             (5.5, "restart 3 (kept)"), (9.5, "")]


def test_a_real_run_with_restarts_shows_each_restarts_history(qtbot):
    doc = Document.open(example("xor-worked-example"))
    doc.file.training = replace(doc.file.training, restarts=3, max_epochs=30,
                                target_error=None)
    view, _doc, _fake = make(qtbot, doc)
    controller = TrainingController()
    controller.set_document(doc)
    view.connect_training(controller)
    with qtbot.waitSignal(controller.finished, timeout=LONG):
        controller.run()
    controller.shutdown()
    expected = train_with_restarts(Document.open(example("xor-worked-example")).network,
                                   doc.dataset, doc.file.training)
    x, y = data(view.curve)
    assert x == list(map(float, range(1, 91)))
    assert y == [e for r in expected.results for e in r.history]
    kept = expected.best
    assert view.labels() == [(0.5 + 30 * k, f"restart {k + 1}" + (" (kept)" if k == kept
                                                                  else "")) for k in range(3)]


# ---- resets ----------------------------------------------------------------------------
def test_a_weight_change_that_is_not_training_is_marked_reset(qtbot):
    view, doc, fake = make(qtbot)
    run(fake, TrainResult(3, 0.3, [0.5, 0.4, 0.3]))
    keys = [c.key for c in doc.network.connections]
    doc.undo_stack.push(SetWeights(doc, {k: 0.5 for k in keys}, "Randomize weights"))
    assert view.labels() == [(3.5, "reset")]
    doc.undo_stack.undo()  # back to the weights the curve ended with
    assert view.labels() == []
    doc.undo_stack.redo()
    assert view.labels() == [(3.5, "reset")]
    run(fake, TrainResult(2, 0.2, [0.25, 0.2]))
    assert data(view.curve)[0] == [1, 2, 3, 4, 5]
    assert view.labels() == [(3.5, "reset")]  # no second line where the run begins
    assert joined(view.curve) == [1, 1, 0, 1, 1]  # the line stops at the reset


def test_freezing_a_weight_is_no_reset_and_neither_is_an_empty_curve(qtbot):
    view, doc, fake = make(qtbot)
    key = doc.network.connections[0].key
    doc.undo_stack.push(SetWeights(doc, {key: 3.0}, "Set"))
    assert view.labels() == []  # nothing drawn yet: nothing to reset
    run(fake, TrainResult(1, 0.3, [0.3]))
    doc.undo_stack.push(SetTrainable(doc, key, False))
    assert view.labels() == []


def test_a_dataset_change_clears_the_marks(qtbot):
    view, doc, fake = make(qtbot)
    run(fake, restarts_result())
    doc.undo_stack.push(SetDataset(doc, doc.dataset.split(0.25, 0), "Hold out"))
    assert view.labels() == [] and data(view.curve) == ([], [])

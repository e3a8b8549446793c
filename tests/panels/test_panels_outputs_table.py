"""Outputs table: the engine's outputs and errors for every row, a truth table for 0/1
targets, and refreshes coalesced while weights change very often."""
import numpy as np
import pytest
from PySide6.QtCore import Qt

from netsim import paths
from netsim.document import Document
from netsim.document.commands import AddNeuron, SetWeight, SetWeights
from netsim.document.dataset_commands import SetDataset
from netsim.document.settings_commands import SetTraining
from netsim.engine import Dataset, Neuron, TrainingSettings
from netsim.io.fileformat import NetworkFile
from netsim.engine.compiled import Compiled
from netsim.panels.outputs_table import CROSS, TICK, OutputsTable, compact
from panel_fixtures import show_panel
from softmax_net import Expected, dataset, network

USER = Qt.ItemDataRole.UserRole


def make_table(qtbot, doc):
    table = OutputsTable()
    return show_panel(qtbot, table, doc)


@pytest.fixture
def worked(qapp):
    return Document.open(paths.example("xor-worked-example"))


def headers(table):
    model = table.model
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def column(table, header, role=USER):
    model = table.model
    c = headers(table).index(header)
    return [model.index(r, c).data(role) for r in range(model.rowCount())]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def test_the_xor_example_matches_the_engine_and_a_hand_computation(qtbot, worked):
    table = make_table(qtbot, worked)
    assert headers(table) == ["x1", "x2", "y\ntarget", "y\noutput", "y\nclass", "right",
                              "error\nJ"]
    data = worked.dataset
    compiled = Compiled(worked.network, data.inputs, data.targets, "squared_error")
    state = compiled.forward(data.x)
    outputs, errors = compiled.outputs(state)[:, 0], compiled.row_errors(state, data.y)
    np.testing.assert_allclose(column(table, "y\noutput"), outputs, rtol=1e-12)
    np.testing.assert_allclose(column(table, "error\nJ"), errors, rtol=1e-12)
    # seed 000's network by hand: h = σ(w·x + 1), y = σ(0.3 h1 + 0.4 h2 + 1)
    x1, x2 = data.x.T
    h1, h2 = sigmoid(0.25 * x1 + 0.2 * x2 + 1), sigmoid(0.15 * x1 + 0.1 * x2 + 1)
    y = sigmoid(0.3 * h1 + 0.4 * h2 + 1)
    np.testing.assert_allclose(column(table, "y\noutput"), y, rtol=1e-12)
    np.testing.assert_allclose(column(table, "error\nJ"), 0.5 * (data.y[:, 0] - y) ** 2,
                               rtol=1e-12)
    assert column(table, "y\noutput", Qt.ItemDataRole.DisplayRole) == [compact(v) for v in y]
    assert column(table, "x1") == [1, 0, 0, 1] and column(table, "y\ntarget") == [1, 0, 1, 0]
    mean = np.mean(0.5 * (data.y[:, 0] - y) ** 2)
    assert f"Mean error <b>{mean:.6f}</b> over 4 rows" in table.summary.text()
    # untrained, every output is about 0.82: class 1 everywhere, right where the target is 1
    assert column(table, "y\nclass") == [1, 1, 1, 1]
    assert column(table, "right", Qt.ItemDataRole.DisplayRole) == [TICK, CROSS, TICK, CROSS]
    assert table.summary.text().startswith("<b>2 of 4</b> rows right")


def test_the_xor_network_built_from_gates_gets_every_row_right(qtbot):
    doc = Document.open(paths.example("xor-from-or-nand-and"))
    table = make_table(qtbot, doc)
    # the file shows OR and NAND beside the inputs (its "view"), as seed 000 reads XOR
    assert headers(table)[2:7] == ["OR\nhidden", "NAND\nhidden", "AND\ntarget",
                                   "AND\noutput", "AND\nclass"]
    assert column(table, "AND\nclass") == [0, 1, 1, 0] == column(table, "AND\ntarget")
    assert column(table, "right", Qt.ItemDataRole.DisplayRole) == [TICK] * 4
    assert column(table, "right", Qt.ItemDataRole.ForegroundRole)[0].name() == "#1e9e4a"
    assert table.summary.text().startswith("<b>4 of 4</b> rows right")
    outputs = np.array(column(table, "AND\noutput"))
    assert np.all(outputs[[0, 3]] < 1e-4) and np.all(outputs[[1, 2]] > 1 - 1e-4)


def test_targets_that_are_not_all_0_or_1_give_no_truth_table(qtbot):
    doc = Document.open(paths.example("two-two-two"))
    table = make_table(qtbot, doc)
    assert headers(table) == ["i1", "i2", "o1\ntarget", "o1\noutput", "o2\ntarget", "o2\noutput",
                              "error\nJ"]
    assert "rows right" not in table.summary.text()


def test_weight_changes_refresh_once_after_a_short_wait(qtbot, worked):
    table = make_table(qtbot, worked)
    refreshes = []
    table.refreshed.connect(lambda: refreshes.append(1))
    with qtbot.waitSignal(table.refreshed, timeout=1000):
        for k in range(100):  # like a training run: many weight changes in a row
            worked.undo_stack.push(SetWeights(worked, {("b", "y"): 1.0 + 0.01 * k}, "train"))
        assert refreshes == []  # nothing yet: refreshes are coalesced
    qtbot.wait(100)
    assert len(refreshes) == 1
    data = worked.dataset
    compiled = Compiled(worked.network, data.inputs, data.targets)
    np.testing.assert_allclose(column(table, "y\noutput"),
                               compiled.outputs(compiled.forward(data.x))[:, 0], rtol=1e-12)
    assert worked.network.connection("b", "y").weight == pytest.approx(1.99)


def test_it_follows_the_dataset_and_the_structure(qtbot, worked):
    table = make_table(qtbot, worked)
    worked.undo_stack.push(SetDataset(worked, None, "Remove"))
    qtbot.waitUntil(lambda: table.hint.isVisible())
    assert "no dataset" in table.hint.text() and not table.table.isVisible()
    worked.undo_stack.undo()
    qtbot.waitUntil(lambda: table.table.isVisible())
    assert table.model.rowCount() == 4
    worked.undo_stack.push(AddNeuron(worked, Neuron("x3", "input")))
    qtbot.waitUntil(lambda: table.hint.isVisible())
    assert table.hint.text() == "No outputs: input neuron x3 has no column in the dataset."
    worked.undo_stack.undo()
    qtbot.waitUntil(lambda: table.table.isVisible())
    worked.undo_stack.push(SetWeight(worked, ("h1", "y"), -3.0))
    qtbot.waitUntil(lambda: column(table, "y\noutput")[0] < 0.5)


def test_a_hidden_table_catches_up_when_shown(qtbot, worked):
    table = make_table(qtbot, worked)
    table.hide()
    refreshes = []
    table.refreshed.connect(lambda: refreshes.append(1))
    worked.undo_stack.push(SetWeight(worked, ("h1", "y"), -3.0))
    qtbot.wait(80)
    assert refreshes == []
    table.show()
    assert refreshes == [1] and column(table, "y\noutput")[0] < 0.5


def test_no_document_and_an_empty_dataset(qtbot, worked):
    table = make_table(qtbot, None)
    assert table.hint.text() == "No network is open."
    table.set_document(worked)
    worked.undo_stack.push(SetDataset(worked, Dataset(["x1", "x2"], ["y"]), "Empty"))
    table.refresh()
    assert table.hint.text() == "The dataset has no rows."


def test_compact_numbers():
    assert compact(0.82301) == "0.8230" and compact(1.0) == "1.0000" and compact(0.0) == "0.0000"
    assert compact(4.544e-05) == "4.54e\u22125" and compact(-1234.5) == "\u22121.23e3"
    assert compact(float("nan")) == "nan"


def test_rows_held_out_for_testing_are_marked_and_their_error_given_apart(qtbot, worked):
    table = make_table(qtbot, worked)
    data = worked.dataset
    worked.undo_stack.push(SetDataset(worked, data.with_test([False, True, False, True]),
                                      "Hold out"))
    qtbot.waitUntil(lambda: table.model.headerData(1, Qt.Orientation.Vertical) == "1 test")
    model = table.model
    assert [model.headerData(r, Qt.Orientation.Vertical) for r in range(4)] == \
        ["0", "1 test", "2", "3 test"]
    background = Qt.ItemDataRole.BackgroundRole
    assert model.index(0, 0).data(background) is None
    assert model.index(1, 0).data(background) is not None
    errors = np.array(column(table, "error\nJ"))
    text = table.summary.text()
    assert (f"Mean error <b>{np.mean(errors[[0, 2]]):.6f}</b> over the 2 training rows<br>"
            f"Test error <b>{np.mean(errors[[1, 3]]):.6f}</b> over the 2 held-out rows") in text


def test_a_costly_refresh_makes_the_next_one_wait_four_times_as_long(qtbot, worked):
    from netsim.panels.outputs_table import BUSY_FACTOR, REFRESH_MS
    table = make_table(qtbot, worked)
    now = [100.0]
    table.clock = lambda: now[0]
    table.cost, table._last_end = 0.5, 99.9  # a refresh of 0.5 s ended 0.1 s ago
    worked.undo_stack.push(SetWeight(worked, ("h1", "y"), -3.0))
    assert table.timer.isActive()
    assert table.timer.interval() == round(1000 * (BUSY_FACTOR * 0.5 - 0.1)) == 1900
    table.timer.stop()
    now[0] = 110.0  # long after: no more wait than usual
    worked.undo_stack.push(SetWeight(worked, ("h1", "y"), -2.0))
    assert table.timer.interval() == REFRESH_MS


def test_a_renamed_neuron_renames_its_columns(qtbot, worked):
    from netsim.document.commands import SetNeuron
    table = make_table(qtbot, worked)
    worked.undo_stack.push(SetNeuron(worked, "y", "label", "XOR"))
    qtbot.waitUntil(lambda: "XOR\noutput" in headers(table))
    assert headers(table)[2:4] == ["XOR\ntarget", "XOR\noutput"]
    worked.undo_stack.push(SetWeight(worked, ("h1", "y"), -3.0))  # weights only: names kept
    table.refresh()
    assert headers(table)[2:4] == ["XOR\ntarget", "XOR\noutput"]


def test_a_softmax_group_shows_its_own_loss_formula(qtbot):
    """Cross-entropy over a softmax group is −Σ y·ln o per row, not the binary form."""
    doc = Document(NetworkFile(network(), dataset(), TrainingSettings(loss="cross_entropy")))
    table = make_table(qtbot, doc)
    text = table.summary.text()
    assert text.endswith("per row J = \u2212\u03a3 y\u00b7ln o") and "1 \u2212 y" not in text
    np.testing.assert_allclose(column(table, "error\nJ"), [Expected("cross_entropy").error],
                               rtol=1e-13)
    doc.undo_stack.push(SetTraining(doc, {"loss": "squared_error"}))
    squared = "per row J = \u00bd\u00b7\u03a3 (y \u2212 o)\u00b2"
    qtbot.waitUntil(lambda: table.summary.text().endswith(squared))
    np.testing.assert_allclose(column(table, "error\nJ"), [Expected("squared_error").error],
                               rtol=1e-13)


def test_one_hot_targets_have_one_class_per_row_the_largest_output(qtbot, tmp_path):
    from class_networks import class_file
    doc = Document.open(class_file(tmp_path / "c.netsim"))
    table = make_table(qtbot, doc)
    assert headers(table) == ["x1", "x2", "setosa\ntarget", "setosa\noutput", "b\ntarget",
                              "b\noutput", "virginica\ntarget", "virginica\noutput", "class",
                              "right", "error\nJ"]
    assert column(table, "class", Qt.ItemDataRole.DisplayRole) == [
        "setosa", "b", "virginica", "virginica", "b", "setosa"]
    assert column(table, "right", Qt.ItemDataRole.DisplayRole) == [TICK] * 3 + [CROSS] * 3
    assert table.summary.text().startswith("<b>3 of 6</b> rows right (the largest output)")


def test_scaled_inputs_say_so_in_their_headers(qtbot):
    from netsim.engine import Dataset
    data = Dataset(["x1", "x2"], ["a", "c", "d"],
                   [[0.5, -1.0, 0.0, 1.0, 0.0], [1.5, 1.0, 1.0, 0.0, 0.0]]).scaled("minmax")
    doc = Document(NetworkFile(network(), data, TrainingSettings(loss="cross_entropy")))
    table = make_table(qtbot, doc)
    assert headers(table)[:2] == ["x1\nmin-max scaled", "x2\nmin-max scaled"]
    assert column(table, "x1\nmin-max scaled") == [0.0, 1.0]  # what the network sees

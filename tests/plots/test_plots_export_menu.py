"""Every plot dock can be exported to PNG and CSV from its right-click menu."""
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from netsim import paths
from netsim.document import Document
from netsim.plots.decision_view import DecisionView
from netsim.plots.error_curve import ErrorCurve
from netsim.plots.explorer_view import ExplorerView
from netsim.plots.landscape_view import LandscapeView
from netsim.plots.neuron_view import NeuronView


@pytest.mark.parametrize("kind", [ErrorCurve, ExplorerView, LandscapeView, DecisionView,
                                  NeuronView])
def test_right_click_exports_png_and_csv(qtbot, tmp_path, monkeypatch, kind):
    view = kind()
    qtbot.addWidget(view)
    view.set_document(Document.open(paths.example("xor-worked-example")))
    plot = view.plot
    assert plot.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
    texts = [a.text() for a in plot.actions()]
    assert texts == ["Export PNG\u2026", "Export CSV\u2026"]
    for action, suffix in zip(plot.actions(), ("png", "csv")):
        target = tmp_path / f"out.{suffix}"
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            lambda *a, t=target, **k: (str(t), ""))
        action.trigger()
        assert target.is_file() and target.stat().st_size > 0
    assert (tmp_path / "out.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_failed_export_is_one_line(qtbot, tmp_path, monkeypatch):
    view = ErrorCurve()
    qtbot.addWidget(view)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: warnings.append(a[2]))
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "missing" / "x.png"), ""))
    view.plot.actions()[0].trigger()
    assert len(warnings) == 1 and warnings[0].startswith("Cannot export: ")
    assert "\n" not in warnings[0]

"""The window around the document: menus and shortcuts, docks, Export Image, About, and the
layout remembered between runs."""
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLineEdit, QMessageBox, QToolBar

from netsim import __version__, paths
from netsim.app import app_settings
from netsim.app.main_window import MainWindow

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}svg"


def menu_texts(window):
    return [a.text() for a in window.menuBar().actions()]


def test_menus(make_window):
    window = make_window()
    assert menu_texts(window) == ["&File", "&Edit", "&View", "&Tools", "&Network", "S&tep",
                                  "T&rain", "&Help"]
    acts = window.main_actions
    shortcuts = {acts.new: "Ctrl+N", acts.open: "Ctrl+O", acts.save: "Ctrl+S",
                 acts.save_as: "Ctrl+Shift+S", acts.close: "Ctrl+W", acts.quit: "Ctrl+Q",
                 acts.select_all: "Ctrl+A", acts.zoom_out: "Ctrl+-", acts.fit: "Ctrl+0"}
    for action, keys in shortcuts.items():
        assert action.shortcut() == QKeySequence(keys), action.text()
    assert QKeySequence("Ctrl+=") in acts.zoom_in.shortcuts()
    file_texts = [a.text() for a in acts.file_menu.actions() if not a.isSeparator()]
    assert file_texts == ["&New", "&Open\u2026", "Open &Example", "Open &Recent",
                          "&Import ONNX Model\u2026", "&Save", "Save &As\u2026", "&Export",
                          "&Close", "&Quit"]
    assert [a.text() for a in acts.export_menu.actions()] == [
        "&Image\u2026", "&ONNX Model\u2026", "&PyTorch Script\u2026", "&Step-Through\u2026",
        "&Worksheet\u2026"]
    view_texts = [a.text() for a in acts.view_menu.actions()]
    for text in ("Show &Weights", "Zoom &In", "Zoom &Out", "&Fit to Window", "&Snap to Grid",
                 "Inspector", "Undo History", "Dataset", "Training", "Outputs", "Equations",
                 "Tool&bars"):
        assert text in view_texts
    named = [text for text in view_texts if text]  # separators have none
    assert len(named) == len(set(named))  # the Training dock, and not a toolbar of that name
    toolbars = [a.text() for a in acts.toolbars_menu.actions()]
    assert toolbars == ["Tools", "Step Through", "Train"]
    assert acts.show_weights.isCheckable() and acts.snap.isCheckable()
    tools = [a for a in acts.tools_menu.actions() if not a.isSeparator()]
    assert tools == window.tools.actions
    assert [a.isSeparator() for a in acts.tools_menu.actions()].count(True) == 2
    assert window.tools.actions and all(a.isCheckable() for a in window.tools.actions)


def test_docks_and_toolbar_are_named_for_the_saved_layout(make_window):
    window = make_window()
    docks = window.findChildren(QDockWidget)
    assert sorted(d.objectName() for d in docks) == [
        "confusionMatrixDock", "datasetDock", "decisionMapDock", "equationsDock",
        "errorCurveDock", "errorLandscapeDock", "fitDock", "gradientCheckDock",
        "inspectorDock", "learningRatesDock", "neuronDock", "outputsDock", "quizDock",
        "restartsDock", "trainingDock", "undoHistoryDock", "weightMatrixDock"]
    right = [window.inspector_dock, window.dataset_dock, window.history_dock]
    assert all(window.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea for d in right)
    assert all(d.width() >= 260 for d in (window.inspector_dock, window.history_dock))
    assert window.inspector_dock.isVisible() and window.history_dock.isVisible()
    assert set(window.tabifiedDockWidgets(window.inspector_dock)) == {
        window.dataset_dock, window.training_dock}
    bottom = [window.outputs_dock, window.equations_dock, *window.plot_docks]
    assert all(window.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea for d in bottom)
    assert window.inspector_dock.widget() is window.inspector
    assert window.history_dock.widget() is window.undo_view
    toolbars = {t.objectName(): t for t in window.findChildren(QToolBar)}
    assert sorted(toolbars) == ["stepToolBar", "toolsToolBar", "trainingToolBar"]
    tools = toolbars["toolsToolBar"]
    assert [a for a in tools.actions() if not a.isSeparator()] == window.tools.actions


def test_about_names_the_version_and_the_licence(make_window, monkeypatch):
    window = make_window()
    said = []
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda *args: said.append(args)))
    window.main_actions.about.trigger()
    (parent, title, text), = said
    assert parent is window and title == "About netsim"
    assert __version__ in text and "MIT" in text


# ---- Export Image ---------------------------------------------------------------------
@pytest.fixture
def xor_window(make_window):
    window = make_window()
    window.open_example(paths.example("xor-worked-example"))
    return window


def test_export_png(xor_window, dialogs, tmp_path):
    out = tmp_path / "xor.png"
    dialogs.paths.append(out)
    assert xor_window.export_image_dialog()
    data = out.read_bytes()
    assert data[:8] == PNG_MAGIC and len(data) > 5000
    image = QImage(str(out))
    rect = xor_window.scene.network_rect()
    assert image.width() == pytest.approx(2 * (rect.width() + 48), abs=2)  # twice the size
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    assert len(colours) > 8  # a drawing, not a blank picture


def test_export_svg(xor_window, dialogs, tmp_path):
    out = tmp_path / "xor.svg"
    dialogs.paths.append(out)
    assert xor_window.export_image_dialog()
    root = ET.parse(out).getroot()
    assert root.tag == SVG
    text = out.read_text(encoding="utf-8")
    assert "<svg" in text and len(text) > 2000
    assert "XOR: the worked example" in text  # the title


def test_export_refuses_other_formats_and_bad_folders(xor_window, dialogs, tmp_path):
    assert not xor_window.export_image(str(tmp_path / "x.gif"))
    assert not xor_window.export_image(str(tmp_path / "no such folder" / "x.png"))
    assert not xor_window.export_image(str(tmp_path / "no such folder" / "x.svg"))
    assert len(dialogs.errors) == 3
    assert all("\n" not in text for _, text in dialogs.errors)
    assert dialogs.errors[0][1].startswith("x.gif: ")


def test_export_leaves_the_selection_alone(xor_window, tmp_path):
    item = next(iter(xor_window.scene.neuron_items.values()))
    item.setSelected(True)
    assert xor_window.export_image(str(tmp_path / "x.png"))
    assert item.isSelected()


# ---- the layout is remembered ---------------------------------------------------------
def test_geometry_and_docks_are_restored(make_window, qtbot):
    window = make_window()
    window.resize(720, 540)  # within the offscreen screen (800 x 600)
    window.history_dock.hide()
    window.main_actions.show_weights.setChecked(False)
    qtbot.wait(10)
    assert window.close()

    again = make_window(show=False)
    again.show()
    qtbot.waitExposed(again)
    assert again.size().toTuple() == (720, 540)
    assert again.inspector_dock.isVisible() and not again.history_dock.isVisible()
    assert not again.main_actions.show_weights.isChecked()
    assert not again.scene.show_weights


def test_the_app_keeps_its_settings_in_an_ini_file(qapp, tmp_path):
    settings = app_settings.user_settings()
    assert settings.format() == QSettings.Format.IniFormat
    assert settings.fileName().startswith(str(tmp_path))  # tests moved it (conftest)
    assert str(app_settings.default_recovery_dir()).startswith(str(tmp_path))


def test_a_plain_window_uses_the_app_settings(qtbot, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.settings.fileName() == app_settings.user_settings().fileName()
    assert window.recovery.folder == tmp_path / "user-recovery"


# ---- Edit menu ------------------------------------------------------------------------
def test_delete_and_select_all(xor_window, qtbot):
    window, doc = xor_window, xor_window.document
    window.view.setFocus()
    window.scene.select(["h1"])
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert "h1" not in doc.network.neurons
    assert doc.undo_stack.count() == 1  # once, though the canvas knows the key too
    window.main_actions.select_all.trigger()
    ids, keys = window.scene.selection()
    assert ids == list(doc.network.neurons) and keys == [c.key for c in doc.network.connections]
    window.main_actions.delete.trigger()
    assert len(doc.network.neurons) == 0
    window.main_actions.undo.trigger()
    assert len(doc.network.neurons) == 5


def test_delete_keys_edit_text_outside_the_canvas(xor_window, qtbot):
    window, doc = xor_window, xor_window.document
    window.scene.select(["h1"])
    field = window.inspector.findChild(QLineEdit)
    assert field is not None and field.isVisible()
    field.setFocus()
    field.setText("abc")
    field.end(False)
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    qtbot.keyClick(field, Qt.Key.Key_Home)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.text() == "b"
    assert "h1" in doc.network.neurons and doc.undo_stack.count() == 0


# ---- Export ONNX Model -----------------------------------------------------------------
def test_file_export_onnx_model_writes_what_onnxruntime_runs(make_window, dialogs, tmp_path):
    import numpy as np
    import onnxruntime as ort
    from netsim.engine.compiled import Compiled
    window = make_window()
    window.open_example(paths.example("iris-softmax"))
    out = tmp_path / "iris.onnx"
    dialogs.paths.append(out)
    window.main_actions.export_onnx.trigger()  # File > Export > ONNX Model...
    kind, suggested = dialogs.asked[-1]
    assert kind == "model" and suggested.endswith(".onnx") and dialogs.errors == []
    data = window.document.dataset
    session = ort.InferenceSession(out.read_bytes(), providers=["CPUExecutionProvider"])
    got = session.run(["output"], {"input": data.raw_x.astype(np.float32)})[0]
    compiled = Compiled(window.document.network, data.inputs, data.targets)
    np.testing.assert_allclose(got, compiled.outputs(compiled.forward(data.x)), atol=1e-5)
    assert window.statusBar().currentMessage() == f"Exported {out} (ONNX, float32)"


def test_export_onnx_says_in_one_line_what_to_install(xor_window, dialogs, tmp_path,
                                                      monkeypatch):
    from netsim.io import onnx_export

    def missing():
        raise onnx_export.ExportError(onnx_export.MISSING)
    monkeypatch.setattr(onnx_export, "_onnx", missing)
    out = tmp_path / "xor.onnx"
    assert not xor_window.export_onnx(str(out))
    assert dialogs.errors == [("Cannot export the model",
                               "xor.onnx: ONNX export needs the onnx package: "
                               "pip install 'netsim[onnx]'")]
    assert not out.exists()
    assert not xor_window.export_onnx(str(tmp_path / "no such folder" / "x.onnx"))
    assert len(dialogs.errors) == 2 and "\n" not in dialogs.errors[1][1]

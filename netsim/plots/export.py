"""PNG and CSV export of a pyqtgraph PlotItem, and the file dialogs that ask where."""
from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401  (registers pg.exporters)
from PySide6.QtWidgets import QFileDialog, QWidget

PNG_WIDTH = 1200  # pixels; the height follows the plot's aspect ratio


def export_png(item: pg.PlotItem, path: str | Path, width: int = PNG_WIDTH) -> None:
    """Render the plot (axes, curves, markers) to a PNG file; OSError if it was not
    written (the exporter's QImage.save only returns False)."""
    path = Path(path)
    if not path.parent.is_dir():
        raise OSError(f"{path.name}: the folder {path.parent} does not exist")
    exporter = pg.exporters.ImageExporter(item)
    exporter.parameters()["width"] = int(width)
    exporter.export(str(path))
    if not path.is_file():
        raise OSError(f"{path.name}: could not write the image")


def export_csv(item: pg.PlotItem, path: str | Path) -> None:
    """Write each curve of the plot as x and y columns with a header row."""
    exporter = pg.exporters.CSVExporter(item)
    exporter.export(str(path))


def ask_and_export(parent: QWidget, item: pg.PlotItem, kind: str, stem: str) -> Path | None:
    """Ask for a file name and export `item` as "png" or "csv"; the path, or None."""
    pattern = "PNG image (*.png)" if kind == "png" else "CSV table (*.csv)"
    name, _ = QFileDialog.getSaveFileName(parent, f"Export {kind.upper()}", f"{stem}.{kind}",
                                          pattern)
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != f".{kind}":
        path = path.with_name(path.name + f".{kind}")
    (export_png if kind == "png" else export_csv)(item, path)
    return path

"""A worksheet of one dataset row (File ▸ Export ▸ Worksheet…): the network's picture and
every number of the forward pass, the error, the backward pass and the update, each with
its formula and its numbers, as the Equations dock writes them (panels/equations.py),
then the engine's numbers to 9 significant digits (to check a hand calculation against
the seeds' worked examples). Written as HTML or as PDF (QTextDocument + QPdfWriter).

A blank worksheet leaves every result empty, a line to fill in where the dock shows the
result in bold, and gives the full solution on the last pages, after a page break.

A big network lists its first MAX_NEURONS computing neurons and MAX_CONNECTIONS
connections (in the order of the passes) and says how many it leaves out; a long sum is
summarised as in the dock. Every name from the file is escaped (plain text).
"""
from __future__ import annotations

import base64
import re
from html import escape

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QUrl
from PySide6.QtGui import (QImage, QPageLayout, QPageSize, QPalette, QPdfWriter,
                           QTextDocument)
from PySide6.QtWidgets import QApplication

from ..canvas.network_drawing import NetworkDrawing
from ..engine.text import readable
from ..io.atomic import atomic_write
from ..panels.equations import writer
from .export_image import image_rect, scene_image
from .step_frames import row_stepper

FORMATS = {"pdf": "PDF document (*.pdf)", "html": "HTML page (*.html)"}
MAX_NEURONS = 40  # computing neurons listed per pass
MAX_CONNECTIONS = 100  # connections listed with their ∂J/∂w and update
PICTURE = "netsim-network.png"  # the picture's name inside the document
PICTURE_WIDTH = 520  # of the picture on the page (document pixels)
FAINT = "#6b6b6b"
BLANK = '<u>' + "&nbsp;" * 18 + '</u>'
_RESULT = re.compile(r"= <b>.*?</b>")
DIGITS = 9
PAGE_BREAK = '<p style="page-break-before: always; margin:0"></p>'


class WorksheetError(ValueError):
    """The worksheet cannot be made; the message is one line."""


def blanked(html: str) -> tuple[str, int]:
    """`html` with every bold result after "=" replaced by a line to fill in, and how many."""
    return _RESULT.subn(f"=&nbsp;{BLANK}", html)  # the line stays beside its "="


class Worksheet:
    """The worksheet of row `row` of a network file's dataset, in its training mode."""

    def __init__(self, network_file, row: int, title: str = "") -> None:
        self.file = network_file
        self.stepper = row_stepper(network_file.network, network_file.dataset,
                                   network_file.training, row)
        self.stepper.step_row()  # every stage of the row revealed
        self.row = row
        self.title = title or network_file.name or "network"
        self.w = writer(self.stepper, FAINT)
        s = self.stepper
        self.computing = [n for lv in range(1, s.depth + 1) for n in s.by_level[lv]]
        self.listed = self.computing[:MAX_NEURONS]
        keys = [k for lv in range(s.depth, 0, -1) for k in s.keys_into(lv)]
        self.keys = keys[:MAX_CONNECTIONS]
        self.all_keys = len(keys)

    def __repr__(self) -> str:
        return f"Worksheet(row {self.row}, {len(self.listed)} neurons, {len(self.keys)} connections)"

    # ---- the text ------------------------------------------------------------------
    def html(self, blank: bool = False, picture_src: str = PICTURE) -> str:
        """The whole worksheet; blank: results left empty, the solution after them."""
        body = self._sheet(picture_src)
        if blank:
            body, count = blanked(body)
            body = (self._title("Worksheet") + self._note(
                f"Fill in the {count} blanks; the solution is on the last pages.") + body
                    + PAGE_BREAK + self._title("Solution") + self._sheet(picture_src)
                    + self._exact())
        else:
            body = self._title("Worksheet") + body + self._exact()
        return ('<!DOCTYPE html><html><head><meta charset="utf-8">'
                f'<title>{escape(self.title)}: row {self.row}</title>'
                '<style>body { font-family: sans-serif; font-size: 13px; } '
                'td, th { padding: 1px 8px; text-align: left; }</style></head>'
                f'<body>{body}</body></html>')

    def _title(self, what: str) -> str:
        return f"<h1>{what}: {escape(self.title)}, row {self.row}</h1>"

    @staticmethod
    def _note(text: str) -> str:
        return f'<p style="color:{FAINT}">{text}</p>'

    def _sheet(self, picture_src: str) -> str:
        s, w = self.stepper, self.w
        data = s.dataset
        values = [f"{escape(s.graph.neurons[n].name)} = {readable(v)}"
                  for n, v in zip(data.inputs, data.x[self.row].tolist())]
        targets = [f"{escape(s.graph.neurons[n].name)} = {readable(v)}"
                   for n, v in zip(data.targets, data.y[self.row].tolist())]
        cut = ", \u2026" if len(values) > MAX_NEURONS else ""
        parts = [f"<p><b>Inputs</b> {', '.join(values[:MAX_NEURONS])}{cut}"
                 f" &nbsp; <b>Targets</b> {', '.join(targets)}</p>",
                 self._more(len(values) - MAX_NEURONS, "input"),
                 w.line(escape(s.mode_line())),
                 f'<p><img src="{picture_src}" width="{PICTURE_WIDTH}"></p>']
        left_out = len(self.computing) - len(self.listed)
        parts.append("<h2>1. Forward pass</h2>")
        for lv in range(1, s.depth + 1):
            for nid in (n for n in self.listed if s.level[n] == lv):
                parts += [w.neuron_head(nid)] + w.neuron_parts(nid)[0]
        parts.append(self._more(left_out, "neuron"))
        parts.append("<h2>2. The error</h2>")
        for nid in (n for n in self.listed if n in data.targets):
            parts += [w.neuron_head(nid)] + w.neuron_parts(nid)[1]
        parts.append(w.overview().split("</p>", 2)[-1])  # J, without the status lines
        parts.append("<h2>3. Backward pass</h2>")
        deltas = [(nid, w.neuron_parts(nid)[2]) for lv in range(s.depth, 0, -1)
                  for nid in self.listed if s.level[nid] == lv]
        for nid, lines in deltas:
            if lines:
                parts += [w.neuron_head(nid)] + lines
        if not any(lines for _, lines in deltas):  # the perceptron rule needs no δ
            parts.append(self._note("None: this training mode's rule needs no \u03b4."))
        parts.append(self._more(left_out, "neuron"))
        rule = s.settings.mode == "perceptron"
        parts.append("<h2>4. The perceptron rule's update</h2>" if rule else
                     "<h2>4. \u2202J/\u2202w and the update</h2>")
        parts += [w.connection(k) for k in self.keys]
        parts.append(self._more(self.all_keys - len(self.keys), "connection"))
        return "".join(parts)

    def _more(self, count: int, noun: str) -> str:
        if count <= 0:
            return ""
        return self._note(f"\u2026 and {count} more {noun}{'s' if count != 1 else ''}, left "
                          f"out here (the Equations dock shows any of them while stepping)")

    def _exact(self) -> str:
        """The engine's numbers of the row to 9 significant digits."""
        s = self.stepper
        name = lambda nid: escape(s.graph.neurons[nid].name)  # noqa: E731
        r = lambda v: "" if v is None else readable(v, DIGITS)  # noqa: E731
        rows = [f"<tr><td>{name(n)}</td><td>{r(v.net)}</td><td>{r(v.output)}</td>"
                f"<td>{r(v.delta)}</td></tr>" for n in self.listed for v in [s.neuron(n)]]
        neurons = ("<table><tr><th>neuron</th><th>net</th><th>out</th><th>\u03b4</th></tr>"
                   + "".join(rows) + "</table>")
        rows = []
        for key in self.keys:
            v = s.connection(key)
            rows.append(f"<tr><td>{name(key[0])} \u2192 {name(key[1])}</td><td>{r(v.weight)}</td>"
                        f"<td>{r(v.gradient)}</td><td>{r(v.new_weight)}</td></tr>")
        connections = ("<table><tr><th>connection</th><th>w</th><th>\u2202J/\u2202w</th>"
                       "<th>new w</th></tr>" + "".join(rows) + "</table>")
        return (f"<h2>The engine's numbers to {DIGITS} digits</h2>"
                f"<p>J = {r(s.error())}</p>{neurons}<p></p>{connections}")

    # ---- the picture ---------------------------------------------------------------
    def picture(self, palette: QPalette | None = None, width: int = 2 * PICTURE_WIDTH) -> QImage:
        """The network as the canvas draws it (no numbers), `width` pixels wide, in
        `palette` (default: the style's standard one, light, for paper)."""
        drawing = NetworkDrawing()
        drawing.setPalette(palette or QApplication.style().standardPalette())
        drawing.set_network(self.file.network)
        try:
            return scene_image(drawing, width / image_rect(drawing).width(),
                               QImage.Format.Format_RGB32)
        finally:
            drawing.deleteLater()

    # ---- files ---------------------------------------------------------------------
    def write(self, path: str, blank: bool = False, palette: QPalette | None = None) -> None:
        """Write an .html or a .pdf (chosen by the extension), atomically."""
        kind = path.lower().rsplit(".", 1)[-1] if "." in path else ""
        if kind not in FORMATS:
            raise WorksheetError("netsim writes worksheets as .html or .pdf")
        image = self.picture(palette)
        if kind == "html":
            src = "data:image/png;base64," + base64.b64encode(png_bytes(image)).decode("ascii")
            atomic_write(path, self.html(blank, src).encode("utf-8"))
        else:
            atomic_write(path, self.pdf(blank, image))

    def pdf(self, blank: bool, image: QImage) -> bytes:
        document = QTextDocument()
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(PICTURE), image)
        document.setHtml(self.html(blank))
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        pdf = QPdfWriter(buffer)
        pdf.setTitle(f"{self.title}: row {self.row}")
        pdf.setCreator("netsim")
        pdf.setResolution(96)  # the HTML's sizes are in pixels of a 96-dpi screen
        pdf.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Portrait,
                                      QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter))
        document.print_(pdf)
        buffer.close()
        return bytes(buffer.data())


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)

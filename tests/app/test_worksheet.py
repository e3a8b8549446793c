"""File ▸ Export ▸ Worksheet…: every number of a row's forward pass, error, backward pass and
update with its formula, equal to the engine's; a blank version for students with the
solution on the last pages; HTML and PDF."""
import re

import pytest
from PySide6.QtCore import Qt

from netsim import paths
from test_app_export_torch import choose, open_export_menu  # File > Export, by mouse and keys
from netsim.app.worksheet import BLANK, MAX_CONNECTIONS, MAX_NEURONS, Worksheet
from netsim.engine.step_values import number
from netsim.engine.text import readable
from netsim.engine.trace import trace
from netsim.io.fileformat import load


def solution_part(html):
    blank, solution = html.split("<h1>Solution:", 1)
    return blank, solution


def pdf_pages(data: bytes) -> int:
    """The page count of the PDF's page tree (Qt writes it uncompressed)."""
    return int(re.search(rb"/Type /Pages\s*/Kids\s*\[[^\]]*\]\s*/Count (\d+)", data).group(1))


@pytest.mark.parametrize("name, row", [("xor-worked-example", 1), ("two-two-two", 0)])
def test_every_number_is_the_engines(qapp, name, row):
    nf = load(paths.example(name))
    t = trace(nf.network, nf.dataset, row, nf.training.loss)
    html = Worksheet(nf, row).html()
    rate = nf.training.learning_rate
    for nid, n in t.neurons.items():
        if n.net is not None:  # a computing neuron: in the formulas and to 9 digits
            for value in (n.net, n.output, n.delta):
                assert f"<b>{number(value)}</b>" in html, (nid, value)
            assert (f"<td>{readable(n.net, 9)}</td><td>{readable(n.output, 9)}</td>"
                    f"<td>{readable(n.delta, 9)}</td>") in html
    for c in t.connections:
        new = c.weight - rate * c.gradient  # sgd, no momentum: w − α·∂J/∂w
        assert f"= <b>{number(c.gradient)}</b>" in html
        assert f"= <b>{number(new)}</b>" in html
        assert (f"<td>{readable(c.weight, 9)}</td><td>{readable(c.gradient, 9)}</td>"
                f"<td>{readable(new, 9)}</td>") in html
    assert f"J = {readable(t.error, 9)}" in html
    j_line = re.search(r"<h2>2. The error</h2>.*?<h2>3.", html, re.S).group(0)
    assert f"J = \u00bd\u03a3 (y \u2212 o)\u00b2 = <b>{number(t.error)}</b>" in j_line


def test_two_two_two_has_seed_001s_numbers(qapp):
    html = Worksheet(load(paths.example("two-two-two")), 0).html()
    # seed 001 (Mazur's worked example): out_o1, J, and the updated w1 and w5
    for seed_value in ("0.75136507", "0.298371109", "0.149780716", "0.35891648"):
        assert seed_value in html


def test_the_blank_version_leaves_the_answers_to_the_solution(qapp):
    html = Worksheet(load(paths.example("two-two-two")), 0).html(blank=True)
    blank, solution = solution_part(html)
    answers = solution.count("= <b>")
    assert answers == 4 * 3 + 2 + 1 + 12 * 4  # neurons: net, out, δ; errors and J; and
    # connections: w·x, ∂J/∂w, Δw, new w
    assert "= <b>" not in blank and blank.count(BLANK) == answers
    assert f"Fill in the {answers} blanks" in blank
    for answer in ("0.1498", "0.3589", "0.149780716", "0.298371109"):  # new w1, new w5, J
        assert answer not in blank and answer in solution


def test_a_big_network_says_what_it_leaves_out(qapp):
    nf = load(paths.example("digits-softmax"))
    sheet = Worksheet(nf, 0)
    html = sheet.html()
    computing = 32 + 10
    assert len(sheet.listed) == MAX_NEURONS and len(sheet.keys) == MAX_CONNECTIONS
    assert f"\u2026 and {computing - MAX_NEURONS} more neurons, left out here" in html
    assert f"\u2026 and {2410 - MAX_CONNECTIONS} more connections, left out here" in html
    assert "more terms" in html  # a hidden neuron's 65-term sum, summarised as in the dock


def test_names_from_the_file_are_plain_text(qapp):
    nf = load(paths.example("xor-worked-example"))
    nf.network.neurons["h1"].label = "<i>h</i>&1"
    html = Worksheet(nf, 0).html()
    assert "&lt;i&gt;h&lt;/i&gt;&amp;1" in html and "<i>h</i>" not in html


def test_pdf_and_html_files(qapp, tmp_path):
    sheet = Worksheet(load(paths.example("xor-worked-example")), 1)
    sheet.write(str(tmp_path / "sheet.pdf"), blank=True)
    data = (tmp_path / "sheet.pdf").read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    blank_pages = pdf_pages(data)
    sheet.write(str(tmp_path / "answers.pdf"))
    answer_pages = pdf_pages((tmp_path / "answers.pdf").read_bytes())
    assert answer_pages > 1 and blank_pages > answer_pages  # the solution after the sheet
    sheet.write(str(tmp_path / "sheet.html"), blank=True)
    text = (tmp_path / "sheet.html").read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<img src="data:image/png;base64,' in text
    with pytest.raises(ValueError, match="^netsim writes worksheets as .html or .pdf$"):
        sheet.write(str(tmp_path / "sheet.docx"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.pdf", "sheet.html",
                                                          "sheet.pdf"]


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: size hints, grabs
def test_file_export_worksheet(qtbot, make_window, dialogs, tmp_path):
    window = make_window()
    assert window.open_file(str(paths.example("two-two-two")))
    choose(qtbot, open_export_menu(window, qtbot)[1], window.main_actions.export_worksheet)
    dialog = window.worksheet_dialog
    qtbot.waitUntil(dialog.isVisible)
    qtbot.mouseClick(dialog.blank, Qt.MouseButton.LeftButton)
    assert dialog.blank.isChecked()
    out = tmp_path / "lesson.pdf"
    dialogs.paths.append(out)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialogs.kinds() == ["worksheet"]
    assert out.read_bytes().startswith(b"%PDF") and pdf_pages(out.read_bytes()) > 1
    assert window.statusBar().currentMessage() == \
        f"Exported {out} (blank, the solution on the last pages)"


def test_a_perceptron_worksheet_has_the_rule_and_no_backward_pass(qapp):
    nf = load(paths.example("and-perceptron"))
    assert nf.training.mode == "perceptron"
    html = Worksheet(nf, 1).html()  # x1 = 0, x2 = 1, AND = 0; step(0) = 1: a miss
    backward = re.search(r"<h2>3\. Backward pass</h2>(.*?)<h2>4\. The perceptron rule's "
                         r"update</h2>", html, re.S).group(1)
    assert "None: this training mode's rule needs no \u03b4." in backward
    assert "<b>" not in backward
    # w ← w + α·(y − ŷ)·x = 0 + 0.5·(0 − 1)·x: x1's stays 0, x2's and the bias's −0.5
    rows = re.findall(r"<tr><td>([^<]*)</td><td>0</td><td></td><td>([^<]*)</td></tr>", html)
    assert rows == [("x1 \u2192 AND", "0"), ("x2 \u2192 AND", "\u22120.5"),
                    ("bias \u2192 AND", "\u22120.5")]

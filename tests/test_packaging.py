"""Packaging files: the icon, the Linux desktop files, the PyInstaller spec and the
bundle's resource lookup. (The bundle itself is built and smoke-tested by `make package`,
which is too slow for the test suite.)"""
import ast
import configparser
import importlib.util
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

import netsim
from netsim import paths
from netsim.app import launch
from netsim.app.icons import ICON_SIZES, app_icon

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
ICONS = ROOT / "resources" / "icons"
MIME_NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
METAINFO = LINUX / "io.github.netsim.Netsim.metainfo.xml"


def desktop_entry() -> dict:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(LINUX / "netsim.desktop", encoding="utf-8")
    return dict(parser["Desktop Entry"])


def mime_type() -> ET.Element:
    root = ET.parse(LINUX / "netsim-mime.xml").getroot()
    (element,) = root.findall("m:mime-type", MIME_NS)
    return element


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, PACKAGING / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- Linux desktop integration ---

def test_desktop_entry_has_the_required_keys():
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "netsim" and entry["Comment"]
    assert entry["Exec"] == "netsim %f"
    assert entry["Icon"] == "netsim"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert {"Education", "Science"} <= set(entry["Categories"].split(";"))


def test_desktop_mime_type_is_the_one_the_mime_xml_defines():
    assert desktop_entry()["MimeType"].rstrip(";").split(";") == [mime_type().get("type")]


def test_mime_xml_defines_the_netsim_type_glob_and_magic():
    element = mime_type()
    assert element.get("type") == "application/x-netsim"
    assert [g.get("pattern") for g in element.findall("m:glob", MIME_NS)] == ["*.netsim"]
    assert element.find("m:sub-class-of", MIME_NS).get("type") == "application/json"
    assert element.find("m:comment", MIME_NS).text


def test_mime_magic_matches_every_example():
    (match,) = mime_type().findall("m:magic/m:match", MIME_NS)
    assert match.get("type") == "string"
    start, end = (int(n) for n in match.get("offset").split(":"))
    value = match.get("value").encode("utf-8")
    for example in paths.examples():
        head = example.read_bytes()[:end + len(value)]
        assert head.find(value, start) != -1, example.name


def test_metainfo_describes_the_app():
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    assert root.findtext("name") == "netsim" and root.findtext("summary")
    assert root.find("description/p") is not None
    launchable = root.find("launchable")
    assert launchable.get("type") == "desktop-id" and launchable.text == "netsim.desktop"
    assert root.findtext("provides/binary") == "netsim"
    assert root.findtext("provides/mediatype") == mime_type().get("type")
    assert root.find("content_rating").get("type").startswith("oars-")
    assert root.find("screenshots/screenshot/image") is not None
    (release,) = root.findall("releases/release")
    assert release.get("version") == netsim.__version__ and release.get("date") == "2026-11-23"


def test_install_script_puts_every_file_in_place(tmp_path):
    if shutil.which("sh") is None:
        pytest.skip("no POSIX shell")
    env = {**os.environ, "HOME": str(tmp_path), "DATA_HOME": str(tmp_path / "share"),
           "BUNDLE": str(tmp_path / "no-bundle")}
    subprocess.run(["sh", str(LINUX / "install.sh")], check=True, capture_output=True, env=env)
    share = tmp_path / "share"
    assert (share / "applications" / "netsim.desktop").is_file()
    assert (share / "metainfo" / METAINFO.name).is_file()
    assert (share / "mime" / "packages" / "netsim-mime.xml").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / "netsim.svg").is_file()
    for size in ICON_SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "netsim.png").is_file()
    assert not (tmp_path / ".local" / "bin").exists()


# --- the icon ---

def test_svg_icon_is_valid():
    renderer = QSvgRenderer(str(ICONS / "netsim.svg"))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == renderer.defaultSize().height()


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_png_has_its_size_and_a_picture(size):
    image = QImage(str(ICONS / f"netsim-{size}.png"))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    colours = {image.pixel(x, y) for x in range(size) for y in range(size)}
    assert len(colours) >= min(size, 40)  # a picture, not a blank square
    assert QColor.fromRgba(image.pixel(0, 0)).alpha() < 128  # rounded corners: transparent
    middle = QColor.fromRgba(image.pixel(size // 2, size // 2))
    assert middle.alpha() == 255


def test_icon_pngs_are_rendered_from_the_current_svg(qapp):
    render_icons = load_script("render_icons")
    assert tuple(render_icons.SIZES) == ICON_SIZES
    for size in (16, 48):
        fresh = render_icons.render(ICONS / "netsim.svg", size)
        stored = QImage(str(ICONS / f"netsim-{size}.png"))
        worst = max(abs(a - b)
                    for x in range(size) for y in range(size)
                    for a, b in zip(fresh.pixelColor(x, y).getRgb(),
                                    stored.pixelColor(x, y).getRgb()))
        assert worst <= 8, f"netsim-{size}.png is out of date: run packaging/render_icons.py"


def test_app_icon_has_every_size(qapp):
    icon = app_icon()
    assert not icon.isNull()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert sizes >= {(n, n) for n in ICON_SIZES}


def test_application_sets_the_window_icon(qapp):
    app = launch.application()
    assert app is QApplication.instance()
    sizes = {(s.width(), s.height()) for s in app.windowIcon().availableSizes()}
    assert sizes >= {(n, n) for n in ICON_SIZES}


# --- the PyInstaller bundle ---

def test_spec_names_the_entry_point_and_the_resources():
    text = (PACKAGING / "netsim.spec").read_text(encoding="utf-8")
    ast.parse(text)  # valid Python
    assert 'ENTRY_POINT = "netsim.cli:main"' in text
    assert '(str(ROOT / "resources"), "netsim/resources")' in text
    assert "qoffscreen" in text
    assert "COLLECT(" in text and 'NAME = "netsim"' in text


def test_build_script_reads_png_sizes():
    build_bundle = load_script("build_bundle")
    data = (ICONS / "netsim-24.png").read_bytes()
    assert build_bundle.png_size(data) == (24, 24)
    assert build_bundle.png_size(b"not a png at all, not at all") is None


def test_resources_are_found_in_a_frozen_bundle(tmp_path, monkeypatch):
    bundled = tmp_path / "netsim" / "resources"
    shutil.copytree(ROOT / "resources", bundled)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == bundled
    assert paths.examples_dir() == bundled / "examples"
    assert paths.icons_dir() == bundled / "icons"
    assert paths.example("two-two-two").is_file()

"""TutorialWindow: the tutorial (Markdown) in a window of its own, beside the app.

The text is resources/docs/tutorial.md and its pictures are in resources/docs/images/,
found relative to the Markdown file. A picture wider than the page is scaled down to fit
when it is loaded. Links to web pages open in the web browser.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

MAX_IMAGE_WIDTH = 940  # px: pictures wider than this are scaled down
WINDOW_SIZE = (1000, 720)
IMAGE = QTextDocument.ResourceType.ImageResource


class TutorialBrowser(QTextBrowser):
    """A QTextBrowser that scales wide pictures down to MAX_IMAGE_WIDTH."""

    def loadResource(self, kind: int, url: QUrl):
        data = super().loadResource(kind, url)
        if kind != IMAGE.value or data is None:
            return data
        image = data if isinstance(data, QImage) else QImage.fromData(data)
        if image.isNull() or image.width() <= MAX_IMAGE_WIDTH:
            return data
        return image.scaledToWidth(MAX_IMAGE_WIDTH, Qt.TransformationMode.SmoothTransformation)


class TutorialWindow(QWidget):
    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("tutorialWindow")
        self.path = Path(path)
        self.browser = TutorialBrowser()
        self.browser.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(*WINDOW_SIZE)
        self.load()
        layout.activate()  # settle the minimum size before a native window exists

    def __repr__(self) -> str:
        return f"TutorialWindow({self.path.name})"

    def load(self) -> None:
        if self.path.is_file():
            self.browser.setSource(QUrl.fromLocalFile(str(self.path)),
                                   QTextDocument.ResourceType.MarkdownResource)
        else:
            self.browser.setPlainText(f"The tutorial is missing: {self.path} does not exist.")
        self.setWindowTitle("Tutorial \u2014 netsim")

    def image_urls(self) -> list[QUrl]:
        """Every picture the text shows, as the document names it."""
        urls = []
        block = self.browser.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fmt = it.fragment().charFormat()
                if fmt.isImageFormat():
                    urls.append(QUrl(fmt.toImageFormat().name()))
                it += 1
            block = block.next()
        return urls

    def image(self, url: QUrl) -> QImage:
        """The picture at `url` as the window shows it (null if it cannot be found)."""
        data = self.browser.loadResource(IMAGE.value, url)
        if isinstance(data, QImage):
            return data
        return QImage.fromData(data) if data is not None else QImage()

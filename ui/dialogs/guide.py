"""Panduan (F1): the user guide bundled with the program, its contents at the left and the text at
the right, read from the same source as the printed guide (decision 38); and saving that printed
guide as a PDF, from here or from the Bantuan menu."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.reports.guide_text import Guide, load_guide, to_html
from ui.context import AppContext
from ui.widgets import warn_on_error

PDF_NAME = "Panduan JKN Desktop.pdf"
ANCHOR_ROLE = Qt.ItemDataRole.UserRole


class GuideDialog(QDialog):
    """Not modal: the guide stays open beside the page it explains."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.guide: Guide = load_guide()
        self.setWindowTitle(self.guide.title)

        self.contents = QListWidget()
        self.contents.setWordWrap(True)
        self.contents.setObjectName("guideContents")
        self.contents.setSpacing(3)
        for section in self.guide.sections:
            item = QListWidgetItem(section.title)
            item.setData(ANCHOR_ROLE, section.anchor)
            self.contents.addItem(item)
        self.contents.currentItemChanged.connect(self._jump)

        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setHtml(to_html(self.guide))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("<b>Daftar isi</b>")
        left_layout.addWidget(heading)
        left_layout.addWidget(self.contents, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.text)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 640])
        split.setChildrenCollapsible(False)

        self.saved = QLabel()
        self.saved.setObjectName("hint")
        self.saved.setWordWrap(True)
        self.pdf_btn = QPushButton("Simpan sebagai PDF…")
        self.pdf_btn.setToolTip("Panduan yang sama, untuk dicetak (A4)")
        self.pdf_btn.clicked.connect(lambda: save_guide_pdf(self, self.ctx, self.saved.setText))
        close = QPushButton("Tutup")
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pdf_btn)
        buttons.addWidget(self.saved, 1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        fit_screen(self, 900, 600)
        # the text has the focus: the contents would otherwise choose its first entry on focus
        # and scroll the title and the introduction out of sight
        self.text.setFocus()

    def _jump(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.text.scrollToAnchor(str(item.data(ANCHOR_ROLE)))


def fit_screen(dialog: QWidget, width: int, height: int) -> None:
    """The size asked for, but no larger than the screen (a 1024×600 netbook: the title bar and
    the taskbar take their share)."""
    screen = dialog.screen().availableGeometry()
    dialog.resize(min(width, screen.width() - 40), min(height, screen.height() - 60))


def save_guide_pdf(parent: QWidget, ctx: AppContext, told: Callable[[str], None]) -> None:
    """Ask where, then write the printed guide on the worker; ``told`` gets the short
    confirmation (a dialog's line, the window's status bar)."""
    from jkn_desktop.reports.guide_pdf import write_guide_pdf

    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path, _ = QFileDialog.getSaveFileName(
        parent,
        "Simpan panduan sebagai PDF",
        str(Path(docs or Path.home()) / PDF_NAME),
        "PDF (*.pdf)",
    )
    if not path:
        return
    out = Path(path)
    if out.suffix.lower() != ".pdf":
        out = out.with_suffix(".pdf")

    def done(pages: int) -> None:
        told(f"Panduan tersimpan ({pages} halaman): {out}")

    ctx.run(
        write_guide_pdf,
        out,
        on_done=done,
        on_error=warn_on_error(parent, "Panduan tidak tersimpan", ctx.runner),
        label="Menyusun panduan …",
        parent=parent,
    )

"""One way to say that something was saved: a short notice in the main window's status bar,
"Tersimpan: nama-berkas.pdf — …", with "Buka folder" where a file was written; it goes after a
few seconds, or when the next notice comes."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QWidget

log = logging.getLogger("jkn.ui")
SHOWN_MS = 12000


class SavedNotice(QWidget):
    """The notice itself (one per window: a new one replaces the old)."""

    def __init__(self, text: str, path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedNotice")
        self.path = path
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(text)
        self.label.setToolTip(str(path) if path is not None else "")
        layout.addWidget(self.label)
        self.open_btn = QPushButton("Buka folder")
        self.open_btn.setFlat(True)
        self.open_btn.setVisible(path is not None)
        self.open_btn.clicked.connect(self.open_folder)
        layout.addWidget(self.open_btn)
        layout.addStretch(1)

    def open_folder(self) -> None:
        if self.path is not None:
            folder = self.path.parent
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
                log.warning("could not open folder %s", folder)


def saved_text(path: Path | None, detail: str = "") -> str:
    """ "Tersimpan: laporan.pdf — 12 halaman" (or the detail alone, for what is not a file)."""
    if path is None:
        return detail or "Tersimpan."
    return f"Tersimpan: {path.name}" + (f" — {detail}" if detail else "")


def _main_window(widget: QWidget | None) -> QMainWindow | None:
    while widget is not None:
        window = widget.window()
        if isinstance(window, QMainWindow):
            return window
        widget = window.parentWidget()
    return None


def announce_saved(widget: QWidget, path: Path | None, detail: str = "") -> SavedNotice | None:
    """Tell the person that ``path`` was written (or, without a path, that ``detail`` was saved),
    in the status bar of the window ``widget`` belongs to. Returns the notice shown (None when
    ``widget`` is in no main window)."""
    window = _main_window(widget)
    if window is None:
        return None
    bar = window.statusBar()
    old = window.findChild(SavedNotice, "savedNotice")
    if old is not None:
        bar.removeWidget(old)
        old.deleteLater()
    bar.clearMessage()
    notice = SavedNotice(saved_text(path, detail), path, bar)
    bar.addWidget(notice, 1)
    notice.show()

    def gone() -> None:
        try:
            bar.removeWidget(notice)
            notice.deleteLater()
        except RuntimeError:  # the window is gone already
            pass

    QTimer.singleShot(SHOWN_MS, notice, gone)
    return notice

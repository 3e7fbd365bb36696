"""Spreadsheets dragged onto a page or a dialog, and the file filter of the open dialogs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent

from jkn_desktop.importers.reader import SPREADSHEET_SUFFIXES

SUFFIXES = {*SPREADSHEET_SUFFIXES, ".csv"}
FILE_FILTER = "Lembar kerja (*.xlsx *.xlsm *.xls *.ods *.csv);;Semua berkas (*)"


def dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The spreadsheet being dragged onto a widget, if it is one we read."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in SUFFIXES:
                return path
    return None


class SpreadsheetDrop:
    """Accept a spreadsheet dragged onto the widget and hand it to ``spreadsheet_dropped``."""

    def accepts_drop(self) -> bool:
        return True

    def spreadsheet_dropped(self, path: Path) -> None:
        raise NotImplementedError

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.accepts_drop() and dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            self.spreadsheet_dropped(path)

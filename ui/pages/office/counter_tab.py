"""Buku loket: layanan yang diminta di loket, hasilnya, dan tindak lanjut yang masih terbuka."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.context import AppContext


class CounterTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("…"))

    def load(self) -> None:
        """Read this tab's rows (a query job); called when the tab is shown and data changed."""

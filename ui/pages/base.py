"""Common page scaffolding: a title, and a hook called when the page is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.context import AppContext

if TYPE_CHECKING:
    from jkn_desktop.domain.wilayah import VillageWords


class Page(QWidget):
    title = ""
    # what the page draws (records.changes entities): a committed job that changed any of them
    # refreshes the page (now if it is on screen, else when it is next shown)
    shows: frozenset[str] = frozenset()
    status_message = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 12, 16, 8)
        heading = QLabel(self.title)
        heading.setObjectName("pageTitle")
        self.layout_.addWidget(heading)
        self.stale = True

    def activate(self) -> None:
        """Called when the page becomes visible; reloads if data changed meanwhile."""
        if self.stale:
            self.stale = False
            self.reload()

    def reload(self) -> None:
        pass

    def postponed(self) -> bool:
        """True for a page not on screen: its query waits until the page is shown (a sort or a
        filter box set while the window is built would otherwise queue 100,000-row queries in
        front of the page the user is looking at)."""
        if self.isVisible():
            return False
        self.stale = True
        return True

    def set_words(self, words: VillageWords) -> None:
        """The village identity changed (or was first read): name things as this village does."""

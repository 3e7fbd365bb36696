"""Pelayanan: what the village office did — the counter log with its open follow-ups, the SKTM
register, and the officials' own JKN coverage — one tab each."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QWidget

from jkn_desktop.records.changes import (
    HOUSEHOLD,
    MEMBERSHIP,
    OFFICE,
    RESIDENT,
    SETTINGS,
    USULAN,
    VILLAGE,
)
from ui.context import AppContext
from ui.pages.base import Page
from ui.pages.office.counter_tab import CounterTab
from ui.pages.office.officials_tab import OfficialsTab
from ui.pages.office.sktm_tab import SktmTab

if TYPE_CHECKING:
    from jkn_desktop.domain.wilayah import VillageWords


class PelayananPage(Page):
    title = "Pelayanan"
    # the log and follow-ups (office, membership: a referral closes when the person is active,
    # usulan: a proposal made at the counter), the SKTM (office, residents), the officials and
    # their families (residents, households, membership), the services list (settings)
    shows = frozenset({OFFICE, RESIDENT, HOUSEHOLD, MEMBERSHIP, USULAN, SETTINGS, VILLAGE})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.tabs = QTabWidget()
        self.counter = CounterTab(ctx)
        self.sktm = SktmTab(ctx)
        self.officials = OfficialsTab(ctx)
        self.tabs.addTab(self.counter, "Buku loket")
        self.tabs.addTab(self.sktm, "SKTM")
        self.tabs.addTab(self.officials, "Perangkat desa")
        self.layout_.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _i: self.reload())

    def set_words(self, words: VillageWords) -> None:
        """A kelurahan's staff are "perangkat kelurahan"."""
        self.tabs.setTabText(self.tabs.indexOf(self.officials), f"Perangkat {words.lower}")

    def reload(self) -> None:
        """Only the tab on screen reads; the others read when shown."""
        for tab in (self.counter, self.sktm, self.officials):
            tab.stale = True
        current = self.tabs.currentWidget()
        if isinstance(current, (CounterTab, SktmTab, OfficialsTab)):
            current.stale = False
            current.load()

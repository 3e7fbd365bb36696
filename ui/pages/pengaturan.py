"""Pengaturan: the village identity and signatories."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QWidget

from jkn_desktop.services.village import VillageInfo
from ui.context import AppContext
from ui.dialogs.identity import IdentityForm
from ui.pages.base import Page


class PengaturanPage(Page):
    title = "Pengaturan"
    village_saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.layout_.addWidget(QLabel("<b>Identitas desa dan penanda tangan</b>"))
        self.form = IdentityForm(ctx)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setMaximumWidth(720)
        self.layout_.addWidget(scroll, 1)
        row = QHBoxLayout()
        self.save_btn = QPushButton("Simpan pengaturan")
        self.saved_label = QLabel()
        row.addWidget(self.save_btn)
        row.addWidget(self.saved_label, 1)
        self.layout_.addLayout(row)
        self.save_btn.clicked.connect(self.form.save)
        self.form.saved.connect(self._saved)

    def reload(self) -> None:
        if self.ctx.village is not None:
            self.form.set_info(self.ctx.village)

    def _saved(self, info: VillageInfo) -> None:
        self.ctx.village = info
        self.saved_label.setText("Tersimpan.")
        self.status_message.emit("Identitas desa tersimpan.")
        self.village_saved.emit(info)

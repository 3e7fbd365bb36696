"""Pengaturan: the village identity and signatories, and the UHC targets the dashboard compares
coverage and keaktifan against."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.services.village import VillageInfo
from jkn_desktop.settings import get_setting, set_setting
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
        body = QHBoxLayout()
        body.addWidget(scroll, 3)
        side = QVBoxLayout()
        targets = QGroupBox("Target cakupan JKN (UHC)")
        form = QFormLayout(targets)
        self.target_coverage = QDoubleSpinBox()
        self.target_active = QDoubleSpinBox()
        for box in (self.target_coverage, self.target_active):
            box.setRange(50.0, 100.0)
            box.setDecimals(1)
            box.setSuffix(" %")
            box.setLocale(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
        form.addRow("Cakupan (terdaftar ÷ penduduk)", self.target_coverage)
        form.addRow("Keaktifan (aktif ÷ terdaftar)", self.target_active)
        note = QLabel(
            "Status UHC kabupaten: cakupan ≥ 98% dan keaktifan ≥ 80% (aturan lama 95% / 75%)."
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        form.addRow(note)
        self.targets_btn = QPushButton("Simpan target")
        self.targets_btn.clicked.connect(self.save_targets)
        form.addRow(self.targets_btn)
        side.addWidget(targets)
        side.addStretch(1)
        body.addLayout(side, 2)
        self.layout_.addLayout(body, 1)
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

        def load(db: object) -> tuple[float, float]:
            return float(get_setting(db, "target_coverage_pct")), float(
                get_setting(db, "target_active_pct")
            )  # type: ignore[arg-type]

        def show(values: tuple[float, float]) -> None:
            self.target_coverage.setValue(values[0])
            self.target_active.setValue(values[1])

        self.ctx.run(load, self.ctx.db, on_done=show)

    def save_targets(self) -> None:
        coverage, active = self.target_coverage.value(), self.target_active.value()

        def save(db: object) -> None:
            set_setting(db, "target_coverage_pct", coverage)  # type: ignore[arg-type]
            set_setting(db, "target_active_pct", active)  # type: ignore[arg-type]

        def done(_: object) -> None:
            self.saved_label.setText("Target tersimpan.")
            self.status_message.emit("Target cakupan tersimpan; Beranda memakainya.")
            self.data_changed.emit()

        self.ctx.run(save, self.ctx.db, on_done=done)

    def _saved(self, info: VillageInfo) -> None:
        self.ctx.village = info
        self.saved_label.setText("Tersimpan.")
        self.status_message.emit("Identitas desa tersimpan.")
        self.village_saved.emit(info)

"""Beranda: the registry at a glance. Coverage against the UHC targets arrives with the membership
module; until then the page says so instead of showing empty charts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.formatting import angka
from jkn_desktop.services.stats import RegistryStats, registry_stats
from ui.context import AppContext
from ui.pages.base import Page


class Card(QFrame):
    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        self.value = QLabel("…")
        self.value.setObjectName("cardValue")
        caption = QLabel(label)
        caption.setObjectName("cardLabel")
        caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(caption)


class BerandaPage(Page):
    title = "Beranda"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.village_label = QLabel()
        self.village_label.setObjectName("subtitle")
        self.layout_.addWidget(self.village_label)
        grid = QGridLayout()
        self.cards = {
            "residents": Card("penduduk tercatat (semua status)"),
            "living": Card("penduduk hidup"),
            "households": Card("keluarga (KK)"),
            "MATI": Card("meninggal"),
            "PINDAH": Card("pindah"),
        }
        for i, card in enumerate(self.cards.values()):
            grid.addWidget(card, 0, i)
        self.layout_.addLayout(grid)

        jkn = QLabel(
            "<b>Cakupan JKN</b><br>Cakupan kepesertaan dan keaktifan JKN terhadap target UHC (98% dan 80%) "
            "akan tampil di sini setelah modul <i>Kepesertaan JKN</i> selesai: impor daftar PBI bulanan "
            "dari Dinas Sosial, penanda warga yang belum terlindungi, dan grafik per dusun/RW. "
            "Saat ini yang tersedia adalah data penduduk dan keluarga."
        )
        jkn.setWordWrap(True)
        jkn.setObjectName("notice")
        self.layout_.addWidget(jkn)

        self.empty_hint = QLabel(
            "<b>Belum ada penduduk.</b> Tambahkan keluarga dan anggotanya di halaman <b>Keluarga</b>, "
            "atau penduduk satu per satu di halaman <b>Penduduk</b>. Impor dari berkas OpenSID, SIAK "
            "atau daftar Excel menyusul di versi berikutnya."
        )
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setObjectName("notice")
        self.empty_hint.hide()
        self.layout_.addWidget(self.empty_hint)

        dusun_title = QLabel("Penduduk hidup per dusun")
        dusun_title.setObjectName("sectionTitle")
        self.layout_.addWidget(dusun_title)
        self.dusun_table = QTableWidget(0, 2)
        self.dusun_table.setHorizontalHeaderLabels(["Dusun", "Penduduk hidup"])
        self.dusun_table.verticalHeader().setVisible(False)
        self.dusun_table.horizontalHeader().setStretchLastSection(True)
        self.dusun_table.setColumnWidth(0, 260)
        self.dusun_table.setMaximumWidth(560)
        self.layout_.addWidget(self.dusun_table, 1)

    def reload(self) -> None:
        v = self.ctx.village
        if v is not None:
            self.village_label.setText(
                f"Desa {v.desa}, Kecamatan {v.kecamatan}, {v.kabupaten}, {v.provinsi} · kode {v.kode_wilayah}"
            )
        self.ctx.run(registry_stats, self.ctx.db, on_done=self.show_stats)

    def show_stats(self, stats: RegistryStats) -> None:
        self.empty_hint.setVisible(stats.residents == 0)
        self.cards["residents"].value.setText(angka(stats.residents))
        self.cards["living"].value.setText(angka(stats.living))
        self.cards["households"].value.setText(angka(stats.households))
        self.cards["MATI"].value.setText(angka(stats.by_status.get("MATI", 0)))
        self.cards["PINDAH"].value.setText(angka(stats.by_status.get("PINDAH", 0)))
        self.dusun_table.setRowCount(len(stats.by_dusun))
        for i, (dusun, n) in enumerate(stats.by_dusun.items()):
            self.dusun_table.setItem(i, 0, QTableWidgetItem(dusun))
            item = QTableWidgetItem(angka(n))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.dusun_table.setItem(i, 1, item)

"""Beranda Kabupaten (issue 17, decision 49): the month per kecamatan — the kecamatan's own
columns, summed by the kecamatan's rule — and the kabupaten's total; a kecamatan opens
(double-click) to its villages as its own Beranda shows them, and a village from there to its
lists."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QPushButton, QTableWidgetItem, QWidget

from jkn_desktop.domain.formatting import angka, rupiah
from jkn_desktop.records.kabupaten import KabSummary
from jkn_desktop.records.kecamatan_reports import KecSummary
from jkn_desktop.services.kabupaten.summary import kabupaten_summary, kecamatan_drilldown
from ui.context import AppContext
from ui.dialogs.kecamatan_dialogs import period_label
from ui.pages.kecamatan.beranda import COLUMNS, GREY, RED, BerandaKecamatanPage, pct


class BerandaKabupatenPage(BerandaKecamatanPage):
    title = "Beranda Kabupaten"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.kabupaten: KabSummary | None = None
        self.drill: str | None = None  # the kecamatan opened, or None: every kecamatan
        self.back = QPushButton("← Semua kecamatan")
        self.back.setVisible(False)
        self.back.clicked.connect(self.close_kecamatan)
        self.layout_.insertWidget(0, self.back, 0, Qt.AlignmentFlag.AlignLeft)
        self.table.setToolTip("Klik dua kali pada kecamatan untuk melihat desa-desanya")
        self.trend_title.setText("Perkembangan cakupan dan keaktifan kabupaten")
        self.hint.setText(
            "Klik dua kali pada kecamatan untuk melihat desa-desanya, lalu pada desa untuk "
            "membuka daftar-daftarnya."
        )

    def _load(self) -> None:
        period = self.period.currentData()
        if period is None:
            super()._load()
            return
        if self.drill is None:
            self.ctx.query(kabupaten_summary, period, on_done=self.show_kabupaten)
        else:
            self.ctx.query(kecamatan_drilldown, period, self.drill, on_done=self.show_summary)

    def show_summary(self, summary: KecSummary) -> None:
        """One kecamatan's villages (the drill-down), as the kecamatan's own Beranda."""
        self.back.setVisible(True)
        super().show_summary(summary)
        self.sent_label.setText(f"Kecamatan {summary.kecamatan}: {self.sent_label.text()}")

    def show_kabupaten(self, k: KabSummary) -> None:
        self.kabupaten, self.summary = k, None
        self.back.setVisible(False)
        sent = sum(r.sent for r in k.kecamatan)
        expected = sum(r.expected for r in k.kecamatan)
        self.sent_label.setText(
            f"{angka(sent)} dari {angka(expected)} desa/kelurahan di {len(k.kecamatan)} kecamatan "
            f"mengirim paket bulan {period_label(k.period)}."
        )
        total = k.total
        for key, text in {
            "population": angka(total.population),
            "coverage": pct(total.coverage_pct),
            "active": pct(total.active_pct),
            "uninsured": angka(total.uninsured),
            "gap": rupiah(total.apbdes.gap),
        }.items():
            self.cards[key][0].setText(text)
        self.cards["coverage"][1].setText(f"cakupan JKN (target {pct(k.target_coverage_pct)})")
        self.cards["active"][1].setText(f"keaktifan (target {pct(k.target_active_pct)})")
        table = self.table
        rows = [(f"Kecamatan {r.name}", r.figures, r.sent, r.expected) for r in k.kecamatan]
        rows.append(("Kabupaten", total, sent, expected))
        table.clear()
        table.setColumnCount(len(COLUMNS))
        table.setRowCount(len(rows))
        table.setHorizontalHeaderLabels([h for h, _f, _r in COLUMNS])
        table.setVerticalHeaderLabels([name for name, *_ in rows])
        bold = QFont(table.font())
        bold.setBold(True)
        for r, (_name, v, n_sent, n_expected) in enumerate(rows):
            is_total = r == len(rows) - 1
            for c, (_h, cell, right) in enumerate(COLUMNS):
                shown = cell(v) if n_sent else ""
                if c == 0:
                    shown = f"{n_sent} dari {n_expected} desa"
                item = QTableWidgetItem(shown)
                if right:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if not n_sent:
                    item.setForeground(QBrush(QColor(GREY)))
                if c == 3 and n_sent and v.coverage_pct < k.target_coverage_pct:
                    item.setForeground(QBrush(QColor(RED)))
                if c == 5 and n_sent and v.active_pct < k.target_active_pct:
                    item.setForeground(QBrush(QColor(RED)))
                if is_total:
                    item.setFont(bold)
                    item.setBackground(QBrush(QColor("#eef3f4")))
                table.setItem(r, c, item)

    def open_village(self, row: int) -> None:
        """A kecamatan opens to its villages; in a kecamatan, a village to its lists."""
        if self.drill is not None:
            super().open_village(row)
            return
        if self.kabupaten is None or not 0 <= row < len(self.kabupaten.kecamatan):
            return
        self.drill = self.kabupaten.kecamatan[row].kode_wilayah
        self._load()

    def close_kecamatan(self) -> None:
        self.drill = None
        self._load()

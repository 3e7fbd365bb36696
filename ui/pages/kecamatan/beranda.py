"""Beranda Kecamatan: the month's figures per village and for the kecamatan — population,
coverage and keaktifan against the year's targets, households fully and partly uninsured, PBI
changes since the month before, proposals, officials not covered, the APBDes premium against the
need — and the trend over the months received. A village opens (double-click) to its lists."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.formatting import angka, rupiah
from jkn_desktop.records.kecamatan_reports import KecSummary, KecTrend, VillageFigures
from jkn_desktop.services.kecamatan.packages import periods_received
from jkn_desktop.services.kecamatan.summary import kecamatan_summary, kecamatan_trend
from ui.charts import LineChart
from ui.context import AppContext
from ui.dialogs.kecamatan_dialogs import fill_periods, period_label
from ui.pages.kecamatan import KecamatanPage

RED, GREY = "#b3261e", "#8a8a8a"


def pct(value: float) -> str:
    return f"{value:.1f}%".replace(".", ",")


def _change(v: VillageFigures) -> str:
    if v.pbi_joined is None or v.pbi_left is None:
        return "—"
    return f"+{v.pbi_joined} / −{v.pbi_left}"


Cell = Callable[[VillageFigures], str]
# (header, text, right-aligned); a village that did not send shows only its name and state
COLUMNS: list[tuple[str, Cell, bool]] = [
    ("Keadaan", lambda v: "terkirim" if v.sent else "belum mengirim", False),
    ("Penduduk", lambda v: angka(v.population), True),
    ("Terdaftar JKN", lambda v: angka(v.registered), True),
    ("Cakupan", lambda v: pct(v.coverage_pct), True),
    ("Aktif", lambda v: angka(v.active), True),
    ("Keaktifan", lambda v: pct(v.active_pct), True),
    ("Belum terlindungi", lambda v: angka(v.uninsured), True),
    ("KK tanpa JKN sama sekali", lambda v: angka(v.households_fully_uninsured), True),
    ("KK sebagian", lambda v: angka(v.households_partly_uninsured), True),
    ("PBI masuk / keluar", _change, True),
    ("Usulan", lambda v: angka(v.proposals_total), True),
    ("Perangkat tanpa PPU", lambda v: angka(v.officials_not_ppu), True),
    ("Pagu iuran APBDes", lambda v: rupiah(v.apbdes.pagu), True),
    ("Terpakai", lambda v: rupiah(v.apbdes.committed), True),
    ("Realisasi", lambda v: rupiah(v.apbdes.realized), True),
    ("Sisa kemampuan", lambda v: rupiah(v.apbdes.capacity), True),
    ("Kebutuhan desil 1–5", lambda v: rupiah(v.apbdes.need), True),
    ("Kekurangan", lambda v: rupiah(v.apbdes.gap), True),
]


def _card(label: str) -> tuple[QFrame, QLabel, QLabel]:
    card = QFrame()
    card.setObjectName("card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(10, 6, 10, 6)
    value = QLabel("—")
    value.setObjectName("cardValue")
    caption = QLabel(label)
    caption.setObjectName("cardLabel")
    caption.setWordWrap(True)
    layout.addWidget(value)
    layout.addWidget(caption)
    return card, value, caption


class BerandaKecamatanPage(KecamatanPage):
    title = "Beranda Kecamatan"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.summary: KecSummary | None = None
        row = QHBoxLayout()
        row.addWidget(QLabel("Bulan"))
        self.period = QComboBox()
        self.period.setMinimumWidth(160)
        row.addWidget(self.period)
        self.sent_label = QLabel()
        row.addWidget(self.sent_label, 1)
        self.layout_.addLayout(row)
        cards = QHBoxLayout()
        self.cards: dict[str, tuple[QLabel, QLabel]] = {}
        for key, label in (
            ("population", "penduduk di desa yang mengirim"),
            ("coverage", "cakupan JKN"),
            ("active", "keaktifan"),
            ("uninsured", "penduduk belum terlindungi"),
            ("gap", "kekurangan iuran APBDes untuk desil 1–5"),
        ):
            card, value, caption = _card(label)
            self.cards[key] = (value, caption)
            cards.addWidget(card)
        self.layout_.addLayout(cards)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setToolTip("Klik dua kali pada desa untuk membuka daftarnya")
        self.table.doubleClicked.connect(lambda index: self.open_village(index.row()))
        self.chart = LineChart()
        self.chart.setMinimumHeight(110)
        trend = QWidget()
        trend_layout = QVBoxLayout(trend)
        trend_layout.setContentsMargins(0, 0, 0, 0)
        title = QLabel("Perkembangan cakupan dan keaktifan kecamatan")
        title.setObjectName("sectionTitle")
        trend_layout.addWidget(title)
        self.trend_title = title
        trend_layout.addWidget(self.chart, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(trend)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([420, 140])
        self.layout_.addWidget(split, 1)
        hint = QLabel("Klik dua kali pada desa untuk membuka daftar-daftarnya.")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.layout_.addWidget(hint)
        self.hint = hint
        self.period.activated.connect(lambda _i: self._load())

    def reload(self) -> None:
        def got(periods: list[str]) -> None:
            fill_periods(self.period, periods)
            self._load()

        self.ctx.query(periods_received, on_done=got)
        self.ctx.query(kecamatan_trend, on_done=self._show_trend)

    def _load(self) -> None:
        period = self.period.currentData()
        if period is None:
            self.sent_label.setText(
                "Belum ada paket desa. Terima paket di halaman Penerimaan Paket."
            )
            self.table.setRowCount(0)
            return
        self.ctx.query(kecamatan_summary, period, on_done=self.show_summary)

    def show_summary(self, summary: KecSummary) -> None:
        self.summary = summary
        expected = sum(1 for v in summary.villages if v.expected)
        missing = len(summary.missing)
        self.sent_label.setText(
            f"{len(summary.sent)} dari {expected} desa mengirim paket bulan "
            f"{period_label(summary.period)}" + (f"; {missing} belum." if missing else ".")
        )
        total = summary.total
        values = {
            "population": angka(total.population),
            "coverage": pct(total.coverage_pct),
            "active": pct(total.active_pct),
            "uninsured": angka(total.uninsured),
            "gap": rupiah(total.apbdes.gap),
        }
        for key, text in values.items():
            self.cards[key][0].setText(text)
        self.cards["coverage"][1].setText(
            f"cakupan JKN (target {pct(summary.target_coverage_pct)})"
        )
        self.cards["active"][1].setText(f"keaktifan (target {pct(summary.target_active_pct)})")
        table = self.table
        rows = [*summary.villages, total]
        table.clear()
        table.setColumnCount(len(COLUMNS))
        table.setRowCount(len(rows))
        table.setHorizontalHeaderLabels([h for h, _f, _r in COLUMNS])
        table.setVerticalHeaderLabels([v.full_name for v in summary.villages] + ["Kecamatan"])
        bold = QFont(table.font())
        bold.setBold(True)
        for r, v in enumerate(rows):
            is_total = r == len(rows) - 1
            for c, (_h, cell, right) in enumerate(COLUMNS):
                shown = cell(v) if (v.sent or c == 0 or is_total) else ""
                if is_total and c == 0:
                    shown = f"{len(summary.sent)} desa"
                item = QTableWidgetItem(shown)
                if right:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if not v.sent and not is_total:
                    item.setForeground(QBrush(QColor(RED if c == 0 else GREY)))
                if c == 3 and v.sent and v.coverage_pct < summary.target_coverage_pct:
                    item.setForeground(QBrush(QColor(RED)))
                if c == 5 and v.sent and v.active_pct < summary.target_active_pct:
                    item.setForeground(QBrush(QColor(RED)))
                if is_total:
                    item.setFont(bold)
                    item.setBackground(QBrush(QColor("#eef3f4")))
                table.setItem(r, c, item)
        head = table.verticalHeaderItem(len(rows) - 1)
        if head is not None:
            head.setFont(bold)

    def _show_trend(self, trend: KecTrend) -> None:
        targets = (
            (self.summary.target_coverage_pct, self.summary.target_active_pct)
            if self.summary
            else (98.0, 80.0)
        )
        self.chart.set_data(
            trend.months,
            [p.coverage_pct for p in trend.total],
            [p.active_pct for p in trend.total],
            targets,
        )

    def open_village(self, row: int) -> None:
        """A village's lists for the month: the uninsured households and residents, the
        proposals, the APBDes beneficiaries."""
        if self.summary is None or not 0 <= row < len(self.summary.villages):
            return
        village = self.summary.villages[row]
        if not village.sent:
            self.status_message.emit(
                f"{village.full_name} belum mengirim paket bulan {period_label(self.summary.period)}."
            )
            return
        from ui.dialogs.kecamatan_lists import VillageListsDialog

        dialog = VillageListsDialog(self.ctx, self.summary.period, village, self)
        dialog.show()

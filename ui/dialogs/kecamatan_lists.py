"""A village's lists for a month, opened from Beranda Kecamatan: the households and residents not
yet protected by JKN, the month's proposals, the APBDes premium beneficiaries — 200 rows a page,
sorted by a click on a column header, read on the worker thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.formatting import angka
from jkn_desktop.records.kecamatan_reports import VillageFigures, VillageList
from jkn_desktop.services.kecamatan.lists import KINDS, village_lists
from ui.context import AppContext
from ui.dialogs.kecamatan_dialogs import period_label

PAGE = 200


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return angka(value)
    return str(value)


class ListPanel(QWidget):
    """One list, a page at a time."""

    def __init__(self, ctx: AppContext, period: str, kode: str, kind: str) -> None:
        super().__init__()
        self.ctx, self.period, self.kode, self.kind = ctx, period, kode, kind
        self.offset, self.total = 0, 0
        self.sort: int | None = None
        self.descending = False
        layout = QVBoxLayout(self)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().sectionClicked.connect(self._sort_by)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.count = QLabel()
        self.prev_btn = QPushButton("‹ Sebelumnya")
        self.next_btn = QPushButton("Berikutnya ›")
        row.addWidget(self.count, 1)
        row.addWidget(self.prev_btn)
        row.addWidget(self.next_btn)
        layout.addLayout(row)
        self.prev_btn.clicked.connect(lambda: self.load(max(0, self.offset - PAGE)))
        self.next_btn.clicked.connect(lambda: self.load(self.offset + PAGE))
        self.loaded = False

    def load(self, offset: int = 0) -> None:
        self.loaded = True
        self.ctx.query(
            village_lists,
            self.period,
            self.kode,
            self.kind,
            offset=offset,
            limit=PAGE,
            sort=self.sort,
            descending=self.descending,
            on_done=self.show_list,
        )

    def _sort_by(self, column: int) -> None:
        self.descending = not self.descending if self.sort == column else False
        self.sort = column
        self.load(0)

    def show_list(self, found: VillageList) -> None:
        self.offset, self.total = found.offset, found.total
        table = self.table
        table.clear()
        table.setColumnCount(len(found.columns))
        table.setHorizontalHeaderLabels(found.columns)
        table.setRowCount(len(found.rows))
        for r, cells in enumerate(found.rows):
            for c, value in enumerate(cells):
                table.setItem(r, c, QTableWidgetItem(_text(value)))
        table.resizeColumnsToContents()
        if found.total == 0:
            self.count.setText("Tidak ada.")
        else:
            last = found.offset + len(found.rows)
            self.count.setText(
                f"Baris {angka(found.offset + 1)}–{angka(last)} dari {angka(found.total)}"
            )
        self.prev_btn.setEnabled(found.offset > 0)
        self.next_btn.setEnabled(found.offset + len(found.rows) < found.total)


class VillageListsDialog(QDialog):
    def __init__(
        self, ctx: AppContext, period: str, village: VillageFigures, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{village.full_name} — {period_label(period)}")
        layout = QVBoxLayout(self)
        head = QLabel(
            f"<b>{village.full_name}</b> ({village.kode_wilayah}), data paket bulan "
            f"{period_label(period)}: {angka(village.population)} penduduk, "
            f"{angka(village.uninsured)} belum terlindungi JKN."
        )
        head.setWordWrap(True)
        layout.addWidget(head)
        self.tabs = QTabWidget()
        self.panels: list[ListPanel] = []
        for kind, title in KINDS.items():
            panel = ListPanel(ctx, period, village.kode_wilayah, kind)
            self.panels.append(panel)
            self.tabs.addTab(panel, title)
        layout.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(self._shown)
        self._shown(0)
        self.resize(900, 560)

    def _shown(self, index: int) -> None:
        panel = self.panels[index]
        if not panel.loaded:
            panel.load(0)

"""Audit: who did what, when (UU 27/2022). Filters by person, kind of action, dates and record;
search, filter and sort run in SQL on the worker and the table holds ids, fetching rows a page at
a time, so 100,000 entries and more stay fluid. Shows old → new in plain Indonesian, exports the
filtered entries to Excel (an export the trail itself records) and checks the hash chain.

Only the Admin and the Kepala Desa see it in the sidebar (``perm.AUDIT``); every query goes
through services that refuse anyone else, and the page then shows the refusal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from jkn_desktop.domain.audit_words import ACTION_KINDS
from jkn_desktop.domain.formatting import angka
from jkn_desktop.errors import UserError
from jkn_desktop.records.audit import AuditFilter, AuditRow, ChainReport, moment
from jkn_desktop.services import audit_trail as T
from ui.context import AppContext
from ui.flow import FlowLayout, group, room_for_placeholder
from ui.pages.base import Page
from ui.pages.penduduk import SortableIdModel
from ui.saved import announce_saved
from ui.table_model import Column, with_first_page
from ui.widgets import warn_on_error

SEARCH_DELAY_MS = 250
RED, GREEN = "#b3261e", "#1b6e20"


def _when(r: AuditRow) -> str:
    """ "01-12-2026 14.38" in the table (the history dialog's form); written out in the tooltip,
    the workbook and the command line."""
    return f"{r.at:%d-%m-%Y %H.%M}"


def change(r: AuditRow) -> str:
    """The field, old → new, in one cell: "Pekerjaan: Petani/Pekebun → Wiraswasta"; a value
    added shows alone, one removed ends in "→ —"."""
    if not r.field:
        return ""
    if r.old_value in (None, ""):
        return f"{r.field_label}: {r.new_text}"
    return f"{r.field_label}: {r.old_text} → {r.new_text}"


COLUMNS = [
    Column("at", "No.", lambda r: str(r.id), Qt.AlignmentFlag.AlignRight),
    Column("at", "Waktu", _when, tooltip=lambda r: moment(r.at)),
    Column("actor", "Pengguna", lambda r: r.actor),
    Column("action", "Tindakan", lambda r: r.action_word, tooltip=lambda r: r.action_word),
    Column("record", "Data", lambda r: r.record_text, tooltip=lambda r: r.record_text),
    Column("", "Perubahan (isian: semula → menjadi)", change, tooltip=change),
    Column("", "Keterangan", lambda r: r.reason, tooltip=lambda r: r.reason),
]


class AuditPage(Page):
    title = "Audit"
    shows: frozenset[str] = frozenset()  # every job may add entries: the page reloads when shown

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.sort_key = "at"
        self.descending = True
        self.query_generation = 0
        self.layout_.addLayout(self._filters())
        self.refused = QLabel()
        self.refused.setWordWrap(True)
        self.refused.setVisible(False)
        self.layout_.addWidget(self.refused)
        self.layout_.addWidget(self._table(), 1)
        self.layout_.addLayout(self._buttons())
        self._wire()

    # --- building ----------------------------------------------------------------------------
    def _filters(self) -> FlowLayout:
        self.user = QComboBox()
        self.user.addItem("Semua pengguna", "")
        self.action = QComboBox()
        self.action.addItem("Semua tindakan", "")
        for word in ACTION_KINDS:
            self.action.addItem(word.capitalize(), word)
        self.dated = QCheckBox("Tanggal")
        today = QDate.currentDate()
        self.start = self._date_edit(today.addDays(-30))
        self.end = self._date_edit(today)
        self.record = QLineEdit()
        self.record.setPlaceholderText("NIK, No. KK, nama pengguna, periode …")
        self.record.setClearButtonEnabled(True)
        room_for_placeholder(self.record)
        row = FlowLayout()  # wraps on a narrow screen
        row.add(self.user, 2)
        row.add(self.action, 2)
        row.add(group(self.dated, self.start, QLabel("s.d."), self.end), 2)
        row.add(self.record, 4)
        return row

    def _date_edit(self, day: QDate) -> QDateEdit:
        edit = QDateEdit(day)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd-MM-yyyy")
        edit.setEnabled(False)
        return edit

    def _table(self) -> QTableView:
        self.model = SortableIdModel(COLUMNS, self._fetch, on_sort=self._sort_by)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        # the widths from the font: ids, the time, the common actions and a NIK fit whole
        cell, head = self.table.fontMetrics(), self.table.horizontalHeader().fontMetrics()
        samples = ["000000", "00-00-0000 00.00", "sutrisno", "ubah status"]
        samples += ["Penduduk 0000000000000000", "Status perkawinan: Belum Kawin → Kawin"]
        for col, sample in enumerate(samples):
            title = COLUMNS[col].header if col < len(samples) - 1 else ""
            wide = max(cell.horizontalAdvance(sample), head.horizontalAdvance(title) + 12)
            self.table.setColumnWidth(col, wide + 18)
        self.table.horizontalHeader().setStretchLastSection(True)
        return self.table

    def _buttons(self) -> QHBoxLayout:
        self.count_label = QLabel()
        self.chain_label = QLabel()
        self.chain_label.setWordWrap(True)
        self.verify_btn = QPushButton("Periksa keutuhan")
        self.verify_btn.setToolTip(
            "Periksa rantai hash: catatan yang diubah, dihapus atau ditambahkan di luar program "
            "akan ketahuan"
        )
        self.export_btn = QPushButton("Ekspor ke Excel…")
        row = QHBoxLayout()
        row.addWidget(self.count_label)
        row.addWidget(self.chain_label, 1)
        row.addWidget(self.verify_btn)
        row.addWidget(self.export_btn)
        return row

    def _wire(self) -> None:
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.requery)
        self.record.textChanged.connect(lambda _t: self._timer.start())
        for box in (self.user, self.action):
            box.currentIndexChanged.connect(lambda _i: self.requery())
        self.dated.toggled.connect(self._dates_toggled)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda _d: self.requery())
        self.verify_btn.clicked.connect(self.verify)
        self.export_btn.clicked.connect(self.export)

    def _dates_toggled(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.end.setEnabled(on)
        self.requery()

    # --- data --------------------------------------------------------------------------------
    def activate(self) -> None:
        # any job may have added entries (a login, an export): always read again when shown
        self.stale = False
        self.reload()

    def reload(self) -> None:
        self.requery()
        self.ctx.query(T.users, on_done=self._fill_users, on_error=lambda _e: None)

    def _fill_users(self, names: list[str]) -> None:
        current = self.user.currentData()
        self.user.blockSignals(True)
        self.user.clear()
        self.user.addItem("Semua pengguna", "")
        for name in names:
            self.user.addItem(name, name)
        found = self.user.findData(current)
        self.user.setCurrentIndex(max(found, 0))
        self.user.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        dated = self.dated.isChecked()
        return AuditFilter(
            user=str(self.user.currentData() or ""),
            start=_day(self.start.date()) if dated else None,
            end=_day(self.end.date()) if dated else None,
            action=str(self.action.currentData() or ""),
            record=self.record.text(),
            sort=self.sort_key,
            descending=self.descending,
        )

    def _fetch(self, ids: list[int], deliver: Any) -> None:
        self.ctx.query(T.fetch_rows, ids, on_done=deliver, on_error=self._refused)

    def requery(self) -> None:
        if self.ctx.db is None or self.postponed():
            return
        self.query_generation += 1
        generation = self.query_generation

        def done(found: tuple[list[int], list[AuditRow]]) -> None:
            if generation != self.query_generation:
                return
            ids, first = found
            self._show_refusal("")
            self.model.set_ids(ids, first)
            self.count_label.setText(f"{angka(len(ids))} catatan")

        job = with_first_page(T.query_ids, T.fetch_rows)
        self.ctx.query(job, self.current_filter(), on_done=done, on_error=self._refused)

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self._show_refusal(exc.message, hide_table=exc.code == "NOT_PERMITTED")
        else:
            self.ctx.runner.report(exc)

    def _show_refusal(self, text: str, *, hide_table: bool = False) -> None:
        """A refusal — a role without ``perm.AUDIT`` (the table goes), a date range upside down —
        above the table; empty clears it."""
        self.refused.setText(text)
        self.refused.setVisible(bool(text))
        self.table.setVisible(not hide_table)
        for b in (self.verify_btn, self.export_btn):
            b.setEnabled(not hide_table)
        if text:
            self.model.set_ids([])
            self.count_label.setText("")

    def _sort_by(self, key: str, descending: bool) -> None:
        self.sort_key, self.descending = key, descending
        self.requery()

    # --- actions -----------------------------------------------------------------------------
    def verify(self) -> None:
        def done(report: ChainReport) -> None:
            self.show_chain(report)
            box = QMessageBox.information if report.ok else QMessageBox.warning
            box(self, "Keutuhan jejak audit", report.summary())

        self.ctx.query(
            T.verify_chain,
            on_done=done,
            on_error=warn_on_error(self, "Jejak audit tidak dapat diperiksa", self.ctx.runner),
            label="Memeriksa rantai jejak audit…",
            parent=self,
        )

    def show_chain(self, report: ChainReport) -> None:
        self.chain_label.setText(report.summary())
        self.chain_label.setStyleSheet(f"color: {GREEN if report.ok else RED};")

    def export(self) -> None:
        start = Path.home() / f"jejak_audit_{dt.date.today():%Y-%m-%d}.xlsx"
        name, _ = QFileDialog.getSaveFileName(
            self, "Ekspor jejak audit", str(start), "Excel (*.xlsx)"
        )
        if name:
            self.export_to(Path(name if name.lower().endswith(".xlsx") else name + ".xlsx"))

    def export_to(self, path: Path) -> None:
        def done(n: int) -> None:
            announce_saved(self, path, f"{angka(n)} catatan jejak audit")

        self.ctx.query(
            T.export_audit,
            self.current_filter(),
            path,
            on_done=done,
            on_error=warn_on_error(self, "Tidak terekspor", self.ctx.runner),
            label="Mengekspor jejak audit…",
            parent=self,
        )


def _day(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())

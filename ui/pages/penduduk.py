"""Penduduk: the resident registry as a fast table. Search, filters and sort run in SQL on the
worker thread; the table holds ids and fetches rows a page at a time."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from jkn_desktop.domain import codes
from jkn_desktop.domain.formatting import angka
from jkn_desktop.records.audit import AuditEntry
from jkn_desktop.records.changes import HOUSEHOLD, RESIDENT
from jkn_desktop.records.residents import AGE_BANDS, ResidentDetail, ResidentFilter, ResidentRow
from jkn_desktop.services.registry import resident_export, resident_search, residents
from ui.context import AppContext
from ui.dialogs.history import HistoryDialog
from ui.dialogs.import_wizard import SpreadsheetDrop
from ui.dialogs.resident_dialog import ResidentDialog
from ui.dialogs.simple import ReasonDialog, StatusDialog
from ui.flow import FlowLayout, room_for_placeholder
from ui.formatting import RESIDENT_COLUMNS
from ui.pages.base import Page
from ui.saved import announce_saved
from ui.table_model import LazyIdTableModel, with_first_page
from ui.widgets import fill_area_boxes

if TYPE_CHECKING:
    from ui.dialogs.import_wizard.wizard import ImportWizard

SEARCH_DELAY_MS = 150


class SortableIdModel(LazyIdTableModel):
    """Header clicks ask the page to re-query in SQL instead of sorting rows in memory."""

    def __init__(self, *args: Any, on_sort: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.on_sort = on_sort

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.on_sort is not None and self.column_key(column):
            self.on_sort(self.column_key(column), order == Qt.SortOrder.DescendingOrder)


def _combo(items: list[tuple[str, object]]) -> QComboBox:
    box = QComboBox()
    for label, data in items:
        box.addItem(label, data)
    return box


class PendudukPage(SpreadsheetDrop, Page):
    title = "Penduduk"
    shows = frozenset({RESIDENT, HOUSEHOLD})  # names, status and the household's address

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.sort_key = "name"
        self.descending = False
        self.query_generation = 0
        self.last_query_ms = 0.0
        self.wanted_id: int | None = None  # selected once the list on its way shows it

        self.layout_.addLayout(self._filters())
        self.layout_.addWidget(self._table(), 1)
        self.layout_.addLayout(self._buttons())
        self._wire()
        self._update_buttons()

    def _filters(self) -> FlowLayout:
        """The search box and the filter boxes above the table."""
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari nama, atau awalan NIK / No. KK …  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.dusun = _combo([("Semua dusun", None)])
        self.rw = _combo([("Semua RW", None)])
        self.rt = _combo([("Semua RT", None)])
        self.sex = _combo([("L/P", None), ("Laki-laki", "L"), ("Perempuan", "P")])
        self.age = _combo([("Semua umur", None), *[(k, k) for k in AGE_BANDS]])
        self.status = _combo(
            [("Semua status", None), *[(v.title(), k) for k, v in codes.STATUS_DASAR.items()]]
        )
        self.status.setCurrentIndex(self.status.findData(codes.HIDUP))
        room_for_placeholder(self.search)
        filters = FlowLayout()  # wraps on a narrow screen
        filters.add(self.search, 3)
        for w in (self.dusun, self.rw, self.rt, self.sex, self.age, self.status):
            filters.add(w, 1)
        return filters

    def _table(self) -> QTableView:
        """The table of ids; a header click sorts in SQL."""
        self.model = SortableIdModel(RESIDENT_COLUMNS, self._fetch, on_sort=self._sort_by)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        for col, width in enumerate([140, 230, 36, 88, 46, 140, 130, 90, 42, 42, 60]):
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._edit_index)
        return self.table

    def _buttons(self) -> FlowLayout:
        """The actions under the table, with the count between them (on two lines where the
        window is narrow)."""
        buttons = FlowLayout()
        self.add_btn = QPushButton("Tambah penduduk")
        self.add_btn.setToolTip("Ctrl+N")
        self.edit_btn = QPushButton("Ubah")
        self.status_btn = QPushButton("Ubah status…")
        self.status_btn.setToolTip("Tandai meninggal, pindah, hilang atau pergi, dengan tanggalnya")
        self.history_btn = QPushButton("Riwayat")
        self.history_btn.setToolTip("Riwayat perubahan data penduduk ini")
        self.delete_btn = QPushButton("Hapus…")
        self.import_btn = QPushButton("Impor dari Excel…")
        self.import_btn.setToolTip(
            "Ekspor OpenSID, daftar SIAK/BIP Dukcapil, atau daftar buatan sendiri (.xlsx, .xls, "
            ".ods, .csv). Bisa juga dengan menyeret berkas ke halaman ini."
        )
        self.export_btn = QPushButton("Ekspor ke Excel…")
        for b in (self.add_btn, self.edit_btn, self.status_btn, self.history_btn):
            buttons.add(b)
        self.count_label = QLabel()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons.add(self.count_label, 1)
        buttons.add(self.import_btn)
        buttons.add(self.export_btn)
        buttons.add(self.delete_btn)
        return buttons

    def _wire(self) -> None:
        """Buttons, the debounced search, the filter boxes and the shortcuts."""
        self.add_btn.clicked.connect(self.add_resident)
        self.edit_btn.clicked.connect(self.edit_selected)
        self.status_btn.clicked.connect(self.change_status)
        self.delete_btn.clicked.connect(self.delete_selected)
        self.history_btn.clicked.connect(self.show_history)
        self.import_btn.clicked.connect(self._import_clicked)
        self.export_btn.clicked.connect(self.export)
        self.setAcceptDrops(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.requery)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for box in (self.dusun, self.rw, self.rt, self.sex, self.age, self.status):
            box.currentIndexChanged.connect(lambda _i: self.requery())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_search)
        QShortcut(QKeySequence("Ctrl+N"), self, self.add_resident)
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.edit_selected)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # --- data ------------------------------------------------------------------------------
    def _fetch(self, ids: list[int], deliver: Any) -> None:
        self.ctx.query(resident_search.fetch_rows, ids, on_done=deliver)

    def current_filter(self) -> ResidentFilter:
        return ResidentFilter(
            search=self.search.text(),
            dusun=self.dusun.currentData(),
            rw=self.rw.currentData(),
            rt=self.rt.currentData(),
            sex=self.sex.currentData(),
            age_band=self.age.currentData(),
            status_dasar=self.status.currentData(),
        )

    def reload(self) -> None:
        self.requery()  # the rows first: the filter boxes' choices can follow
        self.ctx.query(resident_search.area_choices, on_done=self._fill_areas)

    def _fill_areas(self, choices: dict[str, list[str]]) -> None:
        fill_area_boxes(choices, self.dusun, self.rw, self.rt)

    def requery(self, keep_id: int | None = None) -> None:
        if self.ctx.db is None:
            return  # the database is still opening; activate() queries once it is ready
        if self.postponed():
            return
        self.query_generation += 1
        generation = self.query_generation
        flt = self.current_filter()
        started = time.perf_counter()

        def done(found: tuple[list[int], list[ResidentRow]]) -> None:
            ids, first_page = found
            if generation != self.query_generation:
                return  # a newer query is on its way
            self.last_query_ms = (time.perf_counter() - started) * 1000
            selected = keep_id if keep_id is not None else self.wanted_id
            if selected is None:
                selected = self.selected_id()
            self.wanted_id = None
            self.model.set_ids(ids, first_page)
            self.count_label.setText(f"{angka(len(ids))} ditampilkan")
            self.status_message.emit(
                f"{angka(len(ids))} penduduk cocok dengan pencarian dan saringan."
            )
            if selected is not None:
                row = self.model.row_of_id(selected)
                if row >= 0:
                    self.table.selectRow(row)
            self._update_buttons()

        job = with_first_page(resident_search.query_ids, resident_search.fetch_rows)
        self.ctx.query(job, flt, self.sort_key, self.descending, on_done=done)

    def _sort_by(self, key: str, descending: bool) -> None:
        self.sort_key, self.descending = key, descending
        self.requery()

    # --- selection and actions -----------------------------------------------------------------
    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def selected_row(self) -> ResidentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        for b in (self.edit_btn, self.status_btn, self.delete_btn, self.history_btn):
            b.setEnabled(has)

    def select_id(self, item_id: int | None) -> None:
        """Select a resident a job just saved: now if the list shows it, else once the list the
        window asked for (it reloads the page after every change) arrives."""
        if item_id is None:
            return
        row = self.model.row_of_id(item_id)
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.wanted_id = item_id

    # --- import and export -----------------------------------------------------------------
    def spreadsheet_dropped(self, path: Path) -> None:
        self.open_import(path)

    def _import_clicked(self) -> None:
        self.open_import()

    def open_import(self, path: Path | None = None) -> ImportWizard:
        from ui.dialogs.import_wizard import ImportWizard  # loaded when first opened

        wizard = ImportWizard(self.ctx, path, parent=self)
        wizard.imported.connect(self._imported)
        wizard.open()
        return wizard

    def _imported(self) -> None:
        self.status_message.emit("Impor selesai; daftar penduduk diperbarui.")

    def export(self) -> None:
        village = self.ctx.village
        desa = village.desa.lower().replace(" ", "_") if village and village.desa else "desa"
        default = Path.home() / f"penduduk_{desa}_{dt.date.today():%Y-%m-%d}.xlsx"
        name, _ = QFileDialog.getSaveFileName(
            self, "Ekspor data penduduk", str(default), "Excel (*.xlsx)"
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        def done(count: int) -> None:
            announce_saved(self, path, f"{angka(count)} penduduk diekspor")

        self.ctx.query(
            resident_export.export_residents, path, on_done=done, label="Mengekspor …", parent=self
        )

    def add_resident(self) -> None:
        dialog = ResidentDialog(self.ctx, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            announce_saved(self, None, "Penduduk baru tersimpan.")
            self.select_id(dialog.saved_id)

    def _edit_index(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.edit_selected()

    def edit_selected(self) -> None:
        rid = self.selected_id()
        if rid is None:
            return

        def open_dialog(detail: ResidentDetail) -> None:
            dialog = ResidentDialog(self.ctx, detail, parent=self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                announce_saved(self, None, "Perubahan tersimpan.")
                self.select_id(rid)

        self.ctx.query(residents.get, rid, on_done=open_dialog)

    def change_status(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        dialog = StatusDialog(row.name, row.status_dasar, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        status, when, reason, moved = dialog.result_value()
        self.ctx.op(
            residents.change_status,
            row.id,
            status,
            when,
            reason,
            moved,
            on_done=lambda _: self.status_message.emit(f"Status {row.name} diubah."),
        )

    def delete_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        dialog = ReasonDialog(
            "Hapus penduduk",
            f"Hapus <b>{row.name}</b> (NIK {row.nik}) dari daftar?<br><br>Penghapusan hanya untuk data yang "
            "salah masuk atau ganda. Untuk penduduk yang meninggal atau pindah, pakai <i>Ubah status</i>.",
            self,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.ctx.op(
            residents.delete_resident,
            row.id,
            dialog.reason.text(),
            on_done=lambda _: self.status_message.emit(
                f"{row.name} dihapus; datanya tetap tercatat di jejak perubahan."
            ),
        )

    def show_history(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        name = row.name

        def show(entries: list[AuditEntry]) -> None:
            HistoryDialog(name, entries, self).exec()

        self.ctx.query(residents.history, row.id, on_done=show)

    def confirm(self, text: str) -> bool:
        return QMessageBox.question(self, "Konfirmasi", text) == QMessageBox.StandardButton.Yes

"""Kepesertaan JKN: residents with their membership, reason and next step (filters and sort in SQL,
rows fetched a page at a time), and a household view with each KK's flag and members. From here:
record a membership, see its history, import the monthly PBI list, export the uninsured."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import angka, rupiah
from jkn_desktop.records.changes import APBDES, HOUSEHOLD, MEMBERSHIP, RESIDENT, SETTINGS
from jkn_desktop.records.membership import HouseholdCoverage, HouseholdDetail, JknFilter, JknRow
from jkn_desktop.services.membership import exports
from jkn_desktop.services.membership import kepesertaan as svc
from jkn_desktop.services.registry.resident_search import area_choices
from ui.context import AppContext
from ui.dialogs.membership_dialog import MembershipDialog
from ui.dialogs.pbi_import_dialog import PbiImportDialog
from ui.flow import FlowLayout, room_for_placeholder
from ui.pages.base import Page
from ui.pages.kepesertaan_columns import (
    HOUSEHOLD_COLUMNS,
    MEMBER_COLUMNS,
    PEOPLE_COLUMNS,
)
from ui.pages.penduduk import SortableIdModel, _combo
from ui.saved import announce_saved
from ui.table_model import ListTableModel, with_first_page
from ui.widgets import fill_area_boxes

SEARCH_DELAY_MS = 150


class KepesertaanPage(Page):
    outside_ppu: frozenset[int] = frozenset()
    title = "Kepesertaan JKN"
    shows = frozenset({RESIDENT, HOUSEHOLD, MEMBERSHIP, APBDES, SETTINGS})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.sort_key = "area"
        self.descending = False
        self.generation = 0
        self.last_query_ms = 0.0
        self._build_filters()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_people_tab(), "Per orang")
        self.tabs.addTab(self._build_household_tab(), "Per KK")
        self.layout_.addWidget(self.tabs, 1)
        self._build_buttons()
        self._connect()

    def _build_filters(self) -> None:
        row1 = FlowLayout()  # the filter rows wrap on a narrow screen
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari nama, atau awalan NIK / No. KK / No. kartu …")
        self.search.setClearButtonEnabled(True)
        self.dusun = _combo([("Semua dusun", None)])
        self.rw = _combo([("Semua RW", None)])
        self.rt = _combo([("Semua RT", None)])
        room_for_placeholder(self.search)
        row1.add(self.search, 3)
        for w in (self.dusun, self.rw, self.rt):
            row1.add(w, 1)
        self.layout_.addLayout(row1)
        row2 = FlowLayout()
        self.segment = _combo([("Semua segmen", None), *[(v, k) for k, v in J.SEGMENTS.items()]])
        self.status = _combo([("Semua status JKN", None), *[(v, k) for k, v in J.STATUSES.items()]])
        self.covered = _combo(
            [
                ("Semua kepesertaan", None),
                ("Belum terlindungi", True),
                ("Terlindungi (aktif)", False),
            ]
        )
        self.reason = _combo([("Semua alasan", None), *[(v, k) for k, v in J.REASONS.items()]])
        self.step = _combo([("Semua langkah", None), *[(v, k) for k, v in J.STEPS.items()]])
        self.officials = QCheckBox("Perangkat desa && keluarga")
        self.officials.setToolTip(
            "Kepala Desa dan perangkat desa (pekerjaan kode 85/86) beserta anggota KK-nya"
        )
        for w in (self.segment, self.status, self.covered, self.reason, self.step):
            w.setMinimumContentsLength(len(w.itemText(0)))  # "Semua …" shows whole
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            row2.add(w, 1)
        row2.add(self.officials, 0)
        self.layout_.addLayout(row2)

    def _build_people_tab(self) -> QWidget:
        people = QWidget()
        pl = QVBoxLayout(people)
        pl.setContentsMargins(0, 4, 0, 0)
        self.model = SortableIdModel(PEOPLE_COLUMNS, self._fetch, on_sort=self._sort_by)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        for col, width in enumerate([142, 180, 84, 64, 44, 150, 160, 300, 118, 84]):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda _i: self.record_membership())
        pl.addWidget(self.table)
        return people

    def _build_household_tab(self) -> QWidget:
        households = QWidget()
        hl = QVBoxLayout(households)
        hl.setContentsMargins(0, 4, 0, 0)
        hrow = QHBoxLayout()
        hrow.addWidget(QLabel("Keadaan KK"))
        self.hh_flag = _combo([("Semua KK", None), *[(v, k) for k, v in J.HOUSEHOLD_FLAGS.items()]])
        hrow.addWidget(self.hh_flag)
        hrow.addStretch(1)
        hl.addLayout(hrow)
        split = QSplitter(Qt.Orientation.Vertical)
        self.hh_model = ListTableModel(HOUSEHOLD_COLUMNS)
        self.hh_table = QTableView()
        self.hh_table.setModel(self.hh_model)
        self.hh_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.hh_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.hh_table.verticalHeader().setVisible(False)
        self.hh_table.verticalHeader().setDefaultSectionSize(24)
        self.hh_table.setAlternatingRowColors(True)
        for col, width in enumerate([140, 150, 80, 40, 40, 46, 50, 150, 110]):
            self.hh_table.setColumnWidth(col, width)
        self.hh_table.horizontalHeader().setStretchLastSection(True)
        self.member_model = ListTableModel(MEMBER_COLUMNS)
        self.member_table = QTableView()
        self.member_table.setModel(self.member_model)
        self.member_table.verticalHeader().setVisible(False)
        self.member_table.horizontalHeader().setStretchLastSection(True)
        self.member_table.setWordWrap(False)
        self.member_table.verticalHeader().setDefaultSectionSize(24)
        for col, width in enumerate([120, 190, 142, 44, 64, 130, 90, 118]):
            self.member_table.setColumnWidth(col, width)
        self.member_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.member_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.member_table.doubleClicked.connect(self._member_double_clicked)
        split.addWidget(self.hh_table)
        member_box = QWidget()
        member_layout = QVBoxLayout(member_box)
        member_layout.setContentsMargins(0, 0, 0, 0)
        member_layout.addWidget(self.member_table, 1)
        self.family_note = QLabel()
        self.family_note.setWordWrap(True)
        self.family_note.setObjectName("hint")
        member_layout.addWidget(self.family_note)
        split.addWidget(member_box)
        split.setSizes([320, 180])
        hl.addWidget(split, 1)
        return households

    def _build_buttons(self) -> None:
        buttons = FlowLayout()
        self.record_btn = QPushButton("Catat kepesertaan…")
        self.record_btn.setToolTip(
            "Kartu dilihat di kantor, keterangan warga, cetakan BPJS (klik dua kali pada baris)"
        )
        self.import_btn = QPushButton("Impor daftar PBI/BPJS…")
        self.export_btn = QPushButton("Ekspor belum terlindungi")
        menu = QMenu(self.export_btn)
        menu.addAction("Per orang (.xlsx)…", lambda: self.export(False))
        menu.addAction(
            "Periksa PPU: daftar untuk pemberi kerja/Disnaker (.xlsx)…", self.export_handoff
        )
        menu.addAction("Per KK (.xlsx)…", lambda: self.export(True))
        self.export_btn.setMenu(menu)
        self.check_btn = QPushButton("Cek di loket (Ctrl+K)")
        for b in (self.record_btn, self.import_btn, self.export_btn, self.check_btn):
            buttons.add(b)
        self.count_label = QLabel()
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        buttons.add(self.count_label, 1)
        self.layout_.addLayout(buttons)

    def _connect(self) -> None:
        self.record_btn.clicked.connect(self.record_membership)
        self.import_btn.clicked.connect(self._import_clicked)
        self.check_btn.clicked.connect(self._open_check)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.requery)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        # the filters only the per-person view uses (the KK view has dusun, search, KK state)
        self.person_filters = (
            self.rw,
            self.rt,
            self.segment,
            self.status,
            self.covered,
            self.reason,
            self.step,
        )
        for box in (self.dusun, *self.person_filters):
            box.currentIndexChanged.connect(lambda _i: self.requery())
        self.officials.toggled.connect(lambda _b: self.requery())
        self.hh_flag.currentIndexChanged.connect(lambda _i: self._query_households())
        self.tabs.currentChanged.connect(self._tab_changed)
        self.member_table.selectionModel().selectionChanged.connect(
            lambda *_: self._update_buttons()
        )
        self.hh_table.selectionModel().currentRowChanged.connect(
            lambda cur, _p: self._show_members(cur.row())
        )
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    def _tab_changed(self, index: int) -> None:
        for w in (*self.person_filters, self.officials):
            w.setEnabled(index == 0)  # the KK view filters by dusun, search and its own KK state
        self._update_buttons()
        self.requery()

    # --- filters -------------------------------------------------------------------------------
    def current_filter(self) -> JknFilter:
        return JknFilter(
            search=self.search.text(),
            dusun=self.dusun.currentData(),
            rw=self.rw.currentData(),
            rt=self.rt.currentData(),
            segment=self.segment.currentData(),
            status=self.status.currentData(),
            uninsured=self.covered.currentData(),
            reason=self.reason.currentData(),
            step=self.step.currentData(),
            officials=self.officials.isChecked(),
        )

    def apply_filter(self, flt: dict[str, Any]) -> None:
        """Set filters from another page (Beranda's suggested actions), e.g. {"step": "usul_pbi"}."""
        boxes = {
            "step": self.step,
            "reason": self.reason,
            "segment": self.segment,
            "status": self.status,
            "uninsured": self.covered,
        }
        for box in boxes.values():
            box.blockSignals(True)
            box.setCurrentIndex(0)
        for key, value in flt.items():
            if key in boxes:
                boxes[key].setCurrentIndex(max(0, boxes[key].findData(value)))
        for box in boxes.values():
            box.blockSignals(False)
        self.tabs.setCurrentIndex(0)
        if not self.stale:
            self.requery()

    def reload(self) -> None:
        self.requery()  # the rows first: the filter boxes' choices can follow
        self.ctx.query(area_choices, on_done=self._fill_areas)

    def _fill_areas(self, choices: dict[str, list[str]]) -> None:
        fill_area_boxes(choices, self.dusun, self.rw, self.rt)

    def requery(self) -> None:
        if self.ctx.db is None:
            return
        if self.postponed():
            return
        if self.tabs.currentIndex() == 1:
            self._query_households()
            return
        self.generation += 1
        generation = self.generation
        flt = self.current_filter()
        started = time.perf_counter()

        def done(found: tuple[list[int], list[JknRow]]) -> None:
            ids, first_page = found
            if generation != self.generation:
                return
            self.last_query_ms = (time.perf_counter() - started) * 1000
            self.model.set_ids(ids, first_page)
            self.count_label.setText(f"{angka(len(ids))} orang")
            self.status_message.emit(f"{angka(len(ids))} penduduk cocok dengan saringan.")
            self._update_buttons()

        job = with_first_page(svc.query_ids, svc.fetch_rows)
        self.ctx.query(job, flt, self.sort_key, self.descending, on_done=done)

    def _query_households(self) -> None:
        flag = self.hh_flag.currentData()

        def done(rows: list[HouseholdCoverage]) -> None:
            self.hh_model.set_rows(rows)
            self.member_model.set_rows([])
            self.count_label.setText(f"{angka(len(rows))} KK")
            if rows:
                self.hh_table.selectRow(0)

        dusun, search = self.dusun.currentData(), self.search.text()
        self.ctx.query(svc.household_coverage, flag=flag, dusun=dusun, search=search, on_done=done)

    def _show_members(self, row: int) -> None:
        hh = self.hh_model.row_object(row)
        if hh is not None:
            self.ctx.query(svc.household_detail, hh.id, on_done=self._show_detail)

    def _show_detail(self, detail: HouseholdDetail) -> None:
        self.outside_ppu = detail.outside_ppu
        self.member_model.set_rows(detail.members)
        notes = []
        if detail.outside_ppu:
            names = ", ".join(m.name for m in detail.members if m.id in detail.outside_ppu)
            notes.append(
                f"{J.NOT_COVERED_BY_PPU_LABEL}: {names} (di luar pekerja, pasangan dan tiga anak)."
            )
        if detail.mandiri_cost:
            notes.append(
                "Bila anggota yang belum terlindungi didaftarkan PBPU mandiri kelas 3: "
                f"{rupiah(detail.mandiri_cost)} sebulan."
            )
        notes += detail.warnings
        self.family_note.setText(" ".join(notes))

    def _fetch(self, ids: list[int], deliver: Any) -> None:
        self.ctx.query(svc.fetch_rows, ids, on_done=deliver)

    def _sort_by(self, key: str, descending: bool) -> None:
        self.sort_key, self.descending = key, descending
        self.requery()

    # --- actions -------------------------------------------------------------------------------
    def selected_person(self) -> JknRow | None:
        if self.tabs.currentIndex() == 1:
            rows = self.member_table.selectionModel().selectedRows()
            return self.member_model.row_object(rows[0].row()) if rows else None
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        self.record_btn.setEnabled(
            self.selected_person() is not None or self.tabs.currentIndex() == 1
        )

    def _member_double_clicked(self, index: Any) -> None:
        self.member_table.selectRow(index.row())
        self.record_membership()

    def record_membership(self) -> None:
        person = self.selected_person()
        if person is None:
            self.status_message.emit("Pilih dulu satu penduduk.")
            return
        dialog = MembershipDialog(self.ctx, person, parent=self)
        # the job that records it tells the window: this page reloads by itself
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.status_message.emit(f"Kepesertaan {person.name} dicatat.")

    def _import_clicked(self) -> None:
        self.open_import()

    def open_import(self, path: Path | None = None) -> PbiImportDialog:
        dialog = PbiImportDialog(self.ctx, path, parent=self)
        dialog.open()
        return dialog

    def _open_check(self) -> None:
        window = self.window()
        if hasattr(window, "open_counter_check"):
            window.open_counter_check()

    def export(self, households: bool) -> None:
        village = self.ctx.village
        desa = village.desa.lower().replace(" ", "_") if village and village.desa else "desa"
        what = "kk" if households else "penduduk"
        default = Path.home() / f"{what}_belum_terlindungi_{desa}_{dt.date.today():%Y-%m-%d}.xlsx"
        name, _ = QFileDialog.getSaveFileName(
            self, "Ekspor yang belum terlindungi", str(default), "Excel (*.xlsx)"
        )
        if name:
            self.export_to(Path(name), households)

    def export_handoff(self) -> None:
        default = Path.home() / f"periksa_ppu_{dt.date.today():%Y-%m-%d}.xlsx"
        name, _ = QFileDialog.getSaveFileName(
            self, "Daftar periksa PPU", str(default), "Excel (*.xlsx)"
        )
        if name:
            self.ctx.query(
                exports.export_step,
                Path(name),
                "cek_ppu",
                on_done=lambda n: announce_saved(
                    self, Path(name), f"{angka(n)} peserta PBI yang bekerja penerima upah"
                ),
                label="Mengekspor …",
                parent=self,
            )

    def export_to(self, path: Path, households: bool) -> None:
        def done(n: int) -> None:
            what = "KK" if households else "penduduk"
            announce_saved(self, path, f"{angka(n)} {what} belum terlindungi")

        self.ctx.query(
            exports.export_uninsured,
            path,
            households=households,
            on_done=done,
            label="Mengekspor …",
            parent=self,
        )

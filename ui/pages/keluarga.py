"""Keluarga: households (KK) with head, member count and address; the selected KK's members in
SHDK order; create, edit, move a member, split a KK."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.formatting import angka
from jkn_desktop.records.changes import HOUSEHOLD, MEMBERSHIP, RESIDENT
from jkn_desktop.records.households import HouseholdFilter, HouseholdRow
from jkn_desktop.records.residents import ResidentRow
from jkn_desktop.services.registry import households, resident_search
from ui.context import AppContext
from ui.dialogs.household_dialogs import HouseholdDialog, MoveDialog, SplitDialog
from ui.dialogs.resident_dialog import ResidentDialog
from ui.dialogs.simple import ReasonDialog
from ui.formatting import MEMBER_COLUMNS
from ui.pages.base import Page
from ui.pages.penduduk import SortableIdModel
from ui.saved import announce_saved
from ui.table_model import Column, ListTableModel, with_first_page

HOUSEHOLD_COLUMNS = [
    Column("no_kk", "No. KK", lambda h: h.no_kk),
    Column("head", "Kepala keluarga", lambda h: h.head_name),
    Column("members", "Anggota", lambda h: str(h.members), Qt.AlignmentFlag.AlignRight),
    Column("address", "Alamat", lambda h: h.address),
    Column("dusun", "Dusun", lambda h: h.dusun),
    Column("rw", "RW", lambda h: h.rw, Qt.AlignmentFlag.AlignHCenter),
    Column("rt", "RT", lambda h: h.rt, Qt.AlignmentFlag.AlignHCenter),
]


def _table(model: Any) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class KeluargaPage(Page):
    title = "Keluarga (Kartu Keluarga)"
    shows = frozenset({RESIDENT, HOUSEHOLD, MEMBERSHIP})  # MEMBERSHIP: the desil the KK carries

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.sort_key, self.descending = "dusun", False
        self.generation = 0
        self.wanted_id: int | None = None  # selected once the list on its way shows it

        self.layout_.addLayout(self._top())
        self.layout_.addWidget(self._tables(), 1)
        self.layout_.insertLayout(2, self._buttons())
        self._wire()
        self._update_buttons()

    def _top(self) -> QHBoxLayout:
        """The search box and the dusun filter."""
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari No. KK, nama anggota, atau alamat …")
        self.search.setClearButtonEnabled(True)
        self.dusun = QComboBox()
        self.dusun.addItem("Semua dusun", None)
        top = QHBoxLayout()
        top.addWidget(self.search, 3)
        top.addWidget(self.dusun, 1)
        return top

    def _tables(self) -> QSplitter:
        """The households above, the selected household's members below."""
        self.model = SortableIdModel(HOUSEHOLD_COLUMNS, self._fetch, on_sort=self._sort_by)
        self.table = _table(self.model)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(4, Qt.SortOrder.AscendingOrder)
        for col, width in enumerate([150, 230, 70, 220, 110, 50, 50]):
            self.table.setColumnWidth(col, width)
        self.members_model = ListTableModel(MEMBER_COLUMNS)
        self.members = _table(self.members_model)
        for col, width in enumerate([130, 140, 230, 40, 90, 50]):
            self.members.setColumnWidth(col, width)
        self.members_title = QLabel("Anggota keluarga")
        self.members_title.setObjectName("sectionTitle")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.members_title)
        lower_layout.addWidget(self.members)
        member_buttons = QHBoxLayout()
        self.add_member_btn = QPushButton("Tambah anggota")
        self.move_btn = QPushButton("Pindahkan ke KK lain…")
        member_buttons.addWidget(self.add_member_btn)
        member_buttons.addWidget(self.move_btn)
        member_buttons.addStretch(1)
        lower_layout.addLayout(member_buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([420, 260])
        return splitter

    def _buttons(self) -> QHBoxLayout:
        """The household actions, with the count between them."""
        buttons = QHBoxLayout()
        self.new_btn = QPushButton("KK baru")
        self.edit_btn = QPushButton("Ubah data KK")
        self.split_btn = QPushButton("Pecah KK…")
        self.delete_btn = QPushButton("Hapus KK…")
        for b in (self.new_btn, self.edit_btn, self.split_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.count_label = QLabel()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_btn)
        return buttons

    def _wire(self) -> None:
        self.new_btn.clicked.connect(self.new_household)
        self.edit_btn.clicked.connect(self.edit_household)
        self.split_btn.clicked.connect(self.split_household)
        self.delete_btn.clicked.connect(self.delete_household)
        self.add_member_btn.clicked.connect(self.add_member)
        self.move_btn.clicked.connect(self.move_member)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.load_members())
        self.members.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.requery)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.dusun.currentIndexChanged.connect(lambda _i: self.requery())

    def _fetch(self, ids: list[int], deliver: Any) -> None:
        self.ctx.query(households.fetch_rows, ids, on_done=deliver)

    def reload(self) -> None:
        def fill(choices: dict[str, list[str]]) -> None:
            current = self.dusun.currentData()
            self.dusun.blockSignals(True)
            self.dusun.clear()
            self.dusun.addItem("Semua dusun", None)
            for d in choices.get("dusun", []):
                self.dusun.addItem(f"Dusun {d}", d)
            self.dusun.setCurrentIndex(max(0, self.dusun.findData(current)))
            self.dusun.blockSignals(False)

        self.ctx.query(resident_search.area_choices, on_done=fill)
        self.requery()

    def requery(self, keep_id: int | None = None) -> None:
        if self.ctx.db is None:
            return  # the database is still opening; activate() queries once it is ready
        if self.postponed():
            return
        self.generation += 1
        generation = self.generation
        flt = HouseholdFilter(search=self.search.text(), dusun=self.dusun.currentData())

        def done(found: tuple[list[int], list[HouseholdRow]]) -> None:
            ids, first_page = found
            if generation != self.generation:
                return
            selected = keep_id if keep_id is not None else self.wanted_id
            if selected is None:
                selected = self.selected_id()
            self.wanted_id = None
            self.model.set_ids(ids, first_page)
            self.count_label.setText(f"{angka(len(ids))} KK ditampilkan")
            row = self.model.row_of_id(selected) if selected is not None else -1
            if row >= 0:
                self.table.selectRow(row)
            else:
                self.members_model.set_rows([])
                self.members_title.setText("Anggota keluarga — pilih satu KK di atas")
            self._update_buttons()

        job = with_first_page(households.query_ids, households.fetch_rows)
        self.ctx.query(job, flt, self.sort_key, self.descending, on_done=done)

    def _sort_by(self, key: str, descending: bool) -> None:
        self.sort_key, self.descending = key, descending
        self.requery()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.id_at(rows[0].row()) if rows else None

    def selected_household(self) -> HouseholdRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def selected_member(self) -> ResidentRow | None:
        rows = self.members.selectionModel().selectedRows()
        return self.members_model.row_object(rows[0].row()) if rows else None

    def load_members(self) -> None:
        hid = self.selected_id()
        self._update_buttons()
        if hid is None:
            self.members_model.set_rows([])
            return

        def show(result: tuple[HouseholdRow, list[ResidentRow]]) -> None:
            row, members = result
            if hid != self.selected_id():
                return
            self.members_model.set_rows(members)
            self.members_title.setText(
                f"Anggota KK {row.no_kk} — {row.head_name or 'tanpa kepala keluarga'} ({len(members)} orang)"
            )
            self._update_buttons()

        self.ctx.query(households.with_members, hid, on_done=show)

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        for b in (self.edit_btn, self.split_btn, self.delete_btn, self.add_member_btn):
            b.setEnabled(has)
        self.move_btn.setEnabled(self.selected_member() is not None)

    def select_id(self, item_id: int | None) -> None:
        """Select a KK a job just saved: now if the list shows it, else once the list the window
        asked for (it reloads the page after every change) arrives."""
        if item_id is None:
            return
        row = self.model.row_of_id(item_id)
        if row >= 0:
            self.table.selectRow(row)
        else:
            self.wanted_id = item_id

    def new_household(self) -> None:
        dialog = HouseholdDialog(self.ctx, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            announce_saved(self, None, "KK baru tersimpan.")
            self.search.clear()
            self.select_id(dialog.saved_id)

    def edit_household(self) -> None:
        row = self.selected_household()
        if row is None:
            return
        HouseholdDialog(self.ctx, row, parent=self).exec()

    def add_member(self) -> None:
        row = self.selected_household()
        if row is None:
            return
        ResidentDialog(self.ctx, no_kk=row.no_kk, parent=self).exec()

    def move_member(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        if MoveDialog(self.ctx, member, parent=self).exec() == QDialog.DialogCode.Accepted:
            self.status_message.emit(f"{member.name} dipindahkan.")

    def split_household(self) -> None:
        row = self.selected_household()
        if row is None:
            return
        dialog = SplitDialog(self.ctx, row, self.members_model.rows(), parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.status_message.emit("KK berhasil dipecah.")
            self.select_id(dialog.new_id)

    def delete_household(self) -> None:
        row = self.selected_household()
        if row is None:
            return
        dialog = ReasonDialog(
            "Hapus KK",
            f"Hapus KK <b>{row.no_kk}</b>? Hanya KK tanpa anggota yang bisa dihapus.",
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.op(households.delete_household, row.id, dialog.reason.text())

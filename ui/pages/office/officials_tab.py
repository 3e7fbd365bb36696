"""Kepala dan perangkat desa beserta keluarganya: segmen dan status JKN masing-masing, the flag and
next step for an official who is not an active PPU member, the family under each official, and the
residents whose occupation says kepala/perangkat desa but who are not listed yet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.records.documents import DocRequest
from jkn_desktop.records.officials import (
    FamilyCoverage,
    Official,
    OfficialCoverage,
    OfficialInput,
    OfficialsOverview,
)
from jkn_desktop.services.documents import catalog as D
from jkn_desktop.services.office import officials as S
from ui.context import AppContext
from ui.dialogs.official_dialog import EndOfficeDialog, OfficialDialog
from ui.dialogs.simple import ReasonDialog
from ui.saved import announce_saved
from ui.widgets import warn_on_error

RED, GREEN, GREY = "#b3261e", "#1e7b34", "#5f6368"
HEADERS = [
    "Jabatan / hubungan",
    "Nama",
    "Umur",
    "JKN",
    "Terlindungi",
    "Langkah / keterangan",
    "NIK",
]
WIDTHS = [160, 155, 52, 125, 106]  # the notes take what is left, the NIK comes last
STEP, NIK_WIDTH = 5, 140
ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _jkn_text(segment: str, status_label: str) -> str:
    short = J.SEGMENT_SHORT.get(segment, segment)
    return f"{short} · {status_label}" if segment in J.JKN_SEGMENTS else short


def _paint(item: QTreeWidgetItem, column: int, color: str) -> None:
    item.setForeground(column, QBrush(QColor(color)))


def _row(
    position: str, name: str, age: int | None, jkn: str, covered: str, step: str, nik: str
) -> list[str]:
    return [position, name, "" if age is None else str(age), jkn, covered, step, nik]


def _official_item(c: OfficialCoverage) -> QTreeWidgetItem:
    o = c.official
    active = c.segment in J.JKN_SEGMENTS and c.status == J.AKTIF
    item = QTreeWidgetItem(
        _row(
            o.position,
            o.name,
            c.age,
            _jkn_text(c.segment, c.status_label),
            "Ya" if active else "Belum",
            "Perlu tindakan" if c.flag else (c.next_step or "PPU aktif"),
            o.nik,
        )
    )
    bold = QFont()
    bold.setBold(True)
    for col in (0, 1, 3, STEP):
        item.setFont(col, bold)
    color = RED if c.flag else GREEN
    for col in (3, STEP):
        _paint(item, col, color)
    _paint(item, 4, GREEN if active else RED)
    card = f"No. kartu JKN {c.card_no}" if c.card_no else "Tidak ada nomor kartu tercatat"
    item.setToolTip(3, card)
    since = (
        f"Mulai menjabat {tanggal(o.started_on)}" if o.started_on else "Tanggal mulai tidak dicatat"
    )
    item.setToolTip(0, f"{o.position}\n{since}{'; SK ' + o.sk_number if o.sk_number else ''}")
    item.setToolTip(1, f"NIK {o.nik}")
    item.setToolTip(STEP, c.next_step)
    item.setData(0, ID_ROLE, o.id)
    if c.flag:  # the next step in full, on a row of its own under the official
        step = QTreeWidgetItem([f"⚠ Langkah berikutnya: {c.next_step}"])
        step.setFont(0, bold)
        _paint(step, 0, RED)
        item.addChild(step)
    return item


def _family_item(f: FamilyCoverage) -> QTreeWidgetItem:
    relation = f.relation if f.in_family else f"{f.relation} (di luar PPU)"
    item = QTreeWidgetItem(
        _row(
            relation,
            f.name,
            f.age,
            _jkn_text(f.segment, f.status_label),
            "Ya" if f.covered else "Belum",
            f.note,
            f.nik,
        )
    )
    _paint(item, 4, GREEN if f.covered else RED)
    if f.card_no:
        item.setToolTip(3, f"No. kartu JKN {f.card_no}")
    item.setToolTip(0, relation)
    item.setToolTip(1, f"NIK {f.nik}")
    item.setToolTip(STEP, f.note)
    return item


class OfficialsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        self.data: OfficialsOverview | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addLayout(self._hint_row())
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(HEADERS)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate(WIDTHS):
            self.tree.setColumnWidth(col, width)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.itemDoubleClicked.connect(lambda *_: self.edit())
        layout.addWidget(self.tree, 1)
        layout.addLayout(self._buttons())
        self._selection_changed()

    def _hint_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.suggested = QComboBox()
        self.suggested.setMinimumContentsLength(30)
        # as wide as its longest name: at 125% on a small laptop the hint beside it wraps instead
        self.suggested.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.suggest_btn = QPushButton("Tambahkan")
        self.suggest_btn.setToolTip(
            "Catat penduduk ini dengan jabatan bawaan; ubah jabatannya sesudahnya"
        )
        self.suggest_btn.clicked.connect(self.add_suggested)
        row.addWidget(self.hint, 1)
        row.addWidget(self.suggested)
        row.addWidget(self.suggest_btn)
        return row

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_btn = QPushButton("Tambah…")
        self.edit_btn = QPushButton("Ubah…")
        self.end_btn = QPushButton("Berhenti menjabat…")
        self.remove_btn = QPushButton("Hapus (salah input)…")
        self.print_btn = QPushButton("Cetak daftar…")
        menu = QMenu(self.print_btn)
        menu.addAction("Cetak ke pencetak…", self.print_list)
        menu.addAction("Simpan sebagai PDF…", self.save_pdf)
        self.print_btn.setMenu(menu)
        self.add_btn.clicked.connect(self.add)
        self.edit_btn.clicked.connect(self.edit)
        self.end_btn.clicked.connect(self.end)
        self.remove_btn.clicked.connect(self.remove)
        for b in (self.add_btn, self.edit_btn, self.end_btn, self.remove_btn):
            row.addWidget(b)
        row.addStretch(1)
        self.status = QLabel()
        self.status.setObjectName("hint")
        row.addWidget(self.status)
        row.addWidget(self.print_btn)
        return row

    # --- reading ----------------------------------------------------------------------------------
    def load(self) -> None:
        """Read this tab's rows (a query job); called when the tab is shown and data changed."""
        self.ctx.query(S.overview, on_done=self.show_data)

    def show_data(self, data: OfficialsOverview) -> None:
        self.data = data
        words = self.ctx.words
        selected = self.selected_id()
        self.tree.clear()
        for c in data.items:
            item = _official_item(c)
            item.addChildren([_family_item(f) for f in (*c.family, *c.outside)])
            if c.family_note:
                note = QTreeWidgetItem(_row("Keluarga", "", None, "", "", c.family_note, ""))
                _paint(note, STEP, GREY)
                item.addChild(note)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
            step = item.child(0) if c.flag else None
            if step is not None:
                step.setFirstColumnSpanned(True)
            if c.official.id == selected:
                self.tree.setCurrentItem(item)
        s = data.summary
        flagged = (
            f"<b style='color:{RED}'>{s.not_ppu} bukan PPU aktif</b>"
            if s.not_ppu
            else "0 bukan PPU aktif"
        )
        self.summary.setText(
            f"{words.head} dan perangkat {words.lower} per {tanggal(data.on)}: <b>{s.officials}</b> "
            f"pejabat · <b>{s.on_ppu}</b> peserta PPU aktif · {flagged} · keluarga dihitung "
            f"{s.family}: {s.family_covered} terlindungi, {s.family_uncovered} belum."
            if s.officials
            else f"Belum ada {words.head.lower()} atau perangkat {words.lower} yang dicatat. "
            "Tambahkan dari data penduduk."
        )
        self._fill_suggestions(data)
        self._selection_changed()
        self._fit_columns()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """The notes get the room the fixed columns leave (at least 220 pixels); on a narrow
        screen the NIK is reached by scrolling (and shown on the name's tooltip)."""
        room = self.tree.viewport().width() - sum(WIDTHS) - NIK_WIDTH - 4
        wider = min(max(0, room - 420), 100)  # a wide screen shows the positions in full
        self.tree.setColumnWidth(0, WIDTHS[0] + wider)
        self.tree.setColumnWidth(STEP, max(220, room - wider))

    def _fill_suggestions(self, data: OfficialsOverview) -> None:
        offered = data.suggestions
        for w in (self.hint, self.suggested, self.suggest_btn):
            w.setVisible(bool(offered))
        self.suggested.clear()
        for x in offered:
            self.suggested.addItem(f"{x.name} — {x.position}", x)
        if offered:
            words = self.ctx.words
            self.hint.setText(
                f"{len(offered)} penduduk berpekerjaan kepala/perangkat {words.lower} belum ada di "
                "daftar ini:"
            )

    # --- selection ----------------------------------------------------------------------------------
    def selected_id(self) -> int | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        top = item.parent() or item
        value = top.data(0, ID_ROLE)
        return int(value) if value is not None else None

    def selected(self) -> Official | None:
        oid = self.selected_id()
        if self.data is None or oid is None:
            return None
        return next((c.official for c in self.data.items if c.official.id == oid), None)

    def _selection_changed(self) -> None:
        chosen = self.selected() is not None
        for b in (self.edit_btn, self.end_btn, self.remove_btn):
            b.setEnabled(chosen)

    # --- changes ------------------------------------------------------------------------------------
    def add(self) -> None:
        OfficialDialog(self.ctx, parent=self).exec()

    def add_suggested(self) -> None:
        x = self.suggested.currentData()
        if x is None:
            return
        self.ctx.op(
            S.add_official,
            OfficialInput(x.resident_id, x.position, x.kind),
            on_error=warn_on_error(self, "Tidak bisa ditambahkan", self.ctx.runner),
        )

    def edit(self) -> None:
        current = self.selected()
        if current is not None:
            OfficialDialog(self.ctx, current, parent=self).exec()

    def end(self) -> None:
        current = self.selected()
        if current is not None:
            EndOfficeDialog(self.ctx, current, parent=self).exec()

    def remove(self) -> None:
        current = self.selected()
        if current is None:
            return
        dialog = ReasonDialog(
            "Hapus catatan pejabat",
            f"Hapus {current.name} ({current.position}) dari daftar? Hanya untuk catatan yang salah "
            "input; pejabat yang berhenti dicatat dengan “Berhenti menjabat…”.",
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.op(
                S.remove_official,
                current.id,
                dialog.reason.text(),
                on_error=warn_on_error(self, "Tidak terhapus", self.ctx.runner),
            )

    # --- the printed list -------------------------------------------------------------------------------
    def request(self) -> DocRequest:
        on = self.data.on if self.data is not None else None
        return DocRequest("perangkat", f"{on:%Y-%m}" if on else "")

    def print_list(self) -> None:
        from ui.printing import print_request

        title = "Cetak daftar JKN perangkat"
        print_request(self, self.ctx, self.request(), title, self.status.setText)

    def save_pdf(self) -> None:
        req = self.request()
        desa = self.ctx.village.desa if self.ctx.village else self.ctx.words.lower
        start = Path.home() / D.file_name(req, desa, self.ctx.words)
        path, _ = QFileDialog.getSaveFileName(
            self, "Simpan daftar sebagai PDF", str(start), "PDF (*.pdf)"
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, out: Path) -> None:
        def saved(message: str) -> None:
            self.status.setText(message)
            announce_saved(self, out)

        self.ctx.query(
            D.save,
            self.request(),
            out,
            on_done=saved,
            on_error=warn_on_error(self, "Tidak tersimpan", self.ctx.runner),
            label="Menyusun daftar…",
            parent=self,
        )

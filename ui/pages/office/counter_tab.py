"""Buku loket: layanan yang diminta di loket, hasilnya, dan tindak lanjut yang masih terbuka.

One month of the counter log (filtered by outcome and a search, in SQL), the month's counts per
outcome, and the follow-ups open today — referrals whose resident is not active yet, proposals to
the APBDes line not on it yet — each closable by hand with a note."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import office as O
from jkn_desktop.domain.formatting import BULAN, tanggal_pendek
from jkn_desktop.records.counter import CounterMonth, CounterOverview, FollowUp, Visit
from jkn_desktop.services.office import counter_log as CL
from ui.context import AppContext
from ui.flow import FlowLayout, group, room_for_placeholder
from ui.pages.laporan import month_choices
from ui.table_model import Column, ListTableModel
from ui.widgets import list_view, warn_on_error

GREEN, RED, AMBER = "#1e7b34", "#b3261e", "#8a5a00"
OUTCOME_COLORS = {
    O.DILAYANI: GREEN,
    O.DILAYANI_CATATAN: GREEN,
    O.DIRUJUK: AMBER,
    O.DIUSULKAN_PBI: AMBER,
    O.DIUSULKAN_APBDES: AMBER,
    O.DITOLAK: RED,
}


def _closed(v: Visit) -> str:
    if v.closed_on is None:
        return ""
    return f"Tindak lanjut ditutup {tanggal_pendek(v.closed_on)}: {v.closed_note}"


VISIT_COLUMNS = [
    Column("", "Tanggal", lambda v: tanggal_pendek(v.visited_on)),
    Column("", "Nama", lambda v: v.name, tooltip=lambda v: v.place),
    Column("", "NIK", lambda v: v.nik),
    Column("", "Layanan", lambda v: v.service, tooltip=lambda v: v.service),
    Column(
        "",
        "JKN saat itu",
        lambda v: v.state_label,
        tooltip=lambda v: f"Aturan loket saat itu: {v.advice_label}",
    ),
    Column(
        "",
        "Hasil",
        lambda v: v.outcome_short,
        tooltip=lambda v: v.outcome_label,
        color=lambda v: OUTCOME_COLORS.get(v.outcome),
    ),
    Column("", "Petugas", lambda v: v.actor),
    Column(  # last: the note takes the room that is left
        "",
        "Catatan",
        lambda v: v.note,
        tooltip=lambda v: "\n".join(x for x in (v.note, _closed(v)) if x),
    ),
]
FOLLOWUP_COLUMNS = [
    Column("", "Sejak", lambda f: tanggal_pendek(f.visited_on)),
    Column("", "Lama", lambda f: f"{f.days_open} hari", Qt.AlignmentFlag.AlignRight),
    Column("", "Nama", lambda f: f.name, tooltip=lambda f: f.place),
    Column("", "Hasil", lambda f: f.kind_label),
    Column("", "Menunggu", lambda f: f.awaited),
    Column("", "JKN sekarang", lambda f: f.state_now, color=lambda _f: RED),
    Column("", "NIK", lambda f: f.nik),
    Column("", "Dusun / RT / RW", lambda f: f.place),
    Column("", "Layanan", lambda f: f.service, tooltip=lambda f: f.note or f.service),
]
# at most this wide (the whole text is on hover): the outcome and the note stay on screen at 1024
NARROW = {"Nama": 170, "Layanan": 170, "JKN saat itu": 120, "Menunggu": 190}


def _narrow(view: QTableView, columns: list[Column]) -> None:
    for i, c in enumerate(columns):
        if c.header in NARROW:
            view.setColumnWidth(i, min(view.columnWidth(i), NARROW[c.header]))


def counts_text(m: CounterMonth) -> str:
    """One line: the month's visits per outcome and its follow-ups."""
    parts = " · ".join(f"{O.OUTCOME_SHORT[k]} {n}" for k, n in m.by_outcome.items())
    return (
        f"{BULAN[int(m.period[5:]) - 1]} {m.period[:4]}: {m.total} kunjungan — {parts}. "
        f"Tindak lanjut terbuka {m.followups_open}, selesai bulan ini {m.followups_closed}."
    )


class CounterTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        self.generation = 0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 6, 4, 4)
        self.period = QComboBox()
        for key, label in month_choices():
            self.period.addItem(label, key)
        self.outcome = QComboBox()
        self.outcome.addItem("Semua hasil", None)
        for key, label in O.OUTCOME_SHORT.items():
            self.outcome.addItem(label, key)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari nama, NIK, atau layanan")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(140)
        self.check_btn = QPushButton("Cek dan catat…")
        self.check_btn.setToolTip(
            "Cek kepesertaan dan catat layanan (Ctrl+K dari halaman mana pun)"
        )
        self.remove_btn = QPushButton("Hapus catatan…")
        self.remove_btn.setEnabled(False)
        self.remove_btn.setToolTip("Hapus catatan loket yang salah catat (alasan wajib diisi)")
        room_for_placeholder(self.search)
        top = FlowLayout()  # wraps on a narrow screen
        top.add(group(QLabel("Bulan"), self.period))
        top.add(group(QLabel("Hasil"), self.outcome))
        top.add(self.search, 1)
        top.add(self.remove_btn)
        top.add(self.check_btn)
        layout.addLayout(top)
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)
        self.refused = QLabel()
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet(f"color: {RED};")
        self.refused.hide()
        layout.addWidget(self.refused)
        split = QSplitter(Qt.Orientation.Vertical)
        self.model = ListTableModel(VISIT_COLUMNS)
        self.view = list_view(self.model)
        self.model.modelReset.connect(lambda: _narrow(self.view, VISIT_COLUMNS))
        split.addWidget(self.view)
        lower = QWidget()
        lv = QVBoxLayout(lower)
        lv.setContentsMargins(0, 4, 0, 0)
        row = QHBoxLayout()
        self.followup_title = QLabel("Tindak lanjut terbuka")
        self.followup_title.setObjectName("sectionTitle")
        self.close_btn = QPushButton("Tandai selesai…")
        row.addWidget(self.followup_title)
        row.addStretch(1)
        row.addWidget(self.close_btn)
        lv.addLayout(row)
        self.followup_model = ListTableModel(FOLLOWUP_COLUMNS)
        self.followup_view = list_view(self.followup_model, single=True)
        self.followup_model.modelReset.connect(
            lambda: _narrow(self.followup_view, FOLLOWUP_COLUMNS)
        )
        lv.addWidget(self.followup_view, 1)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.load)
        self.period.currentIndexChanged.connect(lambda _i: self.load())
        self.outcome.currentIndexChanged.connect(lambda _i: self.load())
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.close_btn.clicked.connect(self.close_selected)
        self.check_btn.clicked.connect(self._open_check)
        self.remove_btn.clicked.connect(self.remove_selected)
        self.view.selectionModel().selectionChanged.connect(
            lambda *_a: self.remove_btn.setEnabled(self.selected_visit() is not None)
        )

    def current_period(self) -> str:
        return str(self.period.currentData())

    def load(self) -> None:
        """Read this tab's rows (a query job); called when the tab is shown and data changed."""
        self.generation += 1
        generation = self.generation

        def show(data: CounterOverview) -> None:
            if generation == self.generation:
                self._show(data)

        self.ctx.query(
            CL.overview,
            self.current_period(),
            self.outcome.currentData(),
            self.search.text(),
            on_done=show,
        )

    def _show(self, data: CounterOverview) -> None:
        self.model.set_rows(data.visits)
        self.followup_model.set_rows(data.followups)
        m = data.month
        shown = len(data.visits)
        filtered = f"Ditampilkan {shown} kunjungan. " if shown != m.total else ""
        self.counts.setText(f"{filtered}{counts_text(m)}")
        self.refused.setVisible(m.refused_without_offer > 0)
        self.refused.setText(
            f"Perhatian: {m.refused_without_offer} penduduk miskin ditolak padahal aturan "
            "menyarankan usulan PBI atau iuran APBDes."
        )
        self.followup_title.setText(f"Tindak lanjut terbuka ({len(data.followups)})")
        self.close_btn.setEnabled(bool(data.followups))

    def selected_followup(self) -> FollowUp | None:
        rows = self.followup_view.selectionModel().selectedRows()
        return self.followup_model.row_object(rows[0].row()) if rows else None

    def close_selected(self) -> None:
        """Ask the note, then close the chosen follow-up (an op job)."""
        f = self.selected_followup()
        if f is None:
            QMessageBox.information(
                self, "Tindak lanjut", "Pilih dulu tindak lanjut yang sudah selesai."
            )
            return
        note, ok = QInputDialog.getText(
            self,
            "Tandai selesai",
            f"{f.name} — {f.kind_label.lower()} sejak {tanggal_pendek(f.visited_on)}.\n"
            "Catatan penutupan (mis. sudah mendaftar PBPU mandiri di BPJS, pindah):",
        )
        if ok:
            self.ctx.op(
                CL.close_followup,
                f.visit_id,
                note,
                on_error=warn_on_error(self, "Tindak lanjut", self.ctx.runner),
            )

    def selected_visit(self) -> Visit | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if len(rows) == 1 else None

    def remove_selected(self) -> None:
        """A visit written by mistake: ask the reason, then take it back (an op job)."""
        v = self.selected_visit()
        if v is None:
            return
        reason, ok = QInputDialog.getText(
            self,
            "Hapus catatan loket",
            f"{v.name} — {v.service}, {v.outcome_label.lower()} ({tanggal_pendek(v.visited_on)}).\n"
            "Alasan dihapus (mis. salah orang, salah hasil):",
        )
        if ok:
            self.ctx.op(
                CL.remove_visit,
                v.id,
                reason,
                on_error=warn_on_error(self, "Hapus catatan loket", self.ctx.runner),
            )

    def _open_check(self) -> None:
        window: Any = self.window()
        if hasattr(window, "open_counter_check"):
            window.open_counter_check()

"""Register SKTM: surat keterangan tidak mampu yang dikeluarkan desa — all of them, those still
valid, those ending this month, and the holders not yet covered by JKN with what covering them
from the APBDes line would cost; issue, print and cancel."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.formatting import angka, rupiah, tanggal_pendek
from jkn_desktop.records import sktm as S
from jkn_desktop.records.sktm import SktmFilter, SktmRow, SktmSummary
from jkn_desktop.services.office.sktm_lists import months_label, sktm_list, summary
from jkn_desktop.services.office.sktm_print import export_letter, export_register
from ui.context import AppContext
from ui.dialogs.sktm_dialog import CancelDialog, SktmDialog
from ui.pages.laporan import month_choices
from ui.saved import announce_saved
from ui.table_model import Column, ListTableModel
from ui.widgets import list_view, warn_on_error

RED, AMBER, GREEN, GRAY = "#b3261e", "#8a5a00", "#1e7b34", "#6b6b6b"
FILTERS = (
    (S.SHOW_ALL, "Semua"),
    (S.SHOW_VALID, "Berlaku"),
    (S.SHOW_EXPIRING, "Berakhir bulan ini"),
    (S.SHOW_UNINSURED, "Pemegang belum terlindungi JKN"),
)
_STATE_COLOR = {S.BERLAKU: GREEN, S.BERAKHIR: GRAY, S.DIBATALKAN: RED, S.BELUM_BERLAKU: AMBER}


def _jkn_color(r: SktmRow) -> str | None:
    return None if r.active_jkn else RED


COLUMNS = [
    Column("", "Nomor", lambda r: r.number),
    Column("", "Tanggal", lambda r: tanggal_pendek(r.issued_on)),
    Column("", "Nama", lambda r: r.name, tooltip=lambda r: r.name),
    Column("", "NIK", lambda r: r.nik),
    Column("", "Berlaku s.d.", lambda r: tanggal_pendek(r.valid_until)),
    Column(
        "",
        "Status",
        lambda r: r.state_label,
        color=lambda r: _STATE_COLOR.get(r.state),
        tooltip=lambda r: r.cancel_reason,
    ),
    Column("", "JKN sekarang", lambda r: r.jkn_label, color=_jkn_color),
    Column("", "Keperluan", lambda r: r.purpose_label, tooltip=lambda r: r.purpose_label),
]
# the columns' widths as samples of their text: at 1024 px wide everything up to the status
# shows without scrolling; the purpose (last) takes what is left, whole in its tooltip
SAMPLES = (
    "400.12/000/XII/0000",
    "00-00-0000",
    "NAMA PENDUDUK DESA",
    "0000000000000000",
    "00-00-0000",
    "Dibatalkan",
    "PBI APBN · Nonaktif",
)


def summary_text(s: SktmSummary, has_apbdes: bool = True) -> str:
    """ "12 berlaku · 1 berakhir bulan ini · 3 pemegang belum terlindungi JKN — biaya iuran dari
    APBDes: Rp126.000/bulan, Rp1.386.000 sampai Desember"."""
    text = (
        f"{angka(s.valid)} berlaku · {angka(s.expiring)} berakhir bulan ini · "
        f"{angka(s.holders_uninsured)} pemegang belum terlindungi JKN"
    )
    if not s.holders_uninsured:
        return text
    source = "dari APBDes" if has_apbdes else "kelas 3"
    months = months_label(s.from_month)
    rest = (
        f"{rupiah(s.cost_to_year_end)} untuk {months}"
        if months
        else f"{rupiah(s.cost_next_year)} untuk setahun anggaran berikutnya"
    )
    return f"{text} — biaya iuran {source}: {rupiah(s.monthly_cost)}/bulan, {rest}"


def _file_part(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]+", "_", text).strip("_")


class SktmTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stale = True
        self.last_folder: Path | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(self._filter_row())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.model = ListTableModel(COLUMNS)
        self.view = list_view(self.model, fit=False, single=True)
        metrics = self.view.fontMetrics()
        for i, sample in enumerate(SAMPLES):
            self.view.setColumnWidth(i, metrics.horizontalAdvance(sample) + 18)
        self.view.doubleClicked.connect(lambda *_: self.print_letter())
        layout.addWidget(self.view, 1)
        layout.addLayout(self._button_row())
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self.load)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.model.modelReset.connect(self._enable)
        self._enable()

    def _filter_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.show_box = QComboBox()
        for key, label in FILTERS:
            self.show_box.addItem(label, key)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari nomor, nama atau NIK…")
        self.search.setClearButtonEnabled(True)
        row.addWidget(QLabel("Tampilkan"))
        row.addWidget(self.show_box)
        row.addWidget(self.search, 1)
        self.show_box.currentIndexChanged.connect(lambda *_: self.load())
        self.search.textChanged.connect(lambda *_: self.timer.start())
        return row

    def _button_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.issue_btn = QPushButton("Terbitkan SKTM…")
        self.print_btn = QPushButton("Cetak SKTM…")
        self.cancel_btn = QPushButton("Batalkan…")
        for b in (self.issue_btn, self.print_btn, self.cancel_btn):
            row.addWidget(b)
        row.addStretch(1)
        self.month = QComboBox()
        for value, label in month_choices(dt.date.today()):
            self.month.addItem(label, value)
        self.register_btn = QPushButton("Cetak register bulan…")
        row.addWidget(self.month)
        row.addWidget(self.register_btn)
        self.issue_btn.clicked.connect(lambda *_: self.issue())
        self.print_btn.clicked.connect(lambda *_: self.print_letter())
        self.cancel_btn.clicked.connect(lambda *_: self.cancel())
        self.register_btn.clicked.connect(lambda *_: self.print_register())
        return row

    # --- reading -------------------------------------------------------------------------------
    def load(self) -> None:
        """Read this tab's rows (a query job); called when the tab is shown and data changed."""
        flt = SktmFilter(str(self.show_box.currentData()), search=self.search.text())
        self.ctx.query(sktm_list, flt, on_done=self.model.set_rows)
        has_apbdes = self.ctx.words.has_apbdes
        self.ctx.query(summary, on_done=lambda s: self.summary.setText(summary_text(s, has_apbdes)))

    def selected(self) -> SktmRow | None:
        rows = self.view.selectionModel().selectedRows()
        found: Any = self.model.row_object(rows[0].row()) if rows else None
        return found if isinstance(found, SktmRow) else None

    def _enable(self) -> None:
        row = self.selected()
        self.print_btn.setEnabled(row is not None)
        self.cancel_btn.setEnabled(row is not None and row.state != S.DIBATALKAN)

    # --- acting --------------------------------------------------------------------------------
    def issue(self) -> None:
        dialog = SktmDialog(self.ctx, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_id is not None:
            self.status.setText("SKTM tercatat. Pilih barisnya lalu Cetak SKTM… untuk mencetak.")

    def cancel(self) -> None:
        row = self.selected()
        if row is None:
            return
        dialog = CancelDialog(self.ctx, row, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            self.status.setText(f"SKTM {row.number} dibatalkan.")

    def _save_path(self, title: str, stem: str) -> Path | None:
        start = (self.last_folder or Path.home()) / f"{stem}.pdf"
        path, _ = QFileDialog.getSaveFileName(self, title, str(start), "PDF (*.pdf)")
        if not path:
            return None
        out = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        self.last_folder = out.parent
        return out

    def print_letter(self) -> None:
        row = self.selected()
        if row is None:
            return
        out = self._save_path(
            "Simpan SKTM", f"SKTM_{_file_part(row.number)}_{_file_part(row.name)}"
        )
        if out is None:
            return

        def saved(_letter: object) -> None:
            self.status.setText(f"SKTM {row.number} disimpan di {out}.")
            announce_saved(self, out, f"SKTM {row.number}")

        self.ctx.query(
            export_letter,
            row.id,
            out,
            on_done=saved,
            on_error=warn_on_error(self, "SKTM tidak tersimpan", self.ctx.runner),
        )

    def print_register(self) -> None:
        period = str(self.month.currentData())
        out = self._save_path("Simpan register SKTM", f"register_sktm_{period}")
        if out is None:
            return
        month = self.month.currentText()

        def saved(n: int) -> None:
            self.status.setText(f"Register SKTM {month} ({angka(n)} SKTM) disimpan di {out}.")
            announce_saved(self, out, f"register SKTM {month}")

        self.ctx.query(
            export_register,
            period,
            out,
            on_done=saved,
            on_error=warn_on_error(self, "Register tidak tersimpan", self.ctx.runner),
        )

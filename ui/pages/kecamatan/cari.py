"""Cari Warga: one person among the villages' packages of a month, by NIK or by name — the
kecamatan's or the kabupaten's staff answering "is my mother on PBI, which village has her?".
Each row says the village, the status dasar and the insurance as the village sent them."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from jkn_desktop.domain import codes
from jkn_desktop.domain.formatting import angka, tanggal
from jkn_desktop.domain.jkn import SEGMENT_SHORT, STATUSES
from jkn_desktop.errors import Cancelled, UserError
from jkn_desktop.records.kecamatan import FoundPerson, PeopleFound
from jkn_desktop.services.kecamatan.packages import periods_received
from jkn_desktop.services.kecamatan.people import LIMIT, find_people
from ui.context import AppContext
from ui.dialogs.kecamatan_dialogs import fill_periods, period_label
from ui.pages.kecamatan import KecamatanPage
from ui.table_model import Column, ListTableModel
from ui.widgets import FieldError, list_view

SEX = {"L": "Laki-laki", "P": "Perempuan"}


def _jkn(p: FoundPerson) -> str:
    words = [SEGMENT_SHORT.get(p.segment or "", ""), STATUSES.get(p.jkn_status or "", "")]
    return " ".join(w for w in words if w) or "Belum terdaftar"


COLUMNS = [
    Column("", "Nama", lambda p: p.name),
    Column("", "NIK", lambda p: p.nik),
    Column("", "Jenis kelamin", lambda p: SEX.get(p.sex, p.sex)),
    Column("", "Tanggal lahir", lambda p: tanggal(p.birth_date) if p.birth_date else "—"),
    Column("", "Desa", lambda p: p.village),
    Column("", "No. KK", lambda p: p.no_kk or "—"),
    Column("", "Status", lambda p: codes.STATUS_DASAR.get(p.status_dasar, "").title()),
    Column("", "JKN", _jkn, color=lambda p: "#1b5e20" if p.active else "#b3261e"),
]


class CariWargaPage(KecamatanPage):
    title = "Cari Warga"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        row = QHBoxLayout()
        self.text = QLineEdit()
        self.text.setPlaceholderText("NIK (16 angka) atau nama, misalnya SITI AMINAH")
        self.text.setClearButtonEnabled(True)
        row.addWidget(self.text, 1)
        row.addWidget(QLabel("Bulan"))
        self.period = QComboBox()
        self.period.setMinimumWidth(150)
        row.addWidget(self.period)
        self.go = QPushButton("Cari")
        self.go.setDefault(True)
        row.addWidget(self.go)
        self.layout_.addLayout(row)
        self.error = FieldError()
        self.layout_.addWidget(self.error)
        self.count = QLabel(
            "Ketik NIK atau nama lalu tekan Enter. Yang dicari: penduduk dalam paket desa "
            "bulan yang dipilih."
        )
        self.count.setWordWrap(True)
        self.layout_.addWidget(self.count)
        self.model = ListTableModel(COLUMNS)
        self.view = list_view(self.model, single=True)
        self.view.resizeColumnsToContents()  # the headers whole before the first search
        self.layout_.addWidget(self.view, 1)
        self.text.returnPressed.connect(self.search)
        self.go.clicked.connect(self.search)
        self.period.activated.connect(lambda _i: self.search() if self.text.text() else None)

    def reload(self) -> None:
        def got(periods: list[str]) -> None:
            fill_periods(self.period, periods)
            if not periods:
                self.count.setText(
                    "Belum ada paket desa. Terima paket di halaman Penerimaan Paket."
                )

        self.ctx.query(periods_received, on_done=got)

    def search(self) -> None:
        text = self.text.text().strip()
        period = self.period.currentData()
        self.error.clear_issue()
        if period is None:
            return
        self.ctx.query(
            find_people,
            text,
            period=period,
            on_done=self.show_found,
            on_error=self._failed,
            label="Mencari warga …",
            parent=self,
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, UserError):
            self.error.show_issue(exc.message, True)
            self.text.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.ctx.runner.report(exc)

    def show_found(self, found: PeopleFound) -> None:
        self.model.set_rows(found.people)
        self.view.resizeColumnsToContents()
        month = period_label(found.period)
        if not found.people:
            self.count.setText(f"Tidak ada warga yang cocok dalam paket desa bulan {month}.")
        elif found.more:
            self.count.setText(
                f"Lebih dari {angka(LIMIT)} warga cocok dalam paket desa bulan {month}; yang "
                f"tampil {angka(LIMIT)} di antaranya. Ketik nama lebih lengkap atau NIK-nya."
            )
        else:
            self.count.setText(
                f"{angka(len(found.people))} warga ditemukan dalam paket desa bulan {month}."
            )
        if found.people:
            self.view.selectRow(0)

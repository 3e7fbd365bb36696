"""Record what the office learned about one resident's JKN membership (a card seen at the counter,
the resident's statement, a BPJS printout): a new observation, audited; the history stays."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import tanggal_pendek
from jkn_desktop.errors import UserError
from jkn_desktop.records.membership import JknRow, Observation
from jkn_desktop.services.membership import evidence
from ui.context import AppContext
from ui.dialogs.simple import ok_cancel_buttons
from ui.table_model import Column, ListTableModel
from ui.widgets import CodeCombo, FieldError


def history_columns(ctx: AppContext) -> list[Column]:
    """The source names this village's office ("kantor desa", "kantor kelurahan")."""
    source = Column(
        "",
        "Sumber",
        lambda h: ctx.words.source_label(h.source) + (f" ({h.source_ref})" if h.source_ref else ""),
    )
    return [*HISTORY_COLUMNS[:5], source, *HISTORY_COLUMNS[5:]]


HISTORY_COLUMNS = [  # the source goes after the card number
    Column("", "Per tanggal", lambda h: tanggal_pendek(h.as_of)),
    Column("", "Segmen", lambda h: h.segment_label),
    Column("", "Kelas", lambda h: str(h.kelas or ""), Qt.AlignmentFlag.AlignHCenter),
    Column("", "Status", lambda h: h.status_label if h.segment in J.JKN_SEGMENTS else "—"),
    Column("", "No. kartu", lambda h: h.card_no),
    Column("", "Keterangan", lambda h: h.note, tooltip=lambda h: h.note),
    Column("", "Dicatat oleh", lambda h: h.actor),
]
MANUAL_SOURCES = ["kartu", "pengakuan", "bpjs", "dinsos"]


class MembershipDialog(QDialog):
    def __init__(self, ctx: AppContext, person: JknRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.person = person
        self.saved = False
        self.setWindowTitle("Catat kepesertaan JKN")
        self.resize(860, 560)
        layout = QVBoxLayout(self)
        now = (
            f"{person.segment_label}"
            + (f", {person.status_label.lower()}" if person.segment in J.JKN_SEGMENTS else "")
            + (f", per {tanggal_pendek(person.as_of)}" if person.as_of else "")
        )
        head = QLabel(
            f"<b>{person.name}</b> · NIK {person.nik} · KK {person.no_kk or '—'}<br>Sekarang: {now}"
        )
        layout.addWidget(head)

        form = QFormLayout()
        self.segment = CodeCombo(list(J.SEGMENTS.items()), empty=None)
        self.segment.set_code(person.segment if person.segment in J.SEGMENTS else J.BELUM_TERDAFTAR)
        self.kelas = CodeCombo([(1, "Kelas 1"), (2, "Kelas 2"), (3, "Kelas 3")], empty="—")
        self.kelas.set_code(person.kelas)
        self.card = QLineEdit(person.card_no)
        self.card.setPlaceholderText("13 angka, nol di depan ikut ditulis")
        self.card.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,13}")))
        self.status = CodeCombo(list(J.STATUSES.items()), empty=None)
        self.status.set_code(person.status if person.segment in J.JKN_SEGMENTS else J.AKTIF)
        self.fktp = QLineEdit()
        self.fktp.setPlaceholderText("kode atau nama puskesmas/klinik (boleh kosong)")
        self.as_of = QDateEdit(QDate.currentDate())
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("dd-MM-yyyy")
        self.as_of.setMaximumDate(QDate.currentDate())
        self.source = CodeCombo(
            [(s, ctx.words.source_label(s)) for s in MANUAL_SOURCES], empty=None
        )
        self.note = QLineEdit()
        self.note.setPlaceholderText(
            "mis. kartu KIS diperlihatkan di loket; iuran menunggak 3 bulan"
        )
        form.addRow("Segmen", self.segment)
        form.addRow("Kelas", self.kelas)
        form.addRow("No. kartu JKN", self.card)
        form.addRow("Status", self.status)
        form.addRow("FKTP", self.fktp)
        form.addRow("Keadaan per tanggal", self.as_of)
        form.addRow("Sumber keterangan", self.source)
        form.addRow("Catatan", self.note)
        layout.addLayout(form)
        self.error = FieldError()
        layout.addWidget(self.error)

        title = QLabel("Riwayat kepesertaan (terbaru di atas)")
        title.setObjectName("sectionTitle")
        layout.addWidget(title)
        self.history = ListTableModel(history_columns(ctx))
        view = QTableView()
        view.setModel(self.history)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate([90, 150, 50, 90, 120, 230, 160]):
            view.setColumnWidth(col, width)
        layout.addWidget(view, 1)
        buttons = ok_cancel_buttons(self, "Simpan")
        buttons.accepted.connect(self._save)
        layout.addWidget(buttons)
        self.segment.currentIndexChanged.connect(self._segment_changed)
        self._segment_changed()
        ctx.query(evidence.history, person.id, on_done=self.history.set_rows)

    def _segment_changed(self) -> None:
        member = self.segment.code() in J.JKN_SEGMENTS
        for w in (self.kelas, self.card, self.status, self.fktp):
            w.setEnabled(member)

    def observation(self) -> Observation:
        d = self.as_of.date()
        member = self.segment.code() in J.JKN_SEGMENTS
        kelas: Any = self.kelas.code()
        return Observation(
            resident_id=self.person.id,
            segment=str(self.segment.code()),
            status=str(self.status.code()) if member else J.STATUS_TIDAK_DIKETAHUI,
            as_of=dt.date(d.year(), d.month(), d.day()),
            source=str(self.source.code()),
            kelas=int(kelas) if member and kelas else None,
            card_no=self.card.text().strip() if member else "",
            fktp=self.fktp.text().strip() if member else "",
            note=self.note.text().strip(),
        )

    def _save(self) -> None:
        obs = self.observation()
        try:
            evidence.validate_observation(obs, dt.date.today())
        except UserError as exc:
            self.error.show_issue(exc.message, True)
            return

        def done(_: object) -> None:
            self.saved = True
            self.accept()

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.error.show_issue(exc.message, True)
            else:
                self.ctx.runner.report(exc)

        self.ctx.op(evidence.add_observation, obs, on_done=done, on_error=failed)

"""Issuing an SKTM: find the resident (NIK, No. KK or name), the purpose, the number (the next one
offered), the date and how long it is valid, who signs; and cancelling one with its reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import office as O
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.records.sktm import SktmDefaults, SktmInput, SktmPick, SktmRow
from jkn_desktop.services.office.sktm import add_sktm, cancel_sktm, find_residents, issue_defaults
from ui.context import AppContext
from ui.dialogs.simple import add_footer
from ui.table_model import Column, ListTableModel
from ui.widgets import error_into, list_view

RED, GREEN = "#b3261e", "#1e7b34"


def _jkn(p: SktmPick) -> str:
    r = p.person
    return r.segment_label + (f" · {r.status_label}" if r.status_label != "—" else "")


FOUND_COLUMNS = [
    Column("", "NIK", lambda p: p.person.nik),
    Column("", "Nama", lambda p: p.person.name),
    Column("", "No. KK", lambda p: p.person.no_kk),
    Column("", "Desil", lambda p: str(p.person.desil or "—")),
    Column("", "JKN", _jkn, color=lambda p: RED if p.person.uninsured else None),
    Column("", "SKTM berlaku", lambda p: p.valid_sktm or "—"),
]


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


def _date_edit(d: dt.date) -> QDateEdit:
    edit = QDateEdit(_qdate(d))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    return edit


class SktmDialog(QDialog):
    """Terbitkan SKTM: the resident first, then the letter's particulars."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.saved_id: int | None = None
        self.chosen: SktmPick | None = None
        self.months = O.SKTM_VALID_MONTHS
        self.setWindowTitle("Terbitkan SKTM")
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari penduduk: NIK, No. KK atau nama (minimal 3 huruf)…")
        layout.addWidget(self.search)
        self.found_model = ListTableModel(FOUND_COLUMNS)
        self.found = list_view(self.found_model, single=True)
        self.found.setMinimumHeight(120)
        layout.addWidget(self.found, 1)
        self.person = QLabel("Belum ada penduduk yang dipilih.")
        self.person.setWordWrap(True)
        layout.addWidget(self.person)
        layout.addLayout(self._form())
        self.error, self.buttons = add_footer(self, layout, "Terbitkan", self._save)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self._search)
        self.search.textChanged.connect(lambda *_: self.timer.start())
        self.search.returnPressed.connect(self._search)
        self.found.selectionModel().selectionChanged.connect(lambda *_: self._pick())
        self.found_model.modelReset.connect(self._pick)
        self.suggested = ""
        self.resize(760, 540)
        self._ok().setEnabled(False)
        ctx.query(issue_defaults, on_done=self._first_defaults)

    def _first_defaults(self, d: SktmDefaults) -> None:
        self._defaults(d)
        self.signer.setText(self.signer.text() or d.signer_name)
        self.signer_title.setText(d.signer_title)
        self.until.setDate(_qdate(O.add_months(_pydate(self.issued.date()), self.months)))
        self.issued.dateChanged.connect(lambda *_: self._issued_changed())

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        self.purpose = QComboBox()
        for key, label in O.SKTM_PURPOSES.items():
            self.purpose.addItem(label, key)
        self.note = QLineEdit()
        self.note.setPlaceholderText("mis. nama sekolah atau rumah sakit (tercetak pada surat)")
        self.number = QLineEdit()
        today = dt.date.today()
        self.issued = _date_edit(today)
        self.issued.setMaximumDate(_qdate(today))
        self.until = _date_edit(O.add_months(today, self.months))
        dates = QHBoxLayout()
        dates.addWidget(self.issued)
        dates.addWidget(QLabel("berlaku sampai"))
        dates.addWidget(self.until)
        dates.addStretch(1)
        self.signer = QLineEdit()
        self.signer_title = QLineEdit(self.ctx.words.head)
        signer = QHBoxLayout()
        signer.addWidget(self.signer, 2)
        signer.addWidget(QLabel("jabatan"))
        signer.addWidget(self.signer_title, 1)
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("catatan register (tidak tercetak)")
        form.addRow("Keperluan", self.purpose)
        form.addRow("Keterangan keperluan", self.note)
        form.addRow("Nomor surat", self.number)
        form.addRow("Tanggal surat", dates)
        form.addRow("Penandatangan", signer)
        form.addRow("Catatan", self.notes)
        return form

    def _ok(self) -> Any:
        return self.buttons.button(self.buttons.StandardButton.Ok)

    def _defaults(self, d: SktmDefaults) -> None:
        self.months = d.valid_months
        if self.number.text() in ("", self.suggested):  # never over a number the user typed
            self.number.setText(d.number)
            self.suggested = d.number

    def _issued_changed(self) -> None:
        """A new date moves the validity along (the user may still change it) and the number
        offered (its month and year)."""
        day = _pydate(self.issued.date())
        self.until.setDate(_qdate(O.add_months(day, self.months)))
        if self.number.text() == self.suggested:
            self.ctx.query(issue_defaults, day, on_done=self._defaults)

    def _search(self) -> None:
        self.ctx.query(find_residents, self.search.text(), on_done=self.found_model.set_rows)

    def _pick(self) -> None:
        rows = self.found.selectionModel().selectedRows()
        if not rows and self.found_model.rowCount() == 1:
            rows = [self.found_model.index(0, 0)]
        pick = self.found_model.row_object(rows[0].row()) if rows else None
        self.chosen = pick if isinstance(pick, SktmPick) else None
        self._ok().setEnabled(self.chosen is not None)
        if self.chosen is None:
            self.person.setText("Belum ada penduduk yang dipilih.")
            return
        p = self.chosen.person
        text = f"SKTM untuk <b>{p.name}</b> ({p.nik}), KK {p.no_kk or '—'}"
        if self.chosen.valid_sktm:
            text += (
                f"<br><span style='color:{RED}'>Sudah memegang SKTM {self.chosen.valid_sktm} "
                "yang masih berlaku.</span>"
            )
        self.person.setText(text)

    def _save(self) -> None:
        if self.chosen is None:
            self.error.show_issue("Pilih dulu penduduk yang diberi SKTM.", True)
            return
        data = SktmInput(
            resident_id=self.chosen.person.id,
            purpose=str(self.purpose.currentData()),
            number=self.number.text(),
            issued_on=_pydate(self.issued.date()),
            valid_until=_pydate(self.until.date()),
            purpose_note=self.note.text(),
            signer_name=self.signer.text(),
            signer_title=self.signer_title.text(),
            notes=self.notes.text(),
        )

        def done(sid: int) -> None:
            self.saved_id = sid
            self.accept()

        self.ctx.op(add_sktm, data, on_done=done, on_error=error_into(self.error, self.ctx.runner))


class CancelDialog(QDialog):
    """Cancel an SKTM from today; the reason is required and goes to the history."""

    def __init__(self, ctx: AppContext, row: SktmRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.row, self.saved = ctx, row, False
        self.setWindowTitle("Batalkan SKTM")
        layout = QVBoxLayout(self)
        text = QLabel(
            f"Batalkan SKTM {row.number} ({row.name}, {tanggal(row.issued_on)})? Nomornya tetap "
            "terpakai; bila perlu surat pengganti, terbitkan SKTM baru dengan nomor baru."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Alasan (wajib), mis. salah keperluan, keluarga sudah mampu")
        layout.addWidget(self.reason)
        self.error, _ = add_footer(self, layout, "Batalkan SKTM", self._save)
        self.resize(480, 0)

    def _save(self) -> None:
        if not self.reason.text().strip():
            self.error.show_issue("Tuliskan alasan pembatalan (masuk ke riwayat).", True)
            return

        def done(_: object) -> None:
            self.saved = True
            self.accept()

        self.ctx.op(
            cancel_sktm,
            self.row.id,
            self.reason.text(),
            on_done=done,
            on_error=error_into(self.error, self.ctx.runner),
        )

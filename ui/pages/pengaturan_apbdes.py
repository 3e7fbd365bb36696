"""Pengaturan's APBDes tabs: the JKN premium table (effective-dated: a new Perpres is a new row)
and the budget codes, with the kabupaten's local ones the village adds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain.formatting import rupiah, tanggal
from jkn_desktop.domain.wilayah import VillageWords
from jkn_desktop.errors import UserError
from jkn_desktop.services.apbdes.codes import KINDS, budget_codes, save_budget_code
from jkn_desktop.services.apbdes.rates import delete_rate, rates, save_rate, validate_rate
from ui.context import AppContext
from ui.dialogs.apbdes.line import SEGMENT_CHOICES
from ui.dialogs.simple import add_footer, ok_cancel_buttons
from ui.table_model import Column, ListTableModel
from ui.widgets import MoneyEdit, list_view, warn_on_error

RATE_COLUMNS = [
    Column("", "Segmen", lambda r: A.Scheme(r.segment, r.kelas).label().split(" kelas")[0]),
    Column("", "Kelas", lambda r: str(r.kelas), Qt.AlignmentFlag.AlignHCenter),
    Column("", "Iuran per bulan", lambda r: rupiah(r.monthly), Qt.AlignmentFlag.AlignRight),
    Column("", "Dibayar peserta", lambda r: rupiah(r.participant), Qt.AlignmentFlag.AlignRight),
    Column("", "Bantuan pemerintah", lambda r: rupiah(r.government), Qt.AlignmentFlag.AlignRight),
    Column("", "Berlaku mulai", lambda r: tanggal(r.valid_from)),
    Column("", "Dasar hukum", lambda r: r.legal_basis, tooltip=lambda r: r.legal_basis),
]
CODE_COLUMNS = [
    Column("", "Jenis", lambda c: KINDS[c.kind]),
    Column("", "Kode", lambda c: c.code),
    Column("", "Uraian", lambda c: c.name),
    Column("", "Asal", lambda c: "kode lokal" if c.local else "Permendagri 20/2018 / Siskeudes"),
]


def _report(ctx: AppContext, parent: QWidget) -> Callable[[BaseException], None]:
    handler: Callable[[BaseException], None] = warn_on_error(parent, "Tidak tersimpan", ctx.runner)
    return handler


class RatesPanel(QWidget):
    """The premium table. A new Perpres is a new row with its start date, never an edit of the
    old one: lines of past months keep the rate that was in force."""

    def set_words(self, words: VillageWords) -> None:
        lines = (
            " Baris anggaran APBDes menghitung biaya dari tabel ini." if words.has_apbdes else ""
        )
        self.intro.setText(
            "Tarif iuran JKN per orang per bulan, dengan tanggal mulai berlaku. Bila terbit Perpres "
            "baru, <b>tambahkan baris baru</b> dengan tanggal berlakunya; tarif lama tetap dipakai "
            "untuk bulan-bulan sebelumnya." + lines
        )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.intro = intro = QLabel()
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.set_words(ctx.words)
        row = QHBoxLayout()
        self.add_btn = QPushButton("Tambah tarif…")
        self.edit_btn = QPushButton("Ubah…")
        self.delete_btn = QPushButton("Hapus…")
        for b in (self.add_btn, self.edit_btn, self.delete_btn):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.model = ListTableModel(RATE_COLUMNS)
        self.view = list_view(self.model, single=True)
        layout.addWidget(self.view, 1)
        self.add_btn.clicked.connect(lambda: self._edit(None))
        self.edit_btn.clicked.connect(lambda: self._edit(self._current()))
        self.view.doubleClicked.connect(lambda *_: self._edit(self._current()))
        self.delete_btn.clicked.connect(self._delete)

    def reload(self) -> None:
        self.ctx.query(rates, on_done=self.model.set_rows)

    def _current(self) -> A.Rate | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def _edit(self, rate: A.Rate | None) -> None:
        dialog = RateDialog(rate, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.ctx.op(save_rate, dialog.rate(), on_error=_report(self.ctx, self))

    def _delete(self) -> None:
        rate = self._current()
        if rate is None or rate.id is None:
            return
        answer = QMessageBox.question(
            self,
            "Hapus tarif",
            f"Hapus tarif {rupiah(rate.monthly)} yang berlaku mulai {tanggal(rate.valid_from)}? "
            "Baris anggaran akan memakai tarif sebelumnya untuk bulan-bulan itu.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ctx.op(delete_rate, rate.id)


class RateDialog(QDialog):
    def __init__(self, rate: A.Rate | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rate_id = rate.id if rate else None
        self.setWindowTitle("Ubah tarif iuran" if rate else "Tambah tarif iuran")
        form = QFormLayout()
        self.segment = QComboBox()
        for code, label in SEGMENT_CHOICES:
            self.segment.addItem(label, code)
        self.kelas = QComboBox()
        for k in (1, 2, 3):
            self.kelas.addItem(f"Kelas {k}", k)
        self.monthly, self.participant, self.government = MoneyEdit(), MoneyEdit(), MoneyEdit()
        self.valid_from = QDateEdit()
        self.valid_from.setCalendarPopup(True)
        self.valid_from.setDisplayFormat("dd-MM-yyyy")
        self.legal = QLineEdit()
        self.legal.setPlaceholderText("mis. Perpres 64/2020")
        form.addRow("Segmen", self.segment)
        form.addRow("Kelas", self.kelas)
        form.addRow("Iuran per bulan (Rp)", self.monthly)
        form.addRow("Dibayar peserta (Rp)", self.participant)
        form.addRow("Bantuan pemerintah (Rp)", self.government)
        form.addRow("Berlaku mulai", self.valid_from)
        form.addRow("Dasar hukum", self.legal)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.error, _ = add_footer(self, layout, "Simpan", self._accept)
        if rate is not None:
            self.segment.setCurrentIndex(max(0, self.segment.findData(rate.segment)))
            self.kelas.setCurrentIndex(max(0, self.kelas.findData(rate.kelas)))
            self.monthly.set_value(rate.monthly)
            self.participant.set_value(rate.participant)
            self.government.set_value(rate.government)
            self.valid_from.setDate(
                QDate(rate.valid_from.year, rate.valid_from.month, rate.valid_from.day)
            )
            self.legal.setText(rate.legal_basis)
        else:
            self.kelas.setCurrentIndex(2)
            self.valid_from.setDate(QDate.currentDate())
        self.resize(460, 0)

    def rate(self) -> A.Rate:
        d = self.valid_from.date()
        return A.Rate(
            self.segment.currentData(),
            self.kelas.currentData(),
            self.monthly.value() or 0,
            self.participant.value() or 0,
            self.government.value() or 0,
            dt.date(d.year(), d.month(), d.day()),
            self.legal.text(),
            self.rate_id,
        )

    def _accept(self) -> None:
        try:
            validate_rate(self.rate())
        except UserError as exc:
            self.error.show_issue(exc.message, True)
            return
        self.accept()


class CodesPanel(QWidget):
    """Bidang, kegiatan, rekening and funding sources; the village adds its kabupaten's local codes."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Kode anggaran menurut Permendagri 20/2018 seperti di Siskeudes. Kode kegiatan untuk iuran JKN "
            "warga berbeda per kabupaten (kode lokal); tambahkan kode yang dipakai kabupaten Anda."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.addItem("Semua jenis", None)
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.add_btn = QPushButton("Tambah kode lokal…")
        row.addWidget(self.kind)
        row.addWidget(self.add_btn)
        row.addStretch(1)
        layout.addLayout(row)
        self.model = ListTableModel(CODE_COLUMNS)
        self.view = list_view(self.model, single=True)
        layout.addWidget(self.view, 1)
        self.kind.currentIndexChanged.connect(lambda *_: self.reload())
        self.add_btn.clicked.connect(self._add)

    def reload(self) -> None:
        self.ctx.query(budget_codes, self.kind.currentData(), on_done=self.model.set_rows)

    def _add(self) -> None:
        dialog = CodeDialog(self.kind.currentData() or "kegiatan", self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            kind, code, name = dialog.values()
            self.ctx.op(save_budget_code, kind, code, name, on_error=_report(self.ctx, self))


class CodeDialog(QDialog):
    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Tambah kode APBDes")
        form = QFormLayout()
        self.kind = QComboBox()
        for key, label in KINDS.items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self.code = QLineEdit()
        self.code.setPlaceholderText(
            "mis. 02.02.96 (kegiatan), 5.2.7 (rekening), PAD (sumber dana)"
        )
        self.name = QLineEdit()
        form.addRow("Jenis", self.kind)
        form.addRow("Kode", self.code)
        form.addRow("Uraian", self.name)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        buttons = ok_cancel_buttons(self, "Simpan")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(520, 0)

    def values(self) -> tuple[str, str, str]:
        return self.kind.currentData(), self.code.text(), self.name.text()

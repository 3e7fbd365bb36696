"""The payments of the selected line: month by month what the beneficiaries imply against what
was paid (a shortfall counts once the month is due), and the payments themselves."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain.formatting import BULAN, angka, rupiah, tanggal_pendek
from jkn_desktop.records.apbdes import LineSummary, Payment
from jkn_desktop.services.apbdes.payments import delete_payment, payments
from ui.context import AppContext
from ui.dialogs.apbdes import RED
from ui.dialogs.apbdes.payment import PaymentDialog
from ui.dialogs.simple import ReasonDialog
from ui.pages.apbdes.lines_table import RIGHT
from ui.table_model import Column, ListTableModel
from ui.widgets import list_view


class _Month:
    """One month of a line: people, what they cost, what was paid; a shortfall only counts once
    the month is due (its premium is due by the 10th)."""

    def __init__(self, s: LineSummary, m: int, due: int) -> None:
        self.month = m
        self.people = s.people[m - 1]
        self.implied = s.implied(m)
        self.paid = s.paid[m - 1]
        self.due = m <= due

    @property
    def diff(self) -> int:
        return self.paid - self.implied

    def diff_text(self) -> str:
        if not self.diff:
            return "—"
        return rupiah(self.diff) if self.due or self.diff > 0 else "belum jatuh tempo"


MONTH_COLUMNS = [
    Column("", "Bulan", lambda m: BULAN[m.month - 1]),
    Column("", "Penerima", lambda m: angka(m.people), RIGHT),
    Column("", "Seharusnya", lambda m: rupiah(m.implied), RIGHT),
    Column("", "Dibayar", lambda m: rupiah(m.paid), RIGHT),
    Column(
        "",
        "Selisih",
        lambda m: m.diff_text(),
        RIGHT,
        color=lambda m: RED if m.diff and (m.due or m.diff > 0) else None,
    ),
]
PAYMENT_COLUMNS = [
    Column("", "Bulan", lambda p: BULAN[p.month - 1]),
    Column("", "Tanggal bayar", lambda p: tanggal_pendek(p.paid_on)),
    Column("", "Referensi", lambda p: p.reference),
    Column("", "Jumlah", lambda p: rupiah(p.amount), RIGHT),
    Column("", "Keterangan", lambda p: p.notes),
]


class PaymentsTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.line: LineSummary | None = None
        v = QVBoxLayout(self)
        row = QHBoxLayout()
        self.pay_btn = QPushButton("Catat pembayaran…")
        self.unpay_btn = QPushButton("Hapus pembayaran…")
        row.addWidget(self.pay_btn)
        row.addWidget(self.unpay_btn)
        row.addStretch(1)
        v.addLayout(row)
        h = QHBoxLayout()
        self.month_model = ListTableModel(MONTH_COLUMNS)
        self.month_view = list_view(self.month_model, fit=False)
        self.month_view.doubleClicked.connect(lambda *_: self.pay())
        self.payment_model = ListTableModel(PAYMENT_COLUMNS)
        self.payment_view = list_view(self.payment_model, fit=False)
        for view, model in (
            (self.month_view, self.month_model),
            (self.payment_view, self.payment_model),
        ):
            model.modelReset.connect(view.resizeColumnsToContents)
        h.addWidget(self.month_view, 1)
        h.addWidget(self.payment_view, 1)
        v.addLayout(h)
        self.pay_btn.clicked.connect(self.pay)
        self.unpay_btn.clicked.connect(self.unpay)

    def set_line(self, line: LineSummary | None) -> None:
        self.line = line
        for b in (self.pay_btn, self.unpay_btn):
            b.setEnabled(line is not None)
        if line is None:
            self.month_model.set_rows([])
            self.payment_model.set_rows([])

    def load(self) -> None:
        line = self.line
        if line is None:
            return
        due = A.last_due_month(line.year, dt.date.today())
        self.month_model.set_rows([_Month(line, m, due) for m in A.MONTHS])
        self.ctx.query(payments, line.id, on_done=self.payment_model.set_rows)

    def pay(self) -> None:
        """Record a payment for the selected month (else the first month not paid in full)."""
        line = self.line
        if line is None:
            return
        rows = self.month_view.selectionModel().selectedRows()
        unpaid = (m for m in A.MONTHS if line.paid[m - 1] < line.implied(m))
        month = rows[0].row() + 1 if rows else next(unpaid, dt.date.today().month)
        PaymentDialog(self.ctx, line, month, self).exec()

    def unpay(self) -> None:
        rows = self.payment_view.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(
                self, "Hapus pembayaran", "Pilih dulu pembayaran di tabel kanan."
            )
            return
        p: Payment = self.payment_model.row_object(rows[0].row())
        dialog = ReasonDialog(
            "Hapus pembayaran",
            f"Hapus pembayaran {rupiah(p.amount)} untuk {BULAN[p.month - 1]} "
            f"({p.reference or 'tanpa referensi'})?",
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.op(delete_payment, p.id, dialog.reason.text().strip())

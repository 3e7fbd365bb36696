"""Recording what was paid for one month of a line (the amount the beneficiaries imply is
proposed)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.formatting import rupiah
from jkn_desktop.records.apbdes import LineSummary
from jkn_desktop.services.apbdes.payments import add_payment
from ui.context import AppContext
from ui.dialogs.simple import add_footer
from ui.widgets import MoneyEdit, MonthCombo, error_into


class PaymentDialog(QDialog):
    """Record what was paid for one month (the amount the beneficiaries imply is proposed)."""

    def __init__(
        self, ctx: AppContext, line: LineSummary, month: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.line, self.saved = ctx, line, False
        self.setWindowTitle(f"Catat pembayaran — baris {line.id} ({line.kegiatan}, {line.sumber})")
        form = QFormLayout()
        self.month = MonthCombo()
        self.month.set_month(month)
        self.amount = MoneyEdit()
        self.paid_on = QDateEdit()
        self.paid_on.setCalendarPopup(True)
        self.paid_on.setDisplayFormat("dd-MM-yyyy")
        self.paid_on.setDate(QDate.currentDate())
        self.reference = QLineEdit()
        self.reference.setPlaceholderText("mis. SPP 012/VI/2026 atau nomor tagihan BPJS")
        self.notes = QLineEdit()
        self.implied = QLabel()
        form.addRow("Untuk bulan", self.month)
        form.addRow("", self.implied)
        form.addRow("Jumlah dibayar (Rp)", self.amount)
        form.addRow("Tanggal bayar", self.paid_on)
        form.addRow("Referensi", self.reference)
        form.addRow("Keterangan", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.error, _ = add_footer(self, layout, "Simpan", self._save)
        self.month.currentIndexChanged.connect(self._month_changed)
        self._month_changed()
        self.resize(520, 0)

    def _month_changed(self) -> None:
        m = self.month.month()
        implied = self.line.implied(m)
        self.implied.setText(
            f"Seharusnya {rupiah(implied)} ({self.line.people[m - 1]} penerima × "
            f"{rupiah(self.line.per_month[m - 1])}); sudah dibayar {rupiah(self.line.paid[m - 1])}."
        )
        self.amount.set_value(max(0, implied - self.line.paid[m - 1]) or None)

    def _save(self) -> None:
        amount = self.amount.value()
        if not amount:
            self.error.show_issue("Isi jumlah yang dibayar dalam rupiah (mis. 1.260.000).", True)
            return
        d = self.paid_on.date()

        def done(_: object) -> None:
            self.saved = True
            self.accept()

        paid_on = dt.date(d.year(), d.month(), d.day())
        self.ctx.op(
            add_payment,
            self.line.id,
            self.month.month(),
            amount,
            paid_on,
            self.reference.text(),
            self.notes.text(),
            on_done=done,
            on_error=error_into(self.error, self.ctx.runner),
        )

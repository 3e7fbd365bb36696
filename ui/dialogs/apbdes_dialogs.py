"""Dialogs of the APBDes page: a budget line, adding beneficiaries (the guards shown at once), a
payment, ending someone's coverage."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import rupiah
from jkn_desktop.services.apbdes import budget as S
from jkn_desktop.services.membership.counter import counter_check
from ui.context import AppContext
from ui.dialogs.simple import add_footer
from ui.table_model import Column, ListTableModel
from ui.widgets import MoneyEdit, MonthCombo, OptionalDateEdit, error_into, list_view

RED, AMBER, GREEN = "#b3261e", "#8a5a00", "#1e7b34"
SEGMENT_CHOICES = [
    (J.PBPU_PEMDA, "PBPU/BP Pemda (didaftarkan pemerintah daerah)"),
    (J.PBPU_MANDIRI, "PBPU/BP mandiri"),
    (J.PBI_APBN, "PBI APBN"),
]


def _code_combo(items: list[S.BudgetCode]) -> QComboBox:
    box = QComboBox()
    for c in items:
        box.addItem(c.label(), c.code)
    box.setMaxVisibleItems(20)
    return box


class LineDialog(QDialog):
    """Add or change a budget line: codes, pagu (and the revised pagu of an APBDes Perubahan),
    and the scheme that prices a person-month."""

    def __init__(self, ctx: AppContext, year: int, codes: list[S.BudgetCode], rates: list[A.Rate],
                 line: S.LineSummary | None = None, parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.ctx, self.line, self.rates, self.saved_id = ctx, line, rates, None
        self.setWindowTitle("Ubah baris anggaran" if line else "Tambah baris anggaran iuran JKN")
        form = QFormLayout()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(line.year if line else year)
        self.kegiatan = _code_combo([c for c in codes if c.kind == "kegiatan"])
        self.rekening = _code_combo([c for c in codes if c.kind == "rekening"])
        self.sumber = _code_combo([c for c in codes if c.kind == "sumber"])
        for box, default in (
            (self.kegiatan, "02.02.96"),
            (self.rekening, "5.2.7"),
            (self.sumber, "ADD"),
        ):
            box.setCurrentIndex(max(0, box.findData(default)))
        self.pagu = MoneyEdit()
        self.revised = QCheckBox("Ada APBDes Perubahan")
        self.pagu_revised = MoneyEdit()
        self.revised_on = OptionalDateEdit()
        form.addRow("Tahun anggaran", self.year)
        form.addRow("Kegiatan", self.kegiatan)
        form.addRow("Rekening", self.rekening)
        form.addRow("Sumber dana", self.sumber)
        self.dd_note = QLabel()
        self.dd_note.setWordWrap(True)
        self.dd_note.setStyleSheet(f"color: {AMBER};")
        form.addRow("", self.dd_note)
        form.addRow("Pagu (Rp)", self.pagu)
        revised_row = QHBoxLayout()
        revised_row.addWidget(self.revised)
        revised_row.addWidget(QLabel("pagu baru (Rp)"))
        revised_row.addWidget(self.pagu_revised, 1)
        revised_row.addWidget(QLabel("tanggal"))
        revised_row.addWidget(self.revised_on)
        form.addRow("Perubahan", revised_row)

        self.from_table = QRadioButton("Dari tabel tarif")
        self.custom = QRadioButton("Tarif khusus")
        self.segment = QComboBox()
        for code, label in SEGMENT_CHOICES:
            self.segment.addItem(label, code)
        self.kelas = QComboBox()
        for k in (3, 2, 1):
            self.kelas.addItem(f"Kelas {k}", k)
        self.share = QComboBox()
        self.share.addItem("Iuran penuh", A.SHARE_FULL)
        self.share.addItem("Bagian peserta saja (mandiri)", A.SHARE_PARTICIPANT)
        self.custom_rate = MoneyEdit()
        scheme_row = QHBoxLayout()
        for w in (self.from_table, self.segment, self.kelas, self.share):
            scheme_row.addWidget(w)
        custom_row = QHBoxLayout()
        custom_row.addWidget(self.custom)
        custom_row.addWidget(self.custom_rate, 1)
        custom_row.addWidget(QLabel("per orang per bulan"))
        form.addRow("Skema iuran", scheme_row)
        form.addRow("", custom_row)
        self.rate_note = QLabel()
        form.addRow("", self.rate_note)
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("mis. iuran warga miskin ber-SKTM yang tidak ditanggung PBI")
        form.addRow("Catatan", self.notes)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.error, _ = add_footer(self, layout, "Simpan", self._save)

        if line is not None:
            for box, value in (
                (self.kegiatan, line.kegiatan),
                (self.rekening, line.rekening),
                (self.sumber, line.sumber),
            ):
                box.setCurrentIndex(max(0, box.findData(value)))
            self.pagu.set_value(line.pagu_original)
            self.revised.setChecked(line.pagu_revised is not None)
            self.pagu_revised.set_value(line.pagu_revised)
            self.revised_on.set_value(line.revised_on)
            self.notes.setText(line.notes)
            sc = line.scheme
            if sc.is_custom:
                self.custom.setChecked(True)
                self.custom_rate.set_value(sc.custom_rate)
            else:
                self.from_table.setChecked(True)
                self.segment.setCurrentIndex(max(0, self.segment.findData(sc.segment)))
                self.kelas.setCurrentIndex(max(0, self.kelas.findData(sc.kelas)))
                self.share.setCurrentIndex(max(0, self.share.findData(sc.share)))
        else:
            self.from_table.setChecked(True)
        for sig in (self.segment.currentIndexChanged, self.kelas.currentIndexChanged,
                    self.share.currentIndexChanged, self.from_table.toggled, self.year.valueChanged,
                    self.custom_rate.textChanged, self.sumber.currentIndexChanged, self.revised.toggled):  # fmt: skip
            sig.connect(self._update)
        self._update()
        self.resize(760, 0)

    def scheme(self) -> A.Scheme:
        if self.custom.isChecked():
            return A.Scheme(custom_rate=self.custom_rate.value() or 0)
        return A.Scheme(
            self.segment.currentData(), self.kelas.currentData(), self.share.currentData()
        )

    def _update(self) -> None:
        table = self.from_table.isChecked()
        for w in (self.segment, self.kelas, self.share):
            w.setEnabled(table)
        self.custom_rate.setEnabled(not table)
        self.pagu_revised.setEnabled(self.revised.isChecked())
        self.revised_on.setEnabled(self.revised.isChecked())
        per_month = A.monthly_rates(self.scheme(), self.rates, self.year.value())
        distinct = sorted(set(per_month))
        if distinct == [0]:
            self.rate_note.setText(
                "Belum ada tarif untuk skema ini di tahun itu; isi tabel tarif di Pengaturan."
            )
            self.rate_note.setStyleSheet(f"color: {RED};")
        else:
            text = " / ".join(rupiah(r) for r in distinct if r)
            self.rate_note.setText(
                f"= {text} per orang per bulan"
                + (" (tarif berubah di tengah tahun)" if len(distinct) > 1 else "")
            )
            self.rate_note.setStyleSheet("")
        dds = self.sumber.currentData() == A.DANA_DESA
        self.dd_note.setVisible(dds)
        self.dd_note.setText(
            "Perhatian: Kemendes (2024) menyatakan Dana Desa tidak boleh dipakai membayar iuran BPJS Kesehatan."
            if dds
            else ""
        )

    def line_input(self) -> S.LineInput:
        revised = self.revised.isChecked()
        return S.LineInput(
            self.year.value(), self.kegiatan.currentData() or "", self.rekening.currentData() or "",
            self.sumber.currentData() or "", self.pagu.value() or 0, self.scheme(),
            self.pagu_revised.value() if revised else None,
            (self.revised_on.value() or dt.date.today()) if revised else None, self.notes.text(),
        )  # fmt: skip

    def _save(self) -> None:
        if self.pagu.value() is None:
            self.error.show_issue("Isi pagu dalam rupiah, tanpa sen (mis. 50.000.000).", True)
            return
        if self.revised.isChecked() and self.pagu_revised.value() is None:
            self.error.show_issue("Isi pagu setelah APBDes Perubahan, atau hapus centangnya.", True)
            return
        data = self.line_input()

        def done(result: Any) -> None:
            self.saved_id = result if self.line is None else self.line.id
            self.accept()

        if self.line is None:
            self.ctx.run(
                S.add_line,
                self.ctx.db,
                data,
                self.ctx.actor(),
                on_done=done,
                on_error=error_into(self.error, self.ctx.runner),
            )
        else:
            self.ctx.run(S.update_line, self.ctx.db, self.line.id, data, self.ctx.actor(), on_done=done,
                         on_error=error_into(self.error, self.ctx.runner))  # fmt: skip


# --- beneficiaries -----------------------------------------------------------------------------
def _guard_text(c: S.Candidate) -> str:
    return "; ".join([*(g.message for g in c.guards), *c.warnings]) or "siap ditambahkan"


FOUND_COLUMNS = [
    Column("", "NIK", lambda r: r.person.nik),
    Column("", "Nama", lambda r: r.person.name),
    Column("", "No. KK", lambda r: r.person.no_kk),
    Column("", "JKN", lambda r: J.SEGMENT_SHORT.get(r.person.segment, r.person.segment)
           + (f" · {J.STATUSES.get(r.person.status, '')}" if r.person.segment in J.JKN_SEGMENTS else "")),
]  # fmt: skip
CHOSEN_COLUMNS = [
    Column("", "NIK", lambda c: c.nik),
    Column("", "Nama", lambda c: c.name),
    Column(
        "",
        "Pemeriksaan",
        _guard_text,
        color=lambda c: RED if c.guards else GREEN,
        tooltip=_guard_text,
    ),
]


class BeneficiaryDialog(QDialog):
    """Find residents (NIK, name) or whole KKs, choose the months, and see at once what the
    guards say about each before anything is saved."""

    def __init__(self, ctx: AppContext, line: S.LineSummary, start: int = 1,
                 preset: list[int] | None = None, parent: QWidget | None = None):  # fmt: skip
        super().__init__(parent)
        self.ctx, self.line, self.added = ctx, line, 0
        self.chosen_ids: list[int] = list(preset or [])
        self.setWindowTitle(f"Tambah penerima — baris {line.id} ({line.kegiatan}, {line.sumber})")
        layout = QVBoxLayout(self)
        search_row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari NIK, No. KK atau nama penduduk…")
        search_row.addWidget(self.search, 1)
        self.add_person = QPushButton("Tambah orang")
        self.add_family = QPushButton("Tambah satu KK")
        search_row.addWidget(self.add_person)
        search_row.addWidget(self.add_family)
        layout.addLayout(search_row)
        self.found_model = ListTableModel(FOUND_COLUMNS)
        self.found = list_view(self.found_model)
        self.found.doubleClicked.connect(lambda *_: self._add_selected(False))
        layout.addWidget(self.found, 2)
        months = QHBoxLayout()
        months.addWidget(QLabel("Ditanggung mulai"))
        self.start = MonthCombo()
        self.start.set_month(min(max(start, 1), 12))
        months.addWidget(self.start)
        months.addWidget(QLabel("sampai"))
        self.end = MonthCombo()
        self.end.set_month(12)
        months.addWidget(self.end)
        months.addWidget(QLabel(f"tahun {line.year}"))
        months.addStretch(1)
        self.cost = QLabel()
        months.addWidget(self.cost)
        layout.addLayout(months)
        layout.addWidget(QLabel("Akan ditambahkan:"))
        self.chosen_model = ListTableModel(CHOSEN_COLUMNS)
        self.chosen = list_view(self.chosen_model)
        layout.addWidget(self.chosen, 2)
        row = QHBoxLayout()
        self.remove = QPushButton("Keluarkan dari daftar")
        row.addWidget(self.remove)
        row.addStretch(1)
        self.force = QCheckBox(
            "Tetap tambahkan yang bermasalah (tercatat sebagai pengecualian di riwayat)"
        )
        row.addWidget(self.force)
        layout.addLayout(row)
        self.error, self.buttons = add_footer(self, layout, "Tambahkan", self._save)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self._search)
        self.search.textChanged.connect(lambda *_: self.timer.start())
        self.search.returnPressed.connect(self._search)
        self.add_person.clicked.connect(lambda: self._add_selected(False))
        self.add_family.clicked.connect(lambda: self._add_selected(True))
        self.remove.clicked.connect(self._remove)
        self.start.currentIndexChanged.connect(self._check)
        self.end.currentIndexChanged.connect(self._check)
        self.force.toggled.connect(self._summary)
        self.candidates: list[S.Candidate] = []
        self.resize(900, 620)
        self._check()

    def _search(self) -> None:
        text = self.search.text().strip()
        if len(text) < 3:
            self.found_model.set_rows([])
            return
        self.ctx.query(counter_check, text, on_done=self.found_model.set_rows)

    def _add_selected(self, family: bool) -> None:
        rows = sorted({i.row() for i in self.found.selectionModel().selectedRows()})
        if not rows and self.found_model.rowCount() == 1:
            rows = [0]
        for r in rows:
            hit = self.found_model.row_object(r)
            if family:
                ids = [m.id for m in hit.household if m.status_dasar == 1] or [hit.person.id]
            else:
                ids = [hit.person.id]
            for rid in ids:
                if rid not in self.chosen_ids:
                    self.chosen_ids.append(rid)
        self._check()

    def _remove(self) -> None:
        rows = {i.row() for i in self.chosen.selectionModel().selectedRows()}
        drop = {self.chosen_model.row_object(r).resident_id for r in rows}
        self.chosen_ids = [i for i in self.chosen_ids if i not in drop]
        self._check()

    def _months(self) -> tuple[int, int]:
        return self.start.month(), self.end.month()

    def _check(self) -> None:
        start, end = self._months()
        self.error.clear_issue()
        if end < start:
            self.error.show_issue("Bulan akhir tidak boleh sebelum bulan mulai.", True)
            return
        if not self.chosen_ids:
            self.candidates = []
            self.chosen_model.set_rows([])
            self._summary()
            return

        def done(cands: list[S.Candidate]) -> None:
            self.candidates = cands
            self.chosen_model.set_rows(cands)
            self._summary()

        self.ctx.run(S.candidates, self.ctx.db, self.line.id, list(self.chosen_ids), start, end,
                     on_done=done, on_error=error_into(self.error, self.ctx.runner))  # fmt: skip

    def _to_add(self) -> list[S.Candidate]:
        return [c for c in self.candidates if self.force.isChecked() or not c.guards]

    def _summary(self) -> None:
        start, end = self._months()
        per_person = A.months_cost(self.line.per_month, start, end) if end >= start else 0
        n = len(self._to_add())
        blocked = sum(1 for c in self.candidates if c.guards)
        text = f"{n} orang × {rupiah(per_person)} = <b>{rupiah(n * per_person)}</b> (sisa baris {rupiah(self.line.remaining)})"
        if blocked and not self.force.isChecked():
            text += f"<br><span style='color:{RED}'>{blocked} orang bermasalah tidak ikut ditambahkan.</span>"
        self.cost.setText(text)
        ok = self.buttons.button(self.buttons.StandardButton.Ok)
        ok.setEnabled(n > 0)

    def _save(self) -> None:
        start, end = self._months()
        chosen = self._to_add()
        if not chosen:
            return

        def done(result: S.AddResult) -> None:
            self.added = len(result.added)
            self.accept()

        self.ctx.run(S.add_beneficiaries, self.ctx.db, self.line.id, [c.resident_id for c in chosen], start, end,
                     self.ctx.actor(), force=self.force.isChecked(), on_done=done, on_error=error_into(self.error, self.ctx.runner))  # fmt: skip


class PaymentDialog(QDialog):
    """Record what was paid for one month (the amount the beneficiaries imply is proposed)."""

    def __init__(
        self, ctx: AppContext, line: S.LineSummary, month: int, parent: QWidget | None = None
    ):
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
        self.implied.setText(f"Seharusnya {rupiah(implied)} ({self.line.people[m - 1]} penerima × "
                             f"{rupiah(self.line.per_month[m - 1])}); sudah dibayar {rupiah(self.line.paid[m - 1])}.")  # fmt: skip
        self.amount.set_value(max(0, implied - self.line.paid[m - 1]) or None)

    def _save(self) -> None:
        amount = self.amount.value()
        if not amount:
            self.error.show_issue("Isi jumlah yang dibayar dalam rupiah (mis. 1.260.000).", True)
            return
        d = self.paid_on.date()

        def done(_: Any) -> None:
            self.saved = True
            self.accept()

        self.ctx.run(S.add_payment, self.ctx.db, self.line.id, self.month.month(), amount,
                     dt.date(d.year(), d.month(), d.day()), self.reference.text(), self.ctx.actor(),
                     self.notes.text(), on_done=done, on_error=error_into(self.error, self.ctx.runner))  # fmt: skip


class EndDialog(QDialog):
    """End a beneficiary's coverage with a month (e.g. the month they died or moved)."""

    def __init__(self, ctx: AppContext, b: S.Beneficiary, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.b, self.saved = ctx, b, False
        self.setWindowTitle(f"Akhiri tanggungan — {b.name}")
        form = QFormLayout()
        self.end = MonthCombo(b.start)
        gone = next((g for g in b.guards if g.code == A.GUARD_GONE and g.end_at), None)
        self.end.set_month(gone.end_at if gone and gone.end_at else b.end)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("mis. meninggal dunia, pindah, sudah PBI")
        if gone is not None:
            self.reason.setText(gone.message.split(";")[0])
        form.addRow("Ditanggung sampai bulan", self.end)
        form.addRow("Alasan", self.reason)
        layout = QVBoxLayout(self)
        hint = QLabel(f"{b.name} ({b.nik}) saat ini ditanggung {A.month_range(b.start, b.end)}.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addLayout(form)
        self.error, _ = add_footer(self, layout, "Simpan", self._save)
        self.resize(460, 0)

    def _save(self) -> None:
        if not self.reason.text().strip():
            self.error.show_issue("Tuliskan alasannya (masuk ke riwayat).", True)
            return

        def done(_: Any) -> None:
            self.saved = True
            self.accept()

        self.ctx.run(S.end_beneficiary, self.ctx.db, self.b.id, self.end.month(), self.ctx.actor(),
                     self.reason.text().strip(), on_done=done, on_error=error_into(self.error, self.ctx.runner))  # fmt: skip

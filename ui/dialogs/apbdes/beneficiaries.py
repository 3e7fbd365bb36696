"""Adding beneficiaries to a line: find residents (NIK, name) or whole KKs, choose the months, and
see at once what the guards say about each before anything is saved; and ending someone's
coverage with a month."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import rupiah
from jkn_desktop.records.apbdes import AddResult, Beneficiary, Candidate, LineSummary
from jkn_desktop.services.apbdes.beneficiaries import add_beneficiaries, candidates, end_beneficiary
from jkn_desktop.services.membership.counter import counter_check
from ui.context import AppContext
from ui.dialogs.apbdes import AMBER, GREEN, RED
from ui.dialogs.simple import add_footer
from ui.flow import room_for_placeholder
from ui.table_model import Column, ListTableModel
from ui.widgets import MonthCombo, error_into, list_view


def _guard_text(c: Candidate) -> str:
    return "; ".join([*(g.message for g in c.guards), *c.warnings]) or "siap ditambahkan"


def _jkn_text(hit: Any) -> str:
    """The JKN state of a counter-check hit (a ``CheckResult``)."""
    p = hit.person
    status = f" · {J.STATUSES.get(p.status, '')}" if p.segment in J.JKN_SEGMENTS else ""
    return str(J.SEGMENT_SHORT.get(p.segment, p.segment)) + status


FOUND_COLUMNS = [
    Column("", "NIK", lambda r: r.person.nik),
    Column("", "Nama", lambda r: r.person.name),
    Column("", "No. KK", lambda r: r.person.no_kk),
    Column("", "JKN", _jkn_text),
]
CHOSEN_COLUMNS = [
    Column("", "NIK", lambda c: c.nik),
    Column("", "Nama", lambda c: c.name),
    Column(
        "",
        "Pemeriksaan",
        _guard_text,
        color=lambda c: RED if c.guards else AMBER if c.warnings else GREEN,
        tooltip=_guard_text,
    ),
]


class BeneficiaryDialog(QDialog):
    """Find residents (NIK, name) or whole KKs, choose the months, and see at once what the
    guards say about each before anything is saved."""

    def __init__(
        self,
        ctx: AppContext,
        line: LineSummary,
        start: int = 1,
        preset: list[int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.line, self.added = ctx, line, 0
        self.chosen_ids: list[int] = list(preset or [])
        self.setWindowTitle(f"Tambah penerima — baris {line.id} ({line.kegiatan}, {line.sumber})")
        layout = QVBoxLayout(self)
        layout.addLayout(self._search_row())
        self.found_model = ListTableModel(FOUND_COLUMNS)
        self.found = list_view(self.found_model)
        self.found.doubleClicked.connect(lambda *_: self._add_selected(False))
        layout.addWidget(self.found, 2)
        layout.addLayout(self._months_row(start, line.year))
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
        self.candidates: list[Candidate] = []
        self.resize(900, 620)
        self._check()

    def _search_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Cari NIK, No. KK atau nama penduduk…")
        row.addWidget(self.search, 1)
        self.add_person = QPushButton("Tambah orang")
        self.add_family = QPushButton("Tambah satu KK")
        row.addWidget(self.add_person)
        row.addWidget(self.add_family)
        return row

    def _months_row(self, start: int, year: int) -> QHBoxLayout:
        months = QHBoxLayout()
        months.addWidget(QLabel("Ditanggung mulai"))
        self.start = MonthCombo()
        self.start.set_month(min(max(start, 1), 12))
        months.addWidget(self.start)
        months.addWidget(QLabel("sampai"))
        self.end = MonthCombo()
        self.end.set_month(12)
        months.addWidget(self.end)
        months.addWidget(QLabel(f"tahun {year}"))
        months.addStretch(1)
        self.cost = QLabel()
        months.addWidget(self.cost)
        return months

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

        def done(cands: list[Candidate]) -> None:
            self.candidates = cands
            self.chosen_model.set_rows(cands)
            self._summary()

        on_error = error_into(self.error, self.ctx.runner)
        ids = list(self.chosen_ids)
        self.ctx.query(candidates, self.line.id, ids, start, end, on_done=done, on_error=on_error)

    def _to_add(self) -> list[Candidate]:
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

        def done(result: AddResult) -> None:
            self.added = len(result.added)
            self.accept()

        ids = [c.resident_id for c in chosen]
        self.ctx.op(
            add_beneficiaries,
            self.line.id,
            ids,
            start,
            end,
            force=self.force.isChecked(),
            on_done=done,
            on_error=error_into(self.error, self.ctx.runner),
        )


class EndDialog(QDialog):
    """End a beneficiary's coverage with a month (e.g. the month they died or moved)."""

    def __init__(self, ctx: AppContext, b: Beneficiary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.b, self.saved = ctx, b, False
        self.setWindowTitle(f"Akhiri tanggungan — {b.name}")
        form = QFormLayout()
        self.end = MonthCombo(b.start)
        gone = next((g for g in b.guards if g.code == A.GUARD_GONE and g.end_at), None)
        self.end.set_month(gone.end_at if gone and gone.end_at else b.end)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("mis. meninggal dunia, pindah, sudah PBI")
        room_for_placeholder(self.reason, 16)
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

        def done(_: object) -> None:
            self.saved = True
            self.accept()

        self.ctx.op(
            end_beneficiary,
            self.b.id,
            self.end.month(),
            self.reason.text().strip(),
            on_done=done,
            on_error=error_into(self.error, self.ctx.runner),
        )

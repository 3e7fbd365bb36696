"""The beneficiaries of the selected line, their months as a grid: add (the guards shown first),
end someone's coverage, or take a row entered by mistake off the line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from jkn_desktop.domain.formatting import angka, rupiah
from jkn_desktop.records.apbdes import Beneficiary, LineSummary
from jkn_desktop.services.apbdes.beneficiaries import beneficiaries, remove_beneficiary
from ui.context import AppContext
from ui.dialogs.apbdes import AMBER, GREEN, RED
from ui.dialogs.apbdes.beneficiaries import BeneficiaryDialog, EndDialog
from ui.dialogs.simple import ReasonDialog
from ui.pages.apbdes.lines_table import CENTER, RIGHT
from ui.table_model import Column, ListTableModel
from ui.widgets import list_view

ABBR = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def _guards(b: Beneficiary) -> str:
    """The guards that apply now, then the warnings that never block (no valid SKTM …)."""
    return "; ".join([*(g.message for g in b.guards), *b.warnings])


def _notes(b: Beneficiary) -> str:
    overridden = "dikecualikan: " + b.overridden if b.overridden and not b.guards else ""
    return "; ".join(x for x in (_guards(b), overridden) if x)


def _month_mark(month: int) -> Callable[[Beneficiary], str]:
    return lambda b: "●" if b.start <= month <= b.end else ""


def _red_if_guarded(b: Beneficiary) -> str | None:
    """Red: a guard applies (paid twice, gone …); amber: only a warning (no valid SKTM …)."""
    return RED if b.guards else AMBER if b.warnings else None


PEOPLE_COLUMNS = [
    Column("", "NIK", lambda b: b.nik),
    Column("", "Nama", lambda b: b.name, color=_red_if_guarded, tooltip=_guards),
    Column("", "Dusun / RT / RW", lambda b: " / ".join(x for x in (b.dusun, b.rt, b.rw) if x)),
    *[Column("", a, _month_mark(m), CENTER, color=lambda b: GREEN) for m, a in enumerate(ABBR, 1)],
    Column("", "Bulan", lambda b: str(b.months), RIGHT),
    Column("", "Biaya", lambda b: rupiah(b.cost), RIGHT),
    Column("", "Catatan", _notes, color=_red_if_guarded, tooltip=_guards),
]


class PeopleTab(QWidget):
    status_message = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.line: LineSummary | None = None
        v = QVBoxLayout(self)
        row = QHBoxLayout()
        self.add_btn = QPushButton("Tambah penerima…")
        self.end_btn = QPushButton("Akhiri tanggungan…")
        self.remove_btn = QPushButton("Hapus dari baris…")
        for b in (self.add_btn, self.end_btn, self.remove_btn):
            row.addWidget(b)
        row.addStretch(1)
        self.info = QLabel()
        row.addWidget(self.info)
        v.addLayout(row)
        self.model = ListTableModel(PEOPLE_COLUMNS)
        self.view = list_view(self.model, fit=False)
        for i, width in enumerate([140, 180, 130] + [34] * 12 + [52, 96]):
            self.view.setColumnWidth(i, width)
        self.view.doubleClicked.connect(lambda *_: self.end())
        v.addWidget(self.view)
        self.add_btn.clicked.connect(self._add_clicked)
        self.end_btn.clicked.connect(self.end)
        self.remove_btn.clicked.connect(self.remove)

    def set_line(self, line: LineSummary | None) -> None:
        self.line = line
        for b in (self.add_btn, self.end_btn, self.remove_btn):
            b.setEnabled(line is not None)
        if line is None:
            self.model.set_rows([])
            self.info.clear()

    def load(self) -> None:
        line = self.line
        if line is None:
            return
        text = f"{angka(line.beneficiaries)} penerima · komitmen {rupiah(line.committed)}"
        self.info.setText(text)

        def done(rows: list[Beneficiary]) -> None:
            self.model.set_rows(rows)
            without = len({b.resident_id for b in rows if b.warnings})
            if without:
                self.info.setText(f"{text} · ⚠ {angka(without)} tanpa SKTM")

        self.ctx.query(beneficiaries, line.id, on_done=done)

    def _add_clicked(self) -> None:  # clicked(bool) must not become the preset
        self.add()

    def add(self, preset: list[int] | None = None, start: int | None = None) -> None:
        """Residents to the selected line (``preset``: chosen already, e.g. from the priority
        list), starting ``start`` (by default the first month still open)."""
        line = self.line
        if line is None:
            return
        first = start or min(max(line.from_month, 1), 12)
        dialog = BeneficiaryDialog(self.ctx, line, first, preset, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.status_message.emit(f"{dialog.added} penerima ditambahkan ke baris {line.id}.")

    def _selected(self) -> Beneficiary | None:
        rows = self.view.selectionModel().selectedRows()
        found: Any = self.model.row_object(rows[0].row()) if rows else None
        return found if isinstance(found, Beneficiary) else None

    def end(self) -> None:
        b = self._selected()
        if b is not None:
            EndDialog(self.ctx, b, self).exec()

    def remove(self) -> None:
        b = self._selected()
        if b is None:
            return
        dialog = ReasonDialog(
            "Hapus penerima",
            f"Keluarkan {b.name} ({b.nik}) dari baris ini? Pakai ini hanya untuk salah input; "
            "bila tanggungan berhenti, pakai Akhiri tanggungan.",
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.op(remove_beneficiary, b.id, dialog.reason.text().strip())

"""The counter log under the counter check: the service asked for, what the office rule says for
this person and service (shown before the user decides, read again whenever either changes), the
outcome preset to what the rule suggests, a note, and "Catat"."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from jkn_desktop.domain import office as O
from jkn_desktop.records.counter import CounterService, VisitInput
from jkn_desktop.records.membership import JknRow
from jkn_desktop.services.office import counter_log as CL
from ui.context import AppContext
from ui.flow import room_for_placeholder
from ui.widgets import FieldError, error_into

# advice → (text colour, background)
GREEN = ("#1e5b2c", "#e3f3e6")
AMBER = ("#6b4500", "#fff1cc")
RED = ("#8c1d18", "#fbe3e1")
ADVICE_COLORS: dict[str, tuple[str, str]] = {
    O.BOLEH: GREEN,
    O.BOLEH_SARANKAN: GREEN,
    O.TAWARKAN_USULAN: AMBER,
    O.RUJUK_DAFTAR: RED,
    O.RUJUK_AKTIFKAN: RED,
    O.RUJUK_PPU: RED,
    O.TIDAK_HIDUP: AMBER,
}


class CounterLogPanel(QGroupBox):
    recorded = Signal(int)  # a visit was written (the resident's id): ready for the next person

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Catat di buku loket", parent)
        self.ctx = ctx
        self.person: JknRow | None = None
        self.advice: O.Advice | None = None
        self.generation = 0
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 4, 8, 6)
        grid.setVerticalSpacing(4)
        self.service = QComboBox()
        self.service.setMinimumContentsLength(24)
        self.service.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.advice_label = QLabel("Pilih penduduk untuk melihat aturan loket.")
        self.advice_label.setWordWrap(True)
        self.advice_label.setObjectName("hint")
        self.outcome = QComboBox()
        for key, label in O.OUTCOMES.items():
            self.outcome.addItem(label, key)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Catatan (boleh kosong)")
        room_for_placeholder(self.note, 16)
        self.note.setToolTip("mis. sudah membawa KK, diminta kembali setelah mendaftar")
        self.log_btn = QPushButton("Catat")
        self.log_btn.setDefault(False)
        self.log_btn.setAutoDefault(False)
        self.done = QLabel("")
        self.done.setWordWrap(True)
        self.done.setStyleSheet("color: #1e7b34;")
        self.done.hide()
        self.error = FieldError()
        grid.addWidget(QLabel("Layanan"), 0, 0)
        grid.addWidget(self.service, 0, 1, 1, 3)
        grid.addWidget(self.advice_label, 1, 0, 1, 4)
        grid.addWidget(QLabel("Hasil"), 2, 0)
        grid.addWidget(self.outcome, 2, 1)
        grid.addWidget(self.note, 2, 2)
        grid.addWidget(self.log_btn, 2, 3)
        grid.addWidget(self.done, 3, 0, 1, 4)
        grid.addWidget(self.error, 4, 0, 1, 4)
        grid.setColumnStretch(1, 3)
        grid.setColumnStretch(2, 2)
        self.service.currentIndexChanged.connect(lambda _i: self._ask_advice())
        self.log_btn.clicked.connect(self.record)
        self.note.returnPressed.connect(self.record)
        self.set_words_apbdes(ctx.words.has_apbdes)
        self.load_services()
        self._enable()

    def set_words_apbdes(self, has_apbdes: bool) -> None:
        """A kelurahan has no APBDes: no proposal to its line."""
        index = self.outcome.findData(O.DIUSULKAN_APBDES)
        if not has_apbdes and index >= 0:
            self.outcome.removeItem(index)

    def load_services(self) -> None:
        """The services of the setting (a query job), keeping the one chosen."""

        def fill(items: list[CounterService]) -> None:
            current = self.service.currentData()
            self.service.blockSignals(True)
            self.service.clear()
            for s in items:
                rule = " — wajib JKN aktif" if s.requires_jkn else ""
                self.service.addItem(f"{s.name}{rule}", s.name)
            self.service.setCurrentIndex(max(0, self.service.findData(current)))
            self.service.blockSignals(False)
            self._ask_advice()

        self.ctx.query(CL.services, on_done=fill)

    def set_person(self, person: JknRow | None) -> None:
        if person is None or self.person is None or person.id != self.person.id:
            self.done.hide()
        self.person = person
        self.error.clear_issue()
        self._ask_advice()

    def _enable(self) -> None:
        ready = self.person is not None and self.service.currentData() is not None
        for w in (self.outcome, self.note, self.log_btn):
            w.setEnabled(ready)

    def _show_advice(self, advice: O.Advice | None, text: str) -> None:
        self.advice = advice
        if advice is None:
            self.advice_label.setStyleSheet("")
            self.advice_label.setText(text)
        else:
            fg, bg = ADVICE_COLORS.get(advice.code, AMBER)
            self.advice_label.setStyleSheet(
                f"color: {fg}; background: {bg}; border-radius: 4px; padding: 4px 6px;"
            )
            self.advice_label.setText(f"Aturan loket: {advice.text}")
            index = self.outcome.findData(advice.suggested)
            if index >= 0:
                self.outcome.setCurrentIndex(index)
        self._enable()

    def _ask_advice(self) -> None:
        """Read the rule for this person and service again (stale answers are dropped)."""
        self.generation += 1
        generation = self.generation
        service = self.service.currentData()
        if self.person is None or service is None:
            self._show_advice(None, "Pilih penduduk untuk melihat aturan loket.")
            return

        def done(advice: O.Advice) -> None:
            if generation == self.generation:
                self._show_advice(advice, "")

        def failed(exc: BaseException) -> None:
            if generation == self.generation:
                self._show_advice(None, "")
                error_into(self.error, self.ctx.runner)(exc)

        self.ctx.query(CL.advice_for, self.person.id, service, on_done=done, on_error=failed)

    def record(self) -> None:
        """Write the visit (an op job); the dialog stays open for the next person."""
        person, service = self.person, self.service.currentData()
        if person is None or service is None or not self.log_btn.isEnabled():
            return
        outcome = str(self.outcome.currentData())
        visit = VisitInput(person.id, str(service), outcome, self.note.text())
        self.error.clear_issue()
        self.log_btn.setEnabled(False)

        def done(_vid: Any) -> None:
            proposed = outcome == O.DIUSULKAN_PBI
            extra = " · usulan PBI (draf) ada di halaman Usulan PBI" if proposed else ""
            self.done.setText(
                f"Tercatat: {person.name} — {service}: {O.OUTCOME_SHORT[outcome]}{extra}."
            )
            self.done.show()
            self.note.clear()
            self._enable()
            self.recorded.emit(visit.resident_id)

        def failed(exc: BaseException) -> None:
            self._enable()
            error_into(self.error, self.ctx.runner)(exc)

        self.ctx.op(CL.log_visit, visit, on_done=done, on_error=failed)

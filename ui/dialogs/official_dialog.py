"""An official of the village: pick the resident (NIK or name, as at the counter), the position,
kepala or perangkat, the SK and the start date; and the end of someone's time in office."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import officials as O
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.domain.office import KEPALA, PERANGKAT
from jkn_desktop.records.membership import CheckResult
from jkn_desktop.records.officials import Official, OfficialInput
from jkn_desktop.services.edit_conflict import EditConflict
from jkn_desktop.services.membership.counter import counter_check
from jkn_desktop.services.office import officials as S
from ui.context import AppContext
from ui.dialogs.simple import add_footer
from ui.table_model import Column, ListTableModel
from ui.widgets import OptionalDateEdit, error_into, list_view


def _jkn(hit: CheckResult) -> str:
    p = hit.person
    if p.segment in J.JKN_SEGMENTS:
        return f"{p.segment_label} · {J.STATUSES.get(p.status, p.status)}"
    return p.segment_label


FOUND_COLUMNS = [
    Column("", "NIK", lambda r: r.person.nik),
    Column("", "Nama", lambda r: r.person.name),
    Column("", "Dusun", lambda r: r.person.dusun),
    Column("", "JKN", _jkn),
]


class OfficialDialog(QDialog):
    """Add an official (``current`` None: with the resident picker) or correct one."""

    def __init__(
        self,
        ctx: AppContext,
        current: Official | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.current = ctx, current
        self.resident_id: int | None = current.resident_id if current else None
        words = ctx.words
        self.setWindowTitle(
            f"Ubah data pejabat — {current.name}" if current else f"Tambah pejabat {words.lower}"
        )
        layout = QVBoxLayout(self)
        if current is None:
            self.search = QLineEdit()
            self.search.setPlaceholderText("Cari penduduk: ketik NIK atau nama…")
            self.search.setClearButtonEnabled(True)
            layout.addWidget(self.search)
            self.found_model = ListTableModel(FOUND_COLUMNS)
            self.found = list_view(self.found_model, single=True)
            self.found.setMinimumHeight(120)
            layout.addWidget(self.found, 1)
            self.chosen = QLabel("Belum ada penduduk yang dipilih.")
            layout.addWidget(self.chosen)
            self.timer = QTimer(self)
            self.timer.setSingleShot(True)
            self.timer.setInterval(200)
            self.timer.timeout.connect(self.search_now)
            self.search.textChanged.connect(lambda *_: self.timer.start())
            self.search.returnPressed.connect(self.search_now)
            self.found.selectionModel().selectionChanged.connect(lambda *_: self._picked())
        else:
            layout.addWidget(QLabel(f"<b>{current.name}</b> · NIK {current.nik}"))
        form = QFormLayout()
        self.position = QComboBox()
        self.position.setEditable(True)
        self.position.addItems(list(O.positions(words)))
        self.position.setMinimumContentsLength(28)
        self.kind = QComboBox()
        self.kind.addItem(O.kind_label(KEPALA, words), KEPALA)
        self.kind.addItem(O.kind_label(PERANGKAT, words), PERANGKAT)
        self.sk = QLineEdit()
        self.sk.setPlaceholderText("mis. 141/05/KPTS/2024")
        self.started = OptionalDateEdit()
        self.notes = QLineEdit()
        form.addRow("Jabatan", self.position)
        form.addRow("Jenis", self.kind)
        form.addRow("Nomor SK", self.sk)
        form.addRow("Mulai menjabat", self.started)
        form.addRow("Catatan", self.notes)
        layout.addLayout(form)
        self.error, self.buttons = add_footer(self, layout, "Simpan", self._save)
        self.position.currentTextChanged.connect(self._position_changed)
        self._fill(current.as_input() if current else None)
        self.resize(640, 520 if current is None else 260)

    def _fill(self, data: OfficialInput | None) -> None:
        if data is None:
            self.position.setCurrentText(O.positions(self.ctx.words)[1])
            return
        self.position.setCurrentText(data.position)
        self.kind.setCurrentIndex(max(0, self.kind.findData(data.kind)))
        self.sk.setText(data.sk_number)
        self.started.set_value(data.started_on)
        self.notes.setText(data.notes)

    def _position_changed(self, text: str) -> None:
        head = text.strip().lower() == self.ctx.words.head.lower()
        self.kind.setCurrentIndex(self.kind.findData(KEPALA if head else PERANGKAT))

    def search_now(self) -> None:
        text = self.search.text().strip()
        if len(text) < 3:
            self.found_model.set_rows([])
            return
        self.ctx.query(counter_check, text, on_done=self.found_model.set_rows)

    def _picked(self) -> None:
        rows = self.found.selectionModel().selectedRows()
        hit = self.found_model.row_object(rows[0].row()) if rows else None
        if hit is None:
            return
        self.resident_id = hit.person.id
        self.chosen.setText(f"Dipilih: <b>{hit.person.name}</b> · NIK {hit.person.nik}")
        self.error.clear_issue()

    def value(self) -> OfficialInput:
        return OfficialInput(
            self.resident_id or 0,
            self.position.currentText(),
            str(self.kind.currentData()),
            self.sk.text(),
            self.started.value(),
            self.notes.text(),
        )

    def _save(self, *, overwrite: bool = False) -> None:
        data = self.value()
        shown = error_into(self.error, self.ctx.runner)
        if self.current is None:
            self.ctx.op(S.add_official, data, on_done=lambda _id: self.accept(), on_error=shown)
            return
        c = self.current
        opened = OfficialInput(
            c.resident_id, c.position, c.kind, c.sk_number, c.started_on, c.notes
        )

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, EditConflict):
                shown(exc)
                return
            from ui.dialogs import conflict

            if conflict.ask(exc, self) == conflict.OVERWRITE:
                self._save(overwrite=True)

        self.ctx.op(
            S.update_official,
            c.id,
            data,
            opened=None if overwrite else opened,
            on_done=lambda _none: self.accept(),
            on_error=failed,
        )


class EndOfficeDialog(QDialog):
    """The official left office: the date and the reason (the row stays as history)."""

    def __init__(self, ctx: AppContext, current: Official, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.current = ctx, current
        self.setWindowTitle("Berhenti menjabat")
        layout = QVBoxLayout(self)
        since = f", sejak {tanggal(current.started_on)}" if current.started_on else ""
        text = QLabel(
            f"<b>{current.name}</b> — {current.position}{since}. Catatan jabatannya tetap "
            "disimpan sebagai riwayat."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.ended = OptionalDateEdit()
        self.ended.set_value(dt.date.today())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("mis. mengundurkan diri, purnatugas, diberhentikan")
        form.addRow("Tanggal berhenti", self.ended)
        form.addRow("Alasan", self.reason)
        layout.addLayout(form)
        self.error, self.buttons = add_footer(self, layout, "Simpan", self._save)
        self.resize(480, 200)

    def _save(self) -> None:
        ended = self.ended.value()
        if ended is None:
            self.error.show_issue("Isi tanggal berhentinya.", True)
            return
        self.ctx.op(
            S.end_official,
            self.current.id,
            ended,
            self.reason.text(),
            on_done=lambda _none: self.accept(),
            on_error=error_into(self.error, self.ctx.runner),
        )

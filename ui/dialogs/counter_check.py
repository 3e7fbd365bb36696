"""The counter check (Ctrl+K from every page): type a NIK, a card number or part of a name and see
at once whether the person is an active JKN participant, with segment, card, as-of date, source,
and their household's members. Under the person, the counter log: the service asked for, what the
office rule says (before anyone decides), the outcome and a note, written with "Catat"; the dialog
stays open for the next person."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import rupiah, tanggal_pendek
from jkn_desktop.records.membership import CheckResult, JknRow
from jkn_desktop.services.membership.counter import counter_check
from ui.context import AppContext
from ui.dialogs.counter_log_panel import CounterLogPanel
from ui.formatting import shdk_label, status_label
from ui.table_model import Column, ListTableModel

DELAY_MS = 120


def _active(p: JknRow) -> bool:
    return p.segment in J.JKN_SEGMENTS and p.status == J.AKTIF


def _state(p: JknRow) -> str:
    if _active(p):
        return "Aktif"
    if p.segment in J.JKN_SEGMENTS:
        return J.STATUSES.get(p.status, p.status)
    return "Belum terdaftar" if p.segment == J.BELUM_TERDAFTAR else "Tidak diketahui"


MEMBER_COLUMNS = [
    Column("", "Hubungan", lambda p: shdk_label(p.shdk)),
    Column("", "Nama", lambda p: p.name),
    Column("", "NIK", lambda p: p.nik),
    Column("", "Status", lambda p: status_label(p.status_dasar)),
    Column(
        "",
        "JKN",
        lambda p: f"{p.segment_label} · {_state(p)}" if p.segment in J.JKN_SEGMENTS else _state(p),
        color=lambda p: "#1e7b34" if _active(p) else "#b3261e",
    ),
    Column("", "No. kartu", lambda p: p.card_no),
]


class CounterCheckDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.results: list[CheckResult] = []
        self.last_ms = 0.0
        self.generation = 0
        self.setWindowTitle("Cek kepesertaan JKN di loket")
        self.resize(1000, 560)  # fits a 1024×600 screen with the title bar
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Ketik NIK, nomor kartu JKN, atau nama …")
        self.search.setClearButtonEnabled(True)
        self.search.setStyleSheet("font-size: 14pt; padding: 6px;")
        layout.addWidget(self.search)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.list = QListWidget()
        split.addWidget(self.list)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        self.verdict = QLabel("")
        self.verdict.setObjectName("verdict")
        self.verdict.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.verdict.setMinimumHeight(44)
        rl.addWidget(self.verdict)
        self.detail = QLabel("")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rl.addWidget(self.detail)
        self.log = CounterLogPanel(ctx)
        self.log.recorded.connect(lambda _rid: self._next_person())
        rl.addWidget(self.log)
        title = QLabel("Anggota keluarga (KK)")
        title.setObjectName("sectionTitle")
        rl.addWidget(title)
        self.members = ListTableModel(MEMBER_COLUMNS)
        view = QTableView()
        view.setModel(self.members)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate([120, 170, 142, 60, 150]):
            view.setColumnWidth(col, width)
        view.setMinimumHeight(72)
        rl.addWidget(view, 1)
        split.addWidget(right)
        split.setSizes([260, 740])
        layout.addWidget(split, 1)
        self.note = QLabel("")
        self.note.setObjectName("hint")
        layout.addWidget(self.note)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.run_query)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.list.currentRowChanged.connect(self._show)
        self.search.setFocus()

    def run_query(self) -> None:
        text = self.search.text().strip()
        self.generation += 1
        generation = self.generation
        if len(text) < 3:
            self._fill([])
            self.note.setText("Ketik sedikitnya 3 huruf atau angka.")
            return
        started = time.perf_counter()

        def done(results: list[CheckResult]) -> None:
            if generation != self.generation:
                return
            self.last_ms = (time.perf_counter() - started) * 1000
            self._fill(results)
            self.note.setText(
                f"{len(results)} orang cocok"
                + (" (10 pertama)" if len(results) >= 10 else "")
                + "."
                if results
                else f"Tidak ada penduduk yang cocok dengan “{text}”."
            )

        self.ctx.query(counter_check, text, on_done=done)

    def _fill(self, results: list[CheckResult]) -> None:
        self.results = results
        self.list.clear()
        for r in results:
            p = r.person
            item = QListWidgetItem(f"{p.name}\n{p.nik} · {p.dusun} RT {p.rt}/RW {p.rw}")
            item.setForeground(Qt.GlobalColor.darkGreen if _active(p) else Qt.GlobalColor.darkRed)
            self.list.addItem(item)
        if results:
            self.list.setCurrentRow(0)
        else:
            self.verdict.setText("")
            self.verdict.setStyleSheet("")
            self.detail.setText("")
            self.members.set_rows([])
            self.log.set_person(None)

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.results):
            return
        r = self.results[row]
        p = r.person
        ok = _active(p)
        alive = p.status_dasar == codes.HIDUP
        if not alive:
            text, color = (
                f"{status_label(p.status_dasar).upper()} · {J.STEPS.get(p.step or '', 'tidak ada tindakan')}",
                "#6b4f00",
            )
        elif ok:
            text, color = f"AKTIF · {J.SEGMENTS.get(p.segment, p.segment)}", "#1e7b34"
        else:
            text, color = f"TIDAK AKTIF · {_state(p)}", "#b3261e"
        self.verdict.setText(text)
        self.verdict.setStyleSheet(
            f"background: {color}; color: white; font-size: 16pt; font-weight: 600; border-radius: 6px;"
        )
        lines = [
            f"<b>{p.name}</b> · NIK {p.nik} · {p.sex} · lahir {tanggal_pendek(p.birth_date)}",
            f"KK {p.no_kk or '—'} · Dusun {p.dusun or '—'} RT {p.rt or '—'} / RW {p.rw or '—'}"
            + (f" · desil {p.desil}" if p.desil else ""),
            f"No. kartu: {p.card_no or '—'} · kelas {p.kelas or '—'}",
            f"Keadaan per {tanggal_pendek(p.as_of) if p.as_of else 'tanggal tidak diketahui'}, sumber: "
            f"{self.ctx.words.source_label(p.source) or '—'}",
        ]
        if p.reason and p.uninsured:
            lines.append(f"Alasan: {J.REASONS.get(p.reason, p.reason)}")
        if p.step:
            lines.append(
                f"Langkah berikutnya: <b>{J.STEPS.get(p.step, p.step)}</b> "
                f"<span style='color:#555'>({J.STEP_BASIS.get(p.step, '')})</span>"
            )
        for w in r.warnings:
            lines.append(f"<span style='color:#b3261e'>Perhatian: {w.message}</span>")
        if r.outside_ppu:
            names = ", ".join(m.name for m in r.household if m.id in r.outside_ppu)
            lines.append(f"{J.NOT_COVERED_BY_PPU_LABEL}: {names}")
        if r.mandiri_cost:
            lines.append(
                "Anggota KK yang belum terlindungi sebagai PBPU mandiri kelas 3: "
                f"{rupiah(r.mandiri_cost)} sebulan"
            )
        self.detail.setText("<br>".join(lines))
        self.members.set_rows(r.household)
        self.log.set_person(p)

    def _next_person(self) -> None:
        """After "Catat": the search is selected, ready for the next person's NIK."""
        self.search.setFocus()
        self.search.selectAll()

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again (Ctrl+K): the services list may have changed in Pengaturan."""
        super().showEvent(event)
        self.log.load_services()

"""Usulan PBI: the month's suggestions from the membership rules (accept, or dismiss with a reason),
proposals added by hand (penggantian pairs a removal with an addition), the steps draft →
disetujui Musdes → dikirim → diterima / ditolak with their dates, and the Musyawarah Desa (in a
kelurahan: Musyawarah Kelurahan)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import usulan as U
from jkn_desktop.domain.formatting import tanggal_pendek
from jkn_desktop.domain.wilayah import VillageWords
from jkn_desktop.records.changes import HOUSEHOLD, MEMBERSHIP, RESIDENT, USULAN, VILLAGE
from jkn_desktop.records.usulan import (
    Dismissal,
    MusdesInput,
    Proposal,
    ProposalInput,
    UsulanMonth,
)
from jkn_desktop.services.usulan import musdes as M
from jkn_desktop.services.usulan import proposals as S
from jkn_desktop.services.usulan import suggestions as G
from ui.context import AppContext
from ui.dialogs.backup_dialogs import UndoDialog, bulk
from ui.dialogs.simple import add_footer
from ui.flow import FlowLayout, room_for_placeholder
from ui.pages.base import Page
from ui.pages.laporan import month_choices
from ui.table_model import Column, ListTableModel
from ui.widgets import error_into, list_view, warn_on_error

RED, GREEN = "#b3261e", "#1e7b34"
SUGGESTION_COLUMNS = [
    Column("", "Jenis", lambda s: s.kind_label),
    Column("", "Program", lambda s: s.track_label),
    Column("", "Alasan", lambda s: U.reason_label(U.PENGHAPUSAN, s.reason) if s.reason else ""),
    Column("", "NIK", lambda s: s.nik),
    Column("", "Nama", lambda s: s.name),
    Column("", "Dusun / RT / RW", lambda s: " / ".join(x for x in (s.dusun, s.rt, s.rw) if x)),
    Column("", "Yang terlihat", lambda s: s.why, tooltip=lambda s: s.why),
]


def _date(d: dt.date | None) -> str:
    return tanggal_pendek(d) if d else ""


def proposal_columns(ctx: AppContext) -> list[Column]:
    """The status names the meeting as the village holds it (Musdes, Musyawarah Kelurahan)."""
    status = Column(
        "",
        "Status",
        lambda p: ctx.words.status_label(p.status),
        color=lambda p: GREEN if p.status == U.DITERIMA else RED if p.status == U.DITOLAK else None,
    )
    return [status, *PROPOSAL_COLUMNS]


PROPOSAL_COLUMNS = [  # after the status
    Column("", "Jenis", lambda p: p.kind_label),
    Column("", "Program", lambda p: p.track_label),
    Column("", "NIK", lambda p: p.nik),
    Column("", "Nama", lambda p: p.name),
    Column("", "Dusun / RT / RW", lambda p: " / ".join(x for x in (p.dusun, p.rt, p.rw) if x)),
    Column(
        "",
        "Alasan",
        lambda p: p.reason_label + (f" — menggantikan {p.replaces_name}" if p.replaces_nik else ""),
        tooltip=lambda p: p.reason_label,
    ),
    Column("", "Catatan", lambda p: p.notes, tooltip=lambda p: p.notes),
    Column("", "Disetujui", lambda p: _date(p.approved_on)),
    Column("", "Dikirim", lambda p: _date(p.sent_on)),
    Column("", "Diputuskan", lambda p: _date(p.decided_on)),
]
MEETING_COLUMNS = [
    Column("", "Tanggal", lambda m: tanggal_pendek(m.held_on)),
    Column("", "Tempat", lambda m: m.place),
    Column("", "No. berita acara", lambda m: m.ba_number),
    Column("", "Peserta", lambda m: ", ".join(n for n, _ in m.participant_list())),
]


def _selected(view: QTableView, model: ListTableModel) -> list[Any]:
    return [
        model.row_object(i.row())
        for i in sorted(view.selectionModel().selectedRows(), key=lambda i: i.row())
    ]


class ProposalDialog(QDialog):
    """A proposal by hand: kind, NIK, reason for removals, the member replaced for a penggantian."""

    def __init__(self, ctx: AppContext, period: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.period, self.saved = ctx, period, False
        self.setWindowTitle("Tambah usulan")
        form = QFormLayout()
        self.kind = QComboBox()
        for k, label in U.KINDS.items():
            self.kind.addItem(label, k)
        self.track = QComboBox()
        for k, label in U.TRACKS.items():
            self.track.addItem(label, k)
        self.nik = QLineEdit()
        self.nik.setPlaceholderText("16 angka; untuk penggantian: yang diusulkan masuk")
        self.reason = QComboBox()
        for k, label in U.REMOVAL_REASONS.items():
            self.reason.addItem(label, k)
        self.replaces = QLineEdit()
        self.replaces.setPlaceholderText("NIK peserta yang digantikan")
        self.notes = QLineEdit()
        self.notes.setPlaceholderText(
            "mis. nomor surat fasilitas kesehatan (reaktivasi), data yang diperbaiki"
        )
        room_for_placeholder(self.notes, 16)
        form.addRow("Jenis usulan", self.kind)
        form.addRow("Program", self.track)
        form.addRow("NIK", self.nik)
        form.addRow("Alasan penghapusan", self.reason)
        form.addRow("Menggantikan NIK", self.replaces)
        form.addRow("Catatan", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.error, _ = add_footer(self, layout, "Simpan", self._save)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.resize(560, 0)

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.reason.setEnabled(U.needs_reason(kind))
        self.replaces.setEnabled(kind == U.PENGGANTIAN)

    def _save(self) -> None:
        kind = self.kind.currentData()
        replacing = kind == U.PENGGANTIAN
        data = ProposalInput(
            self.period,
            kind,
            self.nik.text(),
            reason=self.reason.currentData() if U.needs_reason(kind) and not replacing else "",
            notes=self.notes.text(),
            replaces_nik=self.replaces.text() if replacing else "",
            replaces_reason=self.reason.currentData() if replacing else "",
            track=self.track.currentData(),
        )

        def done(_: Any) -> None:
            self.saved = True
            self.accept()

        failed = error_into(self.error, self.ctx.runner)

        self.ctx.op(S.add, data, on_done=done, on_error=failed)


class MusdesDialog(QDialog):
    """Record the meeting (Musyawarah Desa or Kelurahan); the selected draft proposals become
    "disetujui Musdes"."""

    def __init__(self, ctx: AppContext, drafts: list[Proposal], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.drafts = ctx, drafts
        self.saved_id: int | None = None
        words = ctx.words
        self.setWindowTitle(f"Catat {words.meeting}")
        form = QFormLayout()
        self.held_on = QDateEdit(QDate.currentDate())
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("dd-MM-yyyy")
        self.place = QLineEdit(words.hall)
        self.ba = QLineEdit()
        self.ba.setPlaceholderText("mis. 140/12/BA/XI/2026")
        self.people = QPlainTextEdit()
        self.people.setPlaceholderText(
            f"Satu orang per baris: Nama — unsur\nmis. Sutrisno — {words.head}\n"
            f"Harjono — Ketua {words.council_abbr}\nParto — tokoh masyarakat"
        )
        self.people.setFixedHeight(110)
        self.notes = QLineEdit()
        form.addRow("Tanggal", self.held_on)
        form.addRow("Tempat", self.place)
        form.addRow("Nomor berita acara", self.ba)
        form.addRow("Peserta", self.people)
        form.addRow("Catatan", self.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"{len(drafts)} usulan draf terpilih akan dicatat sebagai disetujui "
                f"{words.meeting_short}."
            )
        )
        layout.addLayout(form)
        self.error, _ = add_footer(self, layout, "Simpan", self._save)
        self.resize(560, 0)

    def _save(self) -> None:
        d = self.held_on.date()
        data = MusdesInput(
            dt.date(d.year(), d.month(), d.day()),
            self.place.text(),
            self.people.toPlainText(),
            self.ba.text(),
            self.notes.text(),
        )

        def done(mid: int) -> None:
            self.saved_id = mid
            self.accept()

        failed = error_into(self.error, self.ctx.runner)

        approve = [p.id for p in self.drafts]
        self.ctx.op(M.record_musdes, data, approve, on_done=done, on_error=failed, **bulk(approve))


class UsulanPage(Page):
    title = "Usulan PBI"
    shows = frozenset({RESIDENT, HOUSEHOLD, MEMBERSHIP, USULAN, VILLAGE})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        top = QHBoxLayout()
        top.addWidget(QLabel("Bulan usulan"))
        self.period = QComboBox()
        for key, label in month_choices():
            self.period.addItem(label, key)
        top.addWidget(self.period)
        self.counts = QLabel()
        top.addWidget(self.counts, 1)
        self.undo_btn = QPushButton("Batalkan langkah terakhir…")
        self.undo_btn.setToolTip("Kembalikan keadaan sebelum perubahan usulan sekaligus tadi")
        self.undo_btn.hide()  # shown after a step on several proposals
        self.undo_btn.clicked.connect(self.open_undo)
        top.addWidget(self.undo_btn)
        self.layout_.addLayout(top)
        self.tabs = QTabWidget()
        self.layout_.addWidget(self.tabs, 1)

        self.tabs.addTab(self._suggestions_tab(), "Saran")
        self.tabs.addTab(self._proposals_tab(), "Usulan bulan ini")
        self.tabs.addTab(self._meetings_tab(), "")
        self.set_words(ctx.words)
        self._connect()

    def _suggestions_tab(self) -> QWidget:
        """The month's suggestions: accept, dismiss with a reason, see the dismissed."""
        w = QWidget()
        v = QVBoxLayout(w)
        row = QHBoxLayout()
        self.accept_btn = QPushButton("Jadikan usulan")
        self.dismiss_btn = QPushButton("Abaikan…")
        self.dismissed_btn = QPushButton("Yang diabaikan…")
        for b in (self.accept_btn, self.dismiss_btn, self.dismissed_btn):
            row.addWidget(b)
        row.addStretch(1)
        self.suggest_info = QLabel()
        row.addWidget(self.suggest_info)
        v.addLayout(row)
        self.suggest_model = ListTableModel(SUGGESTION_COLUMNS)
        self.suggest_view = list_view(self.suggest_model)
        v.addWidget(self.suggest_view)
        return w

    def _proposals_tab(self) -> QWidget:
        """The month's proposals and their steps."""
        w = QWidget()
        v = QVBoxLayout(w)
        row = FlowLayout()  # wraps on a narrow screen
        self.add_btn = QPushButton("Tambah usulan…")
        self.notes_btn = QPushButton("Ubah catatan…")
        self.delete_btn = QPushButton("Hapus draf…")
        self.musdes_btn = QPushButton()
        self.sent_btn = QPushButton("Tandai dikirim")
        self.accepted_btn = QPushButton("Diterima")
        self.rejected_btn = QPushButton("Ditolak")
        for b in (
            self.add_btn,
            self.notes_btn,
            self.delete_btn,
            self.musdes_btn,
            self.sent_btn,
            self.accepted_btn,
            self.rejected_btn,
        ):
            row.add(b)
        v.addLayout(row)
        self.model = ListTableModel(proposal_columns(self.ctx))
        self.view = list_view(self.model)
        # a long reason must not push the dates off the screen (the full text is on hover)
        self.model.modelReset.connect(
            lambda: self.view.setColumnWidth(5, min(self.view.columnWidth(5), 260))
        )
        v.addWidget(self.view)
        return w

    def _meetings_tab(self) -> QWidget:
        """The meetings (Musdes or Musyawarah Kelurahan) recorded so far."""
        w = QWidget()
        v = QVBoxLayout(w)
        self.meeting_hint = QLabel()
        self.meeting_hint.setObjectName("hint")
        v.addWidget(self.meeting_hint)
        self.meeting_model = ListTableModel(MEETING_COLUMNS)
        v.addWidget(list_view(self.meeting_model))
        return w

    def _connect(self) -> None:
        self.period.currentIndexChanged.connect(lambda *_: self.reload())
        self.accept_btn.clicked.connect(self._accept)
        self.dismiss_btn.clicked.connect(self._dismiss)
        self.dismissed_btn.clicked.connect(self._show_dismissed)
        self.add_btn.clicked.connect(self._add)
        self.notes_btn.clicked.connect(self._notes)
        self.delete_btn.clicked.connect(self._delete)
        self.musdes_btn.clicked.connect(self._musdes)
        self.sent_btn.clicked.connect(lambda: self._move(U.DIKIRIM))
        self.accepted_btn.clicked.connect(lambda: self._move(U.DITERIMA))
        self.rejected_btn.clicked.connect(lambda: self._move(U.DITOLAK))

    def set_words(self, words: VillageWords) -> None:
        self.musdes_btn.setText(f"Setujui di {words.meeting_short}…")
        self.meeting_hint.setText(
            f"Berita acara dicetak dari halaman Laporan (Berita acara {words.meeting})."
        )
        self.tabs.setTabText(2, words.meeting)

    def current_period(self) -> str:
        return str(self.period.currentData())

    def reload(self) -> None:
        period = self.current_period()

        def got(data: UsulanMonth) -> None:
            suggestions, proposals = data.suggestions, data.proposals
            self.suggest_model.set_rows(suggestions)
            self.model.set_rows(proposals)
            self.meeting_model.set_rows(data.meetings)
            self.suggest_info.setText(f"{len(suggestions)} saran belum diputuskan")
            by_kind = {k: sum(1 for p in proposals if p.kind == k) for k in U.KINDS}
            self.counts.setText(
                " · ".join(f"{U.KINDS[k]} {n}" for k, n in by_kind.items() if n)
                or "Belum ada usulan bulan ini."
            )

        self.ctx.query(G.month, period, on_done=got)

    def _report(self, exc: BaseException) -> None:
        warn_on_error(self, "Tidak bisa", self.ctx.runner)(exc)

    def _accept(self) -> None:
        chosen = _selected(self.suggest_view, self.suggest_model)
        if not chosen:
            QMessageBox.information(
                self, "Saran", "Pilih dulu saran yang dijadikan usulan (Ctrl+A untuk semua)."
            )
            return

        def made(ids: list[int]) -> None:
            self.stepped(chosen, f"{len(ids)} usulan draf dibuat.")

        self.ctx.op(
            G.accept,
            self.current_period(),
            chosen,
            on_done=made,
            on_error=self._report,
            **bulk(chosen),
        )

    def _dismiss(self) -> None:
        chosen = _selected(self.suggest_view, self.suggest_model)
        if not chosen:
            return
        reason, ok = QInputDialog.getText(
            self,
            "Abaikan saran",
            f"Alasan mengabaikan {len(chosen)} saran (tetap diabaikan bulan berikutnya):",
        )
        if ok:
            self.ctx.op(
                G.dismiss,
                chosen,
                reason,
                self.current_period(),
                on_done=lambda _: self.stepped(chosen, f"{len(chosen)} saran diabaikan."),
                on_error=self._report,
                **bulk(chosen),
            )

    def _show_dismissed(self) -> None:
        def show(items: list[Dismissal]) -> None:
            if not items:
                QMessageBox.information(
                    self, "Saran yang diabaikan", "Belum ada saran yang diabaikan."
                )
                return
            labels = [
                f"{U.KINDS.get(d.kind, d.kind)}: {d.nik} {d.name} — {d.reason} ({d.period}, {d.actor})"
                for d in items
            ]
            choice, ok = QInputDialog.getItem(
                self, "Saran yang diabaikan", "Pilih untuk dimunculkan lagi:", labels, 0, False
            )
            if ok:
                d = items[labels.index(choice)]
                self.ctx.op(G.undismiss, d.nik, d.kind)

        self.ctx.query(G.dismissals, on_done=show)

    def _add(self) -> None:
        # the saved proposal refreshes this page through the job's changes
        ProposalDialog(self.ctx, self.current_period(), self).exec()

    def _notes(self) -> None:
        chosen = _selected(self.view, self.model)
        if len(chosen) != 1:
            return
        p = chosen[0]
        text, ok = QInputDialog.getText(
            self,
            "Catatan usulan",
            f"Catatan untuk {p.name} ({p.kind_label.lower()}):",
            text=p.notes,
        )
        if ok:
            self.ctx.op(S.update_notes, p.id, text)

    def _delete(self) -> None:
        chosen = _selected(self.view, self.model)
        if len(chosen) != 1:
            return
        reason, ok = QInputDialog.getText(
            self, "Hapus usulan draf", f"Alasan menghapus usulan {chosen[0].name}:"
        )
        if ok and reason.strip():
            self.ctx.op(S.delete_draft, chosen[0].id, reason, on_error=self._report)

    def _musdes(self) -> None:
        drafts = [p for p in _selected(self.view, self.model) if p.status == U.DRAFT]
        if not drafts:
            drafts = [p for p in self.model.rows() if p.status == U.DRAFT]
        if not drafts:
            QMessageBox.information(
                self, self.ctx.words.meeting, "Tidak ada usulan draf untuk disetujui."
            )
            return
        if MusdesDialog(self.ctx, drafts, self).exec() == QDialog.DialogCode.Accepted:
            self.stepped(drafts, f"{len(drafts)} usulan disetujui.")

    def _move(self, status: str) -> None:
        chosen = _selected(self.view, self.model)
        if not chosen:
            QMessageBox.information(self, "Usulan", "Pilih dulu usulan yang statusnya diubah.")
            return
        # dated the job's day
        self.ctx.op(
            S.set_status,
            [p.id for p in chosen],
            status,
            on_done=lambda _: self.stepped(chosen, f"Status {len(chosen)} usulan diubah."),
            on_error=self._report,
            **bulk(chosen),
        )

    def stepped(self, items: list[Any], text: str) -> None:
        """A step done: said in the status bar; one on several proposals can be undone."""
        if len(items) > 1:
            self.undo_btn.show()
            text += " Bila keliru: Batalkan langkah terakhir…"
        self.status_message.emit(text)

    def open_undo(self) -> UndoDialog:
        dialog = UndoDialog(self.ctx, self)
        dialog.restored.connect(lambda _: self.undo_btn.hide())
        dialog.open()
        return dialog

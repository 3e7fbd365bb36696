"""Penerimaan Paket: the villages' monthly packages are dropped on the page (one file, many, or a
folder — a flash drive, a WhatsApp download folder) or picked; each is checked and taken in whole
or refused with the reason. A village's first signed package waits for the person to compare its
key's fingerprint with the village's Berita Acara; a package signed with another key is taken in
only when the village's key is re-registered with a reason. Below, every package taken in (the
replaced versions too), and returning one to its village with a note."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.formatting import angka, waktu
from jkn_desktop.domain.roles import SETTINGS, roles_in_words
from jkn_desktop.errors import Cancelled, UserError
from jkn_desktop.records.changes import EVERYTHING
from jkn_desktop.records.kecamatan import PackageRow, Received, ReceiveReport, Refused
from jkn_desktop.services.kecamatan.keys import registered_key
from jkn_desktop.services.kecamatan.packages import CURRENT, packages, periods_received
from ui.context import AppContext
from ui.dialogs.kecamatan_dialogs import (
    KeyConfirmDialog,
    ReregisterDialog,
    ReturnDialog,
    period_label,
)
from ui.pages.kecamatan import KecamatanPage
from ui.table_model import Column, ListTableModel
from ui.widgets import list_view, warn_on_error

KEY_NEW, KEY_OTHER = "PAKET_KUNCI_BARU", "PAKET_KUNCI_LAIN"
GREEN, RED, GREY, AMBER = "#1b5e20", "#b3261e", "#6b6b6b", "#8a5a00"


@dataclass
class ReceiveOutcome:
    report: ReceiveReport
    files: dict[str, Path] = field(default_factory=dict)  # file name → the path read
    total: int = 0
    cancelled: bool = False


def receive_job(
    db: Any,
    paths: Sequence[Path],
    user: str,
    *,
    register_new_keys: bool = False,
    reregister_reason: str = "",
    progress: Any = None,
) -> ReceiveOutcome:
    """Runs on the worker: the batch, each package in its own transaction. Cancel stops between
    packages; what was taken in before stays, and the report says so."""
    from jkn_desktop.services.kecamatan.batch import receive_files
    from jkn_desktop.services.kecamatan.receive import package_files

    files, _refused = package_files(paths)
    stopped = (lambda: bool(progress.cancelled)) if progress is not None else None

    def step(done: int, total: int) -> None:
        if progress is not None and not progress.cancelled:
            progress(done, total)

    report = receive_files(
        db,
        paths,
        user=user,
        register_new_keys=register_new_keys,
        reregister_reason=reregister_reason,
        progress=step,
        cancelled=stopped,
    )
    return ReceiveOutcome(
        report,
        {p.name: p for p in files},
        len(files),
        bool(progress is not None and progress.cancelled),
    )


def _received_note(r: Received) -> str:
    if r.already:
        note = "sudah pernah diterima; tidak ada yang berubah"
    elif r.superseded:
        note = "disimpan sebagai versi lama (paket yang lebih baru sudah ada)"
    elif r.replaced:
        note = "mengganti paket sebelumnya"
    else:
        note = "diterima"
    return note if r.signed else f"{note}; tanpa tanda tangan"


RECEIVED_COLUMNS = [
    Column("", "Desa", lambda r: r.village),
    Column("", "Bulan", lambda r: period_label(r.period)),
    Column("", "Baris", lambda r: "" if r.already else angka(r.rows), Qt.AlignmentFlag.AlignRight),
    Column("", "Keterangan", _received_note, color=lambda r: GREY if r.already else GREEN),
    Column("", "Berkas", lambda r: r.file),
]
REFUSED_COLUMNS = [
    Column("", "Berkas", lambda r: r.file, tooltip=lambda r: r.file),
    Column("", "Desa", lambda r: r.village or r.kode_wilayah),
    Column("", "Bulan", lambda r: period_label(r.period) if r.period else ""),
    Column("", "Alasan", lambda r: r.message, tooltip=lambda r: r.message, color=lambda r: RED),
]


def _state(p: PackageRow) -> str:
    if p.returned_at is not None:
        return "dikembalikan ke desa"
    return "berlaku" if p.state == CURRENT else "diganti versi lebih baru"


def _state_color(p: PackageRow) -> str | None:
    if p.returned_at is not None:
        return AMBER
    return None if p.state == CURRENT else GREY


PACKAGE_COLUMNS = [
    Column("", "Bulan", lambda p: period_label(p.period)),
    Column("", "Desa", lambda p: p.village),
    Column("", "Keadaan", _state, color=_state_color),
    Column("", "Baris", lambda p: angka(p.rows), Qt.AlignmentFlag.AlignRight),
    Column("", "Dibuat desa", lambda p: waktu(p.made_at)),
    Column("", "Diterima", lambda p: waktu(p.received_at)),
    Column("", "Sidik kunci", lambda p: p.fingerprint if p.signed else "tanpa tanda tangan"),
    Column("", "Penerima", lambda p: p.received_by),
    Column("", "Catatan", lambda p: p.returned_note, tooltip=lambda p: p.returned_note),
    Column("", "Berkas", lambda p: p.file_name),
]


class DropZone(QFrame):
    """The framed area that says what may be dropped (the whole page accepts the drop)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#dropZone { font-size: 10pt; }"
            '#dropZone[over="true"] { background: #e3f1f4; border-color: #1b7a8c; }'
        )
        layout = QHBoxLayout(self)
        text = QLabel(
            "<b>Tarik paket desa ke sini</b> — satu berkas, beberapa berkas, atau satu folder "
            "(flashdisk, folder unduhan WhatsApp). Semua berkas .xlsx di dalam folder diperiksa; "
            "berkas lain dilewati."
        )
        text.setWordWrap(True)
        layout.addWidget(text, 1)
        self.files_btn = QPushButton("Pilih berkas…")
        self.folder_btn = QPushButton("Pilih folder…")
        layout.addWidget(self.files_btn)
        layout.addWidget(self.folder_btn)

    def set_over(self, over: bool) -> None:
        self.setProperty("over", "true" if over else "false")
        self.style().unpolish(self)
        self.style().polish(self)


class PenerimaanPage(KecamatanPage):
    title = "Penerimaan Paket"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.setAcceptDrops(True)
        self.last: ReceiveOutcome | None = None
        self.drop = DropZone()
        self.layout_.addWidget(self.drop)
        self.drop.files_btn.clicked.connect(self._pick_files)
        self.drop.folder_btn.clicked.connect(self._pick_folder)

        # the last batch: what was taken in, what was refused and why
        self.summary = QLabel("Belum ada paket yang diterima sejak program dibuka.")
        self.summary.setWordWrap(True)
        self.received_model = ListTableModel(RECEIVED_COLUMNS)
        self.refused_model = ListTableModel(REFUSED_COLUMNS)
        self.received_view = list_view(self.received_model, single=True)
        self.refused_view = list_view(self.refused_model, fit=False, single=True)
        self.refused_view.setWordWrap(True)
        refused_header = self.refused_view.horizontalHeader()
        for column in (1, 2):
            refused_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.refused_view.setColumnWidth(0, 210)  # the file name: long ones are cut, the tip shows
        refused_header.setSectionResizeMode(
            len(REFUSED_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch
        )
        self.refused_model.modelReset.connect(self.refused_view.resizeRowsToContents)
        refused_header.sectionResized.connect(lambda *_: self.refused_view.resizeRowsToContents())
        self.received_title = QLabel("Diterima")
        self.refused_title = QLabel("Tidak diterima")
        for title in (self.received_title, self.refused_title):
            title.setObjectName("sectionTitle")
        self.reregister_btn = QPushButton("Daftarkan ulang kunci desa dan terima…")
        self.reregister_btn.setEnabled(False)
        self.reregister_btn.clicked.connect(self._reregister)
        refused_head = QHBoxLayout()
        refused_head.addWidget(self.refused_title, 1)
        refused_head.addWidget(self.reregister_btn)
        result = QWidget()
        result_layout = QVBoxLayout(result)
        result_layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        top, bottom = QWidget(), QWidget()
        top_layout, bottom_layout = QVBoxLayout(top), QVBoxLayout(bottom)
        for lay in (top_layout, bottom_layout):
            lay.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.received_title)
        top_layout.addWidget(self.received_view)
        bottom_layout.addLayout(refused_head)
        bottom_layout.addWidget(self.refused_view)
        self.reason = QLabel()  # the selected refusal's whole sentence
        self.reason.setWordWrap(True)
        self.reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reason.setStyleSheet("color: #b3261e;")
        bottom_layout.addWidget(self.reason)
        split.addWidget(top)
        split.addWidget(bottom)
        result_layout.addWidget(split, 1)
        self.refused_view.selectionModel().selectionChanged.connect(self._refused_selected)

        # every package taken in
        listing = QWidget()
        list_layout = QVBoxLayout(listing)
        row = QHBoxLayout()
        row.addWidget(QLabel("Bulan"))
        self.period = QComboBox()
        self.period.setMinimumWidth(160)
        row.addWidget(self.period)
        self.list_count = QLabel()
        row.addWidget(self.list_count, 1)
        self.return_btn = QPushButton("Kembalikan ke desa…")
        self.return_btn.setEnabled(False)
        self.return_btn.setToolTip("Kirim balik paket yang dipilih dengan catatan perbaikan")
        row.addWidget(self.return_btn)
        list_layout.addLayout(row)
        self.package_model = ListTableModel(PACKAGE_COLUMNS)
        self.package_view = list_view(self.package_model, single=True)
        list_layout.addWidget(self.package_view, 1)
        self.period.activated.connect(lambda _i: self._load_packages())
        self.return_btn.clicked.connect(self._return)
        self.package_view.selectionModel().selectionChanged.connect(self._package_selected)
        self.package_view.doubleClicked.connect(lambda _i: self._return())

        self.tabs = QTabWidget()
        self.tabs.addTab(result, "Hasil penerimaan")
        self.tabs.addTab(listing, "Daftar paket")
        self.layout_.addWidget(self.tabs, 1)
        self.tabs.setCurrentIndex(1)

    # --- the list of packages -----------------------------------------------------------------
    def reload(self) -> None:
        def got(periods: list[str]) -> None:
            keep = self.period.currentData()
            self.period.clear()
            self.period.addItem("Semua bulan", None)
            for p in reversed(periods):
                self.period.addItem(period_label(p), p)
            self.period.setCurrentIndex(max(0, self.period.findData(keep)))
            self._load_packages()

        self.ctx.query(periods_received, on_done=got)

    def _load_packages(self) -> None:
        def show(rows: list[PackageRow]) -> None:
            self.package_model.set_rows(rows)
            current = sum(p.state == CURRENT for p in rows)
            self.list_count.setText(
                f"{angka(len(rows))} paket, {angka(current)} berlaku"
                if rows
                else "Belum ada paket yang diterima."
            )
            self._package_selected()

        self.ctx.query(packages, period=self.period.currentData(), on_done=show)

    def _selected_package(self) -> PackageRow | None:
        rows = self.package_view.selectionModel().selectedRows()
        return self.package_model.row_object(rows[0].row()) if rows else None

    def _package_selected(self, *_args: Any) -> None:
        p = self._selected_package()
        self.return_btn.setEnabled(p is not None and p.state == CURRENT)

    def _return(self) -> None:
        p = self._selected_package()
        if p is None or p.state != CURRENT:
            return
        if ReturnDialog(self.ctx, p, self).exec() == QDialog.DialogCode.Accepted:
            self.status_message.emit(
                f"Paket Desa {p.village} {period_label(p.period)} dikembalikan ke desa."
            )
            self._changed()

    # --- receiving ----------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
            self.drop.set_over(True)

    def dragLeaveEvent(self, event: Any) -> None:
        self.drop.set_over(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.drop.set_over(False)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.receive(paths)

    def _pick_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Pilih paket desa",
            "",
            "Paket desa atau kiriman kecamatan (*.xlsx *.zip);;Semua berkas (*)",
        )
        if names:
            self.receive([Path(n) for n in names])

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Pilih folder berisi paket desa")
        if folder:
            self.receive([Path(folder)])

    def receive(
        self, paths: Sequence[Path], *, register_new_keys: bool = False, reason: str = ""
    ) -> None:
        """Take in a batch on the worker, with progress and Cancel; then show what came of it."""

        def done(outcome: ReceiveOutcome) -> None:
            self._show_outcome(outcome, merge=register_new_keys or bool(reason))
            self._changed()
            if not (register_new_keys or reason):
                self._confirm_new_keys(outcome)

        self.ctx.run(
            receive_job,
            self.ctx.db,
            list(paths),
            self.ctx.actor(),
            register_new_keys=register_new_keys,
            reregister_reason=reason,
            on_done=done,
            on_error=self._failed,
            label="Menerima paket desa …",
            parent=self,
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.summary.setText("Penerimaan dibatalkan.")
            self._changed()
            return
        warn_on_error(self, "Paket tidak diterima", self.ctx.runner)(exc)
        if isinstance(exc, UserError):
            self._changed()

    def _show_outcome(self, outcome: ReceiveOutcome, *, merge: bool) -> None:
        """The batch's result; a second step of the same batch (keys confirmed, a key
        re-registered) takes its files out of the refused list and adds what it received."""
        report = outcome.report
        if merge and self.last is not None:
            again = {r.file for r in report.received} | {r.file for r in report.refused}
            kept = [r for r in self.last.report.refused if r.file not in again]
            merged = ReceiveReport(
                received=self.last.report.received + report.received,
                refused=kept + report.refused,
            )
            files = {**self.last.files, **outcome.files}
            outcome = ReceiveOutcome(merged, files, self.last.total, outcome.cancelled)
            report = merged
        self.last = outcome
        self.received_model.set_rows(report.received)
        self.refused_model.set_rows(report.refused)
        self.reason.setText("Pilih baris untuk membaca alasannya utuh." if report.refused else "")
        new = [r for r in report.received if not r.already]
        self.received_title.setText(f"Diterima ({len(report.received)})")
        self.refused_title.setText(f"Tidak diterima ({len(report.refused)})")
        text = (
            f"{outcome.total} berkas paket dibaca: {len(new)} paket baru diterima, "
            f"{len(report.received) - len(new)} sudah pernah diterima, "
            f"{len(report.refused)} tidak diterima."
        )
        if outcome.cancelled:
            text += " Penerimaan dibatalkan: berkas yang belum dibaca tidak diterima."
        self.summary.setText(text)
        self.tabs.setCurrentIndex(0)
        self.status_message.emit(text)

    def _changed(self) -> None:
        """A batch changes what every kecamatan page shows (matrix, dashboard, duplicates)."""
        self.stale = True
        if self.ctx.on_changes is not None:
            self.ctx.on_changes(EVERYTHING)
        else:
            self.reload()

    def _confirm_new_keys(self, outcome: ReceiveOutcome) -> None:
        """One question per village and new key (its October and November packages together)."""
        groups: dict[tuple[str, str], list[Refused]] = {}
        for r in outcome.report.to_confirm:
            groups.setdefault((r.kode_wilayah, r.fingerprint), []).append(r)
        confirmed: list[Path] = []
        session = self.ctx.db.session
        refused_to = "" if session is None or session.can(SETTINGS) else roles_in_words(SETTINGS)
        for (_kode, fingerprint), refusals in groups.items():
            village = refusals[0].village or refusals[0].kode_wilayah
            dialog = KeyConfirmDialog(
                f"Desa {village}",
                fingerprint,
                [r.file for r in refusals],
                self,
                refused_to=refused_to,
            )
            if dialog.exec() == QDialog.DialogCode.Accepted:
                confirmed += [outcome.files[r.file] for r in refusals if r.file in outcome.files]
        if confirmed:
            self.receive(confirmed, register_new_keys=True)

    def _selected_refusal(self) -> Refused | None:
        rows = self.refused_view.selectionModel().selectedRows()
        return self.refused_model.row_object(rows[0].row()) if rows else None

    def _refused_selected(self, *_args: Any) -> None:
        r = self._selected_refusal()
        self.reason.setText(f"{r.file}: {r.message}" if r is not None else "")
        self.reregister_btn.setEnabled(
            r is not None
            and r.code == KEY_OTHER
            and self.last is not None
            and r.file in self.last.files
        )

    def _reregister(self) -> None:
        r = self._selected_refusal()
        if r is None or self.last is None or r.file not in self.last.files:
            return
        path = self.last.files[r.file]

        def ask(current: Any) -> None:
            dialog = ReregisterDialog(
                f"Desa {r.village or r.kode_wilayah}",
                current.fingerprint if current is not None else "",
                r.fingerprint,
                r.file,
                self,
            )
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.receive([path], reason=dialog.reason.text().strip())

        self.ctx.query(registered_key, r.kode_wilayah, on_done=ask)

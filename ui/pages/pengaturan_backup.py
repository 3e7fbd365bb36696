"""Pengaturan › Cadangan: where the automatic backups are and what each holds, *Cadangkan
sekarang…* to any folder (a flash drive: encrypted with a password), *Pulihkan…* from a file or
from the list, and undo of the last big step."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.formatting import angka, ukuran, waktu
from jkn_desktop.domain.roles import BACKUP
from jkn_desktop.errors import Cancelled, UserError
from jkn_desktop.records.backups import BackupInfo, DbFacts, ExportResult
from jkn_desktop.services.backup import making as M
from ui.context import AppContext
from ui.dialogs.backup_dialogs import NewPasswordDialog, RestoreDialog, UndoDialog, ask_restore
from ui.table_model import Column, ListTableModel
from ui.widgets import FieldError, list_view

RIGHT = Qt.AlignmentFlag.AlignRight
COLUMNS = [
    Column("", "Dibuat", lambda b: waktu(b.moment)),
    Column("", "Jenis", lambda b: b.label),
    Column("", "Penduduk", lambda b: angka(b.facts.residents), RIGHT),
    Column("", "KK", lambda b: angka(b.facts.households), RIGHT),
    Column("", "Perubahan terakhir", lambda b: waktu(b.facts.last_change) or "-"),
    Column("", "Ukuran", lambda b: ukuran(b.facts.size), RIGHT),
]
FILTER = "Cadangan JKN Desktop (*.jknbak *.sqlite3);;Semua berkas (*)"


class BackupPanel(QWidget):
    restored = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        row, second = QHBoxLayout(), QHBoxLayout()
        self.export_btn = QPushButton("Cadangkan sekarang…")
        self.export_btn.setToolTip(
            "Simpan salinan ke folder mana saja, mis. flashdisk (dikunci kata sandi)"
        )
        self.restore_file_btn = QPushButton("Pulihkan dari berkas…")
        self.restore_btn = QPushButton("Pulihkan yang dipilih…")
        self.undo_btn = QPushButton("Batalkan langkah terakhir…")
        self.folder_btn = QPushButton("Buka folder cadangan")
        for b in (self.export_btn, self.restore_file_btn, self.restore_btn):
            row.addWidget(b)
        for b in (self.undo_btn, self.folder_btn):
            second.addWidget(b)
        row.addStretch(1)
        second.addStretch(1)
        layout.addLayout(row)
        layout.addLayout(second)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.model = ListTableModel(COLUMNS)
        self.view = list_view(self.model, single=True)
        layout.addWidget(self.view, 1)
        hint = QLabel(
            "Cadangan otomatis dibuat saat program pertama dibuka setiap hari, dan sebelum setiap "
            "impor penduduk, impor daftar PBI, perubahan usulan sekaligus, pemulihan dan "
            "pembaruan aplikasi. Yang disimpan: satu per hari untuk 7 hari terakhir, satu per "
            "minggu untuk 4 minggu, satu per bulan untuk 12 bulan, dan 10 cadangan terbaru. "
            "Folder ini ada di komputer yang sama: salin juga ke flashdisk secara berkala "
            "(Cadangkan sekarang…) dan simpan flashdisk di tempat lain."
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout.addWidget(hint)
        self.hint = hint
        self.export_btn.clicked.connect(self._choose_export)
        self.restore_file_btn.clicked.connect(self._choose_restore)
        self.restore_btn.clicked.connect(self._restore_selected)
        self.undo_btn.clicked.connect(self.open_undo)
        self.folder_btn.clicked.connect(self._open_folder)

    def reload(self) -> None:
        server = self.ctx.db.on_server
        shown: tuple[QWidget, ...] = (
            self.export_btn,
            self.restore_file_btn,
            self.restore_btn,
            self.undo_btn,
            self.folder_btn,
            self.view,
            self.hint,
            self.message,
        )
        for widget in shown:
            widget.setVisible(not server)
        if server:  # a server's backups are its administrator's (decision 47)
            self.intro.setText(
                f"Basis data ini ({self.ctx.db.name}) ada di server PostgreSQL, bukan berupa "
                "berkas di komputer ini. Cadangan dan pemulihannya dibuat oleh pengelola server "
                "dengan pg_dump dan pg_restore, setiap hari dan sebelum memasang versi baru "
                "aplikasi; program ini tidak membuat cadangan berkas untuknya, dan langkah besar "
                "tidak bisa dibatalkan dari sini."
            )
            self.error.clear_issue()
            return
        self.intro.setText(
            f"Cadangan otomatis disimpan di <b>{M.backup_folder(self.ctx.db)}</b>, hanya bisa "
            "dibuka oleh pengguna komputer ini."
        )
        self.error.clear_issue()
        admin = self.ctx.db.actor.can(BACKUP)
        for b in (self.export_btn, self.restore_file_btn, self.restore_btn, self.folder_btn):
            b.setEnabled(admin)  # the services refuse anyone else; undo of one's own step stays
        if not admin:
            self.model.set_rows([])
            self.error.show_issue(
                "Cadangan dan pemulihan dikelola Admin desa. Anda tetap bisa membatalkan langkah "
                "besar Anda sendiri (Batalkan langkah terakhir…).",
                False,
            )
            return
        self.ctx.run(M.list_backups, self.ctx.db, on_done=self.model.set_rows)

    # --- Cadangkan sekarang … -----------------------------------------------------------------
    def _choose_export(self) -> None:
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        village = self.ctx.village.desa if self.ctx.village is not None else ""
        now = dt.datetime.now().astimezone()
        name = M.default_name(DbFacts(None, "", village, 0, 0, None, 0, 0), now, encrypted=True)
        path, _ = QFileDialog.getSaveFileName(
            self, "Cadangkan ke …", str(Path(docs) / name), "Cadangan terkunci (*.jknbak)"
        )
        if not path:
            return
        target = Path(path)
        password: str | None = None
        if not M.inside_data_folder(self.ctx.db, target):
            dialog = NewPasswordDialog(target, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            password = dialog.password
        self.export_to(target, password)

    def export_to(self, target: Path, password: str | None) -> None:
        """Write the backup (on the worker, with progress); the result is said on the panel."""
        self.error.clear_issue()
        self.message.setText("Mencadangkan …")
        self.ctx.run(
            M.export_backup,
            self.ctx.db,
            target,
            password,
            on_done=self._exported,
            on_error=self._failed,
            label="Mencadangkan basis data …",
            parent=self,
        )

    def _exported(self, result: ExportResult) -> None:
        how = (
            "terkunci kata sandi. Simpan kata sandinya di tempat yang aman, terpisah dari "
            "flashdisk."
            if result.encrypted
            else "tanpa kata sandi (di folder data)."
        )
        self.message.setText(
            f"Cadangan ditulis ke {result.path}: {result.facts.full_name}, "
            f"{angka(result.facts.residents)} penduduk, {angka(result.facts.households)} KK, {how}"
        )

    def _failed(self, exc: BaseException) -> None:
        self.message.clear()
        if isinstance(exc, Cancelled):
            self.message.setText("Dibatalkan; tidak ada yang berubah.")
        elif isinstance(exc, UserError):
            self.error.show_issue(exc.message, True)
        else:
            self.ctx.runner.report(exc)

    # --- Pulihkan … ---------------------------------------------------------------------------
    def _choose_restore(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Pilih berkas cadangan", "", FILTER)
        if path:
            dialog = ask_restore(self.ctx, Path(path), self)
            if dialog is not None:
                self._watch(dialog)
                dialog.open()

    def selected(self) -> BackupInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def _restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.error.show_issue("Pilih dulu cadangan di daftar.", True)
            return
        self.open_restore(chosen.path, None)

    def open_restore(self, source: Path, password: str | None) -> RestoreDialog:
        dialog = RestoreDialog(self.ctx, source, password, self)
        self._watch(dialog)
        dialog.open()
        return dialog

    def open_undo(self) -> UndoDialog:
        dialog = UndoDialog(self.ctx, self)
        self._watch(dialog)
        dialog.open()
        return dialog

    def _watch(self, dialog: RestoreDialog | UndoDialog) -> None:
        def done(result: object) -> None:
            self.message.setText(
                "Basis data dipulihkan. Keadaan sebelumnya tersimpan sebagai cadangan "
                "«Sebelum pemulihan» di daftar ini."
            )
            self.reload()
            self.restored.emit()

        dialog.restored.connect(done)

    def _open_folder(self) -> None:
        folder = M.backup_folder(self.ctx.db)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

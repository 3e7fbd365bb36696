"""The backup dialogs: a password for a flash-drive copy (typed twice), the password of a copy to
restore, the restore check (what the backup holds beside the current database), and undo of the
last big step (what would be lost). Every check and every copy runs on the worker thread, with
progress; nothing changes until the user presses the button that says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import backups as B
from jkn_desktop.domain.formatting import angka, waktu
from jkn_desktop.errors import Cancelled, UserError
from jkn_desktop.records.backups import RestoreCheck, RestoreResult, UndoPlan
from jkn_desktop.services.backup import making as M
from jkn_desktop.services.backup import restoring as R
from jkn_desktop.services.backup import undo as U
from ui.context import AppContext
from ui.widgets import FieldError


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(260)
    return field


class NewPasswordDialog(QDialog):
    """The password of a copy that leaves the data folder, typed twice."""

    def __init__(self, target: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kata sandi cadangan")
        self.password = ""
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Cadangan ke <b>{target.name}</b> berada di luar folder data, jadi dikunci dengan "
            f"kata sandi (minimal {M.MIN_PASSWORD} karakter). Tanpa kata sandi ini cadangan tidak "
            "bisa dipulihkan: catat di tempat yang aman, <b>jangan</b> di flashdisk yang sama."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.first = _password_field()
        self.again = _password_field()
        form.addRow("Kata sandi", self.first)
        form.addRow("Ulangi kata sandi", self.again)
        layout.addLayout(form)
        self.error = FieldError()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.ok_btn = buttons.addButton("Cadangkan", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.confirm)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def confirm(self) -> None:
        try:
            self.password = M.check_new_password(self.first.text(), self.again.text())
        except UserError as exc:
            self.error.show_issue(exc.message, True)
            return
        self.accept()


class PasswordDialog(QDialog):
    """The password of an encrypted backup to restore."""

    def __init__(self, source: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kata sandi cadangan")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"Berkas <b>{source.name}</b> terkunci. Masukkan kata sandi yang dipakai saat "
            "mencadangkan (huruf besar dan kecil dibedakan)."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.field = _password_field()
        layout.addWidget(self.field)
        buttons = QDialogButtonBox()
        buttons.addButton("Lanjut", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def password(self) -> str:
        return self.field.text()


def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.horizontalHeader().setStretchLastSection(True)
    return table


class _SwapDialog(QDialog):
    """What restore and undo share: a text, a table, an error line, the button that swaps."""

    restored = Signal(object)  # RestoreResult

    def __init__(self, ctx: AppContext, title: str, action: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.resize(720, 420)
        self.result_: RestoreResult | None = None
        self.layout_ = QVBoxLayout(self)
        self.intro = QLabel("Memeriksa …")
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addWidget(self.intro)
        self.error = FieldError()
        self.layout_.addWidget(self.error)
        self.table_slot = QVBoxLayout()
        self.layout_.addLayout(self.table_slot, 1)
        self.note = QLabel(
            "Sebelum diganti, keadaan basis data sekarang dicadangkan dulu ke folder cadangan "
            "(jenis «Sebelum pemulihan»), jadi langkah ini pun bisa dikembalikan."
        )
        self.note.setWordWrap(True)
        self.note.setObjectName("hint")
        self.layout_.addWidget(self.note)
        buttons = QDialogButtonBox()
        self.go_btn = QPushButton(action)
        self.go_btn.setEnabled(False)
        buttons.addButton(self.go_btn, QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_btn = buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        self.go_btn.clicked.connect(self.go)
        buttons.rejected.connect(self.reject)
        self.layout_.addWidget(buttons)

    def show_table(self, headers: list[str], rows: list[list[str]]) -> None:
        self.table_slot.addWidget(_table(headers, rows))

    def failed(self, exc: BaseException) -> None:
        self.intro.setText("<b>Tidak bisa dilanjutkan.</b>")
        self.note.hide()
        self.close_btn.setText("Tutup")
        if self.check_failed_once():
            self.resize(620, 220)
        if isinstance(exc, Cancelled):
            self.error.show_issue("Dibatalkan; basis data tidak diubah.", True)
        elif isinstance(exc, UserError):
            self.error.show_issue(exc.message, True)
        else:
            self.ctx.runner.report(exc)
        self.go_btn.setEnabled(False)

    def check_failed_once(self) -> bool:
        """Before the first refusal shown: the buttons go to the bottom of a smaller dialog."""
        if getattr(self, "_refused", False):
            return False
        self._refused = True
        self.layout_.insertStretch(self.layout_.count() - 1, 1)
        return self.table_slot.count() == 0

    def go(self) -> None:
        raise NotImplementedError

    def done_swap(self, result: RestoreResult) -> None:
        self.result_ = result
        self.ctx.database_replaced()
        self.restored.emit(result)
        self.accept()


class RestoreDialog(_SwapDialog):
    """*Pulihkan…*: the file is checked first (a dry run), then restored on the user's word."""

    def __init__(
        self, ctx: AppContext, source: Path, password: str | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, "Pulihkan dari cadangan", "Pulihkan", parent)
        self.source, self.password = source, password
        self.check: RestoreCheck | None = None
        self.intro.setText(f"Memeriksa <b>{source.name}</b> …")
        ctx.run(
            R.inspect_backup,
            ctx.db,
            source,
            password,
            on_done=self._checked,
            on_error=self.failed,
            label="Memeriksa berkas cadangan …",
            parent=self,
        )

    def _checked(self, check: RestoreCheck) -> None:
        self.check = check
        b, c = check.backup, check.current
        locked = " (terkunci kata sandi)" if check.encrypted else ""
        self.intro.setText(
            f"Berkas <b>{check.source.name}</b>{locked} utuh dan bisa dipulihkan. Periksa isinya "
            "dibanding basis data sekarang: <b>seluruh isi basis data sekarang akan diganti</b>."
        )
        self.show_table(
            ["", "Isi cadangan", "Basis data sekarang"],
            [
                [
                    "Desa/kelurahan",
                    f"{b.full_name} ({b.kode_wilayah or '-'})",
                    f"{c.full_name} ({c.kode_wilayah or '-'})",
                ],
                ["Tanggal cadangan", waktu(check.made) or "-", "-"],
                ["Penduduk", angka(b.residents), angka(c.residents)],
                ["Keluarga (KK)", angka(b.households), angka(c.households)],
                ["Perubahan terakhir", waktu(b.last_change) or "-", waktu(c.last_change) or "-"],
            ],
        )
        self.go_btn.setEnabled(True)

    def go(self) -> None:
        self.go_btn.setEnabled(False)
        self.ctx.run(
            R.restore_backup,
            self.ctx.db,
            self.source,
            self.password,
            on_done=self.done_swap,
            on_error=self.failed,
            label="Memulihkan basis data …",
            parent=self,
        )


class UndoDialog(_SwapDialog):
    """Undo the last big step: what restoring the backup taken just before it would lose."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, "Batalkan langkah terakhir", "Batalkan langkah itu", parent)
        self.plan: UndoPlan | None = None
        ctx.run(U.undo_plan, ctx.db, on_done=self._planned, on_error=self.failed)

    def _planned(self, plan: UndoPlan) -> None:
        self.plan = plan
        b = plan.backup
        self.intro.setText(
            f"Langkah besar terakhir: <b>{plan.step}</b>. Basis data akan dikembalikan ke "
            f"keadaan sebelum langkah itu (cadangan {waktu(b.moment)}: "
            f"{angka(b.facts.residents)} penduduk, {angka(b.facts.households)} KK)."
        )
        if plan.lost:
            self.show_table(
                ["Yang akan hilang", "Data", "Catatan riwayat"],
                [[k.label, angka(k.records), angka(k.entries)] for k in plan.lost],
            )
        else:
            self.show_table(["Yang akan hilang"], [["Riwayat tidak mencatat perubahan apa pun."]])
        self.go_btn.setEnabled(True)

    def go(self) -> None:
        assert self.plan is not None
        self.go_btn.setEnabled(False)
        self.ctx.run(
            U.undo_last_step,
            self.ctx.db,
            self.plan,
            on_done=self.done_swap,
            on_error=self.failed,
            label="Mengembalikan basis data …",
            parent=self,
        )


def ask_restore(ctx: AppContext, source: Path, parent: QWidget) -> RestoreDialog | None:
    """The restore dialog for ``source``, after its password when it is encrypted (``None``:
    the user gave up at the password)."""
    password: str | None = None
    if R.is_encrypted(source):
        dialog = PasswordDialog(source, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        password = dialog.password
    return RestoreDialog(ctx, source, password, parent)


def bulk(items: list[Any]) -> dict[str, str]:
    """``ctx.op`` arguments for a step on several proposals at once: a big step, backed up first
    so that it can be undone."""
    return {"backup_first": B.BEFORE_BULK_USULAN} if len(items) > 1 else {}

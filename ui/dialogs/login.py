"""Logging in, the first admin, and setting one's password (issue #14).

Each check runs on the database thread (Argon2id takes a tenth of a second or two), with the
buttons disabled meanwhile; a refusal shows under the fields in Indonesian and keeps what was
typed except the password.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.roles import MIN_PASSWORD_LENGTH
from jkn_desktop.errors import UserError
from jkn_desktop.records.people import Actor
from jkn_desktop.services.people import accounts as A
from jkn_desktop.services.people.login import LoginOutcome, login
from ui.context import AppContext
from ui.widgets import FieldError


def _password_box(placeholder: str = "") -> QLineEdit:
    box = QLineEdit()
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setPlaceholderText(placeholder)
    return box


def _buttons(dialog: QDialog, ok_text: str, cancel_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox()
    ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)
    box.addButton(cancel_text, QDialogButtonBox.ButtonRole.RejectRole)
    box.rejected.connect(dialog.reject)
    return box


class _Form(QDialog):
    """A small form whose OK runs one job; the error line shows a refusal."""

    def __init__(self, ctx: AppContext, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setModal(True)
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.error = FieldError()

    def finish(self, ok_text: str, cancel_text: str = "Batal") -> None:
        self.layout_.addLayout(self.form)
        self.layout_.addWidget(self.error)
        self.buttons = _buttons(self, ok_text, cancel_text)
        self.buttons.accepted.connect(self.submit)
        self.layout_.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def submit(self) -> None:
        raise NotImplementedError

    def busy(self, on: bool) -> None:
        self.buttons.setEnabled(not on)

    def refuse(self, exc: BaseException) -> None:
        self.busy(False)
        if isinstance(exc, UserError):
            self.error.show_issue(exc.message, True)
            return
        raise exc


class LoginDialog(_Form):
    """Masuk. ``locked_user``: the lock screen — the name is fixed unless "Ganti pengguna" is
    pressed."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        locked_user: Actor | None = None,
    ) -> None:
        title = "Layar terkunci" if locked_user else "Masuk ke JKN Desktop"
        super().__init__(ctx, parent, title)
        self.outcome: LoginOutcome | None = None
        village = ctx.village.full_name if ctx.village is not None else "basis data ini"
        if locked_user is not None:
            text = (
                f"<b>Layar dikunci</b> karena lama tidak dipakai. Masukkan kata sandi "
                f"{locked_user.full_name or locked_user.username} untuk melanjutkan, atau ganti "
                "pengguna."
            )
        else:
            text = f"<b>{village}</b><br>Masuk dengan nama pengguna dan kata sandi Anda."
        intro = QLabel(text)
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.username = QLineEdit()
        self.username.setPlaceholderText("nama pengguna")
        self.password = _password_box()
        self.form.addRow("Nama pengguna", self.username)
        self.form.addRow("Kata sandi", self.password)
        self.finish("Masuk", "Tutup" if locked_user is None else "Keluar dari program")
        if locked_user is not None:
            self.username.setText(locked_user.username)
            self.username.setReadOnly(True)
            switch = QPushButton("Ganti pengguna")
            switch.clicked.connect(self._switch_user)
            self.buttons.addButton(switch, QDialogButtonBox.ButtonRole.ActionRole)
            self.password.setFocus()
        else:
            self.username.setFocus()

    def _switch_user(self) -> None:
        self.username.setReadOnly(False)
        self.username.clear()
        self.password.clear()
        self.username.setFocus()

    def submit(self) -> None:
        name = self.username.text().strip()
        if not name:
            self.error.show_issue("Nama pengguna belum diisi.", True)
            self.username.setFocus()
            return
        self.error.clear_issue()
        self.busy(True)
        password = self.password.text()
        self.ctx.op(login, name, password, on_done=self._done, on_error=self.refuse, parent=self)

    def _done(self, outcome: LoginOutcome) -> None:
        self.busy(False)
        if outcome.error is not None:
            self.password.clear()
            self.password.setFocus()
            self.error.show_issue(outcome.error.message, True)
            return
        self.outcome = outcome
        self.accept()


class SetPasswordDialog(_Form):
    """One's own new password: asked at the first login of an account that has none of its own
    (``first``, no old password), or chosen from the account menu (the old one asked)."""

    def __init__(
        self, ctx: AppContext, actor: Actor, parent: QWidget | None = None, *, first: bool = False
    ) -> None:
        super().__init__(ctx, parent, "Buat kata sandi" if first else "Ganti kata sandi")
        self.actor = actor
        self.first = first
        if first:
            intro = QLabel(
                f"<b>{actor.full_name or actor.username}</b>, akun Anda belum punya kata sandi "
                f"sendiri. Buat kata sandi (minimal {MIN_PASSWORD_LENGTH} karakter) yang hanya "
                "Anda ketahui."
            )
            intro.setWordWrap(True)
            self.layout_.addWidget(intro)
        self.old = _password_box()
        self.new = _password_box(f"minimal {MIN_PASSWORD_LENGTH} karakter")
        self.repeat = _password_box()
        if not first:
            self.form.addRow("Kata sandi lama", self.old)
        self.form.addRow("Kata sandi baru", self.new)
        self.form.addRow("Ulangi kata sandi baru", self.repeat)
        self.finish("Simpan kata sandi", "Keluar dari program" if first else "Batal")
        (self.new if first else self.old).setFocus()

    def submit(self) -> None:
        try:
            A.check_new_password(self.actor.username, self.new.text(), self.repeat.text())
        except UserError as exc:
            self.error.show_issue(exc.message, True)
            return
        self.busy(True)
        old = None if self.first else self.old.text()
        self.ctx.op(
            A.set_password,
            self.actor.username,
            self.new.text(),
            old_password=old,
            on_done=lambda _r: self.accept(),
            on_error=self.refuse,
            parent=self,
        )


class FirstAdminDialog(_Form):
    """The file's first account, made on the first run: an admin, by default also the secretary
    (a village office is often two people)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "Akun pertama")
        self.actor: Actor | None = None
        intro = QLabel(
            "<b>Buat akun Admin pertama.</b> Data penduduk dilindungi undang-undang (UU 27/2022 "
            "tentang Pelindungan Data Pribadi): setiap orang yang memakai program ini masuk dengan "
            "akunnya sendiri. Admin menambah akun lain di Pengaturan → Pengguna."
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.layout_.addWidget(intro)
        self.username = QLineEdit()
        self.username.setPlaceholderText("mis. wahyuni")
        self.full_name = QLineEdit()
        self.password = _password_box(f"minimal {MIN_PASSWORD_LENGTH} karakter")
        self.repeat = _password_box()
        secretary = ctx.role_words["sekretaris"]
        self.secretary = QCheckBox(f"Akun ini juga {secretary} (mengisi data, ekspor, cetak)")
        self.secretary.setChecked(True)
        self.form.addRow("Nama pengguna", self.username)
        self.form.addRow("Nama lengkap", self.full_name)
        self.form.addRow("Kata sandi", self.password)
        self.form.addRow("Ulangi kata sandi", self.repeat)
        self.form.addRow(self.secretary)
        self.finish("Buat akun dan masuk", "Keluar dari program")
        if ctx.village is not None and ctx.village.operator:
            self.full_name.setText(ctx.village.operator)
        self.username.setFocus()

    def submit(self) -> None:
        name, password = self.username.text(), self.password.text()
        try:
            name = A.clean_username(name)
            A.check_new_password(name, password, self.repeat.text())
        except UserError as exc:
            self.error.show_issue(exc.message, True)
            return
        roles = ["admin", "sekretaris"] if self.secretary.isChecked() else ["admin"]
        self.busy(True)

        def made(_id: Any) -> None:
            self.ctx.op(login, name, password, on_done=self._logged_in, on_error=self.refuse)

        self.ctx.op(
            A.add_account,
            name,
            password,
            roles,
            full_name=self.full_name.text(),
            on_done=made,
            on_error=self.refuse,
            parent=self,
        )

    def _logged_in(self, outcome: LoginOutcome) -> None:
        if outcome.actor is None:
            self.refuse(outcome.error or RuntimeError("login failed after the account was made"))
            return
        self.actor = outcome.actor
        self.accept()

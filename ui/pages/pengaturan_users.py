"""Pengaturan → Pengguna: the accounts of the office, their roles, and the idle lock. Only an admin
sees the list (the service refuses everyone else; the panel says so)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.domain.roles import (
    MIN_PASSWORD_LENGTH,
    ROLE_HINTS,
    ROLE_HINTS_KECAMATAN,
    ROLE_WORDS,
    ROLE_WORDS_KECAMATAN,
    roles_label,
)
from jkn_desktop.errors import UserError
from jkn_desktop.records.people import UserInfo
from jkn_desktop.services.people import accounts as A
from jkn_desktop.services.settings import get_setting, set_setting
from ui.context import AppContext
from ui.dialogs.simple import add_footer
from ui.widgets import FieldError

COLUMNS = ["Nama pengguna", "Nama lengkap", "Peran", "Wilayah kerja", "Keadaan", "Terakhir masuk"]
AREA_COLUMN = 3
AREA_HINT = "kosong: seluruh wilayah; mis. 33.13.05 (kecamatan) atau 33.13.05.2001 (desa)"


def area_label(area: str) -> str:
    """An account's area as the Pengguna table shows it."""
    return area or "seluruh wilayah"


class RolesBoxes(QWidget):
    """One check box per role, each with what it is for."""

    def __init__(
        self,
        chosen: tuple[str, ...] = (),
        parent: QWidget | None = None,
        *,
        kecamatan: bool = False,
    ) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        hints = ROLE_HINTS_KECAMATAN if kecamatan else ROLE_HINTS
        words = ROLE_WORDS_KECAMATAN if kecamatan else ROLE_WORDS
        for key, word in words.items():
            box = QCheckBox(f"{word} — {hints[key]}")
            box.setChecked(key in chosen)
            self.boxes[key] = box
            layout.addWidget(box)

    def roles(self) -> list[str]:
        return [k for k, box in self.boxes.items() if box.isChecked()]


class AccountDialog(QDialog):
    """A new account: name, full name, roles and a first password the person changes at their
    first login."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Tambah pengguna")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.username = QLineEdit()
        self.full_name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(f"sementara, minimal {MIN_PASSWORD_LENGTH} karakter")
        self.roles = RolesBoxes(("operator",), kecamatan=ctx.kecamatan is not None)
        # a consolidation's staff may each work on a part of it (decision 48)
        self.area = QLineEdit()
        self.area.setPlaceholderText(AREA_HINT)
        form.addRow("Nama pengguna", self.username)
        form.addRow("Nama lengkap", self.full_name)
        form.addRow("Kata sandi awal", self.password)
        form.addRow("Peran", self.roles)
        if ctx.kecamatan is not None:
            form.addRow("Wilayah kerja", self.area)
        layout.addLayout(form)
        hint = QLabel("Pemilik akun diminta membuat kata sandinya sendiri saat pertama masuk.")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.error, self.buttons = add_footer(self, layout, "Tambah", self._save)

    def _save(self) -> None:
        self.buttons.setEnabled(False)
        self.ctx.op(
            A.add_account,
            self.username.text(),
            self.password.text(),
            self.roles.roles(),
            full_name=self.full_name.text(),
            must_change_password=True,
            area=self.area.text(),
            on_done=lambda _id: self.accept(),
            on_error=self._refused,
            parent=self,
        )

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, UserError):
            raise exc
        self.error.show_issue(exc.message, True)


class UsersPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.users: list[UserInfo] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Setiap orang yang memakai program ini masuk dengan akunnya sendiri; jejak audit "
            "mencatat siapa mengubah apa. Peran menentukan apa yang boleh dilakukan. Akun yang "
            "tidak dipakai lagi dinonaktifkan (riwayatnya tetap)."
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_btn = QPushButton("Tambah pengguna…")
        self.roles_btn = QPushButton("Ubah peran…")
        self.area_btn = QPushButton("Ubah wilayah kerja…")
        self.area_btn.setVisible(ctx.kecamatan is not None)
        self.reset_btn = QPushButton("Atur ulang kata sandi…")
        self.disable_btn = QPushButton("Nonaktifkan")
        for b in (self.add_btn, self.roles_btn, self.area_btn, self.reset_btn, self.disable_btn):
            row.addWidget(b)
        row.addStretch(1)
        layout.addLayout(row)
        self.error = FieldError()
        layout.addWidget(self.error)
        lock_row = QHBoxLayout()
        lock_row.addWidget(QLabel("Kunci layar setelah tidak dipakai selama"))
        self.idle = QSpinBox()
        self.idle.setRange(0, 240)
        self.idle.setSuffix(" menit")
        self.idle.setSpecialValueText("tidak pernah")
        self.idle.setToolTip("0: layar tidak pernah terkunci sendiri")
        self.idle_btn = QPushButton("Simpan")
        lock_row.addWidget(self.idle)
        lock_row.addWidget(self.idle_btn)
        lock_row.addStretch(1)
        layout.addLayout(lock_row)
        self.add_btn.clicked.connect(self._add)
        self.roles_btn.clicked.connect(self._change_roles)
        self.area_btn.clicked.connect(self._change_area)
        self.table.setColumnHidden(AREA_COLUMN, ctx.kecamatan is None)
        self.reset_btn.clicked.connect(self._reset)
        self.disable_btn.clicked.connect(self._toggle)
        self.idle_btn.clicked.connect(self._save_idle)
        self.table.itemSelectionChanged.connect(self._selected_changed)

    def reload(self) -> None:
        self.error.clear_issue()
        self.ctx.query(A.list_accounts, on_done=self._show, on_error=self._refused)
        self.ctx.query(get_setting, "idle_lock_minutes", on_done=self.idle.setValue)

    def _show(self, users: list[UserInfo]) -> None:
        self.users = users
        self.table.setRowCount(len(users))
        for r, u in enumerate(users):
            state = "nonaktif" if u.disabled else "aktif"
            if u.must_change_password and not u.disabled:
                state += ", belum membuat kata sandi sendiri"
            last = tanggal(u.last_login_at.date()) if u.last_login_at else "belum pernah"
            for c, text in enumerate(
                (
                    u.username,
                    u.full_name,
                    roles_label(u.roles, self.ctx.role_words),
                    area_label(u.area),
                    state,
                    last,
                )
            ):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        for b in (self.add_btn, self.roles_btn, self.area_btn, self.reset_btn, self.disable_btn):
            b.setEnabled(True)
        self._selected_changed()

    def _refused(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        self.table.setRowCount(0)
        for b in (self.add_btn, self.roles_btn, self.area_btn, self.reset_btn, self.disable_btn):
            b.setEnabled(False)
        self.error.show_issue(exc.message, True)

    def _current(self) -> UserInfo | None:
        row = self.table.currentRow()
        return self.users[row] if 0 <= row < len(self.users) else None

    def _selected_changed(self) -> None:
        user = self._current()
        self.disable_btn.setText("Aktifkan lagi" if user and user.disabled else "Nonaktifkan")
        for b in (self.roles_btn, self.area_btn, self.reset_btn, self.disable_btn):
            b.setEnabled(user is not None)

    def _op(self, fn: Callable[..., object], *args: object) -> None:
        self.error.clear_issue()
        self.ctx.op(fn, *args, on_done=lambda _r: self.reload(), on_error=self._op_refused)

    def _op_refused(self, exc: BaseException) -> None:
        if not isinstance(exc, UserError):
            raise exc
        self.error.show_issue(exc.message, True)

    def _add(self) -> None:
        if AccountDialog(self.ctx, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def _change_area(self) -> None:
        user = self._current()
        if user is None:
            return
        text, ok = QInputDialog.getText(
            self,
            f"Wilayah kerja {user.username}",
            f"Kode wilayah ({AREA_HINT}):",
            text=user.area,
        )
        if ok:
            self._op(A.set_area, user.username, text)

    def _change_roles(self) -> None:
        user = self._current()
        if user is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(f"Peran {user.username}")
        layout = QVBoxLayout(dialog)
        boxes = RolesBoxes(user.roles, kecamatan=self.ctx.kecamatan is not None)
        layout.addWidget(boxes)
        add_footer(dialog, layout, "Simpan peran", dialog.accept)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._op(A.set_roles, user.username, boxes.roles())

    def _reset(self) -> None:
        user = self._current()
        if user is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle("Atur ulang kata sandi")
        layout = QVBoxLayout(dialog)
        text = QLabel(
            f"Kata sandi sementara untuk <b>{user.username}</b> (minimal {MIN_PASSWORD_LENGTH} "
            "karakter). Pemiliknya diminta menggantinya saat masuk."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        password = QLineEdit()
        password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(password)
        add_footer(dialog, layout, "Atur ulang", dialog.accept)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._op(A.set_password, user.username, password.text())

    def _toggle(self) -> None:
        user = self._current()
        if user is not None:
            self._op(A.set_disabled, user.username, not user.disabled)

    def _save_idle(self) -> None:
        minutes = self.idle.value()

        def saved(_r: object) -> None:
            lock = getattr(self.window(), "idle_lock", None)
            if lock is not None:
                lock.set_minutes(minutes)
            self.error.clear_issue()

        self.ctx.op(
            set_setting, "idle_lock_minutes", minutes, on_done=saved, on_error=self._op_refused
        )

"""The window on a file with accounts: the login comes first, a wrong password is refused in
Indonesian, an account carried over from before accounts makes its own password, a role without
the permission is refused by the service, and the idle lock hides everything until the person logs
in again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog

from jkn_desktop.services.database import Database
from jkn_desktop.services.people import accounts as A
from jkn_desktop.services.people.login import login
from tests.ui.conftest import settle

PW = "rahasia-desa-1"


@pytest.fixture
def accounts_db(demo_db: Database) -> Path:
    demo_db.run(A.add_account, "wahyuni", PW, ["admin", "sekretaris"], full_name="Wahyuni")
    admin = demo_db.run(login, "wahyuni", PW).actor
    demo_db.run(A.add_account, "budi", "operator-1", ["operator"], user=admin)
    path = demo_db.path
    demo_db.close()
    return path


def _answer_login(qtbot, name: str, password: str, then=None):  # type: ignore[no-untyped-def]
    """Fill the login dialog once it is up, press Masuk; ``then`` sees the dialog afterwards."""
    from ui.dialogs.login import LoginDialog

    seen: list[LoginDialog] = []

    def fill() -> None:
        dialog = _shown(LoginDialog)
        if not isinstance(dialog, LoginDialog):
            QApplicationTimer.single(fill)
            return
        seen.append(dialog)
        if not dialog.username.isReadOnly():
            dialog.username.setText(name)
        dialog.password.setText(password)
        dialog.submit()

    QApplicationTimer.single(fill)
    return seen


def _shown(cls):  # type: ignore[no-untyped-def]
    """The visible dialog of that class (another test's leftover modal may be the active one)."""
    for w in QApplication.topLevelWidgets():
        if isinstance(w, cls) and w.isVisible():
            return w
    return None


class QApplicationTimer:
    @staticmethod
    def single(fn) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QTimer

        QTimer.singleShot(30, fn)


def _open(qtbot, path: Path):  # type: ignore[no-untyped-def]
    from ui.app import build_window

    win = build_window(path, first_run=False)
    qtbot.addWidget(win)
    win.show()
    return win


def _close(win) -> None:  # type: ignore[no-untyped-def]
    win.ctx.runner.shutdown()
    win.ctx.db.close()


def test_the_window_asks_for_a_login_and_refuses_a_wrong_password(qtbot, accounts_db: Path) -> None:
    from ui.dialogs.login import LoginDialog

    attempts = iter([("wahyuni", "salah-sekali"), ("wahyuni", PW)])
    errors: list[str] = []

    def fill() -> None:
        dialog = _shown(LoginDialog)
        if not isinstance(dialog, LoginDialog) or not dialog.buttons.isEnabled():
            QApplicationTimer.single(fill)  # not up yet, or still checking the last attempt
            return
        if dialog.error.isVisible():
            errors.append(dialog.error.text())
        try:
            name, password = next(attempts)
        except StopIteration:
            return
        dialog.username.setText(name)
        dialog.password.setText(password)
        dialog.submit()
        QApplicationTimer.single(fill)

    QApplicationTimer.single(fill)
    win = _open(qtbot, accounts_db)
    qtbot.waitUntil(lambda: win.ready, timeout=20000)
    settle(qtbot, win)
    assert errors
    assert "kata sandi salah" in errors[0]
    assert win.ctx.db.session.username == "wahyuni"
    assert win.account_button.isVisible()
    assert "Wahyuni" in win.account_button.text()
    _close(win)


def test_an_operator_is_refused_the_accounts_and_told_who_may(qtbot, accounts_db: Path) -> None:
    _answer_login(qtbot, "budi", "operator-1")
    win = _open(qtbot, accounts_db)
    qtbot.waitUntil(lambda: win.ready, timeout=20000)
    settle(qtbot, win)
    assert win.ctx.db.session.roles == ("operator",)
    assert not win.account_button.users_action.isVisible()
    page = win.show_page("Pengaturan")
    page.show_tab("Pengguna")
    settle(qtbot, win)
    assert page.users.table.rowCount() == 0
    assert "Yang boleh: Admin" in page.users.error.text()
    assert not page.users.add_btn.isEnabled()
    _close(win)


def test_the_idle_lock_hides_the_window_until_the_password_is_given(
    qtbot, accounts_db: Path
) -> None:
    _answer_login(qtbot, "wahyuni", PW)
    win = _open(qtbot, accounts_db)
    qtbot.waitUntil(lambda: win.ready, timeout=20000)
    settle(qtbot, win)
    hidden_while_locked: list[bool] = []

    def unlock() -> None:
        from ui.dialogs.login import LoginDialog

        dialog = _shown(LoginDialog)
        if not isinstance(dialog, LoginDialog):
            QApplicationTimer.single(unlock)
            return
        hidden_while_locked.append(not win.isVisible())
        assert dialog.username.isReadOnly()
        dialog.password.setText(PW)
        dialog.submit()

    QApplicationTimer.single(unlock)
    win.idle_lock.lock_now()
    assert hidden_while_locked == [True]
    assert win.isVisible()
    assert win.ctx.db.session.username == "wahyuni"
    _close(win)


def test_the_first_admin_is_made_and_logged_in(qtbot, village_db: Database) -> None:
    from ui.context import AppContext
    from ui.dialogs.login import FirstAdminDialog
    from ui.tasks import TaskRunner

    ctx = AppContext(db=village_db, runner=TaskRunner(lambda *a: None))
    dialog = FirstAdminDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.username.setText("wahyuni")
    dialog.password.setText("pendek")
    dialog.repeat.setText("pendek")
    dialog.submit()
    assert "minimal 8 karakter" in dialog.error.text()
    dialog.password.setText(PW)
    dialog.repeat.setText(PW)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10000)
    assert dialog.actor is not None
    assert dialog.actor.roles == ("sekretaris", "admin")
    assert village_db.has_accounts
    ctx.runner.shutdown()

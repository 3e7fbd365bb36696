"""Who is using the window: signing in at the start, the account button in the status bar, and the
screen that locks itself after the office laptop sits idle (issue #14)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QToolButton, QWidget

from jkn_desktop.domain.roles import USERS
from jkn_desktop.records.people import Actor
from ui.context import AppContext

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

log = logging.getLogger("jkn.ui")

_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


def sign_in(ctx: AppContext, parent: QWidget, *, first_run: bool) -> bool:
    """Before the pages open: the first admin on a file without accounts (on the real first
    run), else the login, and a password of one's own where the account has none. False: the
    person closed the dialog, and the program ends."""
    from ui.dialogs.login import FirstAdminDialog, LoginDialog, SetPasswordDialog

    db = ctx.db
    if not db.has_accounts:
        if not first_run:
            return True  # a demo or test file: nobody to log in
        first = FirstAdminDialog(ctx, parent)
        if first.exec() != QDialog.DialogCode.Accepted or first.actor is None:
            return False
        db.session = first.actor
        return True
    dialog = LoginDialog(ctx, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.outcome is None:
        return False
    actor = dialog.outcome.actor
    assert actor is not None
    db.session = actor
    if dialog.outcome.must_set_password:
        own = SetPasswordDialog(ctx, actor, parent, first=True)
        if own.exec() != QDialog.DialogCode.Accepted:
            db.session = None
            return False
    return True


class AccountButton(QToolButton):
    """The status bar's "Sri Wahyuni (Admin)": change one's password, lock the screen, switch
    user."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setAutoRaise(True)
        menu = QMenu(self)
        menu.addAction("Ganti kata sandi…", self._change_password)
        self.users_action = menu.addAction("Kelola pengguna…", self._manage_users)
        menu.addSeparator()
        menu.addAction("Kunci layar", window.idle_lock.lock_now)
        self.setMenu(menu)
        self.show_person(window.ctx.db.session)

    def show_person(self, actor: Actor | None) -> None:
        self.setVisible(actor is not None)
        if actor is not None:
            self.setText(actor.display_in(self.window_.ctx.role_words))
            self.setToolTip("Akun yang sedang masuk")
            self.users_action.setVisible(actor.can(USERS))

    def _change_password(self) -> None:
        from ui.dialogs.login import SetPasswordDialog

        actor = self.window_.ctx.db.session
        if actor is not None:
            SetPasswordDialog(self.window_.ctx, actor, self.window_).exec()

    def _manage_users(self) -> None:
        self.window_.open_settings_tab("Pengguna")


class IdleLock(QObject):
    """Locks the window after ``minutes`` without a key or a mouse (0: never). While locked every
    window of the program is hidden, so nobody reads personal data over a shoulder; the person
    (or another, through "Ganti pengguna") logs in again to go on."""

    def __init__(self, window: MainWindow, minutes: int = 10) -> None:
        super().__init__(window)
        self.window_ = window
        self.locked = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock_now)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = max(0, int(minutes))
        if self.minutes and self.window_.ctx.db is not None and self.window_.ctx.db.has_accounts:
            self.timer.start(self.minutes * 60_000)
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and not self.locked and self.timer.isActive():
            self.timer.start()
        return False

    def lock_now(self) -> None:
        ctx = self.window_.ctx
        if self.locked or ctx.db is None or ctx.db.session is None:
            return
        from ui.dialogs.login import LoginDialog

        self.locked = True
        hidden = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for w in hidden:
            w.hide()
        log.info("screen locked after %d idle minutes", self.minutes)
        dialog = LoginDialog(ctx, None, locked_user=ctx.db.session)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted and dialog.outcome is not None
        self.locked = False
        if not accepted:
            ctx.db.session = None
            QTimer.singleShot(0, QApplication.quit)
            return
        assert dialog.outcome is not None
        assert dialog.outcome.actor is not None
        if dialog.outcome.actor != ctx.db.session:
            ctx.db.session = dialog.outcome.actor
            self.window_.set_person(dialog.outcome.actor)
        for w in hidden:
            w.show()
        self.set_minutes(self.minutes)

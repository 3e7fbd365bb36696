"""Our own bugs: a crash dialog with a copyable report, and the log. Installed at start."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop import __version__
from jkn_desktop.errors import Cancelled, UserError
from jkn_desktop.logsetup import log_file, mask_digits

log = logging.getLogger("jkn.ui")
qtlog = logging.getLogger("jkn.qt")


def report_text(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """What the user copies for the developer: it leaves the laptop, so long digit runs (NIKs,
    card and phone numbers an error may quote) are masked, as in the log."""
    lines = traceback.format_exception(exc_type, exc, tb)
    return mask_digits(
        f"JKN Desktop {__version__}\nPython {platform.python_version()} · {platform.platform()}\n\n"
        + "".join(lines)
    )


class CrashDialog(QDialog):
    def __init__(self, report: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Terjadi kesalahan di aplikasi")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Maaf, terjadi kesalahan di dalam JKN Desktop. Ini bukan kesalahan Anda, dan data yang "
            "sudah tersimpan tetap aman.\n\nSalin laporan di bawah ini dan kirimkan ke pengembang. "
            f"Laporan juga dicatat di:\n{log_file()}"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.report = QPlainTextEdit(report)
        self.report.setReadOnly(True)
        layout.addWidget(self.report)
        buttons = QDialogButtonBox()
        copy = buttons.addButton("Salin laporan", QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton("Tutup", QDialogButtonBox.ButtonRole.AcceptRole)
        copy.clicked.connect(self.copy_report)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report.toPlainText())


def show_error(exc: BaseException, parent: QWidget | None = None) -> None:
    """A user's problem gets a plain message; anything else is our bug and gets the crash dialog."""
    if isinstance(exc, Cancelled):  # the user pressed Cancel: nothing went wrong
        return
    if isinstance(exc, UserError):
        QMessageBox.warning(parent, "Tidak bisa dilanjutkan", exc.message)
        return
    _crash(type(exc), exc, exc.__traceback__, parent)


def _crash(
    exc_type: type[BaseException],
    exc: BaseException,
    tb: TracebackType | None,
    parent: QWidget | None = None,
) -> None:
    log.error("unexpected error", exc_info=(exc_type, exc, tb))
    app = QApplication.instance()
    if app is None:
        return
    CrashDialog(report_text(exc_type, exc, tb), parent or QApplication.activeWindow()).exec()


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if isinstance(exc, UserError):
        show_error(exc)
        return
    _crash(exc_type, exc, tb)


def _qt_message(mode: QtMsgType, context: object, message: str) -> None:
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }.get(mode, logging.WARNING)
    qtlog.log(level, message)


def install_handlers() -> None:
    sys.excepthook = _excepthook
    qInstallMessageHandler(_qt_message)

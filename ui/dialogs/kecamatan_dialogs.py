"""The dialogs of receiving at the kecamatan: confirming a village's new key by its fingerprint,
re-registering a village's key (with a reason), and returning a package to its village with a
note."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.formatting import BULAN
from jkn_desktop.records.kecamatan import PackageRow
from jkn_desktop.services.kecamatan.matrix import return_package
from ui.context import AppContext
from ui.dialogs.simple import add_footer
from ui.widgets import FieldError, error_into


def period_label(period: str) -> str:
    """``2026-10`` → ``Oktober 2026``."""
    try:
        return f"{BULAN[int(period[5:7]) - 1]} {period[:4]}"
    except (ValueError, IndexError):
        return period


def fill_periods(combo: Any, periods: list[str]) -> Any:
    """The months received, newest first, in a month chooser; the month chosen before stays
    chosen when it is still there. Returns the month chosen before (None: none was)."""
    keep = combo.currentData()
    combo.clear()
    for p in reversed(periods):
        combo.addItem(period_label(p), p)
    if keep is not None and combo.findData(keep) >= 0:
        combo.setCurrentIndex(combo.findData(keep))
    return keep


def _fingerprint_label(fingerprint: str) -> QLabel:
    label = QLabel(fingerprint)
    font = QFont("monospace")
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    font.setPointSize(20)
    font.setBold(True)
    label.setFont(font)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setFrameShape(QFrame.Shape.StyledPanel)
    label.setMinimumHeight(60)
    return label


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class KeyConfirmDialog(QDialog):
    """A village's first signed package: the person compares the key's fingerprint with the one
    printed on the village's Berita Acara before the key is registered and the package taken in."""

    def __init__(
        self,
        village: str,
        fingerprint: str,
        files: list[str],
        parent: QWidget | None = None,
        *,
        refused_to: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kunci desa belum terdaftar")
        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrapped(
                f"<b>{village}</b> mengirim paket bertanda tangan dengan kunci yang belum "
                "terdaftar di kecamatan. Sidik kuncinya:"
            )
        )
        self.fingerprint = _fingerprint_label(fingerprint)
        layout.addWidget(self.fingerprint)
        layout.addWidget(
            _wrapped(
                "<b>Cocokkan dengan sidik kunci di Berita Acara desa</b> (atau tanyakan langsung "
                "ke operator desa). Bila sama, kunci didaftarkan dan paket berikutnya dari desa "
                "ini dikenali dari kunci itu. Bila berbeda, jangan terima: paket itu mungkin "
                "bukan dari desa tersebut."
            )
        )
        names = ", ".join(files)
        files_label = _wrapped(f"Berkas: {names}")
        files_label.setObjectName("hint")
        layout.addWidget(files_label)
        buttons = QDialogButtonBox()
        self.yes = buttons.addButton(
            "Cocok — daftarkan kunci dan terima", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.no = buttons.addButton(
            "Tidak cocok — jangan terima", QDialogButtonBox.ButtonRole.RejectRole
        )
        self.no.setDefault(True)
        if refused_to:  # the person may not register keys: says who may
            self.yes.setEnabled(False)
            who = _wrapped(f"Kunci desa hanya bisa didaftarkan oleh {refused_to}.")
            who.setObjectName("hint")
            layout.addWidget(who)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, self.sizeHint().height())


class ReregisterDialog(QDialog):
    """A package signed with another key than the village's registered one: taken in only when
    the person says why the village's key changed (a new laptop, a reinstall); audited."""

    def __init__(
        self, village: str, registered: str, new: str, file: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Daftarkan ulang kunci desa")
        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrapped(
                f"Paket <b>{file}</b> dari <b>{village}</b> ditandatangani kunci lain dari kunci "
                "yang terdaftar. Pastikan langsung ke desa bahwa kuncinya memang berganti "
                "(laptop baru, program dipasang ulang) dan cocokkan sidik kunci barunya dengan "
                "Berita Acara desa."
            )
        )
        layout.addWidget(_wrapped("Kunci terdaftar:"))
        old = QLabel(registered or "—")
        old.setAlignment(Qt.AlignmentFlag.AlignCenter)
        old.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(old)
        layout.addWidget(_wrapped("Kunci baru pada paket ini:"))
        layout.addWidget(_fingerprint_label(new))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Alasan (wajib), mis. laptop desa diganti")
        layout.addWidget(self.reason)
        self.error, self.buttons = add_footer(
            self, layout, "Daftarkan kunci baru dan terima", self._accept
        )
        self.resize(560, self.sizeHint().height())

    def _accept(self) -> None:
        if not self.reason.text().strip():
            self.error.show_issue("Tuliskan alasan kunci desa berganti.", True)
            return
        self.accept()


class ReturnDialog(QDialog):
    """Return a package to its village with a note saying what to correct."""

    def __init__(self, ctx: AppContext, package: PackageRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.package = package
        self.setWindowTitle("Kembalikan paket ke desa")
        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrapped(
                f"Paket <b>Desa {package.village}</b> bulan <b>{period_label(package.period)}</b> "
                "dikembalikan ke desa. Bulan itu tercatat “dikembalikan” di Matriks Pengiriman "
                "sampai desa mengirim paket perbaikannya. Catatan ini ikut di berkas balikan "
                "untuk desa."
            )
        )
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText("Apa yang harus diperbaiki desa (wajib)")
        self.note.setPlainText(package.returned_note)
        self.note.setMinimumHeight(90)
        layout.addWidget(self.note)
        self.error: FieldError
        self.error, self.buttons = add_footer(self, layout, "Kembalikan ke desa", self._save)
        self.resize(520, self.sizeHint().height())

    def _save(self) -> None:
        self.ctx.op(
            return_package,
            self.package.id,
            self.note.toPlainText(),
            on_done=lambda _r: self.accept(),
            on_error=error_into(self.error, self.ctx.runner),
            parent=self,
        )

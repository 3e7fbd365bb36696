"""Small dialogs: change status dasar (with its date), delete with a reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import codes
from ui.flow import room_for_placeholder
from ui.widgets import CodeCombo, FieldError, OptionalDateEdit


def ok_cancel_buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    """OK (with the given Indonesian label) and Batal; Batal rejects the dialog."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("Batal")
    box.rejected.connect(dialog.reject)
    return box


def add_footer(
    dialog: QDialog, layout: QVBoxLayout, ok_text: str, on_ok: Any
) -> tuple[FieldError, QDialogButtonBox]:
    """The end of a form dialog: the line for its error, then OK (``on_ok``) and Batal."""
    error = FieldError()
    layout.addWidget(error)
    buttons = ok_cancel_buttons(dialog, ok_text)
    buttons.accepted.connect(on_ok)
    layout.addWidget(buttons)
    return error, buttons


class StatusDialog(QDialog):
    """Mark a resident MATI / PINDAH / HILANG / PERGI (asks the date) or back to HIDUP."""

    def __init__(self, name: str, current: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Ubah status dasar")
        self.status = CodeCombo(
            [(c, label.title()) for c, label in codes.STATUS_DASAR.items()], empty=None
        )
        self.status.set_code(current)
        self.date = OptionalDateEdit()
        self.date.set_value(dt.date.today())
        self.date_label = QLabel("Tanggal")
        self.moved = QComboBox()
        for label, value in (
            ("Belum diketahui", None),
            ("Masih di kabupaten ini", False),
            ("Ke luar kabupaten", True),
        ):
            self.moved.addItem(label, value)
        self.moved.setToolTip(
            "Peserta PBPU Pemda hanya dihapus bila pindah ke luar kabupaten; PBI APBN tetap PBI "
            "di mana pun (cukup perbaikan domisili)."
        )
        self.moved_label = QLabel("Pindah ke")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(
            "mis. meninggal di RS, pindah ke Kab. Sukoharjo (No. SKPWNI …)"
        )
        room_for_placeholder(self.reason, 16)
        self.error = FieldError()
        form = QFormLayout(self)
        form.addRow(QLabel(f"<b>{name}</b>"))
        form.addRow("Status baru", self.status)
        form.addRow(self.date_label, self.date)
        form.addRow(self.moved_label, self.moved)
        form.addRow("Keterangan", self.reason)
        form.addRow(self.error)
        buttons = ok_cancel_buttons(self, "Simpan")
        buttons.accepted.connect(self._accept)
        form.addRow(buttons)
        self.status.currentIndexChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        needs = self.status.code() in codes.STATUS_NEEDS_DATE
        self.date.setVisible(needs)
        self.date_label.setVisible(needs)
        moving = self.status.code() == codes.PINDAH
        self.moved.setVisible(moving)
        self.moved_label.setVisible(moving)
        if needs:
            self.date_label.setText(f"Tanggal {codes.STATUS_DASAR[self.status.code()].lower()}")  # type: ignore[index]

    def _accept(self) -> None:
        if self.status.code() in codes.STATUS_NEEDS_DATE:
            when = self.date.value()
            if when is None:
                self.error.show_issue("Isi tanggalnya.", True)
                return
            if when > dt.date.today():
                self.error.show_issue("Tanggal tidak boleh di masa depan.", True)
                return
        self.accept()

    def result_value(self) -> tuple[int, dt.date | None, str, bool | None]:
        status = int(self.status.code())  # type: ignore[call-overload]
        when = self.date.value() if status in codes.STATUS_NEEDS_DATE else None
        moved = self.moved.currentData() if status == codes.PINDAH else None
        return status, when, self.reason.text().strip(), moved


class ReasonDialog(QDialog):
    """Confirm a delete; the reason is required and goes to the audit trail."""

    def __init__(self, title: str, question: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        text = QLabel(question)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("Alasan (wajib), mis. salah input, data ganda")
        layout.addWidget(self.reason)
        self.error = FieldError()
        layout.addWidget(self.error)
        buttons = ok_cancel_buttons(self, "Hapus")
        buttons.accepted.connect(self._accept)
        layout.addWidget(buttons)
        self.resize(460, 160)

    def _accept(self) -> None:
        if not self.reason.text().strip():
            self.error.show_issue("Tuliskan alasan penghapusan.", True)
            return
        self.accept()

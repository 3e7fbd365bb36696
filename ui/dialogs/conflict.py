"""Someone changed the record while this dialog was open: show who changed what, and let the person
choose to keep their own entry (overwriting) or to load the newest data (issue #14)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.audit_words import FIELDS, readable
from jkn_desktop.services.edit_conflict import EditConflict

OVERWRITE, RELOAD, CANCEL = "overwrite", "reload", "cancel"

# the household's own fields, beside the resident's in audit_words.FIELDS
_MORE = {"address": "Alamat", "rt": "RT", "rw": "RW", "dusun": "Dusun"}


def _text(field: str, value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        value = int(value)
    return readable(field, str(value))


class ConflictDialog(QDialog):
    def __init__(self, conflict: EditConflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Data sudah diubah orang lain")
        self.choice = CANCEL
        layout = QVBoxLayout(self)
        text = QLabel(conflict.message)
        text.setWordWrap(True)
        layout.addWidget(text)
        shown = [f for f in conflict.fields if f.field != "household_id"] or conflict.fields
        table = QTableWidget(len(shown), 3)
        table.setHorizontalHeaderLabels(["Isian", "Saat jendela dibuka", "Sekarang tersimpan"])
        table.verticalHeader().hide()
        for r, f in enumerate(shown):
            label = FIELDS.get(f.field) or _MORE.get(f.field) or "Isian lain"
            for c, value in enumerate((label, _text(f.field, f.opened), _text(f.field, f.now))):
                table.setItem(r, c, QTableWidgetItem(value))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(table)
        buttons = QDialogButtonBox()
        self.overwrite_btn = buttons.addButton(
            "Simpan isian saya", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.reload_btn = buttons.addButton(
            "Muat ulang data terbaru", QDialogButtonBox.ButtonRole.ActionRole
        )
        buttons.addButton("Batal", QDialogButtonBox.ButtonRole.RejectRole)
        self.overwrite_btn.clicked.connect(lambda: self._choose(OVERWRITE))
        self.reload_btn.clicked.connect(lambda: self._choose(RELOAD))
        buttons.rejected.connect(self.reject)
        self.reload_btn.setDefault(True)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()


def ask(conflict: EditConflict, parent: QWidget | None = None) -> str:
    dialog = ConflictDialog(conflict, parent)
    dialog.exec()
    return dialog.choice

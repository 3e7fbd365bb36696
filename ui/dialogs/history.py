"""The audit trail of one record: when, who, what changed from what to what, in the Audit page's
words (jkn_desktop.domain.audit_words: one word list for the program)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import audit_words as W
from jkn_desktop.records.audit import AuditEntry


class HistoryDialog(QDialog):
    def __init__(self, name: str, entries: list[AuditEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Riwayat perubahan — {name}")
        layout = QVBoxLayout(self)
        table = QTableWidget(len(entries), 6)
        table.setHorizontalHeaderLabels(["Waktu", "Oleh", "Tindakan", "Kolom", "Semula", "Menjadi"])
        for i, e in enumerate(entries):
            values = [
                f"{e.at:%d-%m-%Y %H.%M}",  # the Audit page's form
                e.actor,
                W.action_word(e.action),
                W.field_label(e.field) if e.field else "",
                W.readable(e.field, e.old_value, e.entity) if e.field else "",
                W.readable(e.field, e.new_value, e.entity) if e.field else "",
            ]
            for j, v in enumerate(values):
                table.setItem(i, j, QTableWidgetItem(v))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Tutup")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 420)

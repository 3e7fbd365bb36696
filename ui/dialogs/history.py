"""The audit trail of one record: when, who, what changed from what to what."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import audit_words, codes
from jkn_desktop.records.audit import AuditEntry

ACTIONS = {
    "create": "dibuat",
    "update": "diubah",
    "status": "status",
    "delete": "dihapus",
    "move": "pindah KK",
    "demo": "data demo",
}
# the field labels are the audit page's (one word list for the program)
FIELDS = audit_words.FIELDS


def readable(field: str, value: str | None) -> str:
    """Show codes as their labels ("9" → "Petani/Pekebun"), dates as dd-mm-yyyy."""
    if value is None or value == "":
        return "—"
    coded = codes.coded_fields()
    if field in coded and value.isdigit():
        return coded[field].label(int(value)).title()
    if field == "status_dasar" and value.isdigit():
        return codes.STATUS_DASAR.get(int(value), value).title()
    if field == "sex":
        return codes.SEX_LABEL.get(value, value)
    if field == "pregnant":
        return "ya" if value in ("True", "1") else "tidak"
    if len(value) == 10 and value[4] == "-" and value[7] == "-":
        return f"{value[8:10]}-{value[5:7]}-{value[0:4]}"
    return value


class HistoryDialog(QDialog):
    def __init__(self, name: str, entries: list[AuditEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Riwayat perubahan — {name}")
        layout = QVBoxLayout(self)
        table = QTableWidget(len(entries), 6)
        table.setHorizontalHeaderLabels(["Waktu", "Oleh", "Tindakan", "Kolom", "Semula", "Menjadi"])
        for i, e in enumerate(entries):
            values = [
                e.at.strftime("%d-%m-%Y %H:%M"),
                e.actor,
                ACTIONS.get(e.action, e.action),
                FIELDS.get(e.field, e.field),
                readable(e.field, e.old_value),
                readable(e.field, e.new_value),
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

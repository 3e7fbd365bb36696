"""Step 2 of the import wizard: what each column of the file means."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.importers.columns import LABELS
from jkn_desktop.records.imports import SheetPreview

NOT_USED = ""


def sample_text(value: Any) -> str:
    """A cell as the mapping table shows it (whole numbers without .0, dates as dd-mm-yyyy)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d-%m-%Y")
    return " ".join(str(value).split())


class MappingStep(QWidget):
    """``changed`` whenever the user chooses another meaning for a column."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combos: list[QComboBox] = []
        lay = QVBoxLayout(self)
        intro = QLabel(
            "Periksa arti tiap kolom. Kolom yang ditandai “tidak dipakai” tidak diimpor; "
            "isinya tetap ada di berkas Anda."
        )
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.map_table = QTableWidget(0, 3)
        self.map_table.setHorizontalHeaderLabels(
            ["Kolom di berkas", "Contoh isi", "Dipakai sebagai"]
        )
        self.map_table.verticalHeader().setVisible(False)
        self.map_table.verticalHeader().setDefaultSectionSize(30)
        self.map_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.map_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.map_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.map_table.setColumnWidth(0, 220)
        self.map_table.setColumnWidth(2, 230)
        lay.addWidget(self.map_table, 1)
        self.remember = QCheckBox(
            "Ingat pemetaan ini untuk berkas berikutnya dengan judul kolom yang sama"
        )
        self.remember.setChecked(True)
        lay.addWidget(self.remember)

    def fill(self, sheet: SheetPreview, proposed: dict[int, str]) -> None:
        """One row per column that has a header or a sample, with the proposed meaning chosen."""
        self.map_table.setRowCount(0)
        self.combos = []
        for col, header in enumerate(sheet.headers):
            samples = [
                sample_text(r[col]) for r in sheet.sample if col < len(r) and sample_text(r[col])
            ]
            if not header and not samples:
                continue
            row = self.map_table.rowCount()
            self.map_table.insertRow(row)
            title = QTableWidgetItem(header or f"(kolom {col + 1} tanpa judul)")
            title.setData(Qt.ItemDataRole.UserRole, col)
            self.map_table.setItem(row, 0, title)
            self.map_table.setItem(row, 1, QTableWidgetItem(" · ".join(samples[:3])))
            self.map_table.setCellWidget(row, 2, self._combo(col, proposed.get(col, NOT_USED)))

    def _combo(self, col: int, field: str) -> QComboBox:
        combo = QComboBox()
        combo.addItem("— tidak dipakai —", NOT_USED)
        for key, label in LABELS.items():
            combo.addItem(label, key)
        combo.setCurrentIndex(max(0, combo.findData(field)))
        combo.setProperty("column", col)
        combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.combos.append(combo)
        return combo

    def mapping(self) -> dict[int, str]:
        return {
            int(c.property("column")): str(c.currentData())
            for c in self.combos
            if c.currentData() != NOT_USED
        }

    def set_field(self, column: int, field: str) -> None:
        """Choose what a column of the file means (used by tests and keyboard users alike)."""
        for combo in self.combos:
            if int(combo.property("column")) == column:
                combo.setCurrentIndex(combo.findData(field))

    def problem(self) -> str | None:
        """Why the mapping cannot be imported yet (no NIK, a field twice), or None."""
        chosen = list(self.mapping().values())
        if "nik" not in chosen:
            return "Pilih kolom yang berisi NIK: tanpa NIK penduduk tidak bisa dicocokkan."
        twice = sorted({LABELS[f] for f in chosen if chosen.count(f) > 1})
        if twice:
            return f"{', '.join(twice)} dipilih untuk lebih dari satu kolom; pilih satu saja."
        return None

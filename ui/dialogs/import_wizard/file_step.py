"""Step 1 of the import wizard: the file (picked or dropped), its sheet, and the header found."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.importers.columns import LABELS
from jkn_desktop.records.registry import FilePreview
from ui.dialogs.import_wizard.drop import FILE_FILTER

HINT = (
    "Berkas yang bisa dibaca: Excel (.xlsx, .xlsm, .xls), LibreOffice (.ods) dan CSV "
    "(dipisah koma atau titik koma). Ekspor OpenSID, daftar SIAK dan Buku Induk Penduduk "
    "dari Dukcapil, serta daftar buatan sendiri dengan kolom NIK dan NAMA dikenali "
    "langsung. Impor tidak pernah menghapus penduduk yang tidak ada di berkas."
)


class FileStep(QWidget):
    """``chosen(path, sheet)`` when the user picks a file or another sheet of it."""

    chosen = Signal(object, object)  # Path, sheet name (None: the first with a header)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        lay = QVBoxLayout(self)
        self.drop_zone = QLabel("Seret berkas ke sini<br>atau klik <b>Pilih berkas…</b>")
        self.drop_zone.setObjectName("dropZone")
        self.drop_zone.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.drop_zone.setMinimumHeight(150)
        lay.addWidget(self.drop_zone)
        row = QHBoxLayout()
        self.pick_btn = QPushButton("Pilih berkas…")
        self.pick_btn.clicked.connect(self._pick_file)
        self.file_label = QLabel("Belum ada berkas dipilih.")
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.pick_btn)
        row.addWidget(self.file_label, 1)
        lay.addLayout(row)
        grid = QGridLayout()
        grid.addWidget(QLabel("Lembar kerja"), 0, 0)
        self.sheet_box = QComboBox()
        self.sheet_box.setMinimumWidth(260)
        self.sheet_box.activated.connect(self._sheet_chosen)
        grid.addWidget(self.sheet_box, 0, 1)
        self.header_info = QLabel()
        self.header_info.setWordWrap(True)
        grid.addWidget(self.header_info, 1, 0, 1, 3)
        grid.setColumnStretch(2, 1)
        lay.addLayout(grid)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        lay.addWidget(hint)
        lay.addStretch(1)

    def _pick_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Pilih berkas data penduduk", "", FILE_FILTER)
        if name:
            self.chosen.emit(Path(name), None)

    def _sheet_chosen(self, index: int) -> None:
        if self.path is not None:
            self.chosen.emit(self.path, self.sheet_box.itemText(index))

    def reading(self, path: Path) -> None:
        """The file is being read."""
        self.path = path
        self.file_label.setText(str(path))
        self.header_info.setText("Membaca berkas …")

    def show_preview(self, preview: FilePreview) -> None:
        sheet = preview.sheet
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItems(sheet.sheet_names)
        self.sheet_box.setCurrentText(sheet.sheet)
        self.sheet_box.blockSignals(False)
        known = ", ".join(LABELS[f] for f in dict.fromkeys(preview.mapping.values()) if f in LABELS)
        remembered = " (pemetaan yang diingat dari impor sebelumnya)" if preview.remembered else ""
        self.header_info.setText(
            f"Judul kolom ditemukan di baris {sheet.header_row}. Dikenali{remembered}: {known}."
        )

"""Step 4 of the import wizard: what was written, and the workbook of rows to fix."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from jkn_desktop.domain.formatting import angka
from jkn_desktop.records.registry import ImportResult
from ui.saved import announce_saved


def summary_html(result: ImportResult) -> str:
    lines = [
        f"<h3>Impor selesai</h3><p><b>{Path(result.file).name}</b> — "
        f"{angka(result.rows)} baris dibaca.</p><ul>",
        f"<li>{angka(result.created)} penduduk ditambahkan</li>",
        f"<li>{angka(result.updated)} penduduk diubah (setiap perubahan tercatat di riwayat)</li>",
        f"<li>{angka(result.unchanged)} sudah sama</li>",
        f"<li>{angka(result.rejected)} baris ditolak</li>",
        f"<li>{angka(result.warnings)} peringatan untuk diperiksa</li>",
        f"<li>{angka(result.households_created)} KK baru</li></ul>",
    ]
    lines.append(
        "<p>Sebelum impor, basis data dicadangkan: bila impor ini keliru, batalkan dengan tombol "
        "<i>Batalkan impor ini…</i> (yang akan hilang ditampilkan dulu).</p>"
    )
    if result.issues:
        lines.append(
            "<p>Simpan daftar baris bermasalah, betulkan di Excel, lalu impor berkas itu lagi: "
            "baris yang sudah masuk tidak akan berubah.</p>"
        )
    return "".join(lines)


class DoneStep(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        self.done_text = QLabel()
        self.done_text.setWordWrap(True)
        self.done_text.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.done_text)
        self.save_issues_btn = QPushButton("Simpan daftar baris bermasalah (.xlsx)…")
        self.undo_btn = QPushButton("Batalkan impor ini…")
        row = QHBoxLayout()
        row.addWidget(self.save_issues_btn)
        row.addWidget(self.undo_btn)
        row.addStretch(1)
        lay.addLayout(row)
        self.saved_note = QLabel()
        self.saved_note.setWordWrap(True)
        lay.addWidget(self.saved_note)
        lay.addStretch(1)

    def show_result(self, result: ImportResult) -> None:
        self.done_text.setText(summary_html(result))
        self.save_issues_btn.setEnabled(bool(result.issues))
        self.undo_btn.setEnabled(True)

    def undone(self) -> None:
        self.done_text.setText(
            "<h3>Impor dibatalkan</h3><p>Basis data dikembalikan ke keadaan sebelum impor. "
            "Keadaan sesudah impor tersimpan sebagai cadangan «Sebelum pemulihan» "
            "(Pengaturan › Cadangan dan pemulihan).</p>"
        )
        self.undo_btn.setEnabled(False)
        self.save_issues_btn.setEnabled(False)

    def saved(self, count: int, out: Path) -> None:
        self.saved_note.setText(f"{angka(count)} baris bermasalah disimpan ke {out}.")
        announce_saved(self, out, f"{angka(count)} baris bermasalah")

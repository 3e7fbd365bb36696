"""Koreksi dari kecamatan: the corrections the kecamatan's return file asks of this village (a
person counted twice, a package sent back with a note), read from the file, listed, each marked
done once the registry is corrected."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import duplicates as D
from jkn_desktop.domain.formatting import BULAN, angka, waktu
from jkn_desktop.records.kecamatan_duplicates import CorrectionImport, CorrectionRow
from jkn_desktop.services.kecamatan.corrections import (
    corrections,
    import_corrections,
    resolve_correction,
)
from ui.context import AppContext
from ui.widgets import FieldError, error_into

COLUMNS = ("Bulan", "Jenis", "Penduduk di desa ini", "Di desa lain", "Status", "Catatan kecamatan")
WIDTHS = (100, 190, 170, 210, 130)  # the note takes the rest (fits 1024 pixels wide)


def _month(period: str) -> str:
    try:
        return f"{BULAN[int(period[5:7]) - 1]} {period[:4]}"
    except (ValueError, IndexError):
        return period


class CorrectionsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[CorrectionRow] = []
        self.setWindowTitle("Koreksi dari kecamatan")
        layout = QVBoxLayout(self)
        hint = QLabel(
            "Kecamatan menemukan penduduk yang tercatat ganda dengan desa lain, atau "
            "mengembalikan paket dengan catatan. Baca berkas koreksi dari kecamatan, periksa "
            "KTP/KK penduduknya, perbaiki datanya di halaman Penduduk, lalu tandai selesai."
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout.addWidget(hint)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)
        layout.addWidget(self.table, 1)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.notice = QLabel()  # what the last file brought
        self.notice.setWordWrap(True)
        self.notice.hide()
        layout.addWidget(self.notice)
        row = QHBoxLayout()
        self.read_btn = QPushButton("Baca berkas koreksi…")
        self.read_btn.clicked.connect(self._read)
        self.show_done = QCheckBox("Tampilkan yang sudah selesai")
        self.show_done.toggled.connect(self.reload)
        self.done_btn = QPushButton("Tandai selesai")
        self.done_btn.setEnabled(False)
        self.done_btn.clicked.connect(self._mark)
        close = QPushButton("Tutup")
        close.clicked.connect(self.accept)
        row.addWidget(self.read_btn)
        row.addWidget(self.show_done)
        row.addStretch(1)
        row.addWidget(self.done_btn)
        row.addWidget(close)
        layout.addLayout(row)
        self.resize(980, 480)
        self.reload()

    def reload(self) -> None:
        self.ctx.query(
            corrections,
            open_only=not self.show_done.isChecked(),
            on_done=self._show,
            on_error=error_into(self.error, self.ctx.runner),
        )

    def _show(self, rows: list[CorrectionRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            person = f"{r.name}\nNIK {r.nik}" if r.nik else f"Paket {_month(r.period)}"
            other = (
                f"{r.other_village}\n{r.other_name} (NIK {r.other_nik})" if r.other_village else ""
            )
            state = (
                f"Selesai {waktu(r.resolved_at)}\noleh {r.resolved_by}"
                if r.resolved_at
                else "Belum selesai"
            )
            values = (
                _month(r.period),
                D.RETURN_KINDS.get(r.kind, "Koreksi"),
                person,
                other,
                state,
                r.note,
            )
            for j, v in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(v))
        for j, width in enumerate(WIDTHS):
            self.table.setColumnWidth(j, width)
        self.table.resizeRowsToContents()
        open_rows = sum(1 for r in rows if r.open)
        self.summary.setText(
            f"{angka(open_rows)} koreksi belum selesai."
            if rows or not self.show_done.isChecked()
            else "Belum ada koreksi dari kecamatan."
        )
        self._selected()

    def chosen(self) -> CorrectionRow | None:
        picked = self.table.selectionModel().selectedRows()
        return self.rows[picked[0].row()] if picked else None

    def _selected(self) -> None:
        row = self.chosen()
        self.done_btn.setEnabled(row is not None and row.open)

    def _read(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Pilih berkas koreksi dari kecamatan", "", "Berkas koreksi (*.xlsx)"
        )
        if not name:
            return
        self.error.clear_issue()
        self.notice.hide()
        self.ctx.op(
            import_corrections,
            Path(name),
            on_done=self._read_done,
            on_error=error_into(self.error, self.ctx.runner),
            label="Membaca berkas koreksi…",
            parent=self,
        )

    def _read_done(self, result: CorrectionImport) -> None:
        self.last_import = result
        if result.added:
            text = f"Berkas {result.file}: {angka(result.added)} koreksi baru disimpan."
        else:
            text = f"Berkas {result.file} sudah pernah dibaca: tidak ada koreksi baru."
        self.notice.setText(text)
        self.notice.show()
        self.reload()

    def _mark(self) -> None:
        row = self.chosen()
        if row is None:
            return
        self.error.clear_issue()
        self.ctx.op(
            resolve_correction,
            row.id,
            on_done=lambda _r: self.reload(),
            on_error=error_into(self.error, self.ctx.runner),
        )

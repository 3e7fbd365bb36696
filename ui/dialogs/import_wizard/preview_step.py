"""Step 3 of the import wizard: what the import would do (a dry run), with every issue found."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.formatting import angka
from jkn_desktop.records.registry import ImportResult
from ui.table_model import Column, ListTableModel

ISSUE_COLUMNS = [
    Column("", "Baris", lambda i: str(i.row), Qt.AlignmentFlag.AlignRight),
    Column(
        "", "Tingkat", lambda i: "Kesalahan (ditolak)" if i.severity == "error" else "Peringatan"
    ),
    Column("", "Kolom", lambda i: i.column),
    Column("", "Pesan", lambda i: i.message, tooltip=lambda i: i.message),
]


class Count(QFrame):
    """A big number over its caption."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setObjectName("countBox")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 6, 10, 6)
        self.number = QLabel("0")
        self.number.setObjectName("bigNumber")
        self.caption = QLabel(caption)
        self.caption.setWordWrap(True)
        lay.addWidget(self.number)
        lay.addWidget(self.caption)

    def set(self, value: int) -> None:
        self.number.setText(angka(value))


def _notes(result: ImportResult) -> str:
    notes = [
        f"KK baru: {angka(result.households_created)}, KK yang alamatnya berubah: "
        f"{angka(result.households_updated)}."
    ]
    if result.unused_columns:
        notes.append("Kolom yang tidak dipakai: " + ", ".join(result.unused_columns) + ".")
    if result.skipped_lines:
        notes.append(
            f"{angka(len(result.skipped_lines))} baris tanpa NIK, No. KK dan nama dilewati "
            "(catatan atau jumlah di bawah data)."
        )
    return " ".join(notes)


class PreviewStep(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: ImportResult | None = None
        lay = QVBoxLayout(self)
        self.preview_title = QLabel()
        self.preview_title.setWordWrap(True)
        lay.addWidget(self.preview_title)
        counts = QHBoxLayout()
        self.c_created = Count("akan ditambahkan")
        self.c_updated = Count("akan diubah")
        self.c_unchanged = Count("sudah sama")
        self.c_rejected = Count("ditolak (ada kesalahan)")
        self.c_warnings = Count("peringatan")
        boxes = (self.c_created, self.c_updated, self.c_unchanged, self.c_rejected, self.c_warnings)
        for box in boxes:
            counts.addWidget(box)
        lay.addLayout(counts)
        self.preview_notes = QLabel()
        self.preview_notes.setWordWrap(True)
        lay.addWidget(self.preview_notes)
        filt = QHBoxLayout()
        filt.addWidget(QLabel("Tampilkan"))
        self.issue_filter = QComboBox()
        self.issue_filter.currentIndexChanged.connect(lambda _i: self._fill_issues())
        filt.addWidget(self.issue_filter)
        filt.addStretch(1)
        lay.addLayout(filt)
        self.issue_model = ListTableModel(ISSUE_COLUMNS)
        self.issue_view = self._issue_view()
        lay.addWidget(self.issue_view, 1)
        self.issue_detail = QLabel("Pilih satu baris untuk membaca pesannya utuh.")
        self.issue_detail.setWordWrap(True)
        self.issue_detail.setObjectName("hint")
        self.issue_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.issue_detail)
        self.issue_view.selectionModel().currentRowChanged.connect(self._issue_selected)

    def _issue_view(self) -> QTableView:
        view = QTableView()
        view.setModel(self.issue_model)
        view.verticalHeader().setVisible(False)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        for col, width in enumerate([56, 120, 150]):
            view.setColumnWidth(col, width)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def _issue_selected(self, current: QModelIndex, _previous: Any = None) -> None:
        issue = self.issue_model.row_object(current.row())
        if issue is not None:
            self.issue_detail.setText(f"Baris {issue.row}, kolom {issue.column}: {issue.message}")

    def show_result(self, result: ImportResult) -> None:
        self.result = replace(result, prepared=None)  # the rows read are the wizard's to keep
        self.preview_title.setText(
            f"<b>{Path(result.file).name}</b>, lembar “{result.sheet}”: {angka(result.rows)} "
            "baris data. Belum ada yang ditulis; periksa lalu klik <b>Impor sekarang</b>."
        )
        self.c_created.set(result.created)
        self.c_updated.set(result.updated)
        self.c_unchanged.set(result.unchanged)
        self.c_rejected.set(result.rejected)
        self.c_warnings.set(result.warnings)
        self.preview_notes.setText(_notes(result))
        errors = sum(i.severity == "error" for i in result.issues)
        warnings = len(result.issues) - errors
        self.issue_filter.blockSignals(True)
        self.issue_filter.clear()
        self.issue_filter.addItem(f"Semua masalah ({angka(len(result.issues))})", "all")
        self.issue_filter.addItem(f"Kesalahan saja — baris ditolak ({angka(errors)})", "error")
        self.issue_filter.addItem(f"Peringatan saja ({angka(warnings)})", "warning")
        self.issue_filter.blockSignals(False)
        self._fill_issues()

    def _fill_issues(self) -> None:
        if self.result is None:
            return
        wanted = self.issue_filter.currentData() or "all"
        self.issue_model.set_rows([i for i in self.result.issues if wanted in ("all", i.severity)])

"""The resident import wizard: file (or drag and drop) and sheet → column mapping → preview with
every issue → import in one transaction, with progress and a Cancel that leaves the database as
it was → summary, with the workbook of rows to fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.formatting import angka
from jkn_desktop.errors import Cancelled, UserError
from jkn_desktop.importers.columns import LABELS
from jkn_desktop.importers.reader import SPREADSHEET_SUFFIXES
from jkn_desktop.services.registry import resident_import as svc
from ui.context import AppContext
from ui.table_model import Column, ListTableModel

SUFFIXES = {*SPREADSHEET_SUFFIXES, ".csv"}
FILE_FILTER = "Lembar kerja (*.xlsx *.xlsm *.xls *.ods *.csv);;Semua berkas (*)"
STEPS = ["1. Berkas", "2. Kolom", "3. Pratinjau", "4. Selesai"]
NOT_USED = ""

ISSUE_COLUMNS = [
    Column("", "Baris", lambda i: str(i.row), Qt.AlignmentFlag.AlignRight),
    Column("", "Tingkat", lambda i: "Galat (ditolak)" if i.severity == "error" else "Peringatan"),
    Column("", "Kolom", lambda i: i.column),
    Column("", "Kode", lambda i: i.code),
    Column("", "Pesan", lambda i: i.message, tooltip=lambda i: i.message),
]


def dropped_file(event: QDragEnterEvent | QDropEvent) -> Path | None:
    """The spreadsheet being dragged onto a widget, if it is one we read."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return None
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.suffix.lower() in SUFFIXES:
                return path
    return None


class SpreadsheetDrop:
    """Accept a spreadsheet dragged onto the widget and hand it to ``spreadsheet_dropped``."""

    def accepts_drop(self) -> bool:
        return True

    def spreadsheet_dropped(self, path: Path) -> None:
        raise NotImplementedError

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.accepts_drop() and dropped_file(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = dropped_file(event)
        if path is not None:
            event.acceptProposedAction()
            self.spreadsheet_dropped(path)


def _sample_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d-%m-%Y")
    return " ".join(str(value).split())


class _Count(QFrame):
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


class ImportWizard(SpreadsheetDrop, QDialog):
    """Modal wizard; ``imported`` is emitted once data was written."""

    imported = Signal()

    def __init__(self, ctx: AppContext, path: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Impor data penduduk")
        self.setAcceptDrops(True)
        self.resize(980, 640)
        self.preview: svc.FilePreview | None = None
        self.dry: svc.ImportResult | None = None
        self.outcome: svc.ImportResult | None = None
        self.combos: list[QComboBox] = []

        outer = QVBoxLayout(self)
        self.step_label = QLabel()
        self.step_label.setObjectName("wizardSteps")
        outer.addWidget(self.step_label)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)
        self.message = QLabel()
        self.message.setObjectName("wizardMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.message)
        nav = QHBoxLayout()
        self.back_btn = QPushButton("‹ Kembali")
        self.next_btn = QPushButton("Lanjut ›")
        self.next_btn.setDefault(True)
        self.close_btn = QPushButton("Batal")
        nav.addWidget(self.back_btn)
        nav.addStretch(1)
        nav.addWidget(self.next_btn)
        nav.addWidget(self.close_btn)
        outer.addLayout(nav)
        self.back_btn.clicked.connect(self._back)
        self.next_btn.clicked.connect(self._next)
        self.close_btn.clicked.connect(self.reject)

        self.stack.addWidget(self._build_file_step())
        self.stack.addWidget(self._build_mapping_step())
        self.stack.addWidget(self._build_preview_step())
        self.stack.addWidget(self._build_done_step())
        self._show_step(0)
        if path is not None:
            self.choose_path(path)

    # --- steps ----------------------------------------------------------------------------
    def _build_file_step(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.drop_zone = QLabel(
            "Seret berkas ke sini\natau klik <b>Pilih berkas…</b>".replace("\n", "<br>")
        )
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
        hint = QLabel(
            "Berkas yang bisa dibaca: Excel (.xlsx, .xlsm, .xls), LibreOffice (.ods) dan CSV "
            "(dipisah koma atau titik koma). Ekspor OpenSID, daftar SIAK dan Buku Induk Penduduk "
            "dari Dukcapil, serta daftar buatan sendiri dengan kolom NIK dan NAMA dikenali "
            "langsung. Impor tidak pernah menghapus penduduk yang tidak ada di berkas."
        )
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        lay.addWidget(hint)
        lay.addStretch(1)
        return page

    def _build_mapping_step(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
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
        return page

    def _build_preview_step(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.preview_title = QLabel()
        self.preview_title.setWordWrap(True)
        lay.addWidget(self.preview_title)
        counts = QHBoxLayout()
        self.c_created = _Count("akan ditambahkan")
        self.c_updated = _Count("akan diubah")
        self.c_unchanged = _Count("sudah sama")
        self.c_rejected = _Count("ditolak (galat)")
        self.c_warnings = _Count("peringatan")
        for box in (
            self.c_created,
            self.c_updated,
            self.c_unchanged,
            self.c_rejected,
            self.c_warnings,
        ):
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
        self.issue_view = QTableView()
        self.issue_view.setModel(self.issue_model)
        self.issue_view.verticalHeader().setVisible(False)
        self.issue_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.issue_view.setWordWrap(False)
        self.issue_view.setAlternatingRowColors(True)
        for col, width in enumerate([56, 120, 150, 190]):
            self.issue_view.setColumnWidth(col, width)
        self.issue_view.horizontalHeader().setStretchLastSection(True)
        lay.addWidget(self.issue_view, 1)
        self.issue_detail = QLabel("Pilih satu baris untuk membaca pesannya utuh.")
        self.issue_detail.setWordWrap(True)
        self.issue_detail.setObjectName("hint")
        self.issue_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.issue_detail)
        self.issue_view.selectionModel().currentRowChanged.connect(self._issue_selected)
        return page

    def _issue_selected(self, current: Any, _previous: Any = None) -> None:
        issue = self.issue_model.row_object(current.row())
        if issue is not None:
            self.issue_detail.setText(f"Baris {issue.row}, kolom {issue.column}: {issue.message}")

    def _build_done_step(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        self.done_text = QLabel()
        self.done_text.setWordWrap(True)
        self.done_text.setTextFormat(Qt.TextFormat.RichText)
        lay.addWidget(self.done_text)
        self.save_issues_btn = QPushButton("Simpan daftar baris bermasalah (.xlsx)…")
        self.save_issues_btn.clicked.connect(self._save_issue_workbook)
        row = QHBoxLayout()
        row.addWidget(self.save_issues_btn)
        row.addStretch(1)
        lay.addLayout(row)
        self.saved_note = QLabel()
        self.saved_note.setWordWrap(True)
        lay.addWidget(self.saved_note)
        lay.addStretch(1)
        return page

    # --- navigation -----------------------------------------------------------------------
    def _show_step(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.step_label.setText(
            "&nbsp;&nbsp;›&nbsp;&nbsp;".join(
                f"<b>{s}</b>" if i == index else s for i, s in enumerate(STEPS)
            )
        )
        self.back_btn.setVisible(0 < index < 3)
        self.next_btn.setVisible(index < 3)
        self.close_btn.setText("Tutup" if index == 3 else "Batal")
        self.next_btn.setText({2: "Impor sekarang"}.get(index, "Lanjut ›"))
        self._update_next()

    def _update_next(self) -> None:
        step = self.stack.currentIndex()
        ok = True
        if step == 0:
            ok = self.preview is not None
        elif step == 1:
            ok = self._mapping_problem() is None
            self.message.setText(self._mapping_problem() or "")
        elif step == 2:
            ok = self.dry is not None and (self.dry.created + self.dry.updated) > 0
        self.next_btn.setEnabled(ok)

    def _back(self) -> None:
        self.message.clear()
        self._show_step(max(0, self.stack.currentIndex() - 1))

    def _next(self) -> None:
        step = self.stack.currentIndex()
        self.message.clear()
        if step == 0:
            self._fill_mapping()
            self._show_step(1)
        elif step == 1:
            self._run_preview()
        elif step == 2:
            self._run_import()

    # --- step 1: file and sheet -------------------------------------------------------------
    def _pick_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Pilih berkas data penduduk", "", FILE_FILTER)
        if name:
            self.choose_path(Path(name))

    def accepts_drop(self) -> bool:
        return self.stack.currentIndex() == 0

    def spreadsheet_dropped(self, path: Path) -> None:
        self.choose_path(path)

    def choose_path(self, path: Path, sheet: str | None = None) -> None:
        self.preview = None
        self.dry = None
        self.file_label.setText(str(path))
        self.header_info.setText("Membaca berkas …")
        self.message.clear()
        self._update_next()
        self.ctx.run(
            svc.preview_file,
            self.ctx.db,
            path,
            sheet,
            on_done=self._previewed,
            on_error=self._failed,
        )

    def _sheet_chosen(self, index: int) -> None:
        if self.preview is not None or self.file_label.text():
            name = self.sheet_box.itemText(index)
            self.choose_path(Path(self.file_label.text()), name)

    def _previewed(self, preview: svc.FilePreview) -> None:
        self.preview = preview
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
        self._update_next()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.message.setText("Impor dibatalkan. Basis data tidak berubah.")
        elif isinstance(exc, UserError):
            self.message.setText(exc.message)
            if self.stack.currentIndex() == 0:
                self.header_info.clear()
        else:
            self.ctx.runner.report(exc)
        self._update_next()

    # --- step 2: mapping --------------------------------------------------------------------
    def _fill_mapping(self) -> None:
        assert self.preview is not None
        sheet = self.preview.sheet
        self.map_table.setRowCount(0)
        self.combos = []
        for col, header in enumerate(sheet.headers):
            samples = [
                _sample_text(r[col]) for r in sheet.sample if col < len(r) and _sample_text(r[col])
            ]
            if not header and not samples:
                continue
            row = self.map_table.rowCount()
            self.map_table.insertRow(row)
            title = QTableWidgetItem(header or f"(kolom {col + 1} tanpa judul)")
            title.setData(Qt.ItemDataRole.UserRole, col)
            self.map_table.setItem(row, 0, title)
            self.map_table.setItem(row, 1, QTableWidgetItem(" · ".join(samples[:3])))
            combo = QComboBox()
            combo.addItem("— tidak dipakai —", NOT_USED)
            for field, label in LABELS.items():
                combo.addItem(label, field)
            combo.setCurrentIndex(max(0, combo.findData(self.preview.mapping.get(col, NOT_USED))))
            combo.setProperty("column", col)
            combo.currentIndexChanged.connect(lambda _i: self._update_next())
            self.map_table.setCellWidget(row, 2, combo)
            self.combos.append(combo)

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

    def _mapping_problem(self) -> str | None:
        chosen = list(self.mapping().values())
        if "nik" not in chosen:
            return "Pilih kolom yang berisi NIK: tanpa NIK penduduk tidak bisa dicocokkan."
        twice = sorted({LABELS[f] for f in chosen if chosen.count(f) > 1})
        if twice:
            return f"{', '.join(twice)} dipilih untuk lebih dari satu kolom; pilih satu saja."
        return None

    # --- step 3: preview and import ---------------------------------------------------------
    def _import_kwargs(self) -> dict[str, Any]:
        assert self.preview is not None
        return {
            "sheet": self.preview.sheet.sheet,
            "mapping": self.mapping(),
            "actor": self.ctx.actor(),
            "region_known": self.ctx.region_known,
        }

    def _run_preview(self) -> None:
        assert self.preview is not None
        self.dry = None
        self.ctx.run(
            svc.import_residents,
            self.ctx.db,
            self.preview.path,
            dry_run=True,
            **self._import_kwargs(),
            on_done=self._show_preview,
            on_error=self._failed,
            label="Memeriksa setiap baris …",
            parent=self,
        )

    def _show_preview(self, result: svc.ImportResult) -> None:
        self.dry = result
        self._show_step(2)
        name = Path(result.file).name
        self.preview_title.setText(
            f"<b>{name}</b>, lembar “{result.sheet}”: {angka(result.rows)} baris data. "
            "Belum ada yang ditulis; periksa lalu klik <b>Impor sekarang</b>."
        )
        self._set_counts(result)
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
        self.preview_notes.setText(" ".join(notes))
        errors = sum(i.severity == "error" for i in result.issues)
        warnings = len(result.issues) - errors
        self.issue_filter.blockSignals(True)
        self.issue_filter.clear()
        self.issue_filter.addItem(f"Semua masalah ({angka(len(result.issues))})", "all")
        self.issue_filter.addItem(f"Galat saja — baris ditolak ({angka(errors)})", "error")
        self.issue_filter.addItem(f"Peringatan saja ({angka(warnings)})", "warning")
        self.issue_filter.blockSignals(False)
        self._fill_issues()
        if result.created + result.updated == 0:
            self.message.setText(
                "Tidak ada yang perlu ditulis: semua baris sudah sama dengan data "
                f"{self.ctx.words.lower} atau ditolak."
            )
        self._update_next()

    def _set_counts(self, result: svc.ImportResult) -> None:
        self.c_created.set(result.created)
        self.c_updated.set(result.updated)
        self.c_unchanged.set(result.unchanged)
        self.c_rejected.set(result.rejected)
        self.c_warnings.set(result.warnings)

    def _fill_issues(self) -> None:
        if self.dry is None:
            return
        wanted = self.issue_filter.currentData() or "all"
        self.issue_model.set_rows([i for i in self.dry.issues if wanted in ("all", i.severity)])

    def _run_import(self) -> None:
        assert self.preview is not None
        # everything the job needs is read here, on the UI thread
        remember = self.remember.isChecked()
        headers = self.preview.sheet.headers
        path = self.preview.path
        kwargs = self._import_kwargs()
        db = self.ctx.db

        def job(progress: Any = None) -> svc.ImportResult:
            result = svc.import_residents(db, path, progress=progress, **kwargs)
            if remember:
                svc.remember_mapping(db, headers, kwargs["mapping"])
            return result

        self.next_btn.setEnabled(False)
        self.ctx.run(
            job,
            on_done=self._finished,
            on_error=self._failed,
            label="Mengimpor data penduduk …",
            parent=self,
        )

    # --- step 4: summary --------------------------------------------------------------------
    def _finished(self, result: svc.ImportResult) -> None:
        self.outcome = result
        self._show_step(3)
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
        if result.issues:
            lines.append(
                "<p>Simpan daftar baris bermasalah, betulkan di Excel, lalu impor berkas itu lagi: "
                "baris yang sudah masuk tidak akan berubah.</p>"
            )
        self.done_text.setText("".join(lines))
        self.save_issues_btn.setEnabled(bool(result.issues))
        self.imported.emit()

    def _save_issue_workbook(self) -> None:
        if self.outcome is None:
            return
        default = Path(self.outcome.file).with_name(
            f"{Path(self.outcome.file).stem}_perlu_diperbaiki.xlsx"
        )
        name, _ = QFileDialog.getSaveFileName(
            self, "Simpan daftar baris bermasalah", str(default), "Excel (*.xlsx)"
        )
        if name:
            self.save_issues_to(Path(name))

    def save_issues_to(self, out: Path) -> None:
        assert self.outcome is not None

        def saved(count: int) -> None:
            self.saved_note.setText(f"{angka(count)} baris bermasalah disimpan ke {out}.")

        self.ctx.run(
            svc.save_issue_workbook, self.outcome, out, on_done=saved, on_error=self._failed
        )

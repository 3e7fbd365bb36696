"""The resident import wizard: file (or drag and drop) and sheet → column mapping → preview with
every issue → import in one job, with progress and a Cancel that leaves the database as it was →
summary, with the workbook of rows to fix. Each step is a widget of its own module; this one
moves between them and runs the jobs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.backups import BEFORE_RESIDENT_IMPORT
from jkn_desktop.errors import Cancelled, UserError
from jkn_desktop.records.registry import FilePreview, ImportResult
from jkn_desktop.services.registry import resident_import as svc
from ui.context import AppContext
from ui.dialogs.backup_dialogs import UndoDialog
from ui.dialogs.import_wizard.done_step import DoneStep
from ui.dialogs.import_wizard.drop import SpreadsheetDrop
from ui.dialogs.import_wizard.file_step import FileStep
from ui.dialogs.import_wizard.mapping_step import MappingStep
from ui.dialogs.import_wizard.preview_step import PreviewStep

STEPS = ["1. Berkas", "2. Kolom", "3. Pratinjau", "4. Selesai"]
FILE, MAPPING, PREVIEW, DONE = range(4)


class ImportWizard(SpreadsheetDrop, QDialog):
    """Modal wizard; ``imported`` is emitted once data was written."""

    imported = Signal()

    def __init__(
        self, ctx: AppContext, path: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Impor data penduduk")
        self.setAcceptDrops(True)
        self.resize(980, 640)
        self.preview: FilePreview | None = None
        self.dry: ImportResult | None = None
        self.outcome: ImportResult | None = None

        outer = QVBoxLayout(self)
        self.step_label = QLabel()
        self.step_label.setObjectName("wizardSteps")
        outer.addWidget(self.step_label)
        self.file_step = FileStep()
        self.mapping_step = MappingStep()
        self.preview_step = PreviewStep()
        self.done_step = DoneStep()
        self.stack = QStackedWidget()
        for step in (self.file_step, self.mapping_step, self.preview_step, self.done_step):
            self.stack.addWidget(step)
        outer.addWidget(self.stack, 1)
        self.message = QLabel()
        self.message.setObjectName("wizardMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.message)
        outer.addLayout(self._navigation())

        self.file_step.chosen.connect(self.choose_path)
        self.mapping_step.changed.connect(self._update_next)
        self.done_step.save_issues_btn.clicked.connect(self._save_issue_workbook)
        self.done_step.undo_btn.clicked.connect(self.open_undo)
        self._show_step(FILE)
        if path is not None:
            self.choose_path(path)

    def _navigation(self) -> QHBoxLayout:
        nav = QHBoxLayout()
        self.back_btn = QPushButton("‹ Kembali")
        self.next_btn = QPushButton("Lanjut ›")
        self.next_btn.setDefault(True)
        self.close_btn = QPushButton("Batal")
        nav.addWidget(self.back_btn)
        nav.addStretch(1)
        nav.addWidget(self.next_btn)
        nav.addWidget(self.close_btn)
        self.back_btn.clicked.connect(self._back)
        self.next_btn.clicked.connect(self._next)
        self.close_btn.clicked.connect(self.reject)
        return nav

    # --- navigation -----------------------------------------------------------------------
    def _show_step(self, index: int) -> None:
        self.stack.setCurrentIndex(index)
        self.step_label.setText(
            "&nbsp;&nbsp;›&nbsp;&nbsp;".join(
                f"<b>{s}</b>" if i == index else s for i, s in enumerate(STEPS)
            )
        )
        self.back_btn.setVisible(FILE < index < DONE)
        self.next_btn.setVisible(index < DONE)
        self.close_btn.setText("Tutup" if index == DONE else "Batal")
        self.next_btn.setText("Impor sekarang" if index == PREVIEW else "Lanjut ›")
        self._update_next()

    def _update_next(self) -> None:
        step = self.stack.currentIndex()
        ok = True
        if step == FILE:
            ok = self.preview is not None
        elif step == MAPPING:
            problem = self.mapping_step.problem()
            ok = problem is None
            self.message.setText(problem or "")
        elif step == PREVIEW:
            ok = self.dry is not None and (self.dry.created + self.dry.updated) > 0
        self.next_btn.setEnabled(ok)

    def _back(self) -> None:
        self.message.clear()
        self._show_step(max(FILE, self.stack.currentIndex() - 1))

    def _next(self) -> None:
        step = self.stack.currentIndex()
        self.message.clear()
        if step == FILE:
            assert self.preview is not None
            self.mapping_step.fill(self.preview.sheet, self.preview.mapping)
            self._show_step(MAPPING)
        elif step == MAPPING:
            self._run_preview()
        elif step == PREVIEW:
            self._run_import()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.message.setText("Impor dibatalkan. Basis data tidak berubah.")
        elif isinstance(exc, UserError):
            self.message.setText(exc.message)
            if self.stack.currentIndex() == FILE:
                self.file_step.header_info.clear()
        else:
            self.ctx.runner.report(exc)
        self._update_next()

    # --- step 1: file and sheet -------------------------------------------------------------
    def accepts_drop(self) -> bool:
        return self.stack.currentIndex() == FILE

    def spreadsheet_dropped(self, path: Path) -> None:
        self.choose_path(path)

    def choose_path(self, path: Path, sheet: str | None = None) -> None:
        self.preview = None
        self.dry = None
        self.file_step.reading(path)
        self.message.clear()
        self._update_next()
        self.ctx.query(
            svc.preview_file, path, sheet, on_done=self._previewed, on_error=self._failed
        )

    def _previewed(self, preview: FilePreview) -> None:
        self.preview = preview
        self.file_step.show_preview(preview)
        self._update_next()

    # --- step 2: mapping --------------------------------------------------------------------
    def mapping(self) -> dict[int, str]:
        return self.mapping_step.mapping()

    def set_field(self, column: int, field: str) -> None:
        """Choose what a column of the file means (used by tests and keyboard users alike)."""
        self.mapping_step.set_field(column, field)

    # --- step 3: preview and import ---------------------------------------------------------
    def _run_preview(self) -> None:
        assert self.preview is not None
        self.dry = None
        self.ctx.query(
            svc.import_residents,
            self.preview.path,
            dry_run=True,
            sheet=self.preview.sheet.sheet,
            mapping=self.mapping(),
            region_known=self.ctx.region_known,
            keep=True,  # the rows read here are imported as they are, unless the file changes
            on_done=self._show_preview,
            on_error=self._failed,
            label="Memeriksa setiap baris …",
            parent=self,
        )

    def _show_preview(self, result: ImportResult) -> None:
        self.dry = result
        self._show_step(PREVIEW)
        self.preview_step.show_result(result)
        if result.created + result.updated == 0:
            self.message.setText(
                "Tidak ada yang perlu ditulis: semua baris sudah sama dengan data "
                f"{self.ctx.words.lower} atau ditolak."
            )
        self._update_next()

    def _run_import(self) -> None:
        assert self.preview is not None
        # everything the job needs is read here, on the UI thread
        remember = self.mapping_step.remember.isChecked()
        self.next_btn.setEnabled(False)
        self.ctx.op(
            svc.finish_import,
            self.preview.path,
            sheet=self.preview.sheet.sheet,
            mapping=self.mapping(),
            remember_for=self.preview.sheet.headers if remember else None,
            region_known=self.ctx.region_known,
            prepared=self.dry.prepared if self.dry is not None else None,
            backup_first=BEFORE_RESIDENT_IMPORT,  # what "Batalkan impor ini…" restores
            on_done=self._finished,
            on_error=self._failed,
            label="Mengimpor data penduduk …",
            parent=self,
        )

    # --- step 4: summary --------------------------------------------------------------------
    def _finished(self, result: ImportResult) -> None:
        self.outcome = result
        self.dry = None  # its rows are written: let them go
        self._show_step(DONE)
        self.done_step.show_result(result)
        self.imported.emit()

    def open_undo(self) -> UndoDialog:
        """Undo this import: what would be lost is shown first (ui/dialogs/backup_dialogs.py)."""
        dialog = UndoDialog(self.ctx, self)
        dialog.restored.connect(lambda _: self.done_step.undone())
        dialog.open()
        return dialog

    def _save_issue_workbook(self) -> None:
        if self.outcome is None:
            return
        source = Path(self.outcome.file)
        default = source.with_name(f"{source.stem}_perlu_diperbaiki.xlsx")
        name, _ = QFileDialog.getSaveFileName(
            self, "Simpan daftar baris bermasalah", str(default), "Excel (*.xlsx)"
        )
        if name:
            self.save_issues_to(Path(name))

    def save_issues_to(self, out: Path) -> None:
        """The outcome's rejected and warned rows to ``out`` (a file job: no database)."""
        assert self.outcome is not None
        self.ctx.run(
            svc.save_issue_workbook,
            self.outcome,
            out,
            on_done=lambda count: self.done_step.saved(count, out),
            on_error=self._failed,
        )

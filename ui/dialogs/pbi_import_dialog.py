"""Import the monthly PBI list from Dinas Sosial (or a BPJS list): choose the file and the month,
check the matches first (nothing written), pick the right resident where a name fits more than
one, then record the month in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.backups import BEFORE_PBI_IMPORT
from jkn_desktop.domain.formatting import angka, tanggal_pendek
from jkn_desktop.errors import Cancelled, UserError
from jkn_desktop.records.membership import Candidate, PbiImportResult
from jkn_desktop.services.membership import pbi_import as svc
from jkn_desktop.services.membership.pbi_period import bulan_tahun
from ui.context import AppContext
from ui.dialogs.backup_dialogs import UndoDialog
from ui.dialogs.import_wizard import FILE_FILTER, ISSUE_COLUMNS, SpreadsheetDrop
from ui.saved import announce_saved
from ui.table_model import ListTableModel
from ui.widgets import ask_yes_no

SKIP = -1


class PbiImportDialog(SpreadsheetDrop, QDialog):
    def __init__(self, ctx: AppContext, path: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = None
        self.dry: PbiImportResult | None = None
        self.outcome: PbiImportResult | None = None
        self.pickers: dict[int, QComboBox] = {}
        # rows the user settled stay settled across re-checks: line -> candidates / chosen resident
        self.candidates: dict[int, list[Candidate]] = {}
        self.rows_info: dict[int, tuple[str, Any]] = {}
        self.setWindowTitle("Impor daftar peserta PBI / BPJS")
        self.setAcceptDrops(True)
        self.resize(980, 680)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_form())
        self._build_results(layout)
        self._build_buttons(layout)
        self._show_confirm({})
        self._update()
        if path is not None:
            self.set_path(path)

    def _build_form(self) -> QFormLayout:
        form = QFormLayout()
        row = QHBoxLayout()
        self.file_label = QLabel("Belum ada berkas. Pilih berkas, atau seret ke jendela ini.")
        self.file_label.setWordWrap(True)
        pick = QPushButton("Pilih berkas…")
        pick.clicked.connect(self._pick)
        row.addWidget(pick)
        row.addWidget(self.file_label, 1)
        form.addRow("Berkas", row)
        self.period = QDateEdit(QDate.currentDate())
        self.period.setDisplayFormat("MM-yyyy")
        self.period.setMaximumDate(QDate.currentDate())
        self.period.setToolTip("Bulan daftar, mis. daftar Oktober 2026 = 10-2026")
        self.period.setMaximumWidth(140)
        form.addRow("Bulan daftar", self.period)
        self.source = QComboBox()
        self.source.addItem("Dinas Sosial (daftar PBI bulanan)", "dinsos")
        self.source.addItem("BPJS Kesehatan", "bpjs")
        self.source.setMaximumWidth(360)
        form.addRow("Sumber", self.source)
        self.segment = QComboBox()
        self.segment.addItem("PBI JK (APBN)", "pbi-apbn")
        self.segment.addItem("PBPU/BP Pemda (PBI APBD)", "pbpu-pemda")
        self.segment.setToolTip("Dipakai untuk baris tanpa kolom SEGMEN")
        self.segment.setMaximumWidth(360)
        form.addRow("Segmen daftar", self.segment)
        return form

    def _build_results(self, layout: QVBoxLayout) -> None:
        self.summary = QLabel(
            "Klik <b>Periksa</b> untuk mencocokkan daftar dengan data penduduk; belum ada yang ditulis."
        )
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.dropped_label = QLabel()
        self.dropped_label.setWordWrap(True)
        self.dropped_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.dropped_label)

        self.confirm_title = QLabel(
            "Pilih penduduk yang dimaksud (nama cocok dengan lebih dari satu orang, atau tanpa tanggal lahir):"
        )
        self.confirm_title.setObjectName("sectionTitle")
        self.confirm_title.setWordWrap(True)
        layout.addWidget(self.confirm_title)
        self.confirm_table = QTableWidget(0, 4)
        self.confirm_table.setHorizontalHeaderLabels(
            ["Baris", "Nama di daftar", "Tgl. lahir", f"Penduduk {self.ctx.words.lower}"]
        )
        self.confirm_table.verticalHeader().setVisible(False)
        self.confirm_table.verticalHeader().setDefaultSectionSize(30)
        self.confirm_table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate([56, 220, 90]):
            self.confirm_table.setColumnWidth(col, width)
        self.confirm_table.setMaximumHeight(170)
        layout.addWidget(self.confirm_table)

        issues_title = QLabel("Catatan per baris")
        issues_title.setObjectName("sectionTitle")
        layout.addWidget(issues_title)
        self.issue_model = ListTableModel(ISSUE_COLUMNS)
        view = QTableView()
        view.setModel(self.issue_model)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(24)
        view.setWordWrap(False)
        view.setAlternatingRowColors(True)
        view.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate([56, 110, 110]):
            view.setColumnWidth(col, width)
        layout.addWidget(view, 1)
        self.message = QLabel()
        self.message.setObjectName("wizardMessage")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

    def _build_buttons(self, layout: QVBoxLayout) -> None:
        buttons = QHBoxLayout()
        self.check_btn = QPushButton("Periksa")
        self.import_btn = QPushButton("Impor")
        self.import_btn.setDefault(True)
        self.report_btn = QPushButton("Simpan catatan (.xlsx)…")
        self.undo_btn = QPushButton("Batalkan impor daftar ini…")
        self.undo_btn.setVisible(False)
        close = QPushButton("Tutup")
        buttons.addWidget(self.report_btn)
        buttons.addWidget(self.undo_btn)
        buttons.addStretch(1)
        buttons.addWidget(self.check_btn)
        buttons.addWidget(self.import_btn)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.check_btn.clicked.connect(self.check)
        self.import_btn.clicked.connect(self.run_import)
        self.report_btn.clicked.connect(self._save_report)
        self.undo_btn.clicked.connect(self.open_undo)
        close.clicked.connect(self.reject)
        for w in (self.period, self.source, self.segment):
            signal = w.dateChanged if isinstance(w, QDateEdit) else w.currentIndexChanged
            signal.connect(self._invalidate)

    # --- inputs -------------------------------------------------------------------------------
    def _pick(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Pilih daftar peserta", "", FILE_FILTER)
        if name:
            self.set_path(Path(name))

    def spreadsheet_dropped(self, path: Path) -> None:
        self.set_path(path)

    def set_path(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(str(path))
        # the list's month comes from the list: the first check asks the file, then offers it
        self.file_period: str | None = None
        self.ask_file = True
        self._invalidate()
        self.check()

    def set_period(self, period: str) -> None:
        year, month = period.split("-")
        self.period.setDate(QDate(int(year), int(month), 1))

    def period_text(self) -> str:
        d = self.period.date()
        return f"{d.year():04d}-{d.month():02d}"

    def _invalidate(self) -> None:
        self.dry = None
        self._update()

    def _update(self) -> None:
        self.check_btn.setEnabled(self.path is not None)
        self.import_btn.setEnabled(self.dry is not None)
        self.report_btn.setEnabled(self.dry is not None and bool(self.dry.issues))

    def _kwargs(self) -> dict[str, Any]:
        asking = getattr(self, "ask_file", False)
        return {
            "period": None if asking else self.period_text(),
            "fallback_period": self.period_text() if asking else None,
            "force_period": not asking,
            "source": self.source.currentData(),
            "segment": self.segment.currentData(),
            "confirm": self.confirmed(),
        }

    def confirmed(self) -> dict[int, int]:
        return {
            line: int(box.currentData())
            for line, box in self.pickers.items()
            if box.currentData() not in (None, SKIP)
        }

    def pick(self, line: int, resident_id: int) -> None:
        box = self.pickers[line]
        box.setCurrentIndex(box.findData(resident_id))

    # --- check and import -----------------------------------------------------------------------
    def check(self) -> None:
        if self.path is None:
            return
        self.message.clear()
        # matching only: a read job, nothing written
        self.ctx.query(
            svc.import_pbi,
            self.path,
            dry_run=True,
            **self._kwargs(),
            on_done=self._checked,
            on_error=self._failed,
            label="Mencocokkan daftar …",
            parent=self,
        )

    def month_mismatch(self) -> str:
        """What to tell the user when the month chosen is not the list's own."""
        if self.file_period is None or self.file_period == self.period_text():
            return ""
        return (
            f"Perhatian: berkas ini daftar bulan {bulan_tahun(self.file_period)}, tetapi akan "
            f"dicatat sebagai bulan {bulan_tahun(self.period_text())}."
        )

    def _checked(self, result: PbiImportResult) -> None:
        if self.ask_file:  # the month the file gave: offer it
            self.ask_file = False
            self.file_period = result.period_in_file
            if result.period_in_file is not None:
                self.period.blockSignals(True)
                self.set_period(result.period_in_file)
                self.period.blockSignals(False)
        self.message.setText(" ".join(x for x in (self.month_mismatch(), result.short_list) if x))
        keep = self.confirmed()
        self.dry = result
        self.summary.setText(self._describe(result, written=False))
        self._show_dropped(result)
        self.issue_model.set_rows(result.issues)
        self.candidates.update(result.to_confirm)
        self.rows_info.update(result.row_info)
        shown = {line: self.candidates.get(line, []) for line in {*result.to_confirm, *keep}}
        self._show_confirm(shown, keep)
        self._update()

    def _show_dropped(self, r: PbiImportResult) -> None:
        """Who was on the previous list and is not on this one, by name: the secretary checks them."""
        if not r.dropped_residents:
            self.dropped_label.clear()
            return
        shown = ", ".join(f"{d['name']} ({d['nik']})" for d in r.dropped_residents[:12])
        more = len(r.dropped_residents) - 12
        self.dropped_label.setText(
            "<b>Tidak ada lagi di daftar:</b> "
            + shown
            + (f" … dan {angka(more)} orang lagi" if more > 0 else "")
        )

    def _describe(self, r: PbiImportResult, written: bool) -> str:
        head = f"<b>{Path(r.file).name}</b>, lembar “{r.sheet}”, bulan {bulan_tahun(r.period)}: {angka(r.rows)} baris. "
        body = (
            f"Cocok lewat NIK: <b>{angka(r.matched_nik)}</b>; lewat nama dan tanggal lahir: "
            f"<b>{angka(r.matched_name)}</b>; dipilih: <b>{angka(r.confirmed)}</b>; perlu dipilih: "
            f"<b>{angka(r.ambiguous)}</b>; tidak ditemukan di {self.ctx.words.lower}: <b>{angka(r.not_found)}</b>. "
            f"Tidak ada lagi sejak daftar sebelumnya: <b>{angka(r.dropped)}</b> (akan dicatat nonaktif). "
            f"Calon usulan penghapusan (meninggal/pindah): <b>{angka(r.removal_candidates)}</b>. "
        )
        tail = (
            f"<b>{angka(r.observations)}</b> keadaan kepesertaan dicatat."
            if written
            else f"{angka(r.observations)} keadaan kepesertaan akan dicatat; belum ada yang ditulis."
        )
        return head + body + tail

    def _show_confirm(
        self, to_confirm: dict[int, list[Candidate]], keep: dict[int, int] | None = None
    ) -> None:
        keep = keep or {}
        self.pickers = {}
        self.confirm_table.setRowCount(0)
        info = self.rows_info
        for line, candidates in sorted(to_confirm.items()):
            r = self.confirm_table.rowCount()
            self.confirm_table.insertRow(r)
            name, born = info.get(line, ("", None))
            self.confirm_table.setItem(r, 0, QTableWidgetItem(str(line)))
            self.confirm_table.setItem(r, 1, QTableWidgetItem(name))
            self.confirm_table.setItem(
                r, 2, QTableWidgetItem(tanggal_pendek(born) if born else "—")
            )
            box = QComboBox()
            box.addItem(f"— lewati / bukan warga {self.ctx.words.lower} ini —", SKIP)
            for c in candidates:
                area = " ".join(
                    x
                    for x in (c.dusun, f"RT {c.rt}" if c.rt else "", f"RW {c.rw}" if c.rw else "")
                    if x
                )
                box.addItem(
                    f"{c.name} · {c.nik} · lahir {tanggal_pendek(c.birth_date)} · {area}",
                    c.resident_id,
                )
            if line in keep:
                box.setCurrentIndex(max(0, box.findData(keep[line])))
            self.confirm_table.setCellWidget(r, 3, box)
            self.pickers[line] = box
        visible = bool(to_confirm)
        self.confirm_title.setVisible(visible)
        self.confirm_table.setVisible(visible)

    def run_import(self) -> None:
        if self.path is None or self.dry is None:
            return
        mismatch = self.month_mismatch()
        if mismatch and not ask_yes_no(
            self, "Bulan daftar berbeda", mismatch + " Lanjutkan mencatat?"
        ):
            return
        short = self.dry.short_list
        if short and not ask_yes_no(
            self, "Daftar jauh lebih pendek", short + " Tetap catat daftar ini?"
        ):
            return
        kwargs = {**self._kwargs(), "accept_short": bool(short)}
        self.import_btn.setEnabled(False)
        # the window reloads the pages that show the membership once the job has committed
        self.ctx.op(
            svc.import_pbi,
            self.path,
            **kwargs,
            backup_first=BEFORE_PBI_IMPORT,  # what "Batalkan impor daftar ini…" restores
            on_done=self._done,
            on_error=self._failed,
            label="Mencatat daftar …",
            parent=self,
        )

    def _done(self, result: PbiImportResult) -> None:
        self.outcome = result
        self.dry = result
        self.summary.setText(self._describe(result, written=True))
        self._show_dropped(result)
        self.issue_model.set_rows(result.issues)
        self.import_btn.setEnabled(False)
        self.report_btn.setEnabled(bool(result.issues))
        self.undo_btn.setVisible(True)
        self.undo_btn.setEnabled(True)

    def open_undo(self) -> UndoDialog:
        """Undo this list: what would be lost is shown first."""
        dialog = UndoDialog(self.ctx, self)

        def undone(_: object) -> None:
            self.undo_btn.setEnabled(False)
            self.summary.setText(
                "Impor daftar dibatalkan: basis data dikembalikan ke keadaan sebelum daftar ini "
                "dicatat."
            )

        dialog.restored.connect(undone)
        dialog.open()
        return dialog

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self.message.setText("Dibatalkan. Basis data tidak berubah.")
        elif isinstance(exc, UserError):
            self.message.setText(exc.message)
        else:
            self.ctx.runner.report(exc)
        self._update()

    def _save_report(self) -> None:
        result = self.outcome or self.dry
        if result is None:
            return
        default = Path(result.file).with_name(f"{Path(result.file).stem}_catatan.xlsx")
        name, _ = QFileDialog.getSaveFileName(
            self, "Simpan catatan per baris", str(default), "Excel (*.xlsx)"
        )
        if name:

            def saved(n: int) -> None:
                self.message.setText(f"{angka(n)} baris disimpan ke {name}.")
                announce_saved(self, Path(name), f"{angka(n)} baris")

            self.ctx.run(
                svc.save_issue_workbook, result, Path(name), on_done=saved, on_error=self._failed
            )

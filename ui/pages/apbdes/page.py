"""The APBDes page: the budget lines of a year that pay residents' JKN premiums, with pagu,
committed, realised, remaining and capacity (numbers and a bar) and their warnings; per line the
tabs below; reports as PDF or .xlsx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain.formatting import rupiah
from jkn_desktop.records.apbdes import LineChoices, LineSummary, Warning, YearLines, YearReport
from jkn_desktop.records.changes import APBDES, MEMBERSHIP, RESIDENT, SETTINGS, VILLAGE
from jkn_desktop.services.apbdes.codes import line_choices
from jkn_desktop.services.apbdes.lines import delete_line, year_lines
from jkn_desktop.services.apbdes.report import export_report
from ui.context import AppContext
from ui.dialogs.apbdes import AMBER, RED
from ui.dialogs.apbdes.line import LineDialog
from ui.pages.apbdes.calculator_tab import CalculatorTab
from ui.pages.apbdes.lines_table import BAR_COLUMN, LINE_COLUMNS, BarDelegate
from ui.pages.apbdes.payments_tab import PaymentsTab
from ui.pages.apbdes.people_tab import PeopleTab
from ui.pages.apbdes.priority_tab import PriorityTab
from ui.pages.base import Page
from ui.saved import announce_saved
from ui.table_model import ListTableModel
from ui.widgets import list_view, warn_on_error

EMPTY = (
    "<b>Belum ada baris anggaran iuran JKN untuk tahun ini.</b> Tekan <i>Tambah baris…</i>, pilih "
    "kegiatan (mis. 02.02.96), rekening (5.2.7), sumber dana (ADD/PAD, bukan Dana Desa) dan pagu. "
    "Sesudah itu tambahkan warga yang iurannya dibayar desa."
)


class LineTab(Protocol):
    def set_line(self, line: LineSummary | None) -> None: ...

    def load(self) -> None: ...


class ApbdesPage(Page):
    title = "APBDes"
    shows = frozenset({RESIDENT, MEMBERSHIP, APBDES, SETTINGS, VILLAGE})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.year_value = dt.date.today().year
        self.lines: list[LineSummary] = []
        self.selected_id: int | None = None
        self.layout_.addLayout(self._top_row())
        self.totals = QLabel()
        self.totals.setObjectName("subtitle")
        self.layout_.addWidget(self.totals)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self._lines_box())
        split.addWidget(self._tabs())
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        self.layout_.addWidget(split, 1)

    def _top_row(self) -> QHBoxLayout:
        top = QHBoxLayout()
        top.addWidget(QLabel("Tahun anggaran"))
        self.year = QComboBox()
        top.addWidget(self.year)
        self.add_btn = QPushButton("Tambah baris…")
        self.edit_btn = QPushButton("Ubah baris…")
        self.delete_btn = QPushButton("Hapus baris…")
        for b in (self.add_btn, self.edit_btn, self.delete_btn):
            top.addWidget(b)
        top.addStretch(1)
        self.pdf_btn = QPushButton("Laporan PDF…")
        self.xlsx_btn = QPushButton("Ekspor .xlsx…")
        top.addWidget(self.pdf_btn)
        top.addWidget(self.xlsx_btn)
        self.year.currentIndexChanged.connect(self._year_changed)
        self.add_btn.clicked.connect(self.add_line)
        self.edit_btn.clicked.connect(self.edit_line)
        self.delete_btn.clicked.connect(self._delete_line)
        self.pdf_btn.clicked.connect(lambda: self._export(".pdf"))
        self.xlsx_btn.clicked.connect(lambda: self._export(".xlsx"))
        return top

    def _lines_box(self) -> QWidget:
        self.line_model = ListTableModel(LINE_COLUMNS)
        self.line_view = list_view(self.line_model, fit=False)
        self.line_view.setItemDelegateForColumn(BAR_COLUMN, BarDelegate(self.line_view))
        self.line_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.line_view.doubleClicked.connect(lambda *_: self.edit_line())
        self.line_view.selectionModel().selectionChanged.connect(lambda *_: self._line_selected())
        self.empty = QLabel(EMPTY)
        self.empty.setWordWrap(True)
        self.empty.setObjectName("notice")
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setObjectName("notice")
        self.warnings.setTextFormat(Qt.TextFormat.RichText)
        upper = QWidget()
        ul = QVBoxLayout(upper)
        ul.setContentsMargins(0, 0, 0, 0)
        ul.addWidget(self.line_view, 1)
        ul.addWidget(self.empty)
        ul.addWidget(self.warnings)
        return upper

    def _tabs(self) -> QTabWidget:
        self.people = PeopleTab(self.ctx)
        self.payments = PaymentsTab(self.ctx)
        self.priority = PriorityTab(self.ctx)
        self.calculator = CalculatorTab()
        self.people.status_message.connect(self.status_message)
        self.priority.fund.connect(self.people.add)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.people, "Penerima")
        self.tabs.addTab(self.payments, "Pembayaran")
        self.tabs.addTab(self.priority, "Prioritas penerima")
        self.tabs.addTab(self.calculator, "Kalkulator kapasitas")
        self.tabs.currentChanged.connect(lambda *_: self._load_tab())
        return self.tabs

    def line_tabs(self) -> tuple[LineTab, ...]:
        """The tabs, in the order they are shown."""
        return (self.people, self.payments, self.priority, self.calculator)

    # --- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        """The years and the lines of the year shown, read in one job."""
        self.ctx.query(year_lines, self.year_value, on_done=self._show)

    def _year_changed(self) -> None:
        if self.year.currentData() is not None:
            self.year_value = int(self.year.currentData())
            self.selected_id = None
            self.reload()

    def _show(self, top: YearLines) -> None:
        this_year = dt.date.today().year
        choices = sorted(set(top.years) | {this_year, this_year + 1})
        self.year.blockSignals(True)
        self.year.clear()
        for y in choices:
            self.year.addItem(str(y), y)
        self.year.setCurrentIndex(max(0, self.year.findData(self.year_value)))
        self.year.blockSignals(False)
        self._show_lines(top.lines)

    def _show_lines(self, lines: list[LineSummary]) -> None:
        self.lines = lines
        self.line_model.set_rows(lines)
        self.line_view.resizeColumnsToContents()
        self.line_view.setColumnWidth(BAR_COLUMN, 120)
        header = self.line_view.horizontalHeader().height()
        self.line_view.setMaximumHeight(header + 30 * max(3, len(lines)) + 6)
        self.empty.setVisible(not lines)
        self.line_view.setVisible(bool(lines))
        self.totals.setText(_totals(self.year_value, lines))
        warnings = [w for s in lines for w in s.warnings]
        self.warnings.setVisible(bool(warnings))
        self.warnings.setText("<br>".join(_warning_html(w) for w in warnings))
        ids = [s.id for s in lines]
        row = ids.index(self.selected_id) if self.selected_id in ids else (0 if lines else None)
        if row is not None:
            self.line_view.selectRow(row)
        self._line_selected()

    def current_line(self) -> LineSummary | None:
        rows = self.line_view.selectionModel().selectedRows()
        if not rows:
            return None
        line = self.line_model.row_object(rows[0].row())
        return line if isinstance(line, LineSummary) else None

    def _line_selected(self) -> None:
        line = self.current_line()
        self.selected_id = line.id if line else None
        for b in (self.edit_btn, self.delete_btn):
            b.setEnabled(line is not None)
        for tab in self.line_tabs():
            tab.set_line(line)
        self._load_tab()

    def _load_tab(self) -> None:
        tabs, shown = self.line_tabs(), self.tabs.currentIndex()
        if 0 <= shown < len(tabs):
            tabs[shown].load()

    # --- actions ------------------------------------------------------------------------------
    def add_line(self) -> None:
        self._line_dialog(None)

    def edit_line(self) -> None:
        line = self.current_line()
        if line is not None:
            self._line_dialog(line)

    def _line_dialog(self, line: LineSummary | None) -> None:
        def open_dialog(choices: LineChoices) -> None:
            dialog = LineDialog(self.ctx, self.year_value, choices, line, self)
            dialog.saved.connect(self._select)
            dialog.exec()

        self.ctx.query(line_choices, on_done=open_dialog)

    def _select(self, line_id: int, year: int) -> None:
        """Show this line once the page reloads (a saved line, perhaps of another year)."""
        self.selected_id = line_id
        self.year_value = year

    def _delete_line(self) -> None:
        line = self.current_line()
        if line is None:
            return
        answer = QMessageBox.question(
            self,
            "Hapus baris anggaran",
            f"Hapus baris {line.id} ({line.label()}, pagu {rupiah(line.pagu)})?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.ctx.op(delete_line, line.id, on_error=self._user_error)

    def _user_error(self, exc: BaseException) -> None:
        warn_on_error(self, "Tidak bisa", self.ctx.runner)(exc)

    def _export(self, suffix: str) -> None:
        kind = "PDF (*.pdf)" if suffix == ".pdf" else "Buku kerja Excel (*.xlsx)"
        default = str(Path.home() / f"laporan_iuran_apbdes_{self.year_value}{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, "Simpan laporan APBDes", default, kind)
        if not path:
            return
        out = Path(path if path.lower().endswith(suffix) else path + suffix)
        year = self.year_value

        def done(_: YearReport) -> None:
            announce_saved(self, out, f"laporan APBDes {year}")

        self.ctx.query(
            export_report,
            year,
            out,
            on_done=done,
            on_error=self._user_error,
            label="Menyusun laporan APBDes…",
            parent=self,
        )


def _warning_html(w: Warning) -> str:
    color = RED if w.code in (A.WARN_OVER, A.WARN_DANA_DESA) else AMBER
    return f"<span style='color:{color}'>⚠ {w.message}</span>"


def _totals(year: int, lines: list[LineSummary]) -> str:
    t = {
        k: sum(getattr(s, k) for s in lines) for k in ("pagu", "committed", "realized", "remaining")
    }
    return (
        f"Tahun {year}: {len(lines)} baris · pagu {rupiah(t['pagu'])} · komitmen "
        f"{rupiah(t['committed'])} · realisasi {rupiah(t['realized'])} · sisa "
        f"{rupiah(t['remaining'])}"
    )

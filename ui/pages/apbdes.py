"""APBDes: the budget lines that pay residents' JKN premiums, with pagu, committed, realised,
remaining and capacity (numbers and a bar); per line the beneficiaries with their months as a grid,
the payments month by month, the priority list of households to fund next; and a capacity
calculator for "what if" questions. Reports as PDF or .xlsx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain.formatting import BULAN, angka, rupiah, tanggal_pendek
from jkn_desktop.records.changes import APBDES, MEMBERSHIP, RESIDENT, SETTINGS, VILLAGE
from jkn_desktop.services.apbdes import budget as S
from jkn_desktop.services.settings import get_setting, set_setting
from ui.context import AppContext
from ui.dialogs.apbdes_dialogs import BeneficiaryDialog, EndDialog, LineDialog, PaymentDialog
from ui.dialogs.simple import ReasonDialog, ok_cancel_buttons
from ui.pages.base import Page
from ui.table_model import ROW_ROLE, Column, ListTableModel
from ui.widgets import MoneyEdit, MonthCombo, list_view, warn_on_error

RIGHT, CENTER = Qt.AlignmentFlag.AlignRight, Qt.AlignmentFlag.AlignHCenter
RED, AMBER, GREEN = "#b3261e", "#8a5a00", "#1e7b34"
ABBR = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")


def _capacity(s: S.LineSummary) -> str:
    return f"{angka(s.capacity)} orang" if s.months_left else "—"


LINE_COLUMNS = [
    Column("", "Baris", lambda s: str(s.id), CENTER),
    Column("", "Kegiatan", lambda s: s.kegiatan, tooltip=lambda s: f"{s.kegiatan} {s.kegiatan_name}\n{s.rekening} {s.rekening_name}\n{s.notes}".strip()),
    Column("", "Sumber dana", lambda s: s.sumber_name, color=lambda s: AMBER if s.sumber == A.DANA_DESA else None),
    Column("", "Tarif", lambda s: rupiah(s.rate), RIGHT, tooltip=lambda s: f"{s.scheme.label()}: {rupiah(s.rate)} per orang per bulan"),
    Column("", "Pagu", lambda s: rupiah(s.pagu) + (" *" if s.pagu_revised is not None else ""), RIGHT,
           tooltip=lambda s: f"Pagu awal {rupiah(s.pagu_original)}" + (f", setelah perubahan {rupiah(s.pagu_revised)}" if s.pagu_revised is not None else "")),
    Column("", "Komitmen", lambda s: rupiah(s.committed), RIGHT, color=lambda s: RED if s.committed > s.pagu else None),
    Column("", "Realisasi", lambda s: rupiah(s.realized), RIGHT),
    Column("", "Sisa", lambda s: rupiah(s.remaining), RIGHT, color=lambda s: RED if s.remaining < 0 else None),
    Column("", "Penerima", lambda s: angka(s.beneficiaries), RIGHT),
    Column("", "Kapasitas", _capacity, RIGHT,
           tooltip=lambda s: f"Masih bisa ditanggung: sisa {rupiah(s.remaining)} ÷ {rupiah(s.per_person_left)} per orang ({A.month_range(s.from_month, 12)})" if s.months_left else "Tahun anggaran sudah lewat"),
    Column("", "Pemakaian", lambda s: "", tooltip=lambda s: "Hijau tua: realisasi; hijau muda: komitmen; abu-abu: sisa pagu"),
]  # fmt: skip
BAR_COLUMN = len(LINE_COLUMNS) - 1


def _guards(b: S.Beneficiary) -> str:
    return "; ".join(g.message for g in b.guards)


def _month_mark(month: int) -> Any:
    return lambda b: "●" if b.start <= month <= b.end else ""


PEOPLE_COLUMNS = [
    Column("", "NIK", lambda b: b.nik),
    Column("", "Nama", lambda b: b.name, color=lambda b: RED if b.guards else None, tooltip=_guards),
    Column("", "Dusun / RT / RW", lambda b: " / ".join(x for x in (b.dusun, b.rt, b.rw) if x)),
    *[Column("", a, _month_mark(m), CENTER, color=lambda b: GREEN) for m, a in enumerate(ABBR, 1)],
    Column("", "Bulan", lambda b: str(b.months), RIGHT),
    Column("", "Biaya", lambda b: rupiah(b.cost), RIGHT),
    Column("", "Catatan", lambda b: _guards(b) or ("dikecualikan: " + b.overridden if b.overridden else ""),
           color=lambda b: RED if b.guards else None, tooltip=_guards),
]  # fmt: skip


class _Month:
    """One month of a line: people, what they cost, what was paid; a shortfall only counts once
    the month is due (its premium is due by the 10th)."""

    def __init__(self, s: S.LineSummary, m: int, due: int) -> None:
        self.month, self.people, self.implied, self.paid = (
            m,
            s.people[m - 1],
            s.implied(m),
            s.paid[m - 1],
        )
        self.due = m <= due

    @property
    def diff(self) -> int:
        return self.paid - self.implied

    def diff_text(self) -> str:
        if not self.diff:
            return "—"
        return rupiah(self.diff) if self.due or self.diff > 0 else "belum jatuh tempo"


MONTH_COLUMNS = [
    Column("", "Bulan", lambda m: BULAN[m.month - 1]),
    Column("", "Penerima", lambda m: angka(m.people), RIGHT),
    Column("", "Seharusnya", lambda m: rupiah(m.implied), RIGHT),
    Column("", "Dibayar", lambda m: rupiah(m.paid), RIGHT),
    Column("", "Selisih", lambda m: m.diff_text(), RIGHT,
           color=lambda m: RED if m.diff and (m.due or m.diff > 0) else None),
]  # fmt: skip
PAYMENT_COLUMNS = [
    Column("", "Bulan", lambda p: BULAN[p.month - 1]),
    Column("", "Tanggal bayar", lambda p: tanggal_pendek(p.paid_on)),
    Column("", "Referensi", lambda p: p.reference),
    Column("", "Jumlah", lambda p: rupiah(p.amount), RIGHT),
    Column("", "Keterangan", lambda p: p.notes),
]


def _members(h: S.PriorityHousehold) -> str:
    return ", ".join(m.name.title() for m in h.members)


PRIORITY_COLUMNS = [
    Column("", "Skor", lambda h: str(h.score.points), RIGHT, tooltip=lambda h: h.score.explain()),
    Column("", "Alasan skor", lambda h: h.score.explain(), tooltip=lambda h: h.score.explain()),
    Column("", "No. KK", lambda h: h.no_kk),
    Column("", "Kepala keluarga", lambda h: h.head),
    Column("", "Dusun / RT / RW", lambda h: " / ".join(x for x in (h.dusun, h.rt, h.rw) if x)),
    Column("", "Desil", lambda h: str(h.desil) if h.desil else "belum", CENTER),
    Column("", "Belum tertanggung", lambda h: f"{len(h.members)}: {_members(h)}", tooltip=_members),
    Column("", "Biaya s.d. Desember", lambda h: rupiah(h.cost), RIGHT),
    Column("", "Total berjalan", lambda h: rupiah(h.running_total), RIGHT,
           color=lambda h: GREEN if h.within_budget else RED),
]  # fmt: skip


class BarDelegate(QStyledItemDelegate):
    """Realised (dark) and committed (light) as shares of the pagu; red when over the pagu."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        s = index.data(ROW_ROLE)
        super().paint(painter, option, index)
        if not isinstance(s, S.LineSummary) or s.pagu <= 0:
            return
        r: QRect = option.rect.adjusted(4, 6, -4, -6)  # type: ignore[attr-defined]
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e6e6e6"))
        painter.drawRect(r)
        committed = min(1.0, s.committed / s.pagu)
        realized = min(1.0, s.realized / s.pagu)
        painter.setBrush(QColor("#e8a09a" if s.committed > s.pagu else "#9fd3a8"))
        painter.drawRect(QRect(r.left(), r.top(), int(r.width() * committed), r.height()))
        painter.setBrush(QColor("#2e7d32"))
        painter.drawRect(QRect(r.left(), r.top(), int(r.width() * realized), r.height()))
        painter.setPen(QColor("#222222"))
        painter.drawText(r.adjusted(0, 0, -4, 0), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         f"{round(100 * s.committed / s.pagu)}%")  # fmt: skip
        painter.restore()


class WeightsDialog(QDialog):
    """The points of the priority score, saved as a setting."""

    def __init__(self, weights: A.PriorityWeights, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Bobot skor prioritas")
        form = QFormLayout()
        self.boxes: dict[str, QSpinBox] = {}
        for key, label in A.WEIGHT_LABELS.items():
            box = QSpinBox()
            box.setRange(0, 50)
            box.setValue(getattr(weights, key))
            self.boxes[key] = box
            form.addRow(label, box)
        layout = QVBoxLayout(self)
        intro = QLabel("Skor KK = jumlah poin di bawah. KK dengan skor tertinggi didanai lebih dulu; "
                       "bila sama, yang biayanya lebih kecil.")  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        buttons = ok_cancel_buttons(self, "Simpan")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def weights(self) -> A.PriorityWeights:
        return A.PriorityWeights(**{k: b.value() for k, b in self.boxes.items()})


class ApbdesPage(Page):
    title = "APBDes"
    shows = frozenset({RESIDENT, MEMBERSHIP, APBDES, SETTINGS, VILLAGE})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.year_value = dt.date.today().year
        self.lines: list[S.LineSummary] = []
        self.selected_id: int | None = None

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
        self.layout_.addLayout(top)

        self.totals = QLabel()
        self.totals.setObjectName("subtitle")
        self.layout_.addWidget(self.totals)
        self.line_model = ListTableModel(LINE_COLUMNS)
        self.line_view = list_view(self.line_model, fit=False)
        self.line_view.setItemDelegateForColumn(BAR_COLUMN, BarDelegate(self.line_view))
        self.line_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.line_view.doubleClicked.connect(lambda *_: self._edit_line())
        self.empty = QLabel(
            "<b>Belum ada baris anggaran iuran JKN untuk tahun ini.</b> Tekan <i>Tambah baris…</i>, "
            "pilih kegiatan (mis. 02.02.96), rekening (5.2.7), sumber dana (ADD/PAD, bukan Dana Desa) "
            "dan pagu. Sesudah itu tambahkan warga yang iurannya dibayar desa."
        )  # fmt: skip
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

        self.tabs = QTabWidget()
        self.tabs.addTab(self._people_tab(), "Penerima")
        self.tabs.addTab(self._payments_tab(), "Pembayaran")
        self.tabs.addTab(self._priority_tab(), "Prioritas penerima")
        self.tabs.addTab(self._calculator_tab(), "Kalkulator kapasitas")
        self.tabs.currentChanged.connect(lambda *_: self._load_tab())

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        self.layout_.addWidget(split, 1)

        self.year.currentIndexChanged.connect(self._year_changed)
        self.add_btn.clicked.connect(self._add_line)
        self.edit_btn.clicked.connect(self._edit_line)
        self.delete_btn.clicked.connect(self._delete_line)
        self.pdf_btn.clicked.connect(lambda: self._export(".pdf"))
        self.xlsx_btn.clicked.connect(lambda: self._export(".xlsx"))
        self.line_view.selectionModel().selectionChanged.connect(lambda *_: self._line_selected())

    # --- tabs ---------------------------------------------------------------------------------
    def _people_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        row = QHBoxLayout()
        self.add_people_btn = QPushButton("Tambah penerima…")
        self.end_btn = QPushButton("Akhiri tanggungan…")
        self.remove_btn = QPushButton("Hapus dari baris…")
        for b in (self.add_people_btn, self.end_btn, self.remove_btn):
            row.addWidget(b)
        row.addStretch(1)
        self.people_info = QLabel()
        row.addWidget(self.people_info)
        v.addLayout(row)
        self.people_model = ListTableModel(PEOPLE_COLUMNS)
        self.people_view = list_view(self.people_model, fit=False)
        for i, width in enumerate([140, 180, 130] + [34] * 12 + [52, 96]):
            self.people_view.setColumnWidth(i, width)
        self.people_view.doubleClicked.connect(lambda *_: self._end())
        v.addWidget(self.people_view)
        self.add_people_btn.clicked.connect(self._add_people_clicked)
        self.end_btn.clicked.connect(self._end)
        self.remove_btn.clicked.connect(self._remove)
        return w

    def _payments_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        row = QHBoxLayout()
        self.pay_btn = QPushButton("Catat pembayaran…")
        self.unpay_btn = QPushButton("Hapus pembayaran…")
        row.addWidget(self.pay_btn)
        row.addWidget(self.unpay_btn)
        row.addStretch(1)
        v.addLayout(row)
        h = QHBoxLayout()
        self.month_model = ListTableModel(MONTH_COLUMNS)
        self.month_view = list_view(self.month_model, fit=False)
        self.month_view.doubleClicked.connect(lambda *_: self._pay())
        self.payment_model = ListTableModel(PAYMENT_COLUMNS)
        self.payment_view = list_view(self.payment_model, fit=False)
        for view, model in (
            (self.month_view, self.month_model),
            (self.payment_view, self.payment_model),
        ):
            model.modelReset.connect(view.resizeColumnsToContents)
        h.addWidget(self.month_view, 1)
        h.addWidget(self.payment_view, 1)
        v.addLayout(h)
        self.pay_btn.clicked.connect(self._pay)
        self.unpay_btn.clicked.connect(self._unpay)
        return w

    def _priority_tab(self) -> QWidget:
        w = QWidget()
        v = QVBoxLayout(w)
        row = QHBoxLayout()
        row.addWidget(QLabel("Ditanggung mulai"))
        self.priority_from = MonthCombo()
        row.addWidget(self.priority_from)
        self.waiting = QCheckBox("Termasuk desil 1–5 yang masih menunggu PBI")
        row.addWidget(self.waiting)
        self.weights_btn = QPushButton("Bobot skor…")
        row.addWidget(self.weights_btn)
        row.addStretch(1)
        self.fund_btn = QPushButton("Tambahkan KK terpilih ke baris ini…")
        row.addWidget(self.fund_btn)
        v.addLayout(row)
        self.priority_info = QLabel()
        self.priority_info.setWordWrap(True)
        v.addWidget(self.priority_info)
        self.priority_model = ListTableModel(PRIORITY_COLUMNS)
        self.priority_view = list_view(self.priority_model, fit=False)
        for i, width in enumerate([50, 250, 140, 150, 150, 54, 260, 120, 120]):
            self.priority_view.setColumnWidth(i, width)
        v.addWidget(self.priority_view)
        self.priority_from.currentIndexChanged.connect(lambda *_: self._load_priority())
        self.waiting.toggled.connect(lambda *_: self._load_priority())
        self.weights_btn.clicked.connect(self._weights)
        self.fund_btn.clicked.connect(self._fund_selected)
        return w

    def _calculator_tab(self) -> QWidget:
        w = QWidget()
        outer = QVBoxLayout(w)
        intro = QLabel(
            "Hitungan cepat untuk pertanyaan \"bagaimana jika\": berapa warga lagi yang bisa ditanggung "
            "dari sisa anggaran, dengan iuran dan jumlah bulan tertentu. Tidak ada yang disimpan."
        )  # fmt: skip
        intro.setWordWrap(True)
        outer.addWidget(intro)
        grid = QGridLayout()
        outer.addLayout(grid)
        outer.addStretch(1)
        self.calc_remaining = MoneyEdit()
        self.calc_rate = MoneyEdit()
        self.calc_rate.set_value(42_000)
        self.calc_months = QSpinBox()
        self.calc_months.setRange(1, 12)
        self.calc_months.setValue(6)
        self.calc_months.setSuffix(" bulan")
        self.calc_result = QLabel()
        self.calc_result.setObjectName("bigNumber")
        self.calc_result.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.calc_detail = QLabel()
        self.calc_detail.setWordWrap(True)
        self.calc_from_line = QPushButton("Ambil dari baris terpilih")
        grid.addWidget(QLabel("Sisa anggaran (Rp)"), 0, 0)
        grid.addWidget(self.calc_remaining, 0, 1)
        grid.addWidget(QLabel("Iuran per orang per bulan (Rp)"), 1, 0)
        grid.addWidget(self.calc_rate, 1, 1)
        grid.addWidget(QLabel("Jumlah bulan ditanggung"), 2, 0)
        grid.addWidget(self.calc_months, 2, 1)
        grid.addWidget(self.calc_from_line, 3, 1)
        grid.addWidget(QLabel("Masih bisa menanggung"), 0, 2)
        grid.addWidget(self.calc_result, 1, 2, 2, 1)
        grid.addWidget(self.calc_detail, 3, 2)
        grid.setColumnStretch(2, 1)
        for edit in (self.calc_remaining, self.calc_rate):
            edit.textChanged.connect(self._calculate)
        self.calc_months.valueChanged.connect(self._calculate)
        self.calc_from_line.clicked.connect(self._calc_from_line)
        self._calculate()
        return w

    # --- loading ------------------------------------------------------------------------------
    def reload(self) -> None:
        def got_years(years: list[int]) -> None:
            choices = sorted(set(years) | {dt.date.today().year, dt.date.today().year + 1})
            self.year.blockSignals(True)
            self.year.clear()
            for y in choices:
                self.year.addItem(str(y), y)
            self.year.setCurrentIndex(max(0, self.year.findData(self.year_value)))
            self.year.blockSignals(False)
            self._load_lines()

        self.ctx.run(S.years, self.ctx.db, on_done=got_years)

    def _year_changed(self) -> None:
        if self.year.currentData() is not None:
            self.year_value = int(self.year.currentData())
            self.selected_id = None
            self._load_lines()

    def _load_lines(self) -> None:
        self.ctx.run(S.line_summaries, self.ctx.db, self.year_value, on_done=self._show_lines)

    def _show_lines(self, lines: list[S.LineSummary]) -> None:
        self.lines = lines
        self.line_model.set_rows(lines)
        self.line_view.resizeColumnsToContents()
        self.line_view.setColumnWidth(BAR_COLUMN, 120)
        header = self.line_view.horizontalHeader().height()
        self.line_view.setMaximumHeight(header + 30 * max(3, len(lines)) + 6)
        self.empty.setVisible(not lines)
        self.line_view.setVisible(bool(lines))
        t = {
            k: sum(getattr(s, k) for s in lines)
            for k in ("pagu", "committed", "realized", "remaining")
        }
        self.totals.setText(
            f"Tahun {self.year_value}: {len(lines)} baris · pagu {rupiah(t['pagu'])} · komitmen "
            f"{rupiah(t['committed'])} · realisasi {rupiah(t['realized'])} · sisa {rupiah(t['remaining'])}"
        )
        warnings = [w for s in lines for w in s.warnings]
        self.warnings.setVisible(bool(warnings))
        self.warnings.setText("<br>".join(
            f"<span style='color:{RED if w.code in (S.WARN_OVER, S.WARN_DANA_DESA) else AMBER}'>⚠ {w.message}</span>"
            for w in warnings))  # fmt: skip
        row = next(
            (i for i, s in enumerate(lines) if s.id == self.selected_id), 0 if lines else None
        )
        if row is not None:
            self.line_view.selectRow(row)
        self._line_selected()

    def current_line(self) -> S.LineSummary | None:
        rows = self.line_view.selectionModel().selectedRows()
        if not rows:
            return None
        line = self.line_model.row_object(rows[0].row())
        return line if isinstance(line, S.LineSummary) else None

    def _line_selected(self) -> None:
        line = self.current_line()
        self.selected_id = line.id if line else None
        for b in (self.edit_btn, self.delete_btn, self.add_people_btn, self.end_btn, self.remove_btn,
                  self.pay_btn, self.unpay_btn, self.fund_btn, self.calc_from_line):  # fmt: skip
            b.setEnabled(line is not None)
        if line is not None:
            self.priority_from.blockSignals(True)
            self.priority_from.set_month(min(max(line.from_month, 1), 12))
            self.priority_from.blockSignals(False)
        self._load_tab()

    def _load_tab(self) -> None:
        line = self.current_line()
        if line is None:
            for m in (self.people_model, self.month_model, self.payment_model, self.priority_model):
                m.set_rows([])
            self.people_info.clear()
            self.priority_info.clear()
            return
        tab = self.tabs.currentIndex()
        if tab == 0:
            self.people_info.setText(
                f"{angka(line.beneficiaries)} penerima · komitmen {rupiah(line.committed)}"
            )
            self.ctx.run(S.beneficiaries, self.ctx.db, line.id, on_done=self.people_model.set_rows)
        elif tab == 1:
            due = S.last_due_month(line.year, dt.date.today())
            self.month_model.set_rows([_Month(line, m, due) for m in A.MONTHS])
            self.ctx.run(S.payments, self.ctx.db, line.id, on_done=self.payment_model.set_rows)
        elif tab == 2:
            self._load_priority()

    def _load_priority(self) -> None:
        line = self.current_line()
        if line is None:
            return

        def show(plist: S.PriorityList) -> None:
            self.priority_model.set_rows(plist.households)
            people = sum(len(h.members) for h in plist.households)
            fits = [h for h in plist.households if h.within_budget]
            self.priority_info.setText(
                f"{angka(len(plist.households))} KK ({angka(people)} orang) belum tertanggung dan tidak "
                f"segera tercakup usulan PBI. Biaya per orang {A.month_range(plist.from_month, 12)}: "
                f"{rupiah(plist.per_person)}. Sisa baris ini {rupiah(plist.remaining)} cukup untuk "
                f"<b>{angka(len(fits))} KK pertama ({angka(sum(len(h.members) for h in fits))} orang)</b>."
            )  # fmt: skip

        self.ctx.run(S.priority_list, self.ctx.db, line.id, from_month=self.priority_from.month(),
                     include_waiting=self.waiting.isChecked(), on_done=show)  # fmt: skip

    # --- actions ------------------------------------------------------------------------------
    def _changed(self) -> None:
        self.data_changed.emit()
        self.reload()

    def _line_dialog(self, line: S.LineSummary | None) -> None:
        def open_dialog(data: tuple[list[S.BudgetCode], list[A.Rate]]) -> None:
            dialog = LineDialog(self.ctx, self.year_value, data[0], data[1], line, self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.selected_id = dialog.saved_id
                self.year_value = dialog.year.value()
                self._changed()

        self.ctx.run(_codes_and_rates, self.ctx.db, on_done=open_dialog)

    def _add_line(self) -> None:
        self._line_dialog(None)

    def _edit_line(self) -> None:
        line = self.current_line()
        if line is not None:
            self._line_dialog(line)

    def _delete_line(self) -> None:
        line = self.current_line()
        if line is None:
            return
        answer = QMessageBox.question(self, "Hapus baris anggaran",
                                      f"Hapus baris {line.id} ({line.label()}, pagu {rupiah(line.pagu)})?")  # fmt: skip
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.ctx.run(S.delete_line, self.ctx.db, line.id, self.ctx.actor(), on_done=lambda _: self._changed(),
                     on_error=self._user_error)  # fmt: skip

    def _user_error(self, exc: BaseException) -> None:
        warn_on_error(self, "Tidak bisa", self.ctx.runner)(exc)

    def _add_people_clicked(self) -> None:
        self._add_people()

    def _add_people(self, preset: list[int] | None = None, start: int | None = None) -> None:
        line = self.current_line()
        if line is None:
            return
        dialog = BeneficiaryDialog(
            self.ctx, line, start or min(max(line.from_month, 1), 12), preset, self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.status_message.emit(f"{dialog.added} penerima ditambahkan ke baris {line.id}.")
            self._changed()

    def _selected_beneficiary(self) -> S.Beneficiary | None:
        rows = self.people_view.selectionModel().selectedRows()
        return self.people_model.row_object(rows[0].row()) if rows else None

    def _end(self) -> None:
        b = self._selected_beneficiary()
        if b is not None and EndDialog(self.ctx, b, self).exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def _remove(self) -> None:
        b = self._selected_beneficiary()
        if b is None:
            return
        dialog = ReasonDialog("Hapus penerima", f"Keluarkan {b.name} ({b.nik}) dari baris ini? Pakai ini "
                              "hanya untuk salah input; bila tanggungan berhenti, pakai Akhiri tanggungan.", self)  # fmt: skip
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.run(S.remove_beneficiary, self.ctx.db, b.id, self.ctx.actor(), dialog.reason.text().strip(),
                         on_done=lambda _: self._changed())  # fmt: skip

    def _pay(self) -> None:
        line = self.current_line()
        if line is None:
            return
        rows = self.month_view.selectionModel().selectedRows()
        month = rows[0].row() + 1 if rows else next(
            (m for m in A.MONTHS if line.paid[m - 1] < line.implied(m)), dt.date.today().month)  # fmt: skip
        if PaymentDialog(self.ctx, line, month, self).exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def _unpay(self) -> None:
        rows = self.payment_view.selectionModel().selectedRows()
        if not rows:
            QMessageBox.information(
                self, "Hapus pembayaran", "Pilih dulu pembayaran di tabel kanan."
            )
            return
        p = self.payment_model.row_object(rows[0].row())
        dialog = ReasonDialog("Hapus pembayaran", f"Hapus pembayaran {rupiah(p.amount)} untuk {BULAN[p.month - 1]} "
                              f"({p.reference or 'tanpa referensi'})?", self)  # fmt: skip
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.run(S.delete_payment, self.ctx.db, p.id, self.ctx.actor(), dialog.reason.text().strip(),
                         on_done=lambda _: self._changed())  # fmt: skip

    def _weights(self) -> None:
        def open_dialog(raw: dict[str, Any]) -> None:
            dialog = WeightsDialog(A.PriorityWeights.from_dict(raw), self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.ctx.run(set_setting, self.ctx.db, "priority_weights", dialog.weights().as_dict(),
                             on_done=lambda _: self._load_priority())  # fmt: skip

        self.ctx.run(get_setting, self.ctx.db, "priority_weights", on_done=open_dialog)

    def _fund_selected(self) -> None:
        rows = sorted({i.row() for i in self.priority_view.selectionModel().selectedRows()})
        if not rows:
            QMessageBox.information(
                self, "Prioritas", "Pilih dulu satu atau beberapa KK di daftar."
            )
            return
        ids = [m.resident_id for r in rows for m in self.priority_model.row_object(r).members]
        self._add_people(ids, self.priority_from.month())

    def _calc_from_line(self) -> None:
        line = self.current_line()
        if line is None:
            return
        self.calc_remaining.set_value(max(0, line.remaining))
        self.calc_rate.set_value(line.rate)
        self.calc_months.setValue(max(1, line.months_left))

    def _calculate(self) -> None:
        remaining, rate, months = (
            self.calc_remaining.value(),
            self.calc_rate.value(),
            self.calc_months.value(),
        )
        if remaining is None or not rate:
            self.calc_result.setText("—")
            self.calc_detail.setText("Isi sisa anggaran dan iuran per orang per bulan.")
            return
        per_person = rate * months
        people = A.capacity(remaining, per_person)
        self.calc_result.setText(f"{angka(people)} orang")
        self.calc_detail.setText(
            f"{rupiah(remaining)} ÷ ({rupiah(rate)} × {months} bulan = {rupiah(per_person)}) = {angka(people)} "
            f"orang, dibulatkan ke bawah; sisa {rupiah(remaining - people * per_person)}."
        )  # fmt: skip

    def _export(self, suffix: str) -> None:
        kind = "PDF (*.pdf)" if suffix == ".pdf" else "Buku kerja Excel (*.xlsx)"
        default = str(Path.home() / f"laporan_iuran_apbdes_{self.year_value}{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, "Simpan laporan APBDes", default, kind)
        if not path:
            return
        out = Path(path if path.lower().endswith(suffix) else path + suffix)

        def done(_: Any) -> None:
            self.status_message.emit(f"Laporan disimpan di {out}.")
            QMessageBox.information(
                self, "Laporan tersimpan", f"Laporan APBDes {self.year_value} disimpan di:\n{out}"
            )

        self.ctx.run(S.export_report, self.ctx.db, self.year_value, out, on_done=done,
                     on_error=self._user_error, label="Menyusun laporan APBDes…", parent=self)  # fmt: skip


def _codes_and_rates(db: Any) -> tuple[list[S.BudgetCode], list[A.Rate]]:
    return S.budget_codes(db), S.rates(db)

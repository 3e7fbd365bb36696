"""Who to fund next from the selected line: uninsured households a PBI proposal will not cover
soon, ranked by the priority score (its weights adjustable), with the running cost against what
the line has left."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain.formatting import angka, rupiah
from jkn_desktop.records.apbdes import LineSummary, PriorityHousehold, PriorityList
from jkn_desktop.services.apbdes.priority import (
    priority_list,
    priority_weights,
    save_priority_weights,
)
from ui.context import AppContext
from ui.dialogs.apbdes import GREEN, RED
from ui.dialogs.simple import ok_cancel_buttons
from ui.flow import FlowLayout, group
from ui.pages.apbdes.lines_table import CENTER, RIGHT
from ui.table_model import Column, ListTableModel
from ui.widgets import MonthCombo, list_view


def _members(h: PriorityHousehold) -> str:
    return ", ".join(m.name.title() for m in h.members)


def _area(h: PriorityHousehold) -> str:
    return " / ".join(x for x in (h.dusun, h.rt, h.rw) if x)


PRIORITY_COLUMNS = [
    Column("", "Skor", lambda h: str(h.score.points), RIGHT, tooltip=lambda h: h.score.explain()),
    Column("", "Alasan skor", lambda h: h.score.explain(), tooltip=lambda h: h.score.explain()),
    Column("", "No. KK", lambda h: h.no_kk),
    Column("", "Kepala keluarga", lambda h: h.head),
    Column("", "Dusun / RT / RW", _area),
    Column("", "Desil", lambda h: str(h.desil) if h.desil else "belum", CENTER),
    Column("", "Belum terlindungi", lambda h: f"{len(h.members)}: {_members(h)}", tooltip=_members),
    Column("", "Biaya s.d. Desember", lambda h: rupiah(h.cost), RIGHT),
    Column(
        "",
        "Total berjalan",
        lambda h: rupiah(h.running_total),
        RIGHT,
        color=lambda h: GREEN if h.within_budget else RED,
    ),
]


class WeightsDialog(QDialog):
    """The points of the priority score, saved as a setting."""

    def __init__(self, weights: A.PriorityWeights, parent: QWidget | None = None) -> None:
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
        intro = QLabel(
            "Skor KK = jumlah poin di bawah. KK dengan skor tertinggi didanai lebih dulu; "
            "bila sama, yang biayanya lebih kecil."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        buttons = ok_cancel_buttons(self, "Simpan")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    def weights(self) -> A.PriorityWeights:
        return A.PriorityWeights(**{k: b.value() for k, b in self.boxes.items()})


class PriorityTab(QWidget):
    fund = Signal(list, int)  # resident ids to add to the line, from this month

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.line: LineSummary | None = None
        v = QVBoxLayout(self)
        row = FlowLayout()  # wraps on a narrow screen
        self.from_month = MonthCombo()
        row.add(group(QLabel("Ditanggung mulai"), self.from_month))
        self.waiting = QCheckBox("Termasuk desil 1–5 yang masih menunggu PBI")
        row.add(self.waiting)
        self.weights_btn = QPushButton("Bobot skor…")
        row.add(self.weights_btn)
        row.add(QWidget(), 1)
        self.fund_btn = QPushButton("Tambahkan KK terpilih ke baris ini…")
        row.add(self.fund_btn)
        v.addLayout(row)
        self.info = QLabel()
        self.info.setWordWrap(True)
        v.addWidget(self.info)
        self.model = ListTableModel(PRIORITY_COLUMNS)
        self.view = list_view(self.model, fit=False)
        for i, width in enumerate([50, 250, 140, 150, 150, 54, 260, 120, 120]):
            self.view.setColumnWidth(i, width)
        v.addWidget(self.view)
        self.from_month.currentIndexChanged.connect(lambda *_: self.load())
        self.waiting.toggled.connect(lambda *_: self.load())
        self.weights_btn.clicked.connect(self.edit_weights)
        self.fund_btn.clicked.connect(self._fund_selected)

    def set_line(self, line: LineSummary | None) -> None:
        """Show this line (another line: counted from its first open month)."""
        other = line is None or self.line is None or line.id != self.line.id
        self.line = line
        self.fund_btn.setEnabled(line is not None)
        if line is None:
            self.model.set_rows([])
            self.info.clear()
            return
        if not other:
            return
        self.from_month.blockSignals(True)
        self.from_month.set_month(min(max(line.from_month, 1), 12))
        self.from_month.blockSignals(False)

    def load(self) -> None:
        if self.line is None:
            return
        self.ctx.query(
            priority_list,
            self.line.id,
            from_month=self.from_month.month(),
            include_waiting=self.waiting.isChecked(),
            on_done=self._show,
        )

    def _show(self, plist: PriorityList) -> None:
        self.model.set_rows(plist.households)
        people = sum(len(h.members) for h in plist.households)
        fits = [h for h in plist.households if h.within_budget]
        self.info.setText(
            f"{angka(len(plist.households))} KK ({angka(people)} orang) belum terlindungi dan "
            f"tidak segera tercakup usulan PBI. Biaya per orang "
            f"{A.month_range(plist.from_month, 12)}: {rupiah(plist.per_person)}. Sisa baris ini "
            f"{rupiah(plist.remaining)} cukup untuk <b>{angka(len(fits))} KK pertama "
            f"({angka(sum(len(h.members) for h in fits))} orang)</b>."
        )

    def edit_weights(self) -> None:
        """The weights dialog; saving them re-ranks the list (the page reloads on the change)."""

        def open_dialog(weights: A.PriorityWeights) -> None:
            dialog = WeightsDialog(weights, self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.ctx.op(save_priority_weights, dialog.weights())

        self.ctx.query(priority_weights, on_done=open_dialog)

    def _fund_selected(self) -> None:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        if not rows:
            QMessageBox.information(
                self, "Prioritas", "Pilih dulu satu atau beberapa KK di daftar."
            )
            return
        ids = [m.resident_id for r in rows for m in self.model.row_object(r).members]
        self.fund.emit(ids, self.from_month.month())

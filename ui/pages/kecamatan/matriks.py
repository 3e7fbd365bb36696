"""Matriks Pengiriman: the villages × the months of a year, each month's state in words and
colours (belum dikirim, menunggu, tepat waktu, terlambat, diganti, dikembalikan), and per month
the counts and the reporting rate (received of expected, as DHIS2 reports it). Only the months in
use are shown: those before the kecamatan's first package were kept on paper."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from jkn_desktop.domain.formatting import BULAN, tanggal, waktu
from jkn_desktop.records.kabupaten import KabMatrix
from jkn_desktop.records.kecamatan_matrix import MatrixCell, MonthCount, SubmissionMatrix
from jkn_desktop.records.kecamatan_reports import KecDocument
from jkn_desktop.services.kecamatan.matrix import (
    LATE,
    MISSING,
    NOT_DUE,
    ON_TIME,
    REPLACED,
    RETURNED,
    STATE_WORDS,
    WAITING,
    submission_matrix,
)
from jkn_desktop.services.kecamatan.packages import periods_received
from ui.context import AppContext
from ui.pages.kecamatan import KecamatanPage
from ui.saved import announce_saved
from ui.widgets import warn_on_error

# background, text
COLOURS = {
    ON_TIME: ("#d8f0dc", "#1b5e20"),
    LATE: ("#fde7c8", "#7a4a00"),
    REPLACED: ("#dde8f7", "#1d3f73"),
    RETURNED: ("#f3dcf0", "#6a1b62"),
    MISSING: ("#f9d6d3", "#8c1d18"),
    WAITING: ("#f1f1f1", "#555555"),
    NOT_DUE: ("#ffffff", "#999999"),
}
COUNT_ROWS = (
    ("Diterima", lambda m: f"{m.received} dari {m.expected}"),
    ("Tepat waktu", lambda m: str(m.on_time)),
    ("Terlambat", lambda m: str(m.late)),
    ("Diganti", lambda m: str(m.replaced)),
    ("Dikembalikan", lambda m: str(m.returned)),
    ("Belum dikirim", lambda m: str(m.missing)),
    ("Tingkat pelaporan", lambda m: f"{m.reporting_rate:.1f}%".replace(".", ",")),
)


def months_in_use(matrix: SubmissionMatrix) -> list[int]:
    """The months (1–12) from the first one anything is due or was sent to the last."""
    used = [
        i
        for i in range(12)
        if any(matrix.cells[v.kode_wilayah][i].state != NOT_DUE for v in matrix.villages)
    ]
    return list(range(used[0], used[-1] + 1)) if used else []


def _cell_tip(village: str, cell: MatrixCell) -> str:
    lines = [f"{village}, {BULAN[int(cell.period[5:7]) - 1]} {cell.period[:4]}"]
    if cell.first_received is not None:
        lines.append(f"Paket pertama diterima {waktu(cell.first_received)}")
    if cell.packages > 1:
        lines.append(f"{cell.packages} versi paket; yang terbaru berlaku")
    if cell.note:
        lines.append(f"Catatan pengembalian: {cell.note}")
    return "\n".join(lines)


class MatriksPage(KecamatanPage):
    title = "Matriks Pengiriman"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.matrix: SubmissionMatrix | None = None
        self.letter_saved: Path | None = None
        row = QHBoxLayout()
        row.addWidget(QLabel("Tahun"))
        self.year = QSpinBox()
        self.year.setRange(2020, 2100)
        self.year.setValue(dt.date.today().year)
        row.addWidget(self.year)
        # a kabupaten: one kecamatan's villages at a time (or all), with that kecamatan's counts
        self.kab: KabMatrix | None = None
        self.kecamatan = QComboBox()
        self.kecamatan.addItem("Semua kecamatan", None)
        self.kecamatan.setMinimumWidth(180)
        self.kecamatan.activated.connect(lambda _i: self._show_kabupaten())
        on_kabupaten = ctx.kecamatan is not None and ctx.kecamatan.is_kabupaten
        self.kecamatan.setVisible(on_kabupaten)
        row.addWidget(self.kecamatan)
        self.deadline = QLabel()
        self.deadline.setObjectName("hint")
        self.deadline.setToolTip("Batas kirim diubah di Pengaturan")
        row.addWidget(self.deadline, 1)
        self.letter_btn = QPushButton("Surat ke desa yang belum mengirim…")
        self.letter_btn.setToolTip(
            "Surat Camat (PDF) kepada desa yang belum mengirim paket bulan yang dipilih"
        )
        self.letter_btn.clicked.connect(self.letter)
        self.letter_btn.setVisible(not on_kabupaten)  # the Camat's letter, a kecamatan's own
        row.addWidget(self.letter_btn)
        self.layout_.addLayout(row)
        legend = QHBoxLayout()
        legend.setSpacing(6)
        for state in (ON_TIME, LATE, REPLACED, RETURNED, MISSING, WAITING):
            chip = QLabel(f" {STATE_WORDS[state]} ")
            back, text = COLOURS[state]
            chip.setStyleSheet(
                f"background: {back}; color: {text}; border-radius: 4px; padding: 2px 6px;"
            )
            legend.addWidget(chip)
        legend.addStretch(1)
        self.layout_.addLayout(legend)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(96)
        self.table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.setToolTip("Arahkan tetikus ke sel: tanggal penerimaan dan catatan")
        self.layout_.addWidget(self.table, 1)
        # the counts per month stay in sight under the villages, however many there are
        self.counts = QTableWidget()
        self.counts.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.counts.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.counts.horizontalHeader().hide()
        self.counts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.counts.horizontalHeader().setMinimumSectionSize(96)
        self.counts.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.counts.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.horizontalScrollBar().valueChanged.connect(
            self.counts.horizontalScrollBar().setValue
        )
        self.layout_.addWidget(self.counts)
        self.empty = QLabel()
        self.empty.setObjectName("hint")
        self.empty.setWordWrap(True)
        self.layout_.addWidget(self.empty)
        self.year.valueChanged.connect(lambda _v: self.reload())
        self._year_chosen = False

    def reload(self) -> None:
        if not self._year_chosen:
            # first shown: the year of the latest month received
            self._year_chosen = True

            def latest(periods: list[str]) -> None:
                if periods:
                    self.year.blockSignals(True)
                    self.year.setValue(int(periods[-1][:4]))
                    self.year.blockSignals(False)
                self.reload()

            self.ctx.query(periods_received, on_done=latest)
            return
        if self._on_kabupaten():
            from jkn_desktop.services.kabupaten.summary import kabupaten_matrix

            self.ctx.query(kabupaten_matrix, self.year.value(), on_done=self.show_kabupaten)
            return
        self.ctx.query(submission_matrix, self.year.value(), on_done=self.show_matrix)

    def _on_kabupaten(self) -> bool:
        return self.ctx.kecamatan is not None and self.ctx.kecamatan.is_kabupaten

    def show_kabupaten(self, kab: KabMatrix) -> None:
        """The kabupaten's matrix: the kecamatan to choose from, then the chosen one's rows."""
        self.kab = kab
        keep = self.kecamatan.currentData()
        self.kecamatan.clear()
        self.kecamatan.addItem("Semua kecamatan", None)
        for k in kab.kecamatan:
            self.kecamatan.addItem(f"Kecamatan {k.name}", k.kode_wilayah)
        at = self.kecamatan.findData(keep) if keep is not None else 0
        self.kecamatan.setCurrentIndex(max(0, at))
        self._show_kabupaten()

    def _show_kabupaten(self) -> None:
        if self.kab is None:
            return
        chosen = self.kecamatan.currentData()
        part = next((k for k in self.kab.kecamatan if k.kode_wilayah == chosen), None)
        whole = self.kab.matrix
        self.show_matrix(
            whole if part is None else replace(whole, villages=part.villages, months=part.months)
        )

    def show_matrix(self, matrix: SubmissionMatrix) -> None:
        self.matrix = matrix
        months = months_in_use(matrix)
        self.deadline.setText(f"Batas kirim: tanggal {matrix.deadline_day} bulan berikutnya.")
        table = self.table
        table.clear()
        table.setColumnCount(len(months))
        table.setRowCount(len(matrix.villages))
        for c, m in enumerate(months):
            head = QTableWidgetItem(BULAN[m])
            head.setToolTip(f"Batas kirim {tanggal(matrix.months[m].deadline)}")
            table.setHorizontalHeaderItem(c, head)
        names = [v.full_name + ("" if v.expected else " (tidak wajib)") for v in matrix.villages]
        table.setVerticalHeaderLabels(names)
        for r, v in enumerate(matrix.villages):
            for c, m in enumerate(months):
                cell = matrix.cells[v.kode_wilayah][m]
                item = QTableWidgetItem(STATE_WORDS.get(cell.state, cell.state))
                back, text = COLOURS.get(cell.state, COLOURS[NOT_DUE])
                item.setBackground(QBrush(QColor(back)))
                item.setForeground(QBrush(QColor(text)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setToolTip(_cell_tip(v.full_name, cell))
                table.setItem(r, c, item)
        counts = self.counts
        counts.clear()
        counts.setColumnCount(len(months))
        counts.setRowCount(len(COUNT_ROWS))
        counts.setVerticalHeaderLabels([label for label, _f in COUNT_ROWS])
        bold = QFont(table.font())
        bold.setBold(True)
        for i, (_label, fmt) in enumerate(COUNT_ROWS):
            for c, m in enumerate(months):
                count: MonthCount = matrix.months[m]
                item = QTableWidgetItem(fmt(count))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QBrush(QColor("#eef3f4")))
                if i == len(COUNT_ROWS) - 1:
                    item.setFont(bold)
                counts.setItem(i, c, item)
        table.resizeRowsToContents()
        counts.resizeRowsToContents()
        # both row headers as wide as the wider one, so the months line up
        width = max(
            table.verticalHeader().sizeHint().width(), counts.verticalHeader().sizeHint().width()
        )
        table.verticalHeader().setFixedWidth(width)
        counts.verticalHeader().setFixedWidth(width)
        height = sum(counts.rowHeight(r) for r in range(counts.rowCount()))
        counts.setFixedHeight(height + 2 * counts.frameWidth())
        counts.setVisible(bool(months))
        if not months:
            self.empty.setText(
                f"Belum ada paket desa untuk tahun {matrix.year}. Terima paket di halaman "
                "Penerimaan Paket."
            )
            self.empty.show()
        else:
            self.empty.hide()

    def _letter_months(self) -> list[str]:
        """The months with expected villages not sent, latest first."""
        if self.matrix is None:
            return []
        used = months_in_use(self.matrix)
        periods = [self.matrix.months[m].period for m in reversed(used)]
        return [p for p in periods if self.matrix.not_sent(p)]

    def letter(self) -> None:
        """The letter to the villages that have not sent a month's package, saved as PDF (then
        printed from it)."""
        from PySide6.QtWidgets import QFileDialog, QInputDialog

        months = self._letter_months()
        if not months:
            self.status_message.emit("Semua desa yang wajib mengirim sudah mengirim paketnya.")
            return
        labels = [BULAN[int(p[5:7]) - 1] + f" {p[:4]}" for p in months]
        chosen, ok = QInputDialog.getItem(
            self, "Surat kepada desa", "Paket bulan", labels, 0, False
        )
        if not ok:
            return
        period = months[labels.index(chosen)]
        target, _ = QFileDialog.getSaveFileName(
            self, "Simpan surat", f"surat_desa_belum_mengirim_{period}.pdf", "PDF (*.pdf)"
        )
        if target:
            self.write_letter(period, Path(target), open_after=True)

    def write_letter(self, period: str, out: Path, *, open_after: bool = False) -> None:
        from jkn_desktop.services.kecamatan.upward import write_letter

        def done(result: KecDocument) -> None:
            announce_saved(self, result.path, f"surat untuk {result.rows} desa; buka dan cetak")
            self.letter_saved = result.path
            if open_after:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(result.path)))

        self.ctx.query(
            write_letter,
            period,
            out,
            on_done=done,
            on_error=warn_on_error(self, "Surat tidak tersimpan", self.ctx.runner),
            label="Menyiapkan surat …",
            parent=self,
        )

    def row_texts(self, name: str) -> list[str]:
        """What a row shows, by its village or count label (for tests and screenshots)."""
        for table in (self.table, self.counts):
            for r in range(table.rowCount()):
                head = table.verticalHeaderItem(r)
                if head is not None and head.text() == name:
                    items = [table.item(r, c) for c in range(table.columnCount())]
                    return [item.text() if item is not None else "" for item in items]
        raise KeyError(name)

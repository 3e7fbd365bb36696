"""Data Ganda: the people a month's packages count twice across villages (the same NIK in two
villages, one person under two NIKs, on two villages' PBI lists, paid by two villages' APBDes).
Each candidate shows both records side by side; a person decides "Orang yang sama" (and which
village corrects) or "Bukan orang yang sama" (with a note). The verdict holds for later months.
Each village's return file (what it must correct) is exported from here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import codes
from jkn_desktop.domain import duplicates as D
from jkn_desktop.domain.formatting import tanggal, waktu
from jkn_desktop.domain.jkn import SEGMENT_SHORT, STATUSES
from jkn_desktop.errors import UserError
from jkn_desktop.records.kecamatan_duplicates import (
    DuplicateCandidate,
    DuplicateReport,
    DuplicateSide,
    ReturnFileResult,
)
from jkn_desktop.services.kecamatan.duplicates import find_duplicates
from jkn_desktop.services.kecamatan.packages import periods_received
from jkn_desktop.services.kecamatan.return_file import export_return_file
from jkn_desktop.services.kecamatan.verdicts import set_verdict
from ui.context import AppContext
from ui.dialogs.kecamatan_dialogs import fill_periods
from ui.fitting import scrolling
from ui.flow import Columns
from ui.pages.kecamatan import KecamatanPage
from ui.saved import announce_saved
from ui.table_model import Column, ListTableModel
from ui.widgets import FieldError, list_view, warn_on_error


def _verdict_text(c: DuplicateCandidate) -> str:
    v = c.verdict
    if v is None:
        return "belum dinilai"
    if v.verdict == D.SAMA:
        village = c.side(v.correcting_village).village if v.correcting_village else ""
        return f"sama; {village} memperbaiki" if village else "orang yang sama"
    return "bukan orang yang sama"


CANDIDATE_COLUMNS = [
    Column("", "Nama", lambda c: c.a.name if c.a.name == c.b.name else f"{c.a.name} / {c.b.name}"),
    Column("", "Jenis", lambda c: D.KINDS.get(c.kind, c.kind)),
    Column("", "Desa", lambda c: f"{c.a.village} — {c.b.village}"),
    Column("", "Kemiripan", lambda c: f"{c.score}", Qt.AlignmentFlag.AlignRight),
    Column(
        "",
        "Penilaian",
        _verdict_text,
        color=lambda c: "#8a5a00" if c.verdict is None else "#1b5e20",
    ),
]

SIDE_FIELDS: list[tuple[str, Any]] = [
    ("Desa", lambda s: f"{s.village} ({s.kode_wilayah})"),
    ("NIK", lambda s: s.nik),
    ("Nama", lambda s: s.name),
    ("Jenis kelamin", lambda s: {"L": "Laki-laki", "P": "Perempuan"}.get(s.sex, s.sex)),
    ("Tanggal lahir", lambda s: tanggal(s.birth_date)),
    ("Nama ibu", lambda s: s.mother_name),
    (
        "Status",
        lambda s: (
            codes.STATUS_DASAR.get(s.status_dasar, "").title()
            + (f" sejak {tanggal(s.status_date)}" if s.status_date else "")
        ),
    ),
    (
        "JKN",
        lambda s: (
            " ".join(
                x
                for x in (
                    SEGMENT_SHORT.get(s.segment or "", ""),
                    STATUSES.get(s.jkn_status or "", ""),
                )
                if x
            )
            or "—"
        ),
    ),
    ("No. kartu", lambda s: s.card_no or "—"),
    ("Dibayar APBDes", lambda s: s.funded or "—"),
    ("Paket dibuat", lambda s: waktu(s.made_at)),
]


class SideBox(QGroupBox):
    """One village's record of the person."""

    def __init__(self) -> None:
        super().__init__()
        form = QFormLayout(self)
        self.values: list[QLabel] = []
        for label, _f in SIDE_FIELDS:
            value = QLabel()
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.values.append(value)
            form.addRow(label, value)

    def show_side(self, side: DuplicateSide | None, newer: bool) -> None:
        self.setTitle("" if side is None else side.village + (" — lebih baru" if newer else ""))
        for value, (_label, text) in zip(self.values, SIDE_FIELDS, strict=True):
            value.setText("" if side is None else str(text(side)))


class GandaPage(KecamatanPage):
    title = "Data Ganda"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.report: DuplicateReport | None = None
        row = QHBoxLayout()
        row.addWidget(QLabel("Bulan"))
        self.period = QComboBox()
        self.period.setMinimumWidth(150)
        row.addWidget(self.period)
        row.addWidget(QLabel("Jenis"))
        self.kind = QComboBox()
        self.kind.addItem("Semua jenis", None)
        for key, word in D.KINDS.items():
            self.kind.addItem(word, key)
        row.addWidget(self.kind)
        self.dismissed = QCheckBox("Juga yang dinilai bukan orang yang sama")
        row.addWidget(self.dismissed)
        row.addStretch(1)
        self.layout_.addLayout(row)
        count_row = QHBoxLayout()
        self.count = QLabel()
        self.count.setWordWrap(True)
        count_row.addWidget(self.count, 1)
        self.export_btn = QPushButton("Ekspor berkas koreksi desa…")
        count_row.addWidget(self.export_btn)
        self.layout_.addLayout(count_row)
        self.model = ListTableModel(CANDIDATE_COLUMNS)
        self.view = list_view(self.model, single=True)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.found = QLabel()
        self.found.setWordWrap(True)
        self.found.setObjectName("notice")
        self.found.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        detail_layout.addWidget(self.found)
        self.side_a, self.side_b = SideBox(), SideBox()
        # the two records side by side, one above the other where the panel is narrow; they
        # scroll on a short screen instead of their lines running together
        sides = scrolling(Columns(self.side_a, self.side_b, (1, 1), narrow=560))
        sides.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        sides.setMinimumWidth(0)
        detail_layout.addWidget(sides, 1)
        judge = QGroupBox("Penilaian")
        judge_layout = QVBoxLayout(judge)
        fix_row = QHBoxLayout()
        fix_row.addWidget(QLabel("Yang memperbaiki:"))
        self.fix_a, self.fix_b = QRadioButton(), QRadioButton()
        fix_row.addWidget(self.fix_a)
        fix_row.addWidget(self.fix_b)
        fix_row.addStretch(1)
        judge_layout.addLayout(fix_row)
        self.note = QLineEdit()
        self.note.setPlaceholderText("Catatan (wajib bila bukan orang yang sama)")
        judge_layout.addWidget(self.note)
        buttons = QHBoxLayout()
        self.same_btn = QPushButton("Orang yang sama")
        self.other_btn = QPushButton("Bukan orang yang sama")
        buttons.addWidget(self.same_btn)
        buttons.addWidget(self.other_btn)
        buttons.addStretch(1)
        judge_layout.addLayout(buttons)
        self.error = FieldError()
        judge_layout.addWidget(self.error)
        detail_layout.addWidget(judge)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(detail)
        split.setSizes([480, 620])
        self.layout_.addWidget(split, 1)
        self.period.activated.connect(lambda _i: self._search())
        self.kind.activated.connect(lambda _i: self._search())
        self.dismissed.toggled.connect(lambda _on: self._search())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_current())
        self.same_btn.clicked.connect(lambda: self._judge(D.SAMA))
        self.other_btn.clicked.connect(lambda: self._judge(D.BUKAN))
        self.export_btn.clicked.connect(self._export)
        self._show_current()

    def reload(self) -> None:
        def got(periods: list[str]) -> None:
            fill_periods(self.period, periods)
            self._search()

        self.ctx.query(periods_received, on_done=got)

    def _search(self) -> None:
        period = self.period.currentData()
        if period is None:
            self.count.setText("Belum ada paket desa. Terima paket di halaman Penerimaan Paket.")
            self.model.set_rows([])
            return
        kind = self.kind.currentData()
        self.ctx.query(
            find_duplicates,
            period,
            kinds=[kind] if kind else None,
            include_dismissed=self.dismissed.isChecked(),
            on_done=self.show_report,
            on_error=warn_on_error(self, "Data ganda", self.ctx.runner),
            label="Mencari data ganda antardesa …",
            parent=self,
        )

    def show_report(self, report: DuplicateReport) -> None:
        keep = self._current()
        self.report = report
        self.model.set_rows(report.candidates)
        open_ = sum(1 for c in report.candidates if c.verdict is None)
        by_kind = ", ".join(f"{D.KINDS[k]} {n}" for k, n in report.counts().items())
        text = (
            f"{len(report.candidates)} kemungkinan data ganda di {report.villages} desa "
            f"({report.residents:,} penduduk dibandingkan)".replace(",", ".")
            + (f": {by_kind}" if by_kind else "")
            + f". {open_} belum dinilai."
        )
        if report.hidden:
            text += f" {report.hidden} dinilai bukan orang yang sama (disembunyikan)."
        self.count.setText(text)
        if keep is not None:
            for r, c in enumerate(report.candidates):
                if (c.kind, c.pair_key) == (keep.kind, keep.pair_key):
                    self.view.selectRow(r)
                    break
        elif report.candidates:
            self.view.selectRow(0)
        self._show_current()

    def _current(self) -> DuplicateCandidate | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_object(rows[0].row()) if rows else None

    def _show_current(self) -> None:
        c = self._current()
        for w in (self.same_btn, self.other_btn, self.fix_a, self.fix_b, self.note):
            w.setEnabled(c is not None)
        self.error.clear_issue()
        if c is None:
            self.found.setText("Pilih satu baris untuk melihat kedua data berdampingan.")
            self.side_a.show_side(None, False)
            self.side_b.show_side(None, False)
            return
        self.found.setText(f"<b>{D.KINDS.get(c.kind, c.kind)}</b>. {c.detail}")
        self.side_a.show_side(c.a, c.newer == c.a.kode_wilayah)
        self.side_b.show_side(c.b, c.newer == c.b.kode_wilayah)
        self.fix_a.setText(c.a.village)
        self.fix_b.setText(c.b.village)
        chosen = c.verdict.correcting_village if c.verdict else c.older
        (self.fix_b if chosen == c.b.kode_wilayah else self.fix_a).setChecked(True)
        self.note.setText(c.verdict.note if c.verdict else "")

    def _judge(self, verdict: str) -> None:
        c = self._current()
        period = self.period.currentData()
        if c is None or period is None:
            return
        correcting = (c.b if self.fix_b.isChecked() else c.a).kode_wilayah
        if verdict == D.BUKAN and not self.note.text().strip():
            self.error.show_issue("Tuliskan catatan: mengapa bukan orang yang sama.", True)
            return

        def done(_v: object) -> None:
            announce_saved(self, None, f"Penilaian tersimpan: {D.VERDICTS[verdict].lower()}.")
            self._search()

        def refused(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.error.show_issue(exc.message, True)
            else:
                self.ctx.runner.report(exc)

        self.ctx.op(
            set_verdict,
            c.kind,
            c.pair_key,
            verdict,
            correcting if verdict == D.SAMA else "",
            self.note.text(),
            period=period,
            on_done=done,
            on_error=refused,
        )

    def _export(self) -> None:
        """The return file of one village: what it must correct this month."""
        period = self.period.currentData()
        if period is None or self.report is None:
            return
        from PySide6.QtWidgets import QInputDialog

        villages: dict[str, str] = {}
        for c in self.report.candidates:
            if c.verdict is not None and c.verdict.correcting_village:
                side = c.side(c.verdict.correcting_village)
                villages[side.village] = side.kode_wilayah
        if not villages:
            QMessageBox.information(
                self,
                "Berkas koreksi",
                "Belum ada data ganda yang dinilai orang yang sama bulan ini: belum ada desa "
                "yang perlu memperbaiki.",
            )
            return
        names = sorted(villages)
        name, ok = QInputDialog.getItem(
            self, "Berkas koreksi", "Desa yang menerima berkas koreksi", names, 0, False
        )
        if not ok:
            return
        kode = villages[name]
        suggested = f"koreksi_{name.lower().replace(' ', '_')}_{period}.xlsx"
        target, _ = QFileDialog.getSaveFileName(
            self, "Simpan berkas koreksi", suggested, "Buku kerja (*.xlsx)"
        )
        if not target:
            return
        self.export_to(kode, Path(target))

    def export_to(self, kode: str, target: Path) -> None:
        def done(result: ReturnFileResult) -> None:
            announce_saved(self, result.path, f"berkas koreksi, {result.rows} baris")

        self.ctx.op(
            export_return_file,
            self.period.currentData(),
            kode,
            target,
            on_done=done,
            on_error=warn_on_error(self, "Berkas koreksi", self.ctx.runner),
            label="Menyimpan berkas koreksi …",
            parent=self,
        )

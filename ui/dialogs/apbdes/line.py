"""A budget line: codes, pagu (and the revised pagu of an APBDes Perubahan), and the scheme that
prices a person-month, with what it costs shown as the scheme changes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import rupiah
from jkn_desktop.records.apbdes import BudgetCode, LineChoices, LineInput, LineSummary
from jkn_desktop.services.apbdes.lines import add_line, update_line
from jkn_desktop.services.edit_conflict import EditConflict
from ui.context import AppContext
from ui.dialogs.apbdes import AMBER, RED
from ui.dialogs.simple import add_footer
from ui.widgets import MoneyEdit, OptionalDateEdit, error_into

SEGMENT_CHOICES = [
    (J.PBPU_PEMDA, "PBPU/BP Pemda (didaftarkan pemerintah daerah)"),
    (J.PBPU_MANDIRI, "PBPU/BP mandiri"),
    (J.PBI_APBN, "PBI APBN"),
]


def _code_combo(items: list[BudgetCode], default: str) -> QComboBox:
    box = QComboBox()
    for c in items:
        box.addItem(c.label(), c.code)
    box.setMaxVisibleItems(20)
    box.setCurrentIndex(max(0, box.findData(default)))
    return box


class LineDialog(QDialog):
    """Add or change a budget line: codes, pagu (and the revised pagu of an APBDes Perubahan),
    and the scheme that prices a person-month."""

    saved = Signal(int, int)  # the line's id and year, sent before the dialog closes

    def __init__(
        self,
        ctx: AppContext,
        year: int,
        choices: LineChoices,
        line: LineSummary | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.line, self.rates = ctx, line, choices.rates
        self.saved_id: int | None = None
        self.setWindowTitle("Ubah baris anggaran" if line else "Tambah baris anggaran iuran JKN")
        form = QFormLayout()
        self._codes_rows(form, line.year if line else year, choices.codes)
        self._scheme_rows(form)
        self.notes = QLineEdit()
        self.notes.setPlaceholderText("mis. iuran warga miskin ber-SKTM yang tidak ditanggung PBI")
        form.addRow("Catatan", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.error, _ = add_footer(self, layout, "Simpan", self._save)
        # the line as stored when the dialog opened: the save is refused if it changed since
        self.opened: LineInput | None = None
        if line is not None:
            self._fill(line)
            self.opened = LineInput(
                line.year,
                line.kegiatan,
                line.rekening,
                line.sumber,
                line.pagu_original,
                line.scheme,
                line.pagu_revised,
                line.revised_on,
                line.notes,
            )
        else:
            self.from_table.setChecked(True)
        for sig in (
            self.segment.currentIndexChanged,
            self.kelas.currentIndexChanged,
            self.share.currentIndexChanged,
            self.from_table.toggled,
            self.year.valueChanged,
            self.custom_rate.textChanged,
            self.sumber.currentIndexChanged,
            self.revised.toggled,
        ):
            sig.connect(self._update)
        self._update()
        self.resize(760, 0)

    def _codes_rows(self, form: QFormLayout, year: int, codes: list[BudgetCode]) -> None:
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.kegiatan = _code_combo([c for c in codes if c.kind == "kegiatan"], "02.02.96")
        self.rekening = _code_combo([c for c in codes if c.kind == "rekening"], "5.2.7")
        self.sumber = _code_combo([c for c in codes if c.kind == "sumber"], "ADD")
        self.pagu = MoneyEdit()
        self.revised = QCheckBox("Ada APBDes Perubahan")
        self.pagu_revised = MoneyEdit()
        self.revised_on = OptionalDateEdit()
        form.addRow("Tahun anggaran", self.year)
        form.addRow("Kegiatan", self.kegiatan)
        form.addRow("Rekening", self.rekening)
        form.addRow("Sumber dana", self.sumber)
        self.dd_note = QLabel()
        self.dd_note.setWordWrap(True)
        self.dd_note.setStyleSheet(f"color: {AMBER};")
        form.addRow("", self.dd_note)
        form.addRow("Pagu (Rp)", self.pagu)
        revised_row = QHBoxLayout()
        revised_row.addWidget(self.revised)
        revised_row.addWidget(QLabel("pagu baru (Rp)"))
        revised_row.addWidget(self.pagu_revised, 1)
        revised_row.addWidget(QLabel("tanggal"))
        revised_row.addWidget(self.revised_on)
        form.addRow("Perubahan", revised_row)

    def _scheme_rows(self, form: QFormLayout) -> None:
        self.from_table = QRadioButton("Dari tabel tarif")
        self.custom = QRadioButton("Tarif khusus")
        self.segment = QComboBox()
        for code, label in SEGMENT_CHOICES:
            self.segment.addItem(label, code)
        self.kelas = QComboBox()
        for k in (3, 2, 1):
            self.kelas.addItem(f"Kelas {k}", k)
        self.share = QComboBox()
        self.share.addItem("Iuran penuh", A.SHARE_FULL)
        self.share.addItem("Bagian peserta saja (mandiri)", A.SHARE_PARTICIPANT)
        self.custom_rate = MoneyEdit()
        scheme_row = QHBoxLayout()
        for w in (self.from_table, self.segment, self.kelas, self.share):
            scheme_row.addWidget(w)
        custom_row = QHBoxLayout()
        custom_row.addWidget(self.custom)
        custom_row.addWidget(self.custom_rate, 1)
        custom_row.addWidget(QLabel("per orang per bulan"))
        form.addRow("Skema iuran", scheme_row)
        form.addRow("", custom_row)
        self.rate_note = QLabel()
        form.addRow("", self.rate_note)

    def _fill(self, line: LineSummary) -> None:
        for box, value in (
            (self.kegiatan, line.kegiatan),
            (self.rekening, line.rekening),
            (self.sumber, line.sumber),
        ):
            box.setCurrentIndex(max(0, box.findData(value)))
        self.pagu.set_value(line.pagu_original)
        self.revised.setChecked(line.pagu_revised is not None)
        self.pagu_revised.set_value(line.pagu_revised)
        self.revised_on.set_value(line.revised_on)
        self.notes.setText(line.notes)
        sc = line.scheme
        if sc.is_custom:
            self.custom.setChecked(True)
            self.custom_rate.set_value(sc.custom_rate)
        else:
            self.from_table.setChecked(True)
            self.segment.setCurrentIndex(max(0, self.segment.findData(sc.segment)))
            self.kelas.setCurrentIndex(max(0, self.kelas.findData(sc.kelas)))
            self.share.setCurrentIndex(max(0, self.share.findData(sc.share)))

    def scheme(self) -> A.Scheme:
        if self.custom.isChecked():
            return A.Scheme(custom_rate=self.custom_rate.value() or 0)
        return A.Scheme(
            self.segment.currentData(), self.kelas.currentData(), self.share.currentData()
        )

    def _update(self) -> None:
        table = self.from_table.isChecked()
        for w in (self.segment, self.kelas, self.share):
            w.setEnabled(table)
        self.custom_rate.setEnabled(not table)
        self.pagu_revised.setEnabled(self.revised.isChecked())
        self.revised_on.setEnabled(self.revised.isChecked())
        self._rate_note()
        dds = self.sumber.currentData() == A.DANA_DESA
        self.dd_note.setVisible(dds)
        self.dd_note.setText(
            "Perhatian: Kemendes (2024) menyatakan Dana Desa tidak boleh dipakai membayar iuran "
            "BPJS Kesehatan."
            if dds
            else ""
        )

    def _rate_note(self) -> None:
        per_month = A.monthly_rates(self.scheme(), self.rates, self.year.value())
        distinct = sorted(set(per_month))
        if distinct == [0]:
            self.rate_note.setText(
                "Belum ada tarif untuk skema ini di tahun itu; isi tabel tarif di Pengaturan."
            )
            self.rate_note.setStyleSheet(f"color: {RED};")
            return
        text = " / ".join(rupiah(r) for r in distinct if r)
        self.rate_note.setText(
            f"= {text} per orang per bulan"
            + (" (tarif berubah di tengah tahun)" if len(distinct) > 1 else "")
        )
        self.rate_note.setStyleSheet("")

    def line_input(self) -> LineInput:
        revised = self.revised.isChecked()
        return LineInput(
            self.year.value(),
            self.kegiatan.currentData() or "",
            self.rekening.currentData() or "",
            self.sumber.currentData() or "",
            self.pagu.value() or 0,
            self.scheme(),
            self.pagu_revised.value() if revised else None,
            (self.revised_on.value() or dt.date.today()) if revised else None,
            self.notes.text(),
        )

    def _save(self) -> None:
        if self.pagu.value() is None:
            self.error.show_issue("Isi pagu dalam rupiah, tanpa sen (mis. 50.000.000).", True)
            return
        if self.revised.isChecked() and self.pagu_revised.value() is None:
            self.error.show_issue("Isi pagu setelah APBDes Perubahan, atau hapus centangnya.", True)
            return
        data = self.line_input()

        def done(result: int | None) -> None:
            self.saved_id = result if self.line is None else self.line.id
            self.saved.emit(self.saved_id, data.year)
            self.accept()

        shown = error_into(self.error, self.ctx.runner)
        if self.line is None:
            self.ctx.op(add_line, data, on_done=done, on_error=shown)
            return

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, EditConflict):
                shown(exc)
                return
            from ui.dialogs import conflict

            if conflict.ask(exc, self) == conflict.OVERWRITE:
                self.opened = None
                self._save()

        self.ctx.op(
            update_line, self.line.id, data, opened=self.opened, on_done=done, on_error=failed
        )

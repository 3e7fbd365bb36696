"""Laporan of a kecamatan's file: the documents that go upward and out — the Camat's recap of a
month, the consolidated Dinas Sosial workbook, the quarterly report to the Bupati, the evaluation
of the villages' APBDes premium allocations, and the letter to the villages that have not sent.
Choose the document and its month (or year and quarter), see the first page, then save or print.
Every file written and every printout is noted in the audit trail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import roles as perm
from jkn_desktop.records.kecamatan_reports import KecDocument
from jkn_desktop.services import audit
from jkn_desktop.services.kecamatan.packages import periods_received
from ui.context import AppContext
from ui.dialogs.kecamatan_dialogs import fill_periods, period_label
from ui.pages.kecamatan import KecamatanPage
from ui.pdf_preview import PageBrowser
from ui.saved import announce_saved
from ui.widgets import warn_on_error

PREVIEW_WIDTH = 720


@dataclass(frozen=True)
class KecDoc:
    key: str
    title: str
    suffix: str  # the file it is saved as
    uses: str  # "month", "quarter" or "year"
    about: str
    printable: bool  # the first page is shown and it can be printed from the window
    stem: str = ""  # the file name offered, with {period}, {year}, {quarter}


DOCS = [
    KecDoc(
        "recap",
        "Rekapitulasi JKN Camat (PDF)",
        ".pdf",
        "month",
        "Per desa dan jumlah kecamatan: cakupan, keaktifan, KK belum terlindungi, iuran APBDes; "
        "ditandatangani Camat.",
        True,
    ),
    KecDoc(
        "dinsos",
        "Buku kerja usulan untuk Dinas Sosial (.xlsx)",
        ".xlsx",
        "month",
        "Usulan semua desa bulan ini dengan kolom desa; jalur PBI APBN dan PBPU Pemda di lembar "
        "terpisah. Berisi NIK lengkap: hanya untuk Dinas Sosial.",
        False,
    ),
    KecDoc(
        "quarterly",
        "Laporan triwulan kepada Bupati (PDF)",
        ".pdf",
        "quarter",
        "Cakupan dan keaktifan per desa dan perubahannya, usulan dikirim dan diputus, iuran "
        "APBDes terhadap kebutuhan, kepesertaan perangkat desa.",
        True,
    ),
    KecDoc(
        "evaluation",
        "Lembar evaluasi iuran JKN dalam APBDes (PDF)",
        ".pdf",
        "year",
        "Per desa: pagu, komitmen, sisa, kebutuhan untuk penduduk desil 1–5 yang belum "
        "terlindungi, kekurangan, dan penilaiannya.",
        True,
    ),
    KecDoc(
        "evaluation_xlsx",
        "Lembar evaluasi iuran JKN dalam APBDes (.xlsx)",
        ".xlsx",
        "year",
        "Isi yang sama dengan lembar PDF, sebagai buku kerja.",
        False,
    ),
    KecDoc(
        "letter",
        "Surat kepada desa yang belum mengirim paket (PDF)",
        ".pdf",
        "month",
        "Surat Camat kepada desa dan kelurahan yang belum mengirim paket bulan ini, dengan batas "
        "kirim dari Pengaturan. Simpan, lalu cetak dari berkas PDF-nya.",
        False,
    ),
]


def _build(work: Any, key: str, period: str, year: int, quarter: int) -> Any:
    """The document's pages (the same page plan the saved PDF is written from)."""
    from jkn_desktop.reports import kecamatan_evaluation, kecamatan_quarterly, kecamatan_recap
    from jkn_desktop.services.kecamatan.identity import require_kecamatan
    from jkn_desktop.services.kecamatan.quarterly import apbdes_evaluation, quarterly
    from jkn_desktop.services.kecamatan.summary import kecamatan_summary

    info = require_kecamatan(work)
    if key == "recap":
        s = kecamatan_summary(work, period)
        return kecamatan_recap.build(s, info, work.today), len(s.villages)
    if key == "quarterly":
        q = quarterly(work, year, quarter)
        return kecamatan_quarterly.build(q, info, work.today), len(q.villages)
    sheet = apbdes_evaluation(work, year)
    return kecamatan_evaluation.build(sheet, info, work.today), len(sheet.rows)


def _preview(
    work: Any, key: str, period: str, year: int, quarter: int, width: int, number: int = 1
) -> tuple[Any, int]:
    from ui.pdf_preview import render_page

    doc, _rows = _build(work, key, period, year, quarter)
    return render_page(doc, number, width)


def note_printed(work: Any, document: str, subject: str, rows: int, printer: str) -> None:
    """A printout of a kecamatan document: figures and village names, no NIK."""
    work.require(perm.EXPORT_MASKED)
    audit.exported(
        work,
        document=document,
        subject=subject,
        rows=rows,
        masked=True,
        target=printer,
        printed=True,
    )


def docs_for(ctx: AppContext) -> list[KecDoc]:
    """The documents of this database: a kabupaten's are its own (laporan_kabupaten)."""
    if ctx.kecamatan is not None and ctx.kecamatan.is_kabupaten:
        from ui.pages.kecamatan.laporan_kabupaten import KAB_DOCS

        return KAB_DOCS
    return DOCS


def _writer(key: str, kabupaten: bool = False) -> Callable[..., KecDocument]:
    from jkn_desktop.services.kecamatan import dinsos, quarterly, upward

    if kabupaten:
        from ui.pages.kecamatan.laporan_kabupaten import writer

        return writer(key)

    writers: dict[str, Callable[..., KecDocument]] = {
        "recap": upward.write_recap,
        "dinsos": dinsos.export_dinsos_kecamatan,
        "quarterly": quarterly.write_quarterly,
        "evaluation": quarterly.write_apbdes_evaluation,
        "evaluation_xlsx": quarterly.write_apbdes_evaluation,
        "letter": upward.write_letter,
    }
    return writers[key]


class KecamatanLaporanPage(KecamatanPage):
    title = "Laporan"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.last_folder: Path | None = None
        self.doc_list = docs_for(ctx)
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(QLabel("Dokumen"))
        self.docs = QListWidget()
        self.docs.setWordWrap(True)
        self.docs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for doc in self.doc_list:
            item = QListWidgetItem(doc.title)
            item.setData(Qt.ItemDataRole.UserRole, doc.key)
            self.docs.addItem(item)
        self.docs.setMaximumHeight(190)
        left.addWidget(self.docs)
        form = QFormLayout()
        self.period = QComboBox()
        self.year = QSpinBox()
        self.year.setRange(2020, 2100)
        self.year.setValue(dt.date.today().year)
        self.quarter = QComboBox()
        for q, words in (
            (1, "I (Januari–Maret)"),
            (2, "II (April–Juni)"),
            (3, "III (Juli–September)"),
            (4, "IV (Oktober–Desember)"),
        ):
            self.quarter.addItem(words, q)
        self.quarter.setCurrentIndex((dt.date.today().month - 1) // 3)
        form.addRow("Bulan", self.period)
        form.addRow("Tahun", self.year)
        form.addRow("Triwulan", self.quarter)
        self.form = form
        left.addLayout(form)
        self.about = QLabel()
        self.about.setWordWrap(True)
        self.about.setObjectName("hint")
        left.addWidget(self.about)
        buttons = QHBoxLayout()
        self.save_btn = QPushButton("Simpan…")
        self.print_btn = QPushButton("Cetak…")
        self.folder_btn = QPushButton("Buka folder")
        self.folder_btn.setEnabled(False)
        for b in (self.save_btn, self.print_btn, self.folder_btn):
            buttons.addWidget(b)
        left.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        left.addWidget(self.status)
        left.addStretch(1)
        body.addLayout(left, 2)
        # every page of the document, with zoom (ui/pdf_preview.PageBrowser)
        self.browser = PageBrowser(PREVIEW_WIDTH)
        self.browser.page_wanted.connect(self.show_preview_page)
        self.preview = self.browser.view
        self._asked = 0  # the latest page asked for: an older answer is dropped
        body.addWidget(self.browser, 3)
        self.layout_.addLayout(body, 1)
        self.docs.currentRowChanged.connect(lambda _r: self._doc_changed())
        for box in (self.period, self.quarter):
            box.activated.connect(lambda _i: self.refresh_preview())
        self.year.valueChanged.connect(lambda _v: self.refresh_preview())
        self.save_btn.clicked.connect(self.save)
        self.print_btn.clicked.connect(self.print_)
        self.folder_btn.clicked.connect(self.open_folder)
        self.docs.setCurrentRow(0)

    @property
    def doc(self) -> KecDoc:
        return self.doc_list[max(0, self.docs.currentRow())]

    def reload(self) -> None:
        def got(periods: list[str]) -> None:
            keep = fill_periods(self.period, periods)
            if periods and keep is None:
                self.year.blockSignals(True)
                self.year.setValue(int(periods[-1][:4]))
                self.quarter.setCurrentIndex((int(periods[-1][5:7]) - 1) // 3)
                self.year.blockSignals(False)
            self._doc_changed()

        self.ctx.query(periods_received, on_done=got)

    def _doc_changed(self) -> None:
        doc = self.doc
        for field, wanted in (
            (self.period, doc.uses == "month"),
            (self.year, doc.uses in ("quarter", "year")),
            (self.quarter, doc.uses == "quarter"),
        ):
            field.setVisible(wanted)
            label = self.form.labelForField(field)
            if label is not None:
                label.setVisible(wanted)
        self.about.setText(doc.about)
        self.print_btn.setEnabled(doc.printable)
        self.refresh_preview()

    def _args(self) -> tuple[str, int, int]:
        return (
            str(self.period.currentData() or ""),
            self.year.value(),
            int(self.quarter.currentData() or 1),
        )

    def _subject(self) -> str:
        period, year, quarter = self._args()
        if self.doc.uses == "month":
            return period_label(period)
        return f"triwulan {quarter} tahun {year}" if self.doc.uses == "quarter" else str(year)

    def refresh_preview(self) -> None:
        doc = self.doc
        period = self._args()[0]
        if not doc.printable:
            self._asked += 1
            self.browser.show_text(f"{doc.title}\n\n{doc.about}")
            return
        if doc.uses == "month" and not period:
            self._asked += 1
            self.browser.show_text(
                "Belum ada paket desa. Terima paket di halaman Penerimaan Paket."
            )
            return
        self.show_preview_page(1)

    def show_preview_page(self, number: int) -> None:
        """Page ``number`` of the chosen document, drawn on the worker."""
        doc = self.doc
        period, year, quarter = self._args()
        self._asked += 1
        asked = self._asked

        def show(result: tuple[Any, int]) -> None:
            if asked != self._asked:
                return  # another document or page was asked for since
            image, pages = result
            self.browser.show_image(image, min(number, pages), pages)
            self.status.setText(f"Halaman {min(number, pages)} dari {pages}.")

        def failed(exc: BaseException) -> None:
            from jkn_desktop.errors import UserError

            if isinstance(exc, UserError):
                if asked == self._asked:
                    self.browser.show_text(exc.message)
            else:
                self.ctx.runner.report(exc)

        key = "evaluation" if doc.key == "evaluation" else doc.key
        width = self.browser.render_width()
        self.ctx.query(
            _preview, key, period, year, quarter, width, number, on_done=show, on_error=failed
        )

    def save(self) -> None:
        doc = self.doc
        period, year, quarter = self._args()
        stem = (
            doc.stem.format(period=period, year=year, quarter=quarter)
            or {
                "recap": f"rekap_jkn_{period}",
                "dinsos": f"usulan_dinsos_kecamatan_{period}",
                "quarterly": f"laporan_triwulan_{year}_{quarter}",
                "evaluation": f"evaluasi_apbdes_{year}",
                "evaluation_xlsx": f"evaluasi_apbdes_{year}",
                "letter": f"surat_desa_belum_mengirim_{period}",
            }[doc.key]
        )
        start = str((self.last_folder or Path.home()) / f"{stem}{doc.suffix}")
        kind = "PDF (*.pdf)" if doc.suffix == ".pdf" else "Buku kerja (*.xlsx)"
        target, _ = QFileDialog.getSaveFileName(self, f"Simpan {doc.title}", start, kind)
        if target:
            self.save_to(Path(target))

    def save_to(self, out: Path) -> None:
        doc = self.doc
        period, year, quarter = self._args()
        args: tuple[Any, ...] = {
            "month": (period,),
            "quarter": (year, quarter),
            "year": (year,),
        }[doc.uses]

        def done(result: KecDocument) -> None:
            self.last_folder = result.path.parent
            self.folder_btn.setEnabled(True)
            pages = f", {result.pages} halaman" if result.pages else ""
            self.status.setText(f"Tersimpan: {result.path.name}{pages}.")
            announce_saved(self, result.path, doc.title + pages)

        self.ctx.query(
            _writer(doc.key, self.doc_list is not DOCS),
            *args,
            out,
            on_done=done,
            on_error=warn_on_error(self, "Dokumen tidak tersimpan", self.ctx.runner),
            label="Menyimpan dokumen …",
            parent=self,
        )

    def print_(self) -> None:
        doc = self.doc
        if not doc.printable:
            return
        period, year, quarter = self._args()
        subject = self._subject()

        from ui.printing import choose_printer

        printer = choose_printer(self, f"Cetak {doc.title}")  # first: the pages are read after
        if printer is None:
            return

        def ready(result: tuple[Any, int]) -> None:
            from ui.pdf_preview import print_document

            document, rows = result
            pages = print_document(document, printer)
            where = printer.printerName() or printer.outputFileName() or "pencetak"
            self.ctx.op(
                note_printed,
                doc.title,
                subject,
                rows,
                where,
                on_error=warn_on_error(self, "Cetakan tidak tercatat", self.ctx.runner),
            )
            self.status.setText(f"{pages} halaman dikirim ke pencetak.")

        self.ctx.query(
            _build,
            doc.key,
            period,
            year,
            quarter,
            on_done=ready,
            on_error=warn_on_error(self, "Tidak bisa dicetak", self.ctx.runner),
            label="Menyiapkan halaman untuk dicetak …",
            parent=self,
        )

    def open_folder(self) -> None:
        if self.last_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_folder)))

"""Laporan: choose the month and the document, see its first page, then save, print or open the
folder. Printed lists use the same page plan as the saved PDF; workbooks (.xlsx) are described
instead of previewed. Everything that reads the database runs on the worker thread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.formatting import BULAN
from jkn_desktop.domain.wilayah import VillageWords
from jkn_desktop.errors import UserError
from jkn_desktop.records.changes import (
    APBDES,
    HOUSEHOLD,
    MEMBERSHIP,
    RESIDENT,
    SETTINGS,
    USULAN,
    VILLAGE,
)
from jkn_desktop.records.documents import DocChoices, DocKind, DocRequest
from jkn_desktop.services.documents import catalog as D
from ui.context import AppContext
from ui.pages.base import Page
from ui.widgets import warn_on_error

PREVIEW_WIDTH = 760


def month_choices(today: dt.date | None = None, back: int = 12) -> list[tuple[str, str]]:
    """(YYYY-MM, "November 2026") for this month and the ones before."""
    today = today or dt.date.today()
    out = []
    y, m = today.year, today.month
    for _ in range(back):
        out.append((f"{y}-{m:02d}", f"{BULAN[m - 1]} {y}"))
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out


def _preview(work: Any, req: DocRequest) -> tuple[Any, int]:
    """A read job on the worker thread: the first page as an image (QImage is safe off the GUI
    thread), drawn while the job's connection still streams the rows."""
    from ui.pdf_preview import render_page

    return render_page(D.build(work, req), 1, PREVIEW_WIDTH)


class LaporanPage(Page):
    title = "Laporan"
    # the rosters (people, households, membership), the Berita Acara (usulan), the APBDes report,
    # the masking setting and the logo (settings), the kop (village)
    shows = frozenset({RESIDENT, HOUSEHOLD, MEMBERSHIP, USULAN, APBDES, SETTINGS, VILLAGE})

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.last_folder: Path | None = None
        body = QHBoxLayout()
        left = QVBoxLayout()
        form = QFormLayout()
        self.period = QComboBox()
        for key, label in month_choices():
            self.period.addItem(label, key)
        form.addRow("Bulan", self.period)
        left.addLayout(form)
        left.addWidget(QLabel("Dokumen"))
        self.docs = QListWidget()
        self.available = D.documents(ctx.words)
        self._fill_docs()
        # long titles wrap instead of running off under a scrollbar
        self.docs.setWordWrap(True)
        self.docs.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.docs.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.docs.setSpacing(2)
        self.docs.setTextElideMode(Qt.TextElideMode.ElideNone)
        left.addWidget(self.docs, 1)
        self.meeting_label = QLabel(ctx.words.meeting)
        self.meeting = QComboBox()
        left.addWidget(self.meeting_label)
        left.addWidget(self.meeting)
        self.mask_nik = QCheckBox("Samarkan NIK (daftar untuk diumumkan)")
        self.mask_rule = QLabel()
        self.mask_rule.setWordWrap(True)
        self.mask_rule.setObjectName("hint")
        self.portrait = QCheckBox("Kertas A4 tegak (bawaan: mendatar)")
        left.addWidget(self.mask_nik)
        left.addWidget(self.mask_rule)
        left.addWidget(self.portrait)
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
        body.addLayout(left, 2)

        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview.setObjectName("preview")
        self.preview.setWordWrap(True)  # the notes on a workbook are text: wrap them
        self.preview.setMargin(8)
        self.page_image: Any = None  # the preview's page, shown as wide as the room allows
        scroll = self.preview_scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.preview)
        right = QVBoxLayout()
        self.preview_title = QLabel()
        self.preview_title.setWordWrap(True)
        right.addWidget(self.preview_title)
        right.addWidget(scroll, 1)
        body.addLayout(right, 5)
        self.layout_.addLayout(body, 1)

        self.period.currentIndexChanged.connect(lambda *_: self.refresh_preview())
        self.docs.currentRowChanged.connect(lambda *_: self._doc_changed())
        self.meeting.currentIndexChanged.connect(lambda *_: self.refresh_preview())
        self.mask_nik.toggled.connect(lambda *_: self.refresh_preview())
        self.portrait.toggled.connect(lambda *_: self.refresh_preview())
        self.save_btn.clicked.connect(self.save)
        self.print_btn.clicked.connect(self.print_)
        self.folder_btn.clicked.connect(self.open_folder)
        self.keep = 6
        self.fingerprint = ""

    def _fill_docs(self) -> None:
        current = self.docs.currentItem()
        key = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.docs.blockSignals(True)
        self.docs.clear()
        for kind in self.available.values():
            item = QListWidgetItem(f"{kind.title} ({kind.suffix.lstrip('.').upper()})")
            item.setData(Qt.ItemDataRole.UserRole, kind.key)
            self.docs.addItem(item)
        keys = list(self.available)
        self.docs.setCurrentRow(keys.index(key) if key in keys else 0)
        self.docs.blockSignals(False)

    def set_words(self, words: VillageWords) -> None:
        """A kelurahan has no APBDes report, and its meeting is the Musyawarah Kelurahan."""
        self.available = D.documents(words)
        self.meeting_label.setText(words.meeting)
        self._fill_docs()

    def reload(self) -> None:
        def got(data: DocChoices) -> None:
            self.keep = data.mask_keep
            self.fingerprint = data.fingerprint
            self.mask_rule.setText(
                f"Aturan: hanya {self.keep} angka pertama NIK (wilayah penerbitan) yang tampil, mis. "
                f"{'3508011203800001'[: self.keep]}{'*' * (16 - self.keep)}; No. KK juga disamarkan dan "
                "tanggal lahir diganti umur. Ubah jumlah angka di Pengaturan."
            )
            self.meeting.blockSignals(True)
            self.meeting.clear()
            for m in data.meetings:
                self.meeting.addItem(
                    f"{m.held_on:%d-%m-%Y} — {m.place} ({m.ba_number or 'tanpa nomor'})", m.id
                )
            self.meeting.blockSignals(False)
            self._doc_changed()

        self.ctx.query(D.choices, on_done=got)

    def kind(self) -> DocKind:
        item = self.docs.currentItem()
        return self.available[item.data(Qt.ItemDataRole.UserRole) if item else "pbi"]

    def request(self) -> DocRequest:
        kind = self.kind()
        return DocRequest(
            kind.key,
            self.period.currentData(),
            self.mask_nik.isChecked(),
            self.portrait.isChecked(),
            self.meeting.currentData() if kind.needs_meeting else None,
        )

    def _doc_changed(self) -> None:
        kind = self.kind()
        self.mask_nik.blockSignals(True)
        self.mask_nik.setChecked(kind.public)
        self.mask_nik.blockSignals(False)
        roster = kind.key in ("pbi", "belum", "usulan", "semua")
        for w in (self.mask_nik, self.mask_rule, self.portrait):
            w.setVisible(roster)
        self.meeting.setVisible(kind.needs_meeting)
        self.meeting_label.setVisible(kind.needs_meeting)
        self.refresh_preview()

    def refresh_preview(self) -> None:
        kind = self.kind()
        req = self.request()
        self.preview_title.setText(f"<b>{kind.title}</b> — {self.period.currentText()}")
        if kind.suffix != ".pdf":
            self.page_image = None
            self.preview.setPixmap(QPixmap())
            self.preview.setText(_workbook_note(kind.key, self.ctx.words, self.fingerprint))
            return
        if kind.needs_meeting and req.musdes_id is None:
            self.page_image = None
            self.preview.setPixmap(QPixmap())
            self.preview.setText(
                f"Belum ada {self.ctx.words.meeting} yang dicatat. Catat di halaman Usulan PBI."
            )
            return
        self.preview.setText("Menyiapkan pratinjau…")

        def show(result: tuple[Any, int]) -> None:
            image, pages = result
            self.page_image = image
            self._fit_preview()
            self.preview_title.setText(
                f"<b>{kind.title}</b> — {self.period.currentText()} · halaman 1 dari {pages}"
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.page_image = None
                self.preview.setPixmap(QPixmap())
                self.preview.setText(exc.message)
            else:
                self.ctx.runner.report(exc)

        self.ctx.query(_preview, req, on_done=show, on_error=failed)

    def _fit_preview(self) -> None:
        """The page scaled down to the preview's width (a 1024-pixel screen shows the whole
        width of the page, not its left two thirds)."""
        image = self.page_image
        if image is None:
            return
        room = self.preview_scroll.viewport().width() - 2 * self.preview.margin() - 4
        if 0 < room < image.width():
            image = image.scaledToWidth(room, Qt.TransformationMode.SmoothTransformation)
        self.preview.setPixmap(QPixmap.fromImage(image))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_preview()

    def save(self) -> None:
        kind = self.kind()
        req = self.request()
        desa = self.ctx.village.desa if self.ctx.village else self.ctx.words.lower
        start = (self.last_folder or Path.home()) / D.file_name(req, desa, self.ctx.words)
        pattern = "PDF (*.pdf)" if kind.suffix == ".pdf" else "Buku kerja Excel (*.xlsx)"
        path, _ = QFileDialog.getSaveFileName(
            self, f"Simpan {kind.title.lower()}", str(start), pattern
        )
        if not path:
            return
        out = Path(path)
        if out.suffix.lower() != kind.suffix:
            out = out.with_suffix(kind.suffix)
        self.save_to(out)

    def save_to(self, out: Path) -> None:
        req = self.request()

        def done(message: str) -> None:
            self.last_folder = out.parent
            self.folder_btn.setEnabled(True)
            self.status.setText(message)
            self.status_message.emit(message)
            if req.key == "paket" and not self.fingerprint:
                self.reload()  # the first package made the key: its fingerprint shows now

        # the package writes (the village's key at the first one, the residents' stable ids)
        submit = self.ctx.op if req.key == "paket" else self.ctx.query
        submit(
            D.save,
            req,
            out,
            on_done=done,
            on_error=warn_on_error(self, "Tidak tersimpan", self.ctx.runner),
            label=f"Menyusun {self.kind().title.lower()}…",
            parent=self,
        )

    def print_(self) -> None:
        kind = self.kind()
        if kind.suffix != ".pdf":
            QMessageBox.information(
                self,
                "Cetak",
                f"{kind.title} adalah buku kerja Excel: simpan lalu buka di Excel untuk dicetak.",
            )
            return
        from ui.printing import print_request

        # everything is read on the worker; the printer then only draws
        title = f"Cetak {kind.title.lower()}"
        print_request(self, self.ctx, self.request(), title, self.status.setText)

    def open_folder(self) -> None:
        if self.last_folder is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_folder)))


def _workbook_note(key: str, words: VillageWords, fingerprint: str = "") -> str:
    if key == "dinsos":
        return (
            "<p><b>Buku kerja Excel untuk Dinas Sosial</b>, berisi lembar:</p><ul>"
            f"<li>Sampul: identitas {words.lower} dan kode wilayah Kemendagri, bulan, jumlah usulan, penyusun, "
            "tanggal;</li>"
            "<li>satu lembar per jenis usulan (penambahan, penghapusan, penggantian, reaktivasi, perbaikan data);</li>"
            "<li>Daftar PBI: peserta PBI JK per akhir bulan dengan nama dan alamat lengkap;</li>"
            "<li>Perubahan: yang masuk dan keluar daftar sejak bulan lalu.</li></ul>"
            "<p>NIK, No. KK dan No. kartu ditulis sebagai teks. Susunan kolom tiap lembar diatur di "
            "Pengaturan → Format Dinas Sosial.</p>"
        )
    budget = ", baris anggaran dan penerima iuran APBDes" if words.has_apbdes else ""
    key = (
        f"Sidik kunci paket {words.lower}: <b>{fingerprint}</b>. Sampaikan sidik ini kepada "
        "kecamatan (tertulis juga di berita acara) agar kecamatan dapat mencocokkannya."
        if fingerprint
        else f"Kunci tanda tangan {words.lower} dibuat saat paket pertama disimpan; sidik kuncinya "
        "tampil di sini dan di berita acara."
    )
    return (
        f"<p><b>Paket data {words.lower} untuk kecamatan</b> (.xlsx): keluarga, penduduk, kepesertaan JKN, "
        f"desil, usulan bulan ini{budget}, ringkasan cakupan, ditambah lembar Manifest dengan SHA-256 "
        f"dan tanda tangan digital {words.lower}. Kecamatan memeriksa keutuhannya; perubahan tangan pada "
        "lembar mana pun akan ketahuan.</p>"
        f"<p>{key}</p>"
    )

"""Pages whose modules are still being built say so plainly, with what they will do."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from ui.context import AppContext
from ui.pages.base import Page

TEXTS = {
    "Kepesertaan JKN": (
        "Modul ini sedang dikembangkan. Nantinya di sini Anda bisa:",
        [
            "mencatat kepesertaan JKN setiap penduduk (segmen, kelas, No. kartu, status aktif) beserta riwayatnya;",
            "mengimpor daftar PBI bulanan dari Dinas Sosial dan daftar peserta BPJS, dicocokkan dengan penduduk;",
            "melihat warga dan keluarga yang belum terlindungi JKN, dengan alasan dan langkah berikutnya;",
            "memeriksa status JKN seseorang di loket pelayanan dengan cepat (Ctrl+K).",
        ],
    ),
    "Laporan": (
        "Modul ini sedang dikembangkan. Nantinya di sini Anda bisa mencetak:",
        [
            "daftar peserta PBI JK bulanan dengan kop surat dan tanda tangan Kepala Desa;",
            "usulan perubahan data PBI dan Berita Acara Musyawarah Desa;",
            "buku kerja bulanan untuk Dinas Sosial dan paket data desa untuk kecamatan.",
        ],
    ),
}


class ComingPage(Page):
    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None):
        self.title = title
        super().__init__(ctx, parent)
        intro, items = TEXTS[title]
        body = QLabel(
            f"<p>{intro}</p><ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"
            "<p>Sementara itu, data penduduk dan keluarga sudah bisa dikelola di halaman "
            "<b>Penduduk</b> dan <b>Keluarga</b>.</p>"
        )
        body.setWordWrap(True)
        body.setObjectName("notice")
        self.layout_.addWidget(body)
        self.layout_.addStretch(1)

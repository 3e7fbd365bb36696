"""The kecamatan's dashboard and the documents it sends upward."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "KEC_PERIODE": "Bulan '{period}' tidak dikenali: tulis TTTT-BB, misalnya 2026-03.",
    "KEC_TAHUN": "Tahun '{year}' tidak dikenali: tulis empat angka, misalnya 2026.",
    "KEC_TRIWULAN": "Triwulan '{quarter}' tidak dikenali: tulis 1, 2, 3 atau 4.",
    "KEC_DAFTAR_JENIS": "Daftar '{kind}' tidak dikenal.",
    "KEC_BELUM_ADA_PAKET": (
        "Belum ada paket desa yang diterima untuk {what}. Terima paket desa lebih dahulu."
    ),
    "KEC_SEMUA_MENGIRIM": (
        "Semua desa dan kelurahan sudah mengirim paket bulan {month}: tidak ada surat yang perlu "
        "dibuat."
    ),
}

"""Documents, rosters and workbooks the village prints or hands on, and the month they are for."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "PERIODE": "Bulan '{month}' tidak dikenali: tulis TTTT-BB, misalnya 2026-03.",
    "PERIOD_FUTURE": "Bulan {month} belum tiba.",
    "JENIS_BERKAS": "{what} hanya bisa disimpan sebagai {allowed}, bukan sebagai {file}.",
    "JENIS_DOKUMEN": "Jenis dokumen tidak dikenal.",
    "JENIS_DAFTAR": "Jenis daftar tidak dikenal.",
    "BUKAN_PDF": "{title} adalah buku kerja Excel, bukan dokumen cetak.",
    "MUSDES_HILANG": "Pilih {meeting} yang berita acaranya dicetak.",
}

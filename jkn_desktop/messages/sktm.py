"""The SKTM register: letters of poverty the village issued."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "SKTM_PENDUDUK": "Pilih penduduk yang diberi SKTM (cari dengan NIK atau nama).",
    "SKTM_PENDUDUK.nik": "NIK {nik} tidak terdaftar sebagai penduduk {village}.",
    "SKTM_PENDUDUK.hilang": "Data penduduk untuk SKTM ini tidak ditemukan; mungkin sudah dihapus.",
    "SKTM_TIDAK_HIDUP": (
        "{name} tercatat {status} di data penduduk{since}: SKTM hanya diberikan kepada penduduk "
        "yang masih hidup dan tinggal di {village}."
    ),
    "SKTM_NOMOR": "Isi nomor SKTM.",
    "SKTM_NOMOR_GANDA": (
        "Nomor SKTM {number} sudah dipakai ({name}, {date}). Satu nomor hanya untuk satu surat; "
        "pakai nomor berikutnya."
    ),
    "SKTM_NOMOR_GANDA.baru": (
        "Nomor SKTM {number} baru saja dipakai untuk surat lain. Pakai nomor berikutnya."
    ),
    "SKTM_KEPERLUAN": "Keperluan SKTM '{purpose}' tidak dikenal. Pilih salah satu: {choices}.",
    "SKTM_KEPERLUAN.ganda": "Keperluan '{purpose}' bisa berarti {choices}; tulis lebih lengkap.",
    "SKTM_TANGGAL_DEPAN": (
        "Tanggal SKTM {date} masih di masa depan (hari ini {today}). SKTM dicatat pada hari "
        "diterbitkan."
    ),
    "SKTM_BERLAKU": (
        "Masa berlaku ({until}) tidak boleh sebelum tanggal SKTM ({date}). Periksa kembali "
        "tanggal berlakunya."
    ),
    "SKTM_PENANDATANGAN": (
        "Isi nama penandatangan SKTM, atau isi dulu nama {head} di Pengaturan (identitas {unit})."
    ),
    "SKTM_HILANG": "SKTM nomor urut {id} tidak ada di register. Muat ulang daftar.",
    "SKTM_BATAL_ALASAN": "Tuliskan alasan pembatalan SKTM (masuk ke riwayat).",
    "SKTM_SUDAH_BATAL": "SKTM {number} sudah dibatalkan pada {date}.",
}

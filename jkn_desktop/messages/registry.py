"""The village, its residents and households, the demo village, and a record that failed
validation."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # the first error of a ValidationError: each finding carries its own code and sentence
    # (README, "Validation codes"); the field-by-field list stays on the exception
    "VALIDATION": "{problem}",
    "VALIDATION.none": "Data belum bisa disimpan; periksa kembali isiannya.",
    "NO_VILLAGE": "Identitas desa belum diisi. Isi dulu di Pengaturan (atau jkn-desktop init).",
    "KODE_WILAYAH_FORMAT": (
        "Kode wilayah '{code}' tidak sesuai pola Kemendagri PP.KK.SS.DDDD (contoh 35.08.01.2001)."
    ),
    "KODE_WILAYAH_UNKNOWN": (
        "Kode wilayah {code} tidak ada di data wilayah Kemendagri 2025. Periksa kodenya, atau isi "
        "sendiri nama desa, kecamatan, kabupaten dan provinsi."
    ),
    "RESIDENT_NOT_FOUND": "Data penduduk tidak ditemukan; mungkin sudah dihapus.",
    "HOUSEHOLD_NOT_FOUND": "Keluarga tidak ditemukan; mungkin sudah dihapus.",
    "HOUSEHOLD_NOT_EMPTY": "KK ini masih punya {count} anggota. Pindahkan dulu anggotanya.",
    "SPLIT_NOT_MEMBER": "Ada penduduk terpilih yang bukan anggota KK asal.",
    "STATUS_INVALID": "Status dasar tidak dikenal.",
    "DEMO_SIZE": "Jumlah penduduk demo minimal 1.",
    "DEMO_NOT_EMPTY": (
        "Basis data sudah berisi penduduk. Data demo hanya diisi ke basis data kosong; pakai "
        "--force untuk menggantinya (cadangan dibuat lebih dulu)."
    ),
}

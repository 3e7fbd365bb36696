"""The database file: locked, read-only, damaged, too new, on a full or vanished disk."""

from __future__ import annotations

_NOTHING_CHANGED = "tidak ada data yang berubah."
_PICK = "Pilih berkas basis data .sqlite3"

MESSAGES: dict[str, str] = {
    "DB_LOCKED": (
        "Basis data {name} sedang dipakai program lain. Tutup jendela JKN Desktop yang lain lalu "
        "coba lagi."
    ),
    "DB_IN_USE": (
        "Basis data ini sedang dibuka oleh {name} di komputer {host} sejak {since} ({program}). "
        "Hanya satu program yang boleh mengubah data pada satu waktu: pakai program yang sudah "
        "terbuka itu, atau tutup dulu lalu coba lagi. Tidak ada yang diubah."
    ),
    "DB_IN_USE.elsewhere": (
        "Basis data ini tercatat sedang dibuka oleh {name} di komputer {host} sejak {since} "
        "({program}). Dari komputer ini tidak bisa dipastikan apakah program itu masih berjalan. "
        "Bila Anda yakin JKN Desktop di komputer {host} sudah ditutup atau komputernya mati, "
        "ulangi perintah dengan --ambil-alih (pengambilalihan dicatat di jejak audit). Tidak ada "
        "yang diubah."
    ),
    "DB_IN_USE.unknown": (
        "Basis data ini sedang dibuka oleh program lain, tetapi siapa yang membukanya tidak bisa "
        "dibaca dari berkas {lock}. Tutup JKN Desktop yang lain lalu coba lagi. Tidak ada yang "
        "diubah."
    ),
    "DB_IN_USE.lost": (
        "Basis data ini sudah diambil alih oleh {name} di komputer {host} sejak {since}. "
        "Perubahan ini tidak disimpan; tutup JKN Desktop di komputer ini."
    ),
    "DB_IN_USE.version": (
        "Basis data ini sedang dibuka oleh {name} di komputer {host} dengan versi JKN Desktop "
        "yang lain, jadi belum bisa dibaca dari sini. Tutup program itu lalu coba lagi; tidak ada "
        "yang diubah."
    ),
    "DB_READONLY": (
        "Basis data {path} tidak bisa ditulisi (hanya-baca). Salin berkasnya ke folder yang bisa "
        "ditulisi, atau periksa izin folder dan kunci tulis flashdisk."
    ),
    "DISK_FULL": "Ruang penyimpanan penuh. Kosongkan ruang di disk lalu ulangi; "
    + _NOTHING_CHANGED,
    "DB_CORRUPT": (
        "Berkas {path} bukan basis data JKN Desktop atau sudah rusak. Pulihkan dari cadangan di "
        "folder 'cadangan'."
    ),
    "DB_DAMAGED": (
        "Berkas basis data {name} rusak (pemeriksaan SQLite menemukan halaman yang tidak utuh). "
        "Data hanya bisa dibaca, tidak diubah. Pulihkan cadangan terakhir yang baik dari folder "
        "{backups} (salin berkas cadangan terbaru menggantikan berkas ini saat program tertutup), "
        "atau hubungi operator kecamatan."
    ),
    "DB_UNOPENABLE": (
        "Berkas basis data {path} tidak bisa dibuka. Periksa apakah foldernya ada dan bisa "
        "ditulisi."
    ),
    "DB_UNOPENABLE.os": (
        "Berkas basis data {path} tidak bisa dibuka (pesan sistem: {reason}). Periksa apakah "
        "foldernya ada dan bisa ditulisi."
    ),
    "DB_UNOPENABLE.folder": (
        "Folder {folder} tidak bisa dibuat (pesan sistem: {reason}). Pilih lokasi lain."
    ),
    "DB_IOERR": (
        "Berkas basis data {path} tidak bisa dibaca atau ditulis (apakah flashdisk dicabut?). "
        "Pasang kembali penyimpanannya lalu ulangi; " + _NOTHING_CHANGED
    ),
    "DB_ERROR": (
        "Basis data {name} bermasalah (pesan sistem: {detail}). Tutup program lalu buka lagi; "
        "bila masih terjadi, kirimkan pesan ini ke pengembang."
    ),
    "DB_TOO_NEW": (
        "Basis data {name} dibuat oleh versi JKN Desktop yang lebih baru. Pasang versi terbaru "
        "aplikasi; berkas ini tidak diubah."
    ),
    "DB_IS_DIR": "{path} adalah folder, bukan berkas basis data. " + _PICK + ".",
    "DB_NOT_FILE": "{path} bukan berkas biasa. " + _PICK + ".",
    "DB_EMPTY_FILE": (
        "Berkas {name} kosong (0 bita), jadi bukan basis data. Bila ingin membuat basis data "
        "baru, pilih nama berkas yang belum ada; bila ini salinan yang rusak, pulihkan dari "
        "cadangan."
    ),
    "DB_NOT_SQLITE": "Berkas {name} bukan basis data JKN Desktop. " + _PICK + " yang benar.",
}

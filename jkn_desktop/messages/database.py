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
    # --- a database on a PostgreSQL server (issue 17) ---
    "DB_ON_SERVER": (
        "Basis data {name} ada di server PostgreSQL, bukan berupa berkas di komputer ini. "
        "Cadangan, pemulihan dan pembatalan langkah untuk basis data di server dikerjakan oleh "
        "pengelola server dengan pg_dump dan pg_restore (README, bagian Kabupaten); tidak ada "
        "yang diubah."
    ),
    "SERVER_INIT_FILE": (
        "server init menyiapkan basis data di server PostgreSQL; {path} adalah berkas. Berikan "
        "alamat server dengan --db postgresql://pengguna@server/nama. Tidak ada yang diubah."
    ),
    "SERVER_INIT_KODE": (
        "Kode wilayah '{kode}' tidak bisa dipakai untuk server init: tuliskan kode kabupaten "
        "PP.KK (mis. 35.08) atau kode kecamatan PP.KK.SS (mis. 35.08.01). Tidak ada yang diubah."
    ),
    "SERVER_DB_OTHER_AREA": (
        "Basis data {name} sudah milik {kind} {other} ({other_kode}), bukan wilayah {kode}. "
        "Periksa alamat --db, atau buat basis data baru di server untuk {kode}. Tidak ada yang "
        "diubah."
    ),
    "SERVER_TOO_OLD": (
        "Server basis data di {host} memakai PostgreSQL {version}, padahal JKN Desktop "
        "memerlukan PostgreSQL 15 atau yang lebih baru. Minta pengelola server memperbaruinya; "
        "tidak ada yang diubah."
    ),
    "SERVER_PASSWORD": (
        "Server di {host} menolak kata sandi untuk pengguna {user}. Periksa kata sandi (variabel "
        "PGPASSWORD atau berkas pgpass) lalu coba lagi; tidak ada yang diubah."
    ),
    "SERVER_PASSWORD.missing": (
        "Server di {host} meminta kata sandi untuk pengguna {user}, tetapi tidak ada yang "
        "diberikan. Isi variabel PGPASSWORD atau berkas pgpass, lalu coba lagi."
    ),
    "SERVER_NO_DATABASE": (
        "Basis data {name} tidak ada di server {host}. Periksa alamatnya, atau minta pengelola "
        "server membuatnya (README, bagian Kabupaten)."
    ),
    "SERVER_NO_ROLE": (
        "Pengguna {user} tidak dikenal oleh server di {host}. Periksa nama pengguna di alamat "
        "basis data, atau minta pengelola server membuatnya."
    ),
    "SERVER_HOST": (
        "Nama server {host} tidak ditemukan di jaringan. Periksa ejaan alamatnya dan sambungan "
        "jaringan kantor."
    ),
    "SERVER_UNREACHABLE": (
        "Server basis data di {host} tidak bisa dihubungi. Periksa apakah komputer server "
        "menyala dan tersambung ke jaringan kantor, lalu coba lagi; tidak ada yang diubah."
    ),
    "SERVER_REFUSED": (
        "Server di {host} tidak mengizinkan pengguna {user} masuk dari komputer ini. Minta "
        "pengelola server menambahkan komputer ini ke izin aksesnya (pg_hba.conf)."
    ),
    "SERVER_GONE": (
        "Sambungan ke server basis data di {host} terputus. Pekerjaan yang sedang berjalan tidak "
        "disimpan sama sekali. Periksa jaringan lalu ulangi; program menyambung lagi sendiri."
    ),
    "SERVER_BUSY": (
        "Server basis data sedang menyimpan pekerjaan pengguna lain dan belum selesai. Tunggu "
        "sebentar lalu ulangi; tidak ada yang diubah."
    ),
    "SERVER_DEADLOCK": (
        "Dua pekerjaan di server saling menunggu, jadi yang ini dihentikan tanpa menyimpan apa "
        "pun. Ulangi sekali lagi."
    ),
    "SERVER_FULL": (
        "Ruang penyimpanan server basis data di {host} penuh. Minta pengelola server "
        "mengosongkan ruang; " + _NOTHING_CHANGED
    ),
    "SERVER_DENIED": (
        "Pengguna server {user} tidak berhak atas bagian basis data ini. Minta pengelola server "
        "memberi hak yang sesuai; " + _NOTHING_CHANGED
    ),
    "SERVER_READONLY": (
        "Server basis data di {host} sedang hanya bisa dibaca (misalnya server cadangan). "
        "Hubungkan ke server utama; " + _NOTHING_CHANGED
    ),
    "SERVER_ERROR": (
        "Server basis data {name} di {host} bermasalah (pesan server: {detail}). Coba lagi; bila "
        "masih terjadi, kirimkan pesan ini ke pengelola server."
    ),
}

"""Backups and restore: a file that is not a backup, a wrong password, a full disk, another village."""

from __future__ import annotations

_UNTOUCHED = "basis data sekarang tidak diubah."

MESSAGES: dict[str, str] = {
    "BACKUP_NOT_FOUND": "Berkas cadangan {path} tidak ditemukan. Periksa nama dan foldernya.",
    "BACKUP_IS_DIR": "{path} adalah folder, bukan berkas cadangan. Pilih berkas cadangannya.",
    "BACKUP_UNREADABLE": (
        "Berkas {name} tidak bisa dibaca (pesan sistem: {reason}). Apakah flashdisk dicabut? "
        "Pasang kembali lalu ulangi; " + _UNTOUCHED
    ),
    "BACKUP_NOT_OURS": (
        "Berkas {name} bukan berkas cadangan JKN Desktop. Pilih berkas cadangan (berakhiran "
        ".jknbak dari flashdisk, atau .sqlite3 dari folder cadangan); " + _UNTOUCHED
    ),
    "BACKUP_NOT_OURS.sqlite": (
        "Berkas {name} memang basis data, tetapi bukan basis data JKN Desktop; " + _UNTOUCHED
    ),
    "BACKUP_PASSWORD_MISSING": (
        "Berkas {name} terkunci dengan kata sandi. Masukkan kata sandi yang dipakai saat "
        "mencadangkan (di baris perintah: saat ditanya, atau lewat variabel "
        "JKN_DESKTOP_BACKUP_PASSWORD)."
    ),
    "BACKUP_PASSWORD_WRONG": (
        "Kata sandi untuk berkas {name} salah. Ulangi dengan kata sandi yang dipakai saat "
        "mencadangkan (huruf besar dan kecil dibedakan); " + _UNTOUCHED
    ),
    "BACKUP_PASSWORD_NEEDED": (
        "Cadangan yang ditulis di luar folder data ({name}) dikunci dengan kata sandi. Jalankan "
        "di terminal untuk mengetiknya, atau isi variabel JKN_DESKTOP_BACKUP_PASSWORD (bukan "
        "JKN_DESKTOP_PASSWORD, yang untuk masuk)."
    ),
    "BACKUP_PASSWORD_SHORT": (
        "Kata sandi cadangan minimal {minimum} karakter. Pilih kata sandi yang lebih panjang "
        "dan simpan di tempat yang aman, terpisah dari flashdisknya."
    ),
    "BACKUP_PASSWORD_MISMATCH": "Kedua kata sandi tidak sama. Ketik ulang keduanya.",
    "BACKUP_DAMAGED": (
        "Berkas cadangan {name} rusak atau tidak lengkap (mungkin terpotong saat disalin). "
        "Pakai salinan cadangan yang lain; " + _UNTOUCHED
    ),
    "BACKUP_TOO_NEW": (
        "Cadangan {name} dibuat oleh versi JKN Desktop yang lebih baru. Pasang versi terbaru "
        "aplikasi lalu pulihkan lagi; " + _UNTOUCHED
    ),
    "BACKUP_OTHER_VILLAGE": (
        "Cadangan {name} berisi data {backup_village} ({backup_kode}), bukan {current_village} "
        "({current_kode}). Pilih cadangan {current_village}; " + _UNTOUCHED
    ),
    "BACKUP_DISK_FULL": (
        "Ruang penyimpanan di {folder} tidak cukup untuk cadangan (perlu sekitar {needed}, "
        "tersisa {free}). Kosongkan ruang atau pilih tempat lain; tidak ada yang berubah."
    ),
    "BACKUP_DISK_FULL.during": (
        "Ruang penyimpanan di {folder} penuh saat cadangan ditulis. Kosongkan ruang atau pilih "
        "tempat lain; cadangan yang setengah jadi sudah dihapus dan tidak ada yang berubah."
    ),
    "BACKUP_UNWRITABLE": (
        "Cadangan tidak bisa ditulis ke {folder} (pesan sistem: {reason}). Pilih folder lain, "
        "atau periksa apakah flashdisk terkunci atau dicabut; tidak ada yang berubah."
    ),
    "BACKUP_OUTPUT_IS_DATABASE": (
        "{path} adalah basis data yang sedang dipakai. Pilih nama berkas lain untuk cadangan."
    ),
    "RESTORE_BUSY": (
        "Basis data sedang dipakai (jendela JKN Desktop lain, atau pemeriksaan yang masih "
        "berjalan), jadi belum bisa diganti. Tutup jendela yang lain lalu ulangi; " + _UNTOUCHED
    ),
    "RESTORE_CONFIRM": (
        "Pemulihan mengganti seluruh isi basis data (keadaan sekarang dicadangkan dulu). "
        "Jalankan di terminal untuk menjawab pertanyaannya, atau tambahkan --yes."
    ),
    "UNDO_OTHERS": (
        "Sejak langkah itu, {others} juga mengubah data; membatalkannya akan menghapus pekerjaan "
        "mereka. Minta Admin desa untuk membatalkan langkah ini."
    ),
    "UNDO_ON_SERVER": (
        "Basis data {name} ada di server PostgreSQL. Di sana program ini tidak membuat "
        "cadangan sebelum langkah besar, jadi langkah terakhir tidak bisa dibatalkan dari sini. "
        "Untuk kembali ke keadaan sebelumnya, minta pengelola server memulihkan cadangan server "
        "(pg_restore) dari sebelum langkah itu."
    ),
    "UNDO_NOTHING": (
        "Belum ada langkah besar (impor penduduk, impor daftar PBI, perubahan usulan "
        "sekaligus) yang bisa dibatalkan: folder {folder} tidak berisi cadangan dari sebelum "
        "langkah seperti itu."
    ),
}

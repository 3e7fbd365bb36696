"""Accounts, logging in and what each role may do (issue #14)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "NOT_PERMITTED": (
        "Akun Anda tidak boleh {action}. Yang boleh: {roles}. Minta Admin desa menambahkan peran "
        "itu ke akun Anda, atau masuk dengan akun yang berwenang."
    ),
    "LOGIN_FAILED": (
        "Nama pengguna atau kata sandi salah. Periksa tombol Caps Lock dan ejaan nama, lalu coba "
        "lagi."
    ),
    "LOGIN_WAIT": (
        "Kata sandi sudah {count} kali salah berturut-turut. Tunggu {seconds} detik sebelum "
        "mencoba lagi."
    ),
    "LOGIN_DISABLED": (
        "Akun {username} sudah dinonaktifkan. Hubungi Admin desa bila Anda masih perlu masuk."
    ),
    "LOGIN_NEEDED": (
        "Basis data ini memakai akun pengguna. Jalankan perintah dengan --user NAMA; kata sandi "
        "ditanyakan, atau diambil dari variabel lingkungan JKN_DESKTOP_PASSWORD."
    ),
    "LOGIN_NO_PASSWORD": (
        "Kata sandi untuk {username} belum diberikan: isi variabel lingkungan {variable} atau "
        "jalankan perintah ini di terminal agar kata sandi ditanyakan."
    ),
    "PASSWORD_NOT_SET": (
        "Akun {username} belum punya kata sandi sendiri. Buka JKN Desktop di jendela dan masuk "
        "dengan akun ini untuk membuatnya, atau buat dengan perintah "
        'jkn-desktop --user "{username}" user passwd.'
    ),
    "PASSWORD_SHORT": "Kata sandi minimal {min} karakter; yang diisi baru {length}.",
    "PASSWORD_MISMATCH": "Kedua isian kata sandi baru tidak sama. Ketik ulang keduanya.",
    "PASSWORD_WRONG_OLD": "Kata sandi lama salah. Kata sandi tidak diubah.",
    "PASSWORD_SAME_AS_NAME": "Kata sandi tidak boleh sama dengan nama pengguna.",
    "USER_NAME_EMPTY": "Nama pengguna belum diisi.",
    "USER_NAME_BAD": (
        "Nama pengguna {username} tidak bisa dipakai: gunakan huruf, angka, titik, tanda hubung, garis bawah "
        "atau spasi, paling panjang 40 karakter."
    ),
    "USER_EXISTS": "Nama pengguna {username} sudah dipakai. Pilih nama lain.",
    "USER_UNKNOWN": (
        "Tidak ada akun bernama {username}. Daftar akun ada di Pengaturan → Pengguna, atau lewat "
        "perintah jkn-desktop user list."
    ),
    "USER_NO_ROLE": "Pilih sedikitnya satu peran untuk akun {username}.",
    "USER_ROLE_UNKNOWN": "Peran {role} tidak dikenal. Pilihan: {choices}.",
    "USER_AREA_BAD": (
        "Wilayah '{area}' tidak dikenal. Tuliskan kode wilayah Kemendagri: PP.KK untuk kabupaten "
        "(mis. 33.13), PP.KK.SS untuk kecamatan (33.13.05), PP.KK.SS.DDDD untuk desa "
        "(33.13.05.2006), atau * untuk seluruh wilayah basis data."
    ),
    "AREA_OUTSIDE": (
        "Wilayah {kode} berada di luar wilayah kerja Anda ({area}). Tidak ada yang diubah; minta "
        "pengguna yang wilayahnya mencakup {kode} untuk mengerjakannya."
    ),
    "USER_FIRST_ADMIN": (
        "Akun pertama harus berperan Admin, supaya ada yang bisa menambah akun lain dan "
        "memulihkan cadangan."
    ),
    "USER_LAST_ADMIN": (
        "{username} adalah Admin aktif terakhir. Tambahkan dulu Admin lain; tanpa Admin tidak "
        "ada yang bisa mengelola akun atau memulihkan cadangan."
    ),
    "EDIT_CONFLICT": (
        "Data {what} sudah diubah oleh {by} pada {when}, setelah jendela ini dibuka. Lihat "
        "perubahannya, lalu pilih: simpan isian Anda (menimpa perubahan itu) atau muat ulang "
        "data terbaru."
    ),
    "EDIT_CONFLICT.outside": (
        "Data {what} sudah berubah di luar jendela ini setelah jendela ini dibuka. Lihat "
        "perubahannya, lalu pilih: simpan isian Anda (menimpa perubahan itu) atau muat ulang "
        "data terbaru."
    ),
    "USER_SELF_DISABLE": "Anda tidak bisa menonaktifkan akun Anda sendiri.",
}

"""The kecamatan's consolidation: its identity, the villages, receiving packages."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "KEC_KODE": "Kode wilayah kecamatan '{kode}' harus berbentuk PP.KK.SS (mis. 33.13.05).",
    "KEC_TIDAK_DIKENAL": (
        "Kode {kode} tidak ada dalam data wilayah Kemendagri. Tuliskan nama kecamatan, kabupaten "
        "dan provinsi bila wilayahnya baru."
    ),
    "KEC_BUKAN_KECAMATAN": (
        "Berkas ini bukan basis data kecamatan. Buka basis data kecamatan, atau buat dengan "
        "jkn-desktop kecamatan init pada berkas baru."
    ),
    "KEC_BUKAN_DESA": (
        "Berkas ini basis data kecamatan atau kabupaten; pekerjaan desa tidak bisa dilakukan di "
        "sini. Buka basis data desa."
    ),
    "PAKET_DI_LUAR_WILAYAH": (
        "{file}: paket Desa {desa} berada di luar wilayah kerja Anda ({area}), jadi tidak "
        "diterima. Paket ini diterima oleh petugas yang wilayahnya mencakup desa itu."
    ),
    "KEC_SUDAH_ADA": "Basis data ini sudah berisi data {what}; buat berkas baru untuk kecamatan.",
    "KEC_DESA_KODE": "Kode desa '{kode}' harus berbentuk {prefix}.DDDD (desa di kecamatan ini).",
    "KEC_DESA_NAMA": "Isi nama desa atau kelurahan.",
    "KEC_KUNCI_ALASAN": (
        "Desa ini sudah mendaftarkan kunci {fingerprint}. Tuliskan alasan mendaftarkan kunci lain "
        "(mis. laptop desa diganti), setelah dipastikan langsung ke desa."
    ),
    "PAKET_TIDAK_ADA": "Berkas atau folder {file} tidak ditemukan.",
    "PAKET_BUKAN_XLSX": "{file} bukan paket desa: paket desa selalu berkas .xlsx.",
    "PAKET_BUKAN": "{file} tidak diterima: {problem}",
    "PAKET_FORMAT_BARU": "Paket {file} belum bisa dibaca program ini: {problem}",
    "PAKET_DIUBAH": (
        "Paket {file} (desa {desa}, {period}) tidak utuh dan tidak diterima: {problems} Minta desa "
        "membuat dan mengirim ulang paketnya dari JKN Desktop, tanpa membuka dan menyimpannya di "
        "Excel."
    ),
    "PAKET_MASA_DEPAN": (
        "Paket {file} (desa {desa}, {period}) tertulis dibuat {made}, lebih akhir dari jam "
        "komputer ini ({now}), jadi belum diterima. Isinya utuh; yang keliru jam salah satu "
        "komputer. Periksa tanggal dan jam komputer ini; bila sudah benar, minta desa "
        "membetulkan jam laptopnya lalu membuat paket ulang."
    ),
    "PAKET_KABUPATEN_LAIN": (
        "Paket {file} dari desa {desa} ({kode}) bukan untuk kabupaten ini "
        "({kecamatan}, {kode_kec}) dan tidak diterima. Kembalikan ke pengirimnya."
    ),
    "PAKET_KECAMATAN_LAIN": (
        "Paket {file} dari desa {desa} ({kode}) bukan untuk kecamatan ini "
        "({kecamatan}, {kode_kec}) dan tidak diterima. Kembalikan ke pengirimnya."
    ),
    "PAKET_DESA_TIDAK_TERDAFTAR": (
        "Paket {file}: desa {desa} ({kode}) tidak ada dalam daftar desa kecamatan ini, jadi tidak "
        "diterima. Bila memang desa kecamatan ini, tambahkan di Pengaturan, lalu terima lagi."
    ),
    "PAKET_SKEMA_BARU": (
        "Paket {file} (desa {desa}, {period}) dibuat {app}, lebih baru dari program di kecamatan. "
        "Perbarui JKN Desktop di kecamatan, lalu terima lagi."
    ),
    "PAKET_PERIODE": (
        "Paket {file} (desa {desa}) menyebut bulan '{period}' atau waktu pembuatan yang tidak sah "
        "(mis. bulan yang belum tiba). Paket tidak diterima; minta desa memeriksa jam laptopnya "
        "dan membuat paket ulang."
    ),
    "PAKET_KUNCI_BARU": (
        "Paket {file} dari desa {desa} ditandatangani kunci {fingerprint} yang belum terdaftar. "
        "Cocokkan sidik kunci itu dengan yang tercetak di Berita Acara desa (atau tanyakan ke "
        "desa), lalu terima dan daftarkan kuncinya."
    ),
    "PAKET_KUNCI_LAIN": (
        "Paket {file} dari desa {desa} ditandatangani kunci {fingerprint}, bukan kunci terdaftar "
        "{registered}, dan tidak diterima. Bisa jadi paket bukan dari desa itu, atau laptop desa "
        "diganti. Pastikan langsung ke desa; bila benar, daftarkan ulang kunci desa dengan "
        "alasannya."
    ),
    "PAKET_TANPA_TANDA_TANGAN": (
        "Paket {file} dari desa {desa} tidak bertanda tangan, padahal desa ini sudah mendaftarkan "
        "kunci {registered}. Paket tidak diterima; minta desa membuat paket dengan JKN Desktop "
        "versinya sekarang."
    ),
    "PAKET_GANDA_KIRIMAN": (
        "{file} dan {other} sama-sama paket desa {kode} bulan {period} tetapi isinya berbeda, "
        "jadi keduanya tidak diterima. Pilih paket yang benar (yang terbaru) dan terima sendiri."
    ),
    "PAKET_SEL": (
        "Paket {file} (desa {desa}, {period}), lembar {sheet} baris {row} kolom {column}: nilai "
        "'{value}' tidak dikenali. Paket tidak diterima; minta desa membuat paket ulang dengan "
        "JKN Desktop."
    ),
    "KEC_CATATAN_KOSONG": "Tuliskan catatan untuk desa: apa yang harus diperbaiki.",
    "KEC_PAKET_HILANG": "Paket itu tidak ada lagi dalam daftar. Muat ulang daftar paket.",
    "KEC_BATAS_HARI": "Batas kirim harus tanggal 1 sampai 28.",
    "PAKET_RINGKASAN": (
        "Paket {file} (desa {desa}, {period}) tidak diterima: angka di lembar Ringkasan tidak sama "
        "dengan baris penduduknya ({differences}). Paket dibuat oleh program yang keliru "
        "menghitung; laporkan ke pengembang dan minta desa membuat paket ulang."
    ),
    "CARI_NIK": (
        "NIK terdiri atas 16 angka; yang diketik {count} angka. Periksa lagi NIK-nya, atau "
        "ketik nama orangnya."
    ),
    "CARI_KOSONG": "Ketik NIK (16 angka) atau nama orang yang dicari, paling sedikit dua huruf.",
}

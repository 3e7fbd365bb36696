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
        "Berkas ini basis data kecamatan; pekerjaan desa tidak bisa dilakukan di sini. Buka basis "
        "data desa."
    ),
    "KEC_SUDAH_ADA": "Basis data ini sudah berisi data {what}; buat berkas baru untuk kecamatan.",
    "KEC_DESA_KODE": "Kode desa '{kode}' harus berbentuk {prefix}.DDDD (desa di kecamatan ini).",
    "KEC_DESA_NAMA": "Isi nama desa atau kelurahan.",
}

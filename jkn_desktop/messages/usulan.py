"""Proposals (usulan) of changes to the PBI lists and the Musyawarah that approves them."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "USULAN_JENIS": (
        "Pilih jenis usulan: penambahan, penghapusan, penggantian, reaktivasi atau perbaikan data."
    ),
    "USULAN_JALUR": "Pilih program usulan: PBI JK APBN (Kemensos) atau PBPU/BP Pemda.",
    "NIK_FORMAT": "NIK '{nik}' harus 16 angka.",
    "USULAN_ALASAN": (
        "Pilih alasan penghapusan menurut Permensos 3/2026 (meninggal, tidak miskin lagi, tidak "
        "ditemukan, menjadi PPU, …). NIK yang tidak padan diusulkan sebagai perbaikan data."
    ),
    "USULAN_ALASAN.pindah": (
        "Peserta PBI JK APBN yang pindah tetap PBI: usulkan perbaikan data (domisili), bukan "
        "penghapusan."
    ),
    "USULAN_GANTI": "Penggantian perlu NIK peserta yang digantikan (16 angka, orang lain).",
    "USULAN_GANDA": (
        "NIK {nik} sudah ada dalam usulan bulan {period}; satu orang hanya diusulkan sekali per "
        "bulan."
    ),
    "USULAN_HILANG": "Usulan ini sudah tidak ada. Muat ulang daftar.",
    "USULAN_LANGKAH": (
        "{name} ({nik}): usulan berstatus {status} tidak bisa diubah menjadi {target}; langkah "
        "berikutnya: {steps}."
    ),
    "USULAN_LANGKAH.selesai": (
        "{name} ({nik}): usulan berstatus {status} sudah selesai dan tidak bisa diubah lagi."
    ),
    "USULAN_LANGKAH.musdes": "{name} ({nik}): hanya usulan draf yang bisa disetujui Musdes.",
    "USULAN_SURAT": (
        "{name} ({nik}): reaktivasi perlu nomor surat keterangan dari fasilitas kesehatan. Tulis "
        "di catatan usulan sebelum dikirim."
    ),
    "USULAN_TERKUNCI": "Hanya usulan berstatus draf yang bisa dihapus.",
    "ALASAN_KOSONG": "Tuliskan alasan saran ini diabaikan (mis. sudah diurus sendiri).",
    "MUSDES_TEMPAT": "Isi tempat musyawarah (mis. Balai Desa).",
    "MUSDES_TANGGAL": "Tanggal musyawarah tidak boleh di masa depan.",
}

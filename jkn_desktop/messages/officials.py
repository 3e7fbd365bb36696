"""The officials' own JKN coverage: the kepala and perangkat desa and their families."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "PERANGKAT_PENDUDUK": "Pilih penduduk yang menjabat (cari dengan NIK atau nama).",
    "PERANGKAT_PENDUDUK.nik": "NIK {nik} tidak ada di data penduduk.",
    "PERANGKAT_PENDUDUK.hilang": "Penduduk ini sudah tidak ada di data. Muat ulang daftar.",
    "PERANGKAT_TIDAK_HIDUP": (
        "{name} tercatat {status}: hanya penduduk yang masih hidup yang dicatat sebagai pejabat."
    ),
    "PERANGKAT_JABATAN": "Isi nama jabatan, mis. {example} atau Kepala Dusun Krajan.",
    "PERANGKAT_JENIS": "Pilih jenis jabatan: {head} atau perangkat.",
    "PERANGKAT_MULAI": (
        "Tanggal mulai menjabat ({started}) belum tiba: catat setelah pelantikan atau SK berlaku."
    ),
    "PERANGKAT_GANDA": (
        "{name} sudah tercatat menjabat sebagai {position}. Bila jabatannya berganti, ubah "
        "jabatannya atau catat berhenti menjabat lebih dulu."
    ),
    "PERANGKAT_KEPALA_GANDA": (
        "{name} masih tercatat sebagai {head}. Catat berhenti menjabat lebih dulu: hanya satu "
        "{head} yang menjabat pada satu waktu."
    ),
    "PERANGKAT_TANGGAL": (
        "Tanggal berhenti ({ended}) tidak boleh sebelum tanggal mulai menjabat ({started})."
    ),
    "PERANGKAT_HILANG": "Data pejabat ini sudah tidak ada. Muat ulang daftar.",
    "PERANGKAT_SUDAH_BERHENTI": "{name} sudah tercatat berhenti menjabat per {ended}.",
    "PERANGKAT_ALASAN": "Tuliskan alasannya, mis. mengundurkan diri, purnatugas, salah input.",
    "PERANGKAT_GANTI_ORANG": (
        "Pejabat yang tercatat tidak bisa diganti orang lain: catat berhenti menjabat, lalu "
        "tambahkan pejabat yang baru."
    ),
}

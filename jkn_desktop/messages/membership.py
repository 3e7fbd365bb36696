"""JKN membership: evidence of a resident's coverage, desil, the PBI participant lists and the
month each list is for."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # every problem of one observation at once: the sentences below, joined
    "MEMBERSHIP_INVALID": "{problems}",
    "MEMBERSHIP_INVALID.segment": "Segmen '{segment}' tidak dikenal.",
    "MEMBERSHIP_INVALID.status": "Status '{status}' tidak dikenal.",
    "MEMBERSHIP_INVALID.source": "Sumber '{source}' tidak dikenal.",
    "MEMBERSHIP_INVALID.kelas": "Kelas kepesertaan harus 1, 2 atau 3.",
    "MEMBERSHIP_INVALID.card": "Nomor kartu JKN harus 13 angka (nol di depan ikut ditulis).",
    "MEMBERSHIP_INVALID.future": "Tanggal keadaan tidak boleh sesudah hari ini.",
    "MEMBERSHIP_INVALID.undated": "Tanggal kartu dilihat atau keterangan diberikan harus diisi.",
    "DESIL_RANGE": "Desil harus antara 1 dan 10.",
    "LANGKAH": "Langkah '{step}' tidak dikenal. Pilih salah satu: {steps}.",
    "SOURCE_UNKNOWN": "Sumber daftar harus dinsos atau bpjs.",
    "SEGMENT_UNKNOWN": "Segmen daftar harus pbi-apbn atau pbpu-pemda.",
    # a participant list: its month, written in the list or chosen
    "PERIOD_FORMAT": (
        "Bulan daftar '{period}' harus ditulis TTTT-BB dengan bulan dua angka, misalnya 2026-10."
    ),
    "PERIOD_MISSING": (
        "Bulan daftar tidak tertulis di judul maupun nama berkas; pilih bulannya (pada perintah: "
        "--period TTTT-BB)."
    ),
    "PERIOD_MISMATCH": (
        "Berkas ini adalah daftar bulan {in_file}, tetapi yang dipilih {chosen}. Pilih bulan yang "
        "sama, atau bila memang benar pakai --force-period."
    ),
    "LIST_EMPTY": (
        "{name} tidak berisi satu pun baris peserta yang terbaca (hanya judul, atau rumus tanpa "
        "nilai tersimpan). Tidak ada yang dicatat: daftar kosong bukan berarti semua peserta "
        "keluar. Buka berkasnya di Excel, simpan ulang, lalu impor lagi."
    ),
    # the finding, also shown by a dry run; the refusal adds what to do
    "LIST_SHORT.found": (
        "Daftar ini hanya {rows} baris, padahal daftar sebelumnya {previous} baris: {dropped} "
        "orang akan dicatat nonaktif. Mungkin berkasnya terpotong atau lembarnya salah."
    ),
    "PBI_NO_RESIDENTS": (
        "Data penduduk desa masih kosong, jadi daftar PBI tidak bisa dicocokkan dengan siapa pun. "
        "Impor dulu berkas penduduk (mis. dari OpenSID), lalu impor daftar PBI ini."
    ),
    "LIST_SHORT": (
        "{short} Bila daftar ini memang benar, ulangi dengan --accept-short (di jendela: jawab Ya "
        "pada pertanyaannya)."
    ),
}

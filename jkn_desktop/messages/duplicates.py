"""People counted twice across a kecamatan's villages, the verdicts, the return file per village
and its import at the village."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "GANDA_JENIS": "Jenis data ganda '{kind}' tidak dikenal. Pilih salah satu: {kinds}.",
    "GANDA_KUNCI": (
        "Kunci pasangan '{key}' tidak dikenal. Salin kunci dari daftar data ganda "
        "(jkn-desktop kecamatan duplicates --period TTTT-BB)."
    ),
    "GANDA_PUTUSAN": "Putusan '{verdict}' tidak dikenal: pilih 'orang yang sama' atau 'bukan'.",
    "GANDA_DESA_KOREKSI": (
        "Untuk 'orang yang sama', sebutkan desa yang harus memperbaiki datanya: {villages} "
        "(bukan {kode})."
    ),
    "GANDA_CATATAN": "Tuliskan catatan mengapa keduanya bukan orang yang sama.",
    "KOREKSI_DESA_ASING": (
        "Desa {kode} tidak ada dalam daftar desa kecamatan ini. Periksa kode desa "
        "(jkn-desktop kecamatan villages)."
    ),
    "KOREKSI_BUKAN_BERKAS": (
        "Berkas {file} bukan berkas koreksi dari kecamatan (lembar Manifest atau penandanya tidak "
        "ada). Pilih berkas koreksi-….xlsx yang dikirim kecamatan."
    ),
    "KOREKSI_VERSI": (
        "Berkas koreksi {file} berformat {version}, lebih baru dari program ini. Perbarui JKN "
        "Desktop."
    ),
    "KOREKSI_DIUBAH": (
        "Berkas koreksi {file} telah diubah setelah dibuat kecamatan ({problem}). Minta kecamatan "
        "mengirim ulang berkasnya."
    ),
    "KOREKSI_DESA_LAIN": (
        "Berkas koreksi {file} untuk desa {kode_berkas}, bukan desa ini ({kode_desa}). Minta "
        "kecamatan berkas untuk desa Anda."
    ),
    "KOREKSI_TIDAK_ADA": "Koreksi nomor {id} tidak ada.",
}

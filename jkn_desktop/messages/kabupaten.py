"""Messages of the kabupaten's consolidation and of the batches a kecamatan forwards to it."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "KAB_KODE": "Kode wilayah kabupaten/kota '{kode}' harus berbentuk PP.KK (mis. 33.13).",
    "KAB_TIDAK_DIKENAL": (
        "Kode {kode} tidak ada dalam data wilayah Kemendagri. Tuliskan nama kabupaten/kota dan "
        "provinsi bila wilayahnya baru."
    ),
    "KAB_BUKAN_KABUPATEN": (
        "Basis data ini bukan basis data kabupaten. Buka basis data kabupaten, atau buat dengan "
        "jkn-desktop kabupaten init pada basis data baru."
    ),
    "KAB_SUDAH_ADA": (
        "Basis data ini sudah berisi data {what}; buat basis data baru untuk kabupaten."
    ),
    "KAB_PROGRAM": (
        "Program '{track}' tidak dikenal: pilih pbi_apbn (PBI JK APBN) atau pbpu_pemda "
        "(PBPU/BP Pemda)."
    ),
    "KAB_VERVAL_KOSONG": (
        "Belum ada paket desa untuk triwulan {quarter} tahun {year}. Terima paket desa lebih "
        "dahulu."
    ),
    "KAB_KECAMATAN": "Kecamatan dengan kode '{kode}' tidak ada di kabupaten ini.",
    "KEC_DOKUMEN_KABUPATEN": (
        "Dokumen ini dibuat oleh kecamatan dan tidak tersedia di basis data kabupaten. Di "
        "kabupaten tersedia buku kerja Dinas Sosial se-kabupaten dan lembar verval PBPU Pemda."
    ),
    "KEC_TERUSKAN_KABUPATEN": (
        "Kiriman ke kabupaten dibuat di basis data kecamatan, bukan di basis data kabupaten."
    ),
    "KIRIMAN_FOLDER_TERISI": (
        "Folder {folder} sudah berisi kiriman lain. Pilih folder kosong atau berkas .zip baru."
    ),
    "KIRIMAN_BUKAN": (
        "{file} bukan kiriman paket dari kecamatan (daftar isinya, manifest.json, tidak ada atau "
        "rusak). Minta kecamatan membuat kirimannya lagi dari JKN Desktop."
    ),
    "KIRIMAN_KABUPATEN_LAIN": (
        "Kiriman {file} dari Kecamatan {kecamatan} ({kode}) bukan untuk {kabupaten} dan tidak "
        "diterima. Kembalikan ke pengirimnya."
    ),
    "KIRIMAN_BERKAS_HILANG": (
        "Paket {file} tercantum dalam daftar isi kiriman tetapi berkasnya tidak ada. Minta "
        "kecamatan membuat kirimannya lagi."
    ),
    "KIRIMAN_BERKAS_BEDA": (
        "Paket {file} sudah berubah sejak kecamatan membuat kiriman, jadi tidak diterima. Minta "
        "kecamatan membuat kirimannya lagi, atau desa mengirim paketnya langsung."
    ),
}

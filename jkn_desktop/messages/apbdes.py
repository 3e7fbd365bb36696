"""APBDes premium allocations: budget lines and their codes, premium rates, beneficiaries,
payments, the months and dates they name."""

from __future__ import annotations

_RELOAD = "Muat ulang daftar."

MESSAGES: dict[str, str] = {
    "TANPA_APBDES": (
        "{village} tidak mempunyai APBDes: anggaran kelurahan menjadi bagian dari APBD "
        "kabupaten/kota. Iuran JKN yang dibayar dari APBDes hanya dicatat oleh desa."
    ),
    # months and dates
    "BULAN": "Bulan ke-{month} tidak ada; pilih bulan Januari sampai Desember.",
    "BULAN.akhir": "Bulan akhir harus antara {start} (bulan mulai) dan Desember.",
    "BULAN.tahun": "Bulan {month} bukan di tahun anggaran baris ini ({year}).",
    "BULAN.jumlah": "Jumlah bulan (--months) harus antara 1 dan 12.",
    "TANGGAL": "Tanggal '{date}' tidak dikenali: tulis TTTT-BB-HH.",
    "TANGGAL.bayar": "Tanggal bayar {date} jauh dari tahun anggaran {year}.",
    "TAHUN": "Tahun anggaran {year} tidak masuk akal.",
    # budget lines and codes
    "BARIS_HILANG": "Baris anggaran nomor {line} sudah tidak ada. " + _RELOAD,
    "TAHUN_TERKUNCI": (
        "Tahun anggaran tidak bisa diubah karena baris ini sudah punya penerima atau pembayaran. "
        "Buat baris baru untuk tahun lain."
    ),
    "BARIS_BERISI": (
        "Baris ini sudah punya penerima atau pembayaran, jadi tidak bisa dihapus. Akhiri "
        "tanggungan penerimanya, atau ubah pagunya menjadi pagu perubahan."
    ),
    "PAGU": "Pagu harus lebih dari Rp0.",
    "PAGU.perubahan": "Pagu perubahan tidak boleh negatif.",
    "SKEMA": "Pilih skema iuran: segmen, kelas dan bagian yang dibayar desa.",
    "KODE_JENIS": "Jenis kode tidak dikenal.",
    "KODE_FORMAT": "Kode {kind} '{code}' tidak sesuai pola. Contoh: {example}.",
    "KODE_NAMA": "Isi nama/uraian kode.",
    "KODE_TIDAK_ADA": (
        "Kode {kind} '{code}' belum ada di daftar. Tambahkan dulu di Pengaturan → Kode APBDes, "
        "atau pilih kode yang ada."
    ),
    # premium rates
    "TARIF_NOL": "Tarif iuran per orang per bulan harus lebih dari Rp0.",
    "TARIF_SEGMEN": "Pilih segmen tarif: PBI APBN, PBPU/BP Pemda atau PBPU/BP mandiri.",
    "TARIF_KELAS": "Kelas harus 1, 2 atau 3.",
    "TARIF_NEGATIF": "Bagian peserta dan bantuan pemerintah tidak boleh negatif.",
    "TARIF_TIDAK_PAS": (
        "Bagian peserta ({participant}) ditambah bantuan pemerintah ({government}) harus sama "
        "dengan iuran per bulan ({monthly})."
    ),
    "TARIF_GANDA": (
        "Sudah ada tarif {scheme} yang berlaku mulai {date}. Ubah tarif itu, atau pilih tanggal "
        "lain."
    ),
    "TARIF_HILANG": "Tarif ini sudah tidak ada. Muat ulang daftar tarif.",
    "TARIF_KOSONG": (
        "Belum ada tarif iuran PBPU/BP Pemda kelas 3 yang berlaku. Isi tarif di Pengaturan, atau "
        "sebutkan tarif dengan --rate."
    ),
    # beneficiaries and payments
    "BUKAN_WARGA": (
        "NIK {nik} tidak terdaftar sebagai penduduk desa ini. Hanya warga yang tercatat yang bisa "
        "diusulkan atau dibayar iurannya dari APBDes; daftarkan dulu di halaman Penduduk."
    ),
    "BUKAN_WARGA.hilang": "Sebagian penduduk yang dipilih sudah tidak ada. " + _RELOAD,
    "KK_TIDAK_ADA": "No. KK {kk} tidak terdaftar di desa ini.",
    "KK_KOSONG": "Tidak ada anggota KK {kk} yang masih tinggal di desa.",
    "TIDAK_ADA_PENERIMA": "Pilih paling sedikit satu penduduk.",
    "PENERIMA_HILANG": "Penerima ini sudah tidak ada di baris tersebut.",
    "PENERIMA_DITOLAK": (
        "Tidak ditambahkan, karena:\n{blocked}\nPeriksa datanya. Bila tetap harus ditambahkan, "
        "pakai --force (tercatat di riwayat)."
    ),
    "JUMLAH": "Jumlah pembayaran harus lebih dari Rp0.",
}

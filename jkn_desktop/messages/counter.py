"""The counter log: services asked for at the village counter, what was decided, what followed."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "LOKET_PENDUDUK": (
        "Pilih dulu penduduk yang datang ke loket: buku loket mencatat layanan untuk satu "
        "penduduk. Tidak ada yang dicatat."
    ),
    "LOKET_PENDUDUK.hilang": (
        "Penduduk ini sudah tidak ada di data (mungkin dihapus). Cari ulang; tidak ada yang "
        "dicatat."
    ),
    "LOKET_LAYANAN": "Pilih layanan yang diminta di loket. Tidak ada yang dicatat.",
    "LOKET_LAYANAN.tidak_ada": (
        "Layanan '{service}' tidak ada dalam daftar layanan loket (Pengaturan → Pelayanan). "
        "Pilih salah satu: {choices}."
    ),
    "LOKET_LAYANAN.ganda": (
        "'{service}' cocok dengan lebih dari satu layanan: {choices}. Tulis nama layanan lebih "
        "lengkap."
    ),
    "LOKET_HASIL": "Pilih hasil pelayanan: {choices}. Tidak ada yang dicatat.",
    "LOKET_HASIL.apbdes": (
        "{village} tidak memiliki APBDes: pilih hasil lain, misalnya diusulkan PBI."
    ),
    "LOKET_HASIL.opsi": (
        "Untuk mencatat di buku loket, isi --log LAYANAN bersama --outcome HASIL (mis. "
        "--log domisili --outcome dirujuk)."
    ),
    "LOKET_USUL.hidup": "{name} tercatat {status}: tidak bisa diusulkan. Tidak ada yang dicatat.",
    "LOKET_USUL.pbi": (
        "{name} sudah peserta {segment} yang aktif: tidak perlu diusulkan. Pilih hasil lain."
    ),
    "LOKET_USUL.perangkat": (
        "{name} adalah kepala/perangkat desa: didaftarkan PPU oleh Pemda, bukan diusulkan PBI. "
        "Pilih hasil dirujuk."
    ),
    "LOKET_CARI.kosong": "Tidak ada penduduk yang cocok dengan '{text}'; tidak ada yang dicatat.",
    "LOKET_CARI.banyak": (
        "'{text}' cocok dengan {count}: {names}. Ketik NIK lengkap agar hanya satu "
        "penduduk yang dicatat; tidak ada yang dicatat."
    ),
    "LOKET_TUTUP": (
        "Tuliskan catatan penutupan, misalnya sudah mendaftar PBPU mandiri di kantor BPJS atau "
        "sudah pindah."
    ),
    "LOKET_TUTUP.hilang": (
        "Kunjungan ini bukan tindak lanjut yang masih terbuka (mungkin sudah ditutup). Muat "
        "ulang daftar."
    ),
    "LOKET_HAPUS": (
        "Tuliskan alasan catatan loket ini dihapus, misalnya salah orang atau salah hasil. "
        "Tidak ada yang dihapus."
    ),
    "LOKET_HAPUS.hilang": "Catatan loket ini sudah tidak ada. Muat ulang daftar.",
    "LOKET_DAFTAR.kosong": "Daftar layanan loket tidak boleh kosong: tambahkan sedikitnya satu.",
    "LOKET_DAFTAR.nama": "Layanan pada baris {row} belum diberi nama.",
    "LOKET_DAFTAR.ganda": "Layanan '{service}' tertulis dua kali: setiap nama layanan harus beda.",
    "PENGATURAN_SKTM.aturan": "Pilih aturan pemeriksaan SKTM penerima APBDes: {choices}.",
    "PENGATURAN_SKTM.bulan": "Masa berlaku SKTM harus antara {low} dan {high} bulan.",
}

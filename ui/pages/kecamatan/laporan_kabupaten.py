"""The documents on Laporan of a kabupaten's database (issue 17, decision 49): the consolidated
Dinas Sosial workbook — both programmes, or one — and the quarterly PBPU Pemda verval
worksheet. The kecamatan's own documents (the Camat's recap and letter, the quarterly report to
the Bupati, the APBDes evaluation) are the kecamatan's and are not listed here."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from jkn_desktop.records.kecamatan_reports import KecDocument
from ui.pages.kecamatan.laporan import KecDoc

KAB_DOCS = [
    KecDoc(
        "dinsos",
        "Buku kerja usulan se-kabupaten untuk Dinas Sosial (.xlsx)",
        ".xlsx",
        "month",
        "Usulan semua desa bulan ini dengan kolom kecamatan dan desa; jalur PBI APBN dan PBPU "
        "Pemda di lembar terpisah, rekap per kecamatan dan per desa. Berisi NIK lengkap.",
        False,
        "usulan_dinsos_kabupaten_{period}",
    ),
    KecDoc(
        "dinsos_pbi",
        "Buku kerja usulan PBI JK APBN (.xlsx)",
        ".xlsx",
        "month",
        "Hanya usulan jalur PBI JK APBN, untuk diteruskan ke Kemensos. Berisi NIK lengkap.",
        False,
        "usulan_pbi_apbn_{period}",
    ),
    KecDoc(
        "dinsos_pemda",
        "Buku kerja usulan PBPU/BP Pemda (.xlsx)",
        ".xlsx",
        "month",
        "Hanya usulan jalur PBPU/BP Pemda, yang dibiayai APBD kabupaten. Berisi NIK lengkap.",
        False,
        "usulan_pbpu_pemda_{period}",
    ),
    KecDoc(
        "verval",
        "Lembar verval peserta PBPU/BP Pemda triwulan (.xlsx)",
        ".xlsx",
        "quarter",
        "Semua peserta PBPU/BP Pemda dari paket terakhir tiap desa dalam triwulan, dengan "
        "petunjuk dari data desa dan kolom kosong untuk hasil verifikasi. Berisi NIK lengkap.",
        False,
        "verval_pbpu_pemda_{year}_triwulan_{quarter}",
    ),
]


def writer(key: str) -> Callable[..., KecDocument]:
    from jkn_desktop.services.kabupaten.dinsos import export_dinsos_kabupaten
    from jkn_desktop.services.kabupaten.verval import verval_worksheet

    writers: dict[str, Callable[..., KecDocument]] = {
        "dinsos": export_dinsos_kabupaten,
        "dinsos_pbi": partial(export_dinsos_kabupaten, track="pbi_apbn"),
        "dinsos_pemda": partial(export_dinsos_kabupaten, track="pbpu_pemda"),
        "verval": verval_worksheet,
    }
    return writers[key]

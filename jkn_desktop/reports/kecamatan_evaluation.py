"""The Camat's evaluation sheet of each village's APBDes premium allocation for a year (Inbup
Karanganyar 440/3/2022 KETUJUH BELAS c–d: the Camat makes the villages budget the premiums of
poor residents no government scheme covers, and evaluates each draft APBDes for it): allocated,
needed, gap. Figures only: no NIK."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jkn_desktop.domain.formatting import angka, rupiah
from jkn_desktop.records.kecamatan import KecamatanInfo
from jkn_desktop.records.kecamatan_reports import EvaluationSheet
from jkn_desktop.reports import kecamatan_kop as kop
from jkn_desktop.reports.pdf import Column, Document, Row, Table, Text, printed_on


def build(
    sheet: EvaluationSheet, info: KecamatanInfo, today: dt.date, logo: bytes | None = None
) -> Document:
    cols = [
        Column("No", 3, "right"),
        Column("Desa/Kelurahan", 13, wrap=True),
        Column("Data bulan", 10),
        Column("Pagu", 10, "right"),
        Column("Komitmen", 10, "right"),
        Column("Sisa pagu", 10, "right"),
        Column("Perlu ditanggung", 8, "right", wrap=True),
        Column("Bulan", 4, "right"),
        Column("Kebutuhan", 10, "right"),
        Column("Kekurangan", 10, "right"),
        Column("Penilaian", 12, wrap=True),
    ]
    rows = []
    tot = [0, 0, 0, 0, 0, 0]
    for i, r in enumerate(sheet.rows, 1):
        a = r.apbdes
        if not r.period:
            rows.append(Row([str(i), r.full_name, "", *[""] * 7, r.assessment]))
            continue
        figures = [a.pagu, a.committed, a.capacity, a.need_people, a.need, a.gap]
        tot = [x + y for x, y in zip(tot, figures, strict=True)]
        rows.append(
            Row(
                [
                    str(i),
                    r.full_name,
                    kop.month_label(r.period),
                    rupiah(a.pagu),
                    rupiah(a.committed),
                    rupiah(a.capacity),
                    angka(a.need_people),
                    angka(a.need_months),
                    rupiah(a.need),
                    rupiah(a.gap),
                    r.assessment,
                ]
            )
        )
    rows.append(
        Row(
            [
                "",
                "Jumlah kecamatan",
                "",
                rupiah(tot[0]),
                rupiah(tot[1]),
                rupiah(tot[2]),
                angka(tot[3]),
                "",
                rupiah(tot[4]),
                rupiah(tot[5]),
                "",
            ],
            bold=True,
            shade=True,
        )
    )
    blocks: list[Any] = [
        Text("LEMBAR EVALUASI ANGGARAN IURAN JAMINAN KESEHATAN NASIONAL", 11, True, "center"),
        Text(
            f"DALAM APBDES TAHUN {sheet.year} DESA SE-KECAMATAN {info.kecamatan.upper()}",
            11,
            True,
            "center",
        ),
        Text(
            "Evaluasi anggaran iuran JKN bagi penduduk miskin yang belum ditanggung pemerintah, "
            "yang dianggarkan desa dalam APBDes, dibandingkan dengan kebutuhannya.",
            9.5,
            space_before=8,
        ),
        Table(cols, rows if sheet.rows else [], size=7.5, empty=kop.NO_VILLAGES),
        Text("Keterangan", 9, True, space_before=8),
        Text(
            "Pagu: pagu perubahan bila ada, selain itu pagu semula, dari baris anggaran iuran JKN "
            f"tahun {sheet.year} dalam paket terakhir desa; sisa pagu = pagu dikurangi komitmen.",
            8,
            space_before=2,
        ),
        Text(
            "Kebutuhan: penduduk hidup yang belum terlindungi di KK desil 1–5 × iuran PBPU/BP "
            f"Pemda kelas 3 ({rupiah(sheet.rate)} sebulan) × bulan tersisa tahun {sheet.year} "
            "sesudah bulan data (12 bulan bila data dari tahun sebelumnya); kekurangan = "
            "kebutuhan dikurangi sisa pagu.",
            8,
            space_before=2,
        ),
        kop.camat_signature(info, today),
    ]
    return Document(
        kop.letterhead(info, logo),
        blocks,
        landscape=True,
        footer_left=printed_on(today),
        metadata={"title": f"Evaluasi APBDes {sheet.year} Kecamatan {info.kecamatan}"},
    )

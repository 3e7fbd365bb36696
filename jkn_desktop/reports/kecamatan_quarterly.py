"""The quarterly report of the kecamatan to the Bupati (Inbup Karanganyar 440/3/2022 KEDELAPAN
BELAS b): coverage and keaktifan per village and their change over the quarter, the proposals
sent and decided, the APBDes allocations against the need and the officials' own coverage; signed
by the Camat. Figures only: no NIK."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jkn_desktop.domain.formatting import angka, rupiah, tanggal
from jkn_desktop.records.kecamatan import KecamatanInfo
from jkn_desktop.records.kecamatan_reports import KecTrendPoint, QuarterlyReport
from jkn_desktop.reports import kecamatan_kop as kop
from jkn_desktop.reports.kecamatan_recap import apbdes_table
from jkn_desktop.reports.pdf import Column, Document, Row, Table, Text, printed_on

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _heading(text: str) -> Text:
    return Text(text, 10, True, space_before=10, keep=90)


def _change(before: float, after: float) -> str:
    d = round(after - before, 2)
    sign = "+" if d > 0 else "−" if d < 0 else "±"
    return f"{sign}{abs(d):.2f}".replace(".", ",")


def _point_cells(p: KecTrendPoint | None) -> list[str]:
    if p is None:
        return ["", "", ""]
    return [angka(p.population), kop.pct(p.coverage_pct), kop.pct(p.active_pct)]


def coverage_table(q: QuarterlyReport) -> Table:
    cols = [
        Column("No", 3, "right"),
        Column("Desa/Kelurahan", 14, wrap=True),
        Column("Penduduk awal", 7, "right", wrap=True),
        Column("Cakupan awal", 7, "right", wrap=True),
        Column("Keaktifan awal", 7, "right", wrap=True),
        Column("Penduduk akhir", 7, "right", wrap=True),
        Column("Cakupan akhir", 7, "right", wrap=True),
        Column("Keaktifan akhir", 7, "right", wrap=True),
        Column("Perubahan cakupan (poin)", 8, "right", wrap=True),
        Column("Perubahan keaktifan (poin)", 8, "right", wrap=True),
    ]
    rows = []
    for i, v in enumerate(q.villages, 1):
        if v.end is None:
            rows.append(Row([str(i), f"{v.full_name} (tidak ada paket)", *[""] * 8]))
            continue
        start = v.start
        rows.append(
            Row(
                [
                    str(i),
                    v.full_name,
                    *_point_cells(start),
                    *_point_cells(v.end),
                    _change(start.coverage_pct, v.end.coverage_pct) if start else "",
                    _change(start.active_pct, v.end.active_pct) if start else "",
                ]
            )
        )
    s, e = q.start_total, q.end_total
    rows.append(
        Row(
            [
                "",
                "Jumlah kecamatan",
                *_point_cells(s),
                *_point_cells(e),
                _change(s.coverage_pct, e.coverage_pct),
                _change(s.active_pct, e.active_pct),
            ],
            bold=True,
            shade=True,
        )
    )
    return Table(cols, rows if q.villages else [], size=7.5, empty=kop.NO_VILLAGES)


def proposals_table(q: QuarterlyReport) -> Table:
    cols = [
        Column("No", 3, "right"),
        Column("Desa/Kelurahan", 16, wrap=True),
        Column("Usulan", 8, "right"),
        Column("Dikirim ke Dinas Sosial", 10, "right", wrap=True),
        Column("Diterima", 8, "right"),
        Column("Ditolak", 8, "right"),
        Column("Belum diputuskan", 9, "right", wrap=True),
    ]
    rows = []
    totals = [0, 0, 0, 0]
    for i, v in enumerate(q.villages, 1):
        figures = [v.proposals, v.sent, v.accepted, v.rejected]
        totals = [a + b for a, b in zip(totals, figures, strict=True)]
        pending = v.sent - v.accepted - v.rejected
        rows.append(Row([str(i), v.full_name, *map(angka, figures), angka(pending)]))
    pending = totals[1] - totals[2] - totals[3]
    rows.append(
        Row(["", "Jumlah kecamatan", *map(angka, totals), angka(pending)], bold=True, shade=True)
    )
    return Table(cols, rows if q.villages else [], size=7.5, empty=kop.NO_VILLAGES)


def officials_table(q: QuarterlyReport) -> Table:
    s = q.summary
    cols = [
        Column("No", 3, "right"),
        Column("Desa/Kelurahan", 16, wrap=True),
        Column("Kepala dan perangkat", 9, "right", wrap=True),
        Column("Belum PPU", 8, "right"),
        Column("Anggota keluarga", 9, "right", wrap=True),
        Column("Keluarga belum terlindungi", 10, "right", wrap=True),
    ]
    rows = []
    for i, v in enumerate([*s.villages, s.total], 1):
        name = v.full_name if v.kode_wilayah else "Jumlah kecamatan"
        total = not v.kode_wilayah
        if not v.sent:
            rows.append(Row([str(i), f"{name} (tidak ada paket)", "", "", "", ""]))
            continue
        cells = [
            v.officials,
            v.officials_not_ppu,
            v.officials_family,
            v.officials_family_uncovered,
        ]
        rows.append(
            Row(["" if total else str(i), name, *map(angka, cells)], bold=total, shade=total)
        )
    return Table(cols, rows if s.villages else [], size=7.5, empty=kop.NO_VILLAGES)


def build(
    q: QuarterlyReport, info: KecamatanInfo, today: dt.date, logo: bytes | None = None
) -> Document:
    roman = ROMAN[q.quarter]
    first, last = kop.month_label(q.periods[0]), kop.month_label(q.periods[-1])
    end = kop.month_label(q.last_period)
    blocks: list[Any] = [
        Text("LAPORAN TRIWULAN PELAKSANAAN JAMINAN KESEHATAN NASIONAL", 11, True, "center"),
        Text(
            f"KECAMATAN {info.kecamatan.upper()} TRIWULAN {roman} TAHUN {q.year}",
            11,
            True,
            "center",
        ),
        Text(f"Kepada Yth. {kop.bupati(info)}", 9.5, space_before=8),
        Text(
            f"Memenuhi instruksi {kop.bupati(info)} tentang optimalisasi program Jaminan Kesehatan "
            f"Nasional, kami laporkan pelaksanaannya di Kecamatan "
            f"{kop.name_in_text(info.kecamatan)} pada triwulan {roman} ({first} – {last}) "
            f"berdasarkan paket data bulanan desa/kelurahan.",
            9.5,
            space_before=2,
        ),
        _heading("A. Cakupan dan keaktifan kepesertaan JKN, awal dan akhir triwulan"),
        coverage_table(q),
        Text(
            f"Awal: paket bulan {kop.month_label(q.start_period)} (bila tidak ada, paket pertama "
            f"dalam triwulan); akhir: paket terakhir dalam triwulan. Perubahan dalam poin persen.",
            8,
            space_before=3,
        ),
        _heading("B. Usulan perubahan data PBI dalam triwulan"),
        proposals_table(q),
        Text("Menurut tahap yang dilaporkan desa dalam paket bulanannya.", 8, space_before=3),
        _heading(f"C. Iuran JKN dari APBDes tahun {q.year} dan kebutuhannya (paket {end})"),
        apbdes_table(q.summary),
        Text(
            f"Kebutuhan: penduduk belum terlindungi di KK desil 1–5 × iuran PBPU/BP Pemda kelas 3 "
            f"({rupiah(q.summary.rate)} sebulan) × sisa bulan tahun {q.year}.",
            8,
            space_before=3,
        ),
        _heading(f"D. Kepesertaan JKN kepala dan perangkat desa beserta keluarganya ({end})"),
        officials_table(q),
        Text(
            f"Dibuat {tanggal(today)} dari paket data yang diterima sampai hari itu.",
            8,
            space_before=6,
        ),
        kop.camat_signature(info, today),
    ]
    return Document(
        kop.letterhead(info, logo),
        blocks,
        landscape=True,
        footer_left=printed_on(today),
        metadata={"title": f"Laporan triwulan {roman} {q.year} JKN Kecamatan {info.kecamatan}"},
    )

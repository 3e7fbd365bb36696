"""The Camat's recap of a month (Inbup Karanganyar 440/3/2022 KEDELAPAN BELAS b): per village and
in total, coverage and keaktifan against the targets, the uninsured households, the PBI list's
changes, the proposals, the officials and the APBDes premiums against the need; signed by the
Camat. Figures only: no NIK."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jkn_desktop.domain.formatting import angka, rupiah, tanggal
from jkn_desktop.records.kecamatan import KecamatanInfo
from jkn_desktop.records.kecamatan_reports import KecSummary, VillageFigures
from jkn_desktop.reports import kecamatan_kop as kop
from jkn_desktop.reports.pdf import Column, Document, Row, Table, Text, printed_on

NOT_SENT = "belum mengirim"


def _opt(n: int | None) -> str:
    return "–" if n is None else angka(n)


def _heading(text: str) -> Text:
    return Text(text, 10, True, space_before=10, keep=90)


def coverage_table(s: KecSummary) -> Table:
    cols = [
        Column("No", 3, "right"),
        Column("Desa/Kelurahan", 14, wrap=True),
        Column("Penduduk", 7, "right"),
        Column("Terdaftar", 7, "right"),
        Column("Cakupan", 6, "right"),
        Column("Aktif", 7, "right"),
        Column("Keaktifan", 6, "right"),
        Column("KK seluruhnya belum", 7, "right", wrap=True),
        Column("KK sebagian belum", 7, "right", wrap=True),
        Column("PBI masuk", 5, "right", wrap=True),
        Column("PBI keluar", 5, "right", wrap=True),
        Column("Usulan", 5, "right"),
        Column("Perangkat bukan PPU", 6, "right", wrap=True),
    ]

    def cells(no: str, v: VillageFigures) -> list[str]:
        if not v.sent:
            return [no, f"{v.full_name} ({NOT_SENT})", *[""] * 11]
        return [
            no,
            v.full_name if v.kode_wilayah else "Jumlah kecamatan",
            angka(v.population),
            angka(v.registered),
            kop.pct(v.coverage_pct),
            angka(v.active),
            kop.pct(v.active_pct),
            angka(v.households_fully_uninsured),
            angka(v.households_partly_uninsured),
            _opt(v.pbi_joined),
            _opt(v.pbi_left),
            angka(v.proposals_total),
            angka(v.officials_not_ppu),
        ]

    rows = [Row(cells(str(i), v)) for i, v in enumerate(s.villages, 1)]
    rows.append(Row(cells("", s.total), bold=True, shade=True))
    return Table(cols, rows if s.villages else [], size=7.5, empty=kop.NO_VILLAGES)


def apbdes_table(s: KecSummary) -> Table:
    cols = [
        Column("No", 3, "right"),
        Column("Desa/Kelurahan", 14, wrap=True),
        Column("Pagu", 10, "right"),
        Column("Komitmen", 10, "right"),
        Column("Realisasi", 10, "right"),
        Column("Sisa pagu", 10, "right"),
        Column("Perlu ditanggung", 7, "right", wrap=True),
        Column("Kebutuhan", 10, "right"),
        Column("Kekurangan", 10, "right"),
    ]

    def cells(no: str, v: VillageFigures) -> list[str]:
        a = v.apbdes
        if not v.sent:
            return [no, f"{v.full_name} ({NOT_SENT})", *[""] * 7]
        if v.kind == "kelurahan":
            return [no, v.full_name, "tanpa APBDes", "", "", "", angka(a.need_people), "", ""]
        return [
            no,
            v.full_name if v.kode_wilayah else "Jumlah kecamatan",
            rupiah(a.pagu),
            rupiah(a.committed),
            rupiah(a.realized),
            rupiah(a.capacity),
            angka(a.need_people),
            rupiah(a.need),
            rupiah(a.gap),
        ]

    rows = [Row(cells(str(i), v)) for i, v in enumerate(s.villages, 1)]
    rows.append(Row(cells("", s.total), bold=True, shade=True))
    return Table(cols, rows if s.villages else [], size=7.5, empty=kop.NO_VILLAGES)


def notes(s: KecSummary) -> list[Any]:
    months = s.total.apbdes.need_months
    missing = ", ".join(v.full_name for v in s.missing)
    lines = [
        f"Cakupan = terdaftar JKN dibagi penduduk hidup (target {kop.pct(s.target_coverage_pct)}); "
        f"keaktifan = peserta aktif dibagi yang terdaftar (target {kop.pct(s.target_active_pct)}).",
        "PBI masuk/keluar: peserta PBI JK APBN aktif yang bertambah atau berkurang dibanding paket "
        "bulan sebelumnya (– bila bulan sebelumnya tidak ada paket).",
        f"Kebutuhan: penduduk yang belum terlindungi di KK desil 1–5 × iuran PBPU/BP Pemda kelas 3 "
        f"({rupiah(s.rate)} sebulan) × {months} bulan sisa tahun {s.period[:4]}; kekurangan = "
        "kebutuhan dikurangi sisa pagu.",
    ]
    if missing:
        lines.append(f"Belum mengirim paket bulan {kop.month_label(s.period)}: {missing}.")
    return [Text(t, 8, space_before=3) for t in lines]


def build(
    s: KecSummary, info: KecamatanInfo, today: dt.date, logo: bytes | None = None
) -> Document:
    month = kop.month_label(s.period)
    blocks: list[Any] = [
        Text("REKAPITULASI PELAKSANAAN JAMINAN KESEHATAN NASIONAL", 11, True, "center"),
        Text(f"KECAMATAN {info.kecamatan.upper()} BULAN {month.upper()}", 11, True, "center"),
        Text(f"Kepada Yth. {kop.bupati(info)}", 9.5, space_before=8),
        Text(
            f"Berdasarkan paket data yang diterima dari {angka(len(s.sent))} dari "
            f"{angka(sum(1 for v in s.villages if v.expected))} desa/kelurahan sampai "
            f"{tanggal(today)}, kami laporkan pelaksanaan program JKN di Kecamatan "
            f"{kop.name_in_text(info.kecamatan)} sebagai berikut.",
            9.5,
            space_before=2,
        ),
        _heading(f"A. Kepesertaan JKN per desa/kelurahan, bulan {month}"),
        coverage_table(s),
        _heading(f"B. Iuran JKN dari APBDes tahun {s.period[:4]} dan kebutuhannya"),
        apbdes_table(s),
        _heading("Keterangan"),
        *notes(s),
        kop.camat_signature(info, today),
    ]
    return Document(
        kop.letterhead(info, logo),
        blocks,
        landscape=True,
        footer_left=printed_on(today),
        metadata={"title": f"Rekapitulasi JKN Kecamatan {info.kecamatan} {month}"},
    )

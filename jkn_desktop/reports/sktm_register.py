"""The SKTM register of one month, printed (A4 landscape): the kop, the title with the month, the
SKTMs issued that month with their holder's JKN today, the month's counts, and the signature block
(Mengetahui, Kepala Desa; the Sekretaris Desa who keeps the register). An internal list: NIK in
full."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jkn_desktop.domain.formatting import BULAN, angka, rupiah, tanggal_pendek
from jkn_desktop.records.sktm import SktmMonth, SktmRow
from jkn_desktop.records.village import VillageInfo
from jkn_desktop.reports import letterhead as kop
from jkn_desktop.reports.pdf import Column, Document, Row, Table, Text, printed_on, render

COLUMNS = [
    Column("No", 3, "center"),
    Column("Nomor SKTM", 11, wrap=True),
    Column("Tanggal", 6.5, "center"),
    Column("Nama", 12, wrap=True),
    Column("NIK / No. KK", 11, wrap=True),
    Column("Alamat", 12, wrap=True),
    Column("Keperluan", 12, wrap=True),
    Column("Berlaku s.d.", 6.5, "center"),
    Column("Status", 7),
    Column("JKN sekarang", 8, wrap=True),
]


def _rows(rows: list[SktmRow]) -> list[Row]:
    out = [
        Row(
            [
                str(i),
                r.number,
                tanggal_pendek(r.issued_on),
                r.name,
                f"{r.nik}\n{r.no_kk}" if r.no_kk else r.nik,
                r.address,
                r.purpose_label,
                tanggal_pendek(r.valid_until),
                r.state_label,
                r.jkn_label,
            ]
        )
        for i, r in enumerate(rows, 1)
    ]
    return out or [Row(["Tidak ada SKTM yang diterbitkan pada bulan ini."], span=True)]


def _counts(m: SktmMonth, last: dt.date) -> list[Any]:
    lines = [
        f"SKTM diterbitkan: {angka(m.issued)}; dibatalkan: {angka(m.cancelled)}; "
        f"berakhir dalam bulan ini: {angka(m.expiring)}.",
        f"SKTM berlaku per {last.day} {BULAN[last.month - 1]} {last.year}: {angka(m.valid_at_end)}; "
        f"pemegangnya yang belum terlindungi JKN: {angka(m.holders_uninsured)} orang"
        + (
            f" (iuran PBPU Pemda kelas 3 {rupiah(m.uninsured_cost_month)} per bulan)."
            if m.holders_uninsured
            else "."
        ),
    ]
    return [Text("Ringkasan bulan ini:", 9.5, True, space_before=10, keep=40)] + [
        Text(t, 9.5) for t in lines
    ]


def build(
    rows: list[SktmRow],
    counts: SktmMonth,
    v: VillageInfo,
    logo: bytes | None = None,
    today: dt.date | None = None,
) -> Document:
    year, month = int(counts.period[:4]), int(counts.period[5:])
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    title = f"{BULAN[month - 1].upper()} {year}"
    blocks: list[Any] = [
        Text("REGISTER SURAT KETERANGAN TIDAK MAMPU (SKTM)", 12, True, "center"),
        Text(f"BULAN {title}", 10.5, True, "center", 2),
        Table(
            COLUMNS,
            _rows(rows),
            size=7.5,
            space_before=10,
            empty=f"Tidak ada SKTM yang diterbitkan atau berlaku pada bulan {title.title()}.",
        ),
        *_counts(counts, last),
        kop.signatures(v, today),
    ]
    return Document(
        kop.letterhead(v, logo=logo),
        blocks,
        landscape=True,
        footer_left=printed_on(today),
        metadata={"title": f"Register SKTM {kop.place_name(v)} {BULAN[month - 1]} {year}"},
    )


def write(
    rows: list[SktmRow],
    counts: SktmMonth,
    v: VillageInfo,
    out: Path,
    logo: bytes | None = None,
    today: dt.date | None = None,
) -> int:
    return render(build(rows, counts, v, logo, today), out)

"""Daftar kepesertaan JKN kepala desa, perangkat desa dan keluarganya (a kelurahan: the Lurah and
the perangkat kelurahan): per official their own JKN and the next step when they are not an active
PPU member, then their family indented — spouse and up to three children with whether each is
covered — and the uninsured members outside the PPU family; the totals; the signatures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import angka, tanggal
from jkn_desktop.domain.wilayah import VillageWords
from jkn_desktop.records.officials import FamilyCoverage, OfficialCoverage, OfficialsSummary
from jkn_desktop.records.village import VillageInfo
from jkn_desktop.reports import letterhead as kop
from jkn_desktop.reports.pdf import Column, Document, Row, Table, Text, printed_on, render

INDENT = "↳ "  # a family row under its official (a wrapped cell drops leading spaces)
COLUMNS = [
    Column("No", 3, "center"),
    Column("Jabatan / hubungan", 14.5, wrap=True),
    Column("Nama", 15, wrap=True),
    Column("NIK", 13.2),
    Column("Umur", 4.3, "center"),
    Column("Segmen", 10.5),
    Column("Status", 7),
    Column("No. kartu JKN", 11),
    Column("Ditanggung / langkah berikutnya", 21.5, wrap=True),
]


def title(words: VillageWords) -> str:
    """ "DAFTAR KEPESERTAAN JKN KEPALA DESA, PERANGKAT DESA DAN KELUARGANYA" (a kelurahan: "LURAH,
    PERANGKAT KELURAHAN …")."""
    return f"DAFTAR KEPESERTAAN JKN {words.head}, PERANGKAT {words.unit} DAN KELUARGANYA".upper()


def _rule(words: VillageWords) -> str:
    share = "1% dipotong dari ADD" if words.has_apbdes else "1% dari penghasilan"
    return (
        f"{words.head} dan perangkat {words.lower} didaftarkan Pemda sebagai peserta PPU (iuran 5%: 4% "
        f"Pemda, {share}), bukan PBI. Keluarga yang ditanggung PPU: suami/istri dan paling banyak "
        "tiga anak (belum 21 tahun, atau belum 25 tahun bila masih sekolah, belum menikah), yang "
        "tertua lebih dulu; anggota keluarga lain ditanggung bila pekerja membayar iuran tambahan "
        "1% per orang."
    )


def _age(age: int | None) -> str:
    return "" if age is None else str(age)


def _status(segment: str, status: str) -> str:
    return J.STATUSES.get(status, status) if segment in J.JKN_SEGMENTS else "—"


def _official_row(n: int, c: OfficialCoverage) -> Row:
    o = c.official
    verdict = c.next_step if c.flag else "PPU aktif" + (f"; {c.next_step}" if c.next_step else "")
    return Row(
        [
            str(n),
            o.position,
            o.name,
            o.nik,
            _age(c.age),
            J.SEGMENT_SHORT.get(c.segment, c.segment),
            _status(c.segment, c.status),
            c.card_no,
            verdict,
        ],
        bold=True,
        shade=True,
    )


def _covered_text(f: FamilyCoverage, ppu: bool) -> str:
    if not f.in_family:
        return "Belum terlindungi; di luar keluarga PPU (tambahan 1% per orang)"
    if f.covered and ppu:
        own = f.segment == J.PPU and f.status == J.AKTIF
        return "Ya, PPU pejabat" + ("" if own else " (pastikan terdaftar sebagai keluarganya)")
    if f.covered:
        return f"Ya, {f.segment_label} sendiri"
    return "Belum terlindungi"


def _family_row(f: FamilyCoverage, ppu: bool) -> Row:
    relation = f.relation if f.in_family else f"{f.relation} (di luar PPU)"
    return Row(
        [
            "",
            INDENT + relation,
            f.name,
            f.nik,
            _age(f.age),
            f.segment_label,
            _status(f.segment, f.status),
            f.card_no,
            _covered_text(f, ppu),
        ]
    )


def rows(items: Sequence[OfficialCoverage]) -> list[Row]:
    out: list[Row] = []
    for n, c in enumerate(items, 1):
        family = [_family_row(f, c.on_ppu) for f in (*c.family, *c.outside)]
        if c.family_note:
            family.append(Row(["", INDENT + "Keluarga", c.family_note, "", "", "", "", "", ""]))
        # the official's row never ends a page without the family under it
        out.append(replace(_official_row(n, c), keep=len(family)))
        out += family
    return out  # none: the table prints its ``empty`` sentence


def _totals(items: Sequence[OfficialCoverage], s: OfficialsSummary) -> list[Any]:
    outside = sum(len(c.outside) for c in items)
    cols = [
        Column("Pejabat", 1, "center"),
        Column("Peserta PPU aktif", 1, "center"),
        Column("Bukan PPU aktif", 1, "center"),
        Column("Keluarga dihitung", 1, "center"),
        Column("Keluarga terlindungi", 1, "center"),
        Column("Keluarga belum terlindungi", 1, "center"),
    ]
    values = (s.officials, s.on_ppu, s.not_ppu, s.family, s.family_covered, s.family_uncovered)
    return [
        Text("Jumlah", 9.5, True, space_before=8, keep=40),
        Table(cols, [Row([angka(v) for v in values], bold=True)], size=8.5),
        Text(
            "Keluarga dihitung: suami/istri dan paling banyak tiga anak per pejabat. Anggota KK di "
            f"luar keluarga PPU yang belum terlindungi: {angka(outside)} orang.",
            8,
            space_before=3,
        ),
    ]


def build(
    items: Sequence[OfficialCoverage],
    summary: OfficialsSummary,
    v: VillageInfo,
    logo: bytes | None = None,
    today: dt.date | None = None,
) -> Document:
    on = today or dt.date.today()
    words = v.words
    place = kop.place_name(v)
    blocks: list[Any] = [
        Text(title(words), 11.5, True, "center"),
        Text(
            f"{words.of(place).upper()} — KEADAAN PER {tanggal(on).upper()}", 9.5, True, "center", 2
        ),
        Text(_rule(words), 8, space_before=6),
        Table(
            COLUMNS,
            rows(items),
            size=7.8,
            space_before=6,
            empty="Tidak ada data: belum ada pejabat yang dicatat.",
        ),
        *_totals(items, summary),
        kop.signatures(v, on),
    ]
    return Document(
        kop.letterhead(v, logo=logo),
        blocks,
        landscape=True,
        footer_left=f"{printed_on(on)} · Daftar JKN {words.head.lower()} dan perangkat {words.lower}",
        metadata={"title": f"{title(words).capitalize()} {v.full_name}"},
    )


def write(
    items: Sequence[OfficialCoverage],
    summary: OfficialsSummary,
    v: VillageInfo,
    out: Path,
    logo: bytes | None = None,
    today: dt.date | None = None,
) -> int:
    return render(build(items, summary, v, logo, today), out)

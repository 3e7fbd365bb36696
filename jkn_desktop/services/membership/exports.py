"""The Kepesertaan workbooks: the uninsured (per person or per KK) and the people of one next step
(e.g. the PBI members with a wage job, for the employers and the Disnaker)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.formatting import tanggal_pendek
from jkn_desktop.domain.wilayah import DESA_WORDS
from jkn_desktop.errors import UserError
from jkn_desktop.exporters.xlsx import write_table
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.membership import JknFilter, JknRow
from jkn_desktop.services import audit
from jkn_desktop.services.membership.kepesertaan import fetch_rows, household_coverage, query_ids
from jkn_desktop.services.registry.village import get_village

PEOPLE_HEADERS = [
    "NIK",
    "NO KK",
    "NAMA",
    "JENIS KELAMIN",
    "TANGGAL LAHIR",
    "UMUR",
    "SHDK",
    "DUSUN",
    "RW",
    "RT",
    "DESIL",
    "SEGMEN TERAKHIR",
    "STATUS JKN",
    "NO KARTU JKN",
    "PER TANGGAL",
    "SUMBER",
    "ALASAN",
    "LANGKAH BERIKUTNYA",
]
HOUSEHOLD_HEADERS = [
    "NO KK",
    "KEPALA KELUARGA",
    "ALAMAT",
    "DUSUN",
    "RW",
    "RT",
    "DESIL",
    "ANGGOTA HIDUP",
    "BELUM TERLINDUNGI",
    "KEADAAN KK",
]
HANDOFF_HEADERS = [
    "NIK",
    "NO KK",
    "NAMA",
    "JENIS KELAMIN",
    "UMUR",
    "PEKERJAAN",
    "DUSUN",
    "RW",
    "RT",
    "SEGMEN",
    "STATUS JKN",
    "NO KARTU JKN",
    "PER TANGGAL",
    "LANGKAH",
    "DASAR",
]
_PAGE = 2000  # residents fetched at a time while the workbook is written


def _pages(work: Work, ids: Sequence[int]) -> Iterator[JknRow]:
    for start in range(0, len(ids), _PAGE):
        yield from fetch_rows(work, ids[start : start + _PAGE])


def _person_row(p: JknRow, today: dt.date, source_label: Any) -> list[Any]:
    return [
        p.nik,
        p.no_kk,
        p.name,
        p.sex,
        p.birth_date.strftime("%d-%m-%Y") if p.birth_date else "",
        p.age(today),
        codes.shdk().label(p.shdk) if p.shdk else "",
        p.dusun,
        p.rw,
        p.rt,
        p.desil or "",
        J.SEGMENTS.get(p.segment, p.segment),
        p.status_label,
        p.card_no,
        p.as_of.strftime("%d-%m-%Y") if p.as_of else "",
        source_label(p.source),
        J.REASONS.get(p.reason or "", ""),
        J.STEPS.get(p.step or "", ""),
    ]


def _export_households(work: Work, path: Path) -> int:
    rows = [
        h for h in household_coverage(work) if h.flag in (J.FULLY_UNINSURED, J.PARTLY_UNINSURED)
    ]
    write_table(
        Path(path),
        "KK belum terlindungi",
        HOUSEHOLD_HEADERS,
        (
            [
                h.no_kk,
                h.head,
                h.address,
                h.dusun,
                h.rw,
                h.rt,
                h.desil or "",
                h.living,
                h.uninsured,
                h.flag_label,
            ]
            for h in rows
        ),
        text_columns=[0, 4, 5],
        widths=[19, 28, 28, 14, 6, 6, 7, 14, 18, 34],
    )
    return len(rows)


def export_uninsured(work: Work, path: Path, *, households: bool = False) -> int:
    """The uninsured persons (or households with uninsured members) to .xlsx, in dusun, RW, RT and
    household order; NIK, No. KK and card numbers as text cells; ages on the job's day."""
    work.require(perm.EXPORT)
    if households:
        count = _export_households(work, path)
        what = "KK dengan anggota belum terlindungi JKN (Excel)"
    else:
        count = _export_people(work, path)
        what = "Penduduk belum terlindungi JKN (Excel)"
    audit.exported(work, document=what, rows=count, masked=False, target=path)
    return count


def _export_people(work: Work, path: Path) -> int:
    village = get_village(work)
    words = village.words if village is not None else DESA_WORDS
    ids = query_ids(work, JknFilter(uninsured=True), sort="area")
    count = 0

    def counted() -> Iterator[list[Any]]:
        nonlocal count
        for p in _pages(work, ids):
            count += 1
            yield _person_row(p, work.today, words.source_label)

    write_table(
        Path(path),
        "Penduduk belum terlindungi",
        PEOPLE_HEADERS,
        counted(),
        text_columns=[0, 1, 8, 9, 13],
        widths=[19, 19, 28, 8, 13, 6, 16, 14, 6, 6, 7, 22, 14, 16, 13, 26, 24, 40],
    )
    return count


def export_step(work: Work, path: Path, step: str) -> int:
    """Everyone whose next step is ``step`` (e.g. ``cek_ppu``: the PBI members with a wage job, the
    list handed to the employers and the Disnaker), in dusun, RW, RT order; identifiers as text."""
    work.require(perm.EXPORT)
    if step not in J.STEPS:
        raise UserError("LANGKAH", step=step, steps=", ".join(J.STEPS))
    today = work.today
    ids = query_ids(work, JknFilter(step=step, living_only=False), sort="area")
    count = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal count
        for p in _pages(work, ids):
            count += 1
            yield [
                p.nik,
                p.no_kk,
                p.name,
                p.sex,
                p.age(today),
                codes.pekerjaan().label(p.occupation) if p.occupation else "",
                p.dusun,
                p.rw,
                p.rt,
                J.SEGMENTS.get(p.segment, p.segment),
                p.status_label,
                p.card_no,
                tanggal_pendek(p.as_of),
                J.STEPS[step],
                J.STEP_BASIS.get(step, ""),
            ]

    write_table(
        Path(path),
        re.sub(r"[\\/*?:\[\]]", "-", J.STEPS[step])[:31],
        HANDOFF_HEADERS,
        rows(),
        text_columns=[0, 1, 7, 8, 11],
        widths=[19, 19, 28, 8, 6, 26, 14, 6, 6, 24, 12, 16, 12, 40, 40],
    )
    what = f"Daftar tindak lanjut: {J.STEPS[step]} (Excel)"
    audit.exported(work, document=what, rows=count, masked=False, target=path)
    return count

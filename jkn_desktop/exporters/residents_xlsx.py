"""Export residents to .xlsx in the layout the importer reads, so export → import changes nothing.
The service reads the residents (``resident_search.export_rows``); this module only writes them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from jkn_desktop.domain import codes
from jkn_desktop.exporters.xlsx import write_table
from jkn_desktop.records.residents import ResidentExportRow

HEADERS = [
    "NIK",
    "NO KK",
    "NAMA",
    "JENIS KELAMIN",
    "TEMPAT LAHIR",
    "TANGGAL LAHIR",
    "SHDK",
    "AGAMA",
    "STATUS PERKAWINAN",
    "PENDIDIKAN",
    "PEKERJAAN",
    "STATUS DASAR",
    "NAMA IBU",
    "NO HP",
    "ALAMAT",
    "RT",
    "RW",
    "DUSUN",
    "KETERANGAN",
]
TEXT = [0, 1, 13, 15, 16]
WIDTHS = [19, 19, 28, 10, 16, 13, 18, 12, 16, 22, 24, 10, 24, 15, 24, 6, 6, 14, 20]


def _label(code_list: codes.CodeList, code: int | None) -> str:
    return code_list.label(code) if code else ""


def resident_line(r: ResidentExportRow) -> list[Any]:
    """One resident as a row of HEADERS: codes written as the labels the importer reads."""
    return [
        r.nik,
        r.no_kk,
        r.name,
        r.sex,
        r.birth_place,
        r.birth_date.strftime("%d-%m-%Y") if r.birth_date else "",
        _label(codes.shdk(), r.shdk),
        _label(codes.agama(), r.religion),
        _label(codes.status_kawin(), r.marital_status),
        _label(codes.pendidikan(), r.education),
        _label(codes.pekerjaan(), r.occupation),
        codes.STATUS_DASAR.get(r.status_dasar, ""),
        r.mother_name,
        r.phone,
        r.address,
        r.rt,
        r.rw,
        r.dusun,
        r.notes,
    ]


def resident_lines(rows: Iterable[ResidentExportRow]) -> Iterator[list[Any]]:
    return (resident_line(r) for r in rows)


def export_residents(rows: Iterable[ResidentExportRow], path: Path) -> int:
    """Write the residents to ``path``; returns how many were written."""
    count = 0

    def counted() -> Iterator[list[Any]]:
        nonlocal count
        for line in resident_lines(rows):
            count += 1
            yield line

    write_table(Path(path), "Penduduk", HEADERS, counted(), text_columns=TEXT, widths=WIDTHS)
    return count

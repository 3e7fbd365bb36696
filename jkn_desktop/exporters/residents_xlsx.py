"""Export residents to .xlsx in the layout the importer reads, so export → import changes nothing.
The service reads the residents (``resident_search.export_rows``); this module only writes them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import astuple
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


def _iso_to_dmy(value: Any) -> str:
    """A birth date as the importer reads it (DD-MM-YYYY), from a date or SQLite's ISO text."""
    if not value:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    text = str(value)
    return f"{text[8:10]}-{text[5:7]}-{text[:4]}"


def _tables() -> tuple[dict[int, str], ...]:
    lists = (
        codes.shdk(),
        codes.agama(),
        codes.status_kawin(),
        codes.pendidikan(),
        codes.pekerjaan(),
    )
    return tuple(dict(cl.entries) for cl in lists)


def _label(table: dict[int, str], code: int | None) -> str:
    if not code:
        return ""
    label = table.get(code)
    return label if label is not None else f"kode {code}?"  # as CodeList.label says it


def lines(rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    """Residents as rows of HEADERS, from rows in ResidentExportRow's order (a record or the
    driver's plain tuple: a birth date as a date or as ISO text): codes written as the labels the
    importer reads. The code lists are looked up once, not once per resident."""
    shdk, agama, kawin, didik, kerja = _tables()
    status = codes.STATUS_DASAR
    for r in rows:
        (nik, no_kk, name, sex, place, born, rel, religion, marital, edu, job, st, *rest) = r
        mother, phone, address, rt, rw, dusun, notes = rest
        yield [
            nik,
            no_kk,
            name,
            sex,
            place,
            _iso_to_dmy(born),
            _label(shdk, rel),
            _label(agama, religion),
            _label(kawin, marital),
            _label(didik, edu),
            _label(kerja, job),
            status.get(st, ""),
            mother,
            phone,
            address,
            rt,
            rw,
            dusun,
            notes,
        ]


def resident_line(r: ResidentExportRow) -> list[Any]:
    """One resident as a row of HEADERS."""
    return next(lines([astuple(r)]))


def resident_lines(rows: Iterable[ResidentExportRow]) -> Iterator[list[Any]]:
    return lines(astuple(r) for r in rows)


def export_residents(rows: Iterable[Sequence[Any]], path: Path) -> int:
    """Write the residents (records or plain rows in ResidentExportRow's order) to ``path``;
    returns how many were written."""
    count = 0

    def counted() -> Iterator[list[Any]]:
        nonlocal count
        for line in lines(rows):
            count += 1
            yield line

    write_table(Path(path), "Penduduk", HEADERS, counted(), text_columns=TEXT, widths=WIDTHS)
    return count

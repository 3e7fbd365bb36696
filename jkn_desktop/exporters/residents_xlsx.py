"""Export residents to .xlsx in the layout the importer reads, so export → import changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from jkn_desktop.domain import codes
from jkn_desktop.exporters.xlsx import write_table
from jkn_desktop.persistence.models import household_t, resident_t
from jkn_desktop.services.database import Database

R = resident_t
H = household_t

HEADERS = [
    "NIK", "NO KK", "NAMA", "JENIS KELAMIN", "TEMPAT LAHIR", "TANGGAL LAHIR", "SHDK", "AGAMA",
    "STATUS PERKAWINAN", "PENDIDIKAN", "PEKERJAAN", "STATUS DASAR", "NAMA IBU", "NO HP", "ALAMAT",
    "RT", "RW", "DUSUN", "KETERANGAN",
]  # fmt: skip
TEXT = [0, 1, 13, 15, 16]


def resident_rows(db: Database) -> Iterator[list[Any]]:
    """Every resident as a row of HEADERS, in household order."""
    stmt = (
        select(
            R.c.nik,
            func.coalesce(H.c.no_kk, ""),
            R.c.name,
            R.c.sex,
            R.c.birth_place,
            R.c.birth_date,
            R.c.shdk,
            R.c.religion,
            R.c.marital_status,
            R.c.education,
            R.c.occupation,
            R.c.status_dasar,
            R.c.mother_name,
            R.c.phone,
            func.coalesce(H.c.address, ""),
            func.coalesce(H.c.rt, ""),
            func.coalesce(H.c.rw, ""),
            func.coalesce(H.c.dusun, ""),
            R.c.notes,
        )
        .select_from(R.outerjoin(H, H.c.id == R.c.household_id))
        .order_by(H.c.dusun, H.c.rw, H.c.rt, H.c.no_kk, R.c.shdk, R.c.birth_date, R.c.id)
    )
    with db.read() as conn:
        for r in conn.execute(stmt):
            yield [
                r[0], r[1], r[2], r[3], r[4], r[5].strftime("%d-%m-%Y") if r[5] else "",
                codes.shdk().label(r[6]) if r[6] else "", codes.agama().label(r[7]) if r[7] else "",
                codes.status_kawin().label(r[8]) if r[8] else "", codes.pendidikan().label(r[9]) if r[9] else "",
                codes.pekerjaan().label(r[10]) if r[10] else "", codes.STATUS_DASAR.get(r[11], ""),
                r[12], r[13], r[14], r[15], r[16], r[17], r[18],
            ]  # fmt: skip


def export_residents(db: Database, path: Path) -> int:
    count = 0

    def counted() -> Iterator[list[Any]]:
        nonlocal count
        for row in resident_rows(db):
            count += 1
            yield row

    write_table(Path(path), "Penduduk", HEADERS, counted(), text_columns=TEXT,
                widths=[19, 19, 28, 10, 16, 13, 18, 12, 16, 22, 24, 10, 24, 15, 24, 6, 6, 14, 20])  # fmt: skip
    return count

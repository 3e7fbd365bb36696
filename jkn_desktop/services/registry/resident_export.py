"""The resident export: the service reads the residents, the exporter writes the workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from jkn_desktop.domain import roles as perm
from jkn_desktop.exporters import residents_xlsx
from jkn_desktop.persistence.fastread import stream_rows
from jkn_desktop.persistence.tables import household_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.residents import ResidentExportRow
from jkn_desktop.services import audit

R = resident_t
H = household_t

_EXPORT_COLUMNS = (
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


def _statement(limit: int | None = None) -> Any:
    return (
        select(*_EXPORT_COLUMNS)
        .select_from(R.outerjoin(H, H.c.id == R.c.household_id))
        .order_by(H.c.dusun, H.c.rw, H.c.rt, H.c.no_kk, R.c.shdk, R.c.birth_date, R.c.id)
        .limit(limit)
    )


def export_rows(work: Work, limit: int | None = None) -> list[ResidentExportRow]:
    """Every resident (or the first ``limit``) with the household's address, in household order:
    what the resident export writes."""
    return [ResidentExportRow(*tuple(r)) for r in work.conn.execute(_statement(limit))]


def export_residents(work: Work, path: Path) -> int:
    """Every resident to an .xlsx the importer reads back unchanged; returns how many. The rows
    go from the driver's cursor straight into the sheet, a batch at a time (none is held)."""
    work.require(perm.EXPORT)
    count = residents_xlsx.export_residents(stream_rows(work.conn, _statement()), path)
    audit.exported(work, document="Data penduduk (Excel)", rows=count, masked=False, target=path)
    return count

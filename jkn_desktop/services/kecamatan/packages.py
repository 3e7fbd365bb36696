"""The packages a kecamatan has taken in: which one holds for a village and month, and the list."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from jkn_desktop.persistence.tables import kec_package_t, kec_village_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan import PackageRow

P, V = kec_package_t, kec_village_t
CURRENT, REPLACED = "current", "replaced"


def current_packages(work: Work, period: str) -> dict[str, int]:
    """``kode_wilayah → package id`` of the package that holds for each village in ``period``
    (the one made last; replaced and refused packages never count)."""
    rows = work.conn.execute(
        select(P.c.kode_wilayah, P.c.id).where(P.c.period == period, P.c.state == CURRENT)
    )
    return {str(k): int(i) for k, i in rows}


def periods_received(work: Work) -> list[str]:
    """Every month some village sent a package for, oldest first."""
    return list(work.conn.execute(select(P.c.period).distinct().order_by(P.c.period)).scalars())


def packages(
    work: Work, *, period: str | None = None, kode_wilayah: str | None = None
) -> list[PackageRow]:
    """The packages taken in, newest month first, then by village and creation time (the
    replaced versions stay listed)."""
    stmt = (
        select(
            P.c.id,
            P.c.kode_wilayah,
            V.c.name,
            P.c.period,
            P.c.made_at,
            P.c.received_at,
            P.c.received_by,
            P.c.file_name,
            P.c.signed,
            P.c.fingerprint,
            P.c.rows,
            P.c.state,
            P.c.format_version,
            P.c.returned_at,
            P.c.returned_note,
        )
        .select_from(P.join(V, V.c.kode_wilayah == P.c.kode_wilayah))
        .order_by(P.c.period.desc(), P.c.kode_wilayah, P.c.made_at.desc())
    )
    if period is not None:
        stmt = stmt.where(P.c.period == period)
    if kode_wilayah is not None:
        stmt = stmt.where(P.c.kode_wilayah == kode_wilayah)
    rows: list[Any] = list(work.conn.execute(stmt))
    return [PackageRow(*r) for r in rows]

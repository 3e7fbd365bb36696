"""The beneficiaries of some lines as the page and the report list them: each row with its months,
its cost, the guards that apply now (the same person twice in a year counted across every line)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from jkn_desktop.domain import apbdes as A
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.apbdes import Beneficiary
from jkn_desktop.services.apbdes._common import B, H, L, R, scheme_of
from jkn_desktop.services.apbdes.guards import ground_warnings, guards
from jkn_desktop.services.apbdes.rates import rates_of

_COLUMNS = (
    B.c.id,
    B.c.line_id,
    B.c.resident_id,
    R.c.nik,
    R.c.name,
    H.c.no_kk,
    H.c.dusun,
    H.c.rt,
    H.c.rw,
    B.c.start_month,
    B.c.end_month,
    B.c.overridden,
    B.c.notes,
)
# by line, then as the village walks it: dusun, RW, RT, KK, and within a KK by SHDK and age
_ORDER = (
    B.c.line_id,
    H.c.dusun,
    H.c.rw,
    H.c.rt,
    H.c.no_kk,
    func.coalesce(R.c.shdk, 99),
    R.c.birth_date,
)


def line_beneficiaries(work: Work, line_ids: Sequence[int]) -> dict[int, list[Beneficiary]]:
    """The beneficiaries of each line, with their cost and the guards that apply now."""
    out: dict[int, list[Beneficiary]] = {lid: [] for lid in line_ids}
    if not line_ids:
        return out
    conn = work.conn
    all_rates = rates_of(conn)
    stmt = select(L).where(L.c.id.in_(list(line_ids)))
    lines = {r["id"]: r for r in conn.execute(stmt).mappings()}
    rows = _rows(conn, line_ids)
    per_month = {
        lid: A.monthly_rates(scheme_of(row), all_rates, row["year"]) for lid, row in lines.items()
    }
    found = _guards_now(work, lines, rows)
    _twice_in_year(conn, lines, rows, found)
    grounds = _grounds(work, lines, rows)
    for r in rows:
        cost = A.months_cost(per_month[r.line_id], r.start_month, r.end_month)
        out[r.line_id].append(
            Beneficiary(
                r.id,
                r.line_id,
                r.resident_id,
                r.nik,
                r.name,
                r.no_kk or "",
                r.dusun or "",
                r.rt or "",
                r.rw or "",
                r.start_month,
                r.end_month,
                cost,
                r.overridden,
                r.notes,
                tuple(found.get(r.id, ())),
                grounds.get(r.id, ()),
            )
        )
    return out


def _grounds(work: Work, lines: dict[int, Any], rows: Sequence[Any]) -> dict[int, tuple[str, ...]]:
    """The warning of each row the village has no ground to pay for (no valid SKTM …)."""
    by_year: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        by_year[lines[r.line_id]["year"]].append(r)
    out: dict[int, tuple[str, ...]] = {}
    for year, group in by_year.items():
        found = ground_warnings(work, year, sorted({r.resident_id for r in group}))
        out.update({r.id: (found[r.resident_id],) for r in group if r.resident_id in found})
    return out


def _rows(conn: Connection, line_ids: Sequence[int]) -> Sequence[Any]:
    return conn.execute(
        select(*_COLUMNS)
        .join(R, R.c.id == B.c.resident_id)
        .outerjoin(H, H.c.id == R.c.household_id)
        .where(B.c.line_id.in_(list(line_ids)))
        .order_by(*_ORDER)
    ).all()


def _guards_now(work: Work, lines: dict[int, Any], rows: Sequence[Any]) -> dict[int, list[A.Guard]]:
    """The guards of each row, one batch of queries per (year, months) window."""
    windows: dict[tuple[int, int, int], list[Any]] = defaultdict(list)
    for r in rows:
        windows[(lines[r.line_id]["year"], r.start_month, r.end_month)].append(r)
    found: dict[int, list[A.Guard]] = {}
    for (year, s, e), group in windows.items():
        ids = sorted({r.resident_id for r in group})
        g = guards(work.conn, year, s, e, ids, work.today, twice=False)
        for r in group:
            found[r.id] = list(g[r.resident_id])
    return found


def _twice_in_year(
    conn: Connection, lines: dict[int, Any], rows: Sequence[Any], found: dict[int, list[A.Guard]]
) -> None:
    """The same person twice: against every row of the same year, whichever line it is on."""
    by_person: dict[tuple[int, int], list[Any]] = defaultdict(list)
    years = {row["year"] for row in lines.values()}
    for other in conn.execute(
        select(
            B.c.id,
            B.c.resident_id,
            B.c.start_month,
            B.c.end_month,
            L.c.year,
            L.c.kegiatan,
            L.c.sumber,
            B.c.line_id,
        )
        .join(L, L.c.id == B.c.line_id)
        .where(L.c.year.in_(years))
    ):
        by_person[(other.year, other.resident_id)].append(other)
    for r in rows:
        year = lines[r.line_id]["year"]
        for o in by_person[(year, r.resident_id)]:
            if o.id != r.id and o.start_month <= r.end_month and o.end_month >= r.start_month:
                overlap = list(
                    range(max(o.start_month, r.start_month), min(o.end_month, r.end_month) + 1)
                )
                found[r.id].append(
                    A.Guard(
                        A.GUARD_TWICE,
                        f"juga ditanggung baris {o.line_id} ({o.kegiatan}, {o.sumber}) pada "
                        f"{A.months_text(overlap)}",
                        tuple(overlap),
                    )
                )

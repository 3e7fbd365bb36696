"""The SQL aggregates behind the kecamatan's figures, each over a set of packages at once (one
statement per measure, grouped by package), so the dashboard of 30 villages is a handful of
statements however many residents they hold.

The rules, so the kecamatan's row of a village is the village's own figure:

* population: residents with status dasar HIDUP;
* registered / active: the village's verdict columns ``registered``/``active`` (format 3); a
  package without them (format 1 and 2) falls back, row by row, to what the village's rule
  (``domain.jkn.standing``) decides from the current state it sent: registered = the segment is a
  JKN segment, active = registered and the status is ``aktif``;
* uninsured = living and not active (the village's rule); a household (a No. KK with living
  members) is fully uninsured when none of its living members is active, partly when some are;
* PBI list: living residents with segment ``pbi_apbn`` and status ``aktif``;
* the need for APBDes premiums: the uninsured living residents of households in desil 1–5."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.persistence.tables import (
    kec_apbdes_line_t,
    kec_household_t,
    kec_office_figure_t,
    kec_proposal_t,
    kec_resident_t,
)
from jkn_desktop.persistence.work import Work

R, H, PR = kec_resident_t, kec_household_t, kec_proposal_t
L, OF = kec_apbdes_line_t, kec_office_figure_t
NEED_DESIL = (1, 5)  # households whose premiums the village is asked to budget (desil 1–5)


def registered_expr() -> ColumnElement[Any]:
    return case(
        (R.c.registered.is_not(None), R.c.registered),
        (R.c.segment.in_(J.JKN_SEGMENTS), 1),
        else_=0,
    )


def active_expr() -> ColumnElement[Any]:
    return case(
        (R.c.active.is_not(None), R.c.active),
        (and_(R.c.segment.in_(J.JKN_SEGMENTS), R.c.jkn_status == J.AKTIF), 1),
        else_=0,
    )


def living() -> ColumnElement[bool]:
    return R.c.status_dasar == codes.HIDUP


def pbi_now() -> ColumnElement[bool]:
    return and_(living(), R.c.segment == J.PBI_APBN, R.c.jkn_status == J.AKTIF)


def people(work: Work, ids: Collection[int]) -> dict[int, tuple[int, int, int, bool]]:
    """package → (living, registered, active, carried verdicts)."""
    if not ids:
        return {}
    stmt = (
        select(
            R.c.package_id,
            func.count(),
            func.sum(registered_expr()),
            func.sum(active_expr()),
            func.max(case((R.c.registered.is_not(None), 1), else_=0)),
        )
        .where(R.c.package_id.in_(ids), living())
        .group_by(R.c.package_id)
    )
    return {
        pid: (int(n), int(reg or 0), int(act or 0), bool(v))
        for pid, n, reg, act, v in work.conn.execute(stmt)
    }


def households(work: Work, ids: Collection[int]) -> dict[int, tuple[int, int, int]]:
    """package → (households with living members, fully uninsured, partly uninsured)."""
    if not ids:
        return {}
    per_kk = (
        select(
            R.c.package_id.label("pid"),
            func.count().label("alive"),
            func.sum(active_expr()).label("act"),
        )
        .where(R.c.package_id.in_(ids), living(), R.c.no_kk != "")
        .group_by(R.c.package_id, R.c.no_kk)
        .subquery()
    )
    stmt = select(
        per_kk.c.pid,
        func.count(),
        func.sum(case((per_kk.c.act == 0, 1), else_=0)),
        func.sum(case((and_(per_kk.c.act > 0, per_kk.c.act < per_kk.c.alive), 1), else_=0)),
    ).group_by(per_kk.c.pid)
    return {
        pid: (int(n), int(full or 0), int(part or 0))
        for pid, n, full, part in work.conn.execute(stmt)
    }


def need_people(work: Work, ids: Collection[int]) -> dict[int, int]:
    """package → uninsured living residents of desil 1–5 households."""
    if not ids:
        return {}
    stmt = (
        select(R.c.package_id, func.count())
        .select_from(R.join(H, and_(H.c.package_id == R.c.package_id, H.c.no_kk == R.c.no_kk)))
        .where(
            R.c.package_id.in_(ids),
            living(),
            active_expr() == 0,
            H.c.desil.between(*NEED_DESIL),
        )
        .group_by(R.c.package_id)
    )
    return {pid: int(n) for pid, n in work.conn.execute(stmt)}


def pbi_changes(work: Work, now_id: int, before_id: int) -> tuple[int, int]:
    """(joined, left): NIKs on the PBI APBN list of package ``now_id`` and not of ``before_id``,
    and the reverse."""
    now = select(R.c.nik).where(R.c.package_id == now_id, pbi_now())
    before = select(R.c.nik).where(R.c.package_id == before_id, pbi_now())
    conn = work.conn
    joined = conn.execute(select(func.count()).select_from(now.except_(before).subquery()))
    left = conn.execute(select(func.count()).select_from(before.except_(now).subquery()))
    return int(joined.scalar_one()), int(left.scalar_one())


def proposals(work: Work, ids: Collection[int]) -> dict[int, dict[str, dict[str, int]]]:
    """package → kind → status → proposals."""
    out: dict[int, dict[str, dict[str, int]]] = defaultdict(dict)
    if not ids:
        return out
    stmt = (
        select(PR.c.package_id, PR.c.kind, PR.c.status, func.count())
        .where(PR.c.package_id.in_(ids))
        .group_by(PR.c.package_id, PR.c.kind, PR.c.status)
    )
    for pid, kind, status, n in work.conn.execute(stmt):
        out[pid].setdefault(kind, {})[status or ""] = int(n)
    return out


def officials(work: Work, ids: Collection[int]) -> dict[int, dict[str, int]]:
    """package → measure → value of the ``perangkat`` section (Pelayanan sheet)."""
    out: dict[int, dict[str, int]] = defaultdict(dict)
    if not ids:
        return out
    stmt = select(OF.c.package_id, OF.c.measure, OF.c.value).where(
        OF.c.package_id.in_(ids), OF.c.section == "perangkat"
    )
    for pid, measure, value in work.conn.execute(stmt):
        out[pid][measure] = int(value or 0)
    return out


def apbdes(work: Work, ids: Collection[int], year: int) -> dict[int, tuple[int, ...]]:
    """package → (lines, pagu, committed, realized, beneficiaries) of the year's premium lines;
    a line's pagu is its pagu_perubahan when one is set."""
    if not ids:
        return {}
    stmt = (
        select(
            L.c.package_id,
            func.count(),
            func.sum(func.coalesce(L.c.pagu_revised, L.c.pagu)),
            func.sum(L.c.committed),
            func.sum(L.c.realized),
            func.sum(L.c.beneficiaries),
        )
        .where(L.c.package_id.in_(ids), L.c.year == year)
        .group_by(L.c.package_id)
    )
    return {int(r[0]): tuple(int(x or 0) for x in r[1:]) for r in work.conn.execute(stmt)}

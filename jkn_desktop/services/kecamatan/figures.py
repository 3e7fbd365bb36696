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
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class Counts:
    living: int = 0
    registered: int = 0
    active: int = 0
    verdicts: bool = False  # the package carried the village's verdict columns
    households: int = 0  # No. KK with living members
    fully_uninsured: int = 0
    partly_uninsured: int = 0
    need: int = 0  # uninsured living residents of desil 1–5 households


def counts(work: Work, ids: Collection[int]) -> dict[int, Counts]:
    """package → its counts, in one pass over the residents in household order (the index on
    ``(package_id, no_kk)``): per household first, then per package."""
    if not ids:
        return {}
    act = active_expr()
    per_kk = (
        select(
            R.c.package_id.label("pid"),
            R.c.no_kk.label("kk"),
            func.count().label("alive"),
            func.sum(registered_expr()).label("reg"),
            func.sum(act).label("act"),
            func.max(case((R.c.registered.is_not(None), 1), else_=0)).label("v"),
        )
        .where(R.c.package_id.in_(ids), living())
        .group_by(R.c.package_id, R.c.no_kk)
        .subquery()
    )
    k = per_kk.c
    has_kk = k.kk != ""
    needy = and_(has_kk, H.c.desil.between(*NEED_DESIL))
    stmt = (
        select(
            k.pid,
            func.sum(k.alive),
            func.sum(k.reg),
            func.sum(k.act),
            func.max(k.v),
            func.sum(case((has_kk, 1), else_=0)),
            func.sum(case((and_(has_kk, k.act == 0), 1), else_=0)),
            func.sum(case((and_(has_kk, k.act > 0, k.act < k.alive), 1), else_=0)),
            func.sum(case((needy, k.alive - k.act), else_=0)),
        )
        .select_from(per_kk.outerjoin(H, and_(H.c.package_id == k.pid, H.c.no_kk == k.kk)))
        .group_by(k.pid)
    )
    out: dict[int, Counts] = {}
    for pid, alive, reg, act, verdicts, kk, full, part, need in work.conn.execute(stmt):
        n = [int(x or 0) for x in (alive, reg, act, kk, full, part, need)]
        out[int(pid)] = Counts(n[0], n[1], n[2], bool(verdicts), n[3], n[4], n[5], n[6])
    return out


def pbi_changes(work: Work, pairs: dict[int, int]) -> dict[int, tuple[int, int]]:
    """now package → (joined, left): NIKs on its PBI APBN list and not on the list of the
    package it is paired with (the same village's the month before), and the reverse. Counted
    as each list's size less the NIKs on both (one join on the NIK's index), so only the
    smaller question — who is on both — needs a lookup per person."""
    if not pairs:
        return {}
    conn = work.conn
    sizes: dict[int, int] = dict(
        conn.execute(
            select(R.c.package_id, func.count())
            .where(R.c.package_id.in_([*pairs, *pairs.values()]), pbi_now())
            .group_by(R.c.package_id)
        ).all()
    )
    other = R.alias("other")
    both: dict[int, int] = dict(
        conn.execute(
            select(R.c.package_id, func.count())
            .select_from(
                R.join(
                    other,
                    and_(
                        other.c.nik == R.c.nik,
                        other.c.package_id == case(pairs, value=R.c.package_id),
                    ),
                )
            )
            .where(
                R.c.package_id.in_(list(pairs)),
                pbi_now(),
                other.c.status_dasar == codes.HIDUP,
                other.c.segment == J.PBI_APBN,
                other.c.jkn_status == J.AKTIF,
            )
            .group_by(R.c.package_id)
        ).all()
    )
    out = {}
    for now, before in pairs.items():
        common = int(both.get(now, 0))
        out[now] = (int(sizes.get(now, 0)) - common, int(sizes.get(before, 0)) - common)
    return out


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

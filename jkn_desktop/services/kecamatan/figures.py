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

from sqlalchemy import ColumnElement, Integer, and_, case, cast, func, select

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
from jkn_desktop.services.kecamatan import memo

R, H, PR = kec_resident_t, kec_household_t, kec_proposal_t
L, OF = kec_apbdes_line_t, kec_office_figure_t
NEED_DESIL = (1, 5)  # households whose premiums the village is asked to budget (desil 1–5)


def registered_expr() -> ColumnElement[Any]:
    return case(
        (R.c.registered.is_not(None), cast(R.c.registered, Integer)),
        (R.c.segment.in_(J.JKN_SEGMENTS), 1),
        else_=0,
    )


def active_expr() -> ColumnElement[Any]:
    return case(
        (R.c.active.is_not(None), cast(R.c.active, Integer)),
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
    pbi: int = 0  # living residents on the PBI APBN list (active)


def counts(work: Work, ids: Collection[int]) -> dict[int, Counts]:
    """package → its counts (kept per package: :mod:`memo`)."""
    return memo.cached("counts", memo.package_keys(work, ids), lambda todo: _counts(work, todo))


def _counts(work: Work, ids: list[int]) -> dict[int, Counts]:
    """One pass over the residents in household order (the index on ``(package_id, no_kk)``):
    per household first, then per package."""
    act = active_expr()
    per_kk = (
        select(
            R.c.package_id.label("pid"),
            R.c.no_kk.label("kk"),
            func.count().label("alive"),
            func.sum(registered_expr()).label("reg"),
            func.sum(act).label("act"),
            func.max(case((R.c.registered.is_not(None), 1), else_=0)).label("v"),
            func.sum(
                case((and_(R.c.segment == J.PBI_APBN, R.c.jkn_status == J.AKTIF), 1), else_=0)
            ).label("pbi"),
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
            func.sum(k.pbi),
        )
        .select_from(per_kk.outerjoin(H, and_(H.c.package_id == k.pid, H.c.no_kk == k.kk)))
        .group_by(k.pid)
    )
    out: dict[int, Counts] = dict.fromkeys(ids, Counts())
    for pid, alive, reg, act, verdicts, kk, full, part, need, pbi in work.conn.execute(stmt):
        n = [int(x or 0) for x in (alive, reg, act, kk, full, part, need, pbi)]
        out[int(pid)] = Counts(n[0], n[1], n[2], bool(verdicts), *n[3:])
    return out


def pbi_changes(work: Work, pairs: dict[int, int]) -> dict[int, tuple[int, int]]:
    """now package → (joined, left): NIKs on its PBI APBN list and not on the list of the
    package it is paired with (the same village's the month before), and the reverse. Counted
    as each list's size less the NIKs on both (one join on the NIK's index), so only the
    smaller question — who is on both — needs a lookup per person. Kept per pair (:mod:`memo`)."""
    if not pairs:
        return {}
    keys = memo.package_keys(work, [*pairs, *pairs.values()])
    earlier = {pid: keys[pid] for pid in pairs.values()}
    sizes = {
        **{pid: c.pbi for pid, c in counts(work, list(pairs)).items()},
        **memo.cached("pbi_size", earlier, lambda todo: _pbi_sizes(work, todo)),
    }
    pair_keys = {now: (*keys[now], *keys[before]) for now, before in pairs.items()}
    both = memo.cached(
        "pbi_both", pair_keys, lambda todo: _overlap(work, {n: pairs[n] for n in todo})
    )
    return {
        now: (sizes[now] - both[now], sizes[before] - both[now]) for now, before in pairs.items()
    }


def _pbi_sizes(work: Work, ids: list[int]) -> dict[int, int]:
    stmt = (
        select(R.c.package_id, func.count())
        .where(R.c.package_id.in_(ids), pbi_now())
        .group_by(R.c.package_id)
    )
    found = {int(pid): int(n) for pid, n in work.conn.execute(stmt)}
    return {pid: found.get(pid, 0) for pid in ids}


def _overlap(work: Work, pairs: dict[int, int]) -> dict[int, int]:
    other = R.alias("other")
    stmt = (
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
    )
    found = {int(pid): int(n) for pid, n in work.conn.execute(stmt)}
    return {now: found.get(now, 0) for now in pairs}


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

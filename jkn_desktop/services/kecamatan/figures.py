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
from jkn_desktop.domain import roles as perm
from jkn_desktop.persistence.bulk import chunks
from jkn_desktop.persistence.tables import (
    kec_apbdes_line_t,
    kec_household_t,
    kec_office_figure_t,
    kec_package_figure_t,
    kec_proposal_t,
    kec_resident_t,
)
from jkn_desktop.persistence.work import Work
from jkn_desktop.services.kecamatan import memo

R, H, PR, PF = kec_resident_t, kec_household_t, kec_proposal_t, kec_package_figure_t
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


_FIGURES = (
    PF.c.package_id,
    PF.c.living,
    PF.c.registered,
    PF.c.active,
    PF.c.verdicts,
    PF.c.households,
    PF.c.fully_uninsured,
    PF.c.partly_uninsured,
    PF.c.need,
    PF.c.pbi,
)


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
    """package → its counts: as stored when it was taken in (``kec_package_figure``), else
    counted from its rows; kept per package (:mod:`memo`)."""
    return memo.cached("counts", memo.package_keys(work, ids), lambda todo: _stored(work, todo))


def _stored(work: Work, ids: list[int]) -> dict[int, Counts]:
    out: dict[int, Counts] = {}
    for part in chunks(ids):
        for row in work.conn.execute(select(*_FIGURES).where(PF.c.package_id.in_(part))):
            pid, living_, reg, act, verdicts, *rest = row
            out[int(pid)] = Counts(int(living_), int(reg), int(act), bool(verdicts), *rest)
    missing = [pid for pid in ids if pid not in out]
    if missing:
        out.update(_counts(work, missing))
    return out


def store_figures(work: Work, package_id: int, before_id: int | None) -> None:
    """Count a package just taken in, once (its rows never change): its counts, and how many
    NIKs its PBI list shares with ``before_id`` (the same village's current package of the
    month before). Part of receiving: the same permission."""
    work.require(perm.IMPORT)
    c = _counts(work, [package_id])[package_id]
    both = _overlap(work, {package_id: before_id})[package_id] if before_id is not None else None
    work.conn.execute(
        PF.insert().values(
            package_id=package_id,
            living=c.living,
            registered=c.registered,
            active=c.active,
            verdicts=c.verdicts,
            households=c.households,
            fully_uninsured=c.fully_uninsured,
            partly_uninsured=c.partly_uninsured,
            need=c.need,
            pbi=c.pbi,
            pbi_before_id=before_id,
            pbi_both=both,
        )
    )


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
        .select_from(
            per_kk.outerjoin(
                # the households of these packages only: a kabupaten holds every month's
                H,
                and_(H.c.package_id == k.pid, H.c.no_kk == k.kk, H.c.package_id.in_(ids)),
            )
        )
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
    sizes = {pid: c.pbi for pid, c in counts(work, [*pairs, *pairs.values()]).items()}
    pair_keys = {now: (*keys[now], *keys[before]) for now, before in pairs.items()}
    both = memo.cached(
        "pbi_both", pair_keys, lambda todo: _stored_overlap(work, {n: pairs[n] for n in todo})
    )
    return {
        now: (sizes[now] - both[now], sizes[before] - both[now]) for now, before in pairs.items()
    }


def _stored_overlap(work: Work, pairs: dict[int, int]) -> dict[int, int]:
    """The NIKs on both lists: as stored when the package was taken in, where it was compared
    with the same package of the month before (a village may send that month again later)."""
    out: dict[int, int] = {}
    for part in chunks(list(pairs)):
        stmt = select(PF.c.package_id, PF.c.pbi_before_id, PF.c.pbi_both).where(
            PF.c.package_id.in_(part), PF.c.pbi_both.is_not(None)
        )
        for pid, before, both in work.conn.execute(stmt):
            if pairs[int(pid)] == before:
                out[int(pid)] = int(both)
    missing = {now: before for now, before in pairs.items() if now not in out}
    if missing:
        out.update(_overlap(work, missing))
    return out


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
            other.c.package_id.in_(list(pairs.values())),  # not every month's list
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

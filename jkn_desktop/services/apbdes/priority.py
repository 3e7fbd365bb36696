"""Who to fund first: uninsured households a PBI proposal will not cover soon, ranked by the
priority score, with what covering them costs against a line's remaining budget."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from sqlalchemy import func, select

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import codes
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.formatting import age_on
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.apbdes import PriorityHousehold, PriorityList, PriorityMember
from jkn_desktop.services.apbdes._common import B, H, L, R
from jkn_desktop.services.apbdes.summaries import line_summary
from jkn_desktop.services.membership.rules import people_from, rule_columns
from jkn_desktop.services.settings import get_setting, set_setting

CHRONIC_NONE = 14  # sakit_menahun.csv: TIDAK ADA/TIDAK SAKIT
DISABILITY_NONE = 7  # cacat.csv: TIDAK CACAT


def priority_weights(work: Work) -> A.PriorityWeights:
    """The points of the priority score, as saved (the defaults where none is)."""
    return A.PriorityWeights.from_dict(get_setting(work, "priority_weights"))


def save_priority_weights(work: Work, new: A.PriorityWeights) -> None:
    """The APBDes page's weights dialog, saved (the priority list then ranks by them)."""
    work.require(perm.APBDES)
    set_setting(work, "priority_weights", new.as_dict())


def priority_list(
    work: Work,
    line_id: int,
    *,
    from_month: int | None = None,
    weights: A.PriorityWeights | None = None,
    include_waiting: bool = False,
) -> PriorityList:
    """Uninsured households a PBI proposal will not cover soon (no desil yet or desil 6–10; with
    ``include_waiting`` also desil 1–5), ranked by the score; the cost of covering their uninsured
    members on this line from ``from_month`` to December, and a running total against the line's
    remaining budget. Residents already funded by a line of the year are left out."""
    w = weights or priority_weights(work)
    summary = line_summary(work, line_id, from_month=from_month)
    per_person = summary.per_person_left
    found: list[PriorityHousehold] = []
    grouped, heads = _uninsured(work, summary.year, summary.from_month)
    for hid, members in grouped.items():
        first = members[0]
        if A.pbi_likely(first.desil) and not include_waiting:
            continue
        pm = [_member(r, work) for r in members]
        score = A.priority_score(first.desil, [m.needs for m in pm], w)
        found.append(
            PriorityHousehold(
                hid,
                first.no_kk,
                heads.get(hid, first.name),
                first.dusun or "",
                first.rw or "",
                first.rt or "",
                first.desil,
                tuple(pm),
                score,
                per_person * len(pm),
            )
        )
    found.sort(key=lambda h: (-h.score.points, h.cost, h.no_kk))
    running = 0
    ranked = []
    for h in found:
        running += h.cost
        ranked.append(replace(h, running_total=running, within_budget=running <= summary.remaining))
    return PriorityList(ranked, summary.from_month, per_person, summary.remaining, w)


def _member(r: Any, work: Work) -> PriorityMember:
    age = age_on(r.birth_date, work.today) if r.birth_date else None
    needs = A.MemberNeeds(
        age,
        bool(r.pregnant),
        r.chronic_illness is not None and r.chronic_illness != CHRONIC_NONE,
        r.disability is not None and r.disability != DISABILITY_NONE,
    )
    return PriorityMember(r.id, r.name, age, needs)


def _uninsured(
    work: Work, year: int, from_month: int
) -> tuple[dict[int, list[Any]], dict[int, str]]:
    """The uninsured residents no line of the year funds from ``from_month``, by household; and
    the name of each household's head."""
    rc = rule_columns()
    funded = (
        select(B.c.resident_id)
        .join(L, L.c.id == B.c.line_id)
        .where(L.c.year == year, B.c.end_month >= from_month)
    )
    rows = work.conn.execute(
        select(
            R.c.id,
            R.c.name,
            R.c.birth_date,
            R.c.pregnant,
            R.c.chronic_illness,
            R.c.disability,
            H.c.id.label("hid"),
            H.c.no_kk,
            H.c.dusun,
            H.c.rw,
            H.c.rt,
            H.c.desil,
        )
        .select_from(people_from())
        .where(rc.uninsured, H.c.id.is_not(None), R.c.id.not_in(funded))
        .order_by(H.c.id, func.coalesce(R.c.shdk, 99), R.c.birth_date)
    ).all()
    heads: dict[int, str] = dict(
        work.conn.execute(
            select(R.c.household_id, R.c.name).where(R.c.shdk == 1, R.c.status_dasar == codes.HIDUP)
        ).all()
    )
    grouped: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        grouped[r.hid].append(r)
    return grouped, heads

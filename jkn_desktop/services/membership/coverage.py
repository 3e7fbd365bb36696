"""Coverage and keaktifan: in total, per dusun and per dusun/RW with the household flags and the
counts behind the suggested actions; and month by month from the observations kept."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, case, func, select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.persistence.current_state import decide_rows, observation_rows
from jkn_desktop.persistence.fastread import list_agg, read_rows
from jkn_desktop.persistence.models import household_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.membership import AreaCoverage, Coverage, TrendPoint
from jkn_desktop.services.membership.rules import needs_care_sql

R = resident_t
H = household_t


@dataclass(slots=True)
class _Household:
    """What the rules say about one composition of a household."""

    living: int = 0
    registered: int = 0
    active: int = 0
    flag: str | None = None
    steps: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    segments: dict[str, int] = field(default_factory=dict)


_ONE_DIGIT = max(codes.STATUS_DASAR) < 10
assert _ONE_DIGIT, "coverage() reads the status dasar as one character"
_Member = tuple[str | None, bool, str, str | None, bool, bool]
_Key = tuple[str, int | None]  # a household's listed situations and its desil
# one occupation that stands for each job digit of a situation
_JOB_CODES: dict[str, int | None] = {"0": None, "1": 5, "2": 86}  # none, PNS, kepala desa


def coverage(work: Work) -> Coverage:
    """Coverage and keaktifan, in total and per dusun and per dusun/RW, with the household flags
    and the counts behind the suggested actions.

    One streaming pass over the residents in household order (a covering index): each household
    comes back as one row listing its members' situations ("<status dasar><wage job>segment/status",
    e.g. "10pbi_apbn/aktif"), so SQLite neither sorts nor hands Python 100,000 rows. The index
    keeps the members of a household in a fixed order, so households alike (three PBI members, one
    uninsured child, ...) give the same list: the rules, the very function the counter check uses,
    run once per distinct list and desil, and each household only adds its summary to its RW."""
    memo: dict[_Key, _Household] = {}
    known: dict[_Key, _Member] = {}
    seen: dict[_Key, int] = defaultdict(int)
    by_rw: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    for hid, dusun, rw, desil, listed in _household_rows(work.conn):
        key = (listed, desil)
        summary = memo.get(key)
        if summary is None:
            summary = memo[key] = _summarise(listed, desil, known)
        seen[key] += 1
        if summary.living:
            _add_household(by_rw[(dusun or "", rw or "")], summary, counts_as_kk=hid is not None)
    return _build(by_rw, _tallies(memo, seen))


def _household_rows(conn: Connection) -> Iterable[tuple[Any, ...]]:
    """(household id, dusun, RW, desil, the members' situations) per household. One digit each:
    status dasar, job (0 none, 1 wage, 2 official), needs care, moved out (0 no, 1 yes, 2 not
    known); then segment/status/other segment ("" when nothing is recorded)."""
    occupation = func.coalesce(R.c.occupation, 0)
    job = case(
        (occupation.in_(sorted(J.OFFICIAL_OCCUPATIONS)), "2"),
        (occupation.in_(sorted(J.WAGE_OCCUPATIONS)), "1"),
        else_="0",
    )
    care = case((needs_care_sql(), "1"), else_="0")
    moved = case((R.c.moved_out == True, "1"), (R.c.moved_out == False, "0"), else_="2")  # noqa: E712
    # "||" converts the numbers to text by itself (SQLite, PostgreSQL): no casts per row
    situation = R.c.status_dasar.op("||")(job).op("||")(care).op("||")(moved)
    for part in (
        func.coalesce(R.c.jkn_segment, ""),
        "/",
        func.coalesce(R.c.jkn_status, ""),
        "/",
        func.coalesce(R.c.jkn_other, ""),
    ):
        situation = situation.op("||")(part)
    members = (
        select(
            R.c.household_id.label("hid"), list_agg(conn.dialect.name, situation).label("listed")
        )
        .group_by(R.c.household_id)
        .subquery()
    )
    return read_rows(
        conn,
        select(members.c.hid, H.c.dusun, H.c.rw, H.c.desil, members.c.listed).select_from(
            members.outerjoin(H, H.c.id == members.c.hid)
        ),
    )


def _add_household(acc: list[int], summary: _Household, *, counts_as_kk: bool) -> None:
    acc[0] += summary.living
    acc[1] += summary.registered
    acc[2] += summary.active
    if counts_as_kk:  # residents without a KK count as people, not households
        acc[3] += 1
        acc[4] += summary.flag == J.FULLY_UNINSURED
        acc[5] += summary.flag == J.PARTLY_UNINSURED


def _tallies(
    memo: dict[_Key, _Household], seen: dict[_Key, int]
) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """People per suggested step, per uninsured reason and per current segment."""
    steps: dict[str, int] = defaultdict(int)
    reasons: dict[str, int] = defaultdict(int)
    segments: dict[str, int] = defaultdict(int)
    for key, times in seen.items():
        summary = memo[key]
        for tally, counts in (
            (steps, summary.steps),
            (reasons, summary.reasons),
            (segments, summary.segments),
        ):
            for name, n in counts.items():
                tally[name] += n * times
    return dict(steps), {k: v for k, v in reasons.items() if v}, dict(segments)


def _build(
    by_rw: dict[tuple[str, str], list[int]],
    tallies: tuple[dict[str, int], dict[str, int], dict[str, int]],
) -> Coverage:
    by_dusun: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    total = [0, 0, 0, 0, 0, 0]
    for (d, _w), acc in by_rw.items():
        for target in (by_dusun[d], total):
            for i in range(6):
                target[i] += acc[i]

    def area(name: str, a: list[int]) -> AreaCoverage:
        return AreaCoverage(a[0], a[1], a[2], name, a[3], a[4], a[5])

    steps, reasons, segments = tallies
    return Coverage(
        area("", total),
        [area(d, by_dusun[d]) for d in sorted(by_dusun)],
        [area(f"{d} RW {w}", by_rw[(d, w)]) for d, w in sorted(by_rw)],
        steps,
        reasons,
        segments,
    )


def _member(code: str, desil: int | None) -> _Member:
    """The rules' verdict on one situation (see ``_household_rows``) in a household of ``desil``."""
    sd, job, care, moved = code[0], code[1], code[2], code[3]
    seg, st, other = code[4:].split("/")
    verdict = J.standing(
        status_dasar=int(sd),
        segment=seg or None,
        status=st or None,
        desil=desil,
        occupation=_JOB_CODES[job],
        other_active=other or None,
        needs_care=care == "1",
        moved_out=None if moved == "2" else moved == "1",
    )
    return (
        verdict.step,
        int(sd) == codes.HIDUP,
        seg or J.TIDAK_DIKETAHUI,
        verdict.reason if verdict.uninsured else None,
        verdict.registered,
        verdict.active,
    )


def _summarise(listed: str, desil: int | None, known: dict[_Key, _Member]) -> _Household:
    """``known`` remembers the verdict per situation and desil across households."""
    out = _Household()
    uninsured = 0
    for code in listed.split(","):
        member = known.get((code, desil))
        if member is None:
            member = known[(code, desil)] = _member(code, desil)
        step, alive, seg_key, reason, registered, active = member
        if step is not None:
            out.steps[step] = out.steps.get(step, 0) + 1
        if not alive:
            continue
        out.living += 1
        out.segments[seg_key] = out.segments.get(seg_key, 0) + 1
        if reason is not None:
            uninsured += 1
            out.reasons[reason] = out.reasons.get(reason, 0) + 1
        if registered:
            out.registered += 1
            out.active += active
    out.flag = J.household_flag(out.living, uninsured)
    return out


# --- month by month --------------------------------------------------------------------------------
def coverage_trend(
    work: Work, months: int = 12, progress: Callable[[int, int], None] | None = None
) -> list[TrendPoint]:
    """Coverage at the end of each of the last ``months`` months up to the job's day, from the
    observations kept: for each month the rule (``J.decide``) over the observations known by its
    last day (dated on or before it; undated ones from the day they were recorded). The population
    is who was alive then (residents who died or moved later still count for earlier months).
    ``progress(done, total)`` is called every few thousand residents (a job that gives way is
    cancelled through it)."""
    tick = progress or (lambda done, total: None)
    tick(0, 1)
    ends = _month_ends(work.today, months)
    keys = [e.isoformat() for e in ends]  # SQLite keeps dates as ISO text: compare as text
    n = len(ends)

    def month_of(day: Any) -> int:
        """Index of the first month end on or after ``day`` (n when after the last one)."""
        text = day.isoformat() if isinstance(day, dt.date) else str(day)
        return bisect.bisect_left(keys, text)

    # difference arrays: a state that starts at month i and ends before month j adds 1 to [i, j)
    pop = [0] * (n + 1)
    alive_until = _alive_until(work.conn, month_of, n, pop)
    reg, act = _registered(observation_rows(work.conn, None), alive_until, month_of, n, tick)
    points = []
    p = r = a = 0
    for i, end in enumerate(ends):
        p += pop[i]
        r += reg[i]
        a += act[i]
        points.append(TrendPoint(p, r, a, f"{end:%Y-%m}"))
    while points and points[0].registered == 0:  # months before anything was recorded
        points.pop(0)
    return points


def _month_ends(today: dt.date, months: int) -> list[dt.date]:
    """The last day of each of the last ``months`` months, oldest first (today for this one)."""
    ends: list[dt.date] = []
    first = today.replace(day=1)
    for _ in range(months):
        ends.append(min(today, _month_end(first)))
        first = (first - dt.timedelta(days=1)).replace(day=1)
    ends.reverse()
    return ends


def _alive_until(
    conn: Connection, month_of: Callable[[Any], int], n: int, pop: list[int]
) -> dict[int, int]:
    """Per resident, the first month end they no longer count at; adds them to ``pop``."""
    alive_until: dict[int, int] = {}
    for rid, sd, changed in read_rows(
        conn, select(R.c.id, R.c.status_dasar, R.c.status_changed_at)
    ):
        # alive at month ends before the status change; a change without a date: never counted
        stop = n if sd == codes.HIDUP else (0 if changed is None else month_of(changed))
        alive_until[int(rid)] = stop
        pop[0] += 1
        pop[stop] -= 1
    return alive_until


def _registered(
    facts: dict[int, list[tuple[Any, ...]]],
    alive_until: dict[int, int],
    month_of: Callable[[Any], int],
    n: int,
    tick: Callable[[int, int], None],
) -> tuple[list[int], list[int]]:
    """Difference arrays of the registered and the active, month by month."""
    reg = [0] * (n + 1)
    act = [0] * (n + 1)

    def add(rid: int, start: int, stop: int, seg: str, st: str) -> None:
        stop = min(stop, alive_until.get(rid, 0))
        if start >= stop or seg not in J.JKN_SEGMENTS:
            return
        reg[start] += 1
        reg[stop] -= 1
        if st == J.AKTIF:
            act[start] += 1
            act[stop] -= 1

    for done, (rid, rows) in enumerate(facts.items()):
        if not done % 4096:
            tick(done, len(facts))
        # the month from which each observation is known: its date, or the day it was recorded
        known = sorted(
            (month_of(r[3] if r[3] is not None else str(r[9])[:10]), i) for i, r in enumerate(rows)
        )
        steps = sorted({m for m, _ in known if m < n})
        for k, start in enumerate(steps):
            stop = steps[k + 1] if k + 1 < len(steps) else n
            state = decide_rows([rows[i] for m, i in known if m <= start])
            if state is not None:
                add(rid, start, stop, state.segment, state.status)
    return reg, act


def _month_end(first: dt.date) -> dt.date:
    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)

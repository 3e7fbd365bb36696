"""Coverage and keaktifan: in total, per dusun and per dusun/RW with the household flags and the
counts behind the suggested actions; and month by month from the observations kept."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.persistence import household_situation as situations
from jkn_desktop.persistence.current_state import decide_rows, observation_rows
from jkn_desktop.persistence.fastread import read_rows
from jkn_desktop.persistence.tables import resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.membership import AreaCoverage, Coverage, TrendPoint

R = resident_t


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


_Member = tuple[str | None, bool, str, str | None, bool, bool]
_Key = tuple[str, int | None]  # a household's listed situations and its desil


def coverage(work: Work) -> Coverage:
    """Coverage and keaktifan, in total and per dusun and per dusun/RW, with the household flags
    and the counts behind the suggested actions.

    Read from the summary kept on write (persistence.household_situation): the households' numbers
    summed per RW along one small index, and the village's residents per situation and desil (a
    few hundred rows), on which the rules — the very function the counter check uses — give the
    counts per step, reason and segment. When the summary cannot be trusted (written outside the
    program's jobs, or built by another version) the same figures are counted from the residents
    (:func:`coverage_streamed`)."""
    conn = work.conn
    if work.writable:
        situations.refresh(conn)  # this job's own writes
    if not situations.trusted(conn):
        return coverage_streamed(work)
    by_rw = {(d, w): list(numbers) for d, w, *numbers in situations.by_area(conn)}
    steps: dict[str, int] = defaultdict(int)
    reasons: dict[str, int] = defaultdict(int)
    segments: dict[str, int] = defaultdict(int)
    for code, desil, n in situations.counts(conn):
        step, alive, seg_key, reason, _registered, _active = situations.member(code, desil)
        if step is not None:
            steps[step] += n
        if alive:
            segments[seg_key] += n
            if reason is not None:
                reasons[reason] += n
    return _build(by_rw, (dict(steps), dict(reasons), dict(segments)))


def repair_summary(work: Work) -> int:
    """Compare the summary with the residents and build it again when they differ (``jkn-desktop
    coverage --periksa``): the repair for rows changed behind the triggers' back. Returns how
    many households were wrong (-1 stands for the counts per situation)."""
    wrong = situations.stale(work.conn)
    if wrong or not situations.trusted(work.conn):
        situations.rebuild(work.conn)
    return len(wrong)


def coverage_streamed(work: Work) -> Coverage:
    """The same figures counted from the residents, one household at a time (one streaming pass
    in household order along a covering index): the summary's oracle in the tests and the check,
    and the way on a database whose summary cannot be trusted."""
    memo: dict[_Key, _Household] = {}
    known: dict[_Key, _Member] = {}
    seen: dict[_Key, int] = defaultdict(int)
    by_rw: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    rows = read_rows(work.conn, situations.summary_select(work.conn.dialect.name))
    for hid, dusun, rw, desil, listed in rows:
        key = (listed, desil)
        summary = memo.get(key)
        if summary is None:
            summary = memo[key] = _summarise(listed, desil, known)
        seen[key] += 1
        if summary.living:
            with_kk = int(hid != situations.NO_HOUSEHOLD)
            _add_households(by_rw[(dusun, rw)], summary, 1, with_kk)
    return _build(by_rw, _tallies(memo, seen))


def _add_households(acc: list[int], summary: _Household, times: int, with_kk: int) -> None:
    """``times`` households alike, ``with_kk`` of them with a KK (residents without one count as
    people, not households)."""
    acc[0] += summary.living * times
    acc[1] += summary.registered * times
    acc[2] += summary.active * times
    acc[3] += with_kk
    if summary.flag == J.FULLY_UNINSURED:
        acc[4] += with_kk
    elif summary.flag == J.PARTLY_UNINSURED:
        acc[5] += with_kk


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


def _summarise(listed: str, desil: int | None, known: dict[_Key, _Member]) -> _Household:
    """``known`` remembers the verdict per situation and desil across households."""
    out = _Household()
    uninsured = 0
    for code in listed.split(","):
        member = known.get((code, desil))
        if member is None:
            member = known[(code, desil)] = situations.member(code, desil)
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

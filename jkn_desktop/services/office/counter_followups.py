"""What the counter log leaves to follow, and a month's counts of the log.

A referral (dirujuk) is open until the resident is an active JKN participant — computed from the
current state, never stored — or until someone closes it by hand with a note (registered
elsewhere, moved away …). A proposal to the APBDes line (diusulkan_apbdes) is open until the
resident is a beneficiary of a line for a month on or after the visit (the current month, for
today's list). A PBI proposal is followed on the Usulan page.

When a follow-up closed itself is a date too, for the month's counts: the date the active state
speaks for (the day it was recorded when the source gives none), or the first day of the first
month the line pays; never before the visit.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import office as O
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.apbdes import parse_period
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import (
    apbdes_beneficiary_t,
    apbdes_line_t,
    counter_visit_t,
    household_t,
    jkn_current_t,
    membership_t,
    resident_t,
)
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import OFFICE
from jkn_desktop.records.counter import CounterMonth, FollowUp, is_active, state_label
from jkn_desktop.services import audit
from jkn_desktop.services.usulan.proposals import check_period

R, H, C, M, V = resident_t, household_t, jkn_current_t, membership_t, counter_visit_t
B, L = apbdes_beneficiary_t, apbdes_line_t

AWAITED: dict[str, str] = {
    O.RUJUK_DAFTAR: "Mendaftar JKN",
    O.RUJUK_AKTIFKAN: "Kepesertaan aktif kembali",
    O.RUJUK_PPU: "Didaftarkan PPU oleh pemberi kerja",
}
AWAITED_APBDES = "Masuk daftar penerima iuran APBDes"


def month_bounds(period: str) -> tuple[dt.date, dt.date]:
    """The first and the last day of ``YYYY-MM`` (a clear message for anything else)."""
    y, m = parse_period(check_period(period))
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


@dataclass(frozen=True, slots=True)
class _Case:
    """One followed visit and the day it closed (by hand or by itself), if it did by today."""

    visit_id: int
    resident_id: int
    kind: str
    visited_on: dt.date
    closed_at: dt.date | None
    row: Any

    def open_on(self, day: dt.date) -> bool:
        return self.visited_on <= day and (self.closed_at is None or self.closed_at > day)


def _activated_on(row: Any) -> dt.date | None:
    """When the resident's current active state begins to count (None: not active now)."""
    if not is_active(row.jkn_segment, row.jkn_status):
        return None
    if row.as_of is not None:
        day: dt.date = row.as_of
    elif row.recorded_at is not None:
        day = row.recorded_at.date()
    else:
        day = row.visited_on
    visited: dt.date = row.visited_on
    return max(day, visited)


def _covered_on(visited_on: dt.date, lines: Iterable[tuple[int, int, int]]) -> dt.date | None:
    """The first day on or after the visit in a month an APBDes line pays for the resident."""
    days = []
    for year, start, end in lines:
        first = max(visited_on, dt.date(year, start, 1))
        if first <= dt.date(year, end, calendar.monthrange(year, end)[1]):
            days.append(first)
    return min(days) if days else None


def _beneficiary_months(
    work: Work, resident_ids: set[int]
) -> dict[int, list[tuple[int, int, int]]]:
    out: dict[int, list[tuple[int, int, int]]] = {}
    if not resident_ids:
        return out
    stmt = (
        select(B.c.resident_id, L.c.year, B.c.start_month, B.c.end_month)
        .select_from(B.join(L, L.c.id == B.c.line_id))
        .where(B.c.resident_id.in_(sorted(resident_ids)))
    )
    for rid, year, start, end in work.conn.execute(stmt):
        out.setdefault(int(rid), []).append((int(year), int(start), int(end)))
    return out


def _cases(work: Work, upto: dt.date) -> list[_Case]:
    """Every referral and APBDes proposal visited on or before ``upto``."""
    stmt = (
        select(
            V.c.id,
            V.c.resident_id,
            V.c.outcome,
            V.c.visited_on,
            V.c.closed_on,
            V.c.service,
            V.c.advice,
            V.c.note,
            V.c.jkn_segment.label("segment_seen"),
            R.c.name,
            R.c.nik,
            R.c.jkn_segment,
            R.c.jkn_status,
            H.c.dusun,
            H.c.rt,
            H.c.rw,
            C.c.as_of,
            M.c.created_at.label("recorded_at"),
        )
        .select_from(
            V.join(R, R.c.id == V.c.resident_id)
            .outerjoin(H, H.c.id == R.c.household_id)
            .outerjoin(C, C.c.resident_id == R.c.id)
            .outerjoin(M, M.c.id == C.c.membership_id)
        )
        .where(V.c.outcome.in_(O.FOLLOWED_OUTCOMES), V.c.visited_on <= upto)
        .order_by(V.c.visited_on, V.c.id)
    )
    rows = work.conn.execute(stmt).all()
    lines = _beneficiary_months(
        work, {int(r.resident_id) for r in rows if r.outcome == O.DIUSULKAN_APBDES}
    )
    today = work.today
    out = []
    for r in rows:
        if r.outcome == O.DIRUJUK:
            itself = _activated_on(r)
        else:
            itself = _covered_on(r.visited_on, lines.get(int(r.resident_id), []))
        closes = [d for d in (r.closed_on, itself) if d is not None and d <= today]
        out.append(
            _Case(
                int(r.id),
                int(r.resident_id),
                r.outcome,
                r.visited_on,
                min(closes) if closes else None,
                r,
            )
        )
    return out


def _latest_open(cases: Iterable[_Case], day: dt.date) -> dict[tuple[int, str], _Case]:
    """Per resident and kind, the latest visit still open on ``day``."""
    out: dict[tuple[int, str], _Case] = {}
    for c in cases:  # in visit order: a later one replaces an earlier one
        if c.open_on(day):
            out[(c.resident_id, c.kind)] = c
    return out


def _followup(c: _Case, today: dt.date) -> FollowUp:
    r = c.row
    if c.kind == O.DIUSULKAN_APBDES:
        awaited = AWAITED_APBDES
    elif r.advice in AWAITED:
        awaited = AWAITED[r.advice]
    else:  # referred although the rule advised otherwise: by what the office saw
        registered = r.segment_seen in J.JKN_SEGMENTS
        awaited = AWAITED[O.RUJUK_AKTIFKAN if registered else O.RUJUK_DAFTAR]
    return FollowUp(
        visit_id=c.visit_id,
        resident_id=c.resident_id,
        kind=c.kind,
        visited_on=c.visited_on,
        days_open=(today - c.visited_on).days,
        name=r.name,
        nik=r.nik,
        dusun=r.dusun or "",
        rt=r.rt or "",
        rw=r.rw or "",
        service=r.service,
        awaited=awaited,
        state_now=state_label(r.jkn_segment or "", r.jkn_status or ""),
        note=r.note,
    )


def followups(work: Work) -> list[FollowUp]:
    """The follow-ups open on the job's day, oldest first: per resident and kind only the latest
    visit (closing it closes the earlier ones too)."""
    today = work.today
    open_ = _latest_open(_cases(work, today), today)
    items = [_followup(c, today) for c in open_.values()]
    return sorted(items, key=lambda f: (f.visited_on, f.visit_id))


def close_followup(work: Work, visit_id: int, note: str) -> int:
    """Close a follow-up by hand, dated the job's day, with the reason; the resident's earlier
    open visits of the same kind close with it. Returns how many visits were closed."""
    work.require(perm.MEMBERSHIP)
    note = " ".join(note.split())
    if not note:
        raise UserError("LOKET_TUTUP")
    conn = work.conn
    row = conn.execute(
        select(V.c.resident_id, V.c.outcome, V.c.visited_on, V.c.closed_on, R.c.nik)
        .select_from(V.join(R, R.c.id == V.c.resident_id))
        .where(V.c.id == visit_id)
    ).first()
    if row is None or row.outcome not in O.FOLLOWED_OUTCOMES or row.closed_on is not None:
        raise UserError("LOKET_TUTUP.hilang")
    ids = list(
        conn.execute(
            select(V.c.id).where(
                V.c.resident_id == row.resident_id,
                V.c.outcome == row.outcome,
                V.c.closed_on.is_(None),
                V.c.visited_on <= row.visited_on,
            )
        ).scalars()
    )
    conn.execute(update(V).where(V.c.id.in_(ids)).values(closed_on=work.today, closed_note=note))
    for vid in ids:
        audit.note(
            work,
            action="update",
            entity="counter_visit",
            entity_id=vid,
            entity_key=f"{row.nik} {O.OUTCOME_SHORT[row.outcome]}",
            changes={"closed_on": (None, work.today), "closed_note": ("", note)},
            reason=note,
        )
    work.touch(OFFICE, *ids)
    return len(ids)


def remove_visit(work: Work, visit_id: int, reason: str) -> None:
    """Take back a visit written by mistake (the wrong person, service or outcome), with the
    reason; the audit trail keeps what it said. A proposal it made stays on the Usulan page,
    where a draft can be deleted with its own reason."""
    work.require(perm.MEMBERSHIP)
    reason = " ".join(reason.split())
    if not reason:
        raise UserError("LOKET_HAPUS")
    conn = work.conn
    row = conn.execute(
        select(V.c.service, V.c.outcome, V.c.note, V.c.visited_on, R.c.nik)
        .select_from(V.join(R, R.c.id == V.c.resident_id))
        .where(V.c.id == visit_id)
    ).first()
    if row is None:
        raise UserError("LOKET_HAPUS.hilang")
    conn.execute(delete(V).where(V.c.id == visit_id))
    audit.note(
        work,
        action="delete",
        entity="counter_visit",
        entity_id=visit_id,
        entity_key=f"{row.nik} {row.service}",
        changes={
            "visited_on": (row.visited_on, None),
            "outcome": (row.outcome, None),
            "note": (row.note or None, None),
        },
        reason=reason,
    )
    work.touch(OFFICE, visit_id)


def month_counts(work: Work, period: str) -> CounterMonth:
    """A month at the counter: visits per outcome (every outcome, zeros included) and per
    service, refusals where the rule advised offering a proposal, follow-ups open at the month's
    end (or on the job's day if earlier) and closed during the month — counted per resident and
    kind."""
    first, last = month_bounds(period)
    rows = work.conn.execute(
        select(V.c.outcome, V.c.service, V.c.advice).where(
            V.c.visited_on >= first, V.c.visited_on <= last
        )
    ).all()
    by_outcome = dict.fromkeys(O.OUTCOMES, 0)
    by_service: dict[str, int] = {}
    for outcome, service, _ in rows:
        by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
        by_service[service] = by_service.get(service, 0) + 1
    refused = sum(1 for o, _, a in rows if o == O.DITOLAK and a == O.TAWARKAN_USULAN)
    cases = _cases(work, last)
    open_ = _latest_open(cases, min(last, work.today))
    closed = {
        (c.resident_id, c.kind)
        for c in cases
        if c.closed_at is not None and first <= c.closed_at <= last
    }
    return CounterMonth(
        period=f"{first.year}-{first.month:02d}",
        total=len(rows),
        by_outcome=by_outcome,
        by_service=dict(sorted(by_service.items(), key=lambda kv: (-kv[1], kv[0]))),
        refused_without_offer=refused,
        followups_open=len(open_),
        followups_closed=len(closed),
    )

"""JKN membership evidence: every observation is a row in ``membership``; ``jkn_current`` holds, per
resident, the one the rule of ``J.decide`` takes (authority of the source, then the date it speaks
for) and is updated in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.errors import UserError
from jkn_desktop.messages import message
from jkn_desktop.persistence.bulk import insert_many, stamp
from jkn_desktop.persistence.current_state import recompute_current
from jkn_desktop.persistence.tables import audit_t, jkn_current_t, membership_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import MEMBERSHIP
from jkn_desktop.records.membership import MembershipEntry, Observation
from jkn_desktop.services.membership import standing_copy

R = resident_t
C = jkn_current_t
M = membership_t


def validate_observation(obs: Observation, today: dt.date) -> None:
    problems = []
    if obs.segment not in J.SEGMENTS:
        problems.append(message("MEMBERSHIP_INVALID.segment", segment=obs.segment))
    if obs.status not in J.STATUSES:
        problems.append(message("MEMBERSHIP_INVALID.status", status=obs.status))
    if obs.source not in J.SOURCES:
        problems.append(message("MEMBERSHIP_INVALID.source", source=obs.source))
    if obs.kelas not in (None, 1, 2, 3):
        problems.append(message("MEMBERSHIP_INVALID.kelas"))
    if obs.card_no and not J.card_no_valid(obs.card_no):
        problems.append(message("MEMBERSHIP_INVALID.card"))
    if obs.as_of is not None and obs.as_of > today:
        problems.append(message("MEMBERSHIP_INVALID.future"))
    if obs.source in ("kartu", "pengakuan") and obs.as_of is None:
        problems.append(message("MEMBERSHIP_INVALID.undated"))
    if problems:
        raise UserError("MEMBERSHIP_INVALID", problems=" ".join(problems))


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _audit_text(o: Observation) -> str:
    when = f"per {tanggal(o.as_of)}" if o.as_of else "tanpa tanggal"
    segment = J.SEGMENT_SHORT.get(o.segment, o.segment)
    what = (
        f"tidak ada di daftar {segment}"
        if o.absent
        else f"{segment}, {J.STATUSES.get(o.status, o.status).lower()}"
    )
    ref = f": {o.source_ref}" if o.source_ref else ""
    return f"{what} {when} ({J.SOURCES.get(o.source, o.source).lower()}{ref})"


def record_observations(
    work: Work, observations: Sequence[Observation], *, reason: str = ""
) -> int:
    """Insert observations, decide the current state of every resident they concern again (the
    rule in ``J.decide``), and write one audit row per observation, all in the job's transaction,
    by the job's user. Returns how many were written."""
    work.require(perm.MEMBERSHIP)
    if not observations:
        return 0
    conn, now, user = work.conn, stamp(work.now), work.user  # the moment converted once
    insert_many(conn, M, [{**o.row(), "created_at": now, "actor": user} for o in observations])
    residents = {o.resident_id for o in observations}
    recompute_current(conn, residents)
    standing_copy.refresh(conn, residents)  # their date and next step on the resident
    # one row per observation, written in bulk (an import records tens of thousands)
    audit = [
        {
            "at": now,
            "actor": user,
            "action": "membership",
            "entity": "resident",
            "entity_id": o.resident_id,
            "entity_key": "",
            "field": "kepesertaan JKN",
            "old_value": None,
            "new_value": _audit_text(o),
            "reason": reason or o.note,
        }
        for o in observations
    ]
    insert_many(conn, audit_t, audit)
    work.touch(MEMBERSHIP, *residents)
    return len(observations)


def add_observation(work: Work, obs: Observation) -> None:
    """One observation from the window (card seen at the office, resident's statement, …)."""
    work.require(perm.MEMBERSHIP)
    validate_observation(obs, work.today)
    exists = work.conn.execute(select(R.c.id).where(R.c.id == obs.resident_id)).scalar()
    if exists is None:
        raise UserError("RESIDENT_NOT_FOUND")
    record_observations(work, [obs], reason=obs.note)


def history(work: Work, resident_id: int) -> list[MembershipEntry]:
    """Every observation of a resident, newest first (undated ones last), the one that holds
    marked."""
    conn = work.conn
    rows = conn.execute(
        select(
            M.c.id,
            M.c.segment,
            M.c.kelas,
            M.c.card_no,
            M.c.status,
            M.c.fktp,
            M.c.as_of,
            M.c.period,
            M.c.source,
            M.c.source_ref,
            M.c.note,
            M.c.actor,
            M.c.created_at,
            M.c.absent,
        )
        .where(M.c.resident_id == resident_id)
        .order_by(M.c.as_of.is_(None), M.c.as_of.desc(), M.c.id.desc())
    ).all()
    held = conn.execute(select(C.c.membership_id).where(C.c.resident_id == resident_id)).scalar()
    return [MembershipEntry(*r, holds=r[0] == held) for r in rows]  # type: ignore[call-arg]

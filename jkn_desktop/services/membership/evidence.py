"""JKN membership evidence: every observation is a row in ``membership``; ``jkn_current`` holds, per
resident, the one the rule of ``J.decide`` takes (authority of the source, then the date it speaks
for) and is updated in the same transaction."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, delete, select

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.errors import UserError
from jkn_desktop.messages import message
from jkn_desktop.persistence.bulk import chunks, insert_many, update_many
from jkn_desktop.persistence.fastread import read_rows
from jkn_desktop.persistence.models import audit_t, jkn_current_t, membership_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import MEMBERSHIP
from jkn_desktop.records.membership import CurrentState, MembershipEntry, Observation

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
    if not observations:
        return 0
    conn, now, user = work.conn, work.now, work.user
    insert_many(conn, M, [{**o.row(), "created_at": now, "actor": user} for o in observations])
    residents = {o.resident_id for o in observations}
    recompute_current(conn, residents)
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


_FACT_COLUMNS = (
    M.c.resident_id,
    M.c.id,
    M.c.source,
    M.c.as_of,
    M.c.segment,
    M.c.status,
    M.c.absent,
    M.c.kelas,
    M.c.card_no,
    M.c.created_at,
)


def observation_rows(
    conn: Connection, resident_ids: set[int] | None, until: dt.date | None = None
) -> dict[int, list[tuple[Any, ...]]]:
    """Observation rows per resident (all of them, or those known by the end of ``until``: dated
    on or before it, or undated and recorded by then)."""
    stmt = select(*_FACT_COLUMNS)
    out: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    if resident_ids is None or len(resident_ids) > 5000:
        rows: Iterable[tuple[Any, ...]] = read_rows(conn, stmt)
        if resident_ids is not None:
            rows = (r for r in rows if r[0] in resident_ids)
    else:
        ids = sorted(resident_ids)
        rows = [
            r
            for part in chunks(ids)
            for r in read_rows(conn, stmt.where(M.c.resident_id.in_(part)))
        ]
    limit = until.isoformat() if until else None
    for r in rows:
        if limit is not None:
            as_of = r[3]
            known = str(as_of)[:10] if as_of is not None else str(r[9])[:10]
            if known > limit:
                continue
        out[int(r[0])].append(r)
    return out


def known_by(row: tuple[Any, ...], on: dt.date) -> bool:
    """An observation row (``_FACT_COLUMNS``) is known at the end of ``on``: dated on or before
    it, or undated and recorded by then."""
    when = row[3] if row[3] is not None else row[9]
    return str(when)[:10] <= on.isoformat()


def decide_rows(rows: Sequence[tuple[Any, ...]]) -> CurrentState | None:
    """The rule over one resident's observation rows (``_FACT_COLUMNS``)."""
    if len(rows) == 1:  # most residents: one observation, which holds
        r = rows[0]
        status = J.NONAKTIF if r[6] else r[5]
        return CurrentState(int(r[1]), r[4], r[7], r[8] or "", status, _date(r[3]), r[2], None)
    facts = [J.Fact(int(r[1]), r[2], _date(r[3]), r[4], r[5], bool(r[6])) for r in rows]
    decision = J.decide(facts)
    held = decision.current
    if held is None:
        return None
    row = next(r for r in rows if int(r[1]) == held.seq)
    card = row[8] or ""
    if not card:  # the list row that dropped someone may not repeat the card: the last one known
        same = [f for f in facts if f.segment == held.segment]
        for f in sorted(same, key=J.Fact.rank, reverse=True):
            card = next((r[8] for r in rows if int(r[1]) == f.seq and r[8]), "")
            if card:
                break
    status = J.NONAKTIF if held.absent else held.status
    return CurrentState(
        held.seq, held.segment, row[7], card, status, held.as_of, held.source, decision.other_active
    )


def _current_rows(conn: Connection, wanted: set[int], every: bool) -> dict[int, tuple[Any, ...]]:
    """What ``jkn_current`` holds now for the residents wanted (``every``: read it all)."""
    cur = select(C.c.resident_id, C.c.membership_id, C.c.card_no, C.c.other_active, C.c.status)
    if every or len(wanted) > 5000:
        return {int(r[0]): r for r in read_rows(conn, cur) if every or r[0] in wanted}
    old: dict[int, tuple[Any, ...]] = {}
    for part in chunks(sorted(wanted)):
        old.update({int(r[0]): r for r in read_rows(conn, cur.where(C.c.resident_id.in_(part)))})
    return old


def recompute_current(conn: Connection, resident_ids: set[int] | None = None) -> int:
    """Decide the current state again for some residents (None: all) and keep ``jkn_current`` and
    the mirror on ``resident`` in step. Returns how many residents changed."""
    facts = observation_rows(conn, resident_ids)
    wanted = set(facts) if resident_ids is None else resident_ids
    states = {rid: decide_rows(rows) for rid, rows in facts.items()}
    old = _current_rows(conn, wanted, resident_ids is None)
    fresh, moved, gone = [], [], []
    for rid in wanted:
        st = states.get(rid)
        if st is None:
            if rid in old:
                gone.append(rid)
            continue
        values = {
            "resident_id": rid,
            "membership_id": st.membership_id,
            "segment": st.segment,
            "kelas": st.kelas,
            "card_no": st.card_no,
            "status": st.status,
            "as_of": st.as_of,
            "source": st.source,
            "other_active": st.other_active,
        }
        if rid not in old:
            fresh.append(values)
        elif tuple(old[rid][1:]) != (st.membership_id, st.card_no, st.other_active, st.status):
            moved.append(values)
    for part in chunks(gone):
        conn.execute(delete(C).where(C.c.resident_id.in_(part)))
    insert_many(conn, C, fresh)
    update_many(conn, C, "resident_id", moved)
    mirror = [
        {
            "id": v["resident_id"],
            "jkn_segment": v["segment"],
            "jkn_status": v["status"],
            "jkn_other": v["other_active"],
        }
        for v in (*fresh, *moved)
    ]
    mirror += [
        {"id": rid, "jkn_segment": None, "jkn_status": None, "jkn_other": None} for rid in gone
    ]
    update_many(conn, R, "id", mirror)
    return len(mirror)


def states_at(conn: Connection, on: dt.date) -> dict[int, CurrentState]:
    """Every resident's state as the observations known at the end of ``on`` decide it."""
    out = {}
    for rid, rows in observation_rows(conn, None, until=on).items():
        st = decide_rows(rows)
        if st is not None:
            out[rid] = st
    return out


def add_observation(work: Work, obs: Observation) -> None:
    """One observation from the window (card seen at the office, resident's statement, …)."""
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

"""The decided state, kept in step with the evidence.

``jkn_current`` (and its mirror on ``resident``) holds, for every resident, the membership that
the rule in ``domain.jkn.decide`` lets stand. It is derived data: whoever records or removes an
observation calls :func:`recompute_current` in the same transaction; migrations that bring old
data under the rule call it too, which is why it lives here and not in a service.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, delete, select

from jkn_desktop.domain import jkn as J
from jkn_desktop.persistence.bulk import chunks, insert_many, update_many
from jkn_desktop.persistence.fastread import read_rows
from jkn_desktop.persistence.tables import jkn_current_t, membership_t, resident_t
from jkn_desktop.records.membership import CurrentState

R = resident_t
C = jkn_current_t
M = membership_t


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


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
    cur = select(
        C.c.resident_id,
        C.c.membership_id,
        C.c.card_no,
        C.c.other_active,
        C.c.status,
        C.c.segment,
    )
    if every or len(wanted) > 5000:
        return {int(r[0]): r for r in read_rows(conn, cur) if every or r[0] in wanted}
    old: dict[int, tuple[Any, ...]] = {}
    for part in chunks(sorted(wanted)):
        old.update({int(r[0]): r for r in read_rows(conn, cur.where(C.c.resident_id.in_(part)))})
    return old


# jkn_current's columns outside its indexes (card_no; segment, status), with its key
_UNINDEXED = ("resident_id", "membership_id", "kelas", "as_of", "source", "other_active")


def recompute_current(conn: Connection, resident_ids: set[int] | None = None) -> int:
    """Decide the current state again for some residents (None: all) and keep ``jkn_current`` and
    the mirror on ``resident`` in step. Returns how many residents changed."""
    facts = observation_rows(conn, resident_ids)
    wanted = set(facts) if resident_ids is None else resident_ids
    states = {rid: decide_rows(rows) for rid, rows in facts.items()}
    old = _current_rows(conn, wanted, resident_ids is None)
    fresh, moved, gone = [], [], []
    # rows whose indexed columns (segment, status, card) stay: only the others are written, so
    # SQLite leaves those indexes alone (a month's list moves tens of thousands of rows so)
    quiet: list[dict[str, Any]] = []
    mirror: list[dict[str, Any]] = []  # the state's copy on resident, where it changes
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
        copy = {
            "id": rid,
            "jkn_segment": st.segment,
            "jkn_status": st.status,
            "jkn_other": st.other_active,
        }
        if rid not in old:
            fresh.append(values)
            mirror.append(copy)
            continue
        _, membership_id, card_no, other_active, status, segment = old[rid]
        if (membership_id, card_no, other_active, status) != (
            st.membership_id,
            st.card_no,
            st.other_active,
            st.status,
        ):
            if (segment, status, card_no) == (st.segment, st.status, st.card_no):
                quiet.append({k: values[k] for k in _UNINDEXED})
            else:
                moved.append(values)
            if (segment, status, other_active) != (st.segment, st.status, st.other_active):
                mirror.append(copy)  # else the mirror says the same already
    for part in chunks(gone):
        conn.execute(delete(C).where(C.c.resident_id.in_(part)))
    insert_many(conn, C, fresh)
    update_many(conn, C, "resident_id", moved)
    update_many(conn, C, "resident_id", quiet)
    mirror += [
        {"id": rid, "jkn_segment": None, "jkn_status": None, "jkn_other": None} for rid in gone
    ]
    update_many(conn, R, "id", mirror)
    return len(fresh) + len(moved) + len(quiet) + len(gone)


def states_at_each(conn: Connection, days: Sequence[dt.date]) -> list[dict[int, CurrentState]]:
    """:func:`states_at` for each of ``days``, from one read of the observations (a resident
    whose observations were all known by both days is decided once)."""
    limits = [d.isoformat() for d in days]
    out: list[dict[int, CurrentState]] = [{} for _ in days]
    for rid, rows in observation_rows(conn, None).items():
        known = [str(r[3] if r[3] is not None else r[9])[:10] for r in rows]
        last: tuple[int, CurrentState | None] | None = None
        for i, limit in enumerate(limits):
            chosen = [r for r, k in zip(rows, known, strict=True) if k <= limit]
            if not chosen:
                continue
            if last is not None and last[0] == len(chosen):
                st = last[1]  # the same observations: the same decision
            else:
                st = decide_rows(chosen)
                last = (len(chosen), st)
            if st is not None:
                out[i][rid] = st
    return out


def states_at(conn: Connection, on: dt.date) -> dict[int, CurrentState]:
    """Every resident's state as the observations known at the end of ``on`` decide it."""
    out = {}
    for rid, rows in observation_rows(conn, None, until=on).items():
        st = decide_rows(rows)
        if st is not None:
            out[rid] = st
    return out

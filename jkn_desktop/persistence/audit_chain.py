"""The audit trail's hash chain (issue #14, decision 22): every entry carries the SHA-256 of the
entry before it and of its own columns, so an entry edited, removed or added outside the program
(the sqlite3 shell, a hex editor) breaks the chain where it happened.

The chain is written when a job commits, for the rows the job added, in id order
(``Database.work`` calls :func:`seal`), so every service that adds audit rows — one at a time, in
bulk, or with ``INSERT … SELECT`` — is covered without knowing it. On SQLite one ``UPDATE`` walks
the job's rows, SQLite writes each row's columns as one text (``printf('%Q')``, see ``TEXT``) and a
Python function hashes it, instead of Python reading the rows back and writing them one by one.
:func:`walk` checks the whole trail and names the first entry that does not hold. The head
(``audit_seal``) names the last sealed entry, so removing the newest entries shows too.

The formula must never change (every chain already written would break): migration 0012 writes
it out again for the entries made before it, and a test checks the two agree.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from jkn_desktop.persistence.tables import audit_seal_t, audit_t

# the predecessor of the first entry
GENESIS = "0" * 64
# what each link covers, in this order, as SQLite stores it
COLUMNS = (
    "id",
    "at",
    "actor",
    "action",
    "entity",
    "entity_id",
    "entity_key",
    "field",
    "old_value",
    "new_value",
    "reason",
)
# an entry as one text: the id, then each column quoted by SQLite's printf %Q ('it''s', NULL),
# read as UTF-8 bytes (a text someone stored that is not UTF-8 is still read)
TEXT = "CAST(printf('%d" + ",%Q" * (len(COLUMNS) - 1) + "', " + ", ".join(COLUMNS) + ") AS BLOB)"
_FUNCTION = "jkn_audit_link"
CHUNK = 20_000  # entries read at a time by verify

# what went wrong at an entry (``ChainBreak.kind``)
OUTSIDE = "outside"  # no chain at all: added by something other than the program
CHANGED = "changed"  # the link does not hold: this entry changed, or the one before was removed
REMOVED = "removed"  # entries before this one are missing (a gap in the ids)
HEAD = "head"  # the head does not match the trail's end: the newest entries were removed


def link(previous: str | None, text: bytes) -> str:
    """One entry's chain: SHA-256 (hex) of the previous entry's chain (``GENESIS`` before the
    first; an entry with no chain counts as empty), ASCII, followed by the entry's ``TEXT``."""
    return hashlib.sha256((previous or "").encode("ascii") + text).hexdigest()


def quoted(row: tuple[Any, ...]) -> bytes:
    """``TEXT`` written by Python, for a database without SQLite's printf (and the tests)."""

    def q(value: Any) -> str:
        return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"

    return ",".join([str(int(row[0])), *map(q, row[1:])]).encode("utf-8")


def server_text(row: tuple[Any, ...]) -> bytes:
    """``TEXT`` of an entry on a PostgreSQL server: as :func:`quoted`, with its moment written in
    UTC, so the chain does not depend on the zone of the session that reads it."""
    at = row[1]
    if isinstance(at, dt.datetime):
        at = at.astimezone(dt.UTC).isoformat(sep=" ")
    return quoted((row[0], at, *row[2:]))


def last_id(conn: Connection) -> int:
    """The newest entry's id (0 when there is none): a job's own entries come after it."""
    return int(conn.execute(select(func.coalesce(func.max(audit_t.c.id), 0))).scalar_one())


# PostgreSQL's SQLSTATEs for a table or a column that is not there
_UNDEFINED = {"42P01", "42703"}


def missing(exc: BaseException) -> bool:
    """The database's answer when the trail's table or a column of it is gone (SQLite's text,
    PostgreSQL's SQLSTATE)."""
    orig = getattr(exc, "orig", None) or exc
    if getattr(orig, "sqlstate", None) in _UNDEFINED:
        return True
    return "no such table" in str(exc) or "no such column" in str(exc)


def _chain_before(conn: Connection, after: int) -> str:
    """The chain the entry after ``after`` links to."""
    row = conn.execute(
        select(audit_t.c.chain).where(audit_t.c.id <= after).order_by(audit_t.c.id.desc()).limit(1)
    ).first()
    if row is None:
        return GENESIS
    return str(row[0] or "")


def seal(conn: Connection, after: int, now: dt.datetime) -> int:
    """Chain the entries with an id above ``after`` (the job's own: a writer holds SQLite's write
    lock until it commits, so nobody else adds entries meanwhile) and move the head to the last
    one. Returns how many were chained."""
    top = last_id(conn)
    if top <= after:
        return 0
    state: list[Any] = [_chain_before(conn, after), after]
    if conn.dialect.name == "sqlite":
        count = _seal_sqlite(conn, after, state)
    else:
        count = _seal_generic(conn, after, state)
    _move_head(conn, int(state[1]), str(state[0]), count, now)
    return count


class _Linker:
    """The SQL function the chain's UPDATE calls, registered once per connection (SQLite refuses
    to replace or drop a function while any statement of the connection is still open, e.g. the
    cursor of a job that ended in an error): each seal hands it its state, and takes it back."""

    def __init__(self) -> None:
        self.state: list[Any] | None = None

    def __call__(self, entry_id: int, text: bytes) -> str:
        state = self.state
        if state is None:
            raise ValueError("the audit chain's function is only for the program's seal")
        if entry_id <= state[1]:
            raise ValueError("audit entries reached the chain out of id order")
        state[0] = link(state[0], text)
        state[1] = entry_id
        return str(state[0])


def _seal_sqlite(conn: Connection, after: int, state: list[Any]) -> int:
    """One UPDATE over the job's rows; SQLite visits them in id order (a range of the rowid),
    and the function refuses any other order rather than write a wrong chain."""
    info = conn.connection.info
    linker = info.get(_FUNCTION)
    if not isinstance(linker, _Linker):
        raw = conn.connection.driver_connection
        assert raw is not None
        linker = info[_FUNCTION] = _Linker()
        raw.create_function(_FUNCTION, 2, linker)
    linker.state = state
    try:
        cursor = conn.exec_driver_sql(
            f"UPDATE audit_log SET chain = {_FUNCTION}(id, {TEXT}) WHERE id > ?", (after,)
        )
        return int(cursor.rowcount)
    finally:
        linker.state = None


def _seal_generic(conn: Connection, after: int, state: list[Any]) -> int:
    cols = [audit_t.c[name] for name in COLUMNS]
    rows = conn.execute(select(*cols).where(audit_t.c.id > after).order_by(audit_t.c.id))
    params = []
    for row in rows:
        state[0] = link(state[0], server_text(tuple(row)))
        state[1] = row[0]
        params.append({"_id": row[0], "_chain": state[0]})
    if params:
        conn.execute(
            update(audit_t)
            .where(audit_t.c.id == bindparam("_id"))
            .values(chain=bindparam("_chain")),
            params,
        )
    return len(params)


def _move_head(conn: Connection, last: int, chain: str, count: int, now: dt.datetime) -> None:
    S = audit_seal_t
    moved = conn.execute(
        update(S).values(last_id=last, chain=chain, entries=S.c.entries + count, sealed_at=now)
    )
    if not moved.rowcount:  # the head was removed: a new one counts only these entries
        conn.execute(insert(S).values(last_id=last, chain=chain, entries=count, sealed_at=now))


# --- checking ------------------------------------------------------------------------------------
def _chunks(conn: Connection) -> Iterator[list[tuple[Any, ...]]]:
    """Every entry as (id, time as stored, ``TEXT``, stored chain), in id order, a chunk at a
    time, straight from the file: the program's type conversions must not stand between the file
    and the check. On a server: the columns through the driver, ``TEXT`` made by Python."""
    if conn.dialect.name != "sqlite":
        yield from _server_chunks(conn)
        return
    raw = conn.connection.driver_connection
    assert raw is not None
    after = -(2**63)
    while True:
        rows = raw.execute(
            f"SELECT id, CAST(at AS TEXT), {TEXT}, chain FROM audit_log WHERE id > ? "
            "ORDER BY id LIMIT ?",
            (after, CHUNK),
        ).fetchall()
        if not rows:
            return
        yield rows
        after = rows[-1][0]


def _server_chunks(conn: Connection) -> Iterator[list[tuple[Any, ...]]]:
    cols = [audit_t.c[name] for name in COLUMNS]
    after = -(2**31)  # the id column is a 32-bit integer on PostgreSQL
    while True:
        rows = conn.execute(
            select(*cols, audit_t.c.chain)
            .where(audit_t.c.id > after)
            .order_by(audit_t.c.id)
            .limit(CHUNK)
        ).all()
        if not rows:
            return
        yield [(r[0], str(r[1]), server_text(tuple(r[:-1])), r[-1]) for r in rows]
        after = rows[-1][0]


class Walk:
    """What :func:`walk` found: the entries, how many do not hold, the first that does not (its
    id, its time as stored and what is wrong), and the last entry's id and chain."""

    def __init__(self) -> None:
        self.entries = 0
        self.broken = 0
        self.first: tuple[int | None, str | None, str] | None = None
        self.last_id = 0
        self.last_chain = GENESIS
        self.head_problem = ""

    def flag(self, entry_id: int | None, at: str | None, kind: str) -> None:
        self.broken += 1
        if self.first is None:
            self.first = (entry_id, at, kind)


def walk(
    conn: Connection,
    progress: Callable[[int, int], None] | None = None,
) -> Walk:
    """Check every link and the head. ``progress(done, total)`` after each chunk."""
    total = int(conn.execute(select(func.count()).select_from(audit_t)).scalar_one())
    found = Walk()
    previous: str | None = GENESIS
    previous_id: int | None = None
    for rows in _chunks(conn):
        for entry_id, at, text, stored in rows:
            if stored is None:
                found.flag(entry_id, at, OUTSIDE)
            elif link(previous, text) != stored:
                gap = previous_id is not None and entry_id != previous_id + 1
                found.flag(entry_id, at, REMOVED if gap else CHANGED)
            previous, previous_id = stored, entry_id
        found.entries += len(rows)
        found.last_id = rows[-1][0]
        found.last_chain = rows[-1][-1] or ""
        if progress:
            progress(found.entries, max(total, found.entries))
    _check_head(conn, found)
    return found


def _check_head(conn: Connection, found: Walk) -> None:
    S = audit_seal_t
    heads = conn.execute(select(S.c.last_id, S.c.chain, S.c.entries)).all()
    if len(heads) != 1:
        found.head_problem = "missing" if not heads else "several"
    else:
        last, chain, entries = heads[0]
        if last > found.last_id or (last == found.last_id and chain != found.last_chain):
            found.head_problem = "removed_at_end"
        elif last != found.last_id or entries != found.entries:
            found.head_problem = "count"
    if found.head_problem:
        found.broken += 1
        if found.first is None:
            found.first = (None, None, HEAD)

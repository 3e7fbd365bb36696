"""A bulk insert of residents (an import) without paying row by row for what SQLite derives from
the rows: the name index (FTS5 trigram, kept current by three triggers of db/versions/0001) is
told of the new rows in one statement afterwards, and when the insert at least doubles the table
the secondary indexes are built again once, sorted, instead of growing one random insert at a
time. Everything happens in the caller's transaction: DDL is transactional in SQLite, so a
rollback (a failure, a Cancel, a killed process) brings triggers, indexes and the name index
back exactly as they were. The trigger that marks a new resident's household for the coverage
summary (persistence.household_situation) is lifted too: the households of all new rows are marked
in one statement afterwards."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection

NAME_TRIGGERS = ("resident_fts_ai", "resident_fts_ad", "resident_fts_au")
SITUATION_TRIGGER = "household_situation_ri"  # migration 0009
_LIFTED = (*NAME_TRIGGERS, SITUATION_TRIGGER)
# rebuilding the secondary indexes pays once the insert is big and at least doubles the table:
# 100,000 residents into an empty registry, 1.4 s instead of 2.1 s (docs/decisions.md)
REBUILD_MIN_ROWS = 10_000


@contextmanager
def resident_bulk_insert(conn: Connection, *, adding: int) -> Iterator[None]:
    """Around the INSERT of ``adding`` residents. Only INSERTs into ``resident``, and UPDATEs of
    the new rows that leave the name alone, may run inside: an UPDATE or DELETE of a name there
    would not reach the name index. Other databases keep
    their own means and nothing changes there."""
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.driver_connection
    assert raw is not None
    marks = ",".join("?" * len(_LIFTED))
    triggers = raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'resident' "
        f"AND name IN ({marks}) ORDER BY name",
        _LIFTED,
    ).fetchall()
    (before, count) = raw.execute("SELECT coalesce(max(id), 0), count(*) FROM resident").fetchone()
    indexes = []
    if adding >= REBUILD_MIN_ROWS and adding >= count:
        # the declared indexes (a UNIQUE constraint's own index has no SQL and stays)
        indexes = raw.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'resident' "
            "AND sql IS NOT NULL ORDER BY name"
        ).fetchall()
    for name, _sql in triggers:
        raw.execute(f'DROP TRIGGER "{name}"')
    for name, _sql in indexes:
        raw.execute(f'DROP INDEX "{name}"')
    failed = False
    try:
        yield
    except BaseException:
        failed = True
        raise
    finally:
        try:
            for _name, sql in indexes:
                raw.execute(sql)
            names = {name for name, _sql in triggers}
            if names & set(NAME_TRIGGERS):
                raw.execute(
                    "INSERT INTO resident_fts(rowid, name) "
                    "SELECT id, name FROM resident WHERE id > ?",
                    (before,),
                )
            if SITUATION_TRIGGER in names:
                raw.execute(
                    "INSERT OR IGNORE INTO household_situation_dirty (household_id) "
                    "SELECT DISTINCT coalesce(household_id, 0) FROM resident WHERE id > ?",
                    (before,),
                )
            for _name, sql in triggers:
                raw.execute(sql)
        except sqlite3.Error:
            if not failed:
                raise
            # the transaction is lost already: its rollback restores all of it

"""Name search. On SQLite an FTS5 trigram index answers substring queries in milliseconds; other
databases fall back to a case-insensitive LIKE. This is the only place that knows the difference."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import ColumnElement, Connection, and_, func, literal_column, select, text
from sqlalchemy.sql.elements import TextClause

from jkn_desktop.persistence.models import resident_t

# the triggers of db/versions/0001 that keep resident_fts current row by row
NAME_TRIGGERS = ("resident_fts_ai", "resident_fts_ad", "resident_fts_au")


def _fts_ids(tokens: list[str]) -> TextClause:
    query = " AND ".join('"' + t.replace('"', '""') + '"' for t in tokens)
    return text("SELECT rowid FROM resident_fts WHERE resident_fts MATCH :fts_query").bindparams(
        fts_query=query
    )


def name_condition(dialect: str, words: list[str]) -> ColumnElement[bool]:
    """A WHERE condition: every word occurs somewhere in the resident's name."""
    long_words = [w for w in words if len(w) >= 3]
    short_words = [w for w in words if len(w) < 3]
    conds: list[ColumnElement[bool]] = []
    if dialect == "sqlite" and long_words:
        fts = _fts_ids(long_words).columns(literal_column("rowid")).subquery()
        conds.append(resident_t.c.id.in_(select(fts.c.rowid)))
    else:
        short_words = words
    for w in short_words:
        escaped = w.upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conds.append(resident_t.c.name_key.like(f"%{escaped}%", escape="\\"))
    return and_(*conds)


def mostly_true(dialect: str, condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """Tell SQLite's planner a condition keeps most rows, so it walks the households in index
    order (for sorts by dusun/RW/RT) instead of starting from the residents' status index."""
    if dialect == "sqlite":
        hinted: ColumnElement[bool] = func.likelihood(condition, literal_column("0.95"))
        return hinted
    return condition


@contextmanager
def names_indexed_after(conn: Connection) -> Iterator[None]:
    """For a bulk INSERT of residents in the caller's transaction: the name index learns the new
    rows in one statement afterwards instead of through a trigger per row (half the cost of
    inserting 100,000 residents). On SQLite the three triggers are dropped, the block runs, the
    rows with an id above the largest before it are indexed, and the triggers are created again
    from their own text in ``sqlite_master``. DDL is transactional in SQLite, so a rollback (a
    failure, a Cancel, a killed process) brings back the triggers and the index as they were.

    Only INSERTs into ``resident`` may run inside: an UPDATE or DELETE of a name there would not
    reach the index."""
    if conn.dialect.name != "sqlite":
        yield
        return
    raw = conn.connection.driver_connection
    assert raw is not None
    marks = ",".join("?" * len(NAME_TRIGGERS))
    triggers = raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'resident' "
        f"AND name IN ({marks}) ORDER BY name",
        NAME_TRIGGERS,
    ).fetchall()
    if not triggers:  # no index to keep (a schema without it)
        yield
        return
    (before,) = raw.execute("SELECT coalesce(max(id), 0) FROM resident").fetchone()
    for name, _sql in triggers:
        raw.execute(f'DROP TRIGGER "{name}"')
    failed = False
    try:
        yield
    except BaseException:
        failed = True
        raise
    finally:
        try:
            raw.execute(
                "INSERT INTO resident_fts(rowid, name) SELECT id, name FROM resident WHERE id > ?",
                (before,),
            )
            for _name, sql in triggers:
                raw.execute(sql)
        except sqlite3.Error:
            if not failed:
                raise
            # the transaction is already lost: its rollback restores the triggers and the index

"""Name search. On SQLite an FTS5 trigram index answers substring queries in milliseconds; other
databases fall back to a case-insensitive LIKE. This is the only place that knows the difference."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    func,
    intersect,
    literal_column,
    select,
    text,
)
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import TextClause

from jkn_desktop.domain.names import after_prefix, search_words
from jkn_desktop.persistence.bulk import insert_columns
from jkn_desktop.persistence.tables import kec_resident_t, kec_resident_word_t, resident_t

W = kec_resident_word_t


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


def index_words(conn: Connection, package_id: int) -> int:
    """The words of a package's residents' names into ``kec_resident_word`` (once, when the
    package is taken in); how many."""
    R = kec_resident_t
    people = conn.execute(select(R.c.id, R.c.name).where(R.c.package_id == package_id))
    words: list[str] = []
    ids: list[int] = []
    for rid, name in people:
        found = search_words(name)
        words += found
        ids += [rid] * len(found)
    insert_columns(
        conn, W, ["package_id", "word", "resident_id"], [[package_id] * len(ids), words, ids]
    )
    return len(ids)


def residents_with_words(prefixes: list[str], package_ids: list[int]) -> Select[Any]:
    """The ids of ``kec_resident`` rows in the packages one of whose name's words each of
    ``prefixes`` (words of ``search_words``) starts. Each is a range on the word, intersected as
    sets (a common first name and a common family name: a few thousand ids each, not a probe
    per resident). On PostgreSQL a text's comparison is leakproof, so the index answers it
    under row-level security too."""
    parts = []
    for prefix in prefixes:
        after = after_prefix(prefix)
        parts.append(
            select(W.c.resident_id).where(
                W.c.word >= prefix,
                *([W.c.word < after] if after is not None else []),
                W.c.package_id.in_(package_ids),
            )
        )
    if len(parts) == 1:
        return parts[0]
    both = intersect(*parts).subquery()
    return select(both.c.resident_id)

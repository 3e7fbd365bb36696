"""Name search. On SQLite an FTS5 trigram index answers substring queries in milliseconds; other
databases fall back to a case-insensitive LIKE. This is the only place that knows the difference."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, func, literal_column, select, text
from sqlalchemy.sql.elements import TextClause

from jkn_desktop.persistence.tables import resident_t


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

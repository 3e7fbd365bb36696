"""Reading long id lists fast. For 100,000 ids, SQLAlchemy's result machinery costs about as much
as SQLite itself, and so does the driver building one row tuple per id: on SQLite the ordered ids
come back as one JSON array (``json_group_array`` over the ordered query), compiled once and read
straight from the driver. SQLite keeps a subquery's ORDER BY when the outer query aggregates with
anything but count/min/max (select.c, "omit superfluous ORDER BY"), so the array is in order; a
test checks it against the plain query. Parameters must be plain ints and strings (no type
processing happens here)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Date, Select, String, bindparam, func, select


def _driver_rows(conn: Connection, stmt: Any) -> list[tuple[Any, ...]]:
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    args = [params[name] for name in (compiled.positiontup or [])]
    raw = conn.connection.driver_connection
    assert raw is not None
    return list(raw.execute(str(compiled), args).fetchall())


def read_ids(conn: Connection, stmt: Select[Any]) -> list[int]:
    """The first column of an ordered query, in its order."""
    if conn.dialect.name != "sqlite":
        return list(conn.execute(stmt).scalars())
    sub = stmt.subquery()
    (text,) = _driver_rows(conn, select(func.json_group_array(sub.c[0])))[0]
    ids: list[int] = json.loads(text)
    return ids


def read_columns(conn: Connection, stmt: Select[Any]) -> tuple[list[Any], ...]:
    """Each column of an ordered query as one list, in the query's order (SQLite: one JSON array
    per column; values as SQLite stores them)."""
    if conn.dialect.name != "sqlite":
        rows = [tuple(r) for r in conn.execute(stmt)]
        return tuple([r[i] for r in rows] for i in range(len(stmt.selected_columns)))
    sub = stmt.subquery()
    arrays = _driver_rows(conn, select(*[func.json_group_array(c) for c in sub.c]))[0]
    return tuple(json.loads(a) for a in arrays)


def read_rows(conn: Connection, stmt: Select[Any]) -> list[tuple[Any, ...]]:
    """Plain tuples straight from the driver (SQLite), for aggregations over every resident.
    Values come back as SQLite stores them (dates as ISO text)."""
    if conn.dialect.name != "sqlite":
        return [tuple(r) for r in conn.execute(stmt)]
    return _driver_rows(conn, stmt)


def execute_many(conn: Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """One statement with ``?`` placeholders for many plain rows, straight through the driver
    (psycopg 3 takes ``%s`` and sends the rows in one pipeline)."""
    raw = conn.connection.driver_connection
    assert raw is not None
    if conn.dialect.name == "sqlite":
        raw.executemany(sql, rows)
        return
    with raw.cursor() as cursor:
        cursor.executemany(sql.replace("?", "%s"), rows)


def list_agg(dialect: str, expr: Any) -> Any:
    """Values of a group joined with commas (SQLite group_concat, PostgreSQL string_agg)."""
    if dialect == "postgresql":
        return func.string_agg(expr, ",")
    return func.group_concat(expr, ",")


def plain_date(dialect: str, name: str, value: dt.date) -> Any:
    """A date parameter fit for :func:`read_ids` (no type processing on SQLite): ISO text there,
    as SQLite stores dates; a date on PostgreSQL, which will not compare a date with text."""
    if dialect == "sqlite":
        return bindparam(name, value.isoformat(), type_=String)
    return bindparam(name, value, type_=Date)


def optimize(conn: Connection) -> None:
    """Refresh the planner's statistics after bulk writes. Without them SQLite may pick the
    status index to count a household's members and scan 100,000 rows per household.
    ``analysis_limit`` keeps ANALYZE to a sample, a few milliseconds per index."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA analysis_limit = 2000")
        conn.exec_driver_sql("ANALYZE")


def stream_rows(
    conn: Connection, stmt: Select[Any], batch: int = 2000
) -> Iterator[tuple[Any, ...]]:
    """Like :func:`read_rows`, but a batch at a time from an open cursor on the job's connection:
    for documents of every resident, whose rows are drawn and dropped one page after another.
    The rows must be drawn before the job ends."""
    if conn.dialect.name != "sqlite":
        # the option for this statement only: set on the connection it would stay for the rest
        # of the job, and psycopg runs no executemany on a server-side cursor
        options = {"stream_results": True, "yield_per": batch}
        with conn.execute(stmt, execution_options=options) as result:
            for r in result:
                yield tuple(r)
        return
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    args = [params[name] for name in (compiled.positiontup or [])]
    raw = conn.connection.driver_connection
    assert raw is not None
    cursor = raw.execute(str(compiled), args)
    while True:
        rows = cursor.fetchmany(batch)
        if not rows:
            return
        yield from rows


def id_in(dialect: str, column: Any, ids: list[int]) -> Any:
    """``column IN (ids)`` for lists of any length: one JSON parameter unpacked by the database
    (SQLite ``json_each``, PostgreSQL ``jsonb_array_elements_text``) instead of one parameter per
    id, which SQLite limits."""
    import json

    from sqlalchemy import Integer, cast, literal
    from sqlalchemy.dialects.postgresql import JSONB

    data = json.dumps(ids)
    if dialect == "postgresql":
        unpacked = func.jsonb_array_elements_text(cast(literal(data), JSONB)).table_valued("value")
        return column.in_(select(cast(unpacked.c.value, Integer)))
    values = func.json_each(data).table_valued("value")
    return column.in_(select(values.c.value))


def key_in(dialect: str, column: Any, keys: list[str]) -> Any:
    """``column IN (keys)`` for a list of text keys of any length (NIKs, No. KKs), as one JSON
    parameter: one statement instead of one per 900 keys."""
    import json

    from sqlalchemy import Text, cast, literal
    from sqlalchemy.dialects.postgresql import JSONB

    data = json.dumps(keys)
    if dialect == "postgresql":
        unpacked = func.jsonb_array_elements_text(cast(literal(data), JSONB)).table_valued("value")
        return column.in_(select(cast(unpacked.c.value, Text)))
    values = func.json_each(data).table_valued("value")
    return column.in_(select(values.c.value))

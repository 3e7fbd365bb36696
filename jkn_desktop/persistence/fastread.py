"""Reading long id lists fast. For 100,000 ids, SQLAlchemy's result machinery costs about as much
as SQLite itself; on SQLite we compile the statement once and read the ids straight from the
driver's cursor. Parameters must be plain ints and strings (no type processing happens here)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Connection, Select, func, select


def read_ids(conn: Connection, stmt: Select[Any]) -> list[int]:
    if conn.dialect.name != "sqlite":
        return list(conn.execute(stmt).scalars())
    # render_postcompile: IN lists become plain positional parameters
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    args = [params[name] for name in (compiled.positiontup or [])]
    raw = conn.connection.driver_connection
    assert raw is not None
    return [row[0] for row in raw.execute(str(compiled), args).fetchall()]


def read_rows(conn: Connection, stmt: Select[Any]) -> list[tuple[Any, ...]]:
    """Plain tuples straight from the driver (SQLite), for aggregations over every resident.
    Values come back as SQLite stores them (dates as ISO text)."""
    if conn.dialect.name != "sqlite":
        return [tuple(r) for r in conn.execute(stmt)]
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.construct_params()
    args = [params[name] for name in (compiled.positiontup or [])]
    raw = conn.connection.driver_connection
    assert raw is not None
    return list(raw.execute(str(compiled), args).fetchall())


def list_agg(dialect: str, expr: Any) -> Any:
    """Values of a group joined with commas (SQLite group_concat, PostgreSQL string_agg)."""
    if dialect == "postgresql":
        return func.string_agg(expr, ",")
    return func.group_concat(expr, ",")


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
        for r in conn.execution_options(stream_results=True).execute(stmt):
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

"""Bulk writes for imports: a Core ``insert``/``update`` statement compiled once by SQLAlchemy for
the connection's dialect, then run with the driver's ``executemany`` on plain tuples. For tens of
thousands of rows SQLAlchemy's per-row parameter processing costs more than SQLite itself.

Values must be plain: str, int, float, None, ``datetime.date`` / ``datetime.datetime`` (converted
here to the text our SQLite column types store and read back, a moment with its zone)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Integer,
    String,
    Table,
    bindparam,
    func,
    insert,
    select,
    update,
)

from jkn_desktop.persistence.types import Timestamp, aware


def stamp(moment: dt.datetime) -> str:
    """A moment as the text a Timestamp column stores: converted once for a batch whose rows all
    carry the same moment (a job's ``now``), instead of once per row."""
    return aware(moment).replace(microsecond=0).isoformat(sep=" ")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):  # a Timestamp column: with its zone, to the second
        return stamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _tuples(rows: Sequence[Mapping[str, Any]], order: list[str]) -> list[tuple[Any, ...]]:
    if len(order) == 1:
        (name,) = order
        return [(r[name],) for r in rows]
    return list(map(itemgetter(*order), rows))


def _converted(params: list[tuple[Any, ...]], positions: list[int]) -> list[tuple[Any, ...]]:
    """The rows with the values at ``positions`` converted to the text SQLite stores, a column at
    a time (each distinct date converted once)."""
    columns = list(zip(*params, strict=True))
    for i in positions:
        seen: dict[Any, Any] = {}
        out = []
        for value in columns[i]:
            if isinstance(value, dt.date):
                # a moment keeps its zone and fold: equal instants in two zones are two texts
                key = (value, getattr(value, "tzinfo", None), getattr(value, "fold", 0))
                found = seen.get(key)
                if found is None:
                    found = seen[key] = _plain(value)
                out.append(found)
            else:
                out.append(value)
        columns[i] = tuple(out)
    return list(zip(*columns, strict=True))


def _run(
    conn: Connection,
    stmt: Any,
    names: Sequence[str],
    rows: Sequence[Mapping[str, Any]],
    date_params: set[str],
    source: Mapping[str, str] | None = None,
) -> None:
    """``names`` are the statement's parameter names, the keys of every row (or, with
    ``source``, the row key each parameter takes its value from); ``date_params`` those bound to
    Date/DateTime columns."""
    if conn.dialect.name != "sqlite":
        if source is not None:
            rows = [{p: r[k] for p, k in source.items()} for r in rows]
        conn.execute(stmt, [dict(r) for r in rows])
        return
    compiled = stmt.compile(dialect=conn.dialect)
    order = list(compiled.positiontup or [])
    params = _tuples(rows, [source[p] for p in order] if source is not None else order)
    # only date columns may need converting (known from the table's column types), and only
    # where a value really is a date: a caller may have given the text already
    dated = [i for i, p in enumerate(order) if p in date_params]
    convert = [i for i in dated if any(isinstance(t[i], dt.date) for t in params)]
    if convert:
        params = _converted(params, convert)
    raw = conn.connection.driver_connection
    assert raw is not None
    raw.executemany(str(compiled), params)


def insert_many(
    conn: Connection, table: Table, rows: Sequence[Mapping[str, Any]], chunk: int = 20000
) -> None:
    """INSERT every row (all rows have the keys of the first one) in the caller's transaction."""
    if not rows:
        return
    names = list(rows[0])
    if conn.dialect.name == "postgresql":
        pick = itemgetter(*names)
        tuples = [(r[names[0]],) for r in rows] if len(names) == 1 else [pick(r) for r in rows]
        insert_tuples(conn, table, names, tuples, chunk)
        return
    stmt = insert(table).values({n: bindparam(n) for n in names})
    dated = {n for n in names if _is_date(table, n)}
    for start in range(0, len(rows), chunk):
        _run(conn, stmt, names, rows[start : start + chunk], dated)


def stored_dates(conn: Connection) -> Callable[[dt.date | None], Any]:
    """What a Date column is given in :func:`insert_tuples`: on SQLite the ISO text it stores
    (each distinct day converted once: a village has a few thousand birth dates), elsewhere the
    date itself."""
    if conn.dialect.name != "sqlite":
        return lambda day: day
    seen: dict[dt.date, str] = {}

    def text(day: dt.date | None) -> Any:
        if day is None:
            return None
        found = seen.get(day)
        if found is None:
            found = seen[day] = day.isoformat()
        return found

    return text


def insert_tuples(
    conn: Connection,
    table: Table,
    names: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    chunk: int = 20000,
) -> None:
    """INSERT rows given as tuples in the order of ``names``, values as SQLite stores them (a
    Date through :func:`stored_dates`, a moment through :func:`stamp`): no dict per row, no
    conversion per value. Other databases get the rows as dicts through SQLAlchemy."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        for start in range(0, len(rows), chunk):
            _insert_server(conn, table, names, rows[start : start + chunk])
        return
    stmt = insert(table).values({n: bindparam(n) for n in names})
    if conn.dialect.name != "sqlite":
        for start in range(0, len(rows), chunk):
            conn.execute(
                stmt, [dict(zip(names, r, strict=True)) for r in rows[start : start + chunk]]
            )
        return
    compiled = stmt.compile(dialect=conn.dialect)
    order = list(compiled.positiontup or [])
    at = {n: i for i, n in enumerate(names)}
    raw = conn.connection.driver_connection
    assert raw is not None
    sql = str(compiled)
    if order == list(names):
        for start in range(0, len(rows), chunk):
            raw.executemany(sql, rows[start : start + chunk])
        return
    pick = itemgetter(*[at[n] for n in order])
    for start in range(0, len(rows), chunk):
        raw.executemany(sql, map(pick, rows[start : start + chunk]))


def insert_columns(
    conn: Connection, table: Table, names: Sequence[str], columns: Sequence[Sequence[Any]]
) -> None:
    """INSERT rows given a column at a time (``columns[i]`` the values of ``names[i]``, all of
    one length), values as plain Python: a date as ``datetime.date``. For a package's sheets,
    which arrive as columns: on PostgreSQL each column is one array as it is, with no row
    built; on SQLite the date columns become text a column at a time, then the rows."""
    if not columns or not len(columns[0]):
        return
    if conn.dialect.name == "postgresql":
        n = len(columns[0])
        for start in range(0, n, 20000):
            part = [c[start : start + 20000] for c in columns] if n > 20000 else columns
            arrays = [_server_array(table, name, c) for name, c in zip(names, part, strict=True)]
            _insert_arrays(conn, table, names, arrays)
        return
    dates = stored_dates(conn)
    converted = [
        list(map(dates, c)) if isinstance(table.c[name].type, Date) else c
        for name, c in zip(names, columns, strict=True)
    ]
    insert_tuples(conn, table, names, list(zip(*converted, strict=True)))


def update_many(
    conn: Connection, table: Table, key: str, rows: Sequence[Mapping[str, Any]], chunk: int = 20000
) -> None:
    """UPDATE table SET <other keys> WHERE <key> = row[key], for every row."""
    if not rows:
        return
    names = list(rows[0])
    if conn.dialect.name == "postgresql":
        for start in range(0, len(rows), chunk):
            _update_server(conn, table, key, names, rows[start : start + chunk])
        return
    sets: dict[str, Any] = {n: bindparam(f"v_{n}") for n in names if n != key}
    stmt = update(table).where(table.c[key] == bindparam(f"k_{key}")).values(sets)
    # each parameter takes its value straight from the row's key: no renamed copy of every row
    source = {**{f"v_{n}": n for n in names if n != key}, f"k_{key}": key}
    dated = {f"v_{n}" for n in names if _is_date(table, n)} | (
        {f"k_{key}"} if _is_date(table, key) else set()
    )
    for start in range(0, len(rows), chunk):
        _run(conn, stmt, list(source), rows[start : start + chunk], dated, source)


def _update_server(
    conn: Connection, table: Table, key: str, names: list[str], rows: Sequence[Mapping[str, Any]]
) -> None:
    """PostgreSQL: one ``UPDATE … FROM unnest(arrays)`` for the whole chunk. An executemany would
    be one statement per row, and each would fire the statement-level triggers of migration 0014
    once (a demo village's 100,000 residents: minutes instead of a second)."""
    cols = [key, *(n for n in names if n != key)]
    alias = [f"v{i}" for i in range(len(cols))]
    sets = ", ".join(f"{n} = v.{a}" for n, a in zip(cols[1:], alias[1:], strict=True))
    sql = (
        f"UPDATE {table.name} AS t SET {sets} FROM {_unnest(conn, table, cols)} "
        f"AS v({', '.join(alias)}) WHERE t.{key} = v.v0"
    )
    arrays = [[_server_value(r[n]) for r in rows] for n in cols]
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        cursor.execute(sql, arrays)


def _unnest(conn: Connection, table: Table, cols: Sequence[str]) -> str:
    # %b: each array sent in binary (psycopg dumps a list in C that way; as text, in Python)
    typed = ", ".join(f"%b::{table.c[n].type.compile(dialect=conn.dialect)}[]" for n in cols)
    return f"unnest({typed})"


# a column sent as one text: its values parted by the "unit separator", NULL as the "record
# separator" (two control characters no name, NIK or address of a village's file holds)
_PART, _NULL = "\x1f", "\x1e"


def _joined(values: list[Any]) -> str | None:
    """A column of text, whole numbers, truth values or days as one text that PostgreSQL's
    ``string_to_array`` parts again; None when it would not come back the same (a value holding
    either separator, or a lone value: ``string_to_array('')`` is empty), and the column goes as
    an array instead. Building it is a join in C; psycopg dumps an array an element at a time in
    Python (a 5,000-resident package's 200,000 values: 50 ms of the client's time)."""
    if len(values) < 2:
        return None
    texts = [_NULL if v is None else v if type(v) is str else str(v) for v in values]
    joined = _PART.join(texts)
    if joined.count(_PART) != len(values) - 1 or joined.count(_NULL) != values.count(None):
        return None
    return joined


def _insert_server(
    conn: Connection, table: Table, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    columns = list(zip(*rows, strict=True))
    arrays = [_server_array(table, n, column) for n, column in zip(names, columns, strict=True)]
    _insert_arrays(conn, table, names, arrays)


def _insert_arrays(
    conn: Connection, table: Table, names: Sequence[str], arrays: Sequence[list[Any]]
) -> None:
    """PostgreSQL: one ``INSERT … SELECT * FROM unnest(arrays)`` for the whole chunk, a column
    per array: a column of text, numbers, truth values or days sent as one text parted again by
    the server (:func:`_joined`), any other as an array in binary. ``COPY`` would be faster
    still, but PostgreSQL refuses ``COPY FROM`` into a table under row-level security (the
    consolidation's, decision 48); an executemany sends a statement per few hundred rows and
    costs several times as long (docs/benchmarks.md). A ``COPY`` into a temporary table and an
    ``INSERT … SELECT`` from it saved the client 15 ms a package and cost the server 20
    (decision 51)."""
    parts: list[str] = []
    params: list[Any] = []
    for name, values in zip(names, arrays, strict=True):
        kind = table.c[name].type
        sql_type = kind.compile(dialect=conn.dialect)
        joined = None
        if isinstance(kind, String | Integer | Boolean) or (
            type(kind) is Date and all(v is None or type(v) is dt.date for v in values)
        ):
            joined = _joined(values)
        if joined is None:
            parts.append(f"%b::{sql_type}[]")
            params.append(values)
        else:
            parts.append(f"string_to_array(%b, chr(31), chr(30))::{sql_type}[]")
            params.append(joined)
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) SELECT * FROM unnest({', '.join(parts)})"
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor:
        cursor.execute(sql, params)


def _server_array(table: Table, name: str, values: Sequence[Any]) -> list[Any]:
    """One column's values as one array: psycopg sends a list of one Python type, so a text
    column given a number, an integer column a bool, a boolean column 0/1 are made alike. A
    column of days (or nothing) goes as dates, in binary; one mixing days and text, as text."""
    kind = table.c[name].type
    if isinstance(kind, Boolean):
        return [None if v is None else bool(v) for v in values]
    if isinstance(kind, Integer):
        return [None if v is None else int(v) for v in values]
    if isinstance(kind, String):
        return [v if v is None or isinstance(v, str) else str(v) for v in values]
    if isinstance(kind, Date) and all(v is None or type(v) is dt.date for v in values):
        return list(values)
    return [_server_value(v) for v in values]


def _server_value(value: Any) -> Any:
    """A value as psycopg sends it inside a text-cast array: dates and moments as ISO text (a
    list may mix them with None), the rest as is."""
    if isinstance(value, dt.datetime):
        return stamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _is_date(table: Table, name: str) -> bool:
    return isinstance(table.c[name].type, Date | DateTime | Timestamp)


def insert_id(conn: Connection, stmt: Any) -> int:
    """Run one INSERT and return the new row's primary key, by ``RETURNING`` (SQLite 3.35+,
    PostgreSQL): the id of this row, never a guess such as ``max(id)`` afterwards."""
    table = stmt.table
    return int(conn.execute(stmt.returning(*table.primary_key.columns)).scalar_one())


def ids_follow(conn: Connection, table: Table) -> None:
    """After rows were written with ids of their own (the demo village): the next row written
    without one gets an id after theirs. SQLite takes ``max(id) + 1`` by itself; a PostgreSQL
    sequence does not know of the rows, so it is moved past them."""
    if conn.dialect.name != "postgresql":
        return
    (key,) = table.primary_key.columns
    sequence = func.pg_get_serial_sequence(table.name, key.name)
    following = func.coalesce(func.max(key), 0) + 1
    conn.execute(select(func.setval(sequence, following, False)))


def chunks(items: Sequence[Any], size: int = 900) -> list[Sequence[Any]]:
    """Slices of a long list for ``IN (...)`` lists: SQLite allows 999 parameters per statement."""
    return [items[start : start + size] for start in range(0, len(items), size)]

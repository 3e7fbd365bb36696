"""Reading the resident lists in order, without SQLite sorting 100,000 rows.

Each order of persistence.resident_order (name, NIK, birth date, area, RW, RT, No. KK, and
Kepesertaan's desil, membership date and JKN segment) has a covering index; :func:`ordered_ids`
reads one straight from its index. :func:`grouped_ids` builds the other sorts on the name order:
a key with few values (sex, SHDK, status, JKN status) and then the name order: the name order is
read once with each row's key packed into its id (``id * 32 + the key's rank``) and split into
groups here; a stable split keeps the name order in a group.

On other databases each sort is a plain ORDER BY.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import chain
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    and_,
    case,
    literal,
    select,
    true,
)
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op
from sqlalchemy.sql.selectable import FromClause, SelectBase
from sqlalchemy.sql.visitors import replacement_traverse

from jkn_desktop.persistence.fastread import read_ids
from jkn_desktop.persistence.resident_order import ORDERS
from jkn_desktop.persistence.tables import resident_t

R = resident_t
_GROUP_BITS = 5  # up to 31 known values and one "other"


def in_order(dialect: str, conditions: list[ColumnElement[bool]]) -> ColumnElement[bool]:
    """Filter conditions to check inside the order's index as it is read, never to pick rows
    through another index and sort them: a full scan of a covering index of 100,000 residents
    costs a few milliseconds, while the planner's guess at a range (an age band, a dusun) can send
    it to an index that lacks the order's columns and a sort of thousands of rows. On SQLite each
    resident column is written ``+column``, which SQLite documents as the way to keep a term from
    constraining an index; the value and the comparison are unchanged."""
    if not conditions:
        return true()
    where = and_(*conditions)
    if dialect != "sqlite":
        return where

    def plus(element: Any, **_kw: Any) -> Any:
        if isinstance(element, (SelectBase, FromClause)):
            return element  # a subquery keeps its own columns and indexes
        if isinstance(element, Column) and element.table is R:
            return UnaryExpression(element, operator=custom_op("+"), type_=element.type)
        return None

    options: dict[str, Any] = {}
    checked: ColumnElement[bool] = replacement_traverse(where, options, plus)
    return checked


def _order_by(columns: Sequence[str], descending: bool) -> list[Any]:
    return [R.c[c].desc() if descending else R.c[c].asc() for c in columns]


def _from(from_: Any) -> Any:
    return from_ if from_ is not None else R


def ordered_ids(
    conn: Connection,
    where: ColumnElement[bool],
    order: str,
    descending: bool = False,
    from_: Any = None,
) -> list[int]:
    """Ids of the matching residents in one of the indexed orders (the FROM may outer-join a
    table the WHERE needs)."""
    stmt = (
        select(R.c.id)
        .select_from(_from(from_))
        .where(where)
        .order_by(*_order_by(ORDERS[order], descending))
    )
    return read_ids(conn, stmt)


def grouped_ids(
    conn: Connection,
    where: ColumnElement[bool],
    key: ColumnElement[Any],
    values: Sequence[Any],
    descending: bool = False,
    from_: Any = None,
) -> list[int]:
    """Ids ordered by ``key`` and then by name. ``values`` are the key's values in the order SQL
    sorts them (None first when the column may be NULL); a row with another value sends the
    whole query to a plain ORDER BY."""
    assert len(values) < 2**_GROUP_BITS
    plain = select(R.c.id).select_from(_from(from_)).where(where)
    ordered = [key.desc() if descending else key.asc(), *_order_by(ORDERS["name"], descending)]
    if conn.dialect.name != "sqlite":
        return read_ids(conn, plain.order_by(*ordered))
    other = len(values)
    # a simple CASE reads the key once per row; NULL matches no WHEN and is ranked in the ELSE
    null_rank = values.index(None) if None in values else other
    rank = case(
        {v: i for i, v in enumerate(values) if v is not None},
        value=key,
        else_=case((key.is_(None), literal(null_rank)), else_=literal(other)),
    )
    packed = R.c.id * 2**_GROUP_BITS + rank
    stmt = (
        select(packed)
        .select_from(_from(from_))
        .where(where)
        .order_by(*_order_by(ORDERS["name"], descending))
    )
    groups: list[list[int]] = [[] for _ in range(other + 1)]
    mask = 2**_GROUP_BITS - 1
    for item in read_ids(conn, stmt):
        groups[item & mask].append(item >> _GROUP_BITS)
    if groups[other]:
        return read_ids(conn, plain.order_by(*ordered))
    return list(chain.from_iterable(reversed(groups[:other]) if descending else groups[:other]))

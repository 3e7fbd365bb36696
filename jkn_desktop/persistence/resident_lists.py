"""Reading the resident lists in one of the orders of persistence.resident_order: the ordered ids
straight from the order's covering index, the filters checked inside it, and orders grouped by a
key with few values on top of a base order."""

from __future__ import annotations

from itertools import chain
from typing import Any

from sqlalchemy import Column, ColumnElement, Connection, and_, select, true
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op
from sqlalchemy.sql.selectable import FromClause, SelectBase
from sqlalchemy.sql.visitors import replacement_traverse

from jkn_desktop.persistence.fastread import read_columns, read_ids
from jkn_desktop.persistence.models import resident_t
from jkn_desktop.persistence.resident_order import ORDERS

R = resident_t


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

    def plus(element: Any) -> Any:
        if isinstance(element, (SelectBase, FromClause)):
            return element  # a subquery keeps its own columns and indexes
        if isinstance(element, Column) and element.table is R:
            return UnaryExpression(element, operator=custom_op("+"), type_=element.type)
        return None

    checked: ColumnElement[bool] = replacement_traverse(where, {}, plus)
    return checked


def _order_by(order: str, descending: bool) -> list[Any]:
    return [R.c[c].desc() if descending else R.c[c].asc() for c in ORDERS[order]]


def ordered_ids(
    conn: Connection,
    where: ColumnElement[bool],
    order: str,
    descending: bool = False,
    from_: Any = None,
) -> list[int]:
    """Ids of the matching residents in one of the orders (the FROM may outer-join tables the
    WHERE needs)."""
    stmt = (
        select(R.c.id)
        .select_from(from_ if from_ is not None else R)
        .where(where)
        .order_by(*_order_by(order, descending))
    )
    return read_ids(conn, stmt)


def grouped_ids(
    conn: Connection,
    where: ColumnElement[bool],
    key: ColumnElement[Any],
    base: str,
    descending: bool = False,
    from_: Any = None,
) -> list[int]:
    """Ids ordered by ``key``, then by the ``base`` order: the base order is read from its index
    once, with the key, and grouped here (a stable grouping keeps the base order inside each
    group). For keys with few values (sex, SHDK, status, segment) or whose rows sit together in
    the base order (a household's No. KK in the area order): one index scan, no sort of 100,000
    rows. NULL comes first, as SQLite sorts it."""
    stmt = select(R.c.id, key).select_from(from_ if from_ is not None else R).where(where)
    if conn.dialect.name != "sqlite":
        ordered = [key.desc() if descending else key.asc(), *_order_by(base, descending)]
        return read_ids(conn, stmt.order_by(*ordered))
    ids, keys = read_columns(conn, stmt.order_by(*_order_by(base, descending)))
    groups: dict[Any, list[int]] = {}
    for item, value in zip(ids, keys, strict=True):
        group = groups.get(value)
        if group is None:
            groups[value] = group = []
        group.append(item)
    order = sorted(groups, key=lambda v: (v is not None, v), reverse=descending)
    return list(chain.from_iterable(groups[v] for v in order))

"""The resident table's queries: the filtered, sorted id list for big tables, page fetches and the
filter boxes' choices. Filtering and sorting run in SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    and_,
    func,
    or_,
    select,
    true,
)

from jkn_desktop.domain import codes
from jkn_desktop.domain.names import clean_name
from jkn_desktop.domain.nik import clean_identifier
from jkn_desktop.persistence.bulk import chunks
from jkn_desktop.persistence.fastread import plain_date
from jkn_desktop.persistence.resident_lists import grouped_ids, in_order, ordered_ids
from jkn_desktop.persistence.search import name_condition
from jkn_desktop.persistence.tables import household_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.residents import AGE_BANDS, ResidentFilter, ResidentRow

R = resident_t
H = household_t

# The table's sort keys (persistence.resident_lists): an indexed order read as it is (age is the
# birth order reversed), or a key with few values and then the name order. The household's
# number and area are copied on each resident, so no sort needs a join.
ORDER_OF = {
    "name": "name",
    "nik": "nik",
    "birth_date": "birth_date",
    "age": "birth_date",
    "dusun": "area",
    "rw": "rw",
    "rt": "rt",
    "no_kk": "no_kk",
}
GROUPED: dict[str, tuple[ColumnElement[Any], list[Any]]] = {
    "sex": (R.c.sex, ["L", "P"]),
    "shdk": (R.c.shdk, [None, *sorted(codes.shdk().codes())]),
    "status_dasar": (R.c.status_dasar, sorted(codes.STATUS_DASAR)),
}

_ROW_COLUMNS = (
    R.c.id,
    R.c.nik,
    R.c.name,
    R.c.sex,
    R.c.birth_place,
    R.c.birth_date,
    R.c.shdk,
    R.c.status_dasar,
    func.coalesce(H.c.no_kk, ""),
    func.coalesce(H.c.dusun, ""),
    func.coalesce(H.c.rw, ""),
    func.coalesce(H.c.rt, ""),
    func.coalesce(H.c.address, ""),
)


def _digits_prefix(text: str) -> str | None:
    compact = clean_identifier(text)
    return compact if compact.isdigit() else None


def _prefix_range(column: ColumnElement[str], prefix: str) -> ColumnElement[bool]:
    # digits sort before ':' so [prefix, prefix + ':') is exactly "starts with prefix"
    return and_(column >= prefix, column < prefix + ":")


def _conditions(conn: Connection, flt: ResidentFilter, today: dt.date) -> ColumnElement[bool]:
    """The WHERE clause of a filter, on resident columns only (the household's are copied). A
    name search and a household pick their rows through their own index; every other condition is
    checked inside the order's index as it is read (``in_order``)."""
    leading: list[ColumnElement[bool]] = []
    conds: list[ColumnElement[bool]] = []
    text = flt.search.strip()
    if text:
        prefix = _digits_prefix(text)
        if prefix is not None:
            conds.append(
                or_(_prefix_range(R.c.nik, prefix), _prefix_range(R.c.household_no_kk, prefix))
            )
        else:
            words = clean_name(text).split(" ")
            leading.append(name_condition(conn.dialect.name, words))
    for key in ("dusun", "rw", "rt"):
        value = getattr(flt, key)
        if value is not None:
            conds.append(R.c[f"household_{key}"] == value)
    if flt.sex:
        conds.append(R.c.sex == flt.sex)
    if flt.status_dasar is not None:
        conds.append(R.c.status_dasar == flt.status_dasar)
    if flt.household_id is not None:
        leading.append(R.c.household_id == flt.household_id)
    if flt.age_band:
        lo, hi = AGE_BANDS[flt.age_band]
        # born after (today - (hi+1) years) and on/before (today - lo years)
        latest = _years_before(today, lo)
        earliest = _years_before(today, hi + 1)
        dialect = conn.dialect.name
        conds.append(
            and_(
                R.c.birth_date <= plain_date(dialect, "age_latest", latest),
                R.c.birth_date > plain_date(dialect, "age_earliest", earliest),
            )
        )
    return and_(true(), *leading, in_order(conn.dialect.name, conds))


def _years_before(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def query_ids(
    work: Work,
    flt: ResidentFilter,
    sort: str = "name",
    descending: bool = False,
) -> list[int]:
    """Ids of the matching residents in display order. Filtering and sorting happen in SQL; the
    age bands count from the job's day."""
    if sort == "age":
        descending = not descending  # older people have earlier birth dates
    where = _conditions(work.conn, flt, work.today)
    conn = work.conn
    if sort in GROUPED:
        key, values = GROUPED[sort]
        return grouped_ids(conn, where, key, values, descending)
    return ordered_ids(conn, where, ORDER_OF.get(sort, "name"), descending)


def fetch_rows(work: Work, ids: Sequence[int]) -> list[ResidentRow]:
    """Rows for the given ids, in the same order (missing ids are skipped)."""
    if not ids:
        return []
    stmt = (
        select(*_ROW_COLUMNS)
        .select_from(R.outerjoin(H, H.c.id == R.c.household_id))
        .where(R.c.id.in_(list(ids)))
    )
    by_id = {r[0]: ResidentRow(*tuple(r)) for r in work.conn.execute(stmt)}
    return [by_id[i] for i in ids if i in by_id]


def search(work: Work, text: str = "", limit: int | None = None) -> list[ResidentRow]:
    ids = query_ids(work, ResidentFilter(search=text))
    if limit is not None:
        ids = ids[:limit]
    rows: list[ResidentRow] = []
    for part in chunks(ids):
        rows.extend(fetch_rows(work, part))
    return rows


def area_choices(work: Work) -> dict[str, list[str]]:
    """Distinct dusun, RW and RT values for the filter boxes."""
    out = {}
    for key in ("dusun", "rw", "rt"):
        col = H.c[key]
        out[key] = [
            v for v in work.conn.execute(select(col).distinct().order_by(col)).scalars() if v
        ]
    return out

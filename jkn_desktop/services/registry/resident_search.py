"""The resident table's queries: the filtered, sorted id list for big tables, page fetches and the
filter boxes' choices. Filtering and sorting run in SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    and_,
    bindparam,
    func,
    or_,
    select,
    true,
)

from jkn_desktop.domain.names import clean_name
from jkn_desktop.domain.nik import clean_identifier
from jkn_desktop.persistence.bulk import chunks
from jkn_desktop.persistence.fastread import read_ids
from jkn_desktop.persistence.models import household_t, resident_t
from jkn_desktop.persistence.search import mostly_true, name_condition
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.residents import AGE_BANDS, ResidentFilter, ResidentRow

R = resident_t
H = household_t

# Sort keys the table offers, as SQL columns. Each list ends in the columns of the matching
# covering index (models.Resident), so SQLite reads rows in index order instead of sorting 100k
# rows; the id makes the order total.
_TAIL = [R.c.sex, R.c.birth_date, R.c.household_id, R.c.id]
SORT_COLUMNS = {
    "name": [R.c.name_key, *_TAIL],
    "nik": [R.c.nik, *_TAIL],
    "sex": [R.c.sex, R.c.name_key, R.c.id],
    "birth_date": [R.c.birth_date, R.c.sex, R.c.household_id, R.c.id],
    "age": [R.c.birth_date, R.c.sex, R.c.household_id, R.c.id],
    "shdk": [R.c.shdk, R.c.name_key, R.c.id],
    "status_dasar": [R.c.status_dasar, R.c.name_key, R.c.id],
}
# Sorts by a household's fields walk the households first (index ix_household_area), then each
# household's members in SHDK order (index ix_resident_household).
_MEMBER_ORDER = [R.c.shdk, R.c.status_dasar, R.c.sex, R.c.birth_date, R.c.id]
AREA_SORT_COLUMNS = {
    "dusun": [H.c.dusun, H.c.rw, H.c.rt, H.c.no_kk, H.c.id],
    "rw": [H.c.rw, H.c.rt, H.c.no_kk, H.c.id],
    "rt": [H.c.rt, H.c.rw, H.c.no_kk, H.c.id],
    "no_kk": [H.c.no_kk, H.c.id],
    "address": [H.c.address, H.c.no_kk, H.c.id],
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


def _conditions(
    conn: Connection, flt: ResidentFilter, today: dt.date
) -> tuple[list[ColumnElement[bool]], bool]:
    """WHERE conditions for a filter, and whether they need the household join."""
    conds: list[ColumnElement[bool]] = []
    needs_h = False
    text = flt.search.strip()
    if text:
        prefix = _digits_prefix(text)
        if prefix is not None:
            kk_ids = select(H.c.id).where(_prefix_range(H.c.no_kk, prefix))
            conds.append(or_(_prefix_range(R.c.nik, prefix), R.c.household_id.in_(kk_ids)))
        else:
            words = clean_name(text).split(" ")
            conds.append(name_condition(conn.dialect.name, words))
    if flt.dusun is not None:
        conds.append(H.c.dusun == flt.dusun)
        needs_h = True
    if flt.rw is not None:
        conds.append(H.c.rw == flt.rw)
        needs_h = True
    if flt.rt is not None:
        conds.append(H.c.rt == flt.rt)
        needs_h = True
    if flt.sex:
        conds.append(R.c.sex == flt.sex)
    if flt.status_dasar is not None:
        conds.append(R.c.status_dasar == flt.status_dasar)
    if flt.household_id is not None:
        conds.append(R.c.household_id == flt.household_id)
    if flt.age_band:
        lo, hi = AGE_BANDS[flt.age_band]
        # born after (today - (hi+1) years) and on/before (today - lo years)
        latest = _years_before(today, lo)
        earliest = _years_before(today, hi + 1)
        # ISO strings: compare as SQLite stores dates, and keep parameters plain for read_ids
        conds.append(
            and_(
                R.c.birth_date <= bindparam("age_latest", latest.isoformat(), type_=String),
                R.c.birth_date > bindparam("age_earliest", earliest.isoformat(), type_=String),
            )
        )
    return conds, needs_h


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

    def ordered(cols: list[Any]) -> list[Any]:
        return [c.desc() if descending else c.asc() for c in cols]

    conn = work.conn
    conds, needs_h = _conditions(conn, flt, work.today)
    where = and_(true(), *conds)
    if sort in AREA_SORT_COLUMNS:
        # residents without a household first (rare), then household by household
        loose = (
            select(R.c.id)
            .where(where, R.c.household_id.is_(None))
            .order_by(*ordered([R.c.name_key, R.c.id]))
        )
        grouped = (
            select(R.c.id)
            .select_from(H.join(R, R.c.household_id == H.c.id))
            .where(mostly_true(conn.dialect.name, where))
            .order_by(*ordered([*AREA_SORT_COLUMNS[sort], *_MEMBER_ORDER]))
        )
        if needs_h:  # a dusun/RW/RT filter: only residents with a household can match
            return read_ids(conn, grouped)
        first, second = (grouped, loose) if descending else (loose, grouped)
        return read_ids(conn, first) + read_ids(conn, second)
    stmt: Select[Any] = select(R.c.id)
    if needs_h:
        stmt = stmt.select_from(R.join(H, H.c.id == R.c.household_id))
    stmt = stmt.where(where).order_by(*ordered(SORT_COLUMNS.get(sort, SORT_COLUMNS["name"])))
    return read_ids(conn, stmt)


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

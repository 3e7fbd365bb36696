"""The Kepesertaan JKN lists: residents with their membership, reason and next step, filtered and
sorted in SQL; households with their coverage flag, members and what the family rules and the
money say about them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, true, union

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.domain.names import clean_name
from jkn_desktop.domain.nik import clean_identifier
from jkn_desktop.persistence.bulk import chunks
from jkn_desktop.persistence.resident_lists import (
    grouped_ids,
    in_order,
    ordered_ids,
)
from jkn_desktop.persistence.search import name_condition
from jkn_desktop.persistence.tables import household_t, jkn_current_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.membership import HouseholdCoverage, HouseholdDetail, JknFilter, JknRow
from jkn_desktop.services.membership.rules import people_from, rule_columns
from jkn_desktop.services.settings import get_setting

R = resident_t
H = household_t
C = jkn_current_t


def _official_households() -> Any:
    return select(R.c.household_id).where(
        R.c.occupation.in_(sorted(J.OFFICIAL_OCCUPATIONS)), R.c.household_id.is_not(None)
    )


def _search_condition(dialect: str, text: str) -> ColumnElement[bool]:
    digits = clean_identifier(text)
    if not digits.isdigit():
        return name_condition(dialect, clean_name(text).split(" "))
    # NIK and No. KK are checked inside the order's index; cards by their own index
    cards = select(C.c.resident_id).where(C.c.card_no >= digits, C.c.card_no < digits + ":")
    return or_(
        and_(R.c.nik >= digits, R.c.nik < digits + ":"),
        and_(R.c.household_no_kk >= digits, R.c.household_no_kk < digits + ":"),
        R.c.id.in_(cards),
    )


LONG_NUMBER = 12  # digits from which a number search names a handful of residents at most


def ids_by_number(work: Work, text: str) -> list[int] | None:
    """The residents (every status dasar) a long number names — the start of a NIK, a No. KK or
    a card number, as in the list's search — by name; ``None`` for a shorter or non-numeric text.
    Each kind is looked up in its own index and the few found sorted here: the list's query reads
    the name order whole, tens of milliseconds at 100,000 residents, for the counter's one person."""
    digits = clean_identifier(text)
    if not digits.isdigit() or len(digits) < LONG_NUMBER:
        return None
    hi = digits + ":"
    found = union(
        select(R.c.id).where(R.c.nik >= digits, R.c.nik < hi),
        select(R.c.id).where(R.c.household_no_kk >= digits, R.c.household_no_kk < hi),
        select(C.c.resident_id).where(C.c.card_no >= digits, C.c.card_no < hi),
    ).subquery()
    rows = work.conn.execute(
        select(R.c.id, R.c.name_key, R.c.nik).where(R.c.id.in_(select(found.c[0])))
    ).all()
    return [r.id for r in sorted(rows, key=lambda r: (r.name_key, r.nik))]


def _conditions(dialect: str, flt: JknFilter) -> ColumnElement[bool]:
    """The WHERE clause of a filter. A name search, the next step (as stored on the resident by
    standing_copy, from the same rule) and the officials' families pick their rows through their
    own index; the other conditions are checked inside the order's index as it is read."""
    rc = rule_columns()
    leading: list[ColumnElement[bool]] = []
    conds: list[ColumnElement[bool]] = []
    if flt.living_only:
        conds.append(R.c.status_dasar == codes.HIDUP)
    text = flt.search.strip()
    if text:
        if clean_identifier(text).isdigit():
            conds.append(_search_condition(dialect, text))
        else:
            leading.append(_search_condition(dialect, text))
    for key in ("dusun", "rw", "rt"):
        value = getattr(flt, key)
        if value is not None:
            conds.append(R.c[f"household_{key}"] == value)
    if flt.segment is not None:
        conds.append(rc.segment == flt.segment)
    if flt.status is not None:
        conds.append(and_(rc.registered, rc.status == flt.status))
    if flt.uninsured is not None:
        conds.append(rc.uninsured if flt.uninsured else ~rc.uninsured)
    if flt.reason is not None:
        conds.append(rc.reason == flt.reason)
    if flt.step is not None:
        leading.append(R.c.jkn_step == flt.step)
    if flt.officials:
        leading.append(R.c.household_id.in_(_official_households()))
    return and_(true(), *leading, in_order(dialect, conds))


# Sorts (persistence.resident_lists): an indexed order read as it is (the area order is the
# household's dusun, RW, RT and No. KK, copied on each resident; the desil and the membership's
# date are copied too, by standing_copy); the JKN status, then the name order.
ORDER_OF = {k: k for k in ("name", "nik", "area", "desil", "as_of", "segment")}
GROUPED: dict[str, tuple[ColumnElement[Any], list[Any]]] = {
    "status": (R.c.jkn_status, [None, *sorted(J.STATUSES)]),
}


def query_ids(
    work: Work, flt: JknFilter, sort: str = "area", descending: bool = False
) -> list[int]:
    conn = work.conn
    where = _conditions(conn.dialect.name, flt)
    # every column the WHERE and the order read is on the resident: no join, so SQLite reads the
    # order's covering index alone
    if sort in GROUPED:
        key, values = GROUPED[sort]
        return grouped_ids(conn, where, key, values, descending)
    return ordered_ids(conn, where, ORDER_OF.get(sort, "area"), descending)


def _row_columns() -> list[Any]:
    """The columns of a ``JknRow``, in its order."""
    rc = rule_columns()
    return [
        R.c.id,
        R.c.nik,
        R.c.name,
        R.c.sex,
        R.c.birth_date,
        R.c.shdk,
        R.c.status_dasar,
        R.c.occupation,
        func.coalesce(H.c.no_kk, ""),
        func.coalesce(H.c.dusun, ""),
        func.coalesce(H.c.rw, ""),
        func.coalesce(H.c.rt, ""),
        H.c.desil,
        rc.segment,
        C.c.kelas,
        func.coalesce(C.c.card_no, ""),
        rc.status,
        C.c.as_of,
        func.coalesce(C.c.source, ""),
        rc.uninsured,
        rc.reason,
        rc.step,
        R.c.household_id,
        R.c.marital_status,
        R.c.schooling,
    ]


def fetch_rows(work: Work, ids: Sequence[int]) -> list[JknRow]:
    if not ids:
        return []
    out: dict[int, JknRow] = {}
    for part in chunks(ids):
        stmt = select(*_row_columns()).select_from(people_from()).where(R.c.id.in_(list(part)))
        for r in work.conn.execute(stmt):
            values = list(r)
            values[19] = bool(values[19])
            out[int(r[0])] = JknRow(*values)
    return [out[i] for i in ids if i in out]


# --- households ---------------------------------------------------------------------------------
def _household_query(dusun: str | None, search: str) -> Any:
    rc = rule_columns()
    alive = R.c.status_dasar == codes.HIDUP
    head = func.max(
        case((and_(R.c.shdk == codes.KEPALA_KELUARGA, alive), R.c.name), else_=literal(None))
    )
    stmt = (
        select(
            H.c.id,
            H.c.no_kk,
            func.coalesce(head, ""),
            H.c.address,
            H.c.dusun,
            H.c.rw,
            H.c.rt,
            H.c.desil,
            func.count(R.c.id),
            func.sum(case((rc.uninsured, 1), else_=0)),
            H.c.desil_as_of,
        )
        .select_from(
            H.outerjoin(R, and_(R.c.household_id == H.c.id, alive)).outerjoin(
                C, C.c.resident_id == R.c.id
            )
        )
        .group_by(H.c.id)
        .order_by(H.c.dusun, H.c.rw, H.c.rt, H.c.no_kk)
    )
    if dusun is not None:
        stmt = stmt.where(H.c.dusun == dusun)
    if search.strip():
        digits = clean_identifier(search)
        if digits.isdigit():
            stmt = stmt.where(H.c.no_kk >= digits, H.c.no_kk < digits + ":")
    return stmt


def household_coverage(
    work: Work, *, flag: str | None = None, dusun: str | None = None, search: str = ""
) -> list[HouseholdCoverage]:
    """Every KK with its living members, uninsured members and flag, in dusun/RW/RT order."""
    rate = mandiri_rate(work)
    rows = []
    for i, kk, hd, addr, d, w, t, desil, liv, un, since in work.conn.execute(
        _household_query(dusun, search)
    ):
        uninsured = int(un or 0)
        flag_of = J.household_flag(int(liv), uninsured)
        rows.append(
            HouseholdCoverage(
                int(i),
                kk,
                hd,
                addr or "",
                d or "",
                w or "",
                t or "",
                desil,
                int(liv),
                uninsured,
                flag_of,
                since,
                uninsured * rate,
            )
        )
    if search.strip() and not clean_identifier(search).isdigit():
        key = clean_name(search).upper()
        rows = [r for r in rows if key in r.head.upper()]
    if flag is not None:
        rows = [r for r in rows if r.flag == flag]
    return rows


def members(work: Work, household_id: int) -> list[JknRow]:
    """A KK's members (all statuses) with their membership, in SHDK order."""
    ids = [
        int(i)
        for i in work.conn.execute(
            select(R.c.id)
            .where(R.c.household_id == household_id)
            .order_by(R.c.shdk, R.c.birth_date, R.c.id)
        ).scalars()
    ]
    return fetch_rows(work, ids)


def household_detail(work: Work, household_id: int) -> HouseholdDetail:
    """A KK's members, who the worker's PPU leaves out, what PBPU mandiri would cost, and a warning
    when the desil is old."""
    today = work.today
    rows = members(work, household_id)
    desil_as_of = work.conn.execute(select(H.c.desil_as_of).where(H.c.id == household_id)).scalar()
    uninsured = sum(1 for m in rows if m.status_dasar == codes.HIDUP and m.uninsured)
    months = int(get_setting(work, "desil_max_age_months"))
    warnings = []
    if desil_as_of is not None and months_between(desil_as_of, today) > months:
        warnings.append(
            f"Desil per {tanggal(desil_as_of)}, lebih dari {months} bulan: periksa desil terbaru."
        )
    return HouseholdDetail(
        rows,
        frozenset(J.outside_ppu_family(family_members(rows, today))),
        uninsured * mandiri_rate(work),
        warnings,
    )


def family_members(rows: Sequence[JknRow], today: dt.date) -> list[J.FamilyMember]:
    return [
        J.FamilyMember(
            p.id,
            p.shdk,
            p.age(today),
            p.marital_status not in (None, 1),
            p.schooling in J.IN_SCHOOL,
            p.segment,
            p.status,
            p.uninsured,
            p.occupation in J.WAGE_OCCUPATIONS,
        )
        for p in rows
        if p.status_dasar == codes.HIDUP
    ]


def mandiri_rate(work: Work) -> int:
    """What a PBPU mandiri class 3 participant pays a month on the job's day, by the rate table
    (0 when none)."""
    from jkn_desktop.services.apbdes.rates import rates

    rate = A.rate_in_force(rates(work), J.PBPU_MANDIRI, 3, work.today)
    return rate.participant if rate is not None else 0


def months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)

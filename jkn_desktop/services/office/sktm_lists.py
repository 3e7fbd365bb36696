"""The SKTM register read back: all of it or filtered in SQL (valid on a day, ending in a month,
issued in a month, holders still uninsured), each row with the holder's JKN today and the
household's desil; the holders still uninsured with what covering them from the APBDes line
would cost; the tab's summary line; and what the printed letter needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, func, literal, or_, select

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain.formatting import BULAN
from jkn_desktop.domain.nik import clean_identifier
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.current_state import decide_rows, observation_rows
from jkn_desktop.persistence.tables import (
    apbdes_beneficiary_t,
    apbdes_line_t,
    household_t,
    resident_t,
    sktm_t,
)
from jkn_desktop.persistence.work import Work
from jkn_desktop.records import sktm as S
from jkn_desktop.records.sktm import SktmFilter, SktmLetter, SktmRow, SktmSummary
from jkn_desktop.services.apbdes.rates import rates_of
from jkn_desktop.services.membership.rules import rule_columns

T = sktm_t
R = resident_t
H = household_t


# --- days and months ---------------------------------------------------------------------------
def month_bounds(period: str) -> tuple[dt.date, dt.date]:
    """``2026-12`` → the first and the last day of December 2026."""
    try:
        year, month = A.parse_period(period)
    except ValueError as exc:
        raise UserError("PERIODE", month=period) from exc
    first = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - dt.timedelta(days=1)


def this_month(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"


def valid_on(day: dt.date) -> ColumnElement[bool]:
    """An SKTM valid on ``day`` (domain.office.sktm_valid_on, in SQL)."""
    return and_(
        T.c.issued_on <= day,
        T.c.valid_until >= day,
        or_(T.c.cancelled_on.is_(None), T.c.cancelled_on > day),
    )


def not_funded(day: dt.date) -> ColumnElement[bool]:
    """The SKTM's holder is on no APBDes line for ``day``'s month (the village pays already)."""
    B, L = apbdes_beneficiary_t, apbdes_line_t
    return ~exists(
        select(B.c.id)
        .join(L, L.c.id == B.c.line_id)
        .where(
            B.c.resident_id == T.c.resident_id,
            L.c.year == day.year,
            B.c.start_month <= day.month,
            B.c.end_month >= day.month,
        )
    )


def _state(day: dt.date) -> ColumnElement[Any]:
    return case(
        (and_(T.c.cancelled_on.is_not(None), T.c.cancelled_on <= day), literal(S.DIBATALKAN)),
        (T.c.issued_on > day, literal(S.BELUM_BERLAKU)),
        (T.c.valid_until < day, literal(S.BERAKHIR)),
        else_=literal(S.BERLAKU),
    )


# --- the rate ----------------------------------------------------------------------------------
def _scheme() -> A.Scheme:
    """What covering an SKTM holder from the APBDes line costs: PBPU/BP Pemda class 3, in full."""
    return A.Scheme(*A.DEFAULT_SCHEME)


def rate_on(work: Work, day: dt.date) -> int:
    """The PBPU/BP Pemda class 3 premium in force on ``day`` (0 while the table has none)."""
    seg, kelas, share = A.DEFAULT_SCHEME
    rate = A.rate_in_force(rates_of(work.conn), seg, kelas, day)
    return 0 if rate is None else rate.amount(share)


def cost_to_year_end(work: Work, people: int) -> tuple[int, int]:
    """Covering ``people`` from the first month an APBDes line still counts (next month) to
    December: the cost, and that first month (13: none left this year)."""
    today = work.today
    start = A.default_from_month(today.year, today)
    if start > 12 or not people:
        return 0, start
    per_month = A.monthly_rates(_scheme(), rates_of(work.conn), today.year)
    return people * A.months_cost(per_month, start, 12), start


# --- the register ------------------------------------------------------------------------------
def _columns(day: dt.date) -> list[Any]:
    return [
        T.c.id,
        T.c.number,
        T.c.issued_on,
        T.c.valid_until,
        T.c.purpose,
        T.c.purpose_note,
        T.c.resident_id,
        T.c.nik,
        T.c.name,
        T.c.no_kk,
        T.c.address,
        T.c.signer_name,
        T.c.signer_title,
        T.c.notes,
        T.c.cancelled_on,
        T.c.cancel_reason,
        T.c.actor,
        R.c.status_dasar,
        R.c.jkn_segment,
        R.c.jkn_status,
        H.c.desil,
        _state(day),
    ]


def _search(text: str) -> ColumnElement[bool]:
    words = text.strip()
    digits = clean_identifier(words)
    found = [func.upper(T.c.name).like(f"%{words.upper()}%"), T.c.number.like(f"%{words}%")]
    if digits.isdigit():
        found += [T.c.nik.like(f"{digits}%"), T.c.no_kk.like(f"{digits}%")]
    return or_(*found)


def _conditions(flt: SktmFilter, day: dt.date) -> list[ColumnElement[bool]]:
    first, last = month_bounds(flt.period or this_month(day))
    where: list[ColumnElement[bool]] = []
    if flt.show == S.SHOW_VALID:
        where.append(valid_on(day))
    elif flt.show == S.SHOW_EXPIRING:
        where += [T.c.valid_until.between(first, last), T.c.cancelled_on.is_(None)]
    elif flt.show == S.SHOW_ISSUED:
        where.append(T.c.issued_on.between(first, last))
    elif flt.show == S.SHOW_UNINSURED:
        where += [valid_on(day), rule_columns().uninsured, not_funded(day)]
    if flt.search.strip():
        where.append(_search(flt.search))
    return where


def _rows(work: Work, where: Sequence[ColumnElement[bool]], day: dt.date) -> list[SktmRow]:
    stmt = (
        select(*_columns(day))
        .select_from(T.join(R, R.c.id == T.c.resident_id).outerjoin(H, H.c.id == R.c.household_id))
        .where(*where)
        .order_by(T.c.issued_on.desc(), T.c.id.desc())
    )
    return [SktmRow(*r) for r in work.conn.execute(stmt)]


def sktm_list(work: Work, flt: SktmFilter | None = None) -> list[SktmRow]:
    """The register, newest first, filtered in SQL as ``flt`` says (on the job's day)."""
    flt = flt or SktmFilter()
    return _rows(work, _conditions(flt, work.today), work.today)


def sktm_row(work: Work, sktm_id: int) -> SktmRow:
    found = _rows(work, [T.c.id == sktm_id], work.today)
    if not found:
        raise UserError("SKTM_HILANG", id=sktm_id)
    return found[0]


# --- holders still uninsured -------------------------------------------------------------------
def uninsured_holders(work: Work) -> tuple[list[SktmRow], int, int]:
    """Holders of an SKTM valid today who are alive, not active JKN participants and not yet on
    an APBDes line this month (one row per person: the SKTM that lasts longest), with what
    covering them would cost per month and from next month to December at the APBDes line's rate
    (PBPU/BP Pemda class 3)."""
    rows = sktm_list(work, SktmFilter(S.SHOW_UNINSURED))
    latest: dict[int, SktmRow] = {}
    for r in rows:
        if r.resident_id not in latest or r.valid_until > latest[r.resident_id].valid_until:
            latest[r.resident_id] = r
    people = [r for r in rows if latest[r.resident_id] is r]
    to_year_end, _start = cost_to_year_end(work, len(people))
    return people, len(people) * rate_on(work, work.today), to_year_end


def uninsured_on(work: Work, day: dt.date) -> set[int]:
    """The residents holding an SKTM valid on ``day`` who were alive and not active in JKN then
    (the state known at the end of that day; today's for a day not yet past), and on no APBDes
    line that month."""
    conn = work.conn
    stmt = select(T.c.resident_id).where(valid_on(day), not_funded(day))
    holders = set(conn.execute(stmt).scalars())
    if not holders:
        return set()
    if day >= work.today:
        stmt = select(R.c.id).where(R.c.id.in_(sorted(holders)), rule_columns().uninsured)
        return set(conn.execute(stmt).scalars())
    seen = observation_rows(conn, holders, until=day)
    out: set[int] = set()
    for rid, sd, changed in conn.execute(
        select(R.c.id, R.c.status_dasar, R.c.status_changed_at).where(R.c.id.in_(sorted(holders)))
    ):
        alive = sd == codes.HIDUP or (changed is not None and changed > day)
        state = decide_rows(seen[rid]) if seen.get(rid) else None
        active = state is not None and state.segment in J.JKN_SEGMENTS and state.status == J.AKTIF
        if alive and not active:
            out.add(int(rid))
    return out


def summary(work: Work) -> SktmSummary:
    """The SKTM tab's line, on the job's day."""
    today = work.today
    first, last = month_bounds(this_month(today))
    conn = work.conn
    valid = conn.execute(select(func.count()).select_from(T).where(valid_on(today))).scalar_one()
    ending = conn.execute(
        select(func.count())
        .select_from(T)
        .where(T.c.valid_until.between(first, last), T.c.cancelled_on.is_(None))
    ).scalar_one()
    people, monthly, to_year_end = uninsured_holders(work)
    _cost, start = cost_to_year_end(work, len(people))
    next_year = A.monthly_rates(_scheme(), rates_of(conn), today.year + 1)
    return SktmSummary(
        valid=int(valid),
        expiring=int(ending),
        holders_uninsured=len(people),
        rate=rate_on(work, today),
        monthly_cost=monthly,
        cost_to_year_end=to_year_end,
        from_month=start,
        cost_next_year=len(people) * sum(next_year),
    )


def months_label(start: int) -> str:
    """``2`` → "Februari–Desember"; nothing left this year → ""."""
    if start > 12:
        return ""
    return BULAN[11] if start == 12 else f"{BULAN[start - 1]}–{BULAN[11]}"


# --- the letter --------------------------------------------------------------------------------
def letter_data(work: Work, sktm_id: int) -> SktmLetter:
    """The register row and the holder's birth, sex, work and religion for the printed SKTM."""
    row = sktm_row(work, sktm_id)
    person = (
        work.conn.execute(
            select(R.c.birth_place, R.c.birth_date, R.c.sex, R.c.occupation, R.c.religion).where(
                R.c.id == row.resident_id
            )
        )
        .mappings()
        .one()
    )
    return SktmLetter(
        row,
        person["birth_place"] or "",
        person["birth_date"],
        codes.SEX_LABEL.get(person["sex"], ""),
        _label(codes.pekerjaan(), person["occupation"]),
        _label(codes.agama(), person["religion"]),
    )


def _label(code_list: codes.CodeList, code: int | None) -> str:
    text = code_list.label(code) if code is not None else ""
    return text.title() if text.isupper() else text

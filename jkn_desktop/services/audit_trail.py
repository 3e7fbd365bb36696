"""The audit trail read back (issue #14, UU 27/2022): the Audit page's list, filtered and sorted in
SQL and fetched a page at a time; the people named in it; its export to .xlsx (itself audited);
and the check of its hash chain. Everything here needs ``perm.AUDIT`` (admin, kepala desa).

The program only ever adds entries (``services.audit``); nothing here or anywhere else changes
or deletes one, and on SQLite triggers refuse it (migration 0012)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.exc import DBAPIError

from jkn_desktop.domain import audit_words as W
from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.exporters.xlsx import write_table
from jkn_desktop.persistence import audit_chain
from jkn_desktop.persistence.fastread import read_ids
from jkn_desktop.persistence.tables import audit_t, household_t, resident_t
from jkn_desktop.persistence.types import aware
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.audit import AuditFilter, AuditRow, ChainReport, moment
from jkn_desktop.services import audit

A = audit_t
_ROW_COLUMNS = (
    A.c.id,
    A.c.at,
    A.c.actor,
    A.c.action,
    A.c.entity,
    A.c.entity_key,
    A.c.field,
    A.c.old_value,
    A.c.new_value,
    A.c.reason,
)
SORTS = ("at", "actor", "action", "record")
HEADERS = [
    "No.",
    "Waktu",
    "Pengguna",
    "Tindakan",
    "Data",
    "Isian",
    "Semula",
    "Menjadi",
    "Keterangan",
]
_EXPORT_PAGE = 2000


def parse_day(text: str) -> dt.date | None:
    """ "2026-12-01" as a date; empty as none; anything else refused in Indonesian."""
    text = text.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise UserError("AUDIT_DATE", text=text) from exc


def _conditions(work: Work, flt: AuditFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if flt.user.strip():
        out.append(func.lower(A.c.actor) == flt.user.strip().lower())
    if flt.start and flt.end and flt.start > flt.end:
        raise UserError("AUDIT_RANGE", start=flt.start.isoformat(), end=flt.end.isoformat())
    # the moments are stored as ISO text with their zone: a day's entries start with its date
    if flt.start:
        out.append(A.c.at >= flt.start.isoformat())
    if flt.end:
        out.append(A.c.at < (flt.end + dt.timedelta(days=1)).isoformat())
    if flt.action:
        actions = W.ACTION_KINDS.get(flt.action.strip().lower())
        if actions is None:
            raise UserError("AUDIT_ACTION", action=flt.action, choices=", ".join(W.ACTION_KINDS))
        out.append(A.c.action.in_(actions))
    text = flt.record.strip()
    if text:
        out.append(_record_condition(work, text))
    return out


def _record_condition(work: Work, text: str) -> ColumnElement[bool]:
    """Entries whose key holds ``text`` (a NIK, a No. KK, a name, a period), and — for a whole
    NIK or No. KK — every entry about that resident or household, also those that name it only
    by its id (an insurance observation)."""
    either = [A.c.entity_key.contains(text, autoescape=True)]
    if text.isdigit() and len(text) == 16:
        conn = work.conn
        residents = list(
            conn.execute(select(resident_t.c.id).where(resident_t.c.nik == text)).scalars()
        )
        households = list(
            conn.execute(select(household_t.c.id).where(household_t.c.no_kk == text)).scalars()
        )
        if residents:
            either.append(and_(A.c.entity == "resident", A.c.entity_id.in_(residents)))
        if households:
            either.append(and_(A.c.entity == "household", A.c.entity_id.in_(households)))
    return or_(*either)


def _order(flt: AuditFilter) -> list[Any]:
    key = {
        "at": [],
        "actor": [A.c.actor],
        "action": [A.c.action],
        "record": [A.c.entity, A.c.entity_key],
    }.get(flt.sort, [])
    cols = [*key, A.c.id]
    return [c.desc() for c in cols] if flt.descending else cols


def query_ids(work: Work, flt: AuditFilter) -> list[int]:
    """The ids of the entries ``flt`` asks for, in its order (newest first by default)."""
    work.require(perm.AUDIT)
    stmt = select(A.c.id).where(*_conditions(work, flt)).order_by(*_order(flt))
    return read_ids(work.conn, stmt)


def fetch_rows(work: Work, ids: Sequence[int]) -> list[AuditRow]:
    """The entries with these ids, in the order given (a page of the Audit table)."""
    work.require(perm.AUDIT)
    if not ids:
        return []
    # an entry that names its resident or household only by id (an insurance observation)
    # shows the NIK or No. KK the record has now
    R, H = resident_t, household_t
    key = case(
        (A.c.entity_key != "", A.c.entity_key),
        (A.c.entity == "resident", func.coalesce(R.c.nik, "")),
        (A.c.entity == "household", func.coalesce(H.c.no_kk, "")),
        else_="",
    ).label("entity_key")
    columns = [key if c.name == "entity_key" else c for c in _ROW_COLUMNS]
    joined = A.outerjoin(R, and_(A.c.entity == "resident", R.c.id == A.c.entity_id)).outerjoin(
        H, and_(A.c.entity == "household", H.c.id == A.c.entity_id)
    )
    stmt = select(*columns).select_from(joined).where(A.c.id.in_(list(ids)))
    found = {r[0]: AuditRow(**r._mapping) for r in work.conn.execute(stmt)}
    return [found[i] for i in ids if i in found]


def users(work: Work) -> list[str]:
    """Everyone the trail names, for the filter (accounts that did nothing yet are not listed)."""
    work.require(perm.AUDIT)
    names = work.conn.execute(select(A.c.actor).distinct()).scalars()
    return sorted({str(n) for n in names}, key=str.casefold)


def cells(r: AuditRow) -> list[str]:
    """One entry as the table, the workbook and the command line show it, in Indonesian."""
    return [
        str(r.id),
        moment(r.at),
        r.actor,
        r.action_word,
        r.record_text,
        r.field_label,
        r.old_text if r.field else "",
        r.new_text if r.field else "",
        r.reason,
    ]


def _pages(work: Work, ids: Sequence[int]) -> Iterator[AuditRow]:
    for start in range(0, len(ids), _EXPORT_PAGE):
        yield from fetch_rows(work, ids[start : start + _EXPORT_PAGE])


def export_audit(work: Work, flt: AuditFilter, out: Path) -> int:
    """The entries ``flt`` asks for to .xlsx, every cell a text cell (a name that starts with "="
    stays a name); the export is itself an entry of the trail. Returns how many."""
    work.require(perm.AUDIT)
    if out.suffix.lower() != ".xlsx":
        raise UserError("JENIS_BERKAS", what="Ekspor jejak audit", allowed=".xlsx", file=out.name)
    ids = query_ids(work, flt)
    write_table(
        out,
        "Jejak audit",
        HEADERS,
        (cells(r) for r in _pages(work, ids)),
        text_columns=range(len(HEADERS)),
        widths=[9, 24, 16, 18, 30, 22, 28, 28, 36],
    )
    audit.exported(work, document="Jejak audit (Excel)", rows=len(ids), masked=False, target=out)
    return len(ids)


def verify_chain(work: Work, progress: Callable[[int, int], None] | None = None) -> ChainReport:
    """Check every link of the trail and its head (decision 22)."""
    work.require(perm.AUDIT)
    try:
        walk = audit_chain.walk(work.conn, progress)
    except (sqlite3.OperationalError, DBAPIError) as exc:
        if not audit_chain.missing(exc):
            raise
        text = str(getattr(exc, "orig", exc))
        raise UserError("AUDIT_UNREADABLE", name=work.location.name, problem=text) from exc
    first_id, first_at, problem = walk.first or (None, None, "")
    last_at = work.conn.execute(select(A.c.at).where(A.c.id == walk.last_id)).scalar()
    return ChainReport(
        entries=walk.entries,
        broken=walk.broken,
        first_id=first_id,
        first_at=_moment(first_at),
        problem=problem,
        head_problem=walk.head_problem,
        fingerprint=walk.last_chain,
        last_at=last_at,
    )


def _moment(text: str | None) -> dt.datetime | None:
    """A time as stored; what an outside edit left unreadable is no time."""
    if not text:
        return None
    try:
        return aware(dt.datetime.fromisoformat(str(text)))
    except ValueError:
        return None

"""Payments of a line (the realisation): what was paid for a month, when, under which SPP."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import insert_id
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.apbdes import Payment
from jkn_desktop.records.changes import APBDES
from jkn_desktop.services import audit
from jkn_desktop.services.apbdes._common import P, delete_audited, line_year


def add_payment(
    work: Work,
    line_id: int,
    month: int,
    amount: int,
    paid_on: dt.date,
    reference: str,
    notes: str = "",
) -> int:
    work.require(perm.APBDES)
    if not 1 <= month <= 12:
        raise UserError("BULAN", month=month)
    if amount <= 0:
        raise UserError("JUMLAH")
    conn = work.conn
    year = line_year(conn, line_id)
    if not year - 1 <= paid_on.year <= year + 1:
        raise UserError("TANGGAL.bayar", date=tanggal(paid_on), year=year)
    values = {
        "line_id": line_id,
        "month": month,
        "amount": amount,
        "paid_on": paid_on,
        "reference": reference.strip(),
        "notes": notes.strip(),
    }
    pid = insert_id(conn, insert(P).values(**values, created_at=work.now, actor=work.user))
    audit.note(
        work,
        action="create",
        entity="apbdes_payment",
        entity_id=pid,
        entity_key=f"baris {line_id} {A.month_name(month)} {year}",
        changes={
            "amount": (None, amount),
            "paid_on": (None, paid_on),
            "reference": (None, reference.strip()),
        },
    )
    work.touch(APBDES, line_id)
    return pid


def delete_payment(work: Work, payment_id: int, reason: str) -> None:
    work.require(perm.APBDES)
    gone = delete_audited(
        work,
        P,
        payment_id,
        lambda o: f"baris {o['line_id']} bulan {o['month']}",
        ("line_id", "month", "amount", "reference"),
        reason,
    )
    if gone is not None:
        work.touch(APBDES, gone["line_id"])


def payments(work: Work, line_id: int) -> list[Payment]:
    stmt = (
        select(P.c.id, P.c.line_id, P.c.month, P.c.amount, P.c.paid_on, P.c.reference, P.c.notes)
        .where(P.c.line_id == line_id)
        .order_by(P.c.month, P.c.paid_on, P.c.id)
    )
    return [Payment(*r) for r in work.conn.execute(stmt)]


def payments_of(work: Work, line_ids: list[int]) -> dict[int, list[Payment]]:
    """The payments of several lines, by line."""
    return {lid: payments(work, lid) for lid in line_ids}

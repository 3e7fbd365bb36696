"""What the APBDes services share: the tables, a line's year and key, and an audited delete."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, RowMapping, Table, delete, select

from jkn_desktop.domain import apbdes as A
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import (
    apbdes_beneficiary_t,
    apbdes_line_t,
    apbdes_payment_t,
    household_t,
    resident_t,
)
from jkn_desktop.persistence.work import Work
from jkn_desktop.services import audit

R = resident_t
H = household_t
L = apbdes_line_t
B = apbdes_beneficiary_t
P = apbdes_payment_t


def line_year(conn: Connection, line_id: int) -> int:
    """The fiscal year of a line; a clear message when there is no such line."""
    year = conn.execute(select(L.c.year).where(L.c.id == line_id)).scalar()
    if year is None:
        raise UserError("BARIS_HILANG", line=line_id)
    return int(year)


def line_key(v: Mapping[str, Any] | RowMapping) -> str:
    return f"{v['year']} {v['kegiatan']} / {v['rekening']} / {v['sumber']}"


def scheme_of(row: RowMapping) -> A.Scheme:
    return A.Scheme(
        row["scheme_segment"], row["scheme_kelas"], row["scheme_share"], row["custom_rate"]
    )


def delete_audited(
    work: Work,
    table: Table,
    row_id: int,
    key: Callable[[RowMapping], str],
    fields: Sequence[str],
    reason: str = "",
) -> RowMapping | None:
    """Delete one row (gone already: nothing to do, None), keeping its values in the audit
    trail; returns the row as it was."""
    conn = work.conn
    old = conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
    if old is None:
        return None
    conn.execute(delete(table).where(table.c.id == row_id))
    audit.note(
        work,
        action="delete",
        entity=table.name,
        entity_id=row_id,
        entity_key=key(old),
        changes={k: (old[k], None) for k in fields},
        reason=reason,
    )
    return old

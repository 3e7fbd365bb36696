"""No silent overwrite (issue #14): an edit dialog says what the record held when it was opened,
and the save is refused when someone (another window, an import, the command line) changed any of
those fields since. The person then sees who changed what and chooses.

The check compares the fields themselves, read in the same transaction as the write (the update
reads the row for its audit anyway), rather than a version number: it adds no query to a save,
catches a change made by any path (even outside the program), and does not refuse an edit because
a derived key the dialog never showed (a sort key, the household's copied address) moved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select

from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import audit_t
from jkn_desktop.persistence.work import Work


@dataclass(frozen=True)
class ChangedField:
    field: str  # the column; the window shows its label
    opened: object  # what the dialog showed
    now: object  # what the record holds now


class EditConflict(UserError):
    """The record changed since the dialog opened. ``fields``: what differs; ``by`` and ``at``:
    the last change's author and moment from the audit trail (empty when it left no trace, i.e.
    was made outside the program)."""

    def __init__(
        self, fields: list[ChangedField], by: str, at: dt.datetime | None, what: str
    ) -> None:
        self.fields = fields
        self.by = by
        self.at = at
        if by and at is not None:
            super().__init__(
                "EDIT_CONFLICT", what=what, by=by, when=f"{tanggal(at.date())} pukul {at:%H.%M}"
            )
        else:
            super().__init__("EDIT_CONFLICT.outside", what=what)


def check_unchanged(
    work: Work,
    *,
    entity: str,
    entity_id: int,
    what: str,
    opened: Mapping[str, object],
    current: Mapping[str, object],
    since: dt.datetime | None = None,
) -> None:
    """Refuse the save when a field the dialog showed (``opened``) differs from the row as it is
    now (``current``, read in this job). ``since``: the record's last change as the dialog saw
    it. The audit row that wrote the value stored now names who changed it; none means the
    change left no trace in the program (made outside it)."""
    differ = [
        ChangedField(k, v, current.get(k))
        for k, v in opened.items()
        if k in current and _norm(current.get(k)) != _norm(v)
    ]
    if not differ:
        return
    # who wrote what is stored now: the newest audit row that set one of these fields to it
    wanted = {f.field: _as_audited(f.now) for f in differ}
    rows = work.conn.execute(
        select(audit_t.c.actor, audit_t.c.at, audit_t.c.field, audit_t.c.new_value)
        .where(
            audit_t.c.entity == entity,
            audit_t.c.entity_id == entity_id,
            audit_t.c.field.in_(list(wanted)),
        )
        .order_by(audit_t.c.id.desc())
        .limit(50)
    )
    by, at = "", None
    for row in rows:
        if row.new_value == wanted[row.field] and (since is None or row.at >= since):
            by, at = str(row.actor), row.at
            break
    raise EditConflict(differ, by, at, what)


def _as_audited(value: object) -> str | None:
    """The value as the audit trail writes it (services.audit)."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _norm(value: object) -> object:
    """Equal values stored differently compare equal (an empty text and a missing one, a
    True and a 1)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    return value

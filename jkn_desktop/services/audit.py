"""The audit trail: written in the caller's transaction, one row per changed field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sqlalchemy import insert, select

from jkn_desktop.persistence.tables import audit_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.audit import AuditEntry


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def note(
    work: Work,
    *,
    action: str,
    entity: str,
    entity_id: int | None,
    entity_key: str,
    changes: Mapping[str, tuple[object, object]] | None = None,
    reason: str = "",
) -> None:
    """Write the audit rows for one change in the job's transaction, by the job's user at the
    job's time. ``changes`` maps a field to ``(old, new)``; when empty a single row marks the
    action itself (e.g. a delete with its reason)."""
    base = {
        "at": work.now,
        "actor": work.user,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "entity_key": entity_key,
        "reason": reason,
    }
    rows = [
        {**base, "field": field, "old_value": _text(old), "new_value": _text(new)}
        for field, (old, new) in (changes or {}).items()
    ] or [{**base, "field": "", "old_value": None, "new_value": None}]
    work.conn.execute(insert(audit_t), rows)


def diff(old: Mapping[str, object], new: Mapping[str, object]) -> dict[str, tuple[object, object]]:
    """Fields whose value changed, as ``{field: (old, new)}``."""
    return {k: (old.get(k), v) for k, v in new.items() if old.get(k) != v}


def history(work: Work, entity: str, entity_id: int, limit: int = 500) -> list[AuditEntry]:
    """The newest ``limit`` audit rows of one record, newest first."""
    stmt = (
        select(
            audit_t.c.at,
            audit_t.c.actor,
            audit_t.c.action,
            audit_t.c.entity,
            audit_t.c.entity_key,
            audit_t.c.field,
            audit_t.c.old_value,
            audit_t.c.new_value,
            audit_t.c.reason,
        )
        .where(audit_t.c.entity == entity, audit_t.c.entity_id == entity_id)
        .order_by(audit_t.c.id.desc())
        .limit(limit)
    )
    return [AuditEntry(*r) for r in work.conn.execute(stmt)]

"""The audit trail: written in the caller's transaction, one row per changed field; exports and
printouts noted with what, how many rows, masked or not, and where."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

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
    actor: str | None = None,
) -> None:
    """Write the audit rows for one change in the job's transaction, by the job's user at the
    job's time. ``changes`` maps a field to ``(old, new)``; when empty a single row marks the
    action itself (e.g. a delete with its reason). ``actor``: who, when the job runs before
    anyone is logged in (a login names the account it is for)."""
    rows = _rows(work, action, entity, entity_id, entity_key, changes, reason)
    if actor is not None:
        for row in rows:
            row["actor"] = actor
    _write(work, rows)


def _write(work: Work, rows: list[dict[str, object]]) -> None:
    """Into the job's transaction; in a job that locked one village on a server, held until
    the job ends and takes the whole database's lock (the chain's order is the ids')."""
    if work.audit_held is not None:
        work.audit_held.extend(rows)
        return
    work.conn.execute(insert(audit_t), rows)


def _rows(
    work: Work,
    action: str,
    entity: str,
    entity_id: int | None,
    entity_key: str,
    changes: Mapping[str, tuple[object, object]] | None,
    reason: str,
) -> list[dict[str, object]]:
    base = {
        "at": work.now,
        "actor": work.user,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "entity_key": entity_key,
        "reason": reason,
    }
    return [
        {**base, "field": field, "old_value": _text(old), "new_value": _text(new)}
        for field, (old, new) in (changes or {}).items()
    ] or [{**base, "field": "", "old_value": None, "new_value": None}]


def exported(
    work: Work,
    *,
    document: str,
    rows: int,
    masked: bool,
    target: Path | str,
    subject: str = "",
    printed: bool = False,
) -> None:
    """Note an export (a file written) or a printout (pages sent to a printer) of personal data
    (UU 27/2022 Ps. 31): ``document`` as the person chose it, the ``subject`` it is for (a period,
    a year, a NIK), how many rows it lists, whether NIKs were masked, and where it went. Every
    service that writes or prints personal data calls this once it has.

    Exports run as read jobs (one snapshot, no write lock held while a big file is written), so
    the entries wait in the job and ``Database.work`` writes them right after it; when that
    fails, the file is removed. In a write job they join its transaction."""
    changes: dict[str, tuple[object, object]] = {
        "document": (None, document),
        "rows": (None, rows),
        "masked": (None, masked),
        ("printer" if printed else "file"): (None, str(target)),
    }
    entries = _rows(work, "print" if printed else "export", "document", None, subject, changes, "")
    if work.writable:
        _write(work, entries)
        return
    work.audit_after.extend(entries)
    if not printed:
        work.exported_files.append(Path(target))


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

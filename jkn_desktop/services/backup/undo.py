"""Undo the last big step (an import of residents, a PBI list, a bulk proposal action): restore
the backup taken just before it, once the user has seen what that loses — every change the audit
trail recorded after that backup, the step's own and any made since, counted by kind."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from jkn_desktop.domain import backups as B
from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.backups import store
from jkn_desktop.persistence.database import Database
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.backups import BackupInfo, LostKind, RestoreResult, UndoPlan
from jkn_desktop.services.backup.making import Progress, backup_folder
from jkn_desktop.services.backup.restoring import restore_unchecked


def lost_since(work: Work, audit_max_id: int) -> list[LostKind]:
    """The audit trail after entry ``audit_max_id``, by kind: how many records, how many
    entries (one per changed field), most first."""
    rows = work.conn.execute(
        text(
            "SELECT entity, action, count(DISTINCT coalesce(entity_id, entity_key)), count(*) "
            "FROM audit_log WHERE id > :after GROUP BY entity, action"
        ),
        {"after": audit_max_id},
    ).all()
    found = [LostKind(B.change_label(e, a), int(r), int(n)) for e, a, r, n in rows]
    return sorted(found, key=lambda k: (-k.entries, k.label))


def last_step_backup(db: Database) -> BackupInfo | None:
    """The backup taken just before the last big step, if retention still keeps one."""
    return next((b for b in store.list_backups(db.path) if b.kind in B.STEPS), None)


def undo_plan(db: Database) -> UndoPlan:
    """The last big step and what undoing it would lose (nothing changes yet). A database on a
    server keeps no backups of its own to go back to: refused, naming who can."""
    if db.on_server:
        raise UserError("UNDO_ON_SERVER", name=db.name)
    backup = last_step_backup(db)
    if backup is None:
        raise UserError("UNDO_NOTHING", folder=backup_folder(db))
    lost = db.run(lost_since, backup.facts.audit_max_id, write=False)
    return UndoPlan(backup, lost)


def undo_last_step(
    db: Database,
    plan: UndoPlan,
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """Restore the backup of ``plan`` (the state just before the step); the current state is
    backed up first, so the undo itself can be taken back from the backup list.

    An admin may undo any step. Anyone else may undo a step when every change since its backup
    is their own (the import they just made): undoing it then takes nobody else's work away."""
    if not db.actor.can(perm.BACKUP):
        others = db.run(
            _others_since, plan.backup.facts.audit_max_id, db.actor.username, write=False
        )
        if others:
            raise UserError("UNDO_OTHERS", others=", ".join(others))
    return restore_unchecked(db, plan.backup.path, now=now, progress=progress)


def _others_since(work: Work, audit_max_id: int, username: str) -> list[str]:
    """Who besides ``username`` changed anything after audit entry ``audit_max_id``."""
    rows = work.conn.execute(
        text("SELECT DISTINCT actor FROM audit_log WHERE id > :after AND actor != :me"),
        {"after": audit_max_id, "me": username},
    )
    return sorted(str(r[0]) for r in rows)

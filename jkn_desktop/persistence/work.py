"""The unit of work: one job's transaction, the acting user, the clock and the area.

Every service takes a :class:`Work` as its first argument and does its reads and writes on
``work.conn``; it never opens a transaction of its own. Whoever starts a job — the window's task
runner, the command line, a test — opens exactly one with :meth:`Database.work` and gets back, with
the result, the :class:`~jkn_desktop.records.changes.Changes` the job made.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from jkn_desktop.errors import DatabaseError, UserError
from jkn_desktop.paths import Location
from jkn_desktop.records.area import WHOLE, Scope
from jkn_desktop.records.changes import ChangeLog, Changes
from jkn_desktop.records.people import Actor


def local_now() -> dt.datetime:
    """Now, with the computer's zone (WIB, WITA or WIT), to the second."""
    return dt.datetime.now().astimezone().replace(microsecond=0)


def refuse_unless(actor: Actor, permission: str) -> None:
    """The refusal, in Indonesian, naming the roles that may do it."""
    if not actor.can(permission):
        from jkn_desktop.domain.roles import PERMISSION_WORDS, roles_in_words

        raise UserError(
            "NOT_PERMITTED",
            action=PERMISSION_WORDS.get(permission, permission),
            roles=roles_in_words(permission),
        )


class Work:
    __slots__ = (
        "_log",
        "actor",
        "asked_permission",
        "audit_after",
        "audit_held",
        "conn",
        "exported_files",
        "location",
        "now",
        "optimize_after",
        "scope",
        "today",
        "user",
        "writable",
    )

    def __init__(
        self,
        conn: Connection,
        *,
        user: str | Actor,
        writable: bool,
        location: Location,
        today: dt.date | None = None,
        now: dt.datetime | None = None,
        scope: Scope = WHOLE,
    ) -> None:
        self.conn = conn
        # a plain name: a job with no logged-in person behind it (see Database.work)
        self.actor = user if isinstance(user, Actor) else Actor.system(user)
        self.user = self.actor.username  # what the audit trail records
        # set by require() or open_to_all(): a person's write job must have asked (Database.work)
        self.asked_permission = False
        self.writable = writable
        self.location = location  # the database file, or its address on a server
        self.now = now if now is not None else local_now()
        self.today = today if today is not None else self.now.date()
        self.scope = scope
        # set by a job that wrote many rows: the planner's statistics are refreshed after commit
        self.optimize_after = False
        # a read job's exports and printouts: their audit rows, written by Database.work right
        # after the job in a short write of its own; if that fails, the files are removed
        self.audit_after: list[dict[str, Any]] = []
        # a write job on a server that locked one village only (Database.work's ``village``):
        # its audit rows wait here and are written under the whole database's lock as it ends
        self.audit_held: list[dict[str, Any]] | None = None
        self.exported_files: list[Path] = []
        self._log = ChangeLog()

    def touch(self, entity: str, *ids: int | None) -> None:
        """Note that this job changed ``entity`` (with these ids, when known)."""
        if not self.writable:
            raise RuntimeError("a read-only job cannot change anything")
        self._log.touch(entity, ids)

    def require(self, permission: str) -> None:
        """Refuse the job unless the acting person's roles carry ``permission``. Every service that
        changes, approves, exports or administers calls this first, so a refusal does not depend on
        which button or command asked."""
        self.asked_permission = True
        refuse_unless(self.actor, permission)

    def open_to_all(self) -> None:
        """A write any person may cause (logging in, changing one's own password)."""
        self.asked_permission = True

    def require_sound(self) -> None:
        """Before an import builds on the file: SQLite's quick check; a damaged file is refused."""
        from jkn_desktop.persistence.migrate import damaged_error, integrity_problems

        if isinstance(self.location, Path) and integrity_problems(self.location):
            raise damaged_error(self.location)

    @property
    def database_path(self) -> Path:
        """The database file; a database on a server has none (refused with a message)."""
        if not isinstance(self.location, Path):
            raise DatabaseError("DB_ON_SERVER", name=self.location.name)
        return self.location

    @property
    def changes(self) -> Changes:
        return self._log.freeze()

"""Making backups: the automatic ones in the data folder's ``cadangan/`` (daily, before a big
step), and a copy to any folder the user picks (a flash drive), encrypted when it leaves the data
folder.

These functions take the open :class:`Database`, not a unit of work: a backup reads the file
through SQLite's backup API on a connection of its own and opens no transaction of ours. They are
the admin's (issue #14): a role check goes at the top of :func:`take_backup` (the manual backup
into ``cadangan/``), :func:`export_backup`, and in ``restoring``/``undo``.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from jkn_desktop import __version__
from jkn_desktop.domain import backups as B
from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.paths import backup_dir
from jkn_desktop.persistence.backups import sealed, store
from jkn_desktop.persistence.backups.facts import read_facts
from jkn_desktop.persistence.backups.files import copy_database, private_folder, temp_beside
from jkn_desktop.persistence.database import Database
from jkn_desktop.persistence.migrate import damaged_error, translate_sqlite_error
from jkn_desktop.persistence.work import local_now
from jkn_desktop.records.backups import BackupInfo, DbFacts, ExportResult

log = logging.getLogger("jkn.backup")

Progress = Callable[[int, int], None]
MIN_PASSWORD = 8
PASSWORD_ENV = "JKN_DESKTOP_BACKUP_PASSWORD"
SEALED_SUFFIX = ".jknbak"

# one backup or restore at a time in this process (the window's worker, its start-up check thread)
FILE_LOCK = threading.RLock()


def backup_folder(db: Database) -> Path:
    return backup_dir(db.path)


def list_backups(db: Database) -> list[BackupInfo]:
    """The backups in ``cadangan/``, newest first."""
    db.require(perm.BACKUP)
    return store.list_backups(db.path)


def current_facts(db: Database) -> DbFacts:
    """What the open database holds; a damaged one (that cannot be counted) holds nothing known."""
    try:
        facts = read_facts(db.path)
    except sqlite3.DatabaseError:
        facts = None
    return facts or DbFacts(None, "", "", 0, 0, None, 0, store.database_size(db.path))


def take_backup(
    db: Database,
    kind: str = B.MANUAL,
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> BackupInfo:
    """A backup in ``cadangan/`` now (the kind says why); older ones pruned by retention. A full
    disk refuses with the user's message and leaves nothing behind. A backup asked for by a
    person (``MANUAL``) is the admin's; the automatic ones are taken for anyone."""
    if kind == B.MANUAL:
        db.require(perm.BACKUP)
    with FILE_LOCK:
        try:
            return store.take(
                db.path, kind, now=now or local_now(), progress=progress, damaged=db.damaged
            )
        except sqlite3.Error as exc:  # reading our own database failed (locked, damaged)
            raise translate_sqlite_error(exc, db.path) from exc


def before_step(db: Database, kind: str, *, now: dt.datetime | None = None) -> BackupInfo | None:
    """The backup taken just before a big step (an import, a PBI list, a bulk proposal action):
    what *undo* restores. Refused (and the step with it) when it cannot be written. None for a
    database on a server: its backups are the server administrator's (decision 90)."""
    assert kind in B.STEPS, kind
    if db.on_server:
        return None
    if db.damaged:  # the step itself is refused on a damaged file (Work.require_sound)
        raise damaged_error(db.path)
    return take_backup(db, kind, now=now)


def daily_backup(db: Database, *, now: dt.datetime | None = None) -> BackupInfo | None:
    """On the first open of a day: a backup, unless one was already made today, the database is
    new (nobody registered), or it was found damaged (a damaged copy would push good ones out)."""
    now = now or local_now()
    if db.damaged or db.on_server:  # a server is backed up by its administrator
        return None
    today = now.astimezone().date()
    if any(b.moment.astimezone().date() == today for b in store.list_backups(db.path)):
        return None
    if current_facts(db).empty:
        return None
    return take_backup(db, B.DAILY, now=now)


def check_new_password(password: str, again: str | None = None) -> str:
    """A password for a new encrypted backup: long enough, typed the same twice."""
    if len(password) < MIN_PASSWORD:
        raise UserError("BACKUP_PASSWORD_SHORT", minimum=MIN_PASSWORD)
    if again is not None and again != password:
        raise UserError("BACKUP_PASSWORD_MISMATCH")
    return password


def inside_data_folder(db: Database, target: Path) -> bool:
    """A file put in the database's own folder, or its ``cadangan/``, stays on this computer with
    the database: no password. Anywhere else (another folder, a flash drive) it is encrypted."""
    folder = target.resolve().parent
    return folder in (db.path.parent.resolve(), backup_dir(db.path).resolve())


def default_name(facts: DbFacts, now: dt.datetime, *, encrypted: bool) -> str:
    """``cadangan-girilayu-2026-11-22.jknbak``."""
    village = "".join(c if c.isalnum() else "-" for c in facts.village.lower()).strip("-")
    stem = f"cadangan-{village or 'jkn'}-{now.astimezone():%Y-%m-%d}"
    return stem + (SEALED_SUFFIX if encrypted else ".sqlite3")


def export_backup(
    db: Database,
    target: Path,
    password: str | None = None,
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """A backup at ``target`` (a file, or a folder to put it in). Outside the data folder it is
    encrypted with ``password`` (sealed.py); inside it, a plain SQLite copy."""
    db.require(perm.BACKUP)
    started = time.perf_counter()
    now = now or local_now()
    target = Path(target).expanduser()
    with FILE_LOCK:
        facts = current_facts(db)
        if target.is_dir():
            outside = not inside_data_folder(db, target / "x")
            target = target / default_name(facts, now, encrypted=outside)
        if target.resolve() == db.path.resolve():
            raise UserError("BACKUP_OUTPUT_IS_DATABASE", path=target)
        encrypted = not inside_data_folder(db, target)
        if encrypted:
            check_new_password(password or "")
        if not target.parent.exists():
            private_folder(target.parent)
        store.check_space(target.parent, store.database_size(db.path))
        try:
            if encrypted:
                assert password is not None
                _sealed_copy(db, target, password, facts, now, progress)
            else:
                copy_database(db.path, target, progress=progress)
        except sqlite3.Error as exc:
            raise translate_sqlite_error(exc, db.path) from exc
    log.info("backup exported: %s (encrypted: %s)", target, encrypted)
    return ExportResult(target, encrypted, facts, time.perf_counter() - started)


def _sealed_copy(
    db: Database,
    target: Path,
    password: str,
    facts: DbFacts,
    now: dt.datetime,
    progress: Progress | None,
) -> None:
    """A consistent copy in the data folder first (SQLite's backup API), then sealed into
    ``target``; the plain copy never leaves the data folder and is removed at once."""
    store.check_space(db.path.parent, store.database_size(db.path))
    plain = temp_beside(db.path, ".ekspor")

    def half(offset: int) -> Progress | None:
        if progress is None:
            return None
        return lambda done, total: progress(offset * total + done, 2 * total)

    try:
        copy_database(db.path, plain, progress=half(0))
        description = {
            "kind": B.MANUAL,
            "moment": now.isoformat(),
            "app_version": __version__,
            "database": db.path.name,
            "facts": (read_facts(plain) or facts).as_json(),
        }
        sealed.seal(plain, target, password, description, progress=half(1))
    finally:
        plain.unlink(missing_ok=True)

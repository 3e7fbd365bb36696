"""Restoring a backup: check the file, show what it holds beside the current database, back up
the current state, then swap the files in one rename.

Every check runs on a *staged* copy in the database's own folder (decrypted, or copied with
SQLite's backup API so that a log beside a plain file is folded in): what is checked is exactly
what is swapped in. Refused — with the current database untouched — are: a file that is not a
backup, a wrong or missing password, a damaged or cut file, a backup of a newer version, one of
another village (unless the current database is still empty), and a disk too full for the staged
copy or the safety backup.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from jkn_desktop.domain import backups as B
from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.backups import sealed, store
from jkn_desktop.persistence.backups.facts import integrity_problems, read_facts
from jkn_desktop.persistence.backups.files import (
    copy_database,
    create_private,
    disk_full,
    sweep_temps,
    temp_beside,
    unwritable,
)
from jkn_desktop.persistence.database import Database
from jkn_desktop.persistence.migrate import SQLITE_HEADER, known_revisions
from jkn_desktop.persistence.work import local_now
from jkn_desktop.records.backups import DbFacts, RestoreCheck, RestoreResult
from jkn_desktop.services.backup.making import FILE_LOCK, Progress, current_facts

log = logging.getLogger("jkn.backup")


def is_encrypted(source: Path) -> bool:
    """True for an encrypted backup (the window asks for its password first)."""
    try:
        return Path(source).is_file() and sealed.is_sealed(Path(source))
    except OSError:
        return False


def _opened(source: Path) -> bytes:
    """The file's first bytes, after the checks that it is there and readable."""
    if not source.exists():
        raise UserError("BACKUP_NOT_FOUND", path=source)
    if source.is_dir():
        raise UserError("BACKUP_IS_DIR", path=source)
    try:
        with source.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise UserError(
            "BACKUP_UNREADABLE", name=source.name, reason=exc.strerror or str(exc)
        ) from exc


def _made(source: Path, description: dict[str, object] | None) -> dt.datetime | None:
    """When the backup was made: from the encrypted file's description, a sidecar beside a plain
    copy, else the file's own time."""
    moment = description.get("moment") if description else None
    if moment is None:
        try:
            sidecar = json.loads(store.sidecar_of(source).read_text(encoding="utf-8"))
            moment = sidecar.get("moment")
        except (OSError, ValueError, AttributeError):
            moment = None
    try:
        if isinstance(moment, str):
            return dt.datetime.fromisoformat(moment)
        return dt.datetime.fromtimestamp(source.stat().st_mtime).astimezone()
    except (OSError, ValueError):
        return None


def _stage(
    db: Database, source: Path, password: str | None, progress: Progress | None
) -> tuple[Path, bool, dt.datetime | None]:
    """The backup as a plain database file beside the current one (whole, or nothing left)."""
    head = _opened(source)
    sweep_temps(db.path.parent)
    staged = temp_beside(db.path, ".pulihkan")
    store.check_space(db.path.parent, source.stat().st_size)
    try:
        if head.startswith(sealed.MAGIC):
            if not password:
                raise UserError("BACKUP_PASSWORD_MISSING", name=source.name)
            description = sealed.unseal(source, staged, password, progress=progress)
            return staged, True, _made(source, description)
        if head != SQLITE_HEADER:
            raise UserError("BACKUP_NOT_OURS", name=source.name)
        if Path(f"{source}-wal").exists():  # a log beside it: SQLite folds it into the copy
            try:
                copy_database(source, staged, progress=progress, readonly=True)
            except sqlite3.Error as exc:
                raise UserError("BACKUP_DAMAGED", name=source.name) from exc
        else:  # one file (our backups are): its bytes, checked below like any other
            _copy_bytes(source, staged)
        return staged, False, _made(source, None)
    except BaseException:
        _discard(staged)
        raise


def _copy_bytes(source: Path, staged: Path) -> None:
    try:
        create_private(staged)
        shutil.copyfile(source, staged)
    except OSError as exc:
        if disk_full(exc):
            raise unwritable(staged.parent, exc) from exc
        raise UserError(
            "BACKUP_UNREADABLE", name=source.name, reason=exc.strerror or str(exc)
        ) from exc


def _discard(staged: Path) -> None:
    for p in (staged, Path(f"{staged}-journal"), Path(f"{staged}-wal"), Path(f"{staged}-shm")):
        p.unlink(missing_ok=True)


def _checked(staged: Path, name: str, current: DbFacts) -> DbFacts:
    """The staged copy's facts, once it passed every check."""
    try:
        problems = integrity_problems(staged)
        facts = None if problems else read_facts(staged)
    except sqlite3.DatabaseError as exc:
        raise UserError("BACKUP_DAMAGED", name=name) from exc
    if problems:
        log.warning("backup %s failed the integrity check: %s", name, problems[:3])
        raise UserError("BACKUP_DAMAGED", name=name)
    if facts is None or facts.schema is None:
        raise UserError("BACKUP_NOT_OURS.sqlite", name=name)
    if facts.schema not in known_revisions():
        raise UserError("BACKUP_TOO_NEW", name=name)
    if (
        facts.kode_wilayah
        and current.kode_wilayah
        and facts.kode_wilayah != current.kode_wilayah
        and not current.empty
    ):
        raise UserError(
            "BACKUP_OTHER_VILLAGE",
            name=name,
            backup_village=facts.full_name,
            backup_kode=facts.kode_wilayah,
            current_village=current.full_name,
            current_kode=current.kode_wilayah,
        )
    return facts


def inspect_backup(
    db: Database, source: Path, password: str | None = None, *, progress: Progress | None = None
) -> RestoreCheck:
    """Check ``source`` and say what it holds beside the current database; nothing changes (the
    ``--dry-run`` of a restore)."""
    db.require(perm.BACKUP)
    source = Path(source).expanduser()
    with FILE_LOCK:
        current = current_facts(db)
        staged, encrypted, made = _stage(db, source, password, progress)
        try:
            facts = _checked(staged, source.name, current)
        finally:
            _discard(staged)
    return RestoreCheck(source, encrypted, made, facts, current)


def restore_backup(
    db: Database,
    source: Path,
    password: str | None = None,
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """Restore ``source``: the checks of :func:`inspect_backup`, then a backup of the current
    state (kind "sebelum-pulihkan"), then the swap; the database is reopened (and migrated when
    the backup is of an older version). The admin's."""
    db.require(perm.BACKUP)
    return restore_unchecked(db, source, password, now=now, progress=progress)


def restore_unchecked(
    db: Database,
    source: Path,
    password: str | None = None,
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """:func:`restore_backup` for a caller that has checked who may (undo of one's own step)."""
    from jkn_desktop.services.database import prepare

    started = time.perf_counter()
    source = Path(source).expanduser()
    with FILE_LOCK:
        current = current_facts(db)
        key = _package_key(db)
        staged, encrypted, made = _stage(db, source, password, progress)
        try:
            # the check of the copy (seconds: it reads every page) and the safety backup of the
            # current state run side by side; the safety copy is dropped if the check refuses
            with ThreadPoolExecutor(1, thread_name_prefix="restore-check") as pool:
                checking = pool.submit(_checked, staged, source.name, current)
                try:
                    safety = store.take(
                        db.path,
                        B.BEFORE_RESTORE,
                        now=now or local_now(),
                        damaged=db.damaged,
                        prune_after=False,
                    )
                except BaseException:
                    checking.result()  # a refusal of the file comes first
                    raise
                try:
                    facts = checking.result()
                except BaseException:
                    store.remove(safety)
                    raise
            try:
                db.take_over(staged, migrate=True)
            except OSError as exc:  # Windows: the file is still open elsewhere
                log.warning("restore swap refused: %s", exc)
                raise UserError("RESTORE_BUSY") from exc
        finally:
            _discard(staged)
        store.prune(db.path)
        db.run(prepare)
        _keep_package_key(db, key)
    log.info("restored %s over %s (safety copy %s)", source, db.path, safety.path)
    check = RestoreCheck(source, encrypted, made, facts, current)
    return RestoreResult(check, safety, time.perf_counter() - started)


def _package_key(db: Database) -> dict[str, object] | None:
    """The village's package signing key, if the current database has one."""
    from sqlalchemy import select

    from jkn_desktop.persistence.tables import package_key_t

    try:
        with db.engine.connect() as conn:
            row = conn.execute(select(package_key_t)).mappings().first()
    except Exception:  # a damaged current database: nothing to carry over
        log.warning("package key not read before the restore", exc_info=True)
        return None
    return dict(row) if row is not None else None


def _keep_package_key(db: Database, key: dict[str, object] | None) -> None:
    """A restored backup made before the village's first package has no signing key: the key the
    database had is kept, so that the kecamatan, which registered it, still takes the village's
    packages (an undo of a step taken before the first package must not change the key). A
    backup that has a key keeps its own."""
    from sqlalchemy import func, insert, select

    from jkn_desktop.persistence.tables import package_key_t

    if key is None:
        return
    with db.engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(package_key_t)).scalar_one():
            return
        conn.execute(insert(package_key_t).values(**key))
    log.info("package key %s kept across the restore", key.get("fingerprint"))

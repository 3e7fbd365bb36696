"""Opening the database a job runs in: migrated, with the region names in place, and — for the
window and the command line — under the writer lock (``persistence.writer_lock``)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from jkn_desktop.errors import DatabaseError, DatabaseInUse
from jkn_desktop.paths import Location, ServerAddress, db_location
from jkn_desktop.persistence import household_situation
from jkn_desktop.persistence.database import Database
from jkn_desktop.persistence.migrate import SCHEMA_HEAD, damaged_message
from jkn_desktop.persistence.work import Work
from jkn_desktop.persistence.writer_lock import WriterLock, acquire, os_user
from jkn_desktop.records.people import Actor

__all__ = ["Database", "DatabaseInUse", "damaged_message", "open_database", "os_user"]


def open_database(
    where: Location | str,
    *,
    holder: str | None = None,
    program: str = "",
    write: bool = True,
    take_over: bool = False,
) -> Database:
    """The database at ``where`` (a file, or a server's address: ``postgresql://…``),
    migrated and prepared.

    ``holder`` (who, as the office knows them) and ``program`` (what: "jendela JKN Desktop"):
    the writer lock is taken before anything touches the file, and refused with
    :class:`DatabaseInUse` when another program holds it. ``write`` keeps it until ``close()``;
    a reader (``write=False``) lets go of it once the file is migrated — and when another program
    holds it, reads beside that program (no migration, nothing prepared) —, then takes it at its
    first write job. ``take_over``: the user said the holder on another computer has gone (the
    takeover is audited). No ``holder``: no lock (tests, benchmarks, a file of one's own). A
    database on a server has no writer lock: the server keeps several people's work apart
    (``persistence.server``).
    """
    location = db_location(where) if isinstance(where, str) else where
    if holder is None or isinstance(location, ServerAddress):
        return _open(location)
    path = location
    claim = partial(acquire, path, holder, program, take_over=take_over)
    try:
        lock = claim()
    except DatabaseInUse as busy:
        if write:
            raise
        return _beside(path, busy, claim)
    try:
        db = _open(path, lock, claim)
        if lock is not None and lock.taken_over == "explicit":
            db.run(_note_takeover, lock, user=Actor.system(lock.holder.name))
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    if not write:
        db.release_lock()
    return db


def _open(
    location: Location,
    lock: WriterLock | None = None,
    claim: partial[WriterLock | None] | None = None,
) -> Database:
    try:
        db = Database(location, lock=lock, claim=claim)
    except DatabaseError:
        raise
    except OSError as exc:
        raise DatabaseError("DB_UNOPENABLE.os", path=location, reason=exc.strerror) from exc
    db.run(prepare)
    return db


def _beside(path: Path, busy: DatabaseInUse, claim: partial[WriterLock | None]) -> Database:
    """Read while another program writes: SQLite keeps each read job one consistent snapshot;
    the holder migrated the file, so only a file of this program's schema is read."""
    if not path.is_file():
        raise busy  # the holder is making it
    if _revision(path) != SCHEMA_HEAD:
        raise DatabaseInUse(
            "DB_IN_USE.version",
            name=str(busy.params.get("name", "program lain")),
            host=str(busy.params.get("host", "lain")),
        ) from busy
    return Database(path, migrate=False, claim=claim)


def _revision(path: Path) -> str | None:
    """The schema version of a file, read without opening it as ours (that reads tables this
    version has)."""
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    return str(row[0]) if row else None


def prepare(work: Work) -> None:
    """The region names in place; the coverage summary true (persistence.household_situation)."""
    from jkn_desktop.services.registry.regions import ensure_regions

    ensure_regions(work)
    household_situation.ensure(work.conn)


def _note_takeover(work: Work, lock: WriterLock) -> None:
    """The audit trail keeps an explicit takeover: whose lock, by whom, when."""
    from jkn_desktop.services import audit

    before = lock.replaced.describe() if lock.replaced else ""
    audit.note(
        work,
        action="lock_takeover",
        entity="database",
        entity_id=None,
        entity_key=work.location.name,
        changes={"holder": (before, lock.holder.describe())},
        reason="diambil alih atas konfirmasi pengguna: pemegang sebelumnya tidak bisa diperiksa",
    )
